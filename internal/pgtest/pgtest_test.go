package pgtest_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, "sqlmap_pgtest")) }

func TestPoolUsesPackageDatabase(t *testing.T) {
	pool := pgtest.Pool(t)
	var db string
	require.NoError(t, pool.QueryRow(t.Context(), "SELECT current_database()").Scan(&db))
	assert.True(t, strings.HasPrefix(db, "sqlmap_pgtest_"), "database %q", db)
	assert.Contains(t, pgtest.URL(t), "/"+db+"?")
}

func TestSchemaIsolation(t *testing.T) {
	ctx := t.Context()
	s1, p1 := pgtest.Schema(t)
	s2, p2 := pgtest.Schema(t)
	require.NotEqual(t, s1, s2)
	assert.Regexp(t, `^t_testschemaisolation_[0-9a-f]{8}$`, s1)

	// Same unqualified table name in both schemas, different contents.
	_, err := p1.Exec(ctx, "CREATE TABLE items (v text)")
	require.NoError(t, err)
	_, err = p2.Exec(ctx, "CREATE TABLE items (v text)")
	require.NoError(t, err)
	_, err = p1.Exec(ctx, "INSERT INTO items VALUES ('one')")
	require.NoError(t, err)
	_, err = p2.Exec(ctx, "INSERT INTO items VALUES ('two'), ('three')")
	require.NoError(t, err)

	var n1, n2 int
	require.NoError(t, p1.QueryRow(ctx, "SELECT count(*) FROM items").Scan(&n1))
	require.NoError(t, p2.QueryRow(ctx, "SELECT count(*) FROM items").Scan(&n2))
	assert.Equal(t, 1, n1)
	assert.Equal(t, 2, n2)

	var where string
	require.NoError(t, p1.QueryRow(ctx, "SELECT current_schema()").Scan(&where))
	assert.Equal(t, s1, where)
}

func TestSchemaParallel(t *testing.T) {
	for _, name := range []string{"a", "b", "c", "d"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, pool := pgtest.Schema(t)
			ctx := t.Context()
			_, err := pool.Exec(ctx, "CREATE TABLE shared_name (v text)")
			require.NoError(t, err)
			_, err = pool.Exec(ctx, "INSERT INTO shared_name VALUES ($1)", name)
			require.NoError(t, err)
			rows, err := pool.Query(ctx, "SELECT v FROM shared_name")
			require.NoError(t, err)
			got, err := pgx.CollectRows(rows, pgx.RowTo[string])
			require.NoError(t, err)
			assert.Equal(t, []string{name}, got)
		})
	}
}

func TestSchemaDroppedAfterTest(t *testing.T) {
	var schema string
	t.Run("inner", func(t *testing.T) {
		schema, _ = pgtest.Schema(t)
	})
	var n int
	require.NoError(t, pgtest.Pool(t).QueryRow(t.Context(),
		"SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema).Scan(&n))
	assert.Equal(t, 0, n, "schema %s should be dropped", schema)
}

func TestSchemaURL(t *testing.T) {
	ctx := t.Context()
	schema, url := pgtest.SchemaURL(t)
	assert.Contains(t, url, "search_path="+schema)

	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(context.Background())

	var sp string
	require.NoError(t, conn.QueryRow(ctx, "SHOW search_path").Scan(&sp))
	assert.Equal(t, schema, sp)

	_, err = conn.Exec(ctx, "CREATE TABLE via_url (id int)")
	require.NoError(t, err)
	var tableSchema string
	require.NoError(t, conn.QueryRow(ctx,
		"SELECT table_schema FROM information_schema.tables WHERE table_name = 'via_url'").Scan(&tableSchema))
	assert.Equal(t, schema, tableSchema)
}

func TestTablesLeaveOutBookkeeping(t *testing.T) {
	t.Parallel()
	_, url := pgtest.SchemaURL(t)
	assert.Equal(t, []string{}, pgtest.Tables(t, url))
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE TABLE b (id int); CREATE TABLE a (id int);
		CREATE TABLE schema_migrations (version bigint); CREATE TABLE sqlmap_migrations (version bigint)`)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, pgtest.Tables(t, url))
}
