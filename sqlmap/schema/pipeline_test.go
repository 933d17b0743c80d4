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
