package integration_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
)

var (
	binDir   string
	binOnce  sync.Once
	binPath  string
	binError error
)

// sqlmapBin builds cmd/sqlmap once per test run.
func sqlmapBin(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binError = os.MkdirTemp("", "sqlmap-bin-")
		if binError != nil {
			return
		}
		binPath = filepath.Join(binDir, "sqlmap")
		out, err := exec.Command("go", "build", "-o", binPath, "../cmd/sqlmap").CombinedOutput()
		if err != nil {
			binError = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, binError)
	return binPath
}

type result struct {
	code           int
	stdout, stderr string
}

// project is a user's working folder with its own database schema.
type project struct {
	t   *testing.T
	dir string
	url string
	env []string
}

func newProject(t *testing.T) *project {
	t.Helper()
	_, u := pgtest.SchemaURL(t)
	p := &project{t: t, dir: t.TempDir(), url: u}
	p.env = append(os.Environ(), "DATABASE_URL="+u)
	return p
}

func (p *project) write(name, body string) {
	p.t.Helper()
	path := filepath.Join(p.dir, name)
	require.NoError(p.t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(p.t, os.WriteFile(path, []byte(body), 0o644))
}

func (p *project) start(args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	cmd := exec.Command(sqlmapBin(p.t), args...)
	cmd.Dir = p.dir
	cmd.Env = p.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

func (p *project) run(args ...string) result {
	p.t.Helper()
	cmd, stdout, stderr := p.start(args...)
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(p.t, err)
	}
	return result{code, stdout.String(), stderr.String()}
}

// ok runs a command that must succeed and returns its stdout.
func (p *project) ok(args ...string) string {
	p.t.Helper()
	r := p.run(args...)
	require.Equal(p.t, 0, r.code, "sqlmap %s\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.stdout, r.stderr)
	return r.stdout
}

func (p *project) tables() []string { return pgtest.Tables(p.t, p.url) }

var durations = regexp.MustCompile(`\([0-9.]+(µs|ms|s)\)`)

// lines drops the timing of progress lines, which vary.
func lines(s string) string { return durations.ReplaceAllString(s, "(…)") }

func (p *project) threeMigrations() {
	p.write("migrations/000001_a.up.sql", "CREATE TABLE a (id int);\n")
	p.write("migrations/000001_a.down.sql", "DROP TABLE a;\n")
	p.write("migrations/000002_b.up.sql", "CREATE TABLE b (id int);\n")
	p.write("migrations/000002_b.down.sql", "DROP TABLE b;\n")
	p.write("migrations/000003_c.up.sql", "CREATE TABLE c (id int);\n")
	p.write("migrations/000003_c.down.sql", "DROP TABLE c;\n")
}

func TestCLIMigrateLifecycle(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.threeMigrations()

	assert.Equal(t, "none\n", p.ok("migrate", "version"))
	assert.Equal(t, "applied  000001_a (…)\napplied  000002_b (…)\ndatabase is at version 2\n", lines(p.ok("migrate", "up", "2")))
	assert.Equal(t, "applied  000003_c (…)\ndatabase is at version 3\n", lines(p.ok("migrate", "up")))
	assert.Equal(t, "nothing to apply: database is at version 3\n", p.ok("migrate", "up"))
	assert.Equal(t, "3\n", p.ok("migrate", "version"))
	assert.Equal(t, []string{"a", "b", "c"}, p.tables())

	assert.Equal(t, "reverted 000003_c (…)\ndatabase is at version 2\n", lines(p.ok("migrate", "down")), "down reverts one step by default")
	assert.Equal(t, []string{"a", "b"}, p.tables())
	assert.Equal(t, "reverted 000002_b (…)\nreverted 000001_a (…)\ndatabase is at version none\n", lines(p.ok("migrate", "down", "2")))
	assert.Equal(t, "applied  000001_a (…)\napplied  000002_b (…)\napplied  000003_c (…)\ndatabase is at version 3\n", lines(p.ok("migrate", "goto", "3")))
	assert.Equal(t, "reverted 000003_c (…)\nreverted 000002_b (…)\ndatabase is at version 1\n", lines(p.ok("migrate", "goto", "1")))

	st := p.ok("migrate", "status")
	assert.Contains(t, st, "version:    1\n  applied  000001_a\n  pending  000002_b\n  pending  000003_c\n1 applied, 2 pending\n")

	assert.Empty(t, p.ok("migrate", "up", "-q"), "-q silences progress")
	assert.Equal(t, "reverted 000003_c (…)\nreverted 000002_b (…)\nreverted 000001_a (…)\ndatabase is at version none\n", lines(p.ok("migrate", "down", "--all")))
	assert.Empty(t, p.tables())
	assert.Equal(t, "nothing to revert: database is at version none\n", p.ok("migrate", "down"))

	r := p.run("migrate", "goto", "7")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "sqlmap: migrate: goto: no migration with version 7 in the migrations folder (it has 1 to 3)\n", r.stderr)
}

func TestCLIFailingMigration(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.write("migrations/000001_a.up.sql", "CREATE TABLE a (id int);\n")
	p.write("migrations/000001_a.down.sql", "DROP TABLE a;\n")
	p.write("migrations/000002_b.up.sql", "CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\nINSERT INTO b VALUES ('x');\n")
	p.write("migrations/000002_b.down.sql", "DROP TABLE b;\n")

	r := p.run("migrate", "up")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "applied  000001_a (…)\n", lines(r.stdout))
	assert.Equal(t, `sqlmap: migrate: 000002_b.up.sql:3 failed: ERROR: invalid input syntax for type integer: "x" (SQLSTATE 22P02)
  it ran in one transaction and rolled back: nothing of it was applied; the database is at version 1
  fix migrations/000002_b.up.sql, then run: sqlmap migrate up
`, r.stderr)
	assert.Equal(t, []string{"a"}, p.tables(), "nothing of the failed file remains")

	// No force needed: the ledger knows nothing of it committed.
	assert.Equal(t, "1\n", p.ok("migrate", "version"))
	st := p.ok("migrate", "status")
	assert.Contains(t, st, "version:    1\n  applied  000001_a\n  pending  000002_b\n")

	p.write("migrations/000002_b.up.sql", "CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\n")
	assert.Equal(t, "applied  000002_b (…)\ndatabase is at version 2\n", lines(p.ok("migrate", "up")))
	assert.Equal(t, []string{"a", "b"}, p.tables())
}

func TestCLINoTransactionDirective(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.write("migrations/000001_t.up.sql", "CREATE TABLE t (id int, name text);\n")
	p.write("migrations/000001_t.down.sql", "DROP TABLE t;\n")
	p.write("migrations/000002_idx.up.sql", "-- sqlmap:no-transaction\nCREATE INDEX CONCURRENTLY t_id ON t (id);\nCREATE INDEX CONCURRENTLY t_name ON t (name);\n")
	p.write("migrations/000002_idx.down.sql", "-- sqlmap:no-transaction\nDROP INDEX CONCURRENTLY t_name;\nDROP INDEX CONCURRENTLY t_id;\n")
	p.ok("migrate", "up")
	assert.Equal(t, "2\n", p.ok("migrate", "version"))
	p.ok("migrate", "down")
	assert.Equal(t, "1\n", p.ok("migrate", "version"))
}

func TestCLIFolderProblems(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.write("migrations/000001_a.up.sql", "CREATE TABLE a (id int);\n")
	p.write("migrations/000002_b.down.sql", "DROP TABLE b;\n")
	p.write("migrations/000003_c.up.sql", "CREATE TABLE c (id int);\n")
	p.write("migrations/000003_c.down.sql", "DROP TABLE c;\n")
	p.write("migrations/3_other.up.sql", "SELECT 1;\n")
	p.write("migrations/3_other.down.sql", "SELECT 1;\n")
	p.write("migrations/000004_d.up.sql", "\n-- TODO\n")
	p.write("migrations/000004_d.down.sql", "\n")
	p.write("migrations/create_users.sql", "CREATE TABLE users ();\n")
	for _, args := range [][]string{{"migrate", "up"}, {"migrate", "down"}, {"migrate", "goto", "1"}, {"migrate", "force", "1"}, {"new-migration", "x", "--empty"}} {
		r := p.run(args...)
		assert.Equal(t, 1, r.code, args)
		assert.Contains(t, r.stderr, `problem(s)`, args)
		for _, want := range []string{
			"  000001_a.up.sql: up migration without a down migration (add 000001_a.down.sql)\n",
			"  000002_b.down.sql: down migration without an up migration\n",
			"  000003_c.up.sql, 3_other.up.sql: 2 up files with version 3\n",
			"  000003_c.down.sql, 3_other.down.sql: 2 down files with version 3\n",
			"  000004_d.up.sql: up migration is empty\n",
			"  create_users.sql: file name does not parse: want NNNNNN_name.up.sql or NNNNNN_name.down.sql",
		} {
			assert.Contains(t, r.stderr, want, args)
		}
	}
	r := p.run("migrate", "status")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "version:    none")
	assert.Empty(t, p.tables(), "nothing ran")
}

// TestCLIConcurrentUp starts two `sqlmap migrate up` processes at once on a
// folder of 20 migrations: both must succeed and each migration must run
// exactly once (golang-migrate's advisory lock, taken per step).
func TestCLIConcurrentUp(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.write("migrations/000001_log.up.sql", "CREATE TABLE log (version int PRIMARY KEY);\n")
	p.write("migrations/000001_log.down.sql", "DROP TABLE log;\n")
	for v := 2; v <= 20; v++ {
		p.write(fmt.Sprintf("migrations/%06d_step.up.sql", v), fmt.Sprintf("SELECT pg_sleep(0.02);\nINSERT INTO log VALUES (%d);\n", v))
		p.write(fmt.Sprintf("migrations/%06d_step.down.sql", v), fmt.Sprintf("DELETE FROM log WHERE version = %d;\n", v))
	}
	cmdA, outA, errA := p.start("migrate", "up")
	cmdB, outB, errB := p.start("migrate", "up")
	require.NoError(t, cmdA.Start())
	require.NoError(t, cmdB.Start())
	require.NoError(t, cmdA.Wait(), errA.String())
	require.NoError(t, cmdB.Wait(), errB.String())
	applied := strings.Count(outA.String(), "applied ") + strings.Count(outB.String(), "applied ")
	assert.Equal(t, 20, applied, "each migration reported applied once:\nA:\n%s\nB:\n%s", outA, outB)
	assert.Equal(t, "20\n", p.ok("migrate", "version"))

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, p.url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	var n, distinct int
	require.NoError(t, conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT version) FROM log`).Scan(&n, &distinct))
	assert.Equal(t, 19, n)
	assert.Equal(t, 19, distinct)
}

func TestCLIInitAndNewMigration(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	out := p.ok("init", "app/db")
	assert.Equal(t, "created app/db/queries/example.sql\ncreated app/db/migrations/.keep\ncreated app/db/db.go\ncreated models/models.go\ncreated sqlmap.toml\n"+
		"next: edit the models in models/, then draft their migration and apply it:\n  sqlmap new-migration create_users\n  sqlmap migrate up\n"+
		"(the database: DATABASE_URL, or a .env file next to sqlmap.toml; sqlmap config shows every setting)\n", out)
	dbGo, err := os.ReadFile(filepath.Join(p.dir, "app/db/db.go"))
	require.NoError(t, err)
	assert.Contains(t, string(dbGo), "package db\n")

	// Again: what exists is kept; the user's edits stay.
	example := p.read("app/db/queries/example.sql")
	p.write("app/db/queries/example.sql", "-- name: Mine :one\nSELECT 1;\n")
	out = p.ok("init", "app/db")
	assert.True(t, strings.HasPrefix(out, "kept app/db/queries/example.sql (it exists)\nkept models/ (it exists): new-migration reads the models there\nnext: "), out)
	assert.Equal(t, "-- name: Mine :one\nSELECT 1;\n", p.read("app/db/queries/example.sql"))
	p.write("app/db/queries/example.sql", example)

	// The project file init wrote tells new-migration where the folder is.
	assert.Equal(t, "created app/db/migrations/000001_create_users.up.sql\ncreated app/db/migrations/000001_create_users.down.sql\n",
		p.ok("new-migration", "Create Users", "--empty"))
	p.write("app/db/migrations/000001_create_users.up.sql", "CREATE TABLE users (id int);\n")
	p.write("app/db/migrations/000001_create_users.down.sql", "DROP TABLE users;\n")
	assert.Equal(t, "created app/db/migrations/000002_add_email.up.sql\ncreated app/db/migrations/000002_add_email.down.sql\n",
		p.ok("new-migration", "add-email", "--empty"))
	p.write("app/db/migrations/000002_add_email.up.sql", "ALTER TABLE users ADD email text;\n")
	p.write("app/db/migrations/000002_add_email.down.sql", "ALTER TABLE users DROP email;\n")
	p.ok("migrate", "up")
	assert.Equal(t, []string{"users"}, p.tables())

	// The generated db.go compiles and its embedded folders load.
	p.write("go.mod", "module example.com/app\n\ngo 1.24\n\nrequire github.com/sqlmap-go/sqlmap v0.0.0\n\nreplace github.com/sqlmap-go/sqlmap => "+mustAbs(t, "..")+"\n")
	sum, err := os.ReadFile("../go.sum")
	require.NoError(t, err)
	p.write("go.sum", string(sum))
	p.write("app/db/db_test.go", `package db

import (
	"io/fs"
	"testing"
)

func TestEmbedded(t *testing.T) {
	qs, err := Queries()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := qs.Get("Now"); !ok {
		t.Fatal("example query missing")
	}
	names, err := fs.Glob(Migrations(), "*.sql")
	if err != nil || len(names) != 4 {
		t.Fatalf("migrations: %v %v", names, err)
	}
}
`)
	test := exec.Command("go", "test", "-mod=mod", "./app/db/")
	test.Dir = p.dir
	out2, err := test.CombinedOutput()
	require.NoError(t, err, string(out2))
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	require.NoError(t, err)
	return a
}

func TestCLIDatabaseURLHandling(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.threeMigrations()
	u, err := url.Parse(p.url)
	require.NoError(t, err)
	u.User = url.UserPassword(u.User.Username(), "s3cret-pw")
	withPassword := u.String()

	r := p.run("migrate", "status", "--database-url", withPassword)
	assert.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout+r.stderr, "s3cret-pw", "a password is never printed")
	assert.Contains(t, r.stdout, "xxxxx")

	help := p.run("migrate", "--help")
	assert.NotContains(t, help.stdout, "s3cret-pw")

	p.env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	r = p.run("migrate", "up")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "sqlmap: no database URL: pass --database-url, or set SQLMAP_DATABASE_URL or DATABASE_URL in the environment or in .env\n", r.stderr)

	p.env = append(p.env, "SQLMAP_DATABASE_URL="+p.url)
	assert.Equal(t, "none\n", p.ok("migrate", "version"))
}

func (p *project) path(name string) string { return filepath.Join(p.dir, name) }

func (p *project) read(name string) string {
	p.t.Helper()
	b, err := os.ReadFile(p.path(name))
	require.NoError(p.t, err)
	return string(b)
}

func (p *project) exec(sql string) {
	p.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, p.url)
	require.NoError(p.t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	require.NoError(p.t, err)
}

func (p *project) query(sql string) []string {
	p.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, p.url)
	require.NoError(p.t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, sql)
	require.NoError(p.t, err)
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(p.t, err)
	return out
}
