package integration_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pglocal"
	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
	"github.com/sqlmap-go/sqlmap/sqlmap/vet"
)

// vetProject is a user's module with the vet fixtures' migrations and
// models, and the queries of testdata/vet/<queries> in queries/.
func vetProject(t *testing.T, queries string) *project {
	t.Helper()
	p := newProject(t)
	p.write("go.mod", "module example.com/app\n\ngo 1.24\n")
	copyTree(t, "testdata/vet/migrations", p.path("migrations"))
	copyTree(t, "testdata/vet/models", p.path("models"))
	copyTree(t, "testdata/vet/"+queries, p.path("queries"))
	return p
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	require.NoError(t, os.CopyFS(to, os.DirFS(from)))
}

// vetArgs point vet at the test database's server: vet makes a scratch
// database of its own there.
func vetArgs(t *testing.T, cmd string, extra ...string) []string {
	return append([]string{cmd, "--database-url", pgtest.URL(t)}, extra...)
}

func TestVetGoodQueriesAreClean(t *testing.T) {
	t.Parallel()
	p := vetProject(t, "good")
	r := p.run(vetArgs(t, "vet", "--models", "./models")...)
	require.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	assert.Equal(t, "10 queries checked: no problems\n", r.stdout)
	assert.Empty(t, r.stderr)
}

func TestVetReportsEveryProblemAtItsLine(t *testing.T) {
	t.Parallel()
	p := vetProject(t, "bad")
	r := p.run(vetArgs(t, "vet", "--models", "./models")...)
	assert.Equal(t, 1, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	want := []string{
		`queries/bad.sql:5: query MisspeltColumn: column "nme" does not exist [SQLSTATE 42703]`,
		`queries/bad.sql:8: query TouchAuthor: declared :one but returns no columns: add RETURNING, or declare it :exec`,
		`queries/bad.sql:15: query SameParamTwoTypes: inconsistent types deduced for parameter :x (bigint versus text) [SQLSTATE 42P08]: the parameter is used where two different types are expected`,
		`queries/bad.sql:17: query ExtraColumn: column "score" has no field in Author: add one (or a db tag), or alias the column`,
		`queries/bad.sql:21: query TextIntoInt: column "name" is text, which models/models.go:39: field Name (int64) cannot hold`,
		`queries/bad.sql:25: query NullableIntoValue: column "bio" can be NULL (authors.bio allows NULL) but models/models.go:34: field Bio is string: use a pointer`,
		`queries/bad.sql:29: query UnknownType: returns Nobody: no struct type Nobody in the models`,
		`queries/more.sql:5: query WrongTable: relation "author" does not exist [SQLSTATE 42P01]`,
	}
	got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, got, len(want), r.stdout)
	for i := range want {
		assert.True(t, strings.HasPrefix(got[i], want[i]), "line %d:\n got %s\nwant %s...", i+1, got[i], want[i])
	}
	// :exec discards the rows a statement returns, as sqlc allows: a note.
	assert.Equal(t, "note: queries/bad.sql:11: query RemoveAuthor: declared :exec but returns columns (id), which DB.Exec discards: declare it :one or :many to read them\n"+
		"sqlmap: 8 problem(s) in 8 of the 9 queries checked\n", r.stderr)
}

// vet reads the models where drafting does (./models by default) and
// says what it skipped when there are none.
func TestVetWithoutModelsSaysWhatItSkipped(t *testing.T) {
	t.Parallel()
	p := vetProject(t, "good")
	r := p.run(vetArgs(t, "vet")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr, "./models is there: checked, as by new-migration")
	p.write("queries/typo.sql", "-- name: Typo :one\n-- returns: Author\nSELECT id, name, bio, 1 AS extra FROM authors;\n")
	r = p.run(vetArgs(t, "vet")...)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, `query Typo: column "extra" has no field in Author`)
	require.NoError(t, os.Remove(p.path("queries/typo.sql")))

	r = p.run(vetArgs(t, "vet", "--models", "")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "note: 6 queries name a result type (-- returns:): pass --models to check them\n", r.stderr)
	require.NoError(t, os.RemoveAll(p.path("models")))
	r = p.run(vetArgs(t, "vet")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "note: 6 queries name a result type (-- returns:): pass --models to check them\n", r.stderr, "no ./models: skipped, and said")
}

func TestVetListsQueries(t *testing.T) {
	t.Parallel()
	p := vetProject(t, "good")
	out := p.ok(vetArgs(t, "queries")...)
	assert.Contains(t, out, "GetAuthor :one  queries/authors.sql:4  returns Author\n"+
		"  param   :id   bigint\n"+
		"  column  id    bigint  not null\n"+
		"  column  name  text    not null\n"+
		"  column  bio   text    null\n\n")
	assert.Contains(t, out, "AuthorsByIDs :many  queries/authors.sql:22  returns Author\n  param   :ids  bigint[]\n")
	assert.Contains(t, out, "CountBooks :one  queries/books.sql:11\n  param   :year  integer\n  column  count  bigint\n")
	assert.Contains(t, out, "TouchBook (any kind)  queries/books.sql:14\n  param  :id  bigint\n")
	assert.Contains(t, out, "  column  kind          book_kind                 not null\n")
	assert.Contains(t, out, "  column  author.name   text                      not null\n", "NOT NULL in its table, as the description says, though the LEFT JOIN may make it NULL")
	assert.Equal(t, out, p.ok(vetArgs(t, "vet", "--list")...), "vet --list is sqlmap queries")
}

func TestVetExitCodes(t *testing.T) {
	t.Parallel()
	t.Run("load errors are problems of the query files", func(t *testing.T) {
		p := vetProject(t, "good")
		p.write("queries/broken.sql", "-- name: A :one\nSELECT 1;\n-- name: B :onne\nSELECT 2\n")
		r := p.run(vetArgs(t, "vet")...)
		assert.Equal(t, 1, r.code)
		assert.Equal(t, "queries/broken.sql:3:1: query B: unknown kind :onne (want :one, :many, :exec or :execrows)\n", r.stdout)
	})
	t.Run("a failing migration means vet could not run", func(t *testing.T) {
		p := vetProject(t, "good")
		p.write("migrations/000002_bad.up.sql", "CREATE TABLE oops (;\n")
		p.write("migrations/000002_bad.down.sql", "DROP TABLE oops;\n")
		r := p.run(vetArgs(t, "vet")...)
		assert.Equal(t, 2, r.code)
		assert.Contains(t, r.stderr, "apply the migrations to the scratch database")
		assert.Contains(t, r.stderr, "000002_bad.up.sql:1")
	})
	t.Run("an unreachable server means vet could not run", func(t *testing.T) {
		p := vetProject(t, "good")
		r := p.run("vet", "--database-url", "postgres://postgres:secret@127.0.0.1:1/postgres?connect_timeout=2")
		assert.Equal(t, 2, r.code)
		assert.NotContains(t, r.stderr, "secret")
	})
}

// TestVetDropsItsScratchDatabase runs vet against a throwaway server of
// its own, so that the databases it counts can only be vet's: on the
// shared server, other programs (and other test packages running vet at
// the same time) create and drop sqlmap_vet_* databases of their own.
func TestVetDropsItsScratchDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, err := pglocal.Start(ctx)
	require.NoError(t, err, "this test needs a PostgreSQL server of its own: it needs the server binaries (initdb, pg_ctl)")
	t.Cleanup(func() { assert.NoError(t, srv.Stop(context.Background())) })
	p := vetProject(t, "good")
	args := func() []string { return []string{"vet", "--database-url", srv.URL()} }
	databases := func() []string {
		conn, err := pgx.Connect(ctx, srv.URL())
		require.NoError(t, err)
		defer conn.Close(ctx)
		rows, err := conn.Query(ctx, `SELECT datname::text FROM pg_database WHERE NOT datistemplate ORDER BY 1`)
		require.NoError(t, err)
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
		return names
	}
	before := databases()
	require.Equal(t, []string{"postgres"}, before)
	p.ok(args()...)
	p.write("migrations/000002_bad.up.sql", "CREATE TABLE oops (;\n")
	p.write("migrations/000002_bad.down.sql", "DROP TABLE oops;\n")
	assert.Equal(t, 2, p.run(args()...).code)
	assert.Equal(t, before, databases(), "vet leaves no database behind, after a failure either")
}

// TestSqlcStyleProjects vets projects written for sqlc, through the library
// call an application would make in its own tests, and runs a sqlc.slice
// query of each for real.
func TestSqlcStyleProjects(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		seed  string
		call  string
		args  map[string]any
		count int64
	}{
		{"writers", "INSERT INTO writers (pen_name) VALUES ('a'), ('b'), ('c')",
			"RemoveWriters", map[string]any{"ids": []int64{1, 3, 99}}, 2},
		{"library", "INSERT INTO novelists (full_name) VALUES ('a'), ('b'); " +
			"INSERT INTO novels (novelist_id, isbn, title, published) VALUES (1, '1', 'x', 1990), (2, '2', 'y', 1980), (2, '3', 'z', 2020)",
			"WeedOut", map[string]any{"before": 2000, "keep": []int32{1}}, 1},
		{"gigs", "INSERT INTO towns VALUES ('ber', 'Berlin'), ('par', 'Paris'); " +
			"INSERT INTO halls (door, code, name, town, playlist) VALUES ('open', 'a', 'A', 'ber', ''), ('closed', 'b', 'B', 'par', ''), ('open', 'c', 'C', 'par', '')",
			"HallsInTowns", map[string]any{"towns": []string{"par", "rom"}, "door": "open"}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dir := filepath.Join("testdata/sqlc", c.name)
			src, err := os.ReadFile(filepath.Join(dir, "query.sql"))
			require.NoError(t, err)
			qs, err := sqlmap.NewQueries(map[string]string{c.name + "/query.sql": string(src)})
			require.NoError(t, err)

			dbURL, drop, err := pglocal.CreateDatabase(ctx, pgtest.URL(t), "sqlmap_sqlc")
			require.NoError(t, err)
			t.Cleanup(func() { assert.NoError(t, drop(context.Background())) })
			require.NoError(t, migrate.Up(ctx, dbURL, os.DirFS(filepath.Join(dir, "migrations"))))
			conn, err := pgx.Connect(ctx, dbURL)
			require.NoError(t, err)
			t.Cleanup(func() { conn.Close(context.Background()) })

			assert.Empty(t, vet.Check(ctx, conn, qs))
			report, err := vet.Describe(ctx, conn, qs)
			require.NoError(t, err)
			assert.Len(t, report.Queries, len(qs.All()), "every query prepares")

			_, err = conn.Exec(ctx, c.seed)
			require.NoError(t, err)
			db := sqlmap.New(conn, qs)
			q, _ := qs.Get(c.call)
			if q.Kind == sqlmap.KindExecRows {
				n, err := db.Exec(ctx, c.call, c.args)
				require.NoError(t, err)
				assert.Equal(t, c.count, n)
			} else {
				type hall struct {
					ID         int32
					Name, Town string
				}
				rows, err := sqlmap.Many[hall](ctx, db, c.call, c.args)
				require.NoError(t, err)
				assert.Len(t, rows, int(c.count))
			}
		})
	}
}
