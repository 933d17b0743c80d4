package sqlmap_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// The classes where the lexer once disagreed with PostgreSQL's scanner
// (issue 15), each read as PostgreSQL reads it.
func TestLexerReadsAsPostgreSQL(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		sql    string
		params []string
	}{
		// 1. '@' that continues an operator, or before a dot.
		{"abs of a qualified column", "SELECT @f.f1 FROM float8_tbl f", "SELECT @f.f1 FROM float8_tbl f", nil},
		{"&@ operator", "SELECT a &@b FROM t", "SELECT a &@b FROM t", nil},
		{"-@ operator", "SELECT a -@b FROM t", "SELECT a -@b FROM t", nil},
		{"@>@ operators", "SELECT a @>@n FROM t", "SELECT a @>@n FROM t", nil},
		{"@name after a space is a parameter", "SELECT a @> @n FROM t WHERE x = @x", "SELECT a @> $1 FROM t WHERE x = $2", []string{"n", "x"}},
		// 2. Array slices, spaces or not.
		{"slice without lower bound", "SELECT a[:n] FROM t", "SELECT a[:n] FROM t", nil},
		{"slice with a space", "SELECT a[1 :n] FROM t", "SELECT a[1 :n] FROM t", nil},
		{"slice in spaces", "SELECT a[ :i ] FROM t", "SELECT a[ :i ] FROM t", nil},
		{"slice of a parameter's subscript", "SELECT (:arr)[1:2]", "SELECT ($1)[1:2]", []string{"arr"}},
		{"array constructor takes parameters", "SELECT ARRAY[:a, :b], ARRAY[[:c]]", "SELECT ARRAY[$1, $2], ARRAY[[$3]]", []string{"a", "b", "c"}},
		{"parameter as a subscript", "SELECT a[@i] FROM t", "SELECT a[$1] FROM t", []string{"i"}},
		// 3. String continuation, in every mode.
		{"E string continues", "SELECT E'a'\n'b\\' :x \\''", "SELECT E'a'\n'b\\' :x \\''", nil},
		{"E string continues after a comment line", "SELECT E'a'\n-- note\n'\\'' , :y", "SELECT E'a'\n-- note\n'\\'' , $1", []string{"y"}},
		{"continues after a comment on its line", "SELECT E'a' -- c\n'\\' :x ', :y", "SELECT E'a' -- c\n'\\' :x ', $1", []string{"y"}},
		{"plain string continues", "SELECT 'a'\n  ':x', :y", "SELECT 'a'\n  ':x', $1", []string{"y"}},
		{"no continuation on one line", "SELECT 'a' ':x'", "SELECT 'a' ':x'", nil},
		// 4. '$' in names.
		{"name with $ after a dollar quote", "SELECT x$$ FROM t WHERE y = :y", "SELECT x$$ FROM t WHERE y = $1", []string{"y"}},
		// A name glued to a number belongs to its token (scan.l's junk rules).
		{"E after a number starts no escape string", "SELECT 0E'\\'':A'", "SELECT 0E'\\'':A'", nil},
		{"numbers with letters", "SELECT 1e5, 0x1F, 1_000, 1.5e-3 WHERE y = :y", "SELECT 1e5, 0x1F, 1_000, 1.5e-3 WHERE y = $1", []string{"y"}},
		{"a name glued to a number holds its $", "SELECT 1a$$, :x", "SELECT 1a$$, $1", []string{"x"}},
		{"an underscore after a number starts the glued name", "SELECT 0_$$, :x", "SELECT 0_$$, $1", []string{"x"}},
		{"the glued name may start inside the digits", "SELECT 0_0$$, :x, 1.5_1$$", "SELECT 0_0$$, $1, 1.5_1$$", []string{"x"}},
		// 6. CR ends a -- comment.
		{"CR ends a comment", "SELECT 1 -- note\r, :b", "SELECT 1 -- note\r, $1", []string{"b"}},
		// sqlc's macro spellings.
		{"upper case macro", "SELECT SQLC.ARG(name)", "SELECT $1", []string{"name"}},
		{"spaces around the dot", "SELECT sqlc . arg (name)", "SELECT $1", []string{"name"}},
		{"line break and comment inside", "SELECT sqlc.arg(\n  name -- the user's\n)", "SELECT $1\n\n", []string{"name"}},
		{"block comment inside", "SELECT sqlc.arg(/* who */ name)", "SELECT $1", []string{"name"}},
		{"double-quoted name", `SELECT sqlc.arg("Name")`, "SELECT $1", []string{"Name"}},
		{"single-quoted name keeps its case", "SELECT sqlc.arg('Name')", "SELECT $1", []string{"Name"}},
		{"bare name folds to lower case", "SELECT sqlc.arg(Name), sqlc.narg(GroupID)", "SELECT $1, $2", []string{"name", "groupid"}},
		{"slice in ANY", "SELECT * FROM t WHERE id = ANY(sqlc.slice(ids))", "SELECT * FROM t WHERE id = ANY($1)", []string{"ids"}},
		{"slice in ALL", "SELECT * FROM t WHERE id <> ALL( sqlc.slice('ids') )", "SELECT * FROM t WHERE id <> ALL( $1 )", []string{"ids"}},
		{"a column named sqlc", "SELECT sqlc, t.sqlc FROM t", "SELECT sqlc, t.sqlc FROM t", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := parseOne(t, c.body)
			assert.Equal(t, c.sql, q.SQL)
			assert.Equal(t, c.params, q.Params)
		})
	}
}

func TestLexerRefusesWhatPostgreSQLReadsOtherwise(t *testing.T) {
	cases := []struct{ name, src, want string }{
		// 1. An '@' glued to a comparison is one operator to PostgreSQL.
		{"=@", "-- name: A :one\nSELECT 1 FROM t WHERE id=@id", "q.sql:2:26: =@ is one operator to PostgreSQL: write a space before the parameter (= @id)"},
		// 3. A continued E string no longer swallows the next query.
		{"E continuation then next query", "-- name: A :one\nSELECT E'x'\n'\\''\n-- name: B :one\nSELECT 'y", "q.sql:5:8: unterminated string literal"},
		// 4. A parameter name stops where PostgreSQL's name stops.
		{":a$b", "-- name: A :one\nSELECT :a$b", "q.sql:2:8: parameter name :a$b holds '$'"},
		{":a$1", "-- name: A :one\nSELECT :a$1", "q.sql:2:8: parameter name :a$1 holds '$'"},
		{":a$$ opens no dollar quote", "-- name: A :one\nSELECT :a$$ FROM t;\n-- name: B :one\nSELECT 2", "q.sql:2:8: parameter name :a$$ holds '$'"},
		// 5. A prefixed literal after a colon.
		{":B'1'", "-- name: A :one\nSELECT :B'1'", "q.sql:2:8: :B'...: a parameter name cannot touch a quote (PostgreSQL reads B'...' as a literal or name)"},
		{":X'1F'", "-- name: A :one\nSELECT :X'1F'", "q.sql:2:8: :X'...: a parameter name cannot touch a quote"},
		{":E'...'", "-- name: A :one\nSELECT :E'\\':x'", "q.sql:2:8: :E'...: a parameter name cannot touch a quote"},
		// A positional parameter with a name glued to it is one bad token:
		// its E opens no escape string.
		{"$1 glued", "-- name: A :one\nSELECT $0E'\\'':A'", "q.sql:2:8: $0E: a positional parameter cannot have a name glued to it (PostgreSQL reads one bad token): write a space"},
		// 7. NUL bytes.
		{"NUL", "-- name: A :one\nSELECT 'a\x00b'", "q.sql:2:10: NUL byte (0x00)"},
		// 8. Mistyped headers.
		{"Name:", "-- name: A :one\nSELECT 1;\n-- Name: B :one\nSELECT 2", "q.sql:3:1: comment \"-- Name: B :one\" looks like a query header but is not one: write it as -- name: QueryName :kind"},
		{"name :", "-- name: A :one\nSELECT 1;\n-- name : B :one\nSELECT 2", "q.sql:3:1: comment \"-- name : B :one\" looks like a query header"},
		{"--name:B", "-- name: A :one\nSELECT 1;\n--name:B\nSELECT 2", "q.sql:3:1: comment \"--name:B\" looks like a query header"},
		// A statement without a header is not glued to the query above.
		{"headerless statement", "-- name: A :exec\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);", "q.sql:3:1: SQL after the end of query A (its ';' on line 2) has no header"},
		// sqlc.embed and unknown macros.
		{"sqlc.embed", "-- name: A :many\nSELECT sqlc.embed(users) FROM users", "q.sql:2:8: sqlc.embed(users) is not supported: select the columns under the struct field's name"},
		{"unknown macro", "-- name: A :many\nSELECT sqlc.args(x)", "q.sql:2:8: sqlc.args is not one of sqlc's macros"},
		{"two arguments", "-- name: A :many\nSELECT sqlc.arg(a, b)", "q.sql:2:8: malformed sqlc.arg(a, b)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := sqlmap.ParseFile("q.sql", c.src)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// A UTF-8 byte order mark and CR line ends, as some editors save files.
func TestBOMAndCarriageReturns(t *testing.T) {
	qs, err := sqlmap.ParseFile("q.sql", "\xef\xbb\xbf-- name: A :one\nSELECT :a")
	require.NoError(t, err)
	require.Len(t, qs, 1)
	assert.Equal(t, "SELECT $1", qs[0].SQL)

	cr := "-- name: A :one\r-- doc\rSELECT :a;\r-- name: B :many\rSELECT 'x\r"
	_, err = sqlmap.ParseFile("cr.sql", cr)
	require.Error(t, err)
	assert.Equal(t, "sqlmap: cr.sql:5:8: unterminated string literal", err.Error(), "CR-only lines are counted as lines")
	qs, err = sqlmap.ParseFile("cr.sql", "-- name: A :one\r-- doc\rSELECT :a;\r-- name: B :many\rSELECT 2")
	require.NoError(t, err)
	require.Len(t, qs, 2)
	assert.Equal(t, "doc", qs[0].Doc)
	assert.Equal(t, 4, qs[1].Line)
}

// sqlc's other header form, alone and mixed with -- headers.
func TestBlockCommentHeaders(t *testing.T) {
	src := "/* name: A :one */\nSELECT 1;\n\n-- name: B :exec\nINSERT INTO t VALUES (1);\n/* name: C :exec */\nINSERT INTO t VALUES (2);\n"
	qs, err := sqlmap.ParseFile("q.sql", src)
	require.NoError(t, err)
	require.Len(t, qs, 3)
	assert.Equal(t, []string{"A", "B", "C"}, []string{qs[0].Name, qs[1].Name, qs[2].Name})
	assert.Equal(t, sqlmap.KindOne, qs[0].Kind)
	assert.Equal(t, "INSERT INTO t VALUES (1)", qs[1].SQL, "C is not glued onto B")
	assert.Equal(t, 6, qs[2].Line)
	// A block comment inside a query is no header.
	qs, err = sqlmap.ParseFile("q.sql", "-- name: A :one\nSELECT /* name: B :one */ 1")
	require.NoError(t, err)
	require.Len(t, qs, 1)
}

// 9. Error reporting stays linear: a line of garbage yields the first
// problems and a count, not a message as large as the file.
func TestErrorsAreCapped(t *testing.T) {
	src := "-- name: A :one\nSELECT " + strings.Repeat(":a$b ", 80000)
	_, err := sqlmap.ParseFile("q.sql", src)
	require.Error(t, err)
	var le *sqlmap.LoadError
	require.ErrorAs(t, err, &le)
	assert.Len(t, le.Errs, 101)
	assert.Contains(t, le.Errs[100].Error(), "79900 more problems")
	assert.Less(t, len(err.Error()), 20000)
}

// Parameter names: every parameter of a big file is found exactly once,
// whatever the lines around it.
func TestLexerPositionsOverManyLines(t *testing.T) {
	var b strings.Builder
	for i := range 200 {
		fmt.Fprintf(&b, "-- name: Q%d :one\nSELECT E'a'\n'b', :p%d /* c\n */ ;\n", i, i)
	}
	qs, err := sqlmap.ParseFile("q.sql", b.String())
	require.NoError(t, err)
	require.Len(t, qs, 200)
	assert.Equal(t, []string{"p199"}, qs[199].Params)
	assert.Equal(t, 1+4*199, qs[199].Line)
}

// A file over the size limit (a data dump left among the queries) is an
// error naming it, read no further; the other files still load into the
// error's partial set.
func TestQueryFileSizeLimit(t *testing.T) {
	fsys := fstest.MapFS{
		"dump.sql":  {Data: []byte("INSERT INTO t VALUES " + strings.Repeat("(1),", 100) + "(1);")},
		"users.sql": {Data: []byte("-- name: A :one\nSELECT 1")},
	}
	_, err := sqlmap.Load(fsys, sqlmap.MaxFileSize(200))
	var tooLarge *sqlmap.FileTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.Equal(t, "dump.sql", tooLarge.File)
	assert.EqualError(t, err, "sqlmap: dump.sql: 425 bytes, over the query file limit of 200 bytes (a data dump in the query folder? raise it with sqlmap.MaxFileSize)")
	var le *sqlmap.LoadError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, []string{"A"}, le.Queries.Names())

	qs, err := sqlmap.Load(fsys, sqlmap.MaxFileSize(0))
	require.Error(t, err, "without a limit the dump is read, and is SQL outside any query")
	assert.Nil(t, qs)
	assert.Contains(t, err.Error(), "dump.sql:1:1: SQL outside any query")
}
