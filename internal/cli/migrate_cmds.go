package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

func newMigrateCmd() *cobra.Command {
	f := &dbFlags{}
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply, revert and inspect migrations (like flask db upgrade/downgrade)",
		Long: `Run the numbered NNNNNN_name.up.sql / .down.sql files of the migrations folder
with golang-migrate. Each file runs in one transaction unless its first line is
"-- sqlmap:no-transaction".`,
	}
	f.register(cmd, true)
	cmd.AddCommand(newUpCmd(f), newDownCmd(f), newGotoCmd(f), newForceCmd(f), newVersionCmd(f), newStatusCmd(f))
	return cmd
}

// finishInterrupted completes or clears what a sqlmap killed while
// writing the migrations folder left there, before a command reads it,
// and says what it did on stderr (even with -q: it changed files). A
// missing folder is left for the command to report, with its advice.
func (f *dbFlags) finishInterrupted(errOut io.Writer) error {
	if _, err := os.Stat(f.migrations); err != nil {
		return nil
	}
	done, err := migrate.FinishInterrupted(f.migrations)
	for _, r := range done {
		fmt.Fprintln(errOut, r)
	}
	var ie *migrate.InterruptedWriteError
	if errors.As(err, &ie) {
		return fmt.Errorf("%w\n  compare them, keep what you want under the name %s and delete the temporary files; sqlmap does not delete a file it did not write",
			err, strings.Join(ie.Replaced, ", "))
	}
	return err
}

// advise adds to a library error what the user can do about it.
func (f *dbFlags) advise(err error) error {
	var ie *migrate.IrreversibleError
	if errors.As(err, &ie) {
		up := strings.TrimSuffix(ie.File, ".down.sql") + ".up.sql"
		return fmt.Errorf("%w\n  write the SQL that undoes %s in %s,\n  or, to keep what it did and record it as reverted, run: sqlmap migrate force %s",
			err, up, filepath.Join(f.migrations, ie.File), forceArg(ie.Previous))
	}
	return err
}

func forceArg(v int) string {
	if v < 0 {
		return "none"
	}
	return strconv.Itoa(v)
}

// open checks the folder and connects, printing progress unless -q.
func (f *dbFlags) open(ctx context.Context, out, errOut io.Writer) (*migrate.Migrator, error) {
	url, err := f.url()
	if err != nil {
		return nil, err
	}
	opts := []migrate.Option{migrate.WithDir(f.migrations)}
	if !f.quiet {
		opts = append(opts, migrate.WithProgress(func(e migrate.Event) {
			verb := "applied "
			if e.Direction == migrate.DirDown {
				verb = "reverted"
			}
			fmt.Fprintf(out, "%s %s (%s)\n", verb, e.Label, e.Duration.Round(100*time.Microsecond))
		}))
	}
	fsys, err := f.folder()
	if err != nil {
		return nil, err
	}
	if err := f.finishInterrupted(errOut); err != nil {
		return nil, err
	}
	return migrate.Open(ctx, url, fsys, opts...)
}

// withMigrator opens the folder and database, runs step, and reports where
// the database ended up (nothing says what to print when step did nothing).
func (f *dbFlags) withMigrator(cmd *cobra.Command, nothing string, step func(ctx context.Context, mg *migrate.Migrator) ([]migrate.Event, error)) error {
	mg, err := f.open(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer mg.Close()
	evs, err := step(cmd.Context(), mg)
	if err != nil {
		return f.advise(err)
	}
	return f.report(cmd.Context(), cmd.OutOrStdout(), mg, evs, nothing)
}

func parseCount(args []string, def int) (int, error) {
	if len(args) == 0 {
		return def, nil
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 {
		return 0, fmt.Errorf("count %q: want a whole number of at least 1", args[0])
	}
	return n, nil
}

func (f *dbFlags) report(ctx context.Context, out io.Writer, mg *migrate.Migrator, evs []migrate.Event, nothing string) error {
	if f.quiet {
		return nil
	}
	v, dirty, ok, err := mg.Version(ctx)
	if err != nil {
		return err
	}
	if len(evs) == 0 {
		fmt.Fprintf(out, "%s: ", nothing)
	}
	fmt.Fprintf(out, "database is at version %s\n", versionString(v, dirty, ok))
	return nil
}

func versionString(v uint, dirty, ok bool) string {
	switch {
	case !ok:
		return "none"
	case dirty:
		return fmt.Sprintf("%d (dirty)", v)
	}
	return strconv.FormatUint(uint64(v), 10)
}

func newUpCmd(f *dbFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "up [N]",
		Short: "Apply all pending migrations, or the next N",
		Example: `  sqlmap migrate up
  sqlmap migrate up 1 --database-url postgres://localhost/app`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := parseCount(args, 0)
			if err != nil {
				return err
			}
			return f.withMigrator(cmd, "nothing to apply", func(ctx context.Context, mg *migrate.Migrator) ([]migrate.Event, error) {
				return mg.Up(ctx, n)
			})
		},
	}
}

func newDownCmd(f *dbFlags) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "down [N]",
		Short: "Revert the last migration, the last N, or --all",
		Example: `  sqlmap migrate down        # one step, like flask db downgrade
  sqlmap migrate down 3
  sqlmap migrate down --all`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if all && len(args) > 0 {
				return fmt.Errorf("down: give a count or --all, not both")
			}
			n, err := parseCount(args, 1)
			if err != nil {
				return err
			}
			return f.withMigrator(cmd, "nothing to revert", func(ctx context.Context, mg *migrate.Migrator) ([]migrate.Event, error) {
				if all {
					return mg.DownAll(ctx)
				}
				return mg.Down(ctx, n)
			})
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "revert every applied migration")
	return cmd
}

func parseVersion(s string, allowNone bool) (int, error) {
	if allowNone && (s == "none" || s == "-1") {
		return -1, nil
	}
	v, err := strconv.ParseUint(s, 10, 0)
	if err != nil {
		if allowNone {
			return 0, fmt.Errorf("version %q: want a migration number, or none", s)
		}
		return 0, fmt.Errorf("version %q: want a migration number", s)
	}
	return int(v), nil
}

func newGotoCmd(f *dbFlags) *cobra.Command {
	return &cobra.Command{
		Use:     "goto V",
		Short:   "Migrate up or down to version V",
		Example: `  sqlmap migrate goto 3`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := parseVersion(args[0], false)
			if err != nil {
				return err
			}
			return f.withMigrator(cmd, "already there", func(ctx context.Context, mg *migrate.Migrator) ([]migrate.Event, error) {
				return mg.Goto(ctx, uint(v))
			})
		},
	}
}

func newForceCmd(f *dbFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "force V",
		Short: "Record version V and clear the dirty flag, running nothing (after fixing a failed migration)",
		Example: `  sqlmap migrate force 2
  sqlmap migrate force none   # as if no migration had run`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := parseVersion(args[0], true)
			if err != nil {
				return err
			}
			return f.withMigrator(cmd, "", func(ctx context.Context, mg *migrate.Migrator) ([]migrate.Event, error) {
				// One event stands for the forced version, so the report
				// does not say "nothing to do".
				return []migrate.Event{{}}, mg.Force(ctx, v)
			})
		},
	}
}

// status reads the folder and the database's version without running
// anything, and without stopping at folder problems.
func (f *dbFlags) status(ctx context.Context, errOut io.Writer) (*migrate.Status, string, error) {
	url, err := f.url()
	if err != nil {
		return nil, "", err
	}
	fsys, err := f.folder()
	if err != nil {
		return nil, "", err
	}
	if err := f.finishInterrupted(errOut); err != nil {
		return nil, "", err
	}
	st, err := migrate.ReadStatus(ctx, url, fsys)
	return st, url, err
}

func newVersionCmd(f *dbFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the database's migration version (with dirty when dirty), or none",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, _, err := f.status(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			v := versionString(st.Version, false, st.HasVersion)
			if st.Dirty {
				v += " dirty"
			}
			fmt.Fprintln(cmd.OutOrStdout(), v)
			return nil
		},
	}
}

func newStatusCmd(f *dbFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "List every migration as applied or pending, the version, the dirty state and folder problems",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, url, err := f.status(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "database:   %s\n", redact(url))
			fmt.Fprintf(out, "migrations: %s\n", f.migrations)
			fmt.Fprintf(out, "version:    %s\n", versionString(st.Version, st.Dirty, st.HasVersion))
			for _, m := range st.Migrations {
				state := "pending"
				if m.Applied {
					state = "applied"
				}
				if st.Dirty && m.Version == st.Version {
					state = "DIRTY  "
				}
				note := ""
				if m.Irreversible {
					note = fmt.Sprintf("  (irreversible: %s has no statement)", m.DownFile)
				}
				fmt.Fprintf(out, "  %s  %s%s\n", state, m.Label(st.Width), note)
			}
			if len(st.Migrations) == 0 {
				fmt.Fprintln(out, "  (no migrations)")
			}
			fmt.Fprintf(out, "%d applied, %d pending\n", len(st.Migrations)-st.Pending(), st.Pending())
			if err := st.DirtyError(); err != nil {
				return err
			}
			if len(st.Problems) > 0 {
				return &migrate.FolderError{Dir: f.migrations, Problems: st.Problems}
			}
			return nil
		},
	}
}
