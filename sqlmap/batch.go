package sqlmap

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// batcher is what [Batch.Send] needs beyond a [Querier]. It is not part of
// Querier so that existing implementations of Querier keep compiling.
type batcher interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

var (
	_ batcher = (*pgxpool.Pool)(nil)
	_ batcher = (*pgx.Conn)(nil)
	_ batcher = (pgx.Tx)(nil)
	_ batcher = (*pgxpool.Conn)(nil)
)

// ErrBatchAborted is the error (wrapped in a [*QueryError]) of a queued
// call whose result could not be had because another call of the same
// batch failed: PostgreSQL runs nothing after an error in a batch, and
// the batch is sent only when every call in it could be queued.
var ErrBatchAborted = errors.New("sqlmap: batch aborted by another query's error")

var (
	errNotSent     = errors.New("sqlmap: result read before Batch.Send")
	errAlreadySent = errors.New("sqlmap: batch already sent")
)

// Batch queues named calls and sends them to PostgreSQL in one round trip
// with [Batch.Send]. Queueing returns a handle that holds the call's
// result once the batch is sent:
//
//	b := db.Batch()
//	u := sqlmap.QueueOne[User](b, "GetUser", sqlmap.Args{"id": 7})
//	posts := sqlmap.QueueMany[Post](b, "ListPosts", sqlmap.Args{"user_id": 7})
//	touched := b.QueueExec("TouchUser", sqlmap.Args{"id": 7})
//	if err := b.Send(ctx); err != nil {
//		return err
//	}
//	user, err := u.Value()
//
// Every call is looked up and its arguments bound when it is queued; a
// problem there (an unknown query, a missing parameter) is the handle's
// Err at once, and makes Send fail before anything is sent.
//
// The calls run in order in one implicit transaction (unless the batch
// itself holds transaction control statements, or the DB runs in a
// transaction): if one fails, PostgreSQL runs none of the following ones
// and none of the batch's changes are kept. Send then returns that call's
// error; the handles of the calls after it hold [ErrBatchAborted].
// Results that are a call's own business ([ErrNoRows] or [ErrTooManyRows]
// from a :one, a column with no field) do not fail the batch: they are in
// that call's handle only.
//
// A Batch is sent once, and is not safe for concurrent use.
type Batch struct {
	db    *DB
	items []queued
	errs  []error // queue-time errors, in order
	sent  bool
}

// queued is one call waiting in a Batch.
type queued struct {
	q    *Query
	vals []any
	// read takes the call's result from br. It reports fatal when the
	// results that follow cannot be read (PostgreSQL or the connection
	// failed, or pgx gave up on the rows after a scan error).
	read func(br pgx.BatchResults) (fatal bool, err error)
	// res is the handle's state, for the errors Send sets.
	res *result
}

// result is the state shared by the handles the Queue functions return.
type result struct {
	name string
	err  error
	sent bool
}

// Err returns the call's error: at once, a problem found when queueing;
// after Send, anything that went wrong with the call. It is nil before
// Send for a call that was queued fine.
func (r *result) Err() error { return r.err }

// check is what a handle's accessors return before their value.
func (r *result) check() error {
	switch {
	case r.err != nil:
		return r.err
	case !r.sent:
		return &QueryError{Query: r.name, Err: errNotSent}
	}
	return nil
}

// BatchOne is the pending result of a call queued with [QueueOne].
type BatchOne[T any] struct {
	result
	v T
}

// Value returns the row, or the call's error: [ErrNoRows] when the query
// returned no row, as [One] does.
func (r *BatchOne[T]) Value() (T, error) {
	if err := r.check(); err != nil {
		var zero T
		return zero, err
	}
	return r.v, nil
}

// BatchMany is the pending result of a call queued with [QueueMany].
type BatchMany[T any] struct {
	result
	v []T
}

// Values returns the rows (an empty, non-nil slice for none), or the
// call's error.
func (r *BatchMany[T]) Values() ([]T, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	return r.v, nil
}

// BatchExec is the pending result of a call queued with [Batch.QueueExec].
type BatchExec struct {
	result
	n int64
}

// RowsAffected returns the number of rows the call affected, or its error.
func (r *BatchExec) RowsAffected() (int64, error) {
	if err := r.check(); err != nil {
		return 0, err
	}
	return r.n, nil
}

// Batch starts an empty [Batch] of calls on db.
func (db *DB) Batch() *Batch { return &Batch{db: db} }

// Len returns the number of calls queued.
func (b *Batch) Len() int { return len(b.items) }

// queue looks name up, checks the result type with check (nil for a call
// without rows), binds args and adds the call, or records why it cannot be
// added.
func (b *Batch) queue(res *result, call string, args any, check func(*Query) error, read func(q *Query, br pgx.BatchResults) (bool, error), kinds ...Kind) {
	if b.sent {
		res.err = &QueryError{Query: res.name, Err: errAlreadySent}
		return
	}
	q, err := b.db.lookup(res.name, call, kinds...)
	if err == nil && check != nil {
		err = check(q)
	}
	if err == nil {
		var vals []any
		if vals, err = q.bind(args); err == nil {
			b.items = append(b.items, queued{q: q, vals: vals, res: res,
				read: func(br pgx.BatchResults) (bool, error) { return read(q, br) }})
			return
		}
	}
	res.err = err
	b.errs = append(b.errs, err)
}

// QueueOne queues a call of a :one query, as [One] would run it.
func QueueOne[T any](b *Batch, name string, args any) *BatchOne[T] {
	r := &BatchOne[T]{result: result{name: name}}
	b.queue(&r.result, "sqlmap.QueueOne", args, checkResult[T], func(q *Query, br pgx.BatchResults) (bool, error) {
		rows, err := br.Query()
		if err != nil {
			return true, q.wrap(err)
		}
		r.v, err = scanOne[T](b.db, q, rows)
		return rows.Err() != nil, err
	}, KindOne)
	return r
}

// QueueMany queues a call of a :many query, as [Many] would run it.
func QueueMany[T any](b *Batch, name string, args any) *BatchMany[T] {
	r := &BatchMany[T]{result: result{name: name}}
	b.queue(&r.result, "sqlmap.QueueMany", args, checkResult[T], func(q *Query, br pgx.BatchResults) (bool, error) {
		rows, err := br.Query()
		if err != nil {
			return true, q.wrap(err)
		}
		r.v, err = scanAll[T](b.db, q, rows)
		return rows.Err() != nil, err
	}, KindMany)
	return r
}

// QueueExec queues a call of an :exec or :execrows query, as [DB.Exec]
// would run it.
func (b *Batch) QueueExec(name string, args any) *BatchExec {
	r := &BatchExec{result: result{name: name}}
	b.queue(&r.result, "Batch.QueueExec", args, nil, func(q *Query, br pgx.BatchResults) (bool, error) {
		tag, err := br.Exec()
		if err != nil {
			return true, q.wrap(err)
		}
		r.n = tag.RowsAffected()
		return false, nil
	}, KindExec, KindExecRows)
	return r
}

// Send sends the queued calls in one round trip and reads their results
// back in order into their handles. It returns an error, and sends
// nothing, when a call could not be queued (all such errors, joined); it
// returns the error of the call that failed the batch, naming that call,
// when PostgreSQL or the connection failed. Errors that concern one call
// only, such as [ErrNoRows], are left in that call's handle. An empty
// batch sends nothing.
func (b *Batch) Send(ctx context.Context) error {
	if b.sent {
		return errAlreadySent
	}
	b.sent = true
	if len(b.errs) > 0 {
		b.abort(0)
		return errors.Join(b.errs...)
	}
	if len(b.items) == 0 {
		return nil
	}
	sender, ok := b.db.q.(batcher)
	if !ok {
		err := fmt.Errorf("sqlmap: batch: %T has no SendBatch method (use a *pgxpool.Pool, *pgx.Conn or pgx.Tx)", b.db.q)
		for _, it := range b.items {
			it.res.err = it.q.wrap(err)
		}
		return err
	}
	pb := &pgx.Batch{QueuedQueries: make([]*pgx.QueuedQuery, 0, len(b.items))}
	for _, it := range b.items {
		pb.Queue(it.q.SQL, it.vals...)
	}
	br := sender.SendBatch(ctx, pb)
	var failed error
	for i, it := range b.items {
		fatal, err := it.read(br)
		it.res.sent, it.res.err = true, err
		if !fatal {
			continue
		}
		failed = err
		b.abort(i + 1)
		var pre pgx.ErrPreprocessingBatch
		if errors.As(err, &pre) {
			// pgx failed to prepare or encode a call before sending
			// anything, and reports it on the first result: nothing ran,
			// and the call to blame is the one whose SQL it names.
			b.abort(0)
			for _, c := range b.items {
				if c.q.SQL == pre.SQL() {
					c.res.err = c.q.wrap(pre)
					failed = c.res.err
					break
				}
			}
		}
		break
	}
	if err := br.Close(); err != nil && failed == nil {
		// Every result was read, so this is the connection failing at
		// the end; nothing of the batch can be trusted to be kept.
		failed = fmt.Errorf("sqlmap: batch: %w", err)
	}
	return failed
}

// abort marks the calls from index from on as not run.
func (b *Batch) abort(from int) {
	for _, it := range b.items[from:] {
		it.res.sent, it.res.err = true, it.q.wrap(ErrBatchAborted)
	}
}
