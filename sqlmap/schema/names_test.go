package schema_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// Names PostgreSQL would cut at 63 bytes, and schema-qualified table
// names (which used to create a table named "app.users" in the current
// schema), are refused at model read, naming the field or directive.
func TestNamesPostgreSQLCannotKeep(t *testing.T) {
	t.Parallel()
	_, err := schema.LoadModels(context.Background(), "testdata/badnames", "./models")
	require.Error(t, err)
	msg := err.Error()
	t.Log(msg)
	for _, want := range []string{
		`models/models.go:5: table name "app.users" is schema-qualified`,
		`models/models.go:10: table name "a_table_name_that_is_far_too_long_for_postgresql_to_keep_whole_x" is 64 bytes long; PostgreSQL keeps only the first 63`,
		`models/models.go:12: column name "a_column_name_that_is_far_too_long_for_postgresql_to_keep_whole_" is 64 bytes long`,
		`models/models.go:16: index name "an_index_name_that_is_far_too_long_for_postgresql_to_keep_it_whole" is 66 bytes long`,
		`table name "audit.log" is schema-qualified`,
	} {
		assert.Contains(t, msg, want)
	}
	var ne *schema.NameError
	assert.True(t, errors.As(err, &ne))
	assert.Equal(t, 5, strings.Count(msg, "schema: "), "one error each")
}

// A schema built by hand is held to the same rules before anything runs.
func TestNormalizeRefusesBadNames(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	nsp, pool := pgtest.Schema(t)
	for _, name := range []string{"app.users", strings.Repeat("t", 64)} {
		m := &schema.Schema{Tables: []*schema.Table{{Name: name, Columns: []*schema.Column{{Name: "id", Type: "bigint", NotNull: true}}}}}
		_, err := schema.DraftMigration(ctx, pool, m, schema.Options{})
		var ne *schema.NameError
		require.True(t, errors.As(err, &ne), "%s: %v", name, err)
		assert.Equal(t, name, ne.Name)
	}
	// Nothing was created: in this test's schema, nor as app.users (a test
	// looks only at what it could have created; other tests of the package
	// have users tables of their own).
	var n int
	var appUsers bool
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*), to_regclass('app.users') IS NOT NULL FROM pg_class
		WHERE relnamespace = $1::regnamespace AND (relname LIKE '%users' OR relname LIKE 'tttt%')`, nsp).Scan(&n, &appUsers))
	assert.Zero(t, n)
	assert.False(t, appUsers)
	// 63 bytes is the limit, not beyond it.
	ok := &schema.Schema{Tables: []*schema.Table{{Name: strings.Repeat("t", 63), Columns: []*schema.Column{{Name: strings.Repeat("c", 63), Type: "bigint", NotNull: true}}}}}
	d, err := schema.DraftMigration(ctx, pool, ok, schema.Options{})
	require.NoError(t, err)
	assert.Contains(t, d.Up, "CREATE TABLE "+strings.Repeat("t", 63))
}
