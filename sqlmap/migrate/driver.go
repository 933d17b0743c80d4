package migrate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-migrate/migrate/v4/database"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sqlmap-go/sqlmap/internal/bookkeeping"
	"github.com/sqlmap-go/sqlmap/internal/sqllex"
)

// driver is golang-migrate's database driver for PostgreSQL, written by
// sqlmap rather than wrapped, for two reasons the wrapper could not get
// around: golang-migrate's pgx driver takes its advisory lock with a
// blocking pg_advisory_lock (also when it is built, to create its
// table), and a session waiting in that statement holds a snapshot that
// CREATE INDEX CONCURRENTLY in the session holding the lock waits for:
// a deadlock, every time two runs meet on such a file. And the ledger row
// must be written inside the file's own transaction, which only the code
// that sends the file can do.
//
// It keeps golang-migrate's table and lock exactly: the same one-row
// schema_migrations, the same lock key, so golang-migrate's own CLI and
// sqlmap exclude each other and read each other's version.
//
// golang-migrate's Migrate runs the steps: it calls Lock, Version,
// SetVersion(v, dirty), Run, SetVersion(v, clean), Unlock. The Migrator
// holds the lock around all of that (Lock and Unlock nest inside it) and
// tells the driver, before each step, which migration golang-migrate is
// about to run, so SetVersion and Run write its ledger row.
type driver struct {
	conn    *pgx.Conn
	tables  tables
	lockKey int64

	mu sync.Mutex
	// held: the Migrator holds the advisory lock; nested: golang-migrate
	// has taken it too (a no-op inside ours).
	held, nested bool
	// ctx is the Migrator's context for the step in progress: a
	// cancelled one cancels a transactional file (which then rolls
	// back), never a statement of a file that runs statement by
	// statement.
	ctx  context.Context
	step *step
}

// step is the migration golang-migrate is about to run, with what the
// ledger needs.
type step struct {
	dir Direction
	mig *Migration
	how How
	// record is the version to record once the step is done: the
	// migration's own going up (or, out of order, the current one), the
	// highest applied below it going down (-1 for none).
	record int
	// file, body and stmts are the up or down file that runs.
	file  string
	body  string
	stmts []sqllex.Statement
	plan  txPlan
	// progress, filled in as it runs.
	began   bool
	started time.Time
	done    int // statements finished, for a file run statement by statement
}

func newDriver(ctx context.Context, conn *pgx.Conn) (*driver, error) {
	t, key, err := bookkeepingOf(ctx, conn)
	if err != nil {
		return nil, err
	}
	return &driver{conn: conn, tables: t, lockKey: key, ctx: context.WithoutCancel(ctx)}, nil
}

// bookkeepingOf finds the session's bookkeeping tables (in its current
// schema, where golang-migrate keeps its own) and the migration lock's
// key, which golang-migrate's pgx driver derives from the database, the
// schema and the table name.
func bookkeepingOf(ctx context.Context, q querier) (tables, int64, error) {
	var dbName, schema string
	if err := q.QueryRow(ctx, `SELECT current_database(), coalesce(current_schema(), '')`).Scan(&dbName, &schema); err != nil {
		return tables{}, 0, fmt.Errorf("migrate: %w", err)
	}
	if schema == "" {
		return tables{}, 0, errors.New("migrate: no schema: the search_path names no schema that exists, so there is nowhere to keep the migration tables")
	}
	key, err := database.GenerateAdvisoryLockId(dbName, schema, bookkeeping.VersionTable)
	if err != nil {
		return tables{}, 0, fmt.Errorf("migrate: %w", err)
	}
	k, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		return tables{}, 0, fmt.Errorf("migrate: lock key %q: %w", key, err)
	}
	return newTables(schema), k, nil
}

// Open is not used: the Migrator builds the driver over its own
// connection.
func (d *driver) Open(string) (database.Driver, error) {
	return nil, errors.New("migrate: the sqlmap driver is built by migrate.Open")
}

func (d *driver) Close() error { return d.conn.Close(context.Background()) }

// Lock nests in the Migrator's lock: golang-migrate may only run while
// the Migrator holds it.
func (d *driver) Lock() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.held {
		return errors.New("migrate: golang-migrate asked for the lock outside sqlmap's")
	}
	if d.nested {
		return database.ErrLocked
	}
	d.nested = true
	return nil
}

func (d *driver) Unlock() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.nested {
		return database.ErrNotLocked
	}
	d.nested = false
	return nil
}

func (d *driver) Version() (int, bool, error) {
	st, err := d.tables.readVersion(context.WithoutCancel(d.ctx), d.conn)
	if err != nil {
		return 0, false, err
	}
	if !st.hasVersion {
		return database.NilVersion, st.dirty, nil
	}
	return int(st.version), st.dirty, nil
}

// SetVersion is golang-migrate marking the step dirty before it runs and
// clean after: the ledger row is written beside it.
func (d *driver) SetVersion(version int, dirty bool) error {
	s := d.step
	if s == nil {
		return errors.New("migrate: golang-migrate set a version outside a sqlmap step")
	}
	if s.dir == DirUp && version != int(s.mig.Version) {
		return fmt.Errorf("migrate: golang-migrate went to version %d where sqlmap expected %d", version, s.mig.Version)
	}
	// Never cancelled: a step begun is recorded, and a file that
	// committed is recorded clean, whatever the run's context says.
	bg := context.WithoutCancel(d.ctx)
	if dirty {
		return d.begin(bg, s)
	}
	return d.finish(bg, s)
}

func (d *driver) Run(r io.Reader) error {
	if d.step == nil {
		return errors.New("migrate: golang-migrate ran a file outside a sqlmap step")
	}
	// golang-migrate hands over the file it read; the Migrator read the
	// same file to plan the step, and that copy is the one that runs.
	_, _ = io.Copy(io.Discard, r)
	return d.run(d.ctx, d.step)
}

func (d *driver) Drop() error {
	return errors.New("migrate: sqlmap never drops the database's tables")
}

// tx runs fn in a transaction of its own.
func (d *driver) tx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := d.conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// begin marks the version dirty and the step's row applying (or
// reverting), in one transaction: a run that dies after it leaves both,
// and the row says which file was running.
func (d *driver) begin(ctx context.Context, s *step) error {
	s.started = time.Now()
	dirtyAt := s.record
	if s.dir == DirUp && s.how == HowRun {
		dirtyAt = int(s.mig.Version)
	}
	err := d.tx(ctx, func(tx pgx.Tx) error {
		if err := d.tables.setVersion(ctx, tx, dirtyAt, true); err != nil {
			return err
		}
		if s.dir == DirUp {
			_, err := tx.Exec(ctx, `INSERT INTO `+d.tables.ledger+` (version, name, checksum, state, in_transaction, how, sqlmap_version)
VALUES ($1, $2, $3, 'applying', $4, $5, $6)`, int64(s.mig.Version), s.mig.Name, s.mig.Checksum, s.plan.inTx, string(s.how), Version())
			var pgErr *pgconn.PgError
			if errors.As(err, &pgErr) && pgErr.Code == "23505" {
				return fmt.Errorf("migrate: %s is already in the ledger: not applying it twice", s.mig.UpFile)
			}
			if err != nil {
				return fmt.Errorf("migrate: writing the ledger: %w", err)
			}
			return nil
		}
		tag, err := tx.Exec(ctx, `UPDATE `+d.tables.ledger+` SET state = 'reverting', in_transaction = $2, statements_done = 0
WHERE version = $1 AND state = 'applied'`, int64(s.mig.Version), s.plan.inTx)
		if err != nil {
			return fmt.Errorf("migrate: writing the ledger: %w", err)
		}
		if tag.RowsAffected() != 1 {
			return fmt.Errorf("migrate: %s is not applied according to the ledger: not reverting it", s.mig.Label(0))
		}
		return nil
	})
	if err == nil {
		s.began = true
	}
	return err
}

// finish records the step done: the version clean, a reverted row gone.
func (d *driver) finish(ctx context.Context, s *step) error {
	return d.tx(ctx, func(tx pgx.Tx) error {
		if err := d.tables.setVersion(ctx, tx, s.record, false); err != nil {
			return err
		}
		if s.dir == DirDown {
			if _, err := tx.Exec(ctx, `DELETE FROM `+d.tables.ledger+` WHERE version = $1 AND state = 'reverted'`, int64(s.mig.Version)); err != nil {
				return fmt.Errorf("migrate: writing the ledger: %w", err)
			}
		}
		return nil
	})
}

// doneSQL is the statement that records the step's statements done: sent
// with the file's statements, in their transaction, when the file runs in
// one.
func (d *driver) doneSQL(s *step, took time.Duration) string {
	v := strconv.FormatUint(uint64(s.mig.Version), 10)
	if s.dir == DirDown {
		return `UPDATE ` + d.tables.ledger + ` SET state = 'reverted' WHERE version = ` + v + ` AND state = 'reverting'`
	}
	duration := `clock_timestamp() - statement_timestamp()`
	if took > 0 {
		duration = fmt.Sprintf(`interval '%d microseconds'`, took.Microseconds())
	}
	return `UPDATE ` + d.tables.ledger + ` SET state = 'applied', applied_at = clock_timestamp(), duration = ` + duration +
		`, applied_by = current_user, application = current_setting('application_name') WHERE version = ` + v + ` AND state = 'applying'`
}

// run sends the step's file. A file that runs in one transaction goes
// whole, as golang-migrate would send it (one simple-protocol message,
// which PostgreSQL runs as one implicit transaction), with the ledger
// update inside that transaction: before its closing COMMIT when the
// file has its own BEGIN ... COMMIT, else after its last statement.
// Cancelling ctx cancels it on the server, so it rolls back rather than
// running on after sqlmap has gone. Any other file runs statement by
// statement, each counted in the ledger as it finishes, and is not
// cancelled part-way.
func (d *driver) run(ctx context.Context, s *step) error {
	switch {
	case s.plan.inTx:
		at := s.plan.insertAt
		sql := s.body[:at] + "\n;\n" + d.doneSQL(s, 0) + ";\n" + s.body[at:]
		n, err := d.execCancellable(ctx, sql)
		if err != nil {
			return s.failedStatement(n, err)
		}
		return nil
	case s.plan.ownTx:
		// Its own BEGIN/COMMIT in an order sqlmap cannot put a ledger
		// update into: sent whole, recorded after.
		if err := d.exec(s.body); err != nil {
			return err
		}
	default:
		for i, st := range s.stmts {
			if err := d.exec(st.SQL); err != nil {
				return &stmtError{index: i, line: st.Line, sql: st.SQL, err: err}
			}
			s.done = i + 1
			if _, err := d.conn.Exec(context.WithoutCancel(ctx), `UPDATE `+d.tables.ledger+` SET statements_done = $2 WHERE version = $1`, int64(s.mig.Version), i+1); err != nil {
				return &stmtError{index: i + 1, line: st.Line, sql: st.SQL, err: fmt.Errorf("recording statement %d done: %w", i+1, err), after: true}
			}
		}
	}
	return d.exec(d.doneSQL(s, time.Since(s.started)))
}

func (d *driver) exec(sql string) error {
	_, err := d.execCount(sql)
	return err
}

// execCount sends sql in one simple-protocol message and counts the
// statements that completed before an error: the failing one's index,
// for an error PostgreSQL gives no position for.
func (d *driver) execCount(sql string) (int, error) {
	mrr := d.conn.PgConn().Exec(context.Background(), sql)
	n := 0
	for mrr.NextResult() {
		if _, err := mrr.ResultReader().Close(); err == nil {
			n++
		}
	}
	err := mrr.Close()
	if err != nil && d.conn.PgConn().TxStatus() != 'I' {
		// A file's own BEGIN leaves the failed transaction open: end
		// it, so that nothing of it can commit later and the session
		// can record what happened.
		_, _ = d.conn.PgConn().Exec(context.Background(), "ROLLBACK").ReadAll()
	}
	return n, err
}

// execCancellable sends sql, and a cancel request if ctx is done first:
// pgx on its own would close the connection, and the server would run
// the file to its end regardless, maybe committing it after sqlmap has
// reported it stopped.
func (d *driver) execCancellable(ctx context.Context, sql string) (int, error) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-ctx.Done():
			cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_ = d.conn.PgConn().CancelRequest(cctx)
			cancel()
		case <-done:
		}
	}()
	n, err := d.execCount(sql)
	close(done)
	wg.Wait()
	return n, err
}

// failedStatement names the statement of a file sent whole that failed,
// the n-th (0-based) PostgreSQL ran, counting the ledger update sqlmap
// inserted.
func (s *step) failedStatement(n int, err error) error {
	stmts := s.stmts
	before := 0
	for _, st := range stmts {
		if st.Offset < s.plan.insertAt {
			before++
		}
	}
	switch {
	case n < before:
	case n == before:
		return fmt.Errorf("recording it in the ledger: %w", err)
	default:
		n--
	}
	if n >= len(stmts) {
		return err
	}
	return &stmtError{index: n, line: stmts[n].Line, sql: stmts[n].SQL, err: err, whole: true}
}

// stmtError is a statement of a file run statement by statement that
// failed, with where it is in the file.
type stmtError struct {
	index int // 0-based: statements before it finished
	line  int
	sql   string
	err   error
	// after: the statement ran, recording it failed.
	after bool
	// whole: the file was sent whole, so the position PostgreSQL gives
	// is in the file, not in the statement.
	whole bool
}

func (e *stmtError) Error() string { return e.err.Error() }
func (e *stmtError) Unwrap() error { return e.err }

// txPlan is how a file runs.
type txPlan struct {
	// inTx: in one transaction, with the ledger update inserted at
	// insertAt.
	inTx     bool
	insertAt int
	// ownTx: the file has transaction control sqlmap cannot put the
	// ledger update into (several BEGIN ... COMMIT blocks, a COMMIT
	// halfway): it runs whole, as golang-migrate would run it.
	ownTx bool
}

// planTx decides how a file runs: statement by statement with the
// directive; otherwise in one transaction, unless its own BEGIN and
// COMMIT split it.
func planTx(body string, stmts []sqllex.Statement, noTx bool) txPlan {
	if noTx {
		return txPlan{}
	}
	var control []int
	for i, s := range stmts {
		if txControl(s.SQL) {
			control = append(control, i)
		}
	}
	switch {
	case len(control) == 0:
		return txPlan{inTx: true, insertAt: len(body)}
	case len(control) == 2 && control[0] == 0 && control[1] == len(stmts)-1 &&
		startsTx(stmts[0].SQL) && !startsTx(stmts[len(stmts)-1].SQL) && !isRollback(stmts[len(stmts)-1].SQL):
		return txPlan{inTx: true, insertAt: stmts[len(stmts)-1].Offset}
	}
	return txPlan{ownTx: true}
}

func words(sql string, n int) []string {
	f := strings.Fields(strings.ToLower(sql))
	if len(f) > n {
		f = f[:n]
	}
	for i := range f {
		f[i] = strings.TrimRight(f[i], ";")
	}
	return f
}

func startsTx(sql string) bool {
	w := words(sql, 2)
	return len(w) > 0 && (w[0] == "begin" || w[0] == "start" && len(w) > 1 && w[1] == "transaction")
}

func isRollback(sql string) bool {
	w := words(sql, 1)
	return len(w) > 0 && (w[0] == "rollback" || w[0] == "abort")
}

// txControl: a statement that begins or ends a transaction (ROLLBACK TO
// SAVEPOINT does neither).
func txControl(sql string) bool {
	w := words(sql, 2)
	if len(w) == 0 {
		return false
	}
	switch w[0] {
	case "begin", "commit", "end", "abort":
		return true
	case "start":
		return len(w) > 1 && w[1] == "transaction"
	case "rollback":
		return len(w) < 2 || w[1] != "to"
	case "prepare":
		return len(w) > 1 && w[1] == "transaction"
	}
	return false
}

// errorLine digs the line of a failure out of the error: PostgreSQL's
// position is relative to what ran, which for a file run statement by
// statement is one statement. 0 when PostgreSQL gave no position.
func errorLine(body string, err error) int {
	offset := 0
	var se *stmtError
	if errors.As(err, &se) {
		if se.after {
			return 0
		}
		if !se.whole {
			body, offset = se.sql, se.line-1
		}
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Position <= 0 {
		if se != nil {
			return se.line
		}
		return 0
	}
	runes := []rune(strings.ReplaceAll(body, "\r\n", "\n"))
	pos := int(pgErr.Position)
	if pos > len(runes) {
		return 0
	}
	return offset + 1 + strings.Count(string(runes[:pos-1]), "\n")
}
