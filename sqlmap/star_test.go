package sqlmap_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/scanner"
	"github.com/sqlmap-go/sqlmap/sqlmap"
)

func TestSelectsStar(t *testing.T) {
	cases := []struct {
		body string
		star bool
	}{
		{"SELECT * FROM users", true},
		{"SELECT DISTINCT * FROM users", true},
		{"SELECT u.*, p.title FROM users u JOIN posts p ON p.user_id = u.id", true},
		{"INSERT INTO users (username) VALUES (:u) RETURNING *", true},
		{"UPDATE users SET bio = :b RETURNING id, *", true},
		{"SELECT id, username FROM users", false},
		{"SELECT count(*) FROM users", false},
		{"SELECT 2 * 3, id * :k FROM users", false},
		{"SELECT id FROM (SELECT * FROM users) s", false},
		{"WITH x AS (SELECT * FROM users) SELECT id FROM x", false},
		{"SELECT '*' AS star, \"*\" FROM t", false},
		{"SELECT id FROM users WHERE id IN (sqlc.slice(ids)) UNION SELECT * FROM users", true},
	}
	for _, c := range cases {
		t.Run(c.body, func(t *testing.T) {
			assert.Equal(t, c.star, parseOne(t, c.body).SelectsStar())
		})
	}
}

// The * rule: while the program runs, a migration adds a column. A query
// that selects * keeps working with the struct it had; one that names the
// new column, or one that names a column the struct lacks, still fails,
// so a typo in a column list is never skipped silently.
func TestStarColumnsAddedWhileRunning(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := pgtest.Schema(t)
	_, err := pool.Exec(ctx, `CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL);
		INSERT INTO items VALUES (1, 'one')`)
	require.NoError(t, err)
	qs, err := sqlmap.NewQueries(map[string]string{"items.sql": `
-- name: AllItems :many
SELECT * FROM items ORDER BY id;
-- name: Qualified :many
SELECT i.*, 1 AS extra FROM items i;
-- name: Listed :many
SELECT id, name, colour FROM items;
-- name: ListedAlias :many
SELECT *, name AS title FROM items;
-- name: Rename :one
UPDATE items SET name = :name WHERE id = :id RETURNING *;
`})
	require.NoError(t, err)
	db := sqlmap.New(pool, qs)
	type Item struct {
		ID   int
		Name string
	}
	before, err := sqlmap.Many[Item](ctx, db, "AllItems", nil)
	require.NoError(t, err)
	assert.Equal(t, []Item{{1, "one"}}, before)
	// Every connection of the pool prepares and caches the statement
	// with the old columns.
	var held []*pgxpool.Conn
	for range 3 {
		c, err := pool.Acquire(ctx)
		require.NoError(t, err)
		_, err = sqlmap.Many[Item](ctx, db.With(c), "AllItems", nil)
		require.NoError(t, err)
		held = append(held, c)
	}
	for _, c := range held {
		c.Release()
	}

	_, err = pool.Exec(ctx, `ALTER TABLE items ADD COLUMN colour text NOT NULL DEFAULT 'red'`)
	require.NoError(t, err)

	for i := range 6 {
		after, err := sqlmap.Many[Item](ctx, db, "AllItems", nil)
		require.NoError(t, err, "call %d: a column a * brings in may be skipped, and a statement cached with the old columns is prepared again", i)
		assert.Equal(t, before, after)
	}
	for it, err := range sqlmap.Iter[Item](ctx, db, "AllItems", nil) {
		require.NoError(t, err)
		assert.Equal(t, before[0], it)
	}
	renamed, err := sqlmap.One[Item](ctx, db, "Rename", sqlmap.Args{"id": 1, "name": "uno"})
	require.NoError(t, err, "RETURNING * too")
	assert.Equal(t, Item{1, "uno"}, renamed)

	_, err = sqlmap.Many[Item](ctx, db, "Qualified", nil)
	var ce *scanner.ColumnError
	require.ErrorAs(t, err, &ce, "an explicit column beside t.* stays strict")
	assert.Equal(t, "extra", ce.Column)
	_, err = sqlmap.Many[Item](ctx, db, "Listed", nil)
	require.ErrorAs(t, err, &ce, "a listed column without a field is an error")
	assert.Equal(t, "colour", ce.Column)
	assert.ErrorIs(t, err, scanner.ErrUnknownColumn)
	_, err = sqlmap.Many[Item](ctx, db, "ListedAlias", nil)
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "title", ce.Column)
}
