package sqlmap_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/scanner"
	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// No kinds: every call runs every query.
const shapeSQL = `
-- name: ListUsers
SELECT id, username, email, bio, created_at FROM users ORDER BY id;

-- name: NoUsers
SELECT id, username, email, bio, created_at FROM users WHERE false;

-- name: OneUser
SELECT id, username, email, bio, created_at FROM users ORDER BY id LIMIT 1;

-- name: Usernames
SELECT username FROM users ORDER BY id;

-- name: Bios
SELECT bio FROM users ORDER BY id;

-- name: IDs
SELECT array_agg(id ORDER BY id) FROM users;

-- name: NoIDs
SELECT NULL::bigint[];

-- name: UsersJSON
SELECT json_agg(json_build_object('Username', username) ORDER BY id) FROM users;

-- name: Settings
SELECT '{"theme": "dark"}'::jsonb;
`

// sendQueued sends a batch whose one call was queued with queueErr and
// reads its result. A call refused when queued must make Send refuse too,
// sending nothing.
func sendQueued(ctx context.Context, b *sqlmap.Batch, queueErr error, read func() error) error {
	if queueErr != nil {
		if sendErr := b.Send(ctx); sendErr == nil {
			return fmt.Errorf("Send succeeded after a queue error: %w", queueErr)
		}
		return queueErr
	}
	if err := b.Send(ctx); err != nil {
		return err
	}
	return read()
}

// shapeCalls runs every call that scans into a T: One, Many, Iter,
// QueueOne and QueueMany (each on query, with no arguments).
func shapeCalls[T any]() map[string]func(context.Context, *sqlmap.DB, string) error {
	return map[string]func(context.Context, *sqlmap.DB, string) error{
		"One": func(ctx context.Context, db *sqlmap.DB, q string) error {
			_, err := sqlmap.One[T](ctx, db, q, nil)
			return err
		},
		"Many": func(ctx context.Context, db *sqlmap.DB, q string) error {
			_, err := sqlmap.Many[T](ctx, db, q, nil)
			return err
		},
		"Iter": func(ctx context.Context, db *sqlmap.DB, q string) error {
			for _, err := range sqlmap.Iter[T](ctx, db, q, nil) {
				if err != nil {
					return err
				}
			}
			return nil
		},
		"QueueOne": func(ctx context.Context, db *sqlmap.DB, q string) error {
			b := db.Batch()
			r := sqlmap.QueueOne[T](b, q, nil)
			return sendQueued(ctx, b, r.Err(), func() error { _, err := r.Value(); return err })
		},
		"QueueMany": func(ctx context.Context, db *sqlmap.DB, q string) error {
			b := db.Batch()
			r := sqlmap.QueueMany[T](b, q, nil)
			return sendQueued(ctx, b, r.Err(), func() error { _, err := r.Values(); return err })
		},
	}
}

// shapeDB gives the test the users table with three users, a DB with
// shapeSQL's queries on it, and a DB on a closed pool, on which anything
// that reaches the server fails.
func shapeDB(t *testing.T) (live, closed *sqlmap.DB) {
	t.Helper()
	ctx := context.Background()
	db, pool := setup(t)
	for _, n := range []string{"ann", "bob", "cy"} {
		createUser(t, db, n)
	}
	qs, err := sqlmap.NewQueries(map[string]string{"shape.sql": shapeSQL})
	require.NoError(t, err)
	dead, err := pgxpool.New(ctx, pgtest.URL(t))
	require.NoError(t, err)
	dead.Close()
	return sqlmap.New(pool, qs), sqlmap.New(dead, qs)
}

// Result types the scanner cannot fill are refused by every call with a
// *scanner.TypeError naming the type, before anything is sent: a query
// with rows, one with none, and a pool that is closed all give the same
// error. **T used to be scanned as T over the pointer slot, which the
// garbage collector later found as "found pointer to free object".
func TestRefusedResultTypes(t *testing.T) {
	t.Parallel()
	live, closed := shapeDB(t)
	ctx := context.Background()
	cases := []struct {
		name  string
		typ   reflect.Type
		calls map[string]func(context.Context, *sqlmap.DB, string) error
		want  string
	}{
		{"pointer to pointer to struct", reflect.TypeFor[**User](), shapeCalls[**User](),
			"scanner: cannot scan into **sqlmap_test.User: a pointer to a pointer (scan into *sqlmap_test.User)"},
		{"pointer to pointer to scalar", reflect.TypeFor[**int64](), shapeCalls[**int64](),
			"scanner: cannot scan into **int64: a pointer to a pointer (scan into *int64)"},
		{"channel", reflect.TypeFor[chan int](), shapeCalls[chan int](),
			"scanner: cannot scan into chan int: a channel holds no column value"},
		{"pointer to channel", reflect.TypeFor[*chan int](), shapeCalls[*chan int](),
			"scanner: cannot scan into *chan int: a channel holds no column value"},
		{"func", reflect.TypeFor[func() error](), shapeCalls[func() error](),
			"scanner: cannot scan into func() error: a func holds no column value"},
		{"interface with methods", reflect.TypeFor[fmt.Stringer](), shapeCalls[fmt.Stringer](),
			"scanner: cannot scan into fmt.Stringer: an interface with methods (pgx decodes only into any, or a concrete type)"},
		{"pointer to interface with methods", reflect.TypeFor[*error](), shapeCalls[*error](),
			"scanner: cannot scan into *error: an interface with methods"},
		{"struct with a pointer to pointer to struct", reflect.TypeFor[withPtrPtr](), shapeCalls[withPtrPtr](),
			"scanner: cannot scan into sqlmap_test.withPtrPtr: withPtrPtr.Author: pointer to pointer to struct is not supported"},
	}
	for _, c := range cases {
		for call, run := range c.calls {
			for _, target := range []struct {
				name  string
				db    *sqlmap.DB
				query string
			}{{"rows", live, "ListUsers"}, {"no rows", live, "NoUsers"}, {"closed pool", closed, "ListUsers"}} {
				t.Run(c.name+"/"+call+"/"+target.name, func(t *testing.T) {
					err := run(ctx, target.db, target.query)
					require.Error(t, err)
					assert.ErrorContains(t, err, c.want)
					assert.NotContains(t, err.Error(), "closed pool", "refused before any round trip")
					var qe *sqlmap.QueryError
					require.ErrorAs(t, err, &qe)
					assert.Equal(t, target.query, qe.Query)
					var te *scanner.TypeError
					require.ErrorAs(t, err, &te)
					assert.Equal(t, c.typ, te.Type)
				})
			}
		}
	}
	// The connection and the heap survived all of the above.
	users, err := sqlmap.Many[User](ctx, live, "ListUsers", nil)
	require.NoError(t, err)
	assert.Len(t, users, 3)
}

type withPtrPtr struct {
	ID     int64
	Author **Author
}

// Result types that are a single column's value scan as pgx scans them;
// a result with more columns than one is refused with a *scanner.TypeError
// that says what the type takes.
func TestSingleValueResultTypes(t *testing.T) {
	t.Parallel()
	live, _ := shapeDB(t)
	ctx := context.Background()

	t.Run("struct and pointer to struct", func(t *testing.T) {
		users, err := sqlmap.Many[User](ctx, live, "ListUsers", nil)
		require.NoError(t, err)
		require.Len(t, users, 3)
		ptrs, err := sqlmap.Many[*User](ctx, live, "ListUsers", nil)
		require.NoError(t, err)
		require.Len(t, ptrs, 3)
		assert.Equal(t, users[1], *ptrs[1])
		one, err := sqlmap.One[*User](ctx, live, "OneUser", nil)
		require.NoError(t, err)
		assert.Equal(t, users[0], *one)
		var iterated []*User
		for u, err := range sqlmap.Iter[*User](ctx, live, "ListUsers", nil) {
			require.NoError(t, err)
			iterated = append(iterated, u)
		}
		assert.Equal(t, ptrs, iterated)
		assert.NotSame(t, iterated[0], iterated[1], "each row gets its own struct")
	})
	t.Run("pointer to scalar takes NULL", func(t *testing.T) {
		bios, err := sqlmap.Many[*string](ctx, live, "Bios", nil)
		require.NoError(t, err)
		assert.Equal(t, []*string{nil, nil, nil}, bios)
		names, err := sqlmap.Many[*string](ctx, live, "Usernames", nil)
		require.NoError(t, err)
		require.Len(t, names, 3)
		assert.Equal(t, "bob", *names[1])
	})
	t.Run("any", func(t *testing.T) {
		names, err := sqlmap.Many[any](ctx, live, "Usernames", nil)
		require.NoError(t, err)
		assert.Equal(t, []any{"ann", "bob", "cy"}, names)
		bios, err := sqlmap.Many[any](ctx, live, "Bios", nil)
		require.NoError(t, err)
		assert.Equal(t, []any{nil, nil, nil}, bios)
	})
	t.Run("slice and pointer to slice from an array", func(t *testing.T) {
		got, err := sqlmap.One[[]int64](ctx, live, "IDs", nil)
		require.NoError(t, err)
		assert.Len(t, got, 3)
		p, err := sqlmap.One[*[]int64](ctx, live, "IDs", nil)
		require.NoError(t, err)
		require.NotNil(t, p)
		assert.Equal(t, got, *p)
		p, err = sqlmap.One[*[]int64](ctx, live, "NoIDs", nil)
		require.NoError(t, err)
		assert.Nil(t, p, "NULL leaves the pointer nil")
	})
	t.Run("slice of structs from one json column", func(t *testing.T) {
		got, err := sqlmap.One[[]User](ctx, live, "UsersJSON", nil)
		require.NoError(t, err)
		require.Len(t, got, 3)
		assert.Equal(t, "cy", got[2].Username)
	})
	t.Run("map from one jsonb column", func(t *testing.T) {
		got, err := sqlmap.One[map[string]any](ctx, live, "Settings", nil)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"theme": "dark"}, got)
		raw, err := sqlmap.One[json.RawMessage](ctx, live, "Settings", nil)
		require.NoError(t, err)
		assert.JSONEq(t, `{"theme": "dark"}`, string(raw))
	})

	// Every call on a multi-column result: the message says what the type
	// is for and what to scan into instead.
	for _, c := range []struct {
		name  string
		typ   reflect.Type
		calls map[string]func(context.Context, *sqlmap.DB, string) error
		want  string
	}{
		{"slice as the row", reflect.TypeFor[[]User](), shapeCalls[[]User](),
			"scanner: cannot scan into []sqlmap_test.User: a single value, but the result has 5 columns (id, username, email, bio, created_at); a slice scans from one array or json column: for one element per row, scan into the element type"},
		{"pointer to slice as the row", reflect.TypeFor[*[]User](), shapeCalls[*[]User](),
			"scanner: cannot scan into *[]sqlmap_test.User: a single value, but the result has 5 columns"},
		{"map as the row", reflect.TypeFor[map[string]any](), shapeCalls[map[string]any](),
			"scanner: cannot scan into map[string]interface {}: a single value, but the result has 5 columns (id, username, email, bio, created_at); a map scans from one json, jsonb or hstore column, not from a row as scany does: scan into a struct"},
		{"scalar", reflect.TypeFor[int64](), shapeCalls[int64](),
			"scanner: cannot scan into int64: a single value, but the result has 5 columns (id, username, email, bio, created_at): scan into a struct"},
		{"any", reflect.TypeFor[any](), shapeCalls[any](),
			"scanner: cannot scan into interface {}: a single value, but the result has 5 columns"},
	} {
		for call, run := range c.calls {
			t.Run(c.name+"/"+call, func(t *testing.T) {
				query := "ListUsers"
				if call == "One" || call == "QueueOne" {
					query = "OneUser"
				}
				err := run(ctx, live, query)
				require.Error(t, err)
				assert.ErrorContains(t, err, c.want)
				var te *scanner.TypeError
				require.ErrorAs(t, err, &te)
				assert.Equal(t, c.typ, te.Type)
			})
		}
	}
}
