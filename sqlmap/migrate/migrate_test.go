package migrate_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/migrations"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, "sqlmap_migrate")) }

func files(kv ...string) fstest.MapFS {
	fs := fstest.MapFS{}
	for i := 0; i < len(kv); i += 2 {
		fs[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1])}
	}
	return fs
}

var threeSteps = files(
	"000001_a.up.sql", "CREATE TABLE a (id int);",
	"000001_a.down.sql", "DROP TABLE a;",
	"000002_b.up.sql", "CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);",
	"000002_b.down.sql", "DROP TABLE b;",
	"000003_c.up.sql", "CREATE TABLE c (id int);",
	"000003_c.down.sql", "DROP TABLE c;",
	"migrations.go", "package migrations // not a migration: ignored",
)

func open(t *testing.T, url string, fsys fstest.MapFS, opts ...migrate.Option) *migrate.Migrator {
	t.Helper()
	mg, err := migrate.Open(context.Background(), url, fsys, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { mg.Close() })
	return mg
}

func version(t *testing.T, mg *migrate.Migrator) string {
	t.Helper()
	v, dirty, ok, err := mg.Version(context.Background())
	require.NoError(t, err)
	switch {
	case !ok:
		return "none"
	case dirty:
		return fmt.Sprintf("%d dirty", v)
	}
	return fmt.Sprint(v)
}

func TestUpDownGotoForce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	var seen []string
	mg := open(t, url, threeSteps, migrate.WithProgress(func(e migrate.Event) {
		seen = append(seen, string(e.Direction)+" "+e.Label)
	}))
	assert.Equal(t, "none", version(t, mg))

	evs, err := mg.Up(ctx, 2)
	require.NoError(t, err)
	assert.Len(t, evs, 2)
	assert.Equal(t, "2", version(t, mg))
	assert.Equal(t, []string{"a", "b"}, pgtest.Tables(t, url))

	evs, err = mg.Up(ctx, 0)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, uint(3), evs[0].Migration.Version)
	assert.Equal(t, []string{"a", "b", "c"}, pgtest.Tables(t, url))

	evs, err = mg.Up(ctx, 0)
	require.NoError(t, err)
	assert.Empty(t, evs, "nothing pending is not an error")

	evs, err = mg.Down(ctx, 1)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, "000003_c", evs[0].Label)
	assert.Equal(t, "2", version(t, mg))

	_, err = mg.Goto(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, pgtest.Tables(t, url))
	_, err = mg.Goto(ctx, 3)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c"}, pgtest.Tables(t, url))
	_, err = mg.Goto(ctx, 9)
	assert.EqualError(t, err, "migrate: goto: no migration with version 9 in the migrations folder (it has 1 to 3)")

	evs, err = mg.DownAll(ctx)
	require.NoError(t, err)
	assert.Len(t, evs, 3)
	assert.Equal(t, "none", version(t, mg))
	assert.Empty(t, pgtest.Tables(t, url))
	evs, err = mg.Down(ctx, 1)
	var ce *migrate.CountError
	require.ErrorAs(t, err, &ce, "a count is a promise: nothing to revert is an error")
	assert.Equal(t, migrate.CountError{Direction: migrate.DirDown, Asked: 1, Available: 0}, *ce)
	assert.Empty(t, evs)

	require.NoError(t, mg.Force(ctx, 2))
	assert.Equal(t, "2", version(t, mg), "force records a version without running anything")
	assert.Empty(t, pgtest.Tables(t, url))
	require.NoError(t, mg.Force(ctx, -1))
	assert.Equal(t, "none", version(t, mg))
	assert.EqualError(t, mg.Force(ctx, 7), "migrate: force: no migration with version 7 in the migrations folder (it has 1 to 3)")

	assert.Equal(t, []string{
		"up 000001_a", "up 000002_b", "up 000003_c", "down 000003_c",
		"down 000002_b", "up 000002_b", "up 000003_c",
		"down 000003_c", "down 000002_b", "down 000001_a",
	}, seen)
}

func TestFailureInTheMiddleOfAFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	bad := files(
		"000001_a.up.sql", "CREATE TABLE a (id int);",
		"000001_a.down.sql", "DROP TABLE a;",
		"000002_b.up.sql", "CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\nINSERT INTO b\n  VALUES (nope);\nCREATE TABLE b2 (id int);",
		"000002_b.down.sql", "DROP TABLE b2;\nDROP TABLE b;",
	)
	mg := open(t, url, bad)
	evs, err := mg.Up(ctx, 0)
	require.Error(t, err)
	assert.Len(t, evs, 1, "the first migration was applied")
	var me *migrate.MigrationError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "000002_b.up.sql", me.File)
	assert.Equal(t, 4, me.Line, "the line of `VALUES (nope)`")
	assert.False(t, me.Dirty)
	assert.NotErrorIs(t, err, migrate.ErrDirty)
	assert.Equal(t, `migrate: 000002_b.up.sql:4 failed: ERROR: column "nope" does not exist (SQLSTATE 42703)
  it ran in one transaction and rolled back: nothing of it was applied; the database is at version 1`, err.Error())
	assert.Equal(t, []string{"a"}, pgtest.Tables(t, url), "nothing of the failed file remains")
	assert.Equal(t, "1", version(t, mg), "the ledger knows nothing committed: no force needed")

	// Fix the file, up: no force.
	bad["000002_b.up.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE b (id int);\nCREATE TABLE b2 (id int);")}
	fixed := open(t, url, bad)
	_, err = fixed.Up(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "b2"}, pgtest.Tables(t, url))
	assert.Equal(t, "2", version(t, fixed))
}

func TestFirstMigrationFailingLeavesNoVersion(t *testing.T) {
	t.Parallel()
	_, url := pgtest.SchemaURL(t)
	mg := open(t, url, files("1_a.up.sql", "CREATE TABLE a (id nosuchtype);", "1_a.down.sql", "DROP TABLE a;"))
	_, err := mg.Up(context.Background(), 0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1_a.up.sql:1 failed")
	assert.Contains(t, err.Error(), "nothing of it was applied; the database is at version none")
	assert.Equal(t, "none", version(t, mg))
}

func TestNoTransactionDirective(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	fsys := files(
		"000001_t.up.sql", "CREATE TABLE t (id int, name text);\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;",
		"000001_t.down.sql", "DROP FUNCTION f();\nDROP TABLE t;",
		"000002_idx.up.sql", migrate.NoTransactionDirective+"\nCREATE INDEX CONCURRENTLY t_id ON t (id);\nCREATE INDEX CONCURRENTLY t_name ON t (name);\n",
		"000002_idx.down.sql", migrate.NoTransactionDirective+"\nDROP INDEX CONCURRENTLY t_name;\nDROP INDEX CONCURRENTLY t_id;\n",
	)
	mg := open(t, url, fsys)
	_, err := mg.Up(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, "2", version(t, mg))
	_, err = mg.Down(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "1", version(t, mg))

	// Without the directive PostgreSQL refuses, and the error says what to add.
	_, url2 := pgtest.SchemaURL(t)
	fsys["000002_idx.up.sql"] = &fstest.MapFile{Data: []byte("CREATE INDEX CONCURRENTLY t_id ON t (id);\nCREATE INDEX CONCURRENTLY t_name ON t (name);\n")}
	mg2 := open(t, url2, fsys)
	_, err = mg2.Up(ctx, 0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `make "-- sqlmap:no-transaction" the first line of the file`)

	// With the directive, a failure leaves the statements before it.
	_, url3 := pgtest.SchemaURL(t)
	fsys["000002_idx.up.sql"] = &fstest.MapFile{Data: []byte(migrate.NoTransactionDirective + "\nCREATE INDEX CONCURRENTLY t_id ON t (id);\n\nCREATE INDEX CONCURRENTLY t_x ON t (nope);\n")}
	mg3 := open(t, url3, fsys)
	_, err = mg3.Up(ctx, 0)
	var me *migrate.MigrationError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, 4, me.Line)
	assert.False(t, me.InTransaction)
	assert.Equal(t, 1, me.StatementsDone)
	assert.ErrorIs(t, err, migrate.ErrDirty)
	assert.Contains(t, err.Error(), "1 of 2 statement(s) finished and stay applied; the database is marked dirty at version 2")
}

func TestFolderProblems(t *testing.T) {
	t.Parallel()
	_, url := pgtest.SchemaURL(t)
	fsys := files(
		"000001_a.up.sql", "CREATE TABLE a (id int);",
		"000002_b.up.sql", "CREATE TABLE b (id int);",
		"000003_c.down.sql", "DROP TABLE c;",
		"000004_d.up.sql", "CREATE TABLE d (id int);",
		"000004_d.down.sql", "DROP TABLE d;",
		"4_dd.up.sql", "CREATE TABLE dd (id int);",
		"000005_e.up.sql", "-- nothing here yet\n",
		"000005_e.down.sql", "",
		"add_users.sql", "CREATE TABLE x (id int);",
		"000006_f.up.sql", "SELECT 'unterminated;",
		"000006_f.down.sql", "",
	)
	fsys["000001_a.down.sql"] = &fstest.MapFile{Data: []byte("DROP TABLE a;")}
	_, err := migrate.Open(context.Background(), url, fsys)
	var fe *migrate.FolderError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, `migrate: the migrations folder migrations has 6 problem(s); nothing was run
  000002_b.up.sql: up migration without a down migration (add 000002_b.down.sql)
  000003_c.down.sql: down migration without an up migration
  000004_d.up.sql, 4_dd.up.sql: 2 up files with version 4
  000005_e.up.sql: up migration is empty
  000006_f.up.sql:1: unterminated string literal
  add_users.sql: file name does not parse: want NNNNNN_name.up.sql or NNNNNN_name.down.sql`, err.Error())
	assert.Empty(t, pgtest.Tables(t, url), "nothing ran")

	st, err := migrate.ReadStatus(context.Background(), url, fsys)
	require.NoError(t, err, "status reports problems instead of failing")
	assert.Len(t, st.Problems, 6)
}

func TestCancelStopsBetweenMigrations(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, url := pgtest.SchemaURL(t)
	mg := open(t, url, threeSteps, migrate.WithProgress(func(migrate.Event) { cancel() }))
	evs, err := mg.Up(ctx, 0)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Len(t, evs, 1)
	var se *migrate.StoppedError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 2, se.Pending)
	assert.Nil(t, se.Abandoned, "it stopped between two files")
	assert.Equal(t, "migrate: stopped (context canceled) after applying 000001_a; 2 pending", err.Error())
	assert.Equal(t, "1", version(t, mg))
	assert.Equal(t, []string{"a"}, pgtest.Tables(t, url))
}

func TestEmbeddedExampleMigrations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	require.NoError(t, migrate.Up(ctx, url, migrations.FS))
	assert.Equal(t, []string{"users"}, pgtest.Tables(t, url))
	st, err := migrate.ReadStatus(ctx, url, migrations.FS)
	require.NoError(t, err)
	assert.True(t, st.HasVersion)
	assert.Equal(t, uint(1), st.Version)
	assert.Zero(t, st.Pending())
}

// TestConcurrentUp runs two migrators at once on a 20-migration folder:
// golang-migrate's advisory lock must make each migration run exactly once.
func TestConcurrentUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	fsys := files("000001_log.up.sql", "CREATE TABLE log (version int PRIMARY KEY, at timestamptz DEFAULT clock_timestamp());",
		"000001_log.down.sql", "DROP TABLE log;")
	for v := 2; v <= 20; v++ {
		fsys[fmt.Sprintf("%06d_step.up.sql", v)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("SELECT pg_sleep(0.01);\nINSERT INTO log (version) VALUES (%d);", v))}
		fsys[fmt.Sprintf("%06d_step.down.sql", v)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("DELETE FROM log WHERE version = %d;", v))}
	}
	var wg sync.WaitGroup
	counts := make([]int, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mg, err := migrate.Open(ctx, url, fsys)
			if err != nil {
				errs[i] = err
				return
			}
			defer mg.Close()
			evs, err := mg.Up(ctx, 0)
			counts[i], errs[i] = len(evs), err
		}()
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	assert.Equal(t, 20, counts[0]+counts[1], "each migration applied by exactly one of them")
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	var n, distinct int
	require.NoError(t, conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT version) FROM log`).Scan(&n, &distinct))
	assert.Equal(t, 19, n)
	assert.Equal(t, 19, distinct)
}

func TestNextPairAndWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p, err := migrate.NextPair(dir, "Add Users!")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "000001_add_users.up.sql"), p.UpPath)
	require.NoError(t, p.Write([]byte("CREATE TABLE users (id int);\n"), []byte("DROP TABLE users;\n")))

	p2, err := migrate.NextPair(dir, "add-email")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "000002_add_email.down.sql"), p2.DownPath)

	// Writing the same pair again never overwrites.
	err = p.Write([]byte("x"), []byte("y"))
	assert.ErrorContains(t, err, "the file exists; sqlmap never overwrites a migration")
	b, _ := os.ReadFile(p.UpPath)
	assert.Equal(t, "CREATE TABLE users (id int);\n", string(b))

	// Down exists but up does not: neither is written.
	require.NoError(t, os.WriteFile(p2.DownPath, []byte("keep"), 0o644))
	err = p2.Write([]byte("up"), []byte("down"))
	require.Error(t, err)
	_, statErr := os.Stat(p2.UpPath)
	assert.True(t, os.IsNotExist(statErr), "the up file was removed again")
	b, _ = os.ReadFile(p2.DownPath)
	assert.Equal(t, "keep", string(b))
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), "sqlmap-tmp", "no temporary file left")
	}

	// The folder's width is kept.
	dir2 := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir2, "0009_x.up.sql"), []byte("SELECT 1;"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir2, "0009_x.down.sql"), []byte("SELECT 1;"), 0o644))
	p3, err := migrate.NextPair(dir2, "y")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir2, "0010_y.up.sql"), p3.UpPath)

	p4, err := migrate.NextPair(dir2, "Добавить поле")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir2, "0010_добавить_поле.up.sql"), p4.UpPath, "letters of any script")

	_, err = migrate.NextPair(dir, "!!!")
	assert.EqualError(t, err, `migrate: migration name "!!!" has no letters or digits`)
	_, err = migrate.NextPair(filepath.Join(dir, "missing"), "x")
	assert.ErrorIs(t, err, fs.ErrNotExist, "the library says what is missing; the CLI says how to create it")
}

// A failed down marks the version below dirty, as a failed up of that
// version would: the advice covers both, and following the down one works.
func TestFailedDownRollsBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	fsys := files(
		"000001_a.up.sql", "CREATE TABLE a (id int);",
		"000001_a.down.sql", "DROP TABLE a;",
		"000002_b.up.sql", "CREATE TABLE b (id int);",
		"000002_b.down.sql", "DROP TABLE b;\nDROP TABLE nope;",
	)
	mg := open(t, url, fsys)
	_, err := mg.Up(ctx, 0)
	require.NoError(t, err)
	_, err = mg.Down(ctx, 1)
	var me *migrate.MigrationError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "000002_b.down.sql", me.File, "the failing file is the down file of 2, not of 1")
	assert.Equal(t, 2, me.Line)
	assert.Contains(t, err.Error(), "rolled back: nothing of it was reverted; the database is at version 2")
	assert.Equal(t, "2", version(t, mg))
	assert.Equal(t, []string{"a", "b"}, pgtest.Tables(t, url), "the down ran in one transaction: b is still there")

	fsys["000002_b.down.sql"] = &fstest.MapFile{Data: []byte("DROP TABLE b;")}
	fixed := open(t, url, fsys)
	_, err = fixed.Down(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "1", version(t, fixed))
	assert.Equal(t, []string{"a"}, pgtest.Tables(t, url))
}
