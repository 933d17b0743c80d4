package sqlmap_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// These benchmarks run One, Many and Iter on a fake connection whose rows
// cost almost nothing to scan, so that what they measure is sqlmap's own
// per-call and per-row work (lookup, binding, plan, scan state), which a
// round trip to PostgreSQL would drown. integration_test has the same calls
// against a real server, side by side with pgx and scany.

type benchItem struct {
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

var fakeFields = func() []pgconn.FieldDescription {
	names := []string{"id", "name", "qty", "price", "active", "created_at", "note", "code", "rank", "amount"}
	fds := make([]pgconn.FieldDescription, len(names))
	for i, n := range names {
		fds[i].Name = n
	}
	return fds
}()

// fakeRows yields n identical rows. Scan stores constants through the
// destination pointers, as pgx would after decoding, without allocating.
type fakeRows struct {
	n, i int
}

var (
	fakeNote = "a note"
	fakeTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
)

func (r *fakeRows) Close()                                       {}
func (r *fakeRows) Err() error                                   { return nil }
func (r *fakeRows) CommandTag() pgconn.CommandTag                { return pgconn.CommandTag{} }
func (r *fakeRows) FieldDescriptions() []pgconn.FieldDescription { return fakeFields }
func (r *fakeRows) Next() bool                                   { r.i++; return r.i <= r.n }
func (r *fakeRows) Values() ([]any, error)                       { return nil, errors.ErrUnsupported }
func (r *fakeRows) RawValues() [][]byte                          { return nil }
func (r *fakeRows) Conn() *pgx.Conn                              { return nil }
func (r *fakeRows) TypeMap() *pgtype.Map                         { return nil }

func (r *fakeRows) Scan(dest ...any) error {
	if len(dest) != 10 {
		return errors.New("fakeRows: want 10 destinations")
	}
	for i, d := range dest {
		switch d := d.(type) {
		case *int64:
			*d = int64(r.i)
		case *string:
			*d = "item"
		case *int32:
			*d = 7
		case *float64:
			*d = 1.5
		case *bool:
			*d = true
		case *time.Time:
			*d = fakeTime
		case **string:
			*d = &fakeNote
		case *int16:
			*d = 3
		default:
			return errors.New("fakeRows: unexpected destination " + strconv.Itoa(i))
		}
	}
	return nil
}

// fakeConn is a Querier whose every query returns n rows.
type fakeConn struct{ n int }

func (c fakeConn) Exec(context.Context, string, ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, nil
}
func (c fakeConn) Query(context.Context, string, ...any) (pgx.Rows, error) {
	return &fakeRows{n: c.n}, nil
}
func (c fakeConn) QueryRow(context.Context, string, ...any) pgx.Row { return &fakeRows{n: c.n} }
func (c fakeConn) Begin(context.Context) (pgx.Tx, error)            { return nil, errors.ErrUnsupported }

func fakeDB(b *testing.B, n int) *sqlmap.DB {
	b.Helper()
	qs, err := sqlmap.NewQueries(map[string]string{"bench.sql": `
-- name: GetItem :one
SELECT id, name, qty, price, active, created_at, note, code, rank, amount FROM bench_items WHERE id = :id;

-- name: ListItems :many
SELECT id, name, qty, price, active, created_at, note, code, rank, amount FROM bench_items WHERE id <= :limit;
`})
	if err != nil {
		b.Fatal(err)
	}
	return sqlmap.New(fakeConn{n: n}, qs)
}

type benchArgs struct{ ID, Limit int64 }

func BenchmarkOverhead(b *testing.B) {
	ctx := context.Background()
	b.Run("call=One", func(b *testing.B) {
		db := fakeDB(b, 1)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sqlmap.One[benchItem](ctx, db, "GetItem", &benchArgs{ID: 1}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, n := range []int{1, 100, 10000} {
		db := fakeDB(b, n)
		b.Run("call=Many/rows="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := sqlmap.Many[benchItem](ctx, db, "ListItems", &benchArgs{Limit: 10})
				if err != nil || len(out) != n {
					b.Fatal(err, len(out))
				}
			}
		})
		b.Run("call=Iter/rows="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				got := 0
				for it, err := range sqlmap.Iter[benchItem](ctx, db, "ListItems", &benchArgs{Limit: 10}) {
					if err != nil {
						b.Fatal(err)
					}
					got += int(it.Qty)
				}
				if got != 7*n {
					b.Fatal(got)
				}
			}
		})
	}
}
