package schema_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

func usersModel(extra ...*schema.Column) *schema.Schema {
	t := &schema.Table{
		Name: "users",
		Columns: append([]*schema.Column{
			{Name: "id", Type: "bigint", NotNull: true, Identity: schema.IdentityByDefault},
			{Name: "username", Type: "varchar(80)", NotNull: true},
			{Name: "email", Type: "varchar(120)", NotNull: true},
		}, extra...),
		PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
		Uniques:    []*schema.Unique{{Columns: []string{"username"}}, {Columns: []string{"email"}}},
	}
	return &schema.Schema{Tables: []*schema.Table{t}}
}

func TestPipelineSeedStory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := pgtest.Schema(t)

	d, err := schema.DraftMigration(ctx, pool, usersModel(), schema.Options{})
	require.NoError(t, err)
	require.False(t, d.Empty())
	t.Log("\n" + d.Up + "\n" + d.Down)
	_, err = pool.Exec(ctx, d.Up)
	require.NoError(t, err)

	d2, err := schema.DraftMigration(ctx, pool, usersModel(), schema.Options{})
	require.NoError(t, err)
	assert.True(t, d2.Empty(), "after applying the draft, nothing to do:\n%s", d2.Up)

	withPassword := usersModel(&schema.Column{Name: "password", Type: "varchar(120)"})
	withPassword.Tables[0].Uniques = append(withPassword.Tables[0].Uniques, &schema.Unique{Columns: []string{"password"}})
	d3, err := schema.DraftMigration(ctx, pool, withPassword, schema.Options{})
	require.NoError(t, err)
	t.Log("\n" + d3.Up + "\n" + d3.Down)
	assert.Contains(t, d3.Up, "ALTER TABLE users ADD COLUMN password character varying(120);")
	assert.NotContains(t, d3.Up, "CREATE TABLE")
}

// A model PostgreSQL rejects is reported at the model's source and column,
// with the SQL, and nothing is drafted.
func TestPipelineModelError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := pgtest.Schema(t)
	m := usersModel(&schema.Column{Name: "mood", Type: "nosuchtype", Source: "models/user.go:9"})
	_, err := schema.DraftMigration(ctx, pool, m, schema.Options{})
	var me *schema.ModelError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "mood", me.Column)
	assert.Equal(t, "models/user.go:9", me.Source)
	assert.Contains(t, me.Error(), `models/user.go:9: column users.mood: ERROR: type "nosuchtype" does not exist`)
}

// A model may reference a table the models do not manage: in the scratch
// schema the reference resolves to the real table, and the draft comes out
// right.
func TestPipelineReferenceToUnmanagedTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := pgtest.Schema(t)
	_, err := pool.Exec(ctx, `CREATE TABLE legacy_accounts (id bigint PRIMARY KEY)`)
	require.NoError(t, err)
	m := usersModel()
	m.Tables[0].Columns = append(m.Tables[0].Columns, &schema.Column{Name: "account_id", Type: "bigint"})
	m.Tables[0].ForeignKeys = []*schema.ForeignKey{{Columns: []string{"account_id"}, RefTable: "legacy_accounts", RefColumns: []string{"id"}}}
	d, err := schema.DraftMigration(ctx, pool, m, schema.Options{})
	require.NoError(t, err)
	assert.Contains(t, d.Up, "REFERENCES legacy_accounts(id)")
	_, err = pool.Exec(ctx, d.Up)
	require.NoError(t, err)
	d2, err := schema.DraftMigration(ctx, pool, m, schema.Options{})
	require.NoError(t, err)
	assert.True(t, d2.Empty(), d2.Up)
}

// A connection that holds temporary tables of its own keeps them (the
// scratch work is rolled back, not dropped), and they do not leak into the
// draft.
func TestPipelineCallerTempTablesAreLeftAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := pgtest.Schema(t)
	conn, err := pool.Acquire(ctx)
	require.NoError(t, err)
	defer conn.Release()
	_, err = conn.Exec(ctx, `CREATE TEMP TABLE mine (x int)`)
	require.NoError(t, err)
	d, err := schema.DraftMigration(ctx, conn, usersModel(), schema.Options{})
	require.NoError(t, err)
	assert.NotContains(t, d.Up, "mine")
	var n int
	require.NoError(t, conn.QueryRow(ctx, `SELECT count(*) FROM mine`).Scan(&n))
}
