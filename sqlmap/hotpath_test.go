package sqlmap_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// manyUsers fills users with n rows named u1..un.
func manyUsers(t *testing.T, pool *pgxpool.Pool, n int) {
	t.Helper()
	_, err := pool.Exec(context.Background(), `INSERT INTO users (username, email, bio)
SELECT 'u' || g, 'u' || g || '@x', CASE WHEN g % 2 = 0 THEN 'bio ' || g END FROM generate_series(1, $1) g`, n)
	require.NoError(t, err)
}

func ids(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// checkUsers says what is wrong with got as the users from..to of
// manyUsers, or nil.
func checkUsers(got []User, from, to int64) error {
	if len(got) != int(to-from+1) {
		return fmt.Errorf("%d rows for ids %d..%d", len(got), from, to)
	}
	for i, u := range got {
		id := from + int64(i)
		if u.ID != id || u.Username != fmt.Sprintf("u%d", id) || (u.Bio != nil) != (id%2 == 0) {
			return fmt.Errorf("row %d of ids %d..%d: %+v", i, from, to, u)
		}
	}
	return nil
}

// Many sizes its result from the query's previous one; results that
// shrink and grow between calls must still come back whole, in order, and
// without a mostly empty array behind a small result.
func TestManyResultSizeChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, pool := setup(t)
	manyUsers(t, pool, 6000)
	for _, r := range [][2]int64{{1, 3000}, {1, 2}, {1, 6000}, {10, 10}, {1, 0}, {5, 4004}, {1, 5000}} {
		got, err := sqlmap.Many[User](ctx, db, "ListUsersByIDs", sqlmap.Args{"ids": ids(r[0], r[1])})
		require.NoError(t, err)
		require.NotNil(t, got)
		require.NoError(t, checkUsers(got, r[0], r[1]))
		assert.LessOrEqual(t, cap(got), max(2*len(got), 64), "rows %v", r)
	}
}

// The scan state is pooled and the plans are shared: calls from many
// goroutines at once must not see each other's rows (run with -race).
func TestConcurrentCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, pool := setup(t)
	manyUsers(t, pool, 300)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				from := int64(1 + (g*7+i)%50)
				to := from + int64((g*13+i*5)%250)
				got, err := sqlmap.Many[User](ctx, db, "ListUsersByIDs", sqlmap.Args{"ids": ids(from, to)})
				if !assert.NoError(t, err) || !assert.NoError(t, checkUsers(got, from, to)) {
					return
				}

				var iterated []User
				for u, err := range sqlmap.Iter[User](ctx, db, "ListUsersByIDs", sqlmap.Args{"ids": ids(from, to)}) {
					if !assert.NoError(t, err) {
						return
					}
					iterated = append(iterated, u)
				}
				if !assert.NoError(t, checkUsers(iterated, from, to)) {
					return
				}

				one, err := sqlmap.One[*User](ctx, db, "GetUser", sqlmap.Args{"id": to})
				if !assert.NoError(t, err) || !assert.NoError(t, checkUsers([]User{*one}, to, to)) {
					return
				}
			}
		}()
	}
	wg.Wait()
}

// pgx prepares each distinct SQL text once per connection; sqlmap must
// send one text per named query whatever the arguments, or every call
// would prepare a new statement.
func TestOneStatementPerQueryAndConnection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, pool := setup(t)
	conn, err := pool.Acquire(ctx)
	require.NoError(t, err)
	defer conn.Release()
	cdb := db.With(conn)

	for i := range 3 {
		name := fmt.Sprintf("user%d", i)
		u, err := sqlmap.One[User](ctx, cdb, "CreateUser", NewUser{Username: name, Email: name + "@x"})
		require.NoError(t, err)
		_, err = sqlmap.One[User](ctx, cdb, "GetUser", sqlmap.Args{"id": u.ID})
		require.NoError(t, err)
		_, err = sqlmap.Many[User](ctx, cdb, "ListUsersByIDs", sqlmap.Args{"ids": ids(1, int64(i+1))})
		require.NoError(t, err)
		_, err = cdb.Exec(ctx, "UpdateBio", sqlmap.Args{"username": name, "bio": nil})
		require.NoError(t, err)
		b := cdb.Batch()
		sqlmap.QueueOne[User](b, "GetUser", sqlmap.Args{"id": u.ID})
		require.NoError(t, b.Send(ctx))
	}

	rows, err := conn.Query(ctx, "SELECT statement FROM pg_prepared_statements ORDER BY statement", pgx.QueryExecModeSimpleProtocol)
	require.NoError(t, err)
	stmts, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	var want []string
	for _, name := range []string{"CreateUser", "GetUser", "ListUsersByIDs", "UpdateBio"} {
		q, ok := db.Queries().Get(name)
		require.True(t, ok)
		want = append(want, q.SQL)
	}
	assert.ElementsMatch(t, want, stmts)
}
