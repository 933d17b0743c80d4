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

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/spf13/cobra"

	"github.com/sqlmap-go/sqlmap/internal/pglocal"
	"github.com/sqlmap-go/sqlmap/internal/project"
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
	return RunWith(ctx, Options{}, args, stdout, stderr)
}

// Options are what a run reads from its surroundings; tests set them
// instead of changing the process's working folder and environment.
type Options struct {
	// Dir is where the project file is looked for (and up from there);
	// default: the working folder. Relative paths are still opened from
	// the working folder.
	Dir string
	// Getenv reads the environment; default: os.Getenv.
	Getenv func(string) string
}

// RunWith is Run with opts.
func RunWith(ctx context.Context, opts Options, args []string, stdout, stderr io.Writer) int {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	root := newRoot(loadSettings(opts.Dir, opts.Getenv), stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) && ee.Quiet {
		return ee.Code
	}
	fmt.Fprintln(stderr, "sqlmap: "+strings.TrimPrefix(message(err), "sqlmap: "))
	if ee != nil {
		return ee.Code
	}
	return 1
}

func newRoot(s *settings, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "sqlmap",
		Short: "Named SQL queries and migrations drafted from Go models, for PostgreSQL",
		Long: `sqlmap keeps an application's SQL in .sql files of named queries, runs its
numbered migrations, and drafts new migrations from its Go models.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			// Completion works in a folder whose project file is broken:
			// a shell's start-up script must not fail there.
			if p := cmd.CommandPath(); strings.HasPrefix(p, "sqlmap completion") || strings.HasPrefix(p, "sqlmap __complete") {
				return nil
			}
			if err := s.check(); err != nil {
				return &ExitError{Code: usageCode(cmd), Err: err}
			}
			return nil
		},
	}
	root.SetVersionTemplate("sqlmap {{.Version}}\n")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newInitCmd(s), newMigrateCmd(s), newNewMigrationCmd(s), newDiffCmd(s), newVetCmd(s), newQueriesCmd(s), newConfigCmd(s), newModelsCmd(s))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		path := strings.TrimPrefix(c.CommandPath(), "sqlmap ")
		switch {
		case c.Name() == "force" && strings.Contains(err.Error(), "-1"):
			err = fmt.Errorf("%s: %w: to record that no migration is applied (golang-migrate's force -1), write sqlmap migrate force none", path, err)
		case c != c.Root():
			err = fmt.Errorf("%s: %w (sqlmap %s --help lists its flags)", path, err, path)
		}
		return &ExitError{Code: usageCode(c), Err: err}
	})
	root.SetHelpCommand(newHelpCmd(root))
	enableCompletion(root)
	markUsageErrors(root)
	return root
}

// newHelpCmd is cobra's help command, but a topic it does not know is an
// error (exit 1), not a usage printed with exit 0.
func newHelpCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || len(rest) > 0 || target == nil {
				return fmt.Errorf("help: no command %q (sqlmap --help lists them)", strings.Join(args, " "))
			}
			return target.Help()
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			target, _, err := root.Find(args)
			if err != nil || target == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []string
			for _, c := range target.Commands() {
				if c.IsAvailableCommand() {
					names = append(names, c.Name()+"\t"+c.Short)
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
	}
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
				return &ExitError{Code: usageCode(cmd), Err: argsError(cmd, args, err)}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		markUsageErrors(sub)
	}
}

// argsError says which command refused its arguments, and how it is
// used: cobra's "accepts 1 arg(s), received 0" names neither, and its
// "unknown command" for an argument to a command without subcommands
// suggests a typo that is not there.
func argsError(cmd *cobra.Command, args []string, err error) error {
	msg := err.Error()
	if !cmd.HasSubCommands() && strings.HasPrefix(msg, "unknown command") {
		msg = fmt.Sprintf("takes no arguments, got %q", strings.Join(args, " "))
	}
	if strings.HasPrefix(msg, cmd.Name()+":") {
		return err // the command's own message
	}
	return fmt.Errorf("%s: %s (usage: %s)", strings.TrimPrefix(cmd.CommandPath(), "sqlmap "), msg, strings.TrimSuffix(cmd.UseLine(), " [flags]"))
}

// dbFlags are the flags every command that talks to a database shares.
type dbFlags struct {
	s           *settings
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
	m := f.s.lookup("migrations", "SQLMAP_MIGRATIONS", "migrations")
	cmd.PersistentFlags().StringVar(&f.migrations, "migrations", m.value, f.s.help("migrations folder", m, "SQLMAP_MIGRATIONS", "migrations"))
	if withDB {
		// Not defaulted from the environment: help would print the
		// default, password included.
		cmd.PersistentFlags().StringVar(&f.databaseURL, "database-url", "",
			"PostgreSQL URL (default: env SQLMAP_DATABASE_URL, else DATABASE_URL, else either in the .env file next to "+project.FileName+")")
	}
	cmd.PersistentFlags().BoolVarP(&f.quiet, "quiet", "q", false, "print only errors")
}

func (f *dbFlags) url() (string, error) {
	if f.databaseURL == "" {
		v, err := f.s.databaseURL()
		if err != nil {
			return "", err
		}
		f.databaseURL = v.value
	}
	if f.databaseURL == "" {
		return "", &noURLError{f.s.noURLAdvice()}
	}
	return f.databaseURL, checkURL(f.databaseURL)
}

// checkURL refuses a URL of another database before pgx mangles it into
// a confusing error (mysql://u:p@h reads as a host "mysql").
func checkURL(url string) error {
	scheme, _, ok := strings.Cut(url, "://")
	if !ok {
		return nil // a key=value connection string: pgx reads those too
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		return nil
	}
	if strings.ContainsAny(scheme, " =") {
		return nil
	}
	return fmt.Errorf("%s:// is not a PostgreSQL URL: sqlmap works with PostgreSQL URLs (postgres:// or postgresql://)", scheme)
}

// noURLError is the absence of a database URL, which vet answers with a
// throwaway server where other commands stop.
type noURLError struct{ msg string }

func (e *noURLError) Error() string { return e.msg }

// folder is the migrations folder, checked to exist, with the advice a
// user without one needs.
func (f *dbFlags) folder() (fs.FS, error) {
	if _, err := os.Stat(f.migrations); err != nil {
		return nil, fmt.Errorf("migrations folder: %w (create it with sqlmap init, or pass --migrations)", err)
	}
	return os.DirFS(f.migrations), nil
}

// redact hides the password of a URL before it is printed.
func redact(url string) string { return pglocal.Redact(url) }

// message is err as the user reads it: pgx's connect error lists each
// attempt (sslmode=prefer tries TLS, then plain), which for a server
// that is not there says the same thing twice; and a refused connection
// gets the question to ask.
func message(err error) string {
	lines := strings.Split(err.Error(), "\n")
	out := lines[:1]
	for _, l := range lines[1:] {
		if l != out[len(out)-1] {
			out = append(out, l)
		}
	}
	msg := strings.Join(out, "\n")
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && strings.Contains(msg, "connection refused") {
		msg += "\n  is PostgreSQL running there? sqlmap config shows the database URL in use and where it came from"
	}
	return msg
}

// relabeled is an error of an internal package said without the
// package's name (pglocal: means nothing to a user); errors.As still
// finds what it wraps.
type relabeled struct {
	msg string
	err error
}

func (e *relabeled) Error() string { return e.msg }
func (e *relabeled) Unwrap() error { return e.err }

func relabel(err error) error {
	return &relabeled{strings.ReplaceAll(err.Error(), "pglocal: ", ""), err}
}
