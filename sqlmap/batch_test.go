package sqlmap_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/scanner"
	"github.com/sqlmap-go/sqlmap/sqlmap"
)

func TestBatchResultsInOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := setup(t)

	b := db.Batch()
	ann := sqlmap.QueueOne[User](b, "CreateUser", NewUser{Username: "ann", Email: "ann@x"})
	bob := sqlmap.QueueOne[User](b, "CreateUser", &NewUser{Username: "bob", Email: "bob@x"})
	bio := b.QueueExec("UpdateBio", sqlmap.Args{"username": "bob", "bio": "hi"})
	all := sqlmap.QueueMany[User](b, "ListUsers", nil)
	none := sqlmap.QueueOne[User](b, "GetUser", sqlmap.Args{"id": 1_000_000})
	count := sqlmap.QueueOne[int64](b, "CountUsers", nil)
	assert.Equal(t, 6, b.Len())
	require.NoError(t, b.Send(ctx), "a :one without a row does not fail the batch")

	a, err := ann.Value()
	require.NoError(t, err)
	bb, err := bob.Value()
	require.NoError(t, err)
	assert.Equal(t, "ann", a.Username)
	assert.Less(t, a.ID, bb.ID, "calls run in the order they were queued")
	n, err := bio.RowsAffected()
	require.NoError(t, err)
	assert.Equal(t, int64(1), n)
	users, err := all.Values()
	require.NoError(t, err)
	require.Len(t, users, 2, "a call sees the changes of the calls before it")
	assert.Equal(t, "hi", *users[1].Bio)
	_, err = none.Value()
	assert.ErrorIs(t, err, sqlmap.ErrNoRows)
	var qe *sqlmap.QueryError
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, "GetUser", qe.Query)
	c, err := count.Value()
	require.NoError(t, err)
	assert.Equal(t, int64(2), c)

	persisted, err := sqlmap.Many[User](ctx, db, "ListUsers", nil)
	require.NoError(t, err)
	assert.Equal(t, users, persisted)
}

func TestBatchFailingCallIsNamed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := setup(t)
	createUser(t, db, "ann")

	b := db.Batch()
	bio := b.QueueExec("UpdateBio", sqlmap.Args{"username": "ann", "bio": "changed"})
	dup := sqlmap.QueueOne[User](b, "CreateUser", NewUser{Username: "ann", Email: "other@x"})
	after := sqlmap.QueueMany[User](b, "ListUsers", nil)
	err := b.Send(ctx)

	var qe *sqlmap.QueryError
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, "CreateUser", qe.Query)
	assert.Equal(t, "users.sql", qe.File)
	var pe *pgconn.PgError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "23505", pe.Code, "unique violation")

	_, dupErr := dup.Value()
	assert.Equal(t, err, dupErr)
	_, afterErr := after.Values()
	assert.ErrorIs(t, afterErr, sqlmap.ErrBatchAborted)
	require.ErrorAs(t, afterErr, &qe)
	assert.Equal(t, "ListUsers", qe.Query)
	_, err = bio.RowsAffected()
	assert.NoError(t, err, "the call before the failure ran")

	u, err := sqlmap.One[User](ctx, db, "GetUser", sqlmap.Args{"id": 1})
	require.NoError(t, err)
	assert.Nil(t, u.Bio, "the batch is one transaction: the update before the failure is rolled back")
}

func TestBatchQueryThatCannotBePrepared(t *testing.T) {
	t.Parallel()
	db, _ := setup(t)
	b := db.Batch()
	first := sqlmap.QueueOne[int64](b, "CountUsers", nil)
	broken := sqlmap.QueueMany[User](b, "Broken", nil)
	err := b.Send(context.Background())

	var qe *sqlmap.QueryError
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, "Broken", qe.Query, "the error names the call PostgreSQL rejected, not the first one")
	assert.Greater(t, qe.Line, 1, "the line of the file PostgreSQL points at")
	var pe *pgconn.PgError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "42703", pe.Code)
	_, err = broken.Values()
	assert.ErrorAs(t, err, &pe)
	_, err = first.Value()
	assert.ErrorIs(t, err, sqlmap.ErrBatchAborted, "nothing ran")
}

func TestBatchQueueErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := setup(t)

	b := db.Batch()
	ok := sqlmap.QueueOne[User](b, "CreateUser", NewUser{Username: "ann", Email: "ann@x"})
	unknown := b.QueueExec("NoSuchQuery", nil)
	missing := sqlmap.QueueOne[User](b, "GetUser", sqlmap.Args{})
	wrongKind := sqlmap.QueueMany[User](b, "GetUser", sqlmap.Args{"id": 1})

	assert.NoError(t, ok.Err())
	assert.ErrorIs(t, unknown.Err(), sqlmap.ErrUnknownQuery, "reported when queued")
	assert.ErrorContains(t, missing.Err(), "missing parameter :id")
	assert.ErrorContains(t, wrongKind.Err(), "declared :one")
	_, err := ok.Value()
	assert.ErrorContains(t, err, "before Batch.Send")

	err = b.Send(ctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, sqlmap.ErrUnknownQuery)
	assert.ErrorContains(t, err, "NoSuchQuery")
	assert.ErrorContains(t, err, "missing parameter :id")
	_, err = ok.Value()
	assert.ErrorIs(t, err, sqlmap.ErrBatchAborted)

	n, err := sqlmap.One[int64](ctx, db, "CountUsers", nil)
	require.NoError(t, err)
	assert.Zero(t, n, "nothing was sent")

	assert.Error(t, b.Send(ctx), "a batch is sent once")
	late := b.QueueExec("DeleteAll", nil)
	assert.Error(t, late.Err())
}

func TestBatchEmptyAndInTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := setup(t)
	require.NoError(t, db.Batch().Send(ctx))

	var created *sqlmap.BatchOne[User]
	err := db.InTx(ctx, func(tx *sqlmap.DB) error {
		b := tx.Batch()
		created = sqlmap.QueueOne[User](b, "CreateUser", NewUser{Username: "tx", Email: "tx@x"})
		return b.Send(ctx)
	})
	require.NoError(t, err)
	u, err := created.Value()
	require.NoError(t, err)
	got, err := sqlmap.One[User](ctx, db, "GetUser", sqlmap.Args{"id": u.ID})
	require.NoError(t, err)
	assert.Equal(t, "tx", got.Username)
}

func TestBatchScanErrorStopsTheBatch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := setup(t)
	u := createUser(t, db, "ann")

	b := db.Batch()
	null := sqlmap.QueueOne[User](b, "NullEmail", sqlmap.Args{"id": u.ID})
	after := sqlmap.QueueOne[int64](b, "CountUsers", nil)
	err := b.Send(ctx)
	var ce *scanner.ColumnError
	require.ErrorAs(t, err, &ce, "NULL into a string field")
	var qe *sqlmap.QueryError
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, "NullEmail", qe.Query)
	_, err = null.Value()
	assert.ErrorAs(t, err, &ce)
	_, err = after.Value()
	assert.ErrorIs(t, err, sqlmap.ErrBatchAborted, "pgx reads no further result after a scan error")

	n, err := sqlmap.One[int64](ctx, db, "CountUsers", nil)
	require.NoError(t, err)
	assert.Equal(t, int64(1), n, "the pool's connection is usable again")
}

// PgBouncer in transaction mode needs one of these modes; batches work the
// same way in them.
func TestBatchExecModes(t *testing.T) {
	t.Parallel()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			_, url := pgtest.SchemaURL(t)
			cfg, err := pgxpool.ParseConfig(url)
			require.NoError(t, err)
			cfg.ConnConfig.DefaultQueryExecMode = mode
			pool, err := pgxpool.NewWithConfig(ctx, cfg)
			require.NoError(t, err)
			t.Cleanup(pool.Close)
			_, err = pool.Exec(ctx, schemaSQL)
			require.NoError(t, err)
			qs, err := sqlmap.NewQueries(map[string]string{"users.sql": querySQL})
			require.NoError(t, err)
			db := sqlmap.New(pool, qs)

			b := db.Batch()
			ann := sqlmap.QueueOne[User](b, "CreateUser", NewUser{Username: "ann", Email: "ann@x", Bio: ptr("b")})
			all := sqlmap.QueueMany[User](b, "ListUsers", nil)
			require.NoError(t, b.Send(ctx))
			a, err := ann.Value()
			require.NoError(t, err)
			users, err := all.Values()
			require.NoError(t, err)
			assert.Equal(t, []User{a}, users)

			b = db.Batch()
			dup := sqlmap.QueueOne[User](b, "CreateUser", NewUser{Username: "ann", Email: "ann@x"})
			after := b.QueueExec("DeleteAll", nil)
			err = b.Send(ctx)
			var qe *sqlmap.QueryError
			require.ErrorAs(t, err, &qe)
			assert.Equal(t, "CreateUser", qe.Query)
			_, err = dup.Value()
			assert.Error(t, err)
			_, err = after.RowsAffected()
			assert.ErrorIs(t, err, sqlmap.ErrBatchAborted)
		})
	}
}
