package sqlmap_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

func parseOne(t *testing.T, body string) *sqlmap.Query {
	t.Helper()
	qs, err := sqlmap.ParseFile("q.sql", "-- name: Q :many\n"+body)
	require.NoError(t, err)
	require.Len(t, qs, 1)
	return qs[0]
}

func TestLexerParameters(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		sql    string
		params []string
	}{
		{"colon", "SELECT * FROM t WHERE a = :a AND b = :b", "SELECT * FROM t WHERE a = $1 AND b = $2", []string{"a", "b"}},
		{"at sign", "SELECT @a, @b_2", "SELECT $1, $2", []string{"a", "b_2"}},
		{"sqlc.arg", "SELECT sqlc.arg(a), sqlc.narg('b'), sqlc.arg( c )", "SELECT $1, $2, $3", []string{"a", "b", "c"}},
		{"repeated name is one parameter", "SELECT :a, :b, :a", "SELECT $1, $2, $1", []string{"a", "b"}},
		{"cast", "SELECT :a::int, x::text, '1'::jsonb", "SELECT $1::int, x::text, '1'::jsonb", []string{"a"}},
		{"cast without space", "SELECT col::timestamptz FROM t WHERE id = :id::bigint", "SELECT col::timestamptz FROM t WHERE id = $1::bigint", []string{"id"}},
		{"assignment", "DO $$ BEGIN x := 1; END $$", "DO $$ BEGIN x := 1; END $$", nil},
		{"string literal", "SELECT ':a', 'it''s :b', :c", "SELECT ':a', 'it''s :b', $1", []string{"c"}},
		{"escape string", `SELECT E'\':a', :b`, `SELECT E'\':a', $1`, []string{"b"}},
		{"escape string lower", `SELECT e'x\\', :b`, `SELECT e'x\\', $1`, []string{"b"}},
		{"quoted identifier", `SELECT ":a" FROM "we""ird :b" WHERE x = :c`, `SELECT ":a" FROM "we""ird :b" WHERE x = $1`, []string{"c"}},
		{"dollar quote", "SELECT $$ :a $$, :b", "SELECT $$ :a $$, $1", []string{"b"}},
		{"tagged dollar quote", "SELECT $fn$ :a $$ :x $fn$, :b", "SELECT $fn$ :a $$ :x $fn$, $1", []string{"b"}},
		{"line comment", "SELECT 1 -- :a\n, :b", "SELECT 1 -- :a\n, $1", []string{"b"}},
		{"block comment", "SELECT /* :a */ :b", "SELECT /* :a */ $1", []string{"b"}},
		{"nested block comment", "SELECT /* x /* :a */ :c */ :b", "SELECT /* x /* :a */ :c */ $1", []string{"b"}},
		{"containment operators", "SELECT * FROM t WHERE tags @> :want AND :have <@ tags", "SELECT * FROM t WHERE tags @> $1 AND $2 <@ tags", []string{"want", "have"}},
		{"text search", "SELECT * FROM t WHERE doc @@ to_tsquery(:q) AND doc @@to_tsquery('x')", "SELECT * FROM t WHERE doc @@ to_tsquery($1) AND doc @@to_tsquery('x')", []string{"q"}},
		{"contained-by without space", "SELECT a <@b FROM t", "SELECT a <@b FROM t", nil},
		{"array slice with numbers", "SELECT a[1:2] FROM t", "SELECT a[1:2] FROM t", nil},
		{"array slice with names", "SELECT a[lo:hi], b[1:n] FROM t WHERE c = :c", "SELECT a[lo:hi], b[1:n] FROM t WHERE c = $1", []string{"c"}},
		{"dollar in identifier", "SELECT a$b, :c FROM t", "SELECT a$b, $1 FROM t", []string{"c"}},
		{"any array", "SELECT * FROM t WHERE id = ANY(:ids)", "SELECT * FROM t WHERE id = ANY($1)", []string{"ids"}},
		{"time literal", "SELECT '12:30'::time, :t", "SELECT '12:30'::time, $1", []string{"t"}},
		{"unicode", "SELECT 'é:x', :naïve", "SELECT 'é:x', $1", []string{"naïve"}},
		{"sqlc.slice", "SELECT * FROM t WHERE id IN (sqlc.slice(ids)) AND k = @k", "SELECT * FROM t WHERE id = ANY($1) AND k = $2", []string{"ids", "k"}},
		{"sqlc.slice not in", "SELECT * FROM t WHERE id not in ( sqlc.slice('ids') )", "SELECT * FROM t WHERE id <> ALL($1)", []string{"ids"}},
		{"sqlc.slice over lines keeps the line count", "SELECT * FROM t WHERE id IN (\n  sqlc.slice(ids)\n) AND x", "SELECT * FROM t WHERE id = ANY($1)\n\n AND x", []string{"ids"}},
		{"sqlc.slice twice is one parameter", "SELECT 1 WHERE 1 IN (sqlc.slice(a)) OR 2 IN(sqlc.slice(a))", "SELECT 1 WHERE 1 = ANY($1) OR 2 = ANY($1)", []string{"a"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := parseOne(t, c.body)
			assert.Equal(t, c.sql, q.SQL)
			assert.Equal(t, c.params, q.Params)
			assert.Zero(t, q.Positional)
		})
	}
}

func TestLexerPositional(t *testing.T) {
	q := parseOne(t, "SELECT $1, $2::int, '$3', $$ $4 $$, $2")
	assert.Nil(t, q.Params)
	assert.Equal(t, 2, q.Positional)
	assert.Equal(t, "SELECT $1, $2::int, '$3', $$ $4 $$, $2", q.SQL)
}

func TestParseFile(t *testing.T) {
	src := `-- Users.

-- name: GetUser :one
-- Fetch one user by id.
--   returns: models.User
-- Second doc line.
SELECT id, username
FROM users
WHERE id = :id;

-- name: ListUsers :many
SELECT * FROM users ORDER BY id;
-- a trailing note, not part of ListUsers

-- name: Touch
UPDATE users SET username = username;
--name: Delete :execrows
DELETE FROM users WHERE id = @id
`
	qs, err := sqlmap.ParseFile("users.sql", src)
	require.NoError(t, err)
	require.Len(t, qs, 4)

	get := qs[0]
	assert.Equal(t, "GetUser", get.Name)
	assert.Equal(t, sqlmap.KindOne, get.Kind)
	assert.Equal(t, "Fetch one user by id.\nSecond doc line.", get.Doc)
	assert.Equal(t, "models.User", get.Returns)
	assert.Empty(t, qs[1].Returns)
	assert.Equal(t, "SELECT id, username\nFROM users\nWHERE id = $1", get.SQL)
	assert.Equal(t, []string{"id"}, get.Params)
	assert.Equal(t, "users.sql", get.File)
	assert.Equal(t, 3, get.Line)

	assert.Equal(t, "ListUsers", qs[1].Name)
	assert.Equal(t, sqlmap.KindMany, qs[1].Kind)
	assert.Equal(t, "SELECT * FROM users ORDER BY id", qs[1].SQL)
	assert.Equal(t, 11, qs[1].Line)

	assert.Equal(t, sqlmap.KindAny, qs[2].Kind)
	assert.Equal(t, "UPDATE users SET username = username", qs[2].SQL)
	assert.Equal(t, sqlmap.KindExecRows, qs[3].Kind)
	assert.Equal(t, "DELETE FROM users WHERE id = $1", qs[3].SQL)
	assert.Equal(t, 17, qs[3].Line)
}

func TestHeaderInsideBodyIsNotAHeader(t *testing.T) {
	src := "-- name: F :exec\nCREATE FUNCTION f() RETURNS int AS $$\n-- name: NotAQuery :one\nSELECT 1\n$$ LANGUAGE sql;\n"
	qs, err := sqlmap.ParseFile("f.sql", src)
	require.NoError(t, err)
	require.Len(t, qs, 1)
	assert.Contains(t, qs[0].SQL, "-- name: NotAQuery")
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string // each as file:line: message fragment
	}{
		{"unterminated string", "-- name: A :one\nSELECT 'abc\n", []string{"q.sql:2:8: unterminated string literal"}},
		{"unterminated quoted identifier", "-- name: A :one\n\nSELECT \"abc\n", []string{"q.sql:3:8: unterminated quoted identifier"}},
		{"unterminated comment", "-- name: A :one\nSELECT 1 /* x /* y */\n", []string{"q.sql:2:10: unterminated /* comment"}},
		{"unterminated dollar quote", "-- name: A :one\nSELECT $x$ abc $y$\n", []string{"q.sql:2:8: unterminated dollar-quoted string $x$"}},
		{"header without body", "-- name: A :one\n-- just a doc\n\n-- name: B :one\nSELECT 1", []string{"q.sql:1:1: query A has no SQL"}},
		{"last header without body", "-- name: A :one\nSELECT 1;\n-- name: B :many\n", []string{"q.sql:3:1: query B has no SQL"}},
		{"unknown kind", "-- name: A :onne\nSELECT 1", []string{"q.sql:1:1: query A: unknown kind :onne"}},
		{"kind without colon", "-- name: A one\nSELECT 1", []string{"q.sql:1:1: query A: kind \"one\" must start with ':'"}},
		{"sqlc kind", "-- name: A :execresult\nSELECT 1", []string{"kind :execresult is not supported: declare it :execrows"}},
		{"sqlc batch kind", "-- name: A :batchone\nSELECT 1", []string{"kind :batchone is not supported: declare it :one and queue the calls with sqlmap.QueueOne on db.Batch()"}},
		{"sqlc copyfrom", "-- name: A :copyfrom\nINSERT INTO t (a) VALUES (:a)", []string{"kind :copyfrom is not supported: bulk loads need no query: call sqlmap.CopyFrom(ctx, db, table, rows)"}},
		{"bad name", "-- name: 1A :one\nSELECT 1", []string{"q.sql:1:1: query name \"1A\" is not an identifier"}},
		{"no name", "-- name:\nSELECT 1", []string{"q.sql:1:1: query header without a name"}},
		{"extra words", "-- name: A :one please\nSELECT 1", []string{"unexpected \"please\" after the kind"}},
		{"sql before header", "SELECT 1;\n-- name: A :one\nSELECT 2", []string{"q.sql:1:1: SQL before the first query header"}},
		{"no header", "\n\nSELECT 1;\n", []string{"q.sql:3:1: SQL outside any query"}},
		{"mixed styles", "-- name: A :one\nSELECT :a,\n $1", []string{"q.sql:3:2: query A mixes named parameters (:a) and positional ones ($1)"}},
		{"sqlc.slice outside IN", "-- name: A :many\nSELECT * FROM t\nWHERE id = sqlc.slice(ids)", []string{"q.sql:3:12: sqlc.slice(ids) must be the whole list of an IN"}},
		{"sqlc.slice in a longer list", "-- name: A :many\nSELECT * FROM t WHERE id IN (1, sqlc.slice(ids))", []string{"q.sql:2:33: sqlc.slice(ids) must be the whole list of an IN"}},
		{"bad returns", "-- name: A :many\n-- returns: []User\nSELECT 1", []string{"q.sql:2:1: query A: -- returns: wants a Go type name"}},
		{"two returns", "-- name: A :many\n-- returns: User\n-- returns: Post\nSELECT 1", []string{"q.sql:3:1: query A: a second -- returns: line (the first says User)"}},
		{"several problems", "-- name: A :bad\nSELECT 1;\n-- name: B :one\nSELECT 'x", []string{"q.sql:1:1: query A: unknown kind :bad", "q.sql:4:8: unterminated string literal"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := sqlmap.ParseFile("q.sql", c.src)
			require.Error(t, err)
			var le *sqlmap.LoadError
			require.ErrorAs(t, err, &le)
			require.Len(t, le.Errs, len(c.want), err.Error())
			for i, w := range c.want {
				assert.Contains(t, le.Errs[i].Error(), w)
			}
			var fe *sqlmap.FileError
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, "q.sql", fe.File)
		})
	}
}

func TestDuplicateNamesAcrossFiles(t *testing.T) {
	_, err := sqlmap.NewQueries(map[string]string{
		"a.sql": "-- name: GetUser :one\nSELECT 1",
		"b.sql": "\n\n-- name: GetUser :one\nSELECT 2",
	})
	require.Error(t, err)
	assert.Equal(t, "sqlmap: b.sql:3: duplicate query name GetUser (first defined at a.sql:1)", err.Error())
}

func TestEmptyFileIsFine(t *testing.T) {
	qs, err := sqlmap.NewQueries(map[string]string{"a.sql": "-- nothing yet\n", "b.sql": ""})
	require.NoError(t, err)
	assert.Empty(t, qs.Names())
}

func TestLoadOrderAndGet(t *testing.T) {
	qs, err := sqlmap.NewQueries(map[string]string{
		"b.sql": "-- name: B1 :one\nSELECT 1;\n-- name: B0 :one\nSELECT 0",
		"a.sql": "-- name: A :many\nSELECT 2",
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"A", "B1", "B0"}, qs.Names())
	q, ok := qs.Get("B0")
	require.True(t, ok)
	assert.Equal(t, "b.sql", q.File)
	assert.Equal(t, 3, q.Line)
	_, ok = qs.Get("Nope")
	assert.False(t, ok)
}

func TestParseLargeFileLines(t *testing.T) {
	var b strings.Builder
	for i := range 50 {
		b.WriteString("-- name: Q")
		b.WriteString(strings.Repeat("x", i))
		b.WriteString(" :one\nSELECT 1;\n\n")
	}
	qs, err := sqlmap.ParseFile("big.sql", b.String())
	require.NoError(t, err)
	require.Len(t, qs, 50)
	assert.Equal(t, 1+3*49, qs[49].Line)
}
