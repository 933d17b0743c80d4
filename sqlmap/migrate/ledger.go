package migrate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sqlmap-go/sqlmap/internal/bookkeeping"
	"github.com/sqlmap-go/sqlmap/internal/sqllex"
)

// RecordState is where a ledger row's migration stands.
type RecordState string

// The states of a ledger row. A row is written as applying (or turned to
// reverting) in the same transaction that marks golang-migrate's version
// dirty, before the file runs; the file's own transaction turns it to
// applied (or reverted) when it commits. So for a file that runs in one
// transaction the row tells, after any crash, whether its statements
// committed.
const (
	RecordApplying  RecordState = "applying"
	RecordApplied   RecordState = "applied"
	RecordReverting RecordState = "reverting"
	// RecordReverted is a down file that committed; the row goes once
	// the version is recorded clean.
	RecordReverted RecordState = "reverted"
)

// How a ledger row came to be.
type How string

// The ways a migration enters the ledger.
const (
	HowRun        How = "run"
	HowOutOfOrder How = "out-of-order" // applied below the version (--allow-out-of-order)
	HowAdopted    How = "adopted"      // applied before the ledger existed, or by golang-migrate's own CLI
	HowForced     How = "forced"       // recorded as applied by force, not run
)

// Record is one row of the ledger table (sqlmap_migrations): a migration
// applied, or one being applied or reverted.
type Record struct {
	Version uint
	Name    string
	// Checksum is the SHA-256 of the up file as it was applied, in hex;
	// empty for a row adopted from a version without its file.
	Checksum string
	State    RecordState
	// InTransaction is set when the file being applied or reverted runs
	// in one transaction with the row's update, so a crash leaves no
	// doubt about whether it committed.
	InTransaction bool
	// StatementsDone counts the statements of a file that runs statement
	// by statement that finished.
	StatementsDone int
	How            How
	StartedAt      time.Time
	// AppliedAt is when its statements committed; zero while applying.
	AppliedAt     time.Time
	Duration      time.Duration
	AppliedBy     string // current_user
	Application   string // application_name
	SqlmapVersion string
}

// Label is the record's version and name as in file names.
func (r *Record) Label(width int) string {
	return fmt.Sprintf("%0*d_%s", labelWidth(width), r.Version, r.Name)
}

// Checksum is the ledger's checksum of a file's content: any change, a
// space included, changes it.
func Checksum(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// Version is sqlmap's version as Go's build information has it (the
// module's version for a program that depends on it, "(devel)" when
// built from its own checkout): the ledger records it with each row.
func Version() string {
	const module = "github.com/sqlmap-go/sqlmap"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if info.Main.Path == module {
		return info.Main.Version
	}
	for _, d := range info.Deps {
		if d.Path == module {
			return d.Version
		}
	}
	return "unknown"
}

// querier is what reading the bookkeeping needs: a connection or a
// transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// tables names the two bookkeeping tables in one schema, quoted.
type tables struct {
	schema  string
	version string // schema.schema_migrations
	ledger  string // schema.sqlmap_migrations
}

func newTables(schema string) tables {
	q := pgx.Identifier{schema}.Sanitize()
	return tables{
		schema:  schema,
		version: q + "." + pgx.Identifier{bookkeeping.VersionTable}.Sanitize(),
		ledger:  q + "." + pgx.Identifier{bookkeeping.LedgerTable}.Sanitize(),
	}
}

// create makes both tables when missing: golang-migrate's exactly as its
// pgx driver does, and the ledger. Checked first, so a role that may not
// create tables can still run a database that has them.
func (t tables) create(ctx context.Context, q querier) error {
	var hasVersion, hasLedger bool
	if err := q.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL`, t.version, t.ledger).Scan(&hasVersion, &hasLedger); err != nil {
		return fmt.Errorf("migrate: reading the bookkeeping tables: %w", err)
	}
	if !hasVersion {
		if _, err := q.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+t.version+` (version bigint not null primary key, dirty boolean not null)`); err != nil {
			return fmt.Errorf("migrate: creating %s: %w", t.version, err)
		}
	}
	if !hasLedger {
		if _, err := q.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+t.ledger+` (
	version bigint PRIMARY KEY,
	name text NOT NULL,
	checksum text NOT NULL DEFAULT '',
	state text NOT NULL CHECK (state IN ('applying', 'applied', 'reverting', 'reverted')),
	in_transaction boolean NOT NULL,
	statements_done integer NOT NULL DEFAULT 0,
	how text NOT NULL CHECK (how IN ('run', 'out-of-order', 'adopted', 'forced')),
	started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	applied_at timestamptz,
	duration interval,
	applied_by text NOT NULL DEFAULT current_user,
	application text NOT NULL DEFAULT current_setting('application_name'),
	sqlmap_version text NOT NULL
)`); err != nil {
			return fmt.Errorf("migrate: creating %s: %w", t.ledger, err)
		}
		if _, err := q.Exec(ctx, `COMMENT ON TABLE `+t.ledger+` IS 'sqlmap''s ledger: one row per migration applied, written in the migration''s own transaction; golang-migrate''s schema_migrations beside it keeps the version'`); err != nil {
			return fmt.Errorf("migrate: creating %s: %w", t.ledger, err)
		}
	}
	return nil
}

// dbState is what the database records: golang-migrate's version and
// sqlmap's ledger.
type dbState struct {
	version    uint
	hasVersion bool
	dirty      bool
	hasLedger  bool
	records    map[uint]*Record
}

// read reads both tables; either may be missing.
func (t tables) read(ctx context.Context, q querier) (*dbState, error) {
	st, err := t.readVersion(ctx, q)
	if err != nil || !st.hasLedger {
		return st, err
	}
	return st, t.readRecords(ctx, q, st)
}

// readVersion reads golang-migrate's version, and whether the ledger
// exists, but not its rows.
func (t tables) readVersion(ctx context.Context, q querier) (*dbState, error) {
	st := &dbState{records: map[uint]*Record{}}
	var hasVersion bool
	if err := q.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL`, t.version, t.ledger).Scan(&hasVersion, &st.hasLedger); err != nil {
		return nil, fmt.Errorf("migrate: reading the version: %w", err)
	}
	if hasVersion {
		var v int64
		err := q.QueryRow(ctx, `SELECT version, dirty FROM `+t.version+` LIMIT 1`).Scan(&v, &st.dirty)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return nil, fmt.Errorf("migrate: reading the version: %w", err)
		case v >= 0:
			st.version, st.hasVersion = uint(v), true
		}
	}
	return st, nil
}

// readRecords reads the ledger's rows into st.
func (t tables) readRecords(ctx context.Context, q querier, st *dbState) error {
	rows, err := q.Query(ctx, `SELECT version, name, checksum, state, in_transaction, statements_done, how,
	started_at, applied_at, coalesce(extract(epoch FROM duration), 0)::float8, applied_by, application, sqlmap_version
FROM `+t.ledger+` ORDER BY version`)
	if err != nil {
		return fmt.Errorf("migrate: reading the ledger: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r := &Record{}
		var v int64
		var appliedAt *time.Time
		var secs float64
		if err := rows.Scan(&v, &r.Name, &r.Checksum, &r.State, &r.InTransaction, &r.StatementsDone, &r.How,
			&r.StartedAt, &appliedAt, &secs, &r.AppliedBy, &r.Application, &r.SqlmapVersion); err != nil {
			return fmt.Errorf("migrate: reading the ledger: %w", err)
		}
		r.Version = uint(v)
		if appliedAt != nil {
			r.AppliedAt = *appliedAt
		}
		r.Duration = time.Duration(secs * float64(time.Second))
		st.records[r.Version] = r
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("migrate: reading the ledger: %w", err)
	}
	return nil
}

// setVersion writes golang-migrate's table as its pgx driver does: the
// one row replaced, none for "no version" unless dirty.
func (t tables) setVersion(ctx context.Context, q querier, v int, dirty bool) error {
	if _, err := q.Exec(ctx, `TRUNCATE `+t.version); err != nil {
		return fmt.Errorf("migrate: recording the version: %w", err)
	}
	if v >= 0 || dirty {
		if _, err := q.Exec(ctx, `INSERT INTO `+t.version+` (version, dirty) VALUES ($1, $2)`, v, dirty); err != nil {
			return fmt.Errorf("migrate: recording the version: %w", err)
		}
	}
	return nil
}

// insertRecord adds a finished row (adopted or forced): not run by
// sqlmap, so without times of its own.
func (t tables) insertRecord(ctx context.Context, q querier, m *Migration, how How) error {
	_, err := q.Exec(ctx, `INSERT INTO `+t.ledger+` (version, name, checksum, state, in_transaction, how, applied_at, sqlmap_version)
VALUES ($1, $2, $3, 'applied', true, $4, clock_timestamp(), $5)
ON CONFLICT (version) DO UPDATE SET state = 'applied', how = EXCLUDED.how, in_transaction = true`,
		int64(m.Version), m.Name, m.Checksum, string(how), Version())
	if err != nil {
		return fmt.Errorf("migrate: recording %s in the ledger: %w", m.Name, err)
	}
	return nil
}

// view is the folder read against the database's records: what is
// applied, what is pending, what is out of order, and what a run left
// unfinished. It is pure, so status (which writes nothing) and the runner
// (which writes the adoption under the lock) agree.
type view struct {
	folder *Folder
	db     *dbState
	// applied holds every version the database has: ledger rows applied
	// (or being reverted) and adopted versions.
	applied map[uint]bool
	// adopt are folder migrations golang-migrate's version covers that
	// the ledger lacks: applied before the ledger existed or by
	// golang-migrate's own CLI. The runner records them.
	adopt []*Migration
	// unfinished are rows a run left applying, reverting or reverted.
	unfinished []*Record
	// above are ledger rows applied above a clean version: the version
	// was lowered outside sqlmap (golang-migrate's force or down), and
	// nothing can tell which.
	above []*Record
	// missing are ledger rows whose file the folder lacks.
	missing []*Record
	// clash are ledger rows whose number a different file of the folder
	// has now: that file is not applied, whatever its number says.
	clash map[uint]*Record
	// maxApplied is the highest version applied, -1 for none.
	maxApplied int
}

func newView(f *Folder, db *dbState) *view {
	v := &view{folder: f, db: db, applied: map[uint]bool{}, clash: map[uint]*Record{}, maxApplied: -1}
	maxRecord := -1
	for _, r := range sortedRecords(db.records) {
		switch r.State {
		case RecordApplied, RecordReverting:
			v.applied[r.Version] = true
			maxRecord = max(maxRecord, int(r.Version))
		case RecordApplying:
			maxRecord = max(maxRecord, int(r.Version))
		}
		if r.State != RecordApplied {
			v.unfinished = append(v.unfinished, r)
		}
		if m, ok := f.Find(r.Version); (!ok || m.Name != r.Name) && r.State != RecordReverted {
			// Its file is gone, or another file took its number.
			v.missing = append(v.missing, r)
			if ok {
				v.clash[r.Version] = r
			}
		}
		if r.State == RecordApplied && !db.dirty && (!db.hasVersion || r.Version > db.version) {
			v.above = append(v.above, r)
		}
	}
	if db.hasVersion {
		for _, m := range f.Migrations {
			covered := m.Version < db.version || (m.Version == db.version && !db.dirty)
			if covered && int(m.Version) > maxRecord && db.records[m.Version] == nil {
				v.adopt = append(v.adopt, m)
				v.applied[m.Version] = true
			}
		}
	}
	for a := range v.applied {
		v.maxApplied = max(v.maxApplied, int(a))
	}
	return v
}

func sortedRecords(m map[uint]*Record) []*Record {
	out := make([]*Record, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out
}

// outOfOrder are the folder's migrations not applied below the highest
// one applied: merged from a branch after later ones ran.
func (v *view) outOfOrder() []*Migration {
	var out []*Migration
	for _, m := range v.folder.Migrations {
		if int(m.Version) < v.maxApplied && !v.applied[m.Version] && v.db.records[m.Version] == nil {
			out = append(out, m)
		}
	}
	return out
}

// edited are applied migrations whose up file changed since.
func (v *view) edited() []*Migration {
	var out []*Migration
	for _, m := range v.folder.Migrations {
		r := v.db.records[m.Version]
		if r != nil && r.State == RecordApplied && r.Checksum != "" && r.Checksum != m.Checksum && v.clash[m.Version] == nil {
			out = append(out, m)
		}
	}
	return out
}

// ahead is the version golang-migrate records when the folder lacks it.
func (v *view) ahead() (uint, bool) {
	if !v.db.hasVersion {
		return 0, false
	}
	_, ok := v.folder.Find(v.db.version)
	return v.db.version, !ok
}

// pending are the folder's migrations not applied, in order, out of
// order ones included.
func (v *view) pending() []*Migration {
	var out []*Migration
	for _, m := range v.folder.Migrations {
		if !v.applied[m.Version] {
			out = append(out, m)
		}
	}
	return out
}

// appliedDesc are the applied versions the folder has, highest first.
func (v *view) appliedDesc() []*Migration {
	var out []*Migration
	for i := len(v.folder.Migrations) - 1; i >= 0; i-- {
		if m := v.folder.Migrations[i]; v.applied[m.Version] {
			out = append(out, m)
		}
	}
	return out
}

// below is the highest applied version under v, -1 for none: the version
// to record once v is reverted.
func (v *view) below(ver uint) int {
	best := -1
	for a := range v.applied {
		if a < ver {
			best = max(best, int(a))
		}
	}
	return best
}

// Interrupted is what the ledger knows of a migration a run left
// unfinished: the answer to "the database is dirty, what happened?".
type Interrupted struct {
	Direction Direction
	Version   uint
	Label     string // such as 000002_add_email
	File      string // the up or down file that was running
	// InTransaction: the file ran in one transaction with its ledger row,
	// so Committed says for certain whether its statements took effect.
	InTransaction bool
	Committed     bool
	// StatementsDone of Statements finished, for a file that runs
	// statement by statement; the next one may or may not have run.
	StatementsDone int
	Statements     int
	// NextStatement is the line and text of the statement that was
	// running, for a file that runs statement by statement.
	NextLine int
	NextSQL  string
	// Catalog is what the catalog shows of that statement (an index
	// built, INVALID, or missing), when it can tell.
	Catalog string
	Record  *Record
}

func (i *Interrupted) String() string {
	verb := "applied"
	if i.Direction == DirDown {
		verb = "reverted"
	}
	switch {
	case i.InTransaction && i.Committed && i.Direction == DirUp:
		return fmt.Sprintf("%s was being %s; its statements committed at %s: nothing to redo", i.File, verb, i.Record.AppliedAt.Local().Format("15:04:05"))
	case i.InTransaction && i.Committed:
		return fmt.Sprintf("%s was being run; it committed: %s is reverted", i.File, i.Label)
	case i.InTransaction:
		return fmt.Sprintf("%s was being run (from %s); it ran in one transaction and nothing of it committed", i.File, i.Record.StartedAt.Local().Format("15:04:05"))
	}
	msg := fmt.Sprintf("%s was being run statement by statement (sqlmap:no-transaction or its own BEGIN/COMMIT): %d of %d statement(s) finished", i.File, i.StatementsDone, i.Statements)
	if i.NextLine > 0 {
		msg += fmt.Sprintf("; statement %d (line %d: %s) may or may not have run", i.StatementsDone+1, i.NextLine, firstLine(i.NextSQL))
	}
	if i.Catalog != "" {
		msg += ": " + i.Catalog
	}
	return msg
}

func firstLine(s string) string {
	s, _, cut := strings.Cut(strings.TrimSpace(s), "\n")
	if cut || len(s) > 60 {
		if len(s) > 60 {
			s = s[:60]
		}
		return s + " …"
	}
	return s
}

// interrupted explains the unfinished rows; the file lookup may fail for
// a row whose file is gone.
func (v *view) interrupted() []*Interrupted {
	var out []*Interrupted
	for _, r := range v.unfinished {
		it := &Interrupted{Version: r.Version, Label: r.Label(v.folder.Width), InTransaction: r.InTransaction, StatementsDone: r.StatementsDone, Record: r}
		m, _ := v.folder.Find(r.Version)
		switch r.State {
		case RecordApplying:
			it.Direction = DirUp
		case RecordReverting:
			it.Direction = DirDown
		case RecordReverted:
			it.Direction, it.Committed = DirDown, true
		}
		if m != nil {
			it.Label = m.Label(v.folder.Width)
			var stmts []sqllex.Statement
			it.File, stmts, _ = m.side(it.Direction)
			it.Statements = len(stmts)
			if !it.InTransaction && it.StatementsDone < len(stmts) {
				it.NextLine, it.NextSQL = stmts[it.StatementsDone].Line, stmts[it.StatementsDone].SQL
			}
		} else {
			it.File = it.Label + "." + string(it.Direction) + ".sql"
		}
		out = append(out, it)
	}
	return out
}
