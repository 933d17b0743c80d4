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
ANALYZE bench_items;
DROP TABLE IF EXISTS bench_writes;
CREATE UNLOGGED TABLE bench_writes (LIKE bench_items INCLUDING DEFAULTS);`

const benchQueries = `
-- name: GetItem :one
SELECT id, name, qty, price, active, created_at, note, code, rank, amount::float8 AS amount
FROM bench_items WHERE id = :id;

-- name: ListItems :many
SELECT id, name, qty, price, active, created_at, note, code, rank, amount::float8 AS amount
FROM bench_items WHERE id <= :limit ORDER BY id;

-- name: InsertItem :exec
INSERT INTO bench_writes (id, name, qty, price, active, created_at, note, code, rank, amount)
VALUES (:id, :name, :qty, :price, :active, :created_at, :note, :code, :rank, :amount);
`

const (
	oneSQL    = `SELECT id, name, qty, price, active, created_at, note, code, rank, amount::float8 AS amount FROM bench_items WHERE id = $1`
	manySQL   = `SELECT id, name, qty, price, active, created_at, note, code, rank, amount::float8 AS amount FROM bench_items WHERE id <= $1 ORDER BY id`
	insertSQL = `INSERT INTO bench_writes (id, name, qty, price, active, created_at, note, code, rank, amount) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
)

var writeColumns = []string{"id", "name", "qty", "price", "active", "created_at", "note", "code", "rank", "amount"}

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
	b.Run("impl=pgx-RowToStructByName", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			rows, err := pool.Query(ctx, oneSQL, int64(i%10000+1))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Item]); err != nil {
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

// BenchmarkMany reads 1, 100 and 10,000 rows into a []Item, each way
// side by side; impl=sqlmap-Iter ranges over the rows and appends them.
func BenchmarkMany(b *testing.B) {
	ctx := context.Background()
	pool, db := benchSetup(b)
	for _, n := range []int{1, 100, 10000} {
		limit := int64(n)
		prefix := "rows=" + strconv.Itoa(n) + "/impl="
		check := func(b *testing.B, out []Item, err error) {
			if err != nil || len(out) != n {
				b.Fatal(err, len(out))
			}
		}
		b.Run(prefix+"pgx-hand", func(b *testing.B) {
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
				check(b, out, rows.Err())
			}
		})
		// The fastest hand-written form: the slice grown once to the
		// known size, and one []any of pointers into the current slot,
		// so no row allocates anything but its strings.
		b.Run(prefix+"pgx-hand-inplace", func(b *testing.B) {
			b.ReportAllocs()
			dest := make([]any, 10)
			for b.Loop() {
				rows, err := pool.Query(ctx, manySQL, limit)
				if err != nil {
					b.Fatal(err)
				}
				out := make([]Item, 0, n)
				for rows.Next() {
					out = append(out, Item{})
					it := &out[len(out)-1]
					dest[0], dest[1], dest[2], dest[3], dest[4] = &it.ID, &it.Name, &it.Qty, &it.Price, &it.Active
					dest[5], dest[6], dest[7], dest[8], dest[9] = &it.CreatedAt, &it.Note, &it.Code, &it.Rank, &it.Amount
					if err := rows.Scan(dest...); err != nil {
						b.Fatal(err)
					}
				}
				check(b, out, rows.Err())
			}
		})
		b.Run(prefix+"pgx-RowToStructByName", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rows, err := pool.Query(ctx, manySQL, limit)
				if err != nil {
					b.Fatal(err)
				}
				out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Item])
				check(b, out, err)
			}
		})
		b.Run(prefix+"scany", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var out []Item
				err := pgxscan.Select(ctx, pool, &out, manySQL, limit)
				check(b, out, err)
			}
		})
		b.Run(prefix+"sqlmap", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := sqlmap.Many[Item](ctx, db, "ListItems", sqlmap.Args{"limit": limit})
				check(b, out, err)
			}
		})
		b.Run(prefix+"sqlmap-Iter", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var out []Item
				for it, err := range sqlmap.Iter[Item](ctx, db, "ListItems", sqlmap.Args{"limit": limit}) {
					if err != nil {
						b.Fatal(err)
					}
					out = append(out, it)
				}
				check(b, out, nil)
			}
		})
	}
}

// writeItems is what BenchmarkInsert writes: the rows of bench_items, built
// in Go so that every way of writing starts from the same []Item.
var writeItems = sync.OnceValue(func() []Item {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	items := make([]Item, 100000)
	for i := range items {
		g := int64(i + 1)
		it := &items[i]
		*it = Item{ID: g, Name: "item " + strconv.FormatInt(g, 10), Qty: int32(g % 1000), Price: float64(g) * 1.5,
			Active: g%2 == 0, CreatedAt: at.Add(-time.Duration(g) * time.Minute), Code: "C" + strconv.FormatInt(g, 10),
			Rank: int16(g % 100), Amount: float64(g) * 0.01}
		if g%3 != 0 {
			note := "note " + strconv.FormatInt(g, 10)
			it.Note = &note
		}
	}
	return items
})

func itemArgs(it *Item) []any {
	return []any{it.ID, it.Name, it.Qty, it.Price, it.Active, it.CreatedAt, it.Note, it.Code, it.Rank, it.Amount}
}

// BenchmarkInsert writes 1, 1,000 and 100,000 rows into an empty
// bench_writes (unlogged, no index, so that the server's share is as small
// as it gets): one Exec per row (impl=*-loop), one batch of those Execs in
// a round trip (impl=*-batch), and COPY (impl=*-copy). At 1 row only the
// Exec forms run.
func BenchmarkInsert(b *testing.B) {
	ctx := context.Background()
	pool, db := benchSetup(b)
	items := writeItems()
	truncate := func(b *testing.B) {
		b.Helper()
		if _, err := pool.Exec(ctx, "TRUNCATE bench_writes"); err != nil {
			b.Fatal(err)
		}
	}

	b.Run("rows=1/impl=pgx-loop", func(b *testing.B) {
		truncate(b)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := pool.Exec(ctx, insertSQL, itemArgs(&items[i%len(items)])...); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rows=1/impl=sqlmap-loop", func(b *testing.B) {
		truncate(b)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := db.Exec(ctx, "InsertItem", &items[i%len(items)]); err != nil {
				b.Fatal(err)
			}
		}
	})

	impls := []struct {
		name  string
		write func(rows []Item) error
	}{
		{"pgx-loop", func(rows []Item) error {
			for i := range rows {
				if _, err := pool.Exec(ctx, insertSQL, itemArgs(&rows[i])...); err != nil {
					return err
				}
			}
			return nil
		}},
		{"sqlmap-loop", func(rows []Item) error {
			for i := range rows {
				if _, err := db.Exec(ctx, "InsertItem", &rows[i]); err != nil {
					return err
				}
			}
			return nil
		}},
		{"pgx-batch", func(rows []Item) error {
			batch := &pgx.Batch{}
			for i := range rows {
				batch.Queue(insertSQL, itemArgs(&rows[i])...)
			}
			return pool.SendBatch(ctx, batch).Close()
		}},
		{"sqlmap-batch", func(rows []Item) error {
			batch := db.Batch()
			for i := range rows {
				batch.QueueExec("InsertItem", &rows[i])
			}
			return batch.Send(ctx)
		}},
		{"pgx-copy", func(rows []Item) error {
			_, err := pool.CopyFrom(ctx, pgx.Identifier{"bench_writes"}, writeColumns,
				pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) { return itemArgs(&rows[i]), nil }))
			return err
		}},
		{"sqlmap-copy", func(rows []Item) error {
			_, err := sqlmap.CopyFrom(ctx, db, "bench_writes", rows)
			return err
		}},
	}
	for _, n := range []int{1000, 100000} {
		for _, impl := range impls {
			b.Run("rows="+strconv.Itoa(n)+"/impl="+impl.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					b.StopTimer()
					truncate(b)
					b.StartTimer()
					if err := impl.write(items[:n]); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				var count int
				if err := pool.QueryRow(ctx, "SELECT count(*) FROM bench_writes").Scan(&count); err != nil || count != n {
					b.Fatal(err, count)
				}
			})
		}
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
