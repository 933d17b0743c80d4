package migrate

import (
	"github.com/sqlmap-go/sqlmap/internal/sqllex"

	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	gomigrate "github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Direction of a migration step.
type Direction string

// The two directions.
const (
	DirUp   Direction = "up"
	DirDown Direction = "down"
)

// Event reports one migration applied or reverted by this Migrator.
type Event struct {
	Direction Direction
	Migration *Migration
	Label     string // such as 000002_add_email
	Duration  time.Duration
	// OutOfOrder is set for a migration applied below the version
	// (WithAllowOutOfOrder).
	OutOfOrder bool
}

// Option configures a [Migrator].
type Option func(*Migrator)

// WithProgress calls fn after each migration applied or reverted.
func WithProgress(fn func(Event)) Option { return func(m *Migrator) { m.progress = fn } }

// WithDir names the folder in messages ("the migrations folder db/migrations
// has problems"); by default it is "migrations".
func WithDir(dir string) Option { return func(m *Migrator) { m.dir = dir } }

// DefaultLockTimeout is how long a run waits for another one to finish by
// default: long enough for a slow migration (an index built on a large
// table), short enough that a run stuck behind a forgotten session ends.
const DefaultLockTimeout = 15 * time.Minute

// WithLockTimeout sets how long a run waits for another one holding the
// migration lock; [DefaultLockTimeout] by default, and when d is not
// positive.
func WithLockTimeout(d time.Duration) Option {
	return func(m *Migrator) {
		if d > 0 {
			m.lockTimeout = d
		}
	}
}

// WithLockWait calls fn while a run waits for the lock: after two
// seconds, then every ten, with who holds it.
func WithLockWait(fn func(LockWait)) Option { return func(m *Migrator) { m.onWait = fn } }

// DefaultReconnectWait is how long a run whose connection was lost in the
// middle of a file keeps trying to reconnect, to read from the ledger
// whether the file committed, before it reports that it cannot know.
const DefaultReconnectWait = 10 * time.Second

// WithReconnectWait sets how long to try to reconnect after the
// connection was lost mid-file; [DefaultReconnectWait] by default, 0 for
// one try.
func WithReconnectWait(d time.Duration) Option { return func(m *Migrator) { m.reconnectWait = d } }

// WithAllowOutOfOrder lets Up apply a migration below the database's
// version that the ledger lacks (one merged from a branch after later
// ones ran); it is recorded as applied out of order. Without it, Up
// refuses with an [*OutOfOrderError].
func WithAllowOutOfOrder() Option { return func(m *Migrator) { m.allowOutOfOrder = true } }

// WithAllowEdited lets Up run although an applied file changed since it
// was applied; without it, Up refuses with an [*EditedError].
func WithAllowEdited() Option { return func(m *Migrator) { m.allowEdited = true } }

// Migrator runs the migrations of one folder against one database.
// golang-migrate runs each step; sqlmap holds the lock around the whole
// run and keeps its ledger beside golang-migrate's version.
type Migrator struct {
	folder          *Folder
	fsys            fs.FS
	cfg             *pgx.ConnConfig
	d               *driver
	m               *gomigrate.Migrate
	progress        func(Event)
	onWait          func(LockWait)
	dir             string
	lockTimeout     time.Duration
	allowOutOfOrder bool
	allowEdited     bool
	reconnectWait   time.Duration
}

// Open checks the migrations folder at the root of fsys (any fs.FS: an
// embed.FS, os.DirFS) and connects to the database at databaseURL, a
// postgres:// URL. A folder with problems is a [*FolderError], reported
// before anything runs. Nothing is written until a command runs.
func Open(ctx context.Context, databaseURL string, fsys fs.FS, opts ...Option) (*Migrator, error) {
	mg := &Migrator{dir: "migrations", lockTimeout: DefaultLockTimeout, reconnectWait: DefaultReconnectWait, fsys: fsys}
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
	cfg, err := parseURL(databaseURL)
	if err != nil {
		return nil, err
	}
	mg.cfg = cfg
	d, err := mg.connect(ctx)
	if err != nil {
		return nil, err
	}
	m, err := newRunner(fsys, d)
	if err != nil {
		_ = d.Close()
		return nil, err
	}
	mg.d, mg.m = d, m
	return mg, nil
}

// newRunner is golang-migrate over the folder and sqlmap's driver.
func newRunner(fsys fs.FS, d *driver) (*gomigrate.Migrate, error) {
	src, err := iofs.New(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("migrate: reading migrations: %w", err)
	}
	m, err := gomigrate.NewWithInstance("iofs", src, "sqlmap", d)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	// sqlmap's lock is taken before golang-migrate's nests in it, with
	// its own timeout.
	m.LockTimeout = 24 * time.Hour
	return m, nil
}

// dial connects with cfg, saying where to in the error.
func dial(ctx context.Context, cfg *pgx.ConnConfig) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("migrate: connecting to database %q on %s: %w", cfg.Database, cfg.Host, err)
	}
	return conn, nil
}

func parseURL(databaseURL string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("migrate: database URL: %w", err)
	}
	// Other sessions see who holds the migration lock by this name.
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "sqlmap"
	}
	return cfg, nil
}

func (mg *Migrator) connect(ctx context.Context) (*driver, error) {
	conn, err := dial(ctx, mg.cfg)
	if err != nil {
		return nil, err
	}
	d, err := newDriver(ctx, conn)
	if err != nil {
		_ = conn.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return d, nil
}

// Close releases the database connection.
func (mg *Migrator) Close() error {
	if mg.d != nil {
		_ = mg.d.Close()
		mg.d = nil
	}
	return nil
}

// Folder returns the scanned migrations folder.
func (mg *Migrator) Folder() *Folder { return mg.folder }

// Version returns the database's version and whether it is dirty; ok is
// false when no migration was ever applied.
func (mg *Migrator) Version(ctx context.Context) (version uint, dirty, ok bool, err error) {
	st, err := mg.d.tables.readVersion(ctx, mg.d.conn)
	if err != nil {
		return 0, false, false, err
	}
	return st.version, st.dirty, st.hasVersion, nil
}

// Up applies pending migrations: all of them when n is 0, else the next
// n, or none and a [*CountError] when fewer are pending. It returns the
// migrations applied. Cancelling ctx stops it: a file that
// runs in one transaction is cancelled and rolls back, one that runs
// statement by statement is finished first; the error is a
// [*StoppedError].
func (mg *Migrator) Up(ctx context.Context, n int) ([]Event, error) {
	if n < 0 {
		return nil, fmt.Errorf("migrate: up: negative count %d", n)
	}
	return mg.run(ctx, DirUp, n, -1)
}

// Down reverts the last n migrations applied (n ≥ 1), or none and a
// [*CountError] when fewer are applied.
func (mg *Migrator) Down(ctx context.Context, n int) ([]Event, error) {
	if n < 1 {
		return nil, fmt.Errorf("migrate: down: count must be at least 1, got %d", n)
	}
	return mg.run(ctx, DirDown, n, -1)
}

// DownAll reverts every applied migration.
func (mg *Migrator) DownAll(ctx context.Context) ([]Event, error) {
	return mg.run(ctx, DirDown, 0, -1)
}

// Goto reverts the migrations applied above version v, then applies the
// pending ones up to it; v must be in the folder.
func (mg *Migrator) Goto(ctx context.Context, v uint) ([]Event, error) {
	if _, ok := mg.folder.Find(v); !ok {
		return nil, fmt.Errorf("migrate: goto: no migration with version %d in the %s folder%s", v, mg.dir, mg.versionsHint())
	}
	down, err := mg.run(ctx, DirDown, 0, int(v))
	if err != nil {
		return down, err
	}
	up, err := mg.run(ctx, DirUp, 0, int(v))
	return append(down, up...), err
}

func (mg *Migrator) versionsHint() string {
	if len(mg.folder.Migrations) == 0 {
		return " (it is empty)"
	}
	first, last := mg.folder.Migrations[0].Version, mg.folder.Migrations[len(mg.folder.Migrations)-1].Version
	return fmt.Sprintf(" (it has %d to %d)", first, last)
}

// locked runs fn holding the migration lock, with the bookkeeping tables
// created and read under it.
func (mg *Migrator) locked(ctx context.Context, fn func(*view) error) error {
	if err := mg.lock(ctx, mg.d); err != nil {
		return err
	}
	// A lost connection replaces mg.d part-way: unlock the one held then.
	defer func() { mg.unlock(mg.d) }()
	if err := mg.d.tables.create(ctx, mg.d.conn); err != nil {
		return err
	}
	db, err := mg.d.tables.read(ctx, mg.d.conn)
	if err != nil {
		return err
	}
	return fn(newView(mg.folder, db))
}

// run is up, down and goto: under one hold of the lock, it checks what
// the database records, adopts what golang-migrate applied without the
// ledger, then steps one migration at a time. bound limits goto: up
// applies versions up to it, down reverts those above it.
func (mg *Migrator) run(ctx context.Context, dir Direction, n, bound int) ([]Event, error) {
	var events []Event
	err := mg.locked(ctx, func(v *view) error {
		if err := mg.check(ctx, v, dir); err != nil {
			return err
		}
		if len(v.adopt) > 0 {
			if err := mg.d.tx(ctx, func(tx pgx.Tx) error {
				for _, m := range v.adopt {
					if err := mg.d.tables.insertRecord(ctx, tx, m, HowAdopted); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				return err
			}
		}
		var todo []*Migration
		if dir == DirUp {
			for _, m := range v.pending() {
				if bound < 0 || int(m.Version) <= bound {
					todo = append(todo, m)
				}
			}
		} else {
			for _, m := range v.appliedDesc() {
				if int(m.Version) > bound {
					todo = append(todo, m)
				}
			}
			if err := mg.checkDown(v, todo, n); err != nil {
				return err
			}
		}
		if n > 0 && bound < 0 && len(todo) < n {
			return &CountError{Direction: dir, Asked: n, Available: len(todo)}
		}
		if n > 0 && len(todo) > n {
			todo = todo[:n]
		}
		for i, m := range todo {
			if err := ctx.Err(); err != nil {
				return &StoppedError{Direction: dir, Done: events, Pending: len(todo) - i, Err: err}
			}
			ev, err := mg.step(ctx, dir, m)
			if err != nil {
				var me *MigrationError
				if errors.As(err, &me) && me.Stopped {
					return &StoppedError{Direction: dir, Done: events, Abandoned: me, Pending: len(todo) - i, Err: ctx.Err()}
				}
				return err
			}
			events = append(events, ev)
			if mg.progress != nil {
				mg.progress(ev)
			}
		}
		return nil
	})
	return events, err
}

// check refuses to run on what the ledger cannot vouch for.
func (mg *Migrator) check(ctx context.Context, v *view, dir Direction) error {
	if v.db.dirty || len(v.unfinished) > 0 {
		de := newDirtyError(v)
		withCatalog(ctx, mg.d.conn, de.Interrupted)
		return de
	}
	if len(v.above) > 0 {
		return &LedgerMismatchError{Version: v.db.version, HasVersion: v.db.hasVersion, Records: v.above, Width: mg.folder.Width}
	}
	if ver, ahead := v.ahead(); ahead || len(v.missing) > 0 {
		latest, _ := mg.folder.Latest()
		return &AheadError{Version: ver, VersionMissing: ahead, Missing: v.missing, Latest: latest, Dir: mg.dir, Width: mg.folder.Width}
	}
	if dir != DirUp {
		return nil
	}
	if ed := v.edited(); len(ed) > 0 && !mg.allowEdited {
		return &EditedError{Migrations: ed, Width: mg.folder.Width}
	}
	if ooo := v.outOfOrder(); len(ooo) > 0 && !mg.allowOutOfOrder {
		return &OutOfOrderError{Migrations: ooo, Version: uint(v.maxApplied), Width: mg.folder.Width}
	}
	return nil
}

// step applies or reverts one migration: through golang-migrate when it
// is the next one after the version (or the version itself, going down),
// directly for one applied out of order.
func (mg *Migrator) step(ctx context.Context, dir Direction, m *Migration) (Event, error) {
	db, err := mg.d.tables.read(ctx, mg.d.conn)
	if err != nil {
		return Event{}, err
	}
	v := newView(mg.folder, db)
	file, stmts, noTx := m.side(dir)
	body, err := fs.ReadFile(mg.fsys, file)
	if err != nil {
		return Event{}, fmt.Errorf("migrate: reading %s: %w", file, err)
	}
	if dir == DirUp && Checksum(body) != m.Checksum {
		return Event{}, fmt.Errorf("migrate: %s changed while sqlmap was running: not applying it", file)
	}
	text := sqllex.BlankBOM(string(body))
	s := &step{dir: dir, mig: m, how: HowRun, file: file, body: text, stmts: stmts, plan: planTx(text, stmts, noTx)}
	if dir == DirUp {
		s.record = int(m.Version)
		if db.hasVersion && m.Version < db.version {
			s.how, s.record = HowOutOfOrder, int(db.version)
		}
	} else {
		s.record = v.below(m.Version)
	}
	mg.d.step, mg.d.ctx = s, ctx
	defer func() { mg.d.step, mg.d.ctx = nil, context.WithoutCancel(ctx) }()
	start := time.Now()
	switch {
	case s.how == HowOutOfOrder:
		bg := context.WithoutCancel(ctx)
		if err = mg.d.begin(bg, s); err == nil {
			if err = mg.d.run(ctx, s); err == nil {
				err = mg.d.finish(bg, s)
			}
		}
	case dir == DirUp:
		err = mg.m.Steps(1)
	default:
		err = mg.m.Steps(-1)
	}
	took := time.Since(start)
	if err != nil {
		return Event{}, mg.failure(ctx, s, err)
	}
	return Event{Direction: dir, Migration: m, Label: m.Label(mg.folder.Width), Duration: took, OutOfOrder: s.how == HowOutOfOrder}, nil
}

// checkDown returns an [*IrreversibleError] for the first down file with
// no statement among the first n (0: all) of todo, before anything is
// reverted.
func (mg *Migrator) checkDown(v *view, todo []*Migration, n int) error {
	for i, m := range todo {
		if n > 0 && i >= n {
			break
		}
		if m.Irreversible {
			return &IrreversibleError{File: m.DownFile, Label: m.Label(mg.folder.Width), Version: m.Version, Previous: v.below(m.Version)}
		}
	}
	return nil
}

// failure finds out what a failed step left and returns it as a
// [*MigrationError]. A file run in one transaction has either committed
// with its ledger row or not at all: the ledger says which (read over a
// new connection when the old one was lost, once the lock shows the old
// session gone), and the version is recorded clean at once. A file run
// statement by statement stays dirty, with the statements that finished.
func (mg *Migrator) failure(ctx context.Context, s *step, err error) error {
	me := &MigrationError{Direction: s.dir, Label: s.mig.Label(mg.folder.Width), File: s.file,
		InTransaction: s.plan.inTx, OwnTransactions: s.plan.ownTx, Statements: len(s.stmts), Err: err}
	me.Line = errorLine(s.body, err)
	var se *stmtError
	if errors.As(err, &se) && !se.whole {
		me.StatementsDone, me.Statement, me.StatementLine = se.index, se.sql, se.line
		if se.after {
			me.StatementsDone++
		}
	} else {
		me.StatementsDone = s.done
	}
	if !s.began {
		// Nothing was marked or run: the failure is sqlmap's bookkeeping.
		me.NotRun = true
		return me
	}
	bg := context.WithoutCancel(ctx)
	d := mg.d
	if d.conn.IsClosed() || !isServerError(err) {
		// Closed: a network error, or the server ending the session
		// (FATAL: terminated, shutting down).
		me.ConnectionLost = true
		nd, cerr := mg.reconnect(bg)
		if cerr != nil {
			me.Unknown, me.ReconnectErr = true, cerr
			return me
		}
		if lerr := mg.lock(bg, nd); lerr != nil {
			_ = nd.Close()
			me.Unknown, me.ReconnectErr = true, lerr
			return me
		}
		// The old connection is gone; the rest of the run uses the new one.
		_ = mg.d.Close()
		mg.d, d = nd, nd
		if m, merr := newRunner(mg.fsys, nd); merr == nil {
			mg.m = m
		}
	}
	db, rerr := d.tables.read(bg, d.conn)
	if rerr != nil {
		me.Unknown, me.ReconnectErr = true, rerr
		return me
	}
	r := db.records[s.mig.Version]
	switch {
	case s.dir == DirUp && r != nil && r.State == RecordApplied:
		me.Committed = true
	case s.dir == DirDown && (r == nil || r.State == RecordReverted):
		me.Committed = true
	}
	if r != nil {
		me.StatementsDone = max(me.StatementsDone, r.StatementsDone)
	}
	if s.plan.inTx {
		if rec, rerr := resolve(bg, d, mg.folder); rerr == nil {
			me.Version, me.HasVersion = rec.Version, rec.HasVersion
		} else {
			me.Dirty = true
		}
	} else {
		me.Dirty = true
		me.Version, me.HasVersion = db.version, db.hasVersion
	}
	me.Stopped = ctx.Err() != nil && !me.Committed && s.plan.inTx
	return me
}

// reconnect connects again after a lost connection, trying for the
// reconnect wait: a server restarting after a crash answers within
// seconds, and only then can the ledger say whether the file committed.
func (mg *Migrator) reconnect(ctx context.Context) (*driver, error) {
	deadline := time.Now().Add(mg.reconnectWait)
	pause := 200 * time.Millisecond
	for {
		d, err := mg.connect(ctx)
		if err == nil || time.Now().Add(pause).After(deadline) {
			return d, err
		}
		time.Sleep(pause)
		pause = min(2*pause, time.Second)
	}
}

func isServerError(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr)
}

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
