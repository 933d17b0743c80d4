package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	neturl "net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/cli"
	"github.com/sqlmap-go/sqlmap/internal/pglocal"
	"github.com/sqlmap-go/sqlmap/internal/pgtest"
)

// Every command of the CLI, run in-process: its stdout, stderr and exit
// status on the way that works and on a way that fails. The integration
// tests run the built binary through many of the same flows.

// progressTime is the duration of a progress line, "(12.3ms)" or
// "(12.3ms, out of order)", which varies from run to run.
var progressTime = regexp.MustCompile(`\(\d+(\.\d+)?(µs|ms|s)([,)])`)

// norm replaces the durations of progress lines with "…".
func norm(s string) string { return progressTime.ReplaceAllString(s, "(…$3") }

// expect checks a command's exit status and its whole stdout and stderr
// (durations normalised by norm).
func expect(t *testing.T, r result, code int, stdout, stderr string, why ...string) {
	t.Helper()
	about := strings.Join(why, " ")
	assert.Equal(t, stdout, norm(r.stdout), "stdout %s", about)
	assert.Equal(t, stderr, norm(r.stderr), "stderr %s", about)
	assert.Equal(t, code, r.code, "exit status %s (stderr: %s)", about, r.stderr)
}

// write writes files into dir: name, body, name, body...
func write(t *testing.T, dir string, nameBody ...string) {
	t.Helper()
	require.Zero(t, len(nameBody)%2, "name, body pairs")
	for i := 0; i < len(nameBody); i += 2 {
		p := filepath.Join(dir, nameBody[i])
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(nameBody[i+1]), 0o644))
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// ls lists the names in dir, sorted.
func ls(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// threeMigrations is a migrations folder creating tables a, b and c.
func threeMigrations(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "migrations")
	write(t, dir,
		"000001_a.up.sql", "CREATE TABLE a (id int);\n", "000001_a.down.sql", "DROP TABLE a;\n",
		"000002_b.up.sql", "CREATE TABLE b (id int);\n", "000002_b.down.sql", "DROP TABLE b;\n",
		"000003_c.up.sql", "CREATE TABLE c (id int);\n", "000003_c.down.sql", "DROP TABLE c;\n")
	return dir
}

// sqlmapOn returns a runner of sqlmap commands on the database url and
// the migrations folder dir.
func sqlmapOn(t *testing.T, url, dir string) func(args ...string) result {
	return func(args ...string) result {
		t.Helper()
		return run(t, append(args, "--database-url", url, "--migrations", dir)...)
	}
}

// runIn runs the sqlmap command as if in dir, with env as its whole
// environment.
func runIn(t *testing.T, dir string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.RunWith(context.Background(), cli.Options{Dir: dir, Getenv: func(k string) string { return env[k] }}, args, &out, &errOut)
	return result{code, out.String(), withoutTestSchemas(errOut.String())}
}

const initNext = "next: edit the models in models/, then draft their migration and apply it:\n" +
	"  sqlmap new-migration create_users\n" +
	"  sqlmap migrate up\n" +
	"(the database: DATABASE_URL, or a .env file next to sqlmap.toml; sqlmap config shows every setting)\n"

func TestInit(t *testing.T) {
	t.Parallel()
	t.Run("creates the folders, db.go, models and the project file", func(t *testing.T) {
		t.Parallel()
		root := t.TempDir()
		write(t, root, "go.mod", "module example.com/app\n\ngo 1.24\n", "main.go", "package main\n\nfunc main() {}\n")
		r := runIn(t, root, nil, "init")
		expect(t, r, 0, "created db/queries/example.sql\ncreated db/migrations/.keep\ncreated db/db.go\ncreated models/models.go\ncreated sqlmap.toml\n"+
			"next: go get github.com/sqlmap-go/sqlmap@latest\n"+initNext, "")
		assert.Contains(t, read(t, filepath.Join(root, "db", "queries", "example.sql")), "-- name: Now :one\n-- The server's clock: replace with your own queries.\nSELECT now();\n")
		assert.Empty(t, read(t, filepath.Join(root, "db", "migrations", ".keep")))
		dbGo := read(t, filepath.Join(root, "db", "db.go"))
		assert.True(t, strings.HasPrefix(dbGo, "// Package db embeds the application's SQL"), dbGo)
		assert.Contains(t, dbGo, "\npackage db\n", "its own package, not main's")
		assert.Contains(t, dbGo, "//go:embed queries/*.sql\n")
		assert.Contains(t, dbGo, "//go:embed all:migrations\n", "all: so that .keep is embedded too")
		assert.Contains(t, read(t, filepath.Join(root, "models", "models.go")), "//sqlmap:table users\ntype User struct {\n")
		toml := read(t, filepath.Join(root, "sqlmap.toml"))
		assert.Contains(t, toml, "migrations = \"db/migrations\"\nqueries = \"db/queries\"\nmodels = \"./models\"\n")
		assert.NotContains(t, strings.ToLower(toml), "postgres://", "no secrets")

		// The project file is what commands read, from any folder below.
		sub := filepath.Join(root, "cmd", "server")
		require.NoError(t, os.MkdirAll(sub, 0o755))
		r = runIn(t, sub, map[string]string{"SQLMAP_QUERIES": "elsewhere"}, "config")
		assert.Equal(t, 0, r.code, r.stderr)
		assert.Regexp(t, `(?m)^project file +`+regexp.QuoteMeta(filepath.Join(root, "sqlmap.toml"))+`$`, r.stdout)
		assert.Regexp(t, `(?m)^migrations +`+regexp.QuoteMeta(filepath.Join(root, "db/migrations"))+` +`+regexp.QuoteMeta(filepath.Join(root, "sqlmap.toml"))+`:6$`, r.stdout)
		assert.Regexp(t, `(?m)^queries +elsewhere +env SQLMAP_QUERIES$`, r.stdout)

		// The example query is one vet passes, with the project's folders.
		r = runIn(t, root, nil, "vet", "--database-url", pgtest.URL(t), "--models", "")
		expect(t, r, 0, "1 query checked: no problems\n", "")

		// Again: what exists is kept, nothing is overwritten.
		r = runIn(t, root, nil, "init")
		expect(t, r, 0, "kept models/ (it exists): new-migration reads the models there\nnext: go get github.com/sqlmap-go/sqlmap@latest\n"+initNext, "")
		// With another package name: init's own db.go is rewritten.
		r = runIn(t, root, nil, "init", "--package", "store")
		assert.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "rewrote db/db.go (package store)\n")
		assert.Contains(t, read(t, filepath.Join(root, "db", "db.go")), "\npackage store\n")
		// A db.go of the user's is never touched.
		write(t, root, "db/db.go", "package db // mine\n")
		r = runIn(t, root, nil, "init")
		expect(t, r, 1, "", "sqlmap: init: db/db.go exists and differs from what init would write; init never overwrites, so nothing was written (move it away to have it written again)\n")
		assert.Equal(t, "package db // mine\n", read(t, filepath.Join(root, "db", "db.go")))
	})
	t.Run("refuses before writing anything", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		write(t, dir, "sqlmap.toml", "# mine\n")
		r := runIn(t, dir, nil, "init")
		expect(t, r, 1, "", "sqlmap: init: sqlmap.toml exists and differs from what init would write; init never overwrites, so nothing was written (move it away to have it written again)\n")
		assert.Equal(t, []string{"sqlmap.toml"}, ls(t, dir), "nothing written")
	})
	t.Run("package name", func(t *testing.T) {
		t.Parallel()
		base := t.TempDir()
		for _, c := range []struct {
			dir, files, flag, want string
		}{
			{"store", "store.go", "", "storage"}, // the package of the Go files there
			{"1-My App!", "", "", "myapp"},       // else the folder's name as an identifier
			{"p", "", "custom", "custom"},        // or --package
			{".", "main.go", "", "main"},         // at the root, beside main
		} {
			root := filepath.Join(base, c.dir+"-root")
			dir := filepath.Join(root, c.dir)
			if c.files != "" {
				// A test file of another package does not count.
				write(t, dir, "a_test.go", "package other_test\n", c.files, "package "+c.want+"\n")
			}
			args := []string{"init", c.dir}
			if c.flag != "" {
				args = append(args, "--package", c.flag)
			}
			r := runIn(t, root, nil, args...)
			assert.Equal(t, 0, r.code, "%s: %s", c.dir, r.stderr)
			assert.Contains(t, read(t, filepath.Join(dir, "db.go")), "\npackage "+c.want+"\n", c.dir)
		}
	})
	t.Run("a package name Go refuses", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		for _, name := range []string{"my-pkg", "1db", "func", "db.x"} {
			r := runIn(t, dir, nil, "init", "--package", name)
			expect(t, r, 1, "", "sqlmap: init: --package \""+name+"\" is not a Go package name (letters, digits and _, not starting with a digit, not a keyword); nothing was written\n")
		}
		assert.Empty(t, ls(t, dir))
	})
	t.Run("too many arguments", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		r := runIn(t, dir, nil, "init", "a", "b")
		expect(t, r, 1, "", "sqlmap: init: accepts at most 1 arg(s), received 2 (usage: sqlmap init [DIR])\n")
		assert.Empty(t, ls(t, dir))
	})
}

func TestMigrateUpDownGoto(t *testing.T) {
	t.Parallel()
	_, url := pgtest.SchemaURL(t)
	dir := threeMigrations(t)
	sqlmap := sqlmapOn(t, url, dir)

	expect(t, sqlmap("migrate", "version"), 0, "none\n", "")
	expect(t, sqlmap("migrate", "up", "2"), 0, "applied  000001_a (…)\napplied  000002_b (…)\ndatabase is at version 2\n", "")
	expect(t, sqlmap("migrate", "up"), 0, "applied  000003_c (…)\ndatabase is at version 3\n", "")
	expect(t, sqlmap("migrate", "up"), 0, "nothing to apply: database is at version 3\n", "")
	assert.Equal(t, []string{"a", "b", "c"}, pgtest.Tables(t, url))

	expect(t, sqlmap("migrate", "down"), 0, "reverted 000003_c (…)\ndatabase is at version 2\n", "", "one step by default")
	assert.Equal(t, []string{"a", "b"}, pgtest.Tables(t, url))
	expect(t, sqlmap("migrate", "down", "2"), 0, "reverted 000002_b (…)\nreverted 000001_a (…)\ndatabase is at version none\n", "")
	expect(t, sqlmap("migrate", "goto", "3"), 0, "applied  000001_a (…)\napplied  000002_b (…)\napplied  000003_c (…)\ndatabase is at version 3\n", "")
	expect(t, sqlmap("migrate", "goto", "1"), 0, "reverted 000003_c (…)\nreverted 000002_b (…)\ndatabase is at version 1\n", "")
	expect(t, sqlmap("migrate", "goto", "1"), 0, "already there: database is at version 1\n", "")
	expect(t, sqlmap("migrate", "up", "-q"), 0, "", "", "-q prints only errors")
	expect(t, sqlmap("migrate", "version"), 0, "3\n", "")
	expect(t, sqlmap("migrate", "down", "--all"), 0, "reverted 000003_c (…)\nreverted 000002_b (…)\nreverted 000001_a (…)\ndatabase is at version none\n", "")
	assert.Empty(t, pgtest.Tables(t, url))
	expect(t, sqlmap("migrate", "down"), 0, "nothing to revert: database is at version none\n", "")

	// A count is exactly that many, or nothing runs.
	expect(t, sqlmap("migrate", "up", "1", "-q"), 0, "", "")
	expect(t, sqlmap("migrate", "down", "5"), 1, "", "sqlmap: migrate: down 5: only 1 migration(s) applied; nothing was reverted\n  to revert them: sqlmap migrate down 1 (or down --all)\n")
	expect(t, sqlmap("migrate", "up", "3"), 1, "", "sqlmap: migrate: up 3: only 2 migration(s) pending; nothing was applied\n  to apply them: sqlmap migrate up\n")
	expect(t, sqlmap("migrate", "version"), 0, "1\n", "")
	// goto 0 reverts them all; force head records every one applied.
	expect(t, sqlmap("migrate", "goto", "0"), 0, "reverted 000001_a (…)\ndatabase is at version none\n", "")
	expect(t, sqlmap("migrate", "goto", "none"), 0, "already there: database is at version none\n", "")
	expect(t, sqlmap("migrate", "down", "2"), 1, "", "sqlmap: migrate: down 2: only 0 migration(s) applied; nothing was reverted\n")
	expect(t, sqlmap("migrate", "force", "head"), 0, "database is at version 3\n", "")
	assert.Empty(t, pgtest.Tables(t, url), "force runs nothing")
	expect(t, sqlmap("migrate", "force", "none"), 0, "database is at version none\n", "")
	expect(t, sqlmap("migrate", "force", "top"), 1, "", "sqlmap: version \"top\": want a migration number, head or none\n")

	// Arguments refused before anything runs.
	expect(t, sqlmap("migrate", "goto", "7"), 1, "", "sqlmap: migrate: goto: no migration with version 7 in the "+dir+" folder (it has 1 to 3)\n")
	expect(t, sqlmap("migrate", "goto", "x"), 1, "", "sqlmap: version \"x\": want a migration number, or none\n")
	expect(t, sqlmap("migrate", "up", "0"), 1, "", "sqlmap: count \"0\": want a whole number of at least 1\n")
	expect(t, sqlmap("migrate", "up", "1", "2"), 1, "", "sqlmap: migrate up: accepts at most 1 arg(s), received 2 (usage: sqlmap migrate up [N])\n")
	expect(t, sqlmap("migrate", "down", "2", "--all"), 1, "", "sqlmap: down: give a count or --all, not both\n")
	expect(t, sqlmap("migrate", "version"), 0, "none\n", "")
	assert.Empty(t, pgtest.Tables(t, url), "nothing ran")

	// A failing file rolls back alone; the advice names it in its folder.
	write(t, dir, "000004_d.up.sql", "CREATE TABLE d (id int);\nINSERT INTO d VALUES (1);\nINSERT INTO d VALUES ('x');\n", "000004_d.down.sql", "DROP TABLE d;\n")
	expect(t, sqlmap("migrate", "up"), 1, "applied  000001_a (…)\napplied  000002_b (…)\napplied  000003_c (…)\n",
		`sqlmap: migrate: 000004_d.up.sql:3 failed: ERROR: invalid input syntax for type integer: "x" (SQLSTATE 22P02)
  it ran in one transaction and rolled back: nothing of it was applied; the database is at version 3
  fix `+dir+`/000004_d.up.sql, then run: sqlmap migrate up
`)
	assert.Equal(t, []string{"a", "b", "c"}, pgtest.Tables(t, url), "nothing of the failed file remains")
	expect(t, sqlmap("migrate", "version"), 0, "3\n", "", "clean: no force needed")
}

// A file that runs statement by statement and stops part-way leaves the
// database dirty; once it is finished by hand, force records it.
func TestMigrateForce(t *testing.T) {
	t.Parallel()
	_, url := pgtest.SchemaURL(t)
	dir := threeMigrations(t)
	write(t, dir, "000002_b.up.sql", "-- sqlmap:no-transaction\nCREATE TABLE b (id int);\nINSERT INTO b VALUES ('x');\n")
	sqlmap := sqlmapOn(t, url, dir)

	dirty := `sqlmap: migrate: the database is marked dirty at version 2: a run was cut short or failed; nothing was run
  000002_b.up.sql was being run statement by statement (sqlmap:no-transaction or its own BEGIN/COMMIT): 1 of 2 statement(s) finished; statement 2 (line 3: INSERT INTO b VALUES ('x')) may or may not have run
  check which of its statements ran (an index built CONCURRENTLY that failed stays INVALID: drop it), then finish or undo them by hand;
  then record the result: sqlmap migrate force 2 if 000002_b is now fully applied, or the version below it if it is fully undone
`
	expect(t, sqlmap("migrate", "up"), 1, "applied  000001_a (…)\n",
		`sqlmap: migrate: 000002_b.up.sql:3 failed: ERROR: invalid input syntax for type integer: "x" (SQLSTATE 22P02)
  it runs statement by statement (sqlmap:no-transaction): 1 of 2 statement(s) finished and stay applied; the database is marked dirty at version 2
  check which of its statements ran (an index built CONCURRENTLY that failed stays INVALID: drop it), then finish or undo them by hand;
  then record the result: sqlmap migrate force 2 if 000002_b is now fully applied, or the version below it if it is fully undone
`)
	expect(t, sqlmap("migrate", "version"), 0, "2 dirty\n", "")
	expect(t, sqlmap("migrate", "up"), 1, "", dirty, "up refuses a dirty database")
	assert.Equal(t, []string{"a", "b"}, pgtest.Tables(t, url), "the statement that ran stays")

	// Bad versions, refused, the database left as it was.
	expect(t, sqlmap("migrate", "force", "x"), 1, "", "sqlmap: version \"x\": want a migration number, head or none\n")
	expect(t, sqlmap("migrate", "force", "9"), 1, "", "sqlmap: migrate: force: no migration with version 9 in the "+dir+" folder (it has 1 to 3)\n")
	expect(t, sqlmap("migrate", "force"), 1, "", "sqlmap: migrate force: accepts 1 arg(s), received 0 (usage: sqlmap migrate force V)\n")
	expect(t, sqlmap("migrate", "version"), 0, "2 dirty\n", "")

	// Finished by hand (the row was not needed): record 2 as applied.
	expect(t, sqlmap("migrate", "force", "2"), 0, "database is at version 2\n", "")
	expect(t, sqlmap("migrate", "version"), 0, "2\n", "")
	assert.Regexp(t, `(?m)^000002 +b +- +- +.+ +ok, forced$`, sqlmap("migrate", "history").stdout, "the ledger says it was forced")
	expect(t, sqlmap("migrate", "up"), 0, "applied  000003_c (…)\ndatabase is at version 3\n", "")

	// force none records that nothing is applied, and runs nothing.
	expect(t, sqlmap("migrate", "force", "none", "-q"), 0, "", "")
	expect(t, sqlmap("migrate", "version"), 0, "none\n", "")
	assert.Equal(t, []string{"a", "b", "c"}, pgtest.Tables(t, url), "nothing ran")
	expect(t, sqlmap("migrate", "force", "1"), 0, "database is at version 1\n", "")
	st := sqlmap("migrate", "status")
	assert.Equal(t, 0, st.code, st.stderr)
	assert.Contains(t, st.stdout, "version:    1\n  applied  000001_a\n  pending  000002_b\n  pending  000003_c\n1 applied, 2 pending\n")
}

func TestMigrateRecover(t *testing.T) {
	t.Parallel()
	t.Run("a revert that committed before the run was killed", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		dir := threeMigrations(t)
		sqlmap := sqlmapOn(t, url, dir)
		expect(t, sqlmap("migrate", "up", "2", "-q"), 0, "", "")
		// What a migrate down killed after its transaction committed
		// leaves: the ledger row reverted, the version marked dirty.
		exec(t, url, `DROP TABLE b;
			UPDATE sqlmap_migrations SET state = 'reverted' WHERE version = 2;
			UPDATE schema_migrations SET version = 1, dirty = true`)
		expect(t, sqlmap("migrate", "version"), 0, "1 dirty\n", "")
		r := sqlmap("migrate", "status")
		assert.Equal(t, 1, r.code, "up would refuse")
		assert.Contains(t, r.stdout, "version:    1 (dirty)\n")
		assert.Equal(t, "sqlmap: migrate: the database is marked dirty at version 1: a run was cut short or failed; nothing was run\n"+
			"  000002_b.down.sql was being run; it committed: 000002_b is reverted\n"+
			"  the ledger knows what committed; run: sqlmap migrate recover\n", r.stderr)

		expect(t, sqlmap("migrate", "recover"), 0, "000002_b.down.sql was being run; it committed: 000002_b is reverted\n"+
			"recovered: the database is at version 1, clean; run sqlmap migrate up to go on\n", "")
		expect(t, sqlmap("migrate", "version"), 0, "1\n", "")
		expect(t, sqlmap("migrate", "recover"), 0, "nothing to recover: the database is at version 1, clean\n", "")
		expect(t, sqlmap("migrate", "up"), 0, "applied  000002_b (…)\napplied  000003_c (…)\ndatabase is at version 3\n", "", "nothing was run again")
	})
	t.Run("a file run statement by statement needs a look by hand", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		dir := threeMigrations(t)
		write(t, dir, "000002_b.up.sql", "-- sqlmap:no-transaction\nCREATE TABLE b (id int);\nINSERT INTO b VALUES ('x');\n")
		sqlmap := sqlmapOn(t, url, dir)
		assert.Equal(t, 1, sqlmap("migrate", "up", "-q").code)
		expect(t, sqlmap("migrate", "recover"), 1, "",
			`sqlmap: migrate: the database is marked dirty at version 2: a run was cut short or failed; nothing was run
  000002_b.up.sql was being run statement by statement (sqlmap:no-transaction or its own BEGIN/COMMIT): 1 of 2 statement(s) finished; statement 2 (line 3: INSERT INTO b VALUES ('x')) may or may not have run
  check which of its statements ran (an index built CONCURRENTLY that failed stays INVALID: drop it), then finish or undo them by hand;
  then record the result: sqlmap migrate force 2 if 000002_b is now fully applied, or the version below it if it is fully undone
`)
		expect(t, sqlmap("migrate", "version"), 0, "2 dirty\n", "", "recover changed nothing")
	})
	t.Run("a dirty mark the ledger has no record of", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		dir := threeMigrations(t)
		sqlmap := sqlmapOn(t, url, dir)
		expect(t, sqlmap("migrate", "up", "1", "-q"), 0, "", "")
		exec(t, url, `UPDATE schema_migrations SET version = 2, dirty = true`)
		r := sqlmap("migrate", "recover")
		assert.Equal(t, 1, r.code)
		assert.Empty(t, r.stdout)
		assert.True(t, strings.HasPrefix(r.stderr, "sqlmap: migrate: the database is marked dirty at version 2: a run was cut short or failed; nothing was run\n"+
			"  sqlmap's ledger has no record of the run that marked it: golang-migrate's CLI, or a run before sqlmap kept a ledger, did\n"), r.stderr)
		// The advice names no migration here ("force 2 if  is now fully
		// applied"): only its start is checked.
		assert.Contains(t, r.stderr, "then record the result: sqlmap migrate force 2 if ")
		expect(t, sqlmap("migrate", "version"), 0, "2 dirty\n", "")
	})
	t.Run("a database migrated before sqlmap kept a ledger", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		dir := threeMigrations(t)
		sqlmap := sqlmapOn(t, url, dir)
		// As golang-migrate's own CLI leaves it.
		exec(t, url, `CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
			INSERT INTO schema_migrations VALUES (2, false);
			CREATE TABLE a (id int); CREATE TABLE b (id int)`)
		expect(t, sqlmap("migrate", "recover"), 0,
			"recorded 000001_a in the ledger (applied before sqlmap kept one, or by golang-migrate)\n"+
				"recorded 000002_b in the ledger (applied before sqlmap kept one, or by golang-migrate)\n"+
				"nothing to recover: the database is at version 2, clean\n", "")
		// Newest first.
		assert.Regexp(t, `(?m)^000002 +b +.+ +ok, adopted\n000001 +a +.+ +ok, adopted\n\z`, sqlmap("migrate", "history").stdout)
		expect(t, sqlmap("migrate", "recover"), 0, "nothing to recover: the database is at version 2, clean\n", "", "adopted once")
	})
	t.Run("no migrations folder", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		missing := filepath.Join(t.TempDir(), "migrations")
		expect(t, sqlmapOn(t, url, missing)("migrate", "recover"), 1, "",
			"sqlmap: migrations folder: stat "+missing+": no such file or directory (create it with sqlmap init, or pass --migrations)\n")
	})
}

func TestMigrateVersionAndStatus(t *testing.T) {
	t.Parallel()
	_, url := pgtest.SchemaURL(t)
	dir := threeMigrations(t)
	sqlmap := sqlmapOn(t, url, dir)
	head := "database:   " + pglocal.Redact(url) + "\nmigrations: " + dir + "\n"

	expect(t, sqlmap("migrate", "version"), 0, "none\n", "")
	expect(t, sqlmap("migrate", "status"), 0, head+"version:    none\n  pending  000001_a\n  pending  000002_b\n  pending  000003_c\n0 applied, 3 pending\n", "")
	expect(t, sqlmap("migrate", "up", "1", "-q"), 0, "", "")
	expect(t, sqlmap("migrate", "version"), 0, "1\n", "")
	expect(t, sqlmap("migrate", "status"), 0, head+"version:    1\n  applied  000001_a\n  pending  000002_b\n  pending  000003_c\n1 applied, 2 pending\n", "")

	// The password is never printed.
	u, err := neturl.Parse(url)
	require.NoError(t, err)
	password, ok := u.User.Password()
	if !ok {
		password = "s3cret-pw"
		u.User = neturl.UserPassword(u.User.Username(), password)
	}
	r := run(t, "migrate", "status", "--database-url", u.String(), "--migrations", dir)
	assert.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout+r.stderr, password)
	assert.Contains(t, r.stdout, "database:   postgres://"+u.User.Username()+":xxxxx@")

	// An applied file edited: status lists it and exits 1, as up would refuse.
	write(t, dir, "000001_a.up.sql", "CREATE TABLE a (id int);\n\n")
	expect(t, sqlmap("migrate", "status"), 1,
		head+"version:    1\n  applied  000001_a  (edited after it was applied: any change counts, whitespace too)\n  pending  000002_b\n  pending  000003_c\n1 applied, 2 pending\n",
		"sqlmap: migrate: 000001_a.up.sql changed after it was applied (any change counts, whitespace too); nothing was run\n"+
			"  restore the applied content (git checkout, say) and put changes in a new migration,\n"+
			"  or run anyway: sqlmap migrate up --allow-edited\n")
	expect(t, sqlmap("migrate", "version"), 0, "1\n", "", "version does not judge the folder")

	// A folder that is not there.
	missing := filepath.Join(t.TempDir(), "nope")
	for _, cmd := range []string{"version", "status"} {
		expect(t, sqlmapOn(t, url, missing)("migrate", cmd), 1, "",
			"sqlmap: migrations folder: stat "+missing+": no such file or directory (create it with sqlmap init, or pass --migrations)\n", cmd)
	}
	expect(t, sqlmap("migrate", "version", "extra"), 1, "", "sqlmap: migrate version: takes no arguments, got \"extra\" (usage: sqlmap migrate version)\n")
}

func TestMigrateHistory(t *testing.T) {
	t.Parallel()
	t.Run("the ledger, newest first", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		dir := threeMigrations(t)
		sqlmap := sqlmapOn(t, url, dir)
		expect(t, sqlmap("migrate", "history"), 0, "no migration applied\n", "")
		expect(t, sqlmap("migrate", "history", "--json"), 0, "[]\n", "")
		expect(t, sqlmap("migrate", "up", "-q"), 0, "", "")

		r := sqlmap("migrate", "history")
		require.Equal(t, 0, r.code, r.stderr)
		assert.Empty(t, r.stderr)
		rows := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		require.Len(t, rows, 4, r.stdout)
		assert.Regexp(t, `^VERSION +NAME +APPLIED AT +DURATION +BY +FILE$`, rows[0])
		for i, v := range []string{"000003 +c", "000002 +b", "000001 +a"} {
			assert.Regexp(t, `^`+v+` +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+(\.\d+)?(µs|ms|s) +\S+ \(sqlmap\) +ok$`, rows[i+1])
		}

		var entries []struct {
			Version    uint    `json:"version"`
			Name       string  `json:"name"`
			State      string  `json:"state"`
			How        string  `json:"how"`
			AppliedAt  string  `json:"applied_at"`
			DurationMS float64 `json:"duration_ms"`
			Sqlmap     string  `json:"sqlmap_version"`
			Checksum   string  `json:"checksum"`
			File       string  `json:"file"`
		}
		r = sqlmap("migrate", "history", "--json")
		require.Equal(t, 0, r.code, r.stderr)
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &entries), r.stdout)
		require.Len(t, entries, 3)
		for i, e := range entries {
			assert.Equal(t, uint(3-i), e.Version, "newest first")
			assert.Equal(t, "applied", e.State)
			assert.Equal(t, "run", e.How)
			assert.Equal(t, "ok", e.File)
			assert.Len(t, e.Checksum, 64)
			assert.NotEmpty(t, e.AppliedAt)
			assert.NotEmpty(t, e.Sqlmap)
			assert.Positive(t, e.DurationMS)
		}
		assert.Equal(t, []string{"c", "b", "a"}, []string{entries[0].Name, entries[1].Name, entries[2].Name})

		// An edited file and a missing one: history says so, and still lists.
		write(t, dir, "000001_a.up.sql", "CREATE TABLE a (id bigint);\n")
		require.NoError(t, os.Remove(filepath.Join(dir, "000003_c.up.sql")))
		require.NoError(t, os.Remove(filepath.Join(dir, "000003_c.down.sql")))
		r = sqlmap("migrate", "history")
		assert.Equal(t, 0, r.code, r.stderr)
		assert.Regexp(t, `(?m)^000003 +c .* missing$`, r.stdout)
		assert.Regexp(t, `(?m)^000002 +b .* ok$`, r.stdout)
		assert.Regexp(t, `(?m)^000001 +a .* edited$`, r.stdout)
	})
	t.Run("no ledger yet", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		dir := threeMigrations(t)
		exec(t, url, `CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
			INSERT INTO schema_migrations VALUES (2, false)`)
		expect(t, sqlmapOn(t, url, dir)("migrate", "history"), 0,
			"no ledger yet: the database is at version 2, migrated before sqlmap kept one; the next migrate command records it\n", "")
	})
	t.Run("rows of one time: by version", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		sqlmap := sqlmapOn(t, url, threeMigrations(t))
		expect(t, sqlmap("migrate", "force", "3"), 0, "database is at version 3\n", "")
		// Rows written at the same instant: the version decides.
		exec(t, url, `UPDATE sqlmap_migrations SET applied_at = '2024-01-02 03:04:05+00'`)
		r := sqlmap("migrate", "history")
		assert.Equal(t, 0, r.code, r.stderr)
		at := `\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`
		assert.Regexp(t, `\A.+\n000003 +c +`+at+` +- +.+ +ok, forced\n000002 +b +`+at+` +- +.+ +ok, forced\n000001 +a +`+at+` +- +.+ +ok, forced\n\z`, r.stdout)
		assert.Empty(t, pgtest.Tables(t, url), "force runs nothing")
	})
	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		missing := filepath.Join(t.TempDir(), "nope")
		expect(t, sqlmapOn(t, url, missing)("migrate", "history"), 1, "",
			"sqlmap: migrations folder: stat "+missing+": no such file or directory (create it with sqlmap init, or pass --migrations)\n")
		expect(t, sqlmapOn(t, url, threeMigrations(t))("migrate", "history", "--jsn"), 1, "", "sqlmap: migrate history: unknown flag: --jsn (sqlmap migrate history --help lists its flags)\n")
	})
}

// Two branches: main applied 1 and 3, then the branch with 2 is merged.
func TestMigrateRenumber(t *testing.T) {
	t.Parallel()
	merged := func(t *testing.T) (string, func(args ...string) result) {
		_, url := pgtest.SchemaURL(t)
		dir := filepath.Join(t.TempDir(), "migrations")
		write(t, dir, "000001_a.up.sql", "CREATE TABLE a (id int);\n", "000001_a.down.sql", "DROP TABLE a;\n",
			"000003_c.up.sql", "CREATE TABLE c (id int);\n", "000003_c.down.sql", "DROP TABLE c;\n")
		sqlmap := sqlmapOn(t, url, dir)
		expect(t, sqlmap("migrate", "up", "-q"), 0, "", "")
		write(t, dir, "000002_t2.up.sql", "CREATE TABLE t2 (id int);\n", "000002_t2.down.sql", "DROP TABLE t2;\n")
		return dir, sqlmap
	}
	outOfOrder := "sqlmap: migrate: 000002_t2 is not applied, but the database has a later migration (version 3): merged after it ran? nothing was run\n" +
		"  apply it below the later ones (recorded as out of order): sqlmap migrate up --allow-out-of-order\n" +
		"  or give it the next free number, to apply after them: sqlmap migrate renumber 2\n"

	t.Run("renumber", func(t *testing.T) {
		t.Parallel()
		dir, sqlmap := merged(t)
		r := sqlmap("migrate", "status")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stdout, "  applied                     000001_a\n  not applied (out of order)  000002_t2\n  applied                     000003_c\n"+
			"2 applied, 1 pending (1 of them out of order)\n")
		assert.Equal(t, outOfOrder, r.stderr)
		expect(t, sqlmap("migrate", "up"), 1, "", outOfOrder)

		// Refused: an applied one, an unknown one, not a number.
		expect(t, sqlmap("migrate", "renumber", "3"), 1, "", "sqlmap: migrate: renumber: 000003_c is applied in the database: only a migration that never ran may change its number\n")
		expect(t, sqlmap("migrate", "renumber", "7"), 1, "", "sqlmap: migrate: renumber: no migration with version 7 in "+dir+"\n")
		expect(t, sqlmap("migrate", "renumber", "x"), 1, "", "sqlmap: version \"x\": want a migration number\n")
		expect(t, sqlmap("migrate", "renumber"), 1, "", "sqlmap: migrate renumber: accepts 1 arg(s), received 0 (usage: sqlmap migrate renumber V)\n")

		expect(t, sqlmap("migrate", "renumber", "2"), 0, "renamed 000002_t2 to 000004_t2\n", "")
		assert.Equal(t, []string{"000001_a.down.sql", "000001_a.up.sql", "000003_c.down.sql", "000003_c.up.sql", "000004_t2.down.sql", "000004_t2.up.sql"}, ls(t, dir))
		assert.Equal(t, "CREATE TABLE t2 (id int);\n", read(t, filepath.Join(dir, "000004_t2.up.sql")))
		assert.Equal(t, "DROP TABLE t2;\n", read(t, filepath.Join(dir, "000004_t2.down.sql")))
		expect(t, sqlmap("migrate", "up"), 0, "applied  000004_t2 (…)\ndatabase is at version 4\n", "")
		expect(t, sqlmap("migrate", "renumber", "4"), 1, "", "sqlmap: migrate: renumber: 000004_t2 is applied in the database: only a migration that never ran may change its number\n")
	})
	t.Run("or apply it out of order", func(t *testing.T) {
		t.Parallel()
		_, sqlmap := merged(t)
		expect(t, sqlmap("migrate", "up", "--allow-out-of-order"), 0, "applied  000002_t2 (…, out of order)\ndatabase is at version 3\n", "")
		expect(t, sqlmap("migrate", "up"), 0, "nothing to apply: database is at version 3\n", "")
		r := sqlmap("migrate", "status")
		assert.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "  applied  000002_t2  (applied out of order)\n")
		assert.Regexp(t, `(?m)^000002 +t2 .* ok, out-of-order$`, sqlmap("migrate", "history").stdout)
		// Down goes by the ledger: 3 first, then 2.
		expect(t, sqlmap("migrate", "down"), 0, "reverted 000003_c (…)\ndatabase is at version 2\n", "")
		expect(t, sqlmap("migrate", "down"), 0, "reverted 000002_t2 (…)\ndatabase is at version 1\n", "")
	})
}

func TestNewMigration(t *testing.T) {
	t.Parallel()
	t.Run("drafted from the models", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		dir := filepath.Join(t.TempDir(), "migrations")
		require.NoError(t, os.Mkdir(dir, 0o755))
		sqlmap := sqlmapOn(t, url, dir)
		models := []string{"--models", "./" + filepath.Join(golden, "create_table", "models")}
		wantUp := read(t, filepath.Join(golden, "create_table", "up.sql"))
		wantDown := read(t, filepath.Join(golden, "create_table", "down.sql"))
		up, down := filepath.Join(dir, "000001_create_accounts.up.sql"), filepath.Join(dir, "000001_create_accounts.down.sql")

		// --dry-run prints the pair and writes nothing.
		r := sqlmap(append([]string{"new-migration", "Create Accounts", "--dry-run"}, models...)...)
		r.stdout = provenanceRE.ReplaceAllString(r.stdout, "")
		expect(t, r, 0, "-- "+up+"\n"+wantUp+"\n-- "+down+"\n"+wantDown, "")
		assert.Empty(t, ls(t, dir), "--dry-run writes nothing")

		// Each file says what it is first: name, date, command, changes.
		r = runIn(t, ".", map[string]string{"SOURCE_DATE_EPOCH": "1764685800"}, append([]string{"new-migration", "Create Accounts", "--database-url", url, "--migrations", dir, "-q"}, models...)...)
		expect(t, r, 0, "created "+up+"\ncreated "+down+"\n", "")
		command := "sqlmap new-migration 'Create Accounts' --migrations " + dir + " " + strings.Join(models, " ")
		assert.Equal(t, "-- 000001_create_accounts.up.sql, drafted 2025-12-02 14:30:00 UTC by: "+command+"\n-- Changes: create table accounts\n"+wantUp, read(t, up))
		assert.Equal(t, "-- 000001_create_accounts.down.sql, drafted 2025-12-02 14:30:00 UTC by: "+command+"\n-- Changes: create table accounts\n"+wantDown, read(t, down))
		require.NoError(t, os.Remove(up))
		require.NoError(t, os.Remove(down))

		r = sqlmap(append([]string{"new-migration", "Create Accounts"}, models...)...)
		expect(t, r, 0, "created "+up+"\ncreated "+down+"\n  create table accounts\n", "")
		assert.Equal(t, wantUp, provenanceRE.ReplaceAllString(read(t, up), ""))
		assert.Equal(t, wantDown, provenanceRE.ReplaceAllString(read(t, down), ""))

		// Not against a database behind the folder: the draft would repeat it.
		r = sqlmap(append([]string{"new-migration", "more"}, models...)...)
		expect(t, r, 1, "", "sqlmap: migrate: the database is at none, the folder has 1 (1 pending)\n  run `sqlmap migrate up` first, so the draft does not repeat them\n")

		expect(t, sqlmap("migrate", "up"), 0, "applied  000001_create_accounts (…)\ndatabase is at version 1\n", "")
		r = sqlmap(append([]string{"new-migration", "again"}, models...)...)
		expect(t, r, 0, "no changes: the database matches the models\n", "", "the drafted migration brings the database to the models")
		assert.Len(t, ls(t, dir), 2, "no file written")

		// A models pattern that is not there.
		expect(t, sqlmap("new-migration", "x", "--models", "./nope"), 1, "", "sqlmap: models: no folder ./nope (flag --models): pass --models, set SQLMAP_MODELS, or set models in sqlmap.toml (sqlmap init writes a models/ package with an example)\n")
		expect(t, sqlmap("new-migration", "x"), 1, "", "sqlmap: models: no folder ./models (the default): pass --models, set SQLMAP_MODELS, or set models in sqlmap.toml (sqlmap init writes a models/ package with an example)\n")
		expect(t, sqlmap("new-migration", "x", "--models", "internal/models"), 1, "", "sqlmap: models internal/models (flag --models): a path without ./ is read by go as a standard-library package: write ./internal/models\n")
		expect(t, sqlmap(append([]string{"new-migration", "x", "--rename", "bogus"}, models...)...), 1, "",
			"sqlmap: schema: rename \"bogus\": want table.old=new or old_table=new_table\n")
		assert.Len(t, ls(t, dir), 2, "no file written")
	})
	t.Run("--online writes two migrations, and migrate runs the second without a transaction", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		exec(t, url, read(t, filepath.Join(golden, "online_plan", "before.sql")))
		dir := filepath.Join(t.TempDir(), "migrations")
		require.NoError(t, os.Mkdir(dir, 0o755))
		sqlmap := sqlmapOn(t, url, dir)
		models := []string{"--models", "./" + filepath.Join(golden, "online_plan", "models")}
		r := sqlmap(append([]string{"new-migration", "tighten", "--online"}, models...)...)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, []string{"000001_tighten.down.sql", "000001_tighten.up.sql", "000002_tighten_online.down.sql", "000002_tighten_online.up.sql"}, ls(t, dir))
		online := read(t, filepath.Join(dir, "000002_tighten_online.up.sql"))
		assert.Regexp(t, `^-- sqlmap:no-transaction\n-- 000002_tighten_online\.up\.sql, drafted .* by: sqlmap new-migration tighten .*--online\n`+
			`-- Changes: alter column users\.nick: set not null; add check constraint users_age_check on users; replace index posts_title_idx on posts; create index users_email_idx on users; add foreign key posts_user_id_fkey on posts\n-- The second half`, online,
			"the directive stays first; the changes are this file's")
		assert.Equal(t, read(t, filepath.Join(golden, "online_plan", "later_up.sql")), provenanceRE.ReplaceAllString(online, ""))

		expect(t, sqlmap("migrate", "up"), 0, "applied  000001_tighten (…)\napplied  000002_tighten_online (…)\ndatabase is at version 2\n", "")
		r = sqlmap(append([]string{"new-migration", "again"}, models...)...)
		expect(t, r, 0, "no changes: the database matches the models\n", "")
		r = sqlmap("migrate", "down", "2")
		assert.Equal(t, 0, r.code, r.stderr)
		r = run(t, append([]string{"diff", "--database-url", url}, models...)...)
		assert.Equal(t, 1, r.code, "back where it started: %s", r.stderr)
	})
	t.Run("--empty", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		dir := threeMigrations(t)
		sqlmap := sqlmapOn(t, url, dir)
		up, down := filepath.Join(dir, "000004_add_email.up.sql"), filepath.Join(dir, "000004_add_email.down.sql")
		expect(t, sqlmap("new-migration", "add-email", "--empty"), 0, "created "+up+"\ncreated "+down+"\n", "")
		assert.Equal(t, "-- Migration 4: add_email (up).\n-- Write the SQL here; an up file with no statement is refused by migrate.\n", read(t, up))
		assert.Equal(t, "-- Migration 4: add_email (down): undo what the up file does, in reverse order.\n", read(t, down))
		expect(t, sqlmap("migrate", "up"), 1, "", "sqlmap: migrate: the migrations folder "+dir+" has 1 problem(s); nothing was run\n  000004_add_email.up.sql: up migration is empty\n",
			"an empty up file is refused")

		// The number follows the folder's width.
		narrow := t.TempDir()
		write(t, narrow, "7_x.up.sql", "SELECT 1;\n", "7_x.down.sql", "SELECT 1;\n")
		expect(t, sqlmapOn(t, url, narrow)("new-migration", "y", "--empty", "-q"), 0, "", "")
		assert.Equal(t, []string{"7_x.down.sql", "7_x.up.sql", "8_y.down.sql", "8_y.up.sql"}, ls(t, narrow))

		// Any script's letters; the pair runs.
		intl := t.TempDir()
		expect(t, sqlmapOn(t, url, intl)("new-migration", "Добавить", "--empty"), 0,
			"created "+intl+"/000001_добавить.up.sql\ncreated "+intl+"/000001_добавить.down.sql\n", "")
		write(t, intl, "000001_добавить.up.sql", "CREATE TABLE intl_t (id int);\n", "000001_добавить.down.sql", "DROP TABLE intl_t;\n")
		_, intlURL := pgtest.SchemaURL(t)
		expect(t, sqlmapOn(t, intlURL, intl)("migrate", "up"), 0, "applied  000001_добавить (…)\ndatabase is at version 1\n", "")

		// Refused: no name, several words, a name with nothing in it, a
		// folder that is not there.
		empty := t.TempDir()
		expect(t, sqlmapOn(t, url, empty)("new-migration", "--empty"), 1, "",
			"sqlmap: new-migration: give the migration a NAME, e.g. sqlmap new-migration create_users: it names the files (000001_create_users.up.sql)\n")
		expect(t, sqlmapOn(t, url, empty)("new-migration", "add", "users", "--empty"), 1, "",
			"sqlmap: new-migration: one NAME, not 2 words: sqlmap new-migration add_users (or quote it)\n")
		expect(t, sqlmapOn(t, url, empty)("new-migration", "!!!", "--empty"), 1, "", "sqlmap: migrate: migration name \"!!!\" has no letters or digits\n")
		assert.Empty(t, ls(t, empty))
		missing := filepath.Join(empty, "nope")
		expect(t, sqlmapOn(t, url, missing)("new-migration", "x", "--empty"), 1, "",
			"sqlmap: migrations folder: stat "+missing+": no such file or directory (create it with sqlmap init, or pass --migrations)\n")
	})
	t.Run("--empty refuses a number the database has", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		dir := threeMigrations(t)
		sqlmap := sqlmapOn(t, url, dir)
		expect(t, sqlmap("migrate", "up", "-q"), 0, "", "")
		// An older checkout: the folder lacks 3.
		require.NoError(t, os.Remove(filepath.Join(dir, "000003_c.up.sql")))
		require.NoError(t, os.Remove(filepath.Join(dir, "000003_c.down.sql")))
		expect(t, sqlmap("new-migration", "d", "--empty"), 1, "",
			"sqlmap: the database has version 3, which this folder lacks (its newest is 2): is this an older checkout?\n"+
				"  a new migration numbered here would take a number the database has; check out the branch that has it, then draft\n")
		assert.Equal(t, []string{"000001_a.down.sql", "000001_a.up.sql", "000002_b.down.sql", "000002_b.up.sql"}, ls(t, dir), "nothing written")
	})
}

func TestDiffCommand(t *testing.T) {
	t.Parallel()
	_, url := pgtest.SchemaURL(t)
	dir := filepath.Join(golden, "add_column")
	exec(t, url, read(t, filepath.Join(dir, "before.sql")))
	diff := func(args ...string) result {
		t.Helper()
		return run(t, append([]string{"diff", "--database-url", url, "--models", "./" + filepath.Join(dir, "models")}, args...)...)
	}

	// They differ: exit 1, the SQL on stdout.
	wantUp := read(t, filepath.Join(dir, "up.sql"))
	expect(t, diff(), 1, wantUp, "")
	assert.Equal(t, []string{"users"}, pgtest.Tables(t, url), "diff writes nothing")

	// Once that SQL is applied, they are in sync: exit 0.
	exec(t, url, wantUp)
	expect(t, diff(), 0, "-- in sync: no changes\n", "")
	r := diff("--json")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr)
	var plan struct {
		InSync    bool              `json:"in_sync"`
		Steps     []json.RawMessage `json:"steps"`
		Hints     []json.RawMessage `json:"hints"`
		Unmanaged []string          `json:"unmanaged"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &plan), r.stdout)
	assert.True(t, plan.InSync)
	assert.NotNil(t, plan.Steps, "steps is [], not null")
	assert.Empty(t, plan.Steps)
	assert.NotNil(t, plan.Unmanaged, "unmanaged is [], not null")

	// A table no model describes is left alone, and said so; --prune
	// drafts its drop, with its hazard, which --fail-on can gate on.
	exec(t, url, "CREATE TABLE legacy (id int)")
	expect(t, diff(), 0, "-- in sync: no changes\n", "left alone (no model describes them; --prune drafts their drops): legacy\n")
	drop := "-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.\n\n" +
		"-- drop table legacy\n-- DESTRUCTIVE: drops table legacy and every row in it\nDROP TABLE legacy;\n"
	expect(t, diff("--prune"), 1, drop, "DESTRUCTIVE: drops table legacy and every row in it\n")
	expect(t, diff("--prune", "--fail-on", "deletes-data"), 1, drop, "DESTRUCTIVE: drops table legacy and every row in it\n"+
		"sqlmap: diff: 1 hazard(s) of the kinds --fail-on names, first: DESTRUCTIVE: drops table legacy and every row in it (deletes-data)\n")
	expect(t, diff("--prune", "--fail-on", "may-fail-on-rows"), 0, drop, "DESTRUCTIVE: drops table legacy and every row in it\n", "no hazard of that kind")

	// Two databases: the SQL turns the first into the second.
	_, empty := pgtest.SchemaURL(t)
	r = run(t, "diff", "--from-url", empty, "--to-url", url)
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stdout, "CREATE TABLE users (\n")
	expect(t, run(t, "diff", "--from-url", url, "--to-url", url), 0, "-- in sync: no changes\n", "")

	// Could not run: exit 2, nothing on stdout.
	for _, c := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"diff", "--database-url", url, "--models", "./" + filepath.Join(dir, "models"), "--rename", "bogus"},
			"sqlmap: schema: rename \"bogus\": want table.old=new or old_table=new_table\n"},
		{[]string{"diff", "--database-url", url, "--models", "./" + filepath.Join(dir, "models"), "--fail-on", "nope"},
			"sqlmap: schema: unknown hazard kind \"nope\" (kinds: deletes-data, "},
		{[]string{"diff", "--database-url", url, "--models", "./nope"},
			"sqlmap: models: no folder ./nope (flag --models): pass --models, set SQLMAP_MODELS, or set models in sqlmap.toml (sqlmap init writes a models/ package with an example)\n"},
		{[]string{"diff", "--from-url", url}, "sqlmap: diff: --from-url and --to-url go together\n"},
		{[]string{"diff", "--to-url", url}, "sqlmap: diff: --from-url and --to-url go together\n"},
		{[]string{"diff", "--database-url", "postgres://nobody:s3cret@127.0.0.1:1/nope?connect_timeout=2", "--models", "./" + filepath.Join(dir, "models")},
			"sqlmap: connecting to postgres://nobody:xxxxx@127.0.0.1:1/nope?connect_timeout=2: "},
	} {
		r := run(t, c.args...)
		assert.Equal(t, 2, r.code, "%v: %s", c.args, r.stderr)
		assert.Empty(t, r.stdout, c.args)
		assert.True(t, strings.HasPrefix(r.stderr, c.stderr), "%v:\n got %q\nwant %q...", c.args, r.stderr, c.stderr)
		assert.NotContains(t, r.stderr, "s3cret", c.args)
	}
}

// vetFolders is a migrations folder with an authors table, and a queries
// folder of three queries that fit it.
func vetFolders(t *testing.T) (migrations, queries string) {
	t.Helper()
	dir := t.TempDir()
	migrations, queries = filepath.Join(dir, "migrations"), filepath.Join(dir, "queries")
	write(t, migrations,
		"000001_authors.up.sql", "CREATE TABLE authors (\n    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n    name text NOT NULL,\n    bio text\n);\n",
		"000001_authors.down.sql", "DROP TABLE authors;\n")
	write(t, queries, "authors.sql", `-- name: GetAuthor :one
-- returns: Author
SELECT id, name, bio FROM authors WHERE id = :id;

-- name: ListAuthors :many
SELECT id, name FROM authors ORDER BY name LIMIT :limit;

-- name: RenameAuthor :exec
UPDATE authors SET name = :name WHERE id = :id;
`)
	return migrations, queries
}

// vetModels are the vet fixtures' structs (Author, AuthorBio...), as a
// package pattern from this package's folder.
const vetModels = "./../../integration_test/testdata/vet/models"

// returnsNote is the note of vet without --models. It says "1 query
// name a result type" today; the agreeing verb is accepted too.
var returnsNote = regexp.MustCompile(`^note: 1 query names? a result type \(-- returns:\): pass --models to check them\n$`)

func TestVet(t *testing.T) {
	t.Parallel()
	vet := func(t *testing.T, migrations, queries string, args ...string) result {
		t.Helper()
		return run(t, append([]string{"vet", "--database-url", pgtest.URL(t), "--migrations", migrations, "--queries", queries}, args...)...)
	}
	t.Run("clean", func(t *testing.T) {
		t.Parallel()
		m, q := vetFolders(t)
		r := vet(t, m, q)
		assert.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, "3 queries checked: no problems\n", r.stdout)
		assert.Regexp(t, returnsNote, r.stderr)
		expect(t, vet(t, m, q, "--models", vetModels), 0, "3 queries checked: no problems\n", "", "the result type is checked, no note")
		expect(t, vet(t, m, q, "-q"), 0, "", "")
	})
	t.Run("problems at their file:line", func(t *testing.T) {
		t.Parallel()
		m, q := vetFolders(t)
		write(t, q, "bad.sql", `-- Each query here is wrong in one way.

-- name: MisspeltColumn :one
SELECT id,
       nme
FROM authors WHERE id = :id;

-- name: TouchAuthor :one
UPDATE authors SET bio = bio WHERE id = :id;

-- name: NullableIntoValue :one
-- returns: AuthorBio
SELECT id, name, bio FROM authors WHERE id = :id;
`)
		r := vet(t, m, q, "--models", vetModels)
		assert.Equal(t, 1, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
		got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		want := []string{
			q + `/bad.sql:5: query MisspeltColumn: column "nme" does not exist [SQLSTATE 42703]`,
			q + `/bad.sql:8: query TouchAuthor: declared :one but returns no columns: add RETURNING, or declare it :exec`,
			q + `/bad.sql:11: query NullableIntoValue: column "bio" can be NULL (authors.bio allows NULL) but `,
		}
		require.Len(t, got, len(want), r.stdout)
		for i := range want {
			assert.True(t, strings.HasPrefix(got[i], want[i]), "line %d:\n got %s\nwant %s...", i+1, got[i], want[i])
		}
		assert.True(t, strings.HasSuffix(got[2], "/integration_test/testdata/vet/models/models.go:34: field Bio is string: use a pointer, a sql.Null type or a pgtype type, or coalesce"), got[2])
		assert.Equal(t, "sqlmap: 3 problem(s) in 3 of the 6 queries checked\n", r.stderr)
	})
	t.Run("a query file that does not load", func(t *testing.T) {
		t.Parallel()
		m, q := vetFolders(t)
		write(t, q, "broken.sql", "-- name: A :one\nSELECT 1;\n-- name: B :onne\nSELECT 2\n")
		expect(t, vet(t, m, q), 1, q+"/broken.sql:3:1: query B: unknown kind :onne (want :one, :many, :exec or :execrows)\n",
			"note: 1 query name a result type (-- returns:): pass --models to check them\n"+
				"sqlmap: 1 problem(s) loading "+q+", 0 in the 5 queries that loaded\n")
	})
	t.Run("a refused kind does not stop the check of the rest", func(t *testing.T) {
		t.Parallel()
		m, q := vetFolders(t)
		write(t, q, "batch.sql", "-- name: Many :batchexec\nSELECT 1;\n-- name: Typo :one\nSELECT nme FROM authors;\n")
		r := vet(t, m, q, "--quiet")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stdout, q+"/batch.sql:1:1: query Many: kind :batchexec is not supported: declare it :exec and queue the calls with db.Batch().QueueExec\n")
		assert.Contains(t, r.stdout, q+`/batch.sql:4: query Typo: column "nme" does not exist`)
	})
	t.Run("only the queries named", func(t *testing.T) {
		t.Parallel()
		m, q := vetFolders(t)
		write(t, q, "bad.sql", "-- name: Typo :one\nSELECT nme FROM authors;\n")
		r := vet(t, m, q, "ListAuthors", "RenameAuthor", "ListAuthors")
		expect(t, r, 0, "2 queries checked: no problems\n", "", "Typo is not checked")
		r = vet(t, m, q, "Typo")
		assert.Equal(t, 1, r.code)
		assert.Equal(t, "sqlmap: 1 problem(s) in 1 of the 1 query checked\n", r.stderr)
	})
	t.Run("exec that returns rows is a note", func(t *testing.T) {
		t.Parallel()
		m, q := vetFolders(t)
		write(t, q, "lock.sql", "-- name: Lock :exec\nSELECT pg_advisory_lock(:key);\n-- name: Everything :many\nSELECT * FROM authors;\n")
		r := vet(t, m, q)
		assert.Equal(t, 0, r.code, r.stdout+r.stderr)
		assert.Contains(t, r.stderr, "note: "+q+"/lock.sql:1: query Lock: declared :exec but returns columns (pg_advisory_lock), which DB.Exec discards: declare it :one or :many to read them\n")
		assert.Contains(t, r.stderr, "note: "+q+"/lock.sql:3: query Everything: selects * (id, name, bio")
	})
	t.Run("could not run", func(t *testing.T) {
		t.Parallel()
		m, q := vetFolders(t)
		missing := filepath.Join(t.TempDir(), "nope")
		expect(t, vet(t, m, missing), 2, "", "sqlmap: queries folder: stat "+missing+": no such file or directory (pass --queries)\n")
		expect(t, vet(t, missing, q), 2, "", "sqlmap: migrations folder: stat "+missing+": no such file or directory (create it with sqlmap init, or pass --migrations)\n")
		r := run(t, "vet", "--database-url", "postgres://postgres:s3cret@127.0.0.1:1/postgres?connect_timeout=2", "--migrations", m, "--queries", q)
		assert.Equal(t, 2, r.code, r.stderr)
		assert.Empty(t, r.stdout)
		assert.Contains(t, r.stderr, "postgres://postgres:xxxxx@127.0.0.1:1/postgres")
		assert.NotContains(t, r.stderr, "s3cret")

		write(t, m, "000002_bad.up.sql", "CREATE TABLE oops (;\n", "000002_bad.down.sql", "DROP TABLE oops;\n")
		expect(t, vet(t, m, q, "-q"), 2, "", `sqlmap: apply the migrations to the scratch database: migrate: 000002_bad.up.sql:1 failed: ERROR: syntax error at or near ";" (SQLSTATE 42601)
  it ran in one transaction and rolled back: nothing of it was applied; the database is at version 1
`)
	})
}

func TestQueriesCommand(t *testing.T) {
	t.Parallel()
	m, q := vetFolders(t)
	url := pgtest.URL(t)
	list := "GetAuthor :one  " + q + "/authors.sql:1  returns Author\n" +
		"  param   :id   bigint\n" +
		"  column  id    bigint  not null\n" +
		"  column  name  text    not null\n" +
		"  column  bio   text    null\n" +
		"\n" +
		"ListAuthors :many  " + q + "/authors.sql:5\n" +
		"  param   :limit  bigint\n" +
		"  column  id      bigint  not null\n" +
		"  column  name    text    not null\n" +
		"\n" +
		"RenameAuthor :exec  " + q + "/authors.sql:8\n" +
		"  param  :name  text\n" +
		"  param  :id    bigint\n"
	queries := func(args ...string) result {
		t.Helper()
		return run(t, append([]string{"queries", "--database-url", url, "--migrations", m, "--queries", q}, args...)...)
	}

	expect(t, queries("--models", vetModels), 0, list, "")
	r := queries()
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, list, r.stdout)
	assert.Regexp(t, returnsNote, r.stderr)
	expect(t, run(t, "vet", "--list", "--database-url", url, "--migrations", m, "--queries", q, "-q"), 0, list, "", "vet --list is sqlmap queries")

	// Problems after the list, with vet's exit status; a query that does
	// not prepare is not listed.
	bad := t.TempDir()
	require.NoError(t, os.CopyFS(bad, os.DirFS(q)))
	write(t, bad, "bad.sql", "-- name: TouchAuthor :one\nUPDATE authors SET bio = bio WHERE id = :id;\n\n-- name: Misspelt :one\nSELECT nme FROM authors;\n")
	r = run(t, "queries", "--database-url", url, "--migrations", m, "--queries", bad, "-q")
	assert.Equal(t, 1, r.code, r.stderr)
	wantStart := strings.ReplaceAll(list, q+"/", bad+"/") +
		"\nTouchAuthor :one  " + bad + "/bad.sql:1\n  param  :id  bigint\n" +
		bad + "/bad.sql:1: query TouchAuthor: declared :one but returns no columns: add RETURNING, or declare it :exec\n" +
		bad + `/bad.sql:5: query Misspelt: column "nme" does not exist [SQLSTATE 42703]`
	assert.True(t, strings.HasPrefix(r.stdout, wantStart), "got:\n%s\nwant, then PostgreSQL's hint:\n%s", r.stdout, wantStart)
	assert.Equal(t, 1, strings.Count(r.stdout, "\n"+bad+"/bad.sql:5:"), "one problem line per query")
	assert.Equal(t, "sqlmap: 2 problem(s) in 2 of the 5 queries checked\n", r.stderr)

	missing := filepath.Join(t.TempDir(), "nope")
	expect(t, run(t, "queries", "--database-url", url, "--migrations", missing, "--queries", q), 2, "",
		"sqlmap: migrations folder: stat "+missing+": no such file or directory (create it with sqlmap init, or pass --migrations)\n")
}

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	r := run(t)
	assert.Equal(t, 0, r.code)
	assert.Empty(t, r.stderr)
	assert.Contains(t, r.stdout, "Usage:\n  sqlmap [command]\n")
	for _, c := range []string{"diff", "init", "migrate", "new-migration", "queries", "vet"} {
		assert.Regexp(t, `(?m)^  `+c+` +\S`, r.stdout, "help lists %s", c)
	}
	assert.Regexp(t, `(?m)^  completion +\S`, r.stdout, "help lists completion")

	expect(t, run(t, "nope"), 1, "", "sqlmap: unknown command \"nope\" for \"sqlmap\"\n")
	expect(t, run(t, "--nope"), 1, "", "sqlmap: unknown flag: --nope\n")
	expect(t, run(t, "migrate", "up", "--nope"), 1, "", "sqlmap: migrate up: unknown flag: --nope (sqlmap migrate up --help lists its flags)\n")
	// diff and vet exit 1 for a finding (they differ, a query fails): a
	// command line they refuse is an error that kept them from running,
	// 2, so `sqlmap diff || alert drift` is not fooled by a typo.
	expect(t, run(t, "diff", "extra"), 2, "", "sqlmap: diff: takes no arguments, got \"extra\" (usage: sqlmap diff)\n")
	expect(t, run(t, "diff", "--nope"), 2, "", "sqlmap: diff: unknown flag: --nope (sqlmap diff --help lists its flags)\n")
	expect(t, run(t, "vet", "--nope"), 2, "", "sqlmap: vet: unknown flag: --nope (sqlmap vet --help lists its flags)\n")
	q := t.TempDir()
	write(t, q, "u.sql", "-- name: GetUser :one\nSELECT 1;\n")
	expect(t, run(t, "vet", "--queries", q, "GetUsr"), 2, "", "sqlmap: no query GetUsr in "+q+"/ (did you mean GetUser, "+q+"/u.sql:1?)\n")
	expect(t, run(t, "queries", "--queries", q, "extra"), 2, "", "sqlmap: no query extra in "+q+"/\n")
	expect(t, run(t, "migrate", "up", "1", "2"), 1, "", "sqlmap: migrate up: accepts at most 1 arg(s), received 2 (usage: sqlmap migrate up [N])\n")
	// help for a topic that is not there is an error too.
	expect(t, run(t, "help", "nosuch"), 1, "", "sqlmap: help: no command \"nosuch\" (sqlmap --help lists them)\n")
	r = run(t, "migrate", "help", "up")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "Usage:\n  sqlmap migrate up [N] [flags]\n", "migrate help up, as help migrate up")
	expect(t, run(t, "config", "extra"), 1, "", "sqlmap: config: takes no arguments, got \"extra\" (usage: sqlmap config)\n")
	// golang-migrate's spelling of "no version".
	expect(t, run(t, "migrate", "force", "-1"), 1, "",
		"sqlmap: migrate force: unknown shorthand flag: '1' in -1: to record that no migration is applied (golang-migrate's force -1), write sqlmap migrate force none\n")
}

// What the review of these tests found, fixed.
func TestReviewFindings(t *testing.T) {
	t.Parallel()
	t.Run("a mistyped migrate subcommand fails", func(t *testing.T) {
		t.Parallel()
		r := run(t, "migrate", "upp")
		assert.Equal(t, 1, r.code, "a deploy script with a typo must not pass")
		assert.Empty(t, r.stdout)
		assert.Equal(t, "sqlmap: unknown command \"upp\" for \"sqlmap migrate\"; did you mean up? (sqlmap migrate --help lists them)\n", r.stderr)
	})
	t.Run("new-migration --empty --dry-run writes nothing", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		r := run(t, "new-migration", "add_x", "--empty", "--dry-run", "--migrations", dir)
		assert.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "-- "+filepath.Join(dir, "000001_add_x.up.sql")+"\n-- Migration 1: add_x (up).\n")
		assert.Empty(t, ls(t, dir), "nothing written")
	})
	t.Run("the advice for a dirty mark with no ledger record names the migration", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		dir := threeMigrations(t)
		sqlmap := sqlmapOn(t, url, dir)
		require.Equal(t, 0, sqlmap("migrate", "up", "1").code)
		exec(t, url, `UPDATE schema_migrations SET version = 2, dirty = true`)
		r := sqlmap("migrate", "recover")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "then record the result: sqlmap migrate force 2 if 000002_b is now fully applied")
	})
	t.Run("renumber refuses a migration that is in order", func(t *testing.T) {
		t.Parallel()
		_, url := pgtest.SchemaURL(t)
		dir := threeMigrations(t)
		sqlmap := sqlmapOn(t, url, dir)
		require.Equal(t, 0, sqlmap("migrate", "up", "1").code)
		r := sqlmap("migrate", "renumber", "3")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "000003_c is not out of order (nothing applied is numbered above it) and its number is free")
		assert.Contains(t, ls(t, dir), "000003_c.up.sql", "nothing renamed")
	})
}
