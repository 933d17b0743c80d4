package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

func newNewMigrationCmd() *cobra.Command {
	f := &dbFlags{}
	var empty bool
	cmd := &cobra.Command{
		Use:   "new-migration NAME",
		Short: "Write the next numbered pair of migration files",
		Long: `Write the next numbered NNNNNN_name.up.sql / .down.sql pair in the migrations
folder: the number is the highest one plus 1, with as many digits as the folder
already uses (6 in an empty folder). Both files are written or neither, and an
existing file is never overwritten.`,
		Example: `  sqlmap new-migration add_email --empty`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !empty {
				return errors.New("new-migration: drafting from models is not available yet: pass --empty to write an empty pair to fill in")
			}
			pair, err := migrate.NextPair(f.migrations, args[0])
			if err != nil {
				return err
			}
			up := fmt.Sprintf("-- Migration %d: %s (up).\n-- Write the SQL here; an up file with no statement is refused by migrate.\n", pair.Version, pair.Name)
			down := fmt.Sprintf("-- Migration %d: %s (down): undo what the up file does, in reverse order.\n", pair.Version, pair.Name)
			if err := pair.Write([]byte(up), []byte(down)); err != nil {
				return err
			}
			if !f.quiet {
				fmt.Fprintf(cmd.OutOrStdout(), "created %s\ncreated %s\n", pair.UpPath, pair.DownPath)
			}
			return nil
		},
	}
	f.register(cmd, false)
	cmd.Flags().BoolVar(&empty, "empty", false, "write an empty pair instead of drafting from the models")
	return cmd
}
