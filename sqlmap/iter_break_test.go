package sqlmap_test

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

const iterSQL = `
-- name: Produce :many
-- Every row produced advances the sequence, which no rollback undoes: its
-- value says how far the server got.
SELECT nextval('produced') AS n FROM generate_series(1, :n::int);

-- name: ProduceQuoted :many
-- Words that write, in a comment, a string and a quoted identifier, do not
-- make the statement a write: delete.
SELECT nextval('produced') AS "update" -- insert
FROM generate_series(1, :n::int) WHERE 'delete' <> $$merge$$;

-- name: Produced :one
SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM produced;

-- name: Series :many
SELECT g FROM generate_series(1, :n::int) g;

-- name: Backend :one
SELECT pg_backend_pid();

-- name: FailAtFive :many
SELECT 10 / (5 - g) AS v FROM generate_series(1, 10) g;

-- name: DeleteItems :many
DELETE FROM items RETURNING id;

-- name: DeleteItemsCTE :many
WITH d AS (DELETE FROM items RETURNING id) SELECT id FROM d;

-- name: CountItems :one
SELECT count(*) FROM items;

-- name: AddItem :exec
INSERT INTO items (id) VALUES (:id);
`

// produceRows is far more than the server can have sent ahead of a
// client that stopped reading: what sits in socket buffers is a few
// hundred kilobytes.
const produceRows = 5_000_000

// iterDB gives the test its own schema (users, items and the produced
// sequence), and a DB with iterSQL's queries on a pool of one connection
// whose dials are counted: past the pool's own connection, each dial is a
// cancel request (pgconn opens a connection to the server for each).
func iterDB(t *testing.T) (db *sqlmap.DB, pool *pgxpool.Pool, dials *atomic.Int64) {
	t.Helper()
	ctx := context.Background()
	_, base := setup(t)
	_, err := base.Exec(ctx, `CREATE SEQUENCE produced; CREATE TABLE items (id bigint PRIMARY KEY)`)
	require.NoError(t, err)
	cfg := base.Config().Copy()
	cfg.MaxConns = 1
	dials = new(atomic.Int64)
	cfg.ConnConfig.DialFunc = countDials(cfg.ConnConfig.DialFunc, dials)
	pool, err = pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	require.NoError(t, pool.Ping(ctx))
	qs, err := sqlmap.NewQueries(map[string]string{"iter.sql": iterSQL})
	require.NoError(t, err)
	return sqlmap.New(pool, qs), pool, dials
}

func countDials(dial pgconn.DialFunc, n *atomic.Int64) pgconn.DialFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		n.Add(1)
		return dial(ctx, network, addr)
	}
}

// connDB is a DB on a connection of its own to the test's schema, with its
// dials counted.
func connDB(t *testing.T, db *sqlmap.DB, pool *pgxpool.Pool, dials *atomic.Int64) *sqlmap.DB {
	t.Helper()
	cc := pool.Config().ConnConfig.Copy()
	cc.DialFunc = countDials(cc.DialFunc, dials)
	conn, err := pgx.ConnectConfig(context.Background(), cc)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	return db.With(conn)
}

// iterate ranges over Iter[int64] of query with :n (when n > 0),
// stopping after stop rows; it returns the rows seen and the errors
// yielded.
func iterate(ctx context.Context, db *sqlmap.DB, query string, n, stop int) (seen int, errs []error) {
	var args any
	if n > 0 {
		args = sqlmap.Args{"n": n}
	}
	for _, err := range sqlmap.Iter[int64](ctx, db, query, args) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		seen++
		if seen == stop {
			break
		}
	}
	return seen, errs
}

func one[T any](t *testing.T, db *sqlmap.DB, query string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	v, err := sqlmap.One[T](ctx, db, query, nil)
	require.NoError(t, err)
	return v
}

// Leaving the loop early cancels the statement instead of reading the rest
// of its rows: the server stops producing them, and the connection comes
// back idle and usable (the same backend, no new connection). Without the
// cancel, pgx's rows.Close reads all 5,000,000 rows first.
func TestIterBreakCancelsTheQuery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("pool", func(t *testing.T) {
		t.Parallel()
		db, pool, dials := iterDB(t)
		pid := one[int32](t, db, "Backend")
		before, newConns := dials.Load(), pool.Stat().NewConnsCount()

		seen, errs := iterate(ctx, db, "Produce", produceRows, 10)
		assert.Equal(t, 10, seen)
		assert.Empty(t, errs, "the query_canceled error of our own cancel is not the caller's")

		produced := one[int64](t, db, "Produced")
		t.Logf("the server produced %d of %d rows", produced, produceRows)
		assert.Less(t, produced, int64(produceRows/5), "the server stopped producing rows soon after the break")
		assert.GreaterOrEqual(t, produced, int64(10))
		assert.Equal(t, int64(1), dials.Load()-before, "one cancel request")
		assert.Equal(t, pid, one[int32](t, db, "Backend"), "the same connection, back in the pool")
		assert.Equal(t, newConns, pool.Stat().NewConnsCount(), "no connection was replaced")
		assert.Equal(t, int32(1), pool.Stat().TotalConns())

		// The connection's statement cache survived: the query runs again.
		seen, errs = iterate(ctx, db, "Series", 100, 0)
		assert.Equal(t, 100, seen)
		assert.Empty(t, errs)
	})

	t.Run("words that write in strings and comments", func(t *testing.T) {
		t.Parallel()
		db, _, dials := iterDB(t)
		before := dials.Load()
		seen, errs := iterate(ctx, db, "ProduceQuoted", produceRows, 10)
		assert.Equal(t, 10, seen)
		assert.Empty(t, errs)
		assert.Less(t, one[int64](t, db, "Produced"), int64(produceRows/5))
		assert.Equal(t, int64(1), dials.Load()-before, "one cancel request")
	})

	t.Run("conn", func(t *testing.T) {
		t.Parallel()
		base, pool, _ := iterDB(t)
		var dials atomic.Int64
		db := connDB(t, base, pool, &dials)
		pid := one[int32](t, db, "Backend")
		before := dials.Load()

		seen, errs := iterate(ctx, db, "Produce", produceRows, 10)
		assert.Equal(t, 10, seen)
		assert.Empty(t, errs)
		assert.Less(t, one[int64](t, db, "Produced"), int64(produceRows/5))
		assert.Equal(t, int64(1), dials.Load()-before, "one cancel request")
		assert.Equal(t, pid, one[int32](t, db, "Backend"), "the connection is still open and idle")
	})
}

// In a transaction a cancelled statement would abort the caller's
// transaction, so leaving the loop early drains the rows instead: no
// cancel request, every row produced, and the transaction goes on and
// commits.
func TestIterBreakInTransactionDrains(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const rows = 200_000

	check := func(t *testing.T, db *sqlmap.DB, dials *atomic.Int64, commit func() error, outside *sqlmap.DB) {
		t.Helper()
		_, err := db.Exec(ctx, "AddItem", sqlmap.Args{"id": 1})
		require.NoError(t, err)
		before := dials.Load()

		seen, errs := iterate(ctx, db, "Produce", rows, 10)
		assert.Equal(t, 10, seen)
		assert.Empty(t, errs)
		assert.Equal(t, int64(0), dials.Load()-before, "no cancel request inside a transaction")
		assert.Equal(t, int64(rows), one[int64](t, db, "Produced"), "drained: the statement ran to its end")

		_, err = db.Exec(ctx, "AddItem", sqlmap.Args{"id": 2})
		require.NoError(t, err, "the transaction is not aborted")
		require.NoError(t, commit())
		assert.Equal(t, int64(2), one[int64](t, outside, "CountItems"), "both inserts committed")
	}

	t.Run("pgx.Tx", func(t *testing.T) {
		t.Parallel()
		db, pool, dials := iterDB(t)
		tx, err := pool.Begin(ctx)
		require.NoError(t, err)
		t.Cleanup(func() { _ = tx.Rollback(context.Background()) })
		// The pool's one connection is the transaction's; the check
		// afterwards needs another.
		outside := connDB(t, db, pool, new(atomic.Int64))
		check(t, db.With(tx), dials, func() error { return tx.Commit(ctx) }, outside)
	})

	t.Run("BEGIN on a conn", func(t *testing.T) {
		t.Parallel()
		base, pool, _ := iterDB(t)
		var dials atomic.Int64
		db := connDB(t, base, pool, &dials)
		conn := db.Querier().(*pgx.Conn)
		_, err := conn.Exec(ctx, "BEGIN")
		require.NoError(t, err)
		check(t, db, &dials, func() error {
			_, err := conn.Exec(ctx, "COMMIT")
			return err
		}, base)
	})
}

// A loop that stops at or after the last row has nothing to cancel: no
// cancel request, no error, and the connection is free.
func TestIterBreakAtTheEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, pool, dials := iterDB(t)
	before := dials.Load()
	for _, c := range []struct {
		name       string
		rows, stop int
	}{{"break at the last row", 10, 10}, {"fewer rows than the break", 5, 10}, {"one row", 1, 10}} {
		seen, errs := iterate(ctx, db, "Series", c.rows, c.stop)
		assert.Equal(t, c.rows, seen, c.name)
		assert.Empty(t, errs, c.name)
	}
	assert.Equal(t, int64(0), dials.Load()-before, "no cancel request")
	assert.Equal(t, int32(1), pool.Stat().TotalConns())
	assert.Equal(t, int32(0), pool.Stat().AcquiredConns(), "the connection is back in the pool")
}

// Errors of the query itself still reach the loop, query_canceled
// included when it is not ours (a statement_timeout).
func TestIterQueryErrorsSurface(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base, pool, _ := iterDB(t)

	var vals []int64
	var errs []error
	for v, err := range sqlmap.Iter[int64](ctx, base, "FailAtFive", nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		vals = append(vals, v)
	}
	assert.Equal(t, []int64{2, 3, 5, 10}, vals, "the rows before the error")
	require.Len(t, errs, 1)
	var pgErr *pgconn.PgError
	require.ErrorAs(t, errs[0], &pgErr)
	assert.Equal(t, "22012", pgErr.Code, "division_by_zero")
	var qe *sqlmap.QueryError
	require.ErrorAs(t, errs[0], &qe)
	assert.Equal(t, "FailAtFive", qe.Query)

	db := connDB(t, base, pool, new(atomic.Int64))
	_, err := db.Querier().Exec(ctx, "SET statement_timeout = '100ms'")
	require.NoError(t, err)
	seen, errs := iterate(ctx, db, "Series", 1_000_000_000, 10)
	assert.Zero(t, seen)
	require.Len(t, errs, 1)
	require.ErrorAs(t, errs[0], &pgErr)
	assert.Equal(t, "57014", pgErr.Code, "query_canceled by statement_timeout")
}

// PostgreSQL runs a statement that writes to completion before it sends
// its first row, in an implicit transaction that a cancel would roll back,
// deletes the caller has already seen included. So a loop that stops early
// sends no cancel for it, and drains it; it commits.
func TestIterBreakDoesNotCancelWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, pool, dials := iterDB(t)
	for _, query := range []string{"DeleteItems", "DeleteItemsCTE"} {
		_, err := pool.Exec(ctx, `INSERT INTO items SELECT g FROM generate_series(1, 300000) g`)
		require.NoError(t, err)
		before := dials.Load()
		seen, errs := iterate(ctx, db, query, 0, 10)
		assert.Equal(t, 10, seen, query)
		assert.Empty(t, errs, query)
		assert.Equal(t, int64(0), dials.Load()-before, "%s: no cancel request", query)
		assert.Equal(t, int64(0), one[int64](t, db, "CountItems"), "%s: the delete ran to its end and committed", query)
	}
}
