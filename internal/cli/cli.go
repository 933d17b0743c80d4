// Package cli is the sqlmap command: flags and output only. Every
// behaviour lives in a library package with its own tests; this package
// turns flags into calls and results into lines, and is run in-process by
// its tests through [Run].
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sqlmap-go/sqlmap/internal/pglocal"
)

// ExitError carries an exit status other than 1 (diff-like commands use
// 1 for "differs" and 2 for "could not run").
type ExitError struct {
	Code int
	Err  error
	// Quiet is set when the output already said it all (diff's "they
	// differ"), so Run prints no error line.
	Quiet bool
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// Run runs the sqlmap command with args (without the program name) and
// returns the exit status: 0 on success, 1 on failure. Errors go to stderr,
// one clear line first, details after.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) && ee.Quiet {
		return ee.Code
	}
	fmt.Fprintln(stderr, "sqlmap: "+strings.TrimPrefix(err.Error(), "sqlmap: "))
	if ee != nil {
		return ee.Code
	}
	return 1
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "sqlmap",
		Short: "Named SQL queries and migrations drafted from Go models, for PostgreSQL",
		Long: `sqlmap keeps an application's SQL in .sql files of named queries, runs its
numbered migrations, and drafts new migrations from its Go models.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(newInitCmd(), newMigrateCmd(), newNewMigrationCmd(), newDiffCmd(), newVetCmd(), newQueriesCmd())
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		if c.Name() == "force" && strings.Contains(err.Error(), "-1") {
			err = fmt.Errorf("%w: to record that no migration is applied (golang-migrate's force -1), write sqlmap migrate force none", err)
		}
		return &ExitError{Code: usageCode(c), Err: err}
	})
	markUsageErrors(root)
	return root
}

// usageExit annotates the commands whose exit status 1 reports a finding
// (diff: the schemas differ; vet: a query fails): a command line they
// refuse exits 2, with their other errors, so that a script cannot take a
// typo for a finding. Elsewhere it exits 1.
const usageExit = "sqlmap-usage-exit"

func usageCode(c *cobra.Command) int {
	for ; c != nil; c = c.Parent() {
		if c.Annotations[usageExit] == "2" {
			return 2
		}
	}
	return 1
}

// markUsageErrors gives the arguments a command refuses (too many, too
// few) the command's usage exit status.
func markUsageErrors(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return &ExitError{Code: usageCode(cmd), Err: err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		markUsageErrors(sub)
	}
}

// dbFlags are the flags every command that talks to a database shares.
type dbFlags struct {
	migrations  string
	databaseURL string
	quiet       bool
	// For migrate only.
	lockTimeout     time.Duration
	reconnectWait   time.Duration
	allowOutOfOrder bool
	allowEdited     bool
}

func (f *dbFlags) register(cmd *cobra.Command, withDB bool) {
	cmd.PersistentFlags().StringVar(&f.migrations, "migrations", envOr("migrations", "SQLMAP_MIGRATIONS"),
		"migrations folder (env SQLMAP_MIGRATIONS)")
	if withDB {
		// Not defaulted from the environment: help would print the
		// default, password included.
		cmd.PersistentFlags().StringVar(&f.databaseURL, "database-url", "",
			"PostgreSQL URL (default: env SQLMAP_DATABASE_URL, else DATABASE_URL)")
	}
	cmd.PersistentFlags().BoolVarP(&f.quiet, "quiet", "q", false, "print only errors")
}

func (f *dbFlags) url() (string, error) {
	if f.databaseURL == "" {
		f.databaseURL = envOr("", "SQLMAP_DATABASE_URL", "DATABASE_URL")
	}
	if f.databaseURL == "" {
		return "", errors.New("no database URL: pass --database-url, or set SQLMAP_DATABASE_URL or DATABASE_URL")
	}
	return f.databaseURL, nil
}

// folder is the migrations folder, checked to exist, with the advice a
// user without one needs.
func (f *dbFlags) folder() (fs.FS, error) {
	if _, err := os.Stat(f.migrations); err != nil {
		return nil, fmt.Errorf("migrations folder: %w (create it with sqlmap init, or pass --migrations)", err)
	}
	return os.DirFS(f.migrations), nil
}

func envOr(def string, names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return def
}

// redact hides the password of a URL before it is printed.
func redact(url string) string { return pglocal.Redact(url) }
