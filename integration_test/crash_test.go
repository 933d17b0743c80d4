package integration_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pglocal"
)

// crashSleep is how long 000002 sleeps before its UPDATE, in seconds:
// long enough for the test to crash the server under it (well under a
// second once it sees the sleep), short enough for the final up, which
// sleeps it in full.
const crashSleep = 5

// TestServerCrashMidMigration crashes the server (pg_ctl stop -m
// immediate: no checkpoint, transactions in flight lost) while `sqlmap
// migrate up` runs a file in one transaction, on a throwaway cluster of
// its own, never the shared server. sqlmap cannot tell whether the file
// committed, says so and advises recover; after a restart the ledger
// tells that nothing of it did, recover records version 1, and up
// applies it exactly once. Without PostgreSQL's server binaries the test
// fails: it is the one test of what a crash leaves.
func TestServerCrashMidMigration(t *testing.T) {
	t.Parallel()
	for _, back := range []bool{false, true} {
		name := "server down longer than the reconnect wait"
		if back {
			name = "server back within the reconnect wait"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			serverCrashMidMigration(t, back)
		})
	}
}

// serverCrashMidMigration crashes the server under a running file; with
// back, it restarts it at once, while sqlmap tries to reconnect.
func serverCrashMidMigration(t *testing.T, back bool) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()

	srv, err := pglocal.Start(ctx)
	require.NoError(t, err, "this test crashes a PostgreSQL cluster of its own: it needs the server binaries (initdb, pg_ctl)")
	t.Cleanup(func() { assert.NoError(t, srv.Stop(context.Background())) })
	require.True(t, srv.Throwaway())
	u, _, err := pglocal.CreateDatabase(ctx, srv.URL(), "sqlmap_crash")
	require.NoError(t, err) // dropped with the cluster

	p := &project{t: t, dir: t.TempDir(), url: u, env: append(os.Environ(), "DATABASE_URL="+u)}
	p.write("migrations/000001_acct.up.sql", "CREATE TABLE acct (id int PRIMARY KEY, bal int NOT NULL);\nINSERT INTO acct VALUES (1, 150);\n")
	p.write("migrations/000001_acct.down.sql", "DROP TABLE acct;\n")
	p.write("migrations/000002_deposit.up.sql", "SELECT pg_sleep("+strconv.Itoa(crashSleep)+");\nUPDATE acct SET bal = bal + 50;\n")
	p.write("migrations/000002_deposit.down.sql", "UPDATE acct SET bal = bal - 50;\n")

	wait := "0s"
	if back {
		wait = "60s"
	}
	cmd, stdout, stderr := p.start("migrate", "up", "--reconnect-wait", wait)
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	waited := false
	t.Cleanup(func() {
		if !waited {
			_ = cmd.Process.Kill()
			<-exited
		}
	})

	sleeping := waitCrashPoint(ctx, t, u, exited, stderr.String)
	require.NoError(t, srv.Crash(ctx))
	took := time.Since(sleeping)
	t.Logf("crashed the server %s after 000002 began sleeping", took.Round(time.Millisecond))
	require.Less(t, took, crashSleep*time.Second, "the crash came after 000002's sleep: raise crashSleep")
	if back {
		require.NoError(t, srv.Restart(ctx))
	}

	select {
	case err = <-exited:
		waited = true
	case <-time.After(60 * time.Second):
		t.Fatal("sqlmap migrate up still runs 60s after the server crashed")
	}
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "sqlmap migrate up must fail\nstdout: %s\nstderr: %s", stdout, stderr)
	assert.Equal(t, 1, ee.ExitCode(), "stderr: %s", stderr)
	assert.Equal(t, "applied  000001_acct (…)\n", lines(stdout.String()))
	e := stderr.String()
	t.Logf("sqlmap migrate up, cut short by the crash:\n%s", e)
	assert.True(t, strings.HasPrefix(e, "sqlmap: migrate: 000002_deposit.up.sql: the connection to the server was lost while it ran ("), e)
	if back {
		// sqlmap reconnected once the server was back, and the ledger
		// answered: nothing to recover.
		assert.Contains(t, e, "\n  it ran in one transaction and rolled back: nothing of it was applied; the database is at version 1\n")
		assert.Contains(t, e, "\n  nothing is wrong with the file, it was cut off; to run it again, run: sqlmap migrate up\n")
		assert.Equal(t, "1\n", p.ok("migrate", "version"))
		assert.Equal(t, 150, crashBal(ctx, t, u), "nothing of 000002 committed")
		assert.Equal(t, "applied  000002_deposit (…)\ndatabase is at version 2\n", lines(p.ok("migrate", "up")))
		assert.Equal(t, 200, crashBal(ctx, t, u), "000002 applied exactly once")
		return
	}
	assert.Contains(t, e, "\n  whether it committed is unknown: reconnecting failed (")
	assert.Contains(t, e, "; the database is marked dirty\n")
	assert.True(t, strings.HasSuffix(e, "\n  once the server answers, run: sqlmap migrate recover (the ledger will tell whether it committed)\n"), e)

	require.NoError(t, srv.Restart(ctx))

	assert.Equal(t, "2 dirty\n", p.ok("migrate", "version"))
	st := p.run("migrate", "status")
	assert.Equal(t, 1, st.code, "status exits 1 for a dirty database\nstdout: %s\nstderr: %s", st.stdout, st.stderr)
	assert.Contains(t, st.stdout, "version:    2 (dirty)\n")
	assert.Contains(t, st.stderr, "migrate: the database is marked dirty at version 2: a run was cut short or failed; nothing was run\n")
	assert.Regexp(t, `\n  000002_deposit\.up\.sql was being run \(from \d\d:\d\d:\d\d\); it ran in one transaction and nothing of it committed\n`, st.stderr)
	assert.Contains(t, st.stderr, "\n  the ledger knows what committed; run: sqlmap migrate recover\n")
	assert.Equal(t, 150, crashBal(ctx, t, u), "nothing of 000002 committed")

	r := p.run("migrate", "up")
	assert.Equal(t, 1, r.code, "up refuses a dirty database\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
	assert.Contains(t, r.stderr, "\n  the ledger knows what committed; run: sqlmap migrate recover\n")
	assert.Equal(t, 150, crashBal(ctx, t, u), "up ran nothing")

	r = p.run("migrate", "recover")
	require.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "recovered: the database is at version 1, clean; run sqlmap migrate up to go on\n")
	assert.Equal(t, "1\n", p.ok("migrate", "version"))

	assert.Equal(t, "applied  000002_deposit (…)\ndatabase is at version 2\n", lines(p.ok("migrate", "up")))
	assert.Equal(t, "nothing to apply: database is at version 2\n", p.ok("migrate", "up"))
	assert.Equal(t, 200, crashBal(ctx, t, u), "000002 applied exactly once")

	hist := p.ok("migrate", "history")
	assert.Regexp(t, `(?m)^000002\s+deposit\s`, hist)
	assert.Regexp(t, `(?m)^000001\s+acct\s`, hist)
	var entries []struct {
		Version uint   `json:"version"`
		State   string `json:"state"`
		How     string `json:"how"`
		File    string `json:"file"`
	}
	require.NoError(t, json.Unmarshal([]byte(p.ok("migrate", "history", "--json")), &entries))
	require.Len(t, entries, 2, "history: %s", hist)
	for i, v := range []uint{2, 1} {
		assert.Equal(t, v, entries[i].Version)
		assert.Equal(t, "applied", entries[i].State)
		assert.Equal(t, "run", entries[i].How)
		assert.Equal(t, "ok", entries[i].File)
	}
}

// waitCrashPoint polls until the ledger has 000002 applying and its
// pg_sleep runs, so the crash lands inside the file; then it makes every
// commit so far durable (the cluster commits asynchronously, and a crash
// may lose the last few hundred milliseconds of them).
// It returns when it saw the sleep.
func waitCrashPoint(ctx context.Context, t *testing.T, u string, exited <-chan error, stderr func() string) time.Time {
	t.Helper()
	conn, err := pgx.Connect(ctx, u)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	deadline := time.Now().Add(30 * time.Second)
	for {
		var state string
		var sleeping bool
		err := conn.QueryRow(ctx, `SELECT state, EXISTS (SELECT FROM pg_stat_activity
	WHERE state = 'active' AND query LIKE '%pg_sleep(`+strconv.Itoa(crashSleep)+`)%' AND pid <> pg_backend_pid())
FROM sqlmap_migrations WHERE version = 2`).Scan(&state, &sleeping)
		var pgErr *pgconn.PgError
		switch {
		case err == nil && state == "applying" && sleeping:
			seen := time.Now()
			_, err = conn.Exec(ctx, "SET synchronous_commit = on; CREATE TEMP TABLE flush_wal (); DROP TABLE flush_wal")
			require.NoError(t, err)
			return seen
		case err == nil, errors.Is(err, pgx.ErrNoRows):
		case errors.As(err, &pgErr) && pgErr.Code == "42P01": // no ledger yet
		default:
			require.NoError(t, err)
		}
		select {
		case err := <-exited:
			t.Fatalf("sqlmap migrate up exited (%v) before 000002 ran\nstderr: %s", err, stderr())
		case <-time.After(20 * time.Millisecond):
		}
		require.True(t, time.Now().Before(deadline), "000002 never showed applying and running")
	}
}

func crashBal(ctx context.Context, t *testing.T, u string) int {
	t.Helper()
	conn, err := pgx.Connect(ctx, u)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	var b int
	require.NoError(t, conn.QueryRow(ctx, "SELECT bal FROM acct WHERE id = 1").Scan(&b))
	return b
}
