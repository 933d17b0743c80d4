package vet_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap"
	"github.com/sqlmap-go/sqlmap/sqlmap/vet"
)

// The shapes of sqlc's generated code, as a project moving from sqlc has
// them: params structs named by sqlc's rules.
type (
	sqlcAuthor struct {
		AuthorID  int64
		Name      string
		GroupName *string
	}
	sqlcCreateAuthorParams struct {
		Name      string
		GroupName *string
	}
	sqlcCreateBookParams struct {
		AuthorID int64
		Title    string
		BookType string
		Tags     []string
	}
	sqlcBook struct {
		BookID int64
		Title  string
	}
)

// A folder of query files written in sqlc's styles (testdata/sqlcstyle)
// loads unchanged, vets clean against its schema, and runs: /* name: */
// headers beside -- ones, never glued together; the macro spellings sqlc
// takes; sqlc.slice in ANY and IN; camelCase parameters bound from the
// field names sqlc generates; :exec on a statement that returns a row.
func TestSqlcStyleFolder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join("testdata", "sqlcstyle")
	schemaSQL, err := os.ReadFile(filepath.Join(dir, "schema.sql"))
	require.NoError(t, err)
	_, url := pgtest.SchemaURL(t)
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	_, err = conn.Exec(ctx, string(schemaSQL))
	require.NoError(t, err)

	qs, err := sqlmap.Load(os.DirFS(filepath.Join(dir, "queries")))
	require.NoError(t, err)
	assert.Equal(t, []string{"GetAuthor", "CreateAuthor", "CreateAuthorPlain", "CreateAuthorUpper", "AuthorsInGroup", "AuthorsInGroupAt", "AuthorsByIDs", "AuthorsByIDsIn",
		"CreateBook", "BooksByTags", "LockBooks", "UnlockBooks", "AllBooks"}, qs.Names())
	plain, _ := qs.Get("CreateAuthorPlain")
	assert.Equal(t, "INSERT INTO authors (name) VALUES ($1)", plain.SQL, "the next header's query is not glued on")
	create, _ := qs.Get("CreateAuthor")
	assert.Equal(t, []string{"name", "groupName"}, create.Params, "a quoted name as written")
	inGroup, _ := qs.Get("AuthorsInGroup")
	assert.Equal(t, []string{"groupname"}, inGroup.Params, "a bare name is folded, as sqlc folds it")

	report, err := vet.Describe(ctx, conn, qs)
	require.NoError(t, err)
	assert.Empty(t, report.Problems)
	var notes []string
	for _, n := range report.Notes {
		notes = append(notes, n.Query)
	}
	assert.Equal(t, []string{"LockBooks", "UnlockBooks", "AllBooks"}, notes, "notes, not failures")

	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			cfg, err := pgxpool.ParseConfig(url)
			require.NoError(t, err)
			cfg.ConnConfig.DefaultQueryExecMode = mode
			pool, err := pgxpool.NewWithConfig(ctx, cfg)
			require.NoError(t, err)
			t.Cleanup(pool.Close)
			_, err = pool.Exec(ctx, "TRUNCATE books, authors")
			require.NoError(t, err)
			db := sqlmap.New(pool, qs)

			n, err := db.Exec(ctx, "CreateAuthorPlain", sqlmap.Args{"name": "plain"})
			require.NoError(t, err)
			assert.EqualValues(t, 1, n, "one call, one statement")
			var count int
			require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM authors").Scan(&count))
			assert.Equal(t, 1, count)

			group := "inklings"
			a, err := sqlmap.One[sqlcAuthor](ctx, db, "CreateAuthor", sqlcCreateAuthorParams{Name: "Tolkien", GroupName: &group})
			require.NoError(t, err)
			assert.Equal(t, "inklings", *a.GroupName)
			_, err = db.Exec(ctx, "CreateAuthorUpper", sqlmap.Args{"name": "upper"})
			require.NoError(t, err)
			got, err := sqlmap.One[sqlcAuthor](ctx, db, "GetAuthor", []any{a.AuthorID})
			require.NoError(t, err)
			assert.Equal(t, a, got)
			// sqlc's field names: Groupname for the folded groupname,
			// GroupName for @groupName.
			in, err := sqlmap.Many[sqlcAuthor](ctx, db, "AuthorsInGroup", struct{ Groupname string }{group})
			require.NoError(t, err)
			assert.Equal(t, []sqlcAuthor{a}, in)
			in, err = sqlmap.Many[sqlcAuthor](ctx, db, "AuthorsInGroupAt", struct{ GroupName string }{group})
			require.NoError(t, err)
			assert.Equal(t, []sqlcAuthor{a}, in)

			type idName struct {
				AuthorID int64
				Name     string
			}
			for _, q := range []string{"AuthorsByIDs", "AuthorsByIDsIn"} {
				byIDs, err := sqlmap.Many[idName](ctx, db, q, sqlmap.Args{"ids": []int64{a.AuthorID, -1}})
				require.NoError(t, err, q)
				assert.Equal(t, []idName{{a.AuthorID, "Tolkien"}}, byIDs, q)
			}

			var b sqlcBook
			b.BookID, err = sqlmap.One[int64](ctx, db, "CreateBook", sqlcCreateBookParams{AuthorID: a.AuthorID, Title: "The Hobbit", BookType: "FICTION", Tags: []string{"dragons"}})
			require.NoError(t, err)
			books, err := sqlmap.Many[sqlcBook](ctx, db, "BooksByTags", sqlmap.Args{"tags": []string{"dragons"}})
			require.NoError(t, err)
			assert.Equal(t, []sqlcBook{{b.BookID, "The Hobbit"}}, books)

			_, err = db.Exec(ctx, "LockBooks", sqlmap.Args{"key": 42})
			require.NoError(t, err, ":exec on a statement that returns a row works")
			_, err = db.Exec(ctx, "UnlockBooks", sqlmap.Args{"key": 42})
			require.NoError(t, err)
		})
	}
}
