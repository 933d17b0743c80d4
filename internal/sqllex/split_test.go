package sqllex_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/sqllex"
)

func TestSplitStatements(t *testing.T) {
	src := `-- leading comment
CREATE TABLE a (x int); -- trailing
CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;

INSERT INTO a VALUES (';'), (1) /* ; */;
-- only a comment;
;
SELECT $1, :x
`
	stmts, errs := sqllex.Split(src)
	require.Empty(t, errs)
	assert.Equal(t, []sqllex.Statement{
		{SQL: "CREATE TABLE a (x int)", Line: 2, Offset: 19},
		{SQL: "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", Line: 3, Offset: 55},
		{SQL: "INSERT INTO a VALUES (';'), (1) /* ; */", Line: 5, Offset: 121},
		{SQL: "SELECT $1, :x", Line: 8, Offset: 183},
	}, stmts)
	for _, st := range stmts {
		assert.Equal(t, st.SQL, src[st.Offset:st.Offset+len(st.SQL)], "Offset points at the statement")
	}

	_, errs = sqllex.Split("SELECT 1;\nSELECT 'oops;\n")
	assert.Equal(t, []sqllex.Error{{Line: 2, Col: 8, Msg: "unterminated string literal"}}, errs)
}

// A no-transaction migration runs statement by statement, so the splitter
// must keep a SQL-standard function body (BEGIN ATOMIC ... END) whole, the
// way psql does: it counts BEGIN/CASE ... END only once the statement
// started with CREATE [OR REPLACE] FUNCTION or PROCEDURE.
func TestSplitStatementsKeepsBeginAtomicBodies(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"function", "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;",
			[]string{"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END"}},
		{"procedure", "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END;\nCALL p();",
			[]string{"CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END", "CALL p()"}},
		{"or replace, lower case", "create or replace function f() returns int language sql\nbegin atomic\n  select 1;\n  select 2;\nend;\nselect f();",
			[]string{"create or replace function f() returns int language sql\nbegin atomic\n  select 1;\n  select 2;\nend", "select f()"}},
		{"or replace procedure", "CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC SELECT 1; END; SELECT 3",
			[]string{"CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC SELECT 1; END", "SELECT 3"}},
		{"nested case", "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN 1 ELSE CASE WHEN x < 0 THEN -1 ELSE 0 END END; SELECT 2; END; SELECT 4;",
			[]string{"CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN 1 ELSE CASE WHEN x < 0 THEN -1 ELSE 0 END END; SELECT 2; END", "SELECT 4"}},
		{"case outside a body does not count", "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql RETURN CASE WHEN x > 0 THEN 1 ELSE 0 END; SELECT 5;",
			[]string{"CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql RETURN CASE WHEN x > 0 THEN 1 ELSE 0 END", "SELECT 5"}},
		{"begin in strings, quoted names and comments does not count",
			"CREATE FUNCTION f() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'end;'; SELECT \"end\" FROM t; -- end;\n /* end; */ SELECT 'x'; END;\nSELECT 6;",
			[]string{"CREATE FUNCTION f() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'end;'; SELECT \"end\" FROM t; -- end;\n /* end; */ SELECT 'x'; END", "SELECT 6"}},
		// Inside parentheses only, as psql counts.
		{"parameter named begin", "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN (begin + 1); SELECT 7;",
			[]string{"CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN (begin + 1)", "SELECT 7"}},
		{"dollar-quoted body", "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$; SELECT 8;",
			[]string{"CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$", "SELECT 8"}},
		{"a transaction's BEGIN is not a body", "BEGIN; CREATE TABLE t (id int); END; SELECT 9;",
			[]string{"BEGIN", "CREATE TABLE t (id int)", "END", "SELECT 9"}},
		{"not a function", "CREATE TABLE begin_end (begin int, \"end\" int); SELECT 10;",
			[]string{"CREATE TABLE begin_end (begin int, \"end\" int)", "SELECT 10"}},
		{"semicolons inside parentheses", "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO u VALUES (2)); SELECT 11;",
			[]string{"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO u VALUES (2))", "SELECT 11"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stmts, errs := sqllex.Split(c.src)
			require.Empty(t, errs)
			var got []string
			for _, s := range stmts {
				got = append(got, s.SQL)
			}
			assert.Equal(t, c.want, got)
		})
	}

	stmts, errs := sqllex.Split("-- header\nCREATE FUNCTION f() RETURNS int\n  LANGUAGE sql\n  BEGIN ATOMIC\n    SELECT 1;\n  END;\n\nSELECT f();\n")
	require.Empty(t, errs)
	require.Len(t, stmts, 2)
	assert.Equal(t, 2, stmts[0].Line)
	assert.Equal(t, 8, stmts[1].Line, "lines stay right after a body")
}
