package migrate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	gomigrate "github.com/golang-migrate/migrate/v4"
	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Direction of a migration step.
type Direction string

// The two directions.
const (
	DirUp   Direction = "up"
	DirDown Direction = "down"
)

// Event reports one migration applied or reverted.
type Event struct {
	Direction Direction
	Migration *Migration
	Label     string // such as 000002_add_email
	Duration  time.Duration
}

// Option configures a [Migrator].
type Option func(*Migrator)

// WithProgress calls fn after each migration applied or reverted.
func WithProgress(fn func(Event)) Option { return func(m *Migrator) { m.progress = fn } }

// WithDir names the folder in messages ("the migrations folder db/migrations
// has problems"); by default it is "migrations".
func WithDir(dir string) Option { return func(m *Migrator) { m.dir = dir } }

// WithLockTimeout sets how long a run waits for another one holding the
// migration lock (golang-migrate's advisory lock); 15 s by default.
func WithLockTimeout(d time.Duration) Option { return func(m *Migrator) { m.lockTimeout = d } }

// Migrator runs the migrations of one folder against one database.
type Migrator struct {
	folder      *Folder
	m           *gomigrate.Migrate
	closeFn     func()
	progress    func(Event)
	dir         string
	lockTimeout time.Duration
}

// Open checks the migrations folder at the root of fsys (any fs.FS: an
// embed.FS, os.DirFS) and connects to the database at databaseURL, a
// postgres:// URL. A folder with problems is a [*FolderError], reported
// before anything runs.
func Open(ctx context.Context, databaseURL string, fsys fs.FS, opts ...Option) (*Migrator, error) {
	mg := &Migrator{dir: "migrations", lockTimeout: gomigrate.DefaultLockTimeout}
	for _, o := range opts {
		o(mg)
	}
	folder, err := Scan(fsys)
	if err != nil {
		return nil, err
	}
	if len(folder.Problems) > 0 {
		return nil, &FolderError{Dir: mg.dir, Problems: folder.Problems}
	}
	mg.folder = folder
	if err := mg.connect(ctx, databaseURL, fsys); err != nil {
		return nil, err
	}
	return mg, nil
}

// connect builds golang-migrate over a pgx connection. The driver is made
// from an *sql.DB rather than from the URL so that users keep ordinary
// postgres:// URLs and lib/pq is never linked.
func (mg *Migrator) connect(ctx context.Context, databaseURL string, fsys fs.FS) error {
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return fmt.Errorf("migrate: database URL: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return fmt.Errorf("migrate: connecting to database %q on %s: %w", cfg.Database, cfg.Host, err)
	}
	drv, err := migratepgx.WithInstance(db, &migratepgx.Config{})
	if err != nil {
		_ = db.Close()
		return fmt.Errorf("migrate: %w", err)
	}
	src, err := iofs.New(fsys, ".")
	if err != nil {
		_ = db.Close()
		return fmt.Errorf("migrate: reading migrations: %w", err)
	}
	m, err := gomigrate.NewWithInstance("iofs", src, "pgx5", &txDriver{Driver: drv})
	if err != nil {
		_ = db.Close()
		return fmt.Errorf("migrate: %w", err)
	}
	m.LockTimeout = mg.lockTimeout
	mg.m = m
	mg.closeFn = func() { _, _ = m.Close() }
	return nil
}

// Close releases the database connection.
func (mg *Migrator) Close() error {
	if mg.closeFn != nil {
		mg.closeFn()
		mg.closeFn = nil
	}
	return nil
}

// Folder returns the scanned migrations folder.
func (mg *Migrator) Folder() *Folder { return mg.folder }

// Version returns the database's version and whether it is dirty; ok is
// false when no migration was ever applied.
func (mg *Migrator) Version(ctx context.Context) (version uint, dirty, ok bool, err error) {
	if err := ctx.Err(); err != nil {
		return 0, false, false, err
	}
	v, dirty, err := mg.m.Version()
	if errors.Is(err, gomigrate.ErrNilVersion) {
		return 0, false, false, nil
	}
	if err != nil {
		return 0, false, false, fmt.Errorf("migrate: reading the version: %w", err)
	}
	return v, dirty, true, nil
}

// Up applies pending migrations: all of them when n is 0, else at most n.
// It returns the migrations applied. Cancelling ctx stops between two
// migrations, leaving the database clean at the last one applied.
func (mg *Migrator) Up(ctx context.Context, n int) ([]Event, error) {
	if n < 0 {
		return nil, fmt.Errorf("migrate: up: negative count %d", n)
	}
	return mg.steps(ctx, DirUp, n)
}

// Down reverts the last n migrations (n ≥ 1).
func (mg *Migrator) Down(ctx context.Context, n int) ([]Event, error) {
	if n < 1 {
		return nil, fmt.Errorf("migrate: down: count must be at least 1, got %d", n)
	}
	return mg.steps(ctx, DirDown, n)
}

// DownAll reverts every applied migration.
func (mg *Migrator) DownAll(ctx context.Context) ([]Event, error) {
	return mg.steps(ctx, DirDown, 0)
}

// Goto migrates up or down to version v, which must be in the folder.
func (mg *Migrator) Goto(ctx context.Context, v uint) ([]Event, error) {
	if _, ok := mg.folder.Find(v); !ok {
		return nil, fmt.Errorf("migrate: goto: no migration with version %d in the %s folder%s", v, mg.dir, mg.versionsHint())
	}
	if cur, dirty, ok, err := mg.Version(ctx); err != nil {
		return nil, err
	} else if ok && !dirty && cur > v {
		if err := mg.checkDown(cur, 0, int(v)); err != nil {
			return nil, err
		}
	}
	var all []Event
	for {
		cur, _, ok, err := mg.Version(ctx)
		if err != nil {
			return all, err
		}
		var evs []Event
		switch {
		case ok && cur == v:
			return all, nil
		case !ok || cur < v:
			evs, err = mg.steps(ctx, DirUp, 1)
		default:
			evs, err = mg.steps(ctx, DirDown, 1)
		}
		all = append(all, evs...)
		if err != nil {
			return all, err
		}
		if len(evs) == 0 {
			return all, fmt.Errorf("migrate: goto %d: stuck at version %d", v, cur)
		}
	}
}

// Force sets the recorded version to v and clears the dirty flag, running
// nothing: for after a failed migration has been cleaned up by hand. A v of
// -1 records that no migration is applied.
func (mg *Migrator) Force(ctx context.Context, v int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if v < -1 {
		return fmt.Errorf("migrate: force: bad version %d", v)
	}
	if v >= 0 {
		if _, ok := mg.folder.Find(uint(v)); !ok {
			return fmt.Errorf("migrate: force: no migration with version %d in the %s folder%s", v, mg.dir, mg.versionsHint())
		}
	}
	if err := mg.m.Force(v); err != nil {
		return fmt.Errorf("migrate: force %d: %w", v, err)
	}
	return nil
}

func (mg *Migrator) versionsHint() string {
	if len(mg.folder.Migrations) == 0 {
		return " (it is empty)"
	}
	first, last := mg.folder.Migrations[0].Version, mg.folder.Migrations[len(mg.folder.Migrations)-1].Version
	return fmt.Sprintf(" (it has %d to %d)", first, last)
}

// steps runs migrations one at a time: each golang-migrate Steps(±1) takes
// the advisory lock and reads the version under it, so two processes
// running at once each apply a migration only if the other has not, and
// a cancelled ctx is seen between migrations. n == 0 means no limit.
func (mg *Migrator) steps(ctx context.Context, dir Direction, n int) ([]Event, error) {
	var events []Event
	if dir == DirDown {
		// Check the whole way down first, so that a down file with no
		// statement stops the run before anything is reverted. A dirty
		// version is left for Steps to report.
		cur, dirty, ok, err := mg.Version(ctx)
		if err != nil {
			return nil, err
		}
		if ok && !dirty {
			if err := mg.checkDown(cur, n, -1); err != nil {
				return nil, err
			}
		}
	}
	for n == 0 || len(events) < n {
		if err := ctx.Err(); err != nil {
			return events, fmt.Errorf("migrate: stopped after %d migration(s), the database is clean: %w", len(events), err)
		}
		// Read outside the lock, this version may be another process's
		// migration in flight (golang-migrate marks it dirty while it
		// runs), so a dirty flag here is left for Steps to judge under
		// the lock.
		before, dirty, ok, err := mg.Version(ctx)
		if err != nil {
			return events, err
		}
		if ok {
			if _, known := mg.folder.Find(before); !known {
				latest, _ := mg.folder.Latest()
				return events, fmt.Errorf("migrate: the database is at version %d, which the %s folder does not have (its newest is %d): is this an older checkout?", before, mg.dir, latest)
			}
		}
		step := 1
		if dir == DirDown {
			step = -1
			if !ok {
				return events, nil // nothing left to revert
			}
			// Again for this step: another process may have moved the
			// version since the check above.
			if !dirty {
				if err := mg.checkDown(before, 1, -1); err != nil {
					return events, err
				}
			}
		}
		start := time.Now()
		err = mg.m.Steps(step)
		took := time.Since(start)
		if errors.Is(err, gomigrate.ErrNoChange) || errors.Is(err, os.ErrNotExist) {
			return events, nil
		}
		var dirtyErr gomigrate.ErrDirty
		if errors.As(err, &dirtyErr) {
			return events, mg.dirtyError(uint(dirtyErr.Version))
		}
		if err != nil {
			return events, mg.failure(ctx, dir, err)
		}
		after, _, afterOK, err := mg.Version(ctx)
		if err != nil {
			return events, err
		}
		ev := Event{Direction: dir, Duration: took}
		switch {
		case dir == DirUp && afterOK:
			ev.Migration, _ = mg.folder.Find(after)
		case dir == DirDown:
			ev.Migration, _ = mg.folder.Find(before)
		}
		if ev.Migration != nil {
			ev.Label = ev.Migration.Label(mg.folder.Width)
		}
		events = append(events, ev)
		if mg.progress != nil {
			mg.progress(ev)
		}
	}
	return events, nil
}

// checkDown returns an [*IrreversibleError] for the first down file with
// no statement that reverting from version cur would run: the
// migrations at and below cur, from the top, at most n of them (0 for no
// limit), and only those above version floor (-1 for none).
func (mg *Migrator) checkDown(cur uint, n, floor int) error {
	seen := 0
	for i := len(mg.folder.Migrations) - 1; i >= 0 && (n == 0 || seen < n); i-- {
		m := mg.folder.Migrations[i]
		if m.Version > cur {
			continue
		}
		if int(m.Version) <= floor {
			break
		}
		seen++
		if m.Irreversible {
			return &IrreversibleError{File: m.DownFile, Label: m.Label(mg.folder.Width), Version: m.Version, Previous: mg.folder.previous(m.Version)}
		}
	}
	return nil
}

// IrreversibleError is a revert refused because a down file on its way
// has no statement (empty, or only comments): golang-migrate would run it
// and record the version below, leaving everything the up file did. The
// whole way down is checked before the first file runs, so nothing was
// reverted (short of another process moving the version meanwhile).
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

// ErrIrreversible matches an [*IrreversibleError] with errors.Is.
var ErrIrreversible = errors.New("migrate: down file has no statement")

// Is makes errors.Is(err, ErrIrreversible) true.
func (e *IrreversibleError) Is(target error) bool { return target == ErrIrreversible }

// MigrationError is a migration file that failed. The database is left
// marked dirty at Version (golang-migrate's rule), and the message says
// what to do next.
type MigrationError struct {
	Direction Direction
	// Version is the version the database is now marked dirty at.
	Version uint
	// File is the failing file and Line the line PostgreSQL pointed at (0
	// when it gave no position).
	File string
	Line int
	// NoTransaction is set when the file ran statement by statement, so
	// the statements before the failing one stayed applied.
	NoTransaction bool
	// Previous is the version to force once the file is fixed: the one
	// the database is really at, -1 for none.
	Previous int
	Err      error
}

func (e *MigrationError) Error() string {
	var b strings.Builder
	pos := e.File
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	fmt.Fprintf(&b, "migrate: %s failed: %v", pos, e.Err)
	var pgErr *pgconn.PgError
	if errors.As(e.Err, &pgErr) && pgErr.Code == "25001" {
		fmt.Fprintf(&b, "\n  this statement cannot run in a transaction: make %q the first line of the file", NoTransactionDirective)
	}
	fmt.Fprintf(&b, "\n  the database is now marked dirty at version %d", e.Version)
	if e.NoTransaction {
		b.WriteString("\n  the file ran statement by statement (sqlmap:no-transaction): the statements before the failing one were applied; undo them by hand")
	} else {
		b.WriteString("\n  the file ran in one transaction, so none of it was applied")
	}
	fmt.Fprintf(&b, "\n  fix the file, then run: sqlmap migrate force %s && sqlmap migrate %s", forceArg(e.Previous), e.Direction)
	return b.String()
}

func (e *MigrationError) Unwrap() error { return e.Err }

func forceArg(v int) string {
	if v < 0 {
		return "none"
	}
	return fmt.Sprint(v)
}

// failure turns a failed step into a MigrationError naming the file.
func (mg *Migrator) failure(ctx context.Context, dir Direction, err error) error {
	v, dirty, ok, verr := mg.Version(context.WithoutCancel(ctx))
	if verr != nil || !ok || !dirty {
		return fmt.Errorf("migrate: %w", err)
	}
	line, cause := errorLine(err)
	me := &MigrationError{Direction: dir, Version: v, Line: line, Err: cause}
	if dir == DirUp {
		if mig, found := mg.folder.Find(v); found {
			me.File, me.NoTransaction = mig.UpFile, mig.NoTransaction
		}
		me.Previous = mg.folder.previous(v)
	} else {
		// Going down, golang-migrate marks the target (lower) version
		// dirty; the failing file is the down file of the next one.
		if mig, ok := mg.folder.next(v); ok {
			me.File, me.NoTransaction = mig.DownFile, mig.DownNoTransaction
			me.Previous = int(mig.Version)
		}
	}
	return me
}

// DirtyError is returned when the database is marked dirty: a migration
// failed part-way earlier and must be looked at before anything else runs.
type DirtyError struct {
	Version  uint
	Label    string // such as 000002_add_email, when the folder has it
	Previous int
	// Next is the folder's next migration after Version, 0 when none:
	// going down from it, golang-migrate marks Version dirty too, so the
	// failed file may be its down file.
	Next      uint
	NextLabel string
}

func (e *DirtyError) Error() string {
	label := ""
	if e.Label != "" {
		label = " (" + e.Label + ")"
	}
	msg := fmt.Sprintf("migrate: the database is dirty at version %d%s: a migration failed part-way; nothing was run\n"+
		"  check what of it was applied and fix the file, then run: sqlmap migrate force %s && sqlmap migrate up",
		e.Version, label, forceArg(e.Previous))
	if e.Next != 0 {
		msg += fmt.Sprintf("\n  or, if it was `migrate down` from %s that failed, fix %s.down.sql, then run: sqlmap migrate force %d && sqlmap migrate down",
			e.NextLabel, e.NextLabel, e.Next)
	}
	return msg
}

// ErrDirty matches a [*DirtyError] with errors.Is.
var ErrDirty = errors.New("migrate: database is dirty")

// Is makes errors.Is(err, ErrDirty) true.
func (e *DirtyError) Is(target error) bool { return target == ErrDirty }

func (mg *Migrator) dirtyError(v uint) error { return mg.folder.dirtyError(v) }

// Up applies every pending migration of fsys to the database at
// databaseURL: the one call a program needs at start-up. A database that
// is already up to date is not an error.
func Up(ctx context.Context, databaseURL string, fsys fs.FS, opts ...Option) error {
	mg, err := Open(ctx, databaseURL, fsys, opts...)
	if err != nil {
		return err
	}
	defer mg.Close()
	_, err = mg.Up(ctx, 0)
	return err
}
