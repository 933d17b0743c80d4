package sqlmap

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Querier is what sqlmap needs from a connection: *pgxpool.Pool, *pgx.Conn
// and pgx.Tx all satisfy it, so the same calls run on a pool, on one
// connection or inside a transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	// Begin starts a transaction, or a savepoint inside one.
	Begin(ctx context.Context) (pgx.Tx, error)
}

var (
	_ Querier = (*pgxpool.Pool)(nil)
	_ Querier = (*pgx.Conn)(nil)
	_ Querier = (pgx.Tx)(nil)
	_ Querier = (*pgxpool.Conn)(nil)
)

// DB runs named queries on a [Querier].
type DB struct {
	q       Querier
	qs      *Queries
	lenient bool
}

// Option configures a [DB].
type Option func(*DB)

// AllowUnknownColumns makes result columns with no matching struct field be
// skipped rather than reported. Use it while a migration that adds columns
// is deployed before the code that reads them; by default such a column is
// an error, so that nothing is dropped silently.
func AllowUnknownColumns() Option { return func(db *DB) { db.lenient = true } }

// New returns a DB that runs the queries of qs on q.
func New(q Querier, qs *Queries, opts ...Option) *DB {
	db := &DB{q: q, qs: qs}
	for _, o := range opts {
		o(db)
	}
	return db
}

// Querier returns the connection, pool or transaction the DB runs on.
func (db *DB) Querier() Querier { return db.q }

// Queries returns the DB's query set.
func (db *DB) Queries() *Queries { return db.qs }

// With returns a DB with the same queries and options on another Querier,
// such as a transaction begun elsewhere.
func (db *DB) With(q Querier) *DB {
	c := *db
	c.q = q
	return &c
}

// lookup finds query name and checks that the call (want) fits its kind.
func (db *DB) lookup(name string, call string, want ...Kind) (*Query, error) {
	q, ok := db.qs.byName[name]
	if !ok {
		return nil, &QueryError{Query: name, Err: db.qs.unknown(name)}
	}
	if q.Kind == KindAny {
		return q, nil
	}
	for _, k := range want {
		if q.Kind == k {
			return q, nil
		}
	}
	return nil, q.errorf("declared :%s, so it cannot be run with %s (use %s)", q.Kind, call, callFor(q.Kind))
}

func callFor(k Kind) string {
	switch k {
	case KindOne:
		return "sqlmap.One"
	case KindMany:
		return "sqlmap.Many or sqlmap.Iter"
	default:
		return "DB.Exec"
	}
}

// Exec runs a query that returns no rows (:exec or :execrows) and returns
// the number of rows it affected.
func (db *DB) Exec(ctx context.Context, name string, args any) (int64, error) {
	q, err := db.lookup(name, "Exec", KindExec, KindExecRows)
	if err != nil {
		return 0, err
	}
	vals, err := q.bind(args)
	if err != nil {
		return 0, err
	}
	tag, err := db.q.Exec(ctx, q.SQL, vals...)
	if err != nil {
		return 0, q.wrap(err)
	}
	return tag.RowsAffected(), nil
}

// InTx runs fn in a transaction (a savepoint when db already runs in one),
// with a DB bound to it. The transaction commits when fn returns nil and
// rolls back when fn returns an error or panics; a panic is re-raised after
// the rollback.
func (db *DB) InTx(ctx context.Context, fn func(tx *DB) error) (err error) {
	tx, err := db.q.Begin(ctx)
	if err != nil {
		return fmt.Errorf("sqlmap: begin: %w", err)
	}
	// The rollback must run even when ctx is what failed.
	cleanup := context.WithoutCancel(ctx)
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback(cleanup)
			panic(p)
		}
	}()
	if err := fn(db.With(tx)); err != nil {
		if rbErr := tx.Rollback(cleanup); rbErr != nil && !errors.Is(rbErr, pgx.ErrTxClosed) {
			return errors.Join(err, fmt.Errorf("sqlmap: rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("sqlmap: commit: %w", err)
	}
	return nil
}
