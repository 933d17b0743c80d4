package schema_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// victims is a table with a row that hostile model text tries to drop.
func victims(t *testing.T, pool *pgxpool.Pool) func() {
	t.Helper()
	ctx := context.Background()
	_, err := pool.Exec(ctx, "CREATE TABLE victims (id int PRIMARY KEY); INSERT INTO victims VALUES (1)")
	require.NoError(t, err)
	return func() {
		t.Helper()
		var n int
		require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM victims").Scan(&n), "the table victims must still exist")
		assert.Equal(t, 1, n)
	}
}

// Drafting sends every statement alone in an extended-protocol message:
// a statement that carries a COMMIT and more is refused by PostgreSQL
// itself, and the transaction it ran in still rolls back.
func TestExecBatchRefusesASecondCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := pgtest.Schema(t)
	check := victims(t, pool)

	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	i, err := schema.ExecBatch(ctx, tx, []string{
		"CREATE TABLE scratch_a (x int)",
		"CREATE TABLE scratch_b (x int); COMMIT; DROP TABLE victims; COMMIT; SELECT 1",
		"CREATE TABLE scratch_c (x int)",
	})
	require.Error(t, err)
	assert.Equal(t, 1, i, "the failing statement is named")
	var pe *pgconn.PgError
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, "42601", pe.Code, pe.Message)
	require.NoError(t, tx.Rollback(ctx))
	check()
	var n int
	require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM pg_class WHERE relname LIKE 'scratch_%' AND relnamespace = current_schema()::regnamespace").Scan(&n))
	assert.Zero(t, n, "nothing of the batch committed")

	// A batch that passes reports no failing statement.
	tx, err = pool.Begin(ctx)
	require.NoError(t, err)
	i, err = schema.ExecBatch(ctx, tx, []string{"CREATE TABLE scratch_a (x int)", "CREATE INDEX ON scratch_a (x)"})
	require.NoError(t, err)
	assert.Equal(t, -1, i)
	require.NoError(t, tx.Rollback(ctx))
}

// Every piece of hostile model text is refused at model read, naming the
// field or directive, before anything reaches the database; a schema
// built by hand with the same text is refused by the drafting pipeline.
func TestHostileModelTextIsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := pgtest.Schema(t)
	check := victims(t, pool)

	_, err := schema.LoadModels(ctx, "testdata/hostile", "./models")
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{
		"models.go:7: ",  // the index predicate with COMMIT
		"models.go:14: ", // type= with a comment-and-quote trick
		"models.go:19: ", // default= with a ';'
		"models.go:24: ", // check= closing its parenthesis
		"models.go:28: ", // index expressions closing theirs
		"models.go:35: ", // generated= opening a dollar quote
	} {
		assert.Contains(t, msg, want)
	}
	var fe *schema.FragmentError
	assert.True(t, errors.As(err, &fe), "typed: %v", err)
	t.Log(msg)

	// Built by hand, the same text reaches Normalize, which refuses it.
	for _, m := range []*schema.Schema{
		{Tables: []*schema.Table{{Name: "t1", Columns: []*schema.Column{{Name: "h", Type: "bigint", NotNull: true}},
			Indexes: []*schema.Index{{Name: "t1_h", Columns: []string{"h"}, Where: "true; COMMIT; DROP TABLE victims; COMMIT; SELECT 1"}}}}},
		{Tables: []*schema.Table{{Name: "t2", Columns: []*schema.Column{{Name: "a", Type: "text /* ', default=*/ ; COMMIT; DROP TABLE victims; --'"}}}}},
		{Tables: []*schema.Table{{Name: "t3", Columns: []*schema.Column{{Name: "b", Type: "bigint", Default: "0) ; DROP TABLE victims; SELECT (1"}}}}},
		// The parts an index key entry, INCLUDE and WITH carry.
		{Tables: []*schema.Table{{Name: "t4", Columns: []*schema.Column{{Name: "h", Type: "bigint"}},
			Indexes: []*schema.Index{{Name: "t4_h", Columns: []string{"h DESC); COMMIT; DROP TABLE victims; COMMIT; SELECT (1"}}}}}},
		{Tables: []*schema.Table{{Name: "t5", Columns: []*schema.Column{{Name: "h", Type: "bigint"}},
			Indexes: []*schema.Index{{Name: "t5_h", Columns: []string{"h"}, Include: []string{"h); COMMIT; DROP TABLE victims; COMMIT; SELECT (1"}}}}}},
		{Tables: []*schema.Table{{Name: "t6", Columns: []*schema.Column{{Name: "h", Type: "bigint"}},
			Indexes: []*schema.Index{{Name: "t6_h", Columns: []string{"h"}, With: "fillfactor=70); COMMIT; DROP TABLE victims; COMMIT; SELECT (1"}}}}},
	} {
		_, err := schema.DraftMigration(ctx, pool, m, schema.Options{})
		require.Error(t, err)
		assert.True(t, errors.As(err, &fe), "typed: %v", err)
	}
	check()
}

// A type= that PostgreSQL's type-name grammar does not read as one type
// name is refused as the column's error, even when lexically clean.
func TestTypeMustBeOneTypeName(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := pgtest.Schema(t)
	m := &schema.Schema{Tables: []*schema.Table{{Name: "t7", Source: "models.go:40",
		Columns: []*schema.Column{{Name: "g", Type: "text PRIMARY KEY", NotNull: true, Source: "models.go:42"}}}}}
	_, err := schema.DraftMigration(ctx, pool, m, schema.Options{})
	var me *schema.ModelError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Equal(t, "g", me.Column)
	assert.Equal(t, "models.go:42", me.Source)
	assert.Contains(t, me.SQL, "CAST(NULL AS text PRIMARY KEY)")
}

func TestCheckFragment(t *testing.T) {
	ok := []string{
		"now()", "0", "'a;b'", "'it''s'", `E'\'; DROP TABLE victims; --'`, `"weird;name" > 0`,
		"$$;$$", "$x$ -- $x$", "lower(email)", "qty IN (1, 2)", "ARRAY[1, 2]", "numeric(10,2)",
		"a$b > 0", "'--'", "'/*'", `U&'\0041'`,
	}
	for _, s := range ok {
		assert.NoError(t, schema.CheckFragment("default", s), "%q", s)
	}
	bad := map[string]string{
		"":                             "empty",
		"1; DROP TABLE victims":        "';'",
		"1 -- hidden":                  "comments",
		"1 /* hidden */":               "comments",
		"1) , (2":                      "closes a parenthesis",
		"(1":                           "not closed",
		"1, 2":                         "','",
		"'open":                        "string literal is not closed",
		`"open`:                        "quoted identifier is not closed",
		"$a$ open":                     "dollar-quoted",
		`'\'; DROP TABLE victims; --'`: "';'", // a standard string ends at the second quote
		`xE'\'; DROP TABLE victims`:    "';'", // xE is a name, so this is a standard string
		`0E'\'; DROP TABLE victims`:    "';'", // 0E is one (bad) token: no E string either
		"a\x00b":                       "NUL",
		"'a\x00b'":                     "NUL", // PostgreSQL takes none, quoted or not
		"\"a\x00b\"":                   "NUL",
	}
	for s, want := range bad {
		err := schema.CheckFragment("default", s)
		if assert.Error(t, err, "%q", s) {
			assert.True(t, strings.Contains(err.Error(), want), "%q: %v", s, err)
		}
	}
}

// A comment or enum value holding a backslash reads back exactly, under
// either setting of standard_conforming_strings: with it off, a plain
// '...' literal would end at \' and let the rest of the text out.
func TestLiteralsWithBackslashes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := pgtest.Schema(t)
	text := `it\'s; DROP TABLE victims; -- \n`
	for _, scs := range []string{"on", "off"} {
		var got string
		q := "SELECT " + schema.QuoteLiteral(text)
		conn, err := pool.Acquire(ctx)
		require.NoError(t, err)
		_, err = conn.Exec(ctx, "SET standard_conforming_strings = "+scs)
		require.NoError(t, err)
		err = conn.QueryRow(ctx, q).Scan(&got)
		_, _ = conn.Exec(ctx, "RESET standard_conforming_strings")
		conn.Release()
		require.NoError(t, err, "standard_conforming_strings=%s: %s", scs, q)
		assert.Equal(t, text, got, "standard_conforming_strings=%s", scs)
	}
	assert.Equal(t, "'it''s'", schema.QuoteLiteral("it's"), "without a backslash, a plain literal")
}
