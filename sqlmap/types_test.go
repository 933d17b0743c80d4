package sqlmap_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// Door is a Go string type for the door enum: the case pgx cannot encode
// or scan as an array until the enum is registered on the connection.
type Door string

type House struct {
	ID    int
	Doors []Door
	Main  Door
}

const enumSchemaSQL = `
CREATE TYPE door AS ENUM ('front', 'back', 'side');
CREATE TABLE houses (id int PRIMARY KEY, doors door[] NOT NULL, main door NOT NULL);`

const enumQuerySQL = `
-- name: AddHouse :exec
INSERT INTO houses (id, doors, main) VALUES (:id, :doors, :main);

-- name: WithDoor :many
SELECT id, doors, main FROM houses WHERE :door = ANY(doors) ORDER BY id;

-- name: MainIn :many
SELECT id FROM houses WHERE main = ANY(:doors) ORDER BY id;

-- name: AllHouses :many
SELECT id, doors, main FROM houses ORDER BY id;
`

func enumQueries(t *testing.T) *sqlmap.Queries {
	t.Helper()
	qs, err := sqlmap.NewQueries(map[string]string{"houses.sql": enumQuerySQL})
	require.NoError(t, err)
	return qs
}

// enumSchema returns a fresh schema holding the door enum and the houses
// table, and a URL whose connections use it, for tests that build their own
// pool or connection (the types must exist before those connect).
func enumSchema(t *testing.T) (schema, url string) {
	t.Helper()
	schema, url = pgtest.SchemaURL(t)
	conn := connect(t, url)
	_, err := conn.Exec(t.Context(), enumSchemaSQL)
	require.NoError(t, err)
	require.NoError(t, conn.Close(t.Context()))
	return schema, url
}

// connect opens a connection closed when the test ends (before the
// schema is dropped, since cleanups run last-in first-out).
func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

var houses = []House{
	{ID: 1, Doors: []Door{"front", "back"}, Main: "front"},
	{ID: 2, Doors: []Door{"side"}, Main: "side"},
	{ID: 3, Doors: []Door{"back", "side"}, Main: "back"},
}

// checkHouses inserts the houses through db and reads them back through
// the array parameter and column queries.
func checkHouses(t *testing.T, db *sqlmap.DB) {
	t.Helper()
	ctx := t.Context()
	for _, h := range houses {
		_, err := db.Exec(ctx, "AddHouse", sqlmap.Args{"id": h.ID, "doors": h.Doors, "main": h.Main})
		require.NoError(t, err, "house %d", h.ID)
	}

	all, err := sqlmap.Many[House](ctx, db, "AllHouses", nil)
	require.NoError(t, err)
	assert.Equal(t, houses, all)

	back, err := sqlmap.Many[House](ctx, db, "WithDoor", sqlmap.Args{"door": Door("back")})
	require.NoError(t, err)
	assert.Equal(t, []House{houses[0], houses[2]}, back)

	ids, err := sqlmap.Many[int](ctx, db, "MainIn", sqlmap.Args{"doors": []Door{"front", "side"}})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, ids)
}

// TestTypesUnregistered shows the problem the registration solves: on a
// connection that has not loaded the enum, pgx cannot encode a []Door
// for a door[] parameter nor scan a door[] column into []Door. (A single
// Door, and []string both ways, work through pgx's text fallback.)
func TestTypesUnregistered(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, pool := pgtest.Schema(t)
	_, err := pool.Exec(ctx, enumSchemaSQL)
	require.NoError(t, err)
	db := sqlmap.New(pool, enumQueries(t))

	_, err = db.Exec(ctx, "AddHouse", sqlmap.Args{"id": 1, "doors": []Door{"front"}, "main": Door("front")})
	var qerr *sqlmap.QueryError
	require.ErrorAs(t, err, &qerr)
	assert.Equal(t, "AddHouse", qerr.Query)
	assert.ErrorContains(t, err, "cannot find encode plan")

	_, err = sqlmap.Many[int](ctx, db, "MainIn", sqlmap.Args{"doors": []Door{"front"}})
	assert.ErrorContains(t, err, "cannot find encode plan")

	_, err = pool.Exec(ctx, `INSERT INTO houses VALUES (1, '{front,back}', 'front')`)
	require.NoError(t, err)
	_, err = sqlmap.Many[House](ctx, db, "AllHouses", nil)
	assert.ErrorContains(t, err, "cannot scan unknown type")
}

// TestTypesAfterConnect registers the types on every pool connection
// through pgxpool.Config.AfterConnect, by name and by listing the enums.
func TestTypesAfterConnect(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		names []string
	}{
		{"all enums", nil},
		{"named", []string{"door"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, url := enumSchema(t)
			cfg, err := pgxpool.ParseConfig(url)
			require.NoError(t, err)
			cfg.AfterConnect = sqlmap.AfterConnect(tc.names...)
			pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
			require.NoError(t, err)
			t.Cleanup(pool.Close)

			checkHouses(t, sqlmap.New(pool, enumQueries(t)))
		})
	}
}

// TestTypesAfterConnectUnknown checks that a pool whose AfterConnect names
// a missing type refuses its connections rather than handing out ones
// that fail later.
func TestTypesAfterConnectUnknown(t *testing.T) {
	t.Parallel()
	_, url := enumSchema(t)
	cfg, err := pgxpool.ParseConfig(url)
	require.NoError(t, err)
	cfg.AfterConnect = sqlmap.AfterConnect("dor")
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)

	var uerr *sqlmap.UnknownTypeError
	assert.ErrorAs(t, pool.Ping(t.Context()), &uerr)
}

// TestTypesRegisterConnAndTx registers the enum on one connection, under
// each spelling of its name, and uses it there and in a transaction begun
// on that connection, which shares the connection's types.
func TestTypesRegisterConnAndTx(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		arg  func(schema string) string
	}{
		{"bare", func(string) string { return "door" }},
		{"array", func(string) string { return "door[]" }},
		{"qualified", func(schema string) string { return schema + ".door" }},
		{"quoted", func(schema string) string { return pgx.Identifier{schema, "door"}.Sanitize() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			schema, url := enumSchema(t)
			conn := connect(t, url)
			require.NoError(t, sqlmap.RegisterTypes(ctx, conn, tc.arg(schema)))
			for _, name := range []string{"door", "_door", schema + ".door", schema + "._door"} {
				_, ok := conn.TypeMap().TypeForName(name)
				assert.True(t, ok, "%s registered", name)
			}

			db := sqlmap.New(conn, enumQueries(t))
			tx, err := conn.Begin(ctx)
			require.NoError(t, err)
			defer func() { _ = tx.Rollback(context.Background()) }()
			checkHouses(t, db.With(tx))
			require.NoError(t, tx.Commit(ctx))

			got, err := sqlmap.Many[House](ctx, db, "WithDoor", sqlmap.Args{"door": Door("side")})
			require.NoError(t, err)
			assert.Equal(t, []House{houses[1], houses[2]}, got)
		})
	}
}

// TestTypesRegisterUnknown checks that a name that is not a type is an
// error naming it, and that the names given with it are not registered
// either.
func TestTypesRegisterUnknown(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, url := enumSchema(t)
	conn := connect(t, url)

	err := sqlmap.RegisterTypes(ctx, conn, "door", "dor")
	assert.EqualError(t, err, `sqlmap: register types: type "dor" does not exist`)
	var uerr *sqlmap.UnknownTypeError
	require.ErrorAs(t, err, &uerr)
	assert.Equal(t, []string{"dor"}, uerr.Names)
	_, ok := conn.TypeMap().TypeForName("door")
	assert.False(t, ok, "door registered despite the error")

	err = sqlmap.RegisterTypes(ctx, conn, "dor", "nope.door")
	assert.EqualError(t, err, `sqlmap: register types: types "dor", "nope.door" do not exist`)

	// A name PostgreSQL cannot parse fails in the catalog query; the error
	// still says which call and names.
	err = sqlmap.RegisterTypes(ctx, conn, "two words")
	assert.ErrorContains(t, err, `sqlmap: register types "two words": `)
}

// TestRegisterEnums checks that the enums of the search_path, and only
// those, are registered, and that a schema without enums is no error.
func TestRegisterEnums(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	schema, url := enumSchema(t)
	other, otherPool := pgtest.Schema(t)
	_, err := otherPool.Exec(ctx, `CREATE TYPE elsewhere AS ENUM ('x')`)
	require.NoError(t, err)

	conn := connect(t, url)
	_, err = conn.Exec(ctx, `CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE DOMAIN posint AS int CHECK (VALUE > 0)`)
	require.NoError(t, err)
	require.NoError(t, sqlmap.RegisterEnums(ctx, conn))

	m := conn.TypeMap()
	for _, name := range []string{"door", "_door", "mood", "_mood", schema + ".mood"} {
		_, ok := m.TypeForName(name)
		assert.True(t, ok, "%s registered", name)
	}
	for _, name := range []string{"elsewhere", other + ".elsewhere", "posint"} {
		_, ok := m.TypeForName(name)
		assert.False(t, ok, "%s registered", name)
	}
	checkHouses(t, sqlmap.New(conn, enumQueries(t)))

	_, emptyURL := pgtest.SchemaURL(t)
	assert.NoError(t, sqlmap.RegisterEnums(ctx, connect(t, emptyURL)))
}
