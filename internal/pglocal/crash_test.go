package pglocal_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pglocal"
)

// TestCrashRestart crashes a throwaway cluster with a transaction in
// flight and restarts it: what committed is there, the transaction in
// flight is not, and the URL still works. Like TestStart it needs the
// PostgreSQL binaries and fails, never skips, without them.
func TestCrashRestart(t *testing.T) {
	ctx := testContext(t)
	srv, err := pglocal.Start(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, srv.Stop(context.Background())) })

	require.Error(t, srv.Restart(ctx), "Restart refuses a running server")

	conn, err := pgx.Connect(ctx, srv.URL())
	require.NoError(t, err)
	defer conn.Close(context.Background())
	var dataDir string
	require.NoError(t, conn.QueryRow(ctx, "SHOW data_directory").Scan(&dataDir))
	// The cluster commits asynchronously; a synchronous commit flushes the
	// WAL, so this row must survive the crash.
	_, err = conn.Exec(ctx, "SET synchronous_commit = on; CREATE TABLE t (id int); INSERT INTO t VALUES (1)")
	require.NoError(t, err)

	tx, err := conn.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, "INSERT INTO t VALUES (2)")
	require.NoError(t, err)

	require.NoError(t, srv.Crash(ctx))
	_, err = tx.Exec(ctx, "SELECT 1")
	assert.Error(t, err, "the connection breaks")
	shortCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	_, err = pgx.Connect(shortCtx, srv.URL())
	cancel()
	assert.Error(t, err, "the server is down after Crash")
	assert.Error(t, srv.Crash(ctx), "Crash fails when the server is down")
	assert.DirExists(t, dataDir, "Crash keeps the data")

	require.NoError(t, srv.Restart(ctx))
	assert.Equal(t, 1, queryInt(t, srv.URL(), "SELECT count(*) FROM t WHERE id = 1"), "the committed row survives")
	assert.Equal(t, 0, queryInt(t, srv.URL(), "SELECT count(*) FROM t WHERE id = 2"), "the transaction in flight is lost")
	var after string
	c2, err := pgx.Connect(ctx, srv.URL())
	require.NoError(t, err)
	require.NoError(t, c2.QueryRow(ctx, "SHOW data_directory").Scan(&after))
	require.NoError(t, c2.Close(ctx))
	assert.Equal(t, dataDir, after, "same data directory")

	// A crash and restart again, then Stop deletes everything.
	require.NoError(t, srv.Crash(ctx))
	require.NoError(t, srv.Restart(ctx))
	assert.Equal(t, 1, queryInt(t, srv.URL(), "SELECT count(*) FROM t"))
	require.NoError(t, srv.Crash(ctx))
	require.NoError(t, srv.Stop(ctx), "Stop works on a crashed cluster")
	assert.NoDirExists(t, filepath.Dir(dataDir))
	assert.Error(t, srv.Restart(ctx), "Restart refuses a stopped cluster")
	assert.Error(t, srv.Crash(ctx), "Crash refuses a stopped cluster")
}

// TestCrashRefusesExternalServer: a server that was found, not started,
// belongs to someone else and is never crashed.
func TestCrashRefusesExternalServer(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://someone@db.invalid:6543/app")
	srv, err := pglocal.Find(testContext(t), nil)
	require.NoError(t, err)
	require.False(t, srv.Throwaway())
	assert.ErrorContains(t, srv.Crash(context.Background()), "only a throwaway cluster")
	assert.ErrorContains(t, srv.Restart(context.Background()), "only a throwaway cluster")
}
