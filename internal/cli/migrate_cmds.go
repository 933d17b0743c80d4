package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

func newMigrateCmd(s *settings) *cobra.Command {
	f := &dbFlags{s: s}
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply, revert and inspect migrations (like flask db upgrade/downgrade)",
		Long: `Run the numbered NNNNNN_name.up.sql / .down.sql files of the migrations folder
with golang-migrate. Each file runs in one transaction unless its first line is
"-- sqlmap:no-transaction".`,
	}
	// Without a RunE, cobra prints the help for `migrate upp` and exits
	// 0: a typo in a deploy script would skip its migrations silently.
	cmd.Args = cobra.ArbitraryArgs
	cmd.SuggestionsMinimumDistance = 2
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		if args[0] == "help" {
			// sqlmap migrate help up, as sqlmap help migrate up.
			target, rest, err := cmd.Find(args[1:])
			if err == nil && len(rest) == 0 {
				return target.Help()
			}
		}
		msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "; did you mean " + strings.Join(s, " or ") + "?"
		}
		return errors.New(msg + " (sqlmap migrate --help lists them)")
	}
	f.register(cmd, true)
	cmd.PersistentFlags().DurationVar(&f.lockTimeout, "lock-timeout", migrate.DefaultLockTimeout,
		"how long to wait for another migrate run to finish")
	cmd.PersistentFlags().DurationVar(&f.reconnectWait, "reconnect-wait", migrate.DefaultReconnectWait,
		"after losing the connection in the middle of a file, how long to try to reconnect to learn whether it committed")
	cmd.AddCommand(newUpCmd(f), newDownCmd(f), newGotoCmd(f), newForceCmd(f), newRecoverCmd(f),
		newVersionCmd(f), newStatusCmd(f), newHistoryCmd(f), newRenumberCmd(f))
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

// advise adds to a library error what the user can do about it: the
// library says what happened, the CLI which command comes next.
func (f *dbFlags) advise(err error) error {
	var (
		ie  *migrate.IrreversibleError
		me  *migrate.MigrationError
		de  *migrate.DirtyError
		oe  *migrate.OutOfOrderError
		ee  *migrate.EditedError
		ae  *migrate.AheadError
		lme *migrate.LedgerMismatchError
		se  *migrate.StoppedError
		lte *migrate.LockTimeoutError
		ce  *migrate.CountError
	)
	switch {
	case errors.As(err, &ie):
		up := strings.TrimSuffix(ie.File, ".down.sql") + ".up.sql"
		return fmt.Errorf("%w\n  write the SQL that undoes %s in %s,\n  or, to keep what it did and record it as reverted, run: sqlmap migrate force %s",
			err, up, filepath.Join(f.migrations, ie.File), forceArg(ie.Previous))
	case errors.As(err, &se):
		verb := "up"
		if se.Direction == migrate.DirDown {
			verb = "down"
		}
		return fmt.Errorf("%w\n  the database is clean; to go on, run: sqlmap migrate %s", err, verb)
	case errors.As(err, &me):
		switch {
		case me.NotRun:
			return err
		case me.Unknown:
			return fmt.Errorf("%w\n  once the server answers, run: sqlmap migrate recover (the ledger will tell whether it committed)", err)
		case me.InTransaction:
			if me.ConnectionLost && !me.Committed {
				return fmt.Errorf("%w\n  nothing is wrong with the file, it was cut off; to run it again, run: sqlmap migrate %s", err, me.Direction)
			}
			if me.Committed {
				return fmt.Errorf("%w\n  nothing to redo; to go on, run: sqlmap migrate %s", err, me.Direction)
			}
			return fmt.Errorf("%w\n  fix %s, then run: sqlmap migrate %s", err, filepath.Join(f.migrations, me.File), me.Direction)
		}
		return fmt.Errorf("%w\n%s", err, handFix(me.Direction, me.Label, me.Version, me.HasVersion))
	case errors.As(err, &de):
		if de.Recoverable() {
			return fmt.Errorf("%w\n  the ledger knows what committed; run: sqlmap migrate recover", err)
		}
		label := de.Label
		dir := migrate.DirUp
		for _, it := range de.Interrupted {
			if !it.InTransaction {
				label, dir = it.Label, it.Direction
			}
		}
		return fmt.Errorf("%w\n%s", err, handFix(dir, label, de.Version, de.HasVersion))
	case errors.As(err, &oe):
		v := oe.Migrations[0].Version
		return fmt.Errorf("%w\n  apply it below the later ones (recorded as out of order): sqlmap migrate up --allow-out-of-order\n  or give it the next free number, to apply after them: sqlmap migrate renumber %d", err, v)
	case errors.As(err, &ee):
		return fmt.Errorf("%w\n  restore the applied content (git checkout, say) and put changes in a new migration,\n  or run anyway: sqlmap migrate up --allow-edited", err)
	case errors.As(err, &ae):
		return fmt.Errorf("%w\n  check out the branch that has those files, or restore them; sqlmap migrate status lists what the database has", err)
	case errors.As(err, &lme):
		last := lme.Records[len(lme.Records)-1]
		return fmt.Errorf("%w\n  if those migrations were reverted, record it: sqlmap migrate force %s\n  if they are still there, record that: sqlmap migrate force %d",
			err, versionString(lme.Version, false, lme.HasVersion), last.Version)
	case errors.As(err, &lte):
		return fmt.Errorf("%w\n  wait for it and run again, or wait longer: --lock-timeout 1h", err)
	case errors.As(err, &ce):
		switch {
		case ce.Available == 0:
			return err
		case ce.Direction == migrate.DirDown:
			return fmt.Errorf("%w\n  to revert them: sqlmap migrate down %d (or down --all)", err, ce.Available)
		default:
			return fmt.Errorf("%w\n  to apply them: sqlmap migrate up", err)
		}
	}
	return err
}

// handFix is the advice for a file that ran statement by statement and
// stopped part-way: only a look at the database tells what to record.
func handFix(dir migrate.Direction, label string, v uint, ok bool) string {
	if dir == migrate.DirDown {
		return fmt.Sprintf("  check which of its statements ran, then finish or redo them by hand;\n  then record the result: sqlmap migrate force <the highest version still applied> (%s, if its revert is undone)", label)
	}
	return fmt.Sprintf("  check which of its statements ran (an index built CONCURRENTLY that failed stays INVALID: drop it), then finish or undo them by hand;\n  then record the result: sqlmap migrate force %s if %s is now fully applied, or the version below it if it is fully undone",
		versionString(v, false, ok), label)
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
	opts := []migrate.Option{migrate.WithDir(f.migrations), migrate.WithLockTimeout(f.lockTimeout), migrate.WithReconnectWait(f.reconnectWait)}
	if f.allowOutOfOrder {
		opts = append(opts, migrate.WithAllowOutOfOrder())
	}
	if f.allowEdited {
		opts = append(opts, migrate.WithAllowEdited())
	}
	if !f.quiet {
		opts = append(opts, migrate.WithProgress(func(e migrate.Event) {
			verb := "applied "
			if e.Direction == migrate.DirDown {
				verb = "reverted"
			}
			note := ""
			if e.OutOfOrder {
				note = ", out of order"
			}
			fmt.Fprintf(out, "%s %s (%s%s)\n", verb, e.Label, e.Duration.Round(100*time.Microsecond), note)
		}))
		opts = append(opts, migrate.WithLockWait(func(w migrate.LockWait) {
			if w.Holder != nil {
				fmt.Fprintf(errOut, "waiting for another migrate run: %s; waited %s\n", w.Holder, w.Waited.Round(time.Second))
			}
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

func (f *dbFlags) registerAllow(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.allowOutOfOrder, "allow-out-of-order", false,
		"apply migrations below the database's version that it lacks (merged from a branch late), recording them as out of order")
	cmd.Flags().BoolVar(&f.allowEdited, "allow-edited", false,
		"run although an applied file changed since it was applied")
}

func newUpCmd(f *dbFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "up [N]",
		Short: "Apply all pending migrations, or the next N",
		Long: `Apply the pending migrations in order, each recorded in sqlmap's ledger
(sqlmap_migrations) in the same transaction as its statements. It refuses, running
nothing, when the database is dirty, when a migration below the version was never
applied (merged from a branch late: see --allow-out-of-order and renumber), when an
applied file was edited (see --allow-edited), or when the database has migrations
the folder lacks. Another run holding the lock is waited for (--lock-timeout).`,
		Example: `  sqlmap migrate up
  sqlmap migrate up 1 --database-url postgres://localhost/app
  sqlmap migrate up --allow-out-of-order`,
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
	f.registerAllow(cmd)
	return cmd
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
				evs, err := mg.Down(ctx, n)
				// A plain down (like flask db downgrade) at the bottom
				// has nothing to do; a count given is a promise.
				var ce *migrate.CountError
				if len(args) == 0 && errors.As(err, &ce) && ce.Available == 0 {
					return nil, nil
				}
				return evs, err
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
	cmd := &cobra.Command{
		Use:   "goto V",
		Short: "Migrate up or down to version V (0 or none: revert them all)",
		Example: `  sqlmap migrate goto 3
  sqlmap migrate goto 0      # as down --all`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := parseVersion(args[0], true)
			if err != nil {
				return err
			}
			return f.withMigrator(cmd, "already there", func(ctx context.Context, mg *migrate.Migrator) ([]migrate.Event, error) {
				if v <= 0 {
					if _, ok := mg.Folder().Find(0); !ok {
						return mg.DownAll(ctx)
					}
				}
				return mg.Goto(ctx, uint(max(v, 0)))
			})
		},
	}
	f.registerAllow(cmd)
	return cmd
}

func newForceCmd(f *dbFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "force V",
		Short: "Record that exactly the migrations up to V are applied, running nothing (after fixing one by hand)",
		Long: `Record version V, clean, in golang-migrate's table, and make sqlmap's ledger agree:
every migration of the folder up to V applied (those it lacked marked forced), none
above. Nothing runs. For a migration that ran statement by statement and stopped
part-way, once you have finished or undone it by hand; for a run cut short in a
file that runs in one transaction, use sqlmap migrate recover instead: it needs no
guess.`,
		Example: `  sqlmap migrate force 2
  sqlmap migrate force head   # every migration of the folder applied (flask db stamp head)
  sqlmap migrate force none   # as if no migration had run (flask db stamp base)`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			head := args[0] == "head" || args[0] == "latest"
			v := 0
			if !head {
				var err error
				if v, err = parseVersion(args[0], true); err != nil {
					return fmt.Errorf("version %q: want a migration number, head or none", args[0])
				}
			}
			return f.withMigrator(cmd, "", func(ctx context.Context, mg *migrate.Migrator) ([]migrate.Event, error) {
				if head {
					ms := mg.Folder().Migrations
					if len(ms) == 0 {
						return nil, fmt.Errorf("force head: the folder %s has no migrations", f.migrations)
					}
					v = int(ms[len(ms)-1].Version)
				}
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
		Short: "List every migration as applied, pending or out of order, with the version, runs in progress and what a cut-short run left",
		Long: `List the folder's migrations against the database: applied, pending, not applied
(out of order), edited after it was applied; what the database has that the folder
lacks; a run in progress in another session; and, for a dirty database, what the
ledger knows of it. It writes nothing and takes no lock. It exits 1 when
sqlmap migrate up would refuse to run.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, url, err := f.status(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			printStatus(cmd.OutOrStdout(), st, redact(url), f.migrations)
			return f.statusVerdict(cmd.OutOrStdout(), st)
		},
	}
}

// printStatus lists the folder's migrations against the database.
func printStatus(out io.Writer, st *migrate.Status, url, dir string) {
	fmt.Fprintf(out, "database:   %s\n", url)
	fmt.Fprintf(out, "migrations: %s\n", dir)
	if st.Running() && st.Dirty {
		// golang-migrate's dirty mark of a run in progress.
		fmt.Fprintf(out, "version:    %s (a migration is being run)\n", versionString(st.Version, false, st.HasVersion))
	} else {
		fmt.Fprintf(out, "version:    %s\n", versionString(st.Version, st.Dirty, st.HasVersion))
	}
	stateText := func(m migrate.MigrationStatus) string {
		if m.State == migrate.StateOutOfOrder {
			return "not applied (out of order)"
		}
		return string(m.State)
	}
	width := 0
	for _, m := range st.Migrations {
		width = max(width, len(stateText(m)))
	}
	for _, m := range st.Migrations {
		state := stateText(m)
		var notes []string
		if m.Edited {
			notes = append(notes, "edited after it was applied: any change counts, whitespace too")
		}
		if m.Record != nil && m.Record.How == migrate.HowOutOfOrder && m.Applied {
			notes = append(notes, "applied out of order")
		}
		if c := m.NumberTakenBy; c != nil {
			notes = append(notes, fmt.Sprintf("its number is taken in the database by %s", c.Label(st.Width)))
		}
		if m.Irreversible {
			notes = append(notes, fmt.Sprintf("irreversible: %s has no statement", m.DownFile))
		}
		note := ""
		if len(notes) > 0 {
			note = "  (" + strings.Join(notes, "; ") + ")"
		}
		fmt.Fprintf(out, "  %-*s  %s%s\n", width, state, m.Label(st.Width), note)
	}
	if len(st.Migrations) == 0 {
		fmt.Fprintln(out, "  (no migrations)")
	}
	for _, r := range st.Missing {
		fmt.Fprintf(out, "  applied, file missing  %s  (in the database since %s; its files are not in the folder)\n",
			r.Label(st.Width), r.AppliedAt.Local().Format("2006-01-02 15:04"))
	}
	if st.VersionMissing {
		fmt.Fprintf(out, "  the database is at version %d, which the folder does not have\n", st.Version)
	}
	ooo := st.OutOfOrder()
	fmt.Fprintf(out, "%d applied, %d pending", len(st.Migrations)-st.Pending(), st.Pending())
	if len(ooo) > 0 {
		fmt.Fprintf(out, " (%d of them out of order)", len(ooo))
	}
	fmt.Fprintln(out)
}

// statusVerdict prints a run in progress, or returns why `up` would refuse.
func (f *dbFlags) statusVerdict(out io.Writer, st *migrate.Status) error {
	if h := st.Holder; h != nil {
		if h.Running != "" {
			fmt.Fprintf(out, "%s is being applied by another session: %s\n", h.Running, h)
		} else {
			fmt.Fprintf(out, "another session holds the migration lock: %s\n", h)
		}
		return nil
	}
	var errs []error
	if err := st.DirtyError(); err != nil {
		errs = append(errs, f.advise(err))
	}
	if st.Mismatch != nil {
		errs = append(errs, f.advise(st.Mismatch))
	}
	if err := st.AheadError(f.migrations); err != nil {
		errs = append(errs, f.advise(err))
	}
	if err := st.EditedError(); err != nil {
		errs = append(errs, f.advise(err))
	}
	if err := st.OutOfOrderError(); err != nil {
		errs = append(errs, f.advise(err))
	}
	if len(st.Problems) > 0 {
		errs = append(errs, &migrate.FolderError{Dir: f.migrations, Problems: st.Problems})
	}
	return errors.Join(errs...)
}

func newRecoverCmd(f *dbFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "recover",
		Short: "Settle a run that was cut short (killed, connection lost, server crashed) from sqlmap's ledger, running nothing",
		Long: `A migration that runs in one transaction writes its ledger row in that
transaction, so after any crash the ledger says whether its statements committed.
recover reads it, records the right version and clears the dirty mark; nothing
is run again. It refuses for a file that runs statement by statement
(sqlmap:no-transaction, or its own BEGIN/COMMIT) and stopped part-way, and for a
dirty mark the ledger has no record of: those need a look by hand, then force.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			mg, err := f.open(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer mg.Close()
			rec, err := mg.Recover(cmd.Context())
			if err != nil {
				return f.advise(err)
			}
			out := cmd.OutOrStdout()
			for _, it := range rec.Settled {
				fmt.Fprintln(out, it)
			}
			for _, m := range rec.Adopted {
				fmt.Fprintf(out, "recorded %s in the ledger (applied before sqlmap kept one, or by golang-migrate)\n", m.Label(mg.Folder().Width))
			}
			switch {
			case rec.WasDirty || len(rec.Settled) > 0:
				fmt.Fprintf(out, "recovered: the database is at version %s, clean; run sqlmap migrate up to go on\n", versionString(rec.Version, false, rec.HasVersion))
			default:
				fmt.Fprintf(out, "nothing to recover: the database is at version %s, clean\n", versionString(rec.Version, false, rec.HasVersion))
			}
			return nil
		},
	}
}

func newHistoryCmd(f *dbFlags) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List the migrations the database has applied, newest first, from sqlmap's ledger (like alembic history)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, _, err := f.status(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			return printHistory(cmd.OutOrStdout(), st, historyEntries(st), asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON, for scripts")
	return cmd
}

// historyEntry is one ledger row as history prints it.
type historyEntry struct {
	Version     uint      `json:"version"`
	Name        string    `json:"name"`
	State       string    `json:"state"`
	How         string    `json:"how"`
	AppliedAt   time.Time `json:"applied_at,omitzero"`
	DurationMS  float64   `json:"duration_ms"`
	AppliedBy   string    `json:"applied_by"`
	Application string    `json:"application"`
	Sqlmap      string    `json:"sqlmap_version"`
	Checksum    string    `json:"checksum"`
	File        string    `json:"file"` // ok, edited, missing, unknown
}

// historyEntries are the ledger's rows, newest first, each with what
// became of its file.
func historyEntries(st *migrate.Status) []historyEntry {
	files := map[uint]migrate.MigrationStatus{}
	for _, m := range st.Migrations {
		files[m.Version] = m
	}
	var entries []historyEntry
	for _, r := range st.Records {
		e := historyEntry{Version: r.Version, Name: r.Name, State: string(r.State), How: string(r.How), AppliedAt: r.AppliedAt,
			DurationMS: float64(r.Duration.Microseconds()) / 1000, AppliedBy: r.AppliedBy, Application: r.Application,
			Sqlmap: r.SqlmapVersion, Checksum: r.Checksum}
		m, ok := files[r.Version]
		switch {
		case !ok:
			e.File = "missing"
		case r.Checksum == "":
			e.File = "unknown"
		case m.Checksum != r.Checksum:
			e.File = "edited"
		default:
			e.File = "ok"
		}
		entries = append(entries, e)
	}
	sort.SliceStable(entries, func(i, j int) bool {
		if !entries[i].AppliedAt.Equal(entries[j].AppliedAt) {
			return entries[i].AppliedAt.After(entries[j].AppliedAt)
		}
		return entries[i].Version > entries[j].Version
	})
	return entries
}

// printHistory prints the entries as a table, or as JSON.
func printHistory(out io.Writer, st *migrate.Status, entries []historyEntry, asJSON bool) error {
	if asJSON {
		if entries == nil {
			entries = []historyEntry{}
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(entries)
	}
	if len(entries) == 0 {
		if st.HasVersion {
			fmt.Fprintf(out, "no ledger yet: the database is at version %d, migrated before sqlmap kept one; the next migrate command records it\n", st.Version)
		} else {
			fmt.Fprintln(out, "no migration applied")
		}
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tNAME\tAPPLIED AT\tDURATION\tBY\tFILE")
	for _, e := range entries {
		at := "-"
		if !e.AppliedAt.IsZero() {
			at = e.AppliedAt.Local().Format("2006-01-02 15:04:05")
		}
		dur := "-"
		if e.How == string(migrate.HowRun) || e.How == string(migrate.HowOutOfOrder) {
			dur = (time.Duration(e.DurationMS*1000) * time.Microsecond).Round(100 * time.Microsecond).String()
		}
		by := e.AppliedBy
		if e.Application != "" {
			by += " (" + e.Application + ")"
		}
		file := e.File
		if e.How != string(migrate.HowRun) {
			file += ", " + e.How
		}
		if e.State != string(migrate.RecordApplied) {
			file += ", " + e.State
		}
		fmt.Fprintf(tw, "%0*d\t%s\t%s\t%s\t%s\t%s\n", max(st.Width, 1), e.Version, e.Name, at, dur, by, file)
	}
	return tw.Flush()
}

func newRenumberCmd(f *dbFlags) *cobra.Command {
	return &cobra.Command{
		Use:     "renumber V",
		Short:   "Give the unapplied migration V the next free number, so it applies after the ones that ran before it was merged",
		Example: `  sqlmap migrate renumber 2   # 000002_t2 becomes 000004_t2 when 3 is applied`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := parseVersion(args[0], false)
			if err != nil {
				return err
			}
			st, _, err := f.status(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if len(st.Problems) > 0 {
				return &migrate.FolderError{Dir: f.migrations, Problems: st.Problems}
			}
			r, err := migrate.Renumber(f.migrations, st, uint(v))
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "renamed %s to %s\n", r.From, r.To)
			return nil
		},
	}
}
