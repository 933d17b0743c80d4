package integration_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/georgysavva/scany/v2/pgxscan"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// Item has the benchmark table's 10 columns, one field each.
type Item struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	Qty       int32     `db:"qty"`
	Price     float64   `db:"price"`
	Active    bool      `db:"active"`
	CreatedAt time.Time `db:"created_at"`
	Note      *string   `db:"note"`
	Code      string    `db:"code"`
	Rank      int16     `db:"rank"`
	Amount    float64   `db:"amount"`
}

const benchSchema = `
DROP TABLE IF EXISTS bench_items;
CREATE TABLE bench_items (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    qty integer NOT NULL,
    price float8 NOT NULL,
    active boolean NOT NULL,
    created_at timestamptz NOT NULL,
    note text,
    code varchar(20) NOT NULL,
    rank smallint NOT NULL,
    amount numeric NOT NULL
);
INSERT INTO bench_items
SELECT g, 'item ' || g, g % 1000, g * 1.5, g % 2 = 0, now() - g * interval '1 minute',
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'note ' || g END, 'C' || g, g % 100, g * 0.01
FROM generate_series(1, 10000) g;
ANALYZE bench_items;`

const benchQueries = `
-- name: GetItem :one
SELECT id, name, qty, price, active, created_at, note, code, rank, amount::float8 AS amount
FROM bench_items WHERE id = :id;

-- name: ListItems :many
SELECT id, name, qty, price, active, created_at, note, code, rank, amount::float8 AS amount
FROM bench_items WHERE id <= :limit ORDER BY id;
`

const (
	oneSQL  = `SELECT id, name, qty, price, active, created_at, note, code, rank, amount::float8 AS amount FROM bench_items WHERE id = $1`
	manySQL = `SELECT id, name, qty, price, active, created_at, note, code, rank, amount::float8 AS amount FROM bench_items WHERE id <= $1 ORDER BY id`
)

var (
	benchOnce sync.Once
	benchPool *pgxpool.Pool
	benchDB   *sqlmap.DB
	benchErr  error
)

// benchSetup fills the package database's bench_items once per run.
func benchSetup(b *testing.B) (*pgxpool.Pool, *sqlmap.DB) {
	b.Helper()
	url := pgtest.URL(b)
	benchOnce.Do(func() {
		ctx := context.Background()
		benchPool, benchErr = pgxpool.New(ctx, url)
		if benchErr != nil {
			return
		}
		if _, benchErr = benchPool.Exec(ctx, benchSchema); benchErr != nil {
			return
		}
		var qs *sqlmap.Queries
		qs, benchErr = sqlmap.NewQueries(map[string]string{"bench.sql": benchQueries})
		benchDB = sqlmap.New(benchPool, qs)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPool, benchDB
}

func scanItemByHand(row pgx.Row, it *Item) error {
	return row.Scan(&it.ID, &it.Name, &it.Qty, &it.Price, &it.Active, &it.CreatedAt, &it.Note, &it.Code, &it.Rank, &it.Amount)
}

func BenchmarkOne(b *testing.B) {
	ctx := context.Background()
	pool, db := benchSetup(b)
	b.Run("impl=pgx-hand", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var it Item
			if err := scanItemByHand(pool.QueryRow(ctx, oneSQL, int64(i%10000+1)), &it); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=scany", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var it Item
			if err := pgxscan.Get(ctx, pool, &it, oneSQL, int64(i%10000+1)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=sqlmap", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := sqlmap.One[Item](ctx, db, "GetItem", sqlmap.Args{"id": int64(i%10000 + 1)}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkMany(b *testing.B) {
	ctx := context.Background()
	pool, db := benchSetup(b)
	for _, n := range []int{100, 10000} {
		limit := int64(n)
		b.Run("rows="+strconv.Itoa(n)+"/impl=pgx-hand", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rows, err := pool.Query(ctx, manySQL, limit)
				if err != nil {
					b.Fatal(err)
				}
				var out []Item
				for rows.Next() {
					var it Item
					if err := scanItemByHand(rows, &it); err != nil {
						b.Fatal(err)
					}
					out = append(out, it)
				}
				if rows.Err() != nil || len(out) != n {
					b.Fatal(rows.Err(), len(out))
				}
			}
		})
		b.Run("rows="+strconv.Itoa(n)+"/impl=pgx-RowToStructByName", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rows, err := pool.Query(ctx, manySQL, limit)
				if err != nil {
					b.Fatal(err)
				}
				out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Item])
				if err != nil || len(out) != n {
					b.Fatal(err, len(out))
				}
			}
		})
		b.Run("rows="+strconv.Itoa(n)+"/impl=scany", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var out []Item
				if err := pgxscan.Select(ctx, pool, &out, manySQL, limit); err != nil || len(out) != n {
					b.Fatal(err, len(out))
				}
			}
		})
		b.Run("rows="+strconv.Itoa(n)+"/impl=sqlmap", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := sqlmap.Many[Item](ctx, db, "ListItems", sqlmap.Args{"limit": limit})
				if err != nil || len(out) != n {
					b.Fatal(err, len(out))
				}
			}
		})
	}
}

// BenchmarkBind measures turning named arguments into $n values, without a
// database: sqlmap's cached plan against pgx.NamedArgs, which lexes the SQL
// again on every call.
func BenchmarkBind(b *testing.B) {
	qs, err := sqlmap.NewQueries(map[string]string{"q.sql": `-- name: Q :one
SELECT * FROM users WHERE username = :username AND email = :email AND id = :id`})
	if err != nil {
		b.Fatal(err)
	}
	q, _ := qs.Get("Q")
	type args struct {
		ID       int64
		Username string
		Email    string
		Extra    string
	}
	a := args{ID: 7, Username: "ann", Email: "ann@example.com"}
	b.Run("impl=sqlmap-struct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := q.Bind(&a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=sqlmap-struct-value", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := q.Bind(a); err != nil {
				b.Fatal(err)
			}
		}
	})
	m := sqlmap.Args{"id": int64(7), "username": "ann", "email": "ann@example.com"}
	b.Run("impl=sqlmap-map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := q.Bind(m); err != nil {
				b.Fatal(err)
			}
		}
	})
	named := pgx.NamedArgs{"id": int64(7), "username": "ann", "email": "ann@example.com"}
	const pgxSQL = `SELECT * FROM users WHERE username = @username AND email = @email AND id = @id`
	ctx := context.Background()
	b.Run("impl=pgx-NamedArgs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := named.RewriteQuery(ctx, nil, pgxSQL, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
