package migrate_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	gomigrate "github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

type row struct {
	Version       int64
	Name          string
	Checksum      string
	State         string
	InTransaction bool
	How           string
	Application   string
	HasDuration   bool
}

func ledger(t *testing.T, url string) []row {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT version, name, checksum, state, in_transaction, how, application, duration IS NOT NULL
		FROM sqlmap_migrations ORDER BY version`)
	require.NoError(t, err)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[row])
	require.NoError(t, err)
	return out
}

func exec(t *testing.T, url string, sqls ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	for _, s := range sqls {
		_, err := conn.Exec(ctx, s)
		require.NoError(t, err, s)
	}
}

// golangMigrate is golang-migrate's own runner and pgx driver, as its CLI
// would run them on the same database.
func golangMigrate(t *testing.T, url string, fsys fstest.MapFS) *gomigrate.Migrate {
	t.Helper()
	drv := golangMigrateDriver(t, url, "")
	src, err := iofs.New(fsys, ".")
	require.NoError(t, err)
	m, err := gomigrate.NewWithInstance("iofs", src, "pgx5", drv)
	require.NoError(t, err)
	return m
}

// golangMigrateDriver is golang-migrate's own pgx driver on url, its
// session named app when app is set.
func golangMigrateDriver(t *testing.T, url, app string) database.Driver {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	require.NoError(t, err)
	if app != "" {
		cfg.RuntimeParams["application_name"] = app
	}
	db := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { db.Close() })
	drv, err := migratepgx.WithInstance(db, &migratepgx.Config{})
	require.NoError(t, err)
	return drv
}

func TestLedgerRecordsEachFileInItsTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	mg := open(t, url, threeSteps)
	_, err := mg.Up(ctx, 0)
	require.NoError(t, err)
	got := ledger(t, url)
	require.Len(t, got, 3)
	for i, r := range got {
		assert.Equal(t, int64(i+1), r.Version)
		assert.Equal(t, "applied", r.State)
		assert.Equal(t, "run", r.How)
		assert.True(t, r.InTransaction)
		assert.True(t, r.HasDuration)
		assert.Equal(t, "sqlmap", r.Application)
	}
	assert.Equal(t, migrate.Checksum(threeSteps["000002_b.up.sql"].Data), got[1].Checksum)
	assert.Equal(t, "b", got[1].Name)

	_, err = mg.Down(ctx, 1)
	require.NoError(t, err)
	assert.Len(t, ledger(t, url), 2, "down removes the row")

	// golang-migrate's own driver reads the version sqlmap wrote.
	v, dirty, err := golangMigrate(t, url, threeSteps).Version()
	require.NoError(t, err)
	assert.Equal(t, uint(2), v)
	assert.False(t, dirty)
}

// A file with its own BEGIN ... COMMIT gets its ledger row inside that
// transaction; one whose COMMITs split it runs as golang-migrate would,
// and the ledger says it cannot vouch for it.
func TestFilesWithTheirOwnTransactionControl(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	fsys := files(
		"000001_a.up.sql", "BEGIN;\nCREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\nCOMMIT;\n",
		"000001_a.down.sql", "BEGIN;\nDROP TABLE a;\nCOMMIT;\n",
		"000002_b.up.sql", "BEGIN;\nCREATE TABLE b (id int);\nCOMMIT;\nBEGIN;\nCREATE TABLE b2 (id int);\nCOMMIT;\n",
		"000002_b.down.sql", "DROP TABLE b2;\nDROP TABLE b;\n",
		"000003_c.up.sql", "BEGIN;\nCREATE TABLE c (id int);\nINSERT INTO c VALUES ('x');\nCOMMIT;\n",
		"000003_c.down.sql", "DROP TABLE c;\n",
	)
	mg := open(t, url, fsys)
	_, err := mg.Up(ctx, 2)
	require.NoError(t, err)
	got := ledger(t, url)
	require.Len(t, got, 2)
	assert.True(t, got[0].InTransaction)
	assert.False(t, got[1].InTransaction, "two transactions: a crash between them would leave one")
	assert.Equal(t, "applied", got[1].State)

	_, err = mg.Up(ctx, 0)
	var me *migrate.MigrationError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, 3, me.Line)
	assert.True(t, me.InTransaction)
	assert.Contains(t, err.Error(), "rolled back: nothing of it was applied; the database is at version 2")
	assert.Equal(t, "2", version(t, mg))
}

// A database golang-migrate migrated before the ledger existed, or that
// its own CLI moved on, is adopted: the versions its table covers are
// recorded, not run again.
func TestAdoptsWhatGolangMigrateApplied(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	require.NoError(t, golangMigrate(t, url, threeSteps).Steps(2))

	st, err := migrate.ReadStatus(ctx, url, threeSteps)
	require.NoError(t, err)
	assert.False(t, st.HasLedger)
	assert.Equal(t, 1, st.Pending())
	assert.True(t, st.Migrations[0].Adopted)

	mg := open(t, url, threeSteps)
	evs, err := mg.Up(ctx, 0)
	require.NoError(t, err)
	require.Len(t, evs, 1, "only 3 runs")
	assert.Equal(t, "000003_c", evs[0].Label)
	got := ledger(t, url)
	require.Len(t, got, 3)
	assert.Equal(t, []string{"adopted", "adopted", "run"}, []string{got[0].How, got[1].How, got[2].How})
	assert.Equal(t, []string{"a", "b", "c"}, pgtest.Tables(t, url))

	// golang-migrate's CLI goes down one: sqlmap cannot tell a down
	// from a force, and refuses rather than guess.
	require.NoError(t, golangMigrate(t, url, threeSteps).Steps(-1))
	_, err = mg.Up(ctx, 0)
	var lme *migrate.LedgerMismatchError
	require.ErrorAs(t, err, &lme)
	assert.Equal(t, "migrate: golang-migrate's version is 2, but sqlmap's ledger has 000003_c applied: the version was changed outside sqlmap (golang-migrate's force or down); nothing was run", err.Error())
	require.NoError(t, mg.Force(ctx, 2))
	_, err = mg.Up(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c"}, pgtest.Tables(t, url))
}

func writeDir(t *testing.T, dir string, kv ...string) {
	t.Helper()
	for i := 0; i < len(kv); i += 2 {
		require.NoError(t, os.WriteFile(filepath.Join(dir, kv[i]), []byte(kv[i+1]), 0o644))
	}
}

// The branch merged late: 1 and 3 applied, then 2 arrives.
func TestOutOfOrderMigrations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	dir := t.TempDir()
	writeDir(t, dir,
		"000001_a.up.sql", "CREATE TABLE a (id int);", "000001_a.down.sql", "DROP TABLE a;",
		"000003_c.up.sql", "CREATE TABLE c (id int);", "000003_c.down.sql", "DROP TABLE c;")
	mg, err := migrate.Open(ctx, url, os.DirFS(dir))
	require.NoError(t, err)
	_, err = mg.Up(ctx, 0)
	require.NoError(t, err)
	mg.Close()

	writeDir(t, dir, "000002_b.up.sql", "CREATE TABLE b (id int);", "000002_b.down.sql", "DROP TABLE b;")
	st, err := migrate.ReadStatus(ctx, url, os.DirFS(dir))
	require.NoError(t, err)
	assert.Equal(t, migrate.StateOutOfOrder, st.Migrations[1].State)
	assert.False(t, st.Migrations[1].Applied, "never applied, although below the version")
	assert.Equal(t, 1, st.Pending())

	mg, err = migrate.Open(ctx, url, os.DirFS(dir))
	require.NoError(t, err)
	defer mg.Close()
	_, err = mg.Up(ctx, 0)
	var oe *migrate.OutOfOrderError
	require.ErrorAs(t, err, &oe)
	assert.ErrorIs(t, err, migrate.ErrOutOfOrder)
	assert.Equal(t, "migrate: 000002_b is not applied, but the database has a later migration (version 3): merged after it ran? nothing was run", err.Error())
	assert.Equal(t, []string{"a", "c"}, pgtest.Tables(t, url))

	// Renumbered, it applies after 3, in order.
	r, err := migrate.Renumber(dir, st, 2)
	require.NoError(t, err)
	assert.Equal(t, "000004_b", r.To)
	assert.NoFileExists(t, filepath.Join(dir, "000002_b.up.sql"))
	assert.FileExists(t, filepath.Join(dir, "000004_b.down.sql"))
	renumbered, err := migrate.Open(ctx, url, os.DirFS(dir))
	require.NoError(t, err)
	defer renumbered.Close()
	evs, err := renumbered.Up(ctx, 0)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, "000004_b", evs[0].Label)
	assert.Equal(t, "4", version(t, renumbered))

	// An applied migration keeps its number.
	st, err = migrate.ReadStatus(ctx, url, os.DirFS(dir))
	require.NoError(t, err)
	_, err = migrate.Renumber(dir, st, 3)
	assert.EqualError(t, err, "migrate: renumber: 000003_c is applied in the database: only a migration that never ran may change its number")
}

func TestAllowOutOfOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	late := files(
		"000001_a.up.sql", "CREATE TABLE a (id int);", "000001_a.down.sql", "DROP TABLE a;",
		"000003_c.up.sql", "CREATE TABLE c (id int);", "000003_c.down.sql", "DROP TABLE c;")
	_, err := open(t, url, late).Up(ctx, 0)
	require.NoError(t, err)
	late["000002_b.up.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE b (id int);")}
	late["000002_b.down.sql"] = &fstest.MapFile{Data: []byte("DROP TABLE b;")}

	mg := open(t, url, late, migrate.WithAllowOutOfOrder())
	evs, err := mg.Up(ctx, 0)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.True(t, evs[0].OutOfOrder)
	assert.Equal(t, "3", version(t, mg), "the version stays the highest applied")
	assert.Equal(t, []string{"a", "b", "c"}, pgtest.Tables(t, url))
	got := ledger(t, url)
	require.Len(t, got, 3)
	assert.Equal(t, "out-of-order", got[1].How)
	evs, err = mg.Up(ctx, 0)
	require.NoError(t, err)
	assert.Empty(t, evs, "applied once")

	// Down goes by the ledger: 3, then 2, then 1.
	_, err = mg.Down(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "2", version(t, mg))
	_, err = mg.Down(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "1", version(t, mg))
	assert.Equal(t, []string{"a"}, pgtest.Tables(t, url))
}

// The database ahead of the folder: a file deleted, an older checkout.
func TestDatabaseAheadOfTheFolder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	_, err := open(t, url, threeSteps).Up(ctx, 0)
	require.NoError(t, err)
	older := files(
		"000001_a.up.sql", "CREATE TABLE a (id int);", "000001_a.down.sql", "DROP TABLE a;",
		"000002_b.up.sql", string(threeSteps["000002_b.up.sql"].Data), "000002_b.down.sql", "DROP TABLE b;")
	st, err := migrate.ReadStatus(ctx, url, older)
	require.NoError(t, err)
	assert.True(t, st.Ahead())
	assert.True(t, st.VersionMissing)
	require.Len(t, st.Missing, 1)
	assert.Equal(t, uint(3), st.Missing[0].Version)
	assert.Equal(t, uint(3), st.MaxVersion(), "the next migration must be numbered above 3")

	older["000003_d.up.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE d (id int);")}
	older["000003_d.down.sql"] = &fstest.MapFile{Data: []byte("DROP TABLE d;")}
	st, err = migrate.ReadStatus(ctx, url, older)
	require.NoError(t, err)
	assert.False(t, st.Migrations[2].Applied, "the new 3 never ran, whatever its number")
	require.NotNil(t, st.Migrations[2].NumberTakenBy)
	assert.Equal(t, "c", st.Migrations[2].NumberTakenBy.Name)
	_, err = open(t, url, older).Up(ctx, 0)
	assert.ErrorIs(t, err, migrate.ErrAhead, "the database's 3 is another migration")
	delete(older, "000003_d.up.sql")
	delete(older, "000003_d.down.sql")
	_, err = open(t, url, older).Up(ctx, 0)
	var ae *migrate.AheadError
	require.ErrorAs(t, err, &ae)
	assert.Contains(t, err.Error(), "the database has version 3, which the migrations folder lacks (its newest is 2): is this an older checkout?")
	assert.Contains(t, err.Error(), "000003_c is applied")
	_, err = open(t, url, older).Down(ctx, 1)
	assert.ErrorIs(t, err, migrate.ErrAhead, "down refuses too: it would revert 2 under 3")
	assert.Equal(t, []string{"a", "b", "c"}, pgtest.Tables(t, url))
}

func TestEditedAfterItWasApplied(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	fsys := files(
		"000001_a.up.sql", "CREATE TABLE a (id int);", "000001_a.down.sql", "DROP TABLE a;",
		"000002_b.up.sql", "CREATE TABLE b (id int);", "000002_b.down.sql", "DROP TABLE b;")
	_, err := open(t, url, fsys).Up(ctx, 1)
	require.NoError(t, err)
	fsys["000001_a.up.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE a (id int); ")} // one space
	st, err := migrate.ReadStatus(ctx, url, fsys)
	require.NoError(t, err)
	assert.True(t, st.Migrations[0].Edited)
	assert.False(t, st.Migrations[1].Edited)

	_, err = open(t, url, fsys).Up(ctx, 0)
	var ee *migrate.EditedError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "migrate: 000001_a.up.sql changed after it was applied (any change counts, whitespace too); nothing was run", err.Error())
	assert.Equal(t, []string{"a"}, pgtest.Tables(t, url))

	_, err = open(t, url, fsys, migrate.WithAllowEdited()).Up(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, pgtest.Tables(t, url))
}

func TestForceRecordsExactlyTheVersionsUpToIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	exec(t, url, "CREATE TABLE a (id int)", "CREATE TABLE b (id int)") // built by hand
	mg := open(t, url, threeSteps)
	require.NoError(t, mg.Force(ctx, 2))
	got := ledger(t, url)
	require.Len(t, got, 2)
	assert.Equal(t, "forced", got[0].How)
	evs, err := mg.Up(ctx, 0)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, "000003_c", evs[0].Label)

	require.NoError(t, mg.Force(ctx, 1))
	assert.Len(t, ledger(t, url), 1)
	assert.Equal(t, "1", version(t, mg))
	require.NoError(t, mg.Force(ctx, -1))
	assert.Empty(t, ledger(t, url))
	assert.Equal(t, "none", version(t, mg))
}

// What a run cut short leaves, written as it would leave it, and what
// Recover makes of it.
func TestRecoverSettlesFromTheLedger(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		setup []string
		// want: the version after Recover, or the error.
		want, err string
	}{{
		name: "killed before the file committed",
		setup: []string{
			`UPDATE schema_migrations SET version = 2, dirty = true`,
			`INSERT INTO sqlmap_migrations (version, name, state, in_transaction, how, sqlmap_version) VALUES (2, 'b', 'applying', true, 'run', 'test')`},
		want: "1",
	}, {
		name: "killed after the file committed",
		setup: []string{
			`UPDATE schema_migrations SET version = 2, dirty = true`,
			`INSERT INTO sqlmap_migrations (version, name, state, in_transaction, how, applied_at, sqlmap_version) VALUES (2, 'b', 'applied', true, 'run', now(), 'test')`},
		want: "2",
	}, {
		name: "killed during a down that did not commit",
		setup: []string{
			`INSERT INTO sqlmap_migrations (version, name, state, in_transaction, how, sqlmap_version) VALUES (2, 'b', 'reverting', true, 'run', 'test')`,
			`UPDATE schema_migrations SET version = 1, dirty = true`},
		want: "2",
	}, {
		name: "killed after a down committed",
		setup: []string{
			`INSERT INTO sqlmap_migrations (version, name, state, in_transaction, how, sqlmap_version) VALUES (2, 'b', 'reverted', true, 'run', 'test')`,
			`UPDATE schema_migrations SET version = 1, dirty = true`},
		want: "1",
	}, {
		name: "a file run statement by statement, stopped part-way",
		setup: []string{
			`UPDATE schema_migrations SET version = 2, dirty = true`,
			`INSERT INTO sqlmap_migrations (version, name, state, in_transaction, statements_done, how, sqlmap_version) VALUES (2, 'b', 'applying', false, 1, 'run', 'test')`},
		err: "migrate: the database is marked dirty at version 2: a run was cut short or failed; nothing was run\n" +
			"  000002_b.up.sql was being run statement by statement (sqlmap:no-transaction or its own BEGIN/COMMIT): 1 of 2 statement(s) finished; statement 2 (line 2: INSERT INTO b VALUES (1)) may or may not have run",
	}, {
		name:  "dirty without a ledger record",
		setup: []string{`UPDATE schema_migrations SET version = 2, dirty = true`},
		err: "migrate: the database is marked dirty at version 2: a run was cut short or failed; nothing was run\n" +
			"  sqlmap's ledger has no record of the run that marked it: golang-migrate's CLI, or a run before sqlmap kept a ledger, did",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, url := pgtest.SchemaURL(t)
			mg := open(t, url, threeSteps)
			_, err := mg.Up(ctx, 1)
			require.NoError(t, err)
			exec(t, url, tc.setup...)
			_, err = mg.Up(ctx, 0)
			require.ErrorIs(t, err, migrate.ErrDirty, "up refuses a dirty database")
			rec, err := mg.Recover(ctx)
			if tc.err != "" {
				var de *migrate.DirtyError
				require.ErrorAs(t, err, &de)
				assert.False(t, de.Recoverable())
				assert.Equal(t, tc.err, err.Error())
				return
			}
			require.NoError(t, err)
			assert.True(t, rec.WasDirty)
			assert.Equal(t, tc.want, version(t, mg))
			_, err = mg.Up(ctx, 0)
			require.NoError(t, err)
			assert.Equal(t, "3", version(t, mg))
		})
	}
}

// Up waits for a run holding the lock, reporting who holds it, and gives
// up after its timeout.
func TestLockWaitAndTimeout(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	mg := open(t, url, threeSteps)
	_, err := mg.Up(ctx, 1)
	require.NoError(t, err)

	// Another session holds golang-migrate's lock, the way golang-migrate's
	// CLI takes it.
	drv := golangMigrateDriver(t, url, "the other run")
	require.NoError(t, drv.Lock())

	var waits []migrate.LockWait
	waiting := open(t, url, threeSteps, migrate.WithLockTimeout(2500*time.Millisecond), migrate.WithLockWait(func(w migrate.LockWait) { waits = append(waits, w) }))
	_, err = waiting.Up(ctx, 0)
	var lte *migrate.LockTimeoutError
	require.ErrorAs(t, err, &lte)
	require.NotNil(t, lte.Holder)
	assert.Equal(t, "the other run", lte.Holder.Application)
	require.NotEmpty(t, waits, "it said it was waiting")
	assert.Equal(t, "the other run", waits[0].Holder.Application)
	assert.Equal(t, "1", version(t, mg), "nothing ran")

	require.NoError(t, drv.Unlock())
	_, err = waiting.Up(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, "3", version(t, mg))
}

// A CREATE INDEX CONCURRENTLY that failed leaves an INVALID index: recover
// cannot settle it, and says what the catalog shows.
func TestRecoverRefusesAnIndexBuildCutShort(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	fsys := files(
		"000001_t.up.sql", "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1), (1);", "000001_t.down.sql", "DROP TABLE t;",
		"000002_idx.up.sql", migrate.NoTransactionDirective+"\nCREATE UNIQUE INDEX CONCURRENTLY t_a ON t (a);\n",
		"000002_idx.down.sql", migrate.NoTransactionDirective+"\nDROP INDEX CONCURRENTLY t_a;\n")
	mg := open(t, url, fsys)
	_, err := mg.Up(ctx, 0)
	require.ErrorIs(t, err, migrate.ErrDirty)
	_, err = mg.Recover(ctx)
	var de *migrate.DirtyError
	require.ErrorAs(t, err, &de)
	assert.False(t, de.Recoverable())
	assert.Contains(t, err.Error(), "0 of 1 statement(s) finished; statement 1 (line 2: CREATE UNIQUE INDEX CONCURRENTLY t_a ON t (a)) may or may not have run: "+
		"the catalog shows index t_a INVALID: its build was cut short; drop it (DROP INDEX CONCURRENTLY t_a) and build it again")
	st, err := migrate.ReadStatus(ctx, url, fsys)
	require.NoError(t, err)
	assert.Contains(t, st.DirtyError().Error(), "the catalog shows index t_a INVALID")

	// Fixed by hand, recorded with force, applied.
	exec(t, url, "DROP INDEX CONCURRENTLY t_a", "DELETE FROM t WHERE ctid = (SELECT max(ctid) FROM t)")
	require.NoError(t, mg.Force(ctx, 1))
	_, err = mg.Up(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, "2", version(t, mg))
}

// UpToDate says, typed, why a draft would be wrong against the database.
func TestStatusUpToDate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	status := func(fsys fstest.MapFS) *migrate.Status {
		st, err := migrate.ReadStatus(ctx, url, fsys)
		require.NoError(t, err)
		return st
	}
	var pe *migrate.PendingError
	require.ErrorAs(t, status(threeSteps).UpToDate("migrations"), &pe)
	assert.Equal(t, 3, pe.Pending)
	_, err := open(t, url, threeSteps).Up(ctx, 0)
	require.NoError(t, err)
	assert.NoError(t, status(threeSteps).UpToDate("migrations"))

	older := files("000001_a.up.sql", "CREATE TABLE a (id int);", "000001_a.down.sql", "DROP TABLE a;")
	var ae *migrate.AheadError
	assert.ErrorAs(t, status(older).UpToDate("migrations"), &ae)

	late := fstest.MapFS{}
	for k, v := range threeSteps {
		late[k] = v
	}
	late["000000_z.up.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE z (id int);")}
	late["000000_z.down.sql"] = &fstest.MapFile{Data: []byte("DROP TABLE z;")}
	var oe *migrate.OutOfOrderError
	assert.ErrorAs(t, status(late).UpToDate("migrations"), &oe)

	exec(t, url, `UPDATE schema_migrations SET dirty = true`)
	assert.ErrorIs(t, status(threeSteps).UpToDate("migrations"), migrate.ErrDirty)
}
