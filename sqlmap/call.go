package sqlmap

import (
	"context"
	"iter"
	"math"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/jackc/pgx/v5"

	"github.com/sqlmap-go/sqlmap/scanner"
)

// planCache holds one query's scan plans, by result type and strictness.
type planCache struct {
	// last is the plan used most recently: a query is nearly always
	// scanned into one type, and checking it costs two comparisons where
	// the map costs a hash of the key.
	last atomic.Pointer[planEntry]
	m    sync.Map // planKey -> *planEntry
	// rows is the row count of the query's last Many, to size the next.
	rows atomic.Int32
}

type planKey struct {
	t       reflect.Type
	lenient bool
}

type planEntry struct {
	key  planKey
	plan any // *scanner.Plan[T] for key.t
}

// planFor returns the cached scan plan of q for T and the columns of rows,
// building it when there is none or when the columns changed (a SELECT *
// after a migration, say).
func planFor[T any](db *DB, q *Query, rows pgx.Rows) (*scanner.Plan[T], error) {
	key := planKey{reflect.TypeFor[T](), db.lenient}
	fds := rows.FieldDescriptions()
	if e := q.plans.last.Load(); e != nil && e.key == key {
		if p := e.plan.(*scanner.Plan[T]); p.Matches(fds) {
			return p, nil
		}
	}
	if v, ok := q.plans.m.Load(key); ok {
		e := v.(*planEntry)
		if p := e.plan.(*scanner.Plan[T]); p.Matches(fds) {
			q.plans.last.Store(e)
			return p, nil
		}
	}
	p, err := scanner.NewPlan[T](fds, scanner.Options{AllowUnknownColumns: db.lenient})
	if err != nil {
		return nil, q.wrap(err)
	}
	e := &planEntry{key: key, plan: p}
	q.plans.m.Store(key, e)
	q.plans.last.Store(e)
	return p, nil
}

// checkResult refuses a T the scanner cannot scan into before the query
// is sent: plans are built at the first row, so a result without rows
// would otherwise hide the mistake. A plan cached for T means T passed.
func checkResult[T any](q *Query) error {
	t := reflect.TypeFor[T]()
	if e := q.plans.last.Load(); e != nil && e.key.t == t {
		return nil
	}
	if err := scanner.CheckType(t); err != nil {
		return q.wrap(err)
	}
	return nil
}

// One runs a query that returns one row and scans it into a T: a struct
// (columns to fields by name) or a single value for a one-column result.
// No row gives [ErrNoRows]; more than one gives [ErrTooManyRows].
func One[T any](ctx context.Context, db *DB, name string, args any) (T, error) {
	var zero T
	q, err := db.lookup(name, "One", KindOne)
	if err != nil {
		return zero, err
	}
	if err := checkResult[T](q); err != nil {
		return zero, err
	}
	vals, err := q.bind(args)
	if err != nil {
		return zero, err
	}
	rows, err := db.q.Query(ctx, q.SQL, vals...)
	if err != nil {
		return zero, q.wrap(err)
	}
	return scanOne[T](db, q, rows)
}

// scanOne reads the single row of rows and closes them.
func scanOne[T any](db *DB, q *Query, rows pgx.Rows) (T, error) {
	var zero T
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return zero, q.wrap(err)
		}
		return zero, q.wrap(ErrNoRows)
	}
	p, err := planFor[T](db, q, rows)
	if err != nil {
		return zero, err
	}
	s := p.Begin()
	out, err := s.Value(rows)
	s.Release()
	if err != nil {
		return zero, q.wrap(err)
	}
	if rows.Next() {
		return zero, q.wrap(ErrTooManyRows)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return zero, q.wrap(err)
	}
	return out, nil
}

// Many runs a query and scans all its rows into a slice of T. It returns
// an empty, non-nil slice when there are no rows.
func Many[T any](ctx context.Context, db *DB, name string, args any) ([]T, error) {
	q, err := db.lookup(name, "Many", KindMany)
	if err != nil {
		return nil, err
	}
	if err := checkResult[T](q); err != nil {
		return nil, err
	}
	vals, err := q.bind(args)
	if err != nil {
		return nil, err
	}
	rows, err := db.q.Query(ctx, q.SQL, vals...)
	if err != nil {
		return nil, q.wrap(err)
	}
	return scanAll[T](db, q, rows)
}

// scanAll reads every row of rows and closes them.
func scanAll[T any](db *DB, q *Query, rows pgx.Rows) ([]T, error) {
	defer rows.Close()
	c := newCollector[T](int(q.plans.rows.Load()))
	var s *scanner.Scan[T]
	// One defer outside the loop: a defer inside it would be allocated.
	defer func() {
		if s != nil {
			s.Release()
		}
	}()
	for rows.Next() {
		if s == nil {
			p, err := planFor[T](db, q, rows)
			if err != nil {
				return nil, err
			}
			s = p.Begin()
		}
		if err := s.Row(rows, c.next()); err != nil {
			return nil, q.wrap(err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, q.wrap(err)
	}
	if n := int32(min(c.n, math.MaxInt32)); q.plans.rows.Load() != n {
		q.plans.rows.Store(n)
	}
	return c.all(), nil
}

// collector gathers rows of unknown count in chunks, then copies them once
// into a slice of the exact length. Appending to one slice would copy every
// row again at each growth (about three times in all for 10,000 rows) and
// allocate four times the result, which the garbage collector then has to
// chase.
//
// The first chunk is as large as the query's previous result, so a query
// that returns about as many rows each time fills one allocation that is
// returned as it is. When that guess is far too large, the few rows are
// copied out rather than returned in a mostly empty array; the wasted
// allocation is no larger than the previous call's.
type collector[T any] struct {
	full  [][]T // filled chunks, in order
	cur   []T
	n     int
	first int
}

const (
	minChunk = 8
	// maxChunkBytes bounds the chunks after the first, maxFirstBytes the
	// first one, however large the previous result was.
	maxChunkBytes = 256 << 10
	maxFirstBytes = 32 << 20
)

func newCollector[T any](hint int) collector[T] {
	if hint <= 0 {
		hint = minChunk
	}
	return collector[T]{first: min(hint, chunkRows[T](maxFirstBytes))}
}

// chunkRows is how many T fit in bytes (at least minChunk).
func chunkRows[T any](bytes int) int {
	if elem := int(unsafe.Sizeof(*new(T))); elem > 0 {
		return max(minChunk, bytes/elem)
	}
	return bytes
}

// next returns a pointer to a new zero T at the end.
func (c *collector[T]) next() *T {
	if len(c.cur) == cap(c.cur) {
		size := c.first
		if c.cur != nil {
			c.full = append(c.full, c.cur)
			size = max(minChunk, min(2*cap(c.cur), chunkRows[T](maxChunkBytes)))
		}
		c.cur = make([]T, 0, size)
	}
	c.n++
	c.cur = c.cur[:len(c.cur)+1]
	return &c.cur[len(c.cur)-1]
}

// all returns the rows as one slice, and an empty, non-nil slice for no
// rows.
func (c *collector[T]) all() []T {
	switch {
	case c.cur == nil:
		return []T{}
	case c.full == nil:
		// A first chunk sized for a larger previous result is copied
		// out rather than kept mostly empty by the caller.
		if slack := cap(c.cur) - len(c.cur); slack > len(c.cur) && slack*int(unsafe.Sizeof(*new(T))) > 4<<10 {
			return append([]T(nil), c.cur...)
		}
		return c.cur
	}
	out := make([]T, 0, c.n)
	for _, ch := range c.full {
		out = append(out, ch...)
	}
	return append(out, c.cur...)
}

// Iter runs a query and yields its rows one at a time, without holding
// them all in memory. An error is yielded once, as the last pair.
//
//	for u, err := range sqlmap.Iter[User](ctx, db, "ListUsers", nil) {
//		if err != nil { return err }
//		...
//	}
//
// Breaking out of the loop closes the rows.
func Iter[T any](ctx context.Context, db *DB, name string, args any) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		q, err := db.lookup(name, "Iter", KindMany)
		if err == nil {
			err = checkResult[T](q)
		}
		if err != nil {
			yield(zero, err)
			return
		}
		vals, err := q.bind(args)
		if err != nil {
			yield(zero, err)
			return
		}
		rows, err := db.q.Query(ctx, q.SQL, vals...)
		if err != nil {
			yield(zero, q.wrap(err))
			return
		}
		defer rows.Close()
		var s *scanner.Scan[T]
		defer func() {
			if s != nil {
				s.Release()
			}
		}()
		for rows.Next() {
			if s == nil {
				p, err := planFor[T](db, q, rows)
				if err != nil {
					yield(zero, err)
					return
				}
				s = p.Begin()
			}
			v, err := s.Value(rows)
			if err != nil {
				yield(zero, q.wrap(err))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(zero, q.wrap(err))
		}
	}
}
