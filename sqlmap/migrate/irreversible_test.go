package migrate_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

// A down file without a statement reverts nothing: golang-migrate would run
// it and record the version below, so down must refuse before running
// anything, and status must show the migration as irreversible.
func TestDownFileWithoutStatementIsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, body := range []string{"", "  \n\t\n", "-- nothing to undo; DROP TABLE t by hand\n/* really */\n", migrate.NoTransactionDirective + "\n"} {
		_, url := pgtest.SchemaURL(t)
		fsys := files(
			"000001_a.up.sql", "CREATE TABLE a (id int);",
			"000001_a.down.sql", "DROP TABLE a;",
			"000002_add_t.up.sql", "CREATE TABLE t (id int);",
			"000002_add_t.down.sql", body,
		)
		mg := open(t, url, fsys)
		_, err := mg.Up(ctx, 0)
		require.NoError(t, err, "an up is not affected")

		for name, run := range map[string]func() ([]migrate.Event, error){
			"down":   func() ([]migrate.Event, error) { return mg.Down(ctx, 1) },
			"down 2": func() ([]migrate.Event, error) { return mg.Down(ctx, 2) },
			"all":    func() ([]migrate.Event, error) { return mg.DownAll(ctx) },
			"goto 1": func() ([]migrate.Event, error) { return mg.Goto(ctx, 1) },
		} {
			evs, err := run()
			assert.Empty(t, evs, "%s %q", name, body)
			var ie *migrate.IrreversibleError
			require.ErrorAs(t, err, &ie, "%s %q", name, body)
			assert.ErrorIs(t, err, migrate.ErrIrreversible)
			assert.Equal(t, "000002_add_t.down.sql", ie.File)
			assert.Equal(t, uint(2), ie.Version)
			assert.Equal(t, 1, ie.Previous)
			assert.Equal(t, "migrate: 000002_add_t.down.sql has no statement: it cannot be reverted", err.Error())
			assert.Equal(t, "2", version(t, mg), "%s %q: the version is unchanged", name, body)
			assert.Equal(t, []string{"a", "t"}, pgtest.Tables(t, url), "%s %q: the table stays", name, body)
		}

		st, err := migrate.ReadStatus(ctx, url, fsys)
		require.NoError(t, err)
		require.Len(t, st.Migrations, 2)
		assert.False(t, st.Migrations[0].Irreversible)
		assert.True(t, st.Migrations[1].Irreversible, "%q", body)
		assert.Empty(t, st.Problems, "an irreversible migration is not a folder problem")
	}
}

// The whole path down is checked before the first file runs: reverting
// three migrations when the lowest cannot be reverted runs none of them.
func TestDownChecksTheWholePathFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	fsys := fstest.MapFS{}
	for k, v := range threeSteps {
		fsys[k] = v
	}
	fsys["000001_a.down.sql"] = &fstest.MapFile{Data: []byte("-- irreversible\n")}
	mg := open(t, url, fsys)
	_, err := mg.Up(ctx, 0)
	require.NoError(t, err)

	_, err = mg.Down(ctx, 3)
	var ie *migrate.IrreversibleError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "000001_a.down.sql", ie.File)
	assert.Equal(t, -1, ie.Previous)
	_, err = mg.DownAll(ctx)
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "3", version(t, mg))
	assert.Equal(t, []string{"a", "b", "c"}, pgtest.Tables(t, url), "nothing was reverted")

	evs, err := mg.Goto(ctx, 1)
	require.NoError(t, err, "a path that does not run the empty down file is fine")
	assert.Len(t, evs, 2)
	assert.Equal(t, []string{"a"}, pgtest.Tables(t, url))
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// A dirty database is the more urgent news: the check leaves it to the
// dirty error.
func TestDirtyBeatsIrreversible(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	mg := open(t, url, files(
		"000001_a.up.sql", "CREATE TABLE a (id int);",
		"000001_a.down.sql", "",
		// Run statement by statement, a failure leaves it dirty.
		"000002_b.up.sql", migrate.NoTransactionDirective+"\nCREATE TABLE b (id int);\nCREATE TABLE b2 (id nosuchtype);",
		"000002_b.down.sql", "",
	))
	_, err := mg.Up(ctx, 0)
	require.Error(t, err)
	require.Equal(t, "2 dirty", version(t, mg))
	_, err = mg.Down(ctx, 1)
	assert.ErrorIs(t, err, migrate.ErrDirty)
	_, err = mg.Goto(ctx, 1)
	assert.ErrorIs(t, err, migrate.ErrDirty)
}
