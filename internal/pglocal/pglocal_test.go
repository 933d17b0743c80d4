package pglocal_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pglocal"
)

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func findServer(t *testing.T) *pglocal.Server {
	t.Helper()
	srv, err := pglocal.Find(testContext(t), t.Logf)
	require.NoError(t, err)
	t.Cleanup(func() {
		assert.NoError(t, srv.Stop(context.Background()))
	})
	return srv
}

func queryInt(t *testing.T, url, sql string) int {
	t.Helper()
	ctx := testContext(t)
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	var n int
	require.NoError(t, conn.QueryRow(ctx, sql).Scan(&n))
	return n
}

func TestFind(t *testing.T) {
	srv := findServer(t)
	assert.Equal(t, 1, queryInt(t, srv.URL(), "SELECT 1"))
}

func TestFindUsesDatabaseURLAsIs(t *testing.T) {
	const u = "postgres://someone:secret@db.invalid:6543/app?sslmode=require"
	t.Setenv("DATABASE_URL", u)
	srv, err := pglocal.Find(testContext(t), nil)
	require.NoError(t, err)
	assert.Equal(t, u, srv.URL())
	assert.False(t, srv.Throwaway())
	assert.NoError(t, srv.Stop(context.Background()))
}

func TestCreateDatabase(t *testing.T) {
	srv := findServer(t)
	ctx := testContext(t)

	dbURL, drop, err := pglocal.CreateDatabase(ctx, srv.URL(), "PgLocal Test-DB!")
	require.NoError(t, err)

	conn, err := pgx.Connect(ctx, dbURL)
	require.NoError(t, err)
	var name string
	require.NoError(t, conn.QueryRow(ctx, "SELECT current_database()").Scan(&name))
	require.NoError(t, conn.Close(ctx))
	assert.Regexp(t, regexp.MustCompile(`^pglocal_test_db__[0-9a-f]{16}$`), name)

	exists := func() int {
		return queryInt(t, srv.URL(), "SELECT count(*) FROM pg_database WHERE datname = '"+name+"'")
	}
	assert.Equal(t, 1, exists())

	// An open session must not block the drop (WITH (FORCE)).
	held, err := pgx.Connect(ctx, dbURL)
	require.NoError(t, err)
	defer held.Close(context.Background())

	require.NoError(t, drop(ctx))
	assert.Equal(t, 0, exists())
	assert.NoError(t, drop(ctx), "drop is idempotent")
}

func TestCreateDatabaseLongPrefix(t *testing.T) {
	srv := findServer(t)
	ctx := testContext(t)
	dbURL, drop, err := pglocal.CreateDatabase(ctx, srv.URL(), strings.Repeat("ab/", 40))
	require.NoError(t, err)
	defer func() { assert.NoError(t, drop(ctx)) }()

	conn, err := pgx.Connect(ctx, dbURL)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	var name string
	require.NoError(t, conn.QueryRow(ctx, "SELECT current_database()").Scan(&name))
	assert.Len(t, name, 63)
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"},
		{"postgres://bob:s3cret@db:5432/app?sslmode=disable", "postgres://bob:xxxxx@db:5432/app?sslmode=disable"},
		{"postgres://bob@db/app?password=s3cret", "postgres://bob@db/app?password=xxxxx"},
		{"host=db user=bob password=s3cret dbname=app", "host=db user=bob password=xxxxx dbname=app"},
		{"host=db password='a b' dbname=app", "host=db password=xxxxx dbname=app"},
		{"postgres://bob:s3%cret@db/app", "(unparsable URL)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := pglocal.Redact(tt.in)
			assert.Equal(t, tt.want, got)
			assert.NotContains(t, got, "s3")
		})
	}
}

func TestWithDatabase(t *testing.T) {
	tests := []struct {
		name, in, db, want, wantErr string
	}{
		{name: "replaces path", in: "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", db: "other",
			want: "postgres://postgres@127.0.0.1:5432/other?sslmode=disable"},
		{name: "keeps credentials and all params", in: "postgresql://bob:pw@db:6543/app?sslmode=require&application_name=x", db: "x_1",
			want: "postgresql://bob:pw@db:6543/x_1?sslmode=require&application_name=x"},
		{name: "no path", in: "postgres://db", db: "app", want: "postgres://db/app"},
		{name: "root path", in: "postgres://db/", db: "app", want: "postgres://db/app"},
		{name: "escapes name", in: "postgres://db/app", db: "my db/x", want: "postgres://db/my%20db%2Fx"},
		{name: "keyword DSN", in: "host=db dbname=app", db: "x", wantErr: "not a postgres:// URL"},
		{name: "other scheme", in: "mysql://db/app", db: "x", wantErr: "not a postgres:// URL"},
		{name: "empty name", in: "postgres://db/app", db: "", wantErr: "empty database name"},
		{name: "bad URL hides password", in: "postgres://bob:s3%cret@db/app", db: "x", wantErr: "invalid connection URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pglocal.WithDatabase(tt.in, tt.db)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Regexp(t, "^pglocal: ", err.Error())
				assert.NotContains(t, err.Error(), "s3")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestWithDatabaseConnects(t *testing.T) {
	srv := findServer(t)
	u, err := pglocal.WithDatabase(srv.URL(), "template1")
	require.NoError(t, err)
	assert.Equal(t, 1, queryInt(t, u, "SELECT 1"))
}

// TestStart really starts a cluster: it is the path every machine without a
// running server depends on, so it must not be skipped.
func TestStart(t *testing.T) {
	ctx := testContext(t)
	srv, err := pglocal.Start(ctx)
	require.NoError(t, err)
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			_ = srv.Stop(context.Background())
		}
	})

	assert.True(t, srv.Throwaway())
	assert.Regexp(t, `^postgres://postgres@127\.0\.0\.1:\d+/postgres\?sslmode=disable$`, srv.URL())
	assert.NotContains(t, srv.URL(), ":5432/", "must not take the system server's port")

	conn, err := pgx.Connect(ctx, srv.URL())
	require.NoError(t, err)
	var one int
	require.NoError(t, conn.QueryRow(ctx, "SELECT 1").Scan(&one))
	assert.Equal(t, 1, one)
	var dataDir, fsync string
	require.NoError(t, conn.QueryRow(ctx, "SHOW data_directory").Scan(&dataDir))
	require.NoError(t, conn.QueryRow(ctx, "SHOW fsync").Scan(&fsync))
	assert.Equal(t, "off", fsync)
	require.NoError(t, conn.Close(ctx))

	tempDir := filepath.Dir(dataDir)
	assert.DirExists(t, tempDir)

	// The throwaway server can host per-test databases too.
	dbURL, drop, err := pglocal.CreateDatabase(ctx, srv.URL(), "start_test")
	require.NoError(t, err)
	assert.Equal(t, 1, queryInt(t, dbURL, "SELECT 1"))
	require.NoError(t, drop(ctx))

	require.NoError(t, srv.Stop(ctx))
	stopped = true
	assert.NoError(t, srv.Stop(ctx), "Stop is idempotent")

	_, statErr := os.Stat(tempDir)
	assert.True(t, os.IsNotExist(statErr), "temp dir %s should be gone, stat: %v", tempDir, statErr)

	shortCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	_, err = pgx.Connect(shortCtx, srv.URL())
	assert.Error(t, err, "server must be down after Stop")
}

// Ctrl-C while the cluster is created or started: the error says so, with
// no initdb log, and nothing is left in the temporary folder. Not
// parallel: it sets TMPDIR for the process.
func TestStartInterrupted(t *testing.T) {
	// Not t.TempDir: its parent is private to root, and the cluster may
	// run as postgres.
	tmp, err := os.MkdirTemp("", "pglocal-interrupt-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(tmp) })
	require.NoError(t, os.Chmod(tmp, 0o1777))
	t.Setenv("TMPDIR", tmp)
	for _, after := range []time.Duration{50 * time.Millisecond, 300 * time.Millisecond} {
		ctx, cancel := context.WithTimeout(testContext(t), after)
		srv, err := pglocal.Start(ctx)
		cancel()
		if srv != nil {
			_ = srv.Stop(context.Background())
			t.Fatalf("started within %s: cannot test an interruption", after)
		}
		require.Error(t, err)
		assert.Regexp(t, `^pglocal: start throwaway cluster: interrupted while (creating it \(initdb\)|starting it \(pg_ctl start\)|waiting for it to answer): context deadline exceeded$`, err.Error())
		assert.NotContains(t, err.Error(), "signal: killed")
		entries, err := os.ReadDir(tmp)
		require.NoError(t, err)
		assert.Empty(t, entries, "nothing left behind after %s", after)
	}
}
