package schema_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// castTypes are built-in types as format_type spells them, which is how
// both sides of a diff come out of the catalog.
var castTypes = []string{
	"smallint", "integer", "bigint", "real", "double precision", "numeric", "numeric(10,2)", "numeric(4,2)",
	"text", "character varying", "character varying(20)", "character varying(5)", "character(5)",
	"boolean", "date", "timestamp without time zone", "timestamp with time zone", "timestamp(3) with time zone",
	"time without time zone", "time with time zone", "interval", "json", "jsonb", "uuid", "bytea",
	"inet", "cidr", "bit(8)", "bit(4)", "bit varying(8)", "money", "integer[]", "bigint[]", "text[]",
}

// The drafted clause leaves USING out exactly where PostgreSQL itself
// converts the column without one (an assignment or implicit cast, which
// checks values), for every pair of the built-in types above. Where a
// USING is written, PostgreSQL accepts it or has no conversion at all.
func TestTypeChangeUsesAssignmentCastsAsPostgreSQLDoes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := pgtest.Schema(t)
	conn, err := pool.Acquire(ctx)
	require.NoError(t, err)
	defer conn.Release()
	tx, err := conn.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback(ctx) }()

	try := func(sql string) error {
		_, err := tx.Exec(ctx, "SAVEPOINT s")
		require.NoError(t, err)
		_, err = tx.Exec(ctx, sql)
		_, rbErr := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT s")
		require.NoError(t, rbErr)
		return err
	}
	pairs := 0
	for _, from := range castTypes {
		_, err := tx.Exec(ctx, fmt.Sprintf("DROP TABLE IF EXISTS c; CREATE TABLE c (v %s)", from))
		require.NoError(t, err)
		for _, to := range castTypes {
			if from == to {
				continue
			}
			pairs++
			clause, _ := schema.TypeChange("v", from, to)
			plain := try("ALTER TABLE c ALTER COLUMN v TYPE " + to)
			if plain == nil {
				assert.Equal(t, to, clause, "%s → %s: PostgreSQL converts it by assignment, so no USING", from, to)
				continue
			}
			var pe *pgconn.PgError
			require.True(t, errors.As(plain, &pe), "%s → %s: %v", from, to, plain)
			require.Equal(t, "42804", pe.Code, "%s → %s: %v", from, to, plain)
			if !assert.Contains(t, clause, " USING ", "%s → %s: PostgreSQL needs USING", from, to) {
				continue
			}
			if err := try("ALTER TABLE c ALTER COLUMN v TYPE " + clause); err != nil {
				require.True(t, errors.As(err, &pe), "%s → %s: %v", from, to, err)
				assert.Equal(t, "42846", pe.Code, "%s → %s: the drafted USING must work wherever a cast exists: %v", from, to, err)
			}
		}
	}
	t.Logf("%d pairs checked", pairs)
}

// A drafted type change never changes a stored value silently: on a table
// whose value does not fit the new type, the up fails and the value stays
// as it was (an explicit USING cast would truncate it and succeed).
func TestTypeChangeWithRowsFailsAndKeepsValues(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, from, to, value, code string
	}{
		{"varchar narrowed", "varchar(200)", "varchar(100)", "repeat('x', 150)", "22001"},
		{"text to varchar", "text", "varchar(5)", "'abcdefgh'", "22001"},
		{"integer to short varchar", "integer", "varchar(3)", "12345", "22001"},
		{"integer to smallint", "integer", "smallint", "70000", "22003"},
		{"numeric narrowed", "numeric(10,2)", "numeric(4,2)", "12345.67", "22003"},
		{"bit narrowed", "bit(8)", "bit(4)", "B'10101010'", "22026"},
		{"varbit narrowed", "bit varying(8)", "bit varying(4)", "B'10101010'", "22001"},
		{"text to integer", "text", "integer", "'abc'", "22P02"},
		{"text to bit", "text", "bit(4)", "'10101010'", "22026"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			_, pool := pgtest.Schema(t)
			_, err := pool.Exec(ctx, fmt.Sprintf("CREATE TABLE posts (id integer PRIMARY KEY, v %s NOT NULL); INSERT INTO posts VALUES (1, %s)", c.from, c.value))
			require.NoError(t, err)
			var before string
			require.NoError(t, pool.QueryRow(ctx, "SELECT v::text FROM posts").Scan(&before))

			models := &schema.Schema{Tables: []*schema.Table{{Name: "posts",
				Columns: []*schema.Column{
					{Name: "id", Type: "integer", NotNull: true},
					{Name: "v", Type: c.to, NotNull: true},
				},
				PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}}}
			d, err := schema.DraftMigration(ctx, pool, models, schema.Options{})
			require.NoError(t, err)
			assert.Contains(t, d.Up, "-- CAUTION: changes posts.v from ")
			assert.NotContains(t, d.Up, "::character varying(", "no explicit cast to a length")

			_, err = pool.Exec(ctx, d.Up)
			var pe *pgconn.PgError
			require.True(t, errors.As(err, &pe), "the up must fail on the value, got %v\n%s", err, d.Up)
			assert.Equal(t, c.code, pe.Code, pe.Message)
			var after string
			require.NoError(t, pool.QueryRow(ctx, "SELECT v::text FROM posts").Scan(&after))
			assert.Equal(t, before, after, "the value is intact")
		})
	}
}

// The down of a widening narrows back: it fails on a value written since
// the up that does not fit, rather than cutting it.
func TestWideningDownFailsOnLongerValues(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := pgtest.Schema(t)
	_, err := pool.Exec(ctx, "CREATE TABLE posts (id integer PRIMARY KEY, title varchar(100) NOT NULL); INSERT INTO posts VALUES (1, 'short')")
	require.NoError(t, err)
	models := &schema.Schema{Tables: []*schema.Table{{Name: "posts",
		Columns: []*schema.Column{
			{Name: "id", Type: "integer", NotNull: true},
			{Name: "title", Type: "varchar(200)", NotNull: true},
		},
		PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}}}
	d, err := schema.DraftMigration(ctx, pool, models, schema.Options{})
	require.NoError(t, err)
	assert.NotContains(t, d.Up, "CAUTION", "a widening keeps every value")
	assert.Contains(t, d.Down, "-- CAUTION: changes posts.title back from character varying(200) to character varying(100), which fails on values longer than 100")
	_, err = pool.Exec(ctx, d.Up)
	require.NoError(t, err)
	long := strings.Repeat("y", 150)
	_, err = pool.Exec(ctx, "INSERT INTO posts VALUES (2, $1)", long)
	require.NoError(t, err)

	_, err = pool.Exec(ctx, d.Down)
	var pe *pgconn.PgError
	require.True(t, errors.As(err, &pe), "the down must fail, got %v\n%s", err, d.Down)
	assert.Equal(t, "22001", pe.Code)
	var got string
	require.NoError(t, pool.QueryRow(ctx, "SELECT title FROM posts WHERE id = 2").Scan(&got))
	assert.Equal(t, long, got)
}
