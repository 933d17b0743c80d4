package sqlmap

import (
	"context"
	"iter"
	"math"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/jackc/pgx/v5"

	"github.com/sqlmap-go/sqlmap/internal/sqllex"
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
	// stop caches whether an Iter that stops early may cancel the query
	// (stopCancel) or must drain it (stopDrain); 0 until first needed.
	stop atomic.Int32
}

const (
	stopCancel = 1 + iota
	stopDrain
)

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
	p, err := scanner.NewPlan[T](fds, scanner.Options{AllowUnknownColumns: db.lenient, SkipColumn: q.SkipsColumn})
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
	for attempt := 0; ; attempt++ {
		rows, err := db.q.Query(ctx, q.SQL, vals...)
		if err != nil {
			return zero, q.wrap(err)
		}
		out, err := scanOne[T](db, q, rows)
		if err != nil && db.replan(err, attempt) {
			continue
		}
		return out, err
	}
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
	for attempt := 0; ; attempt++ {
		rows, err := db.q.Query(ctx, q.SQL, vals...)
		if err != nil {
			return nil, q.wrap(err)
		}
		out, err := scanAll[T](db, q, rows)
		if err != nil && db.replan(err, attempt) {
			continue
		}
		return out, err
	}
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
// Breaking out of the loop while the query has rows left stops it at the
// server: Iter sends a cancel request, waits for the server to take it,
// then reads what was already on the way, so that the connection goes
// back idle and usable (to the pool, for a pool) in about the time of a
// round trip, however many rows were left. What the cancel ends with is
// not reported. The rows are read to the end instead, as closing pgx's
// rows does, when cancelling could lose work:
//   - inside a transaction (a DB on a pgx.Tx, or on a connection where
//     BEGIN was run): a cancelled statement would abort the transaction;
//   - for a statement that writes (INSERT, UPDATE, DELETE or MERGE
//     anywhere in it, such as DELETE ... RETURNING or a writable WITH):
//     PostgreSQL runs it to completion before sending its first row, so a
//     cancel saves nothing, and one that took effect would roll back
//     writes the loop has already seen rows of. A SELECT that calls a
//     function that writes is not recognised: run it in a transaction if
//     it must not be cut short.
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
		rows, have, err := db.firstRow(ctx, q, vals)
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
		for ; have; have = rows.Next() {
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
				stop(ctx, q, rows)
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(zero, q.wrap(err))
		}
	}
}

// firstRow sends q and moves to its first row (have is false when there
// is none), sending it again where [DB.replan] allows: nothing has been
// yielded before the first row.
func (db *DB) firstRow(ctx context.Context, q *Query, vals []any) (rows pgx.Rows, have bool, err error) {
	for attempt := 0; ; attempt++ {
		rows, err = db.q.Query(ctx, q.SQL, vals...)
		if err != nil {
			return nil, false, err
		}
		if have = rows.Next(); have || !db.replan(rows.Err(), attempt) {
			return rows, have, nil
		}
	}
}

// stop ends rows that the caller stopped reading. pgx's rows.Close reads
// every remaining row off the connection, which for a large result costs
// about as much as reading them. Cancelling ctx instead would make pgx's
// context watcher break the connection; a cancel request stops the
// statement and leaves the connection usable: CancelRequest returns once
// the server has taken it, so the Close that follows reads only the rows
// already in flight and the statement's query_canceled error. Nothing can
// be yielded once the loop is left, so that error (or any other the drain
// ends with) goes nowhere; a connection that broke is closed by pgx, and
// so discarded by a pool.
func stop(ctx context.Context, q *Query, rows pgx.Rows) {
	// Before Next: rows from a pool give their connection back as soon as
	// they end, after which it is not ours to cancel on.
	conn := rows.Conn()
	if conn == nil || conn.PgConn().TxStatus() != 'I' || !q.cancellable() {
		// Not idle at the last ReadyForQuery: in a transaction, which a
		// cancel would abort. Or a statement that writes. Drain.
		rows.Close()
		return
	}
	if !rows.Next() {
		return // the result had ended: nothing to cancel, rows are closed
	}
	// When the request fails, Close drains as it would have anyway.
	_ = conn.PgConn().CancelRequest(ctx)
	rows.Close()
}

// cancellable reports whether cutting q short with a cancel loses no
// work: whether it only reads. PostgreSQL runs a statement that writes to
// completion before it sends the first row, in its own implicit
// transaction, which a cancel would roll back. Any INSERT, UPDATE, DELETE
// or MERGE outside strings and comments counts as a write (SELECT ... FOR
// UPDATE too, needlessly but safely). The answer is cached on q.
func (q *Query) cancellable() bool {
	switch q.plans.stop.Load() {
	case stopCancel:
		return true
	case stopDrain:
		return false
	}
	ok := readsOnly(q.SQL)
	v := int32(stopDrain)
	if ok {
		v = stopCancel
	}
	q.plans.stop.Store(v)
	return ok
}

// readsOnly reports whether sql starts with SELECT, VALUES, TABLE or WITH
// and holds no word that writes, with the lexer the query files are read
// with, so that words in strings, quoted identifiers and comments do not
// count.
func readsOnly(sql string) bool {
	first, reads := true, true
	_, _ = sqllex.Scan(sql, true, func(ev *sqllex.Event) {
		w, ok := sqllex.Word(sql, ev)
		if !ok || !reads {
			return
		}
		w = strings.ToLower(w)
		if first {
			first = false
			switch w {
			case "select", "values", "table", "with":
				return
			}
			reads = false
			return
		}
		switch w {
		case "insert", "update", "delete", "merge":
			reads = false
		}
	})
	return reads && !first
}
