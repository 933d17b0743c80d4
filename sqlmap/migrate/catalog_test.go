package migrate

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
)

func TestCatalogHint(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE TABLE t (a int, b int); INSERT INTO t VALUES (1, 1), (1, 2); CREATE INDEX "T b" ON t (b)`)
	require.NoError(t, err)
	// A unique build on duplicates fails and leaves its index INVALID,
	// as a CREATE INDEX CONCURRENTLY cut short does.
	_, err = conn.Exec(ctx, `CREATE UNIQUE INDEX CONCURRENTLY t_a ON t (a)`)
	require.Error(t, err)
	for sql, want := range map[string]string{
		"CREATE UNIQUE INDEX CONCURRENTLY t_a ON t (a)":            "the catalog shows index t_a INVALID: its build was cut short; drop it (DROP INDEX CONCURRENTLY t_a) and build it again",
		"create index concurrently if not exists \"T b\" on t (b)": `the catalog shows index "T b" built and valid: that statement ran`,
		"CREATE INDEX CONCURRENTLY t_c ON t (a, b)":                "the catalog has no index t_c: that statement did not run",
		"DROP INDEX CONCURRENTLY IF EXISTS t_c":                    "the catalog has no index t_c: that statement ran",
		"DROP INDEX CONCURRENTLY \"T b\"":                          `the catalog still has index "T b": that statement did not run`,
		"ALTER TABLE t ADD COLUMN c int":                           "",
	} {
		assert.Equal(t, want, catalogHint(ctx, conn, sql), sql)
	}
}
