package sqlmap_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap"
)

const copySchemaSQL = `
CREATE TABLE items (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    qty integer NOT NULL CHECK (qty >= 0),
    price float8 NOT NULL,
    note text,
    created_at timestamptz NOT NULL,
    total float8 GENERATED ALWAYS AS (qty * price) STORED
);`

const copyQuerySQL = `
-- name: ListItems :many
SELECT id, name, qty, price, note, created_at, total FROM items ORDER BY id;
`

// CopyItem is a row of items as a program writes it: id and total are
// filled by PostgreSQL, Scratch is not a column at all.
type CopyItem struct {
	ID      int64     `db:"id" sqlmap:"pk,identity"`
	Name    string    `db:"name" sqlmap:"type=varchar(80),default=lower('a,b')"`
	Qty     int32     `db:"qty" sqlmap:"check=(qty >= 0)"`
	Price   float64   `db:"price"`
	Note    *string   `db:"note"`
	Created time.Time `db:"created_at"`
	Total   float64   `db:"total" sqlmap:"type=float8,generated=qty * price"`
	Scratch string    `db:"-"`
}

func copySetup(t *testing.T) (*sqlmap.DB, *pgxpool.Pool, string) {
	t.Helper()
	schema, pool := pgtest.Schema(t)
	_, err := pool.Exec(context.Background(), copySchemaSQL)
	require.NoError(t, err)
	qs, err := sqlmap.NewQueries(map[string]string{"items.sql": copyQuerySQL})
	require.NoError(t, err)
	return sqlmap.New(pool, qs), pool, schema
}

func TestCopyFromRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _, _ := copySetup(t)
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	in := []CopyItem{
		{Name: "pen", Qty: 2, Price: 1.5, Note: ptr("blue"), Created: at, Scratch: "not a column"},
		{Name: "ink", Qty: 3, Price: 4, Created: at.Add(time.Hour)},
		{ID: 99, Name: "pad", Qty: 0, Price: 2.25, Created: at, Total: -1}, // ID and Total are left to PostgreSQL
	}
	n, err := sqlmap.CopyFrom(ctx, db, "items", in)
	require.NoError(t, err)
	assert.Equal(t, int64(3), n)

	got, err := sqlmap.Many[CopyItem](ctx, db, "ListItems", nil)
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, []int64{1, 2, 3}, []int64{got[0].ID, got[1].ID, got[2].ID}, "the identity column is filled by PostgreSQL")
	assert.Equal(t, "pen", got[0].Name)
	assert.Equal(t, int32(2), got[0].Qty)
	assert.Equal(t, "blue", *got[0].Note)
	assert.Nil(t, got[1].Note, "a nil pointer is copied as NULL")
	assert.True(t, got[1].Created.Equal(at.Add(time.Hour)))
	assert.Equal(t, 12.0, got[1].Total, "the generated column is computed by PostgreSQL")
	assert.Equal(t, 0.0, got[2].Total)
	assert.Empty(t, got[0].Scratch)
}

func TestCopyFromPointersQualifiedNameAndTx(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _, schema := copySetup(t)
	in := []*CopyItem{{Name: "a", Qty: 1, Price: 1, Created: time.Now()}, {Name: "b", Qty: 1, Price: 1, Created: time.Now()}}
	err := db.InTx(ctx, func(tx *sqlmap.DB) error {
		_, err := sqlmap.CopyFrom(ctx, tx, schema+".Items", in) // unquoted: folded to lower case, as in SQL
		return err
	})
	require.NoError(t, err)
	got, err := sqlmap.Many[CopyItem](ctx, db, "ListItems", nil)
	require.NoError(t, err)
	assert.Len(t, got, 2)

	_, err = sqlmap.CopyFrom(ctx, db, "items", []*CopyItem{in[0], nil})
	var ce *sqlmap.CopyError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 1, ce.Row)
	assert.ErrorContains(t, err, "nil")
}

func TestCopyFromEmpty(t *testing.T) {
	t.Parallel()
	db, _, _ := copySetup(t)
	n, err := sqlmap.CopyFrom(context.Background(), db, "items", []CopyItem{})
	require.NoError(t, err)
	assert.Zero(t, n)
	n, err = sqlmap.CopyFrom[CopyItem](context.Background(), db, "items", nil)
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestCopyFromErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, pool, _ := copySetup(t)
	row := CopyItem{Name: "a", Qty: 1, Price: 1, Created: time.Now()}

	t.Run("unknown table", func(t *testing.T) {
		_, err := sqlmap.CopyFrom(ctx, db, "nope", []CopyItem{row})
		var pe *pgconn.PgError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "42P01", pe.Code)
		assert.ErrorContains(t, err, "copy into nope")
	})

	t.Run("field with no column", func(t *testing.T) {
		type Extra struct {
			Name  string
			Color string
		}
		_, err := sqlmap.CopyFrom(ctx, db, "items", []Extra{{"a", "red"}})
		var pe *pgconn.PgError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "42703", pe.Code)
		assert.ErrorContains(t, err, "copy into items")
		assert.ErrorContains(t, err, "color")
	})

	t.Run("rejected row names the row and column", func(t *testing.T) {
		bad := []CopyItem{row, row, {Name: "neg", Qty: -1, Price: 1, Created: time.Now()}}
		_, err := sqlmap.CopyFrom(ctx, db, "items", bad)
		var ce *sqlmap.CopyError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, "items", ce.Table)
		assert.Equal(t, 2, ce.Row)
		var pe *pgconn.PgError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "23514", pe.Code, "check violation")

		var n int
		require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM items").Scan(&n))
		assert.Zero(t, n, "COPY is all or nothing")
	})

	t.Run("NULL into a NOT NULL column", func(t *testing.T) {
		type Partial struct {
			Name  *string
			Qty   int32
			Price float64
		}
		_, err := sqlmap.CopyFrom(ctx, db, "items", []Partial{{Name: ptr("x"), Qty: 1, Price: 1}})
		var ce *sqlmap.CopyError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, "created_at", ce.Column)
	})

	t.Run("not a struct", func(t *testing.T) {
		_, err := sqlmap.CopyFrom(ctx, db, "items", []int{1})
		assert.ErrorContains(t, err, "want a struct")
	})

	t.Run("bad table name", func(t *testing.T) {
		_, err := sqlmap.CopyFrom(ctx, db, `a.b.c.d`, []CopyItem{row})
		assert.ErrorContains(t, err, "table name")
		_, err = sqlmap.CopyFrom(ctx, db, `"items`, []CopyItem{row})
		assert.ErrorContains(t, err, "unterminated")
	})

	t.Run("querier without CopyFrom", func(t *testing.T) {
		other := sqlmap.New(onlyQuerier{pool}, db.Queries())
		_, err := sqlmap.CopyFrom(ctx, other, "items", []CopyItem{row})
		assert.ErrorContains(t, err, "no CopyFrom method")
	})
}

// onlyQuerier hides every method of the pool but Querier's.
type onlyQuerier struct{ p *pgxpool.Pool }

func (o onlyQuerier) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return o.p.Exec(ctx, sql, args...)
}
func (o onlyQuerier) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return o.p.Query(ctx, sql, args...)
}
func (o onlyQuerier) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return o.p.QueryRow(ctx, sql, args...)
}
func (o onlyQuerier) Begin(ctx context.Context) (pgx.Tx, error) {
	return nil, errors.ErrUnsupported
}

// A sqlmap tag that does not parse could hide identity or generated:
// CopyFrom refuses it, naming the field, before any round trip (the
// rows go nowhere: the DB has no connection behind it).
func TestCopyFromRefusesATagThatDoesNotParse(t *testing.T) {
	type Bad struct {
		ID   int64  `db:"id" sqlmap:"identity,default='oops"`
		Name string `db:"name"`
	}
	qs, err := sqlmap.NewQueries(map[string]string{})
	require.NoError(t, err)
	db := sqlmap.New(nil, qs)
	_, err = sqlmap.CopyFrom(context.Background(), db, "items", []Bad{{Name: "x"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "field Bad.ID: sqlmap tag: unterminated ' quote")
}
