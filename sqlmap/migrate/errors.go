package migrate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// The errors a program may act on, matched with errors.Is.
var (
	// ErrDirty: a run was cut short, or a file run statement by
	// statement failed; see [*DirtyError].
	ErrDirty = errors.New("migrate: database is dirty")
	// ErrIrreversible: a down file on the way has no statement.
	ErrIrreversible = errors.New("migrate: down file has no statement")
	// ErrOutOfOrder: a migration below the version is not applied.
	ErrOutOfOrder = errors.New("migrate: migration out of order")
	// ErrEdited: an applied file changed since.
	ErrEdited = errors.New("migrate: applied file edited")
	// ErrAhead: the database has migrations the folder lacks.
	ErrAhead = errors.New("migrate: database ahead of the folder")
)

func versionText(v uint, ok bool) string {
	if !ok {
		return "none"
	}
	return fmt.Sprint(v)
}

// MigrationError is a migration file that failed, and what the database
// holds now: for a file run in one transaction the ledger says for
// certain whether it committed, and the version is recorded clean either
// way; a file run statement by statement leaves the database dirty.
type MigrationError struct {
	Direction Direction
	Label     string // such as 000002_add_email
	// File is the failing file and Line the line PostgreSQL pointed at (0
	// when it gave no position).
	File string
	Line int
	// InTransaction: it ran in one transaction; OwnTransactions: it has
	// its own BEGIN/COMMIT, so what of it committed is unknown.
	InTransaction   bool
	OwnTransactions bool
	// For a file run statement by statement: how many it has, how many
	// finished, and the one that failed (text and first line).
	Statements     int
	StatementsDone int
	Statement      string
	StatementLine  int
	// NotRun: the failure came before the file ran (writing the ledger).
	NotRun bool
	// ConnectionLost: the connection broke while the file ran;
	// Committed then says what the ledger showed after reconnecting,
	// unless Unknown (reconnecting failed, ReconnectErr says why).
	ConnectionLost bool
	Committed      bool
	Unknown        bool
	ReconnectErr   error
	// Version is where the database is now; Dirty when it is left
	// marked dirty.
	Version    uint
	HasVersion bool
	Dirty      bool
	// Stopped: the run was cancelled (ctx) and this file with it.
	Stopped bool
	Err     error
}

func (e *MigrationError) Error() string {
	var b strings.Builder
	pos := e.File
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	cause := e.Err
	switch {
	case e.ConnectionLost:
		fmt.Fprintf(&b, "migrate: %s: the connection to the server was lost while it ran (%v)", e.File, cause)
	case e.Statement != "" && e.Line == 0:
		fmt.Fprintf(&b, "migrate: %s: statement %d (line %d: %s) failed: %v", e.File, e.StatementsDone+1, e.StatementLine, firstLine(e.Statement), cause)
	default:
		fmt.Fprintf(&b, "migrate: %s failed: %v", pos, cause)
	}
	var pgErr *pgconn.PgError
	if errors.As(e.Err, &pgErr) && pgErr.Code == "25001" {
		fmt.Fprintf(&b, "\n  this statement cannot run in a transaction: make %q the first line of the file", NoTransactionDirective)
	}
	undone := "applied"
	if e.Direction == DirDown {
		undone = "reverted"
	}
	at := versionText(e.Version, e.HasVersion)
	switch {
	case e.NotRun:
		b.WriteString("\n  nothing of it was run")
	case e.Unknown:
		fmt.Fprintf(&b, "\n  whether it committed is unknown: reconnecting failed (%v); the database is marked dirty", e.ReconnectErr)
	case e.InTransaction && e.Committed:
		fmt.Fprintf(&b, "\n  it ran in one transaction, and the ledger shows it committed: it is %s; the database is at version %s", undone, at)
	case e.InTransaction:
		fmt.Fprintf(&b, "\n  it ran in one transaction and rolled back: nothing of it was %s; the database is at version %s", undone, at)
	case e.OwnTransactions:
		fmt.Fprintf(&b, "\n  it has its own BEGIN/COMMIT, so what of it committed is unknown; the database is marked dirty at version %s", at)
	default:
		fmt.Fprintf(&b, "\n  it runs statement by statement (sqlmap:no-transaction): %d of %d statement(s) finished and stay %s; the database is marked dirty at version %s",
			e.StatementsDone, e.Statements, undone, at)
	}
	return b.String()
}

func (e *MigrationError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrDirty) true when the failure left the
// database dirty.
func (e *MigrationError) Is(target error) bool {
	return target == ErrDirty && (e.Dirty || e.Unknown)
}

// DirtyError is a run refused because golang-migrate's version is marked
// dirty, with what sqlmap's ledger knows of it.
type DirtyError struct {
	Version    uint
	HasVersion bool
	// Interrupted are the migrations a run left unfinished, as the ledger
	// has them.
	Interrupted []*Interrupted
	// Committed: the ledger shows the migration at Version committed;
	// only golang-migrate's clean mark is missing.
	Committed bool
	Label     string
	// Known: the ledger explains the dirty mark (a sqlmap run left it);
	// otherwise golang-migrate's CLI, or a run before the ledger
	// existed, did.
	Known bool
}

// Recoverable reports whether [Migrator.Recover] settles it without a
// guess: every unfinished file ran in one transaction.
func (e *DirtyError) Recoverable() bool {
	if !e.Known {
		return false
	}
	for _, it := range e.Interrupted {
		if !it.InTransaction {
			return false
		}
	}
	return true
}

func (e *DirtyError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "migrate: the database is marked dirty at version %s: a run was cut short or failed; nothing was run", versionText(e.Version, e.HasVersion))
	switch {
	case e.Committed && len(e.Interrupted) == 0:
		fmt.Fprintf(&b, "\n  %s committed (the ledger has it); only the clean mark is missing: nothing to redo", e.Label)
	case !e.Known:
		b.WriteString("\n  sqlmap's ledger has no record of the run that marked it: golang-migrate's CLI, or a run before sqlmap kept a ledger, did")
	}
	for _, it := range e.Interrupted {
		b.WriteString("\n  ")
		b.WriteString(it.String())
	}
	return b.String()
}

// Is makes errors.Is(err, ErrDirty) true.
func (e *DirtyError) Is(target error) bool { return target == ErrDirty }

func newDirtyError(v *view) *DirtyError {
	e := &DirtyError{Version: v.db.version, HasVersion: v.db.hasVersion, Interrupted: v.interrupted()}
	if m, ok := v.folder.Find(v.db.version); ok && v.db.hasVersion {
		e.Label = m.Label(v.folder.Width)
	}
	if r := v.db.records[v.db.version]; r != nil && v.db.hasVersion {
		e.Label = r.Label(v.folder.Width)
		e.Committed = r.State == RecordApplied
	}
	e.Known = len(e.Interrupted) > 0 || e.Committed
	return e
}

// StoppedError is a run stopped by its context (Ctrl-C, SIGTERM): what it
// did before, and the file it abandoned, if any.
type StoppedError struct {
	Direction Direction
	Done      []Event
	// Abandoned is the file that was running, cancelled and rolled
	// back; nil when it stopped between two files.
	Abandoned *MigrationError
	// Pending counts the migrations it did not get to, the abandoned one
	// included.
	Pending int
	Err     error
}

func (e *StoppedError) Error() string {
	verb := "applying"
	if e.Direction == DirDown {
		verb = "reverting"
	}
	var b strings.Builder
	b.WriteString("migrate: stopped")
	if e.Err != nil {
		fmt.Fprintf(&b, " (%v)", e.Err)
	}
	if len(e.Done) == 0 {
		fmt.Fprintf(&b, " before %s anything", verb)
	} else {
		var labels []string
		for _, ev := range e.Done {
			labels = append(labels, ev.Label)
		}
		fmt.Fprintf(&b, " after %s %s", verb, strings.Join(labels, ", "))
	}
	if e.Abandoned != nil {
		fmt.Fprintf(&b, "; %s was cancelled and rolled back, nothing of it changed", e.Abandoned.Label)
	}
	fmt.Fprintf(&b, "; %d pending", e.Pending)
	return b.String()
}

func (e *StoppedError) Unwrap() error { return e.Err }

// IrreversibleError is a revert refused because a down file on its way
// has no statement (empty, or only comments): golang-migrate would run it
// and record the version below, leaving everything the up file did. The
// whole way down is checked before the first file runs, so nothing was
// reverted.
type IrreversibleError struct {
	// File is the down file, such as 000002_add_t.down.sql, and Label
	// its migration, such as 000002_add_t.
	File    string
	Label   string
	Version uint
	// Previous is the version below, which recording by hand (Force)
	// marks the migration reverted without running it: -1 for none.
	Previous int
}

func (e *IrreversibleError) Error() string {
	return fmt.Sprintf("migrate: %s has no statement: it cannot be reverted", e.File)
}

// Is makes errors.Is(err, ErrIrreversible) true.
func (e *IrreversibleError) Is(target error) bool { return target == ErrIrreversible }

// OutOfOrderError is Up refused because migrations below the highest one
// applied are not applied: typically merged from a branch after later
// ones ran. Nothing was run.
type OutOfOrderError struct {
	Migrations []*Migration
	// Version is the highest applied.
	Version uint
	Width   int
}

func (e *OutOfOrderError) Error() string {
	var labels []string
	for _, m := range e.Migrations {
		labels = append(labels, m.Label(e.Width))
	}
	return fmt.Sprintf("migrate: %s not applied, but the database has a later migration (version %d): merged after it ran? nothing was run",
		strings.Join(labels, ", ")+map[bool]string{true: " is", false: " are"}[len(labels) == 1], e.Version)
}

// Is makes errors.Is(err, ErrOutOfOrder) true.
func (e *OutOfOrderError) Is(target error) bool { return target == ErrOutOfOrder }

// EditedError is Up refused because applied files changed since they were
// applied (any byte counts, whitespace too). Nothing was run.
type EditedError struct {
	Migrations []*Migration
	Width      int
}

func (e *EditedError) Error() string {
	var files []string
	for _, m := range e.Migrations {
		files = append(files, m.UpFile)
	}
	return fmt.Sprintf("migrate: %s changed after it was applied (any change counts, whitespace too); nothing was run", strings.Join(files, ", "))
}

// Is makes errors.Is(err, ErrEdited) true.
func (e *EditedError) Is(target error) bool { return target == ErrEdited }

// AheadError is a run refused because the database has migrations the
// folder lacks: an older checkout, another branch, a deleted file.
type AheadError struct {
	// Version is golang-migrate's; VersionMissing when the folder lacks it.
	Version        uint
	VersionMissing bool
	// Missing are ledger rows whose files the folder lacks.
	Missing []*Record
	Latest  uint
	Dir     string
	Width   int
}

func (e *AheadError) Error() string {
	var b strings.Builder
	if e.VersionMissing {
		fmt.Fprintf(&b, "migrate: the database has version %d, which the %s folder lacks (its newest is %d): is this an older checkout?", e.Version, e.Dir, e.Latest)
	} else {
		fmt.Fprintf(&b, "migrate: the database has migrations the %s folder lacks: is this an older checkout?", e.Dir)
	}
	for _, r := range e.Missing {
		fmt.Fprintf(&b, "\n  %s is applied (%s), but its files are not in the folder", r.Label(e.Width), r.AppliedAt.Local().Format("2006-01-02 15:04"))
	}
	b.WriteString("\n  nothing was run")
	return b.String()
}

// Is makes errors.Is(err, ErrAhead) true.
func (e *AheadError) Is(target error) bool { return target == ErrAhead }

// LedgerMismatchError: golang-migrate's version is below migrations the
// ledger records as applied. Something outside sqlmap lowered it
// (golang-migrate's force, or its down), and nothing tells which: after
// a down the files were reverted, after a force they were not. Nothing
// was run.
type LedgerMismatchError struct {
	Version    uint
	HasVersion bool
	Records    []*Record
	Width      int
}

func (e *LedgerMismatchError) Error() string {
	var labels []string
	for _, r := range e.Records {
		labels = append(labels, r.Label(e.Width))
	}
	return fmt.Sprintf("migrate: golang-migrate's version is %s, but sqlmap's ledger has %s applied: the version was changed outside sqlmap (golang-migrate's force or down); nothing was run",
		versionText(e.Version, e.HasVersion), strings.Join(labels, ", "))
}

// CountError is an Up or Down asked for more migrations than there are
// to apply or revert. Nothing ran: a script's "down 5" that reverted the
// one migration there was would report success it did not have.
type CountError struct {
	Direction Direction
	// Asked is the count given; Available how many there were.
	Asked, Available int
}

func (e *CountError) Error() string {
	if e.Direction == DirDown {
		return fmt.Sprintf("migrate: down %d: only %d migration(s) applied; nothing was reverted", e.Asked, e.Available)
	}
	return fmt.Sprintf("migrate: up %d: only %d migration(s) pending; nothing was applied", e.Asked, e.Available)
}
