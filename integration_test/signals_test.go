package integration_test

import (
	"context"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// untilLedger waits until the ledger row of version v is in state.
func (p *project) untilLedger(v int, state string) {
	p.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, p.url)
	require.NoError(p.t, err)
	defer conn.Close(ctx)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var got string
		err := conn.QueryRow(ctx, `SELECT state FROM sqlmap_migrations WHERE version = $1`, v).Scan(&got)
		if err == nil && got == state {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.t.Fatalf("the ledger row of %d never reached %s", v, state)
}

func exitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	require.NoError(t, err)
	return 0
}

// A no-transaction file cannot be rolled back: a signal lets it finish,
// then the run stops before the next file. A second signal stops at once.
func TestSignalFinishesANoTransactionFileFirst(t *testing.T) {
	t.Parallel()
	for _, twice := range []bool{false, true} {
		name := "once"
		if twice {
			name = "twice"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := newProject(t)
			p.write("migrations/000001_a.up.sql", "CREATE TABLE a (id int);\n")
			p.write("migrations/000001_a.down.sql", "DROP TABLE a;\n")
			p.write("migrations/000002_slow.up.sql", "-- sqlmap:no-transaction\nSELECT pg_sleep(1.5);\nCREATE TABLE slow (id int);\n")
			p.write("migrations/000002_slow.down.sql", "DROP TABLE slow;\n")
			p.write("migrations/000003_c.up.sql", "CREATE TABLE c (id int);\n")
			p.write("migrations/000003_c.down.sql", "DROP TABLE c;\n")
			cmd, _, stderr := p.start("migrate", "up")
			require.NoError(t, cmd.Start())
			t.Cleanup(func() { _ = cmd.Process.Kill() })
			p.untilLedger(2, "applying")
			require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
			if !twice {
				assert.Equal(t, 1, exitCode(t, cmd))
				assert.Contains(t, stderr.String(), "sqlmap: terminated: stopping (a second signal stops at once)\n")
				assert.Contains(t, stderr.String(), "sqlmap: migrate: stopped (context canceled) after applying 000001_a, 000002_slow; 1 pending\n")
				assert.Equal(t, []string{"a", "slow"}, p.tables(), "the file was finished, the next not started")
				assert.Equal(t, "2\n", p.ok("migrate", "version"))
				return
			}
			time.Sleep(100 * time.Millisecond) // let the first signal be handled
			require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
			assert.Equal(t, 130, exitCode(t, cmd))
			assert.Contains(t, stderr.String(), "sqlmap: stopped at once; sqlmap migrate status tells what the database holds\n")
			// The server finishes the statement it was running, then
			// drops the session; the ledger shows where the file stopped.
			var r result
			deadline := time.Now().Add(30 * time.Second)
			for {
				r = p.run("migrate", "status")
				if !strings.Contains(r.stdout, "is being applied by another session") || time.Now().After(deadline) {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			assert.Equal(t, 1, r.code, r.stdout)
			assert.Contains(t, r.stdout, "  applying  000002_slow\n")
			assert.Contains(t, r.stderr, "000002_slow.up.sql was being run statement by statement (sqlmap:no-transaction or its own BEGIN/COMMIT): 0 of 2 statement(s) finished; statement 1 (line 2: SELECT pg_sleep(1.5)) may or may not have run")
			assert.Contains(t, r.stderr, "then record the result: sqlmap migrate force 2 if 000002_slow is now fully applied")
			r = p.run("migrate", "recover")
			assert.Equal(t, 1, r.code, "recover cannot know")
		})
	}
}
