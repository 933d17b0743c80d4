package integration_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/golang-migrate/migrate/v4/database"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests kill, signal and cut off real sqlmap processes in the middle
// of migrations, against the real server, and check that the database and
// what sqlmap says about it stay true: every file applied exactly once.
// They synchronise only by polling the server (pg_stat_activity, pg_locks)
// or the processes' output, with deadlines; no assertion depends on time.

// faultDeadline bounds every wait: for a process to exit, or for the
// server to show a state. Reaching it is a failure, never a pass.
const faultDeadline = 45 * time.Second

// syncBuffer is an output buffer that the test may read while the process
// still writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// faultRun is a sqlmap process running in the background.
type faultRun struct {
	args           []string
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	done           chan struct{}
	code           int // after done: the exit code, -1 when killed by a signal
}

// startRun starts sqlmap with args; a non-empty app runs it under that
// application_name, so that its server sessions can be told apart from
// every other test's. The process is killed when the test ends, whatever
// happened.
func startRun(t *testing.T, p *project, app string, args ...string) *faultRun {
	t.Helper()
	cmd, _, _ := p.start(args...)
	if app != "" {
		env := append([]string(nil), p.env...)
		cmd.Env = append(env, "DATABASE_URL="+withAppName(t, p.url, app))
	}
	r := &faultRun{args: args, cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = r.stdout, r.stderr
	require.NoError(t, cmd.Start())
	go func() {
		_ = cmd.Wait()
		r.code = cmd.ProcessState.ExitCode()
		close(r.done)
	}()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			_ = cmd.Process.Kill()
			<-r.done
		}
	})
	return r
}

func (r *faultRun) exited() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

func (r *faultRun) String() string {
	return fmt.Sprintf("sqlmap %s\nstdout:\n%s\nstderr:\n%s", strings.Join(r.args, " "), r.stdout, r.stderr)
}

// wait waits for the process to exit and returns its exit code.
func (r *faultRun) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(faultDeadline):
		_ = r.cmd.Process.Kill()
		<-r.done
		t.Fatalf("did not exit within %s: %s", faultDeadline, r)
	}
	return r.code
}

func (r *faultRun) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	require.NoError(t, r.cmd.Process.Signal(sig), "signal %v to %s", sig, r)
}

func withAppName(t *testing.T, u, app string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	require.NoError(t, err)
	q := parsed.Query()
	q.Set("application_name", app)
	parsed.RawQuery = q.Encode()
	return parsed.String()
}

// uniqueApp is an application_name no other run shares (no spaces: pgx
// does not read "+" in a URL's query as one).
func uniqueApp(t *testing.T) string {
	var b [6]byte
	_, err := rand.Read(b[:])
	require.NoError(t, err)
	return "sqlmap-migrate-" + hex.EncodeToString(b[:])
}

// faultDB watches the test's schema from the server's side: who holds
// the migration lock, what a session runs.
type faultDB struct {
	t    *testing.T
	p    *project
	conn *pgx.Conn
	key  int64 // golang-migrate's advisory lock key for the schema
	mu   sync.Mutex
	apps []string
}

func newFaultDB(t *testing.T, p *project) *faultDB {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, p.url)
	require.NoError(t, err)
	var dbName, schema string
	require.NoError(t, conn.QueryRow(ctx, `SELECT current_database(), current_schema()`).Scan(&dbName, &schema))
	// The key golang-migrate's postgres drivers lock: database, schema,
	// version table. sqlmap must take the same one.
	k, err := database.GenerateAdvisoryLockId(dbName, schema, "schema_migrations")
	require.NoError(t, err)
	key, err := strconv.ParseInt(k, 10, 64)
	require.NoError(t, err)
	f := &faultDB{t: t, p: p, conn: conn, key: key}
	t.Cleanup(func() {
		// Leave no session behind that the schema's drop would wait for:
		// one still holding the migration lock, or one a killed run left.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		f.mu.Lock()
		apps := f.apps
		f.mu.Unlock()
		_, _ = conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
WHERE pid <> pg_backend_pid() AND (application_name = ANY($2) OR pid IN (SELECT l.pid FROM pg_locks l WHERE `+lockCond+`))`, key, apps)
		_ = conn.Close(ctx)
	})
	return f
}

// lockCond matches, in pg_locks l, the advisory lock on the key $1, as
// findHolder in sqlmap/migrate reads it.
const lockCond = `l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.classid = ($1::bigint >> 32)::oid AND l.objid = ($1::bigint & 4294967295)::oid
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`

// app returns a new application_name, whose sessions the cleanup ends.
func (f *faultDB) app() string {
	a := uniqueApp(f.t)
	f.mu.Lock()
	f.apps = append(f.apps, a)
	f.mu.Unlock()
	return a
}

// session is one server session as pg_stat_activity shows it.
type session struct {
	pid                    int
	state, waitType, query string
}

func (f *faultDB) sessions(where string, args ...any) []session {
	f.t.Helper()
	rows, err := f.conn.Query(context.Background(), `SELECT a.pid, coalesce(a.state, ''), coalesce(a.wait_event_type, ''), coalesce(a.query, '')
FROM pg_stat_activity a WHERE a.pid <> pg_backend_pid() AND a.datname = current_database() AND (`+where+`) ORDER BY a.backend_start`, args...)
	require.NoError(f.t, err)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (session, error) {
		var s session
		err := row.Scan(&s.pid, &s.state, &s.waitType, &s.query)
		return s, err
	})
	require.NoError(f.t, err)
	return out
}

// holder is the session holding the migration lock: precisely this
// test's run, since the key is the schema's.
func (f *faultDB) holder() (session, bool) {
	f.t.Helper()
	s := f.sessions(`a.pid IN (SELECT l.pid FROM pg_locks l WHERE `+lockCond+`)`, f.key)
	if len(s) == 0 {
		return session{}, false
	}
	return s[0], true
}

func (f *faultDB) ofApp(app string) []session {
	f.t.Helper()
	return f.sessions(`a.application_name = $1`, app)
}

// until polls cond until it holds, failing the test at the deadline, or
// at once when r (if not nil) exits first.
func (f *faultDB) until(r *faultRun, what string, cond func() bool) {
	f.t.Helper()
	deadline := time.Now().Add(faultDeadline)
	for !cond() {
		if r != nil && r.exited() {
			f.t.Fatalf("waiting for %s, the run exited (%d): %s", what, r.code, r)
		}
		if time.Now().After(deadline) {
			if r != nil {
				f.t.Fatalf("waited %s for %s: %s", faultDeadline, what, r)
			}
			f.t.Fatalf("waited %s for %s", faultDeadline, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// running waits until a session matching match is active in a statement
// containing text, and returns it.
func (f *faultDB) running(r *faultRun, what string, match func() []session, text string) session {
	f.t.Helper()
	return f.waitSession(r, what, match, func(s session) bool { return s.state == "active" && strings.Contains(s.query, text) })
}

// blocked waits until a session matching match waits for a lock in a
// statement containing text, and returns it.
func (f *faultDB) blocked(r *faultRun, what string, match func() []session, text string) session {
	f.t.Helper()
	return f.waitSession(r, what, match, func(s session) bool { return s.waitType == "Lock" && strings.Contains(s.query, text) })
}

// waitSession waits until a session matching match is as want says.
func (f *faultDB) waitSession(r *faultRun, what string, match func() []session, want func(session) bool) session {
	f.t.Helper()
	var got session
	f.until(r, what, func() bool {
		for _, s := range match() {
			if want(s) {
				got = s
				return true
			}
		}
		return false
	})
	return got
}

// holderSessions is the session holding the migration lock, if any, as
// running and blocked take it.
func (f *faultDB) holderSessions() []session {
	if h, ok := f.holder(); ok {
		return []session{h}
	}
	return nil
}

// gone waits until no session of app is left and nothing holds the
// migration lock.
func (f *faultDB) gone(app string) {
	f.t.Helper()
	f.sessionsGone(app)
	f.until(nil, "the migration lock to be free", func() bool {
		_, held := f.holder()
		return !held
	})
}

// sessionsGone waits until no session of app is left.
func (f *faultDB) sessionsGone(app string) {
	f.t.Helper()
	f.until(nil, "the killed run's sessions to end", func() bool { return len(f.ofApp(app)) == 0 })
}

func (f *faultDB) terminate(pid int) {
	f.t.Helper()
	var ok bool
	require.NoError(f.t, f.conn.QueryRow(context.Background(), `SELECT pg_terminate_backend($1)`, pid).Scan(&ok))
	require.True(f.t, ok, "pg_terminate_backend(%d)", pid)
}

func (f *faultDB) bal() int {
	f.t.Helper()
	var b int
	require.NoError(f.t, f.conn.QueryRow(context.Background(), `SELECT bal FROM acct WHERE id = 1`).Scan(&b))
	return b
}

// ledger is sqlmap_migrations as "version state" lines.
func (f *faultDB) ledger() []string {
	f.t.Helper()
	return f.p.query(`SELECT version || ' ' || state FROM sqlmap_migrations ORDER BY version`)
}

// hold opens a transaction of its own and runs sql in it, such as a row
// or table lock; the returned func rolls it back (and is also a cleanup).
func (f *faultDB) hold(sql string) (release func()) {
	f.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, f.p.url)
	require.NoError(f.t, err)
	var once sync.Once
	release = func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, _ = conn.Exec(ctx, `ROLLBACK`)
			_ = conn.Close(ctx)
		})
	}
	f.t.Cleanup(release)
	_, err = conn.Exec(ctx, `BEGIN`)
	require.NoError(f.t, err)
	_, err = conn.Exec(ctx, sql)
	require.NoError(f.t, err)
	return release
}

// acctFolder writes the folder the fault tests share: 1 makes acct (one
// row, bal 150) and knob, whose sleep is how long 2 sleeps; 2 sleeps,
// then adds 50. Each file applied exactly once leaves bal at 200.
func acctFolder(p *project, sleep float64) {
	p.write("migrations/000001_acct.up.sql", fmt.Sprintf(
		"CREATE TABLE acct (id int PRIMARY KEY, bal int NOT NULL);\nINSERT INTO acct VALUES (1, 150);\nCREATE TABLE knob (sleep float8 NOT NULL);\nINSERT INTO knob VALUES (%g);\n", sleep))
	p.write("migrations/000001_acct.down.sql", "DROP TABLE knob;\nDROP TABLE acct;\n")
	p.write("migrations/000002_add.up.sql", "SELECT pg_sleep(sleep) FROM knob;\nUPDATE acct SET bal = bal + 50;\n")
	p.write("migrations/000002_add.down.sql", "UPDATE acct SET bal = bal - 50;\n")
}

func threeFile(p *project) {
	p.write("migrations/000003_three.up.sql", "CREATE TABLE three (id int);\n")
	p.write("migrations/000003_three.down.sql", "DROP TABLE three;\n")
}

// afterKill checks what a killed run left, once its sessions are gone:
// status tells the truth about the file cut short (label, dirty at
// version v; committed or not), recover settles it, up finishes, and every
// file is applied exactly once.
func afterKill(t *testing.T, p *project, f *faultDB, v uint, label string, committed bool, last uint) {
	t.Helper()
	st := p.run("migrate", "status")
	assert.Equal(t, 1, st.code, "status of a dirty database exits 1\nstdout: %s\nstderr: %s", st.stdout, st.stderr)
	assert.Contains(t, st.stdout, fmt.Sprintf("version:    %d (dirty)\n", v))
	assert.NotContains(t, st.stdout+st.stderr, "another session", "the killed run is gone")
	if committed {
		assert.Contains(t, st.stderr, label+" committed (the ledger has it); only the clean mark is missing: nothing to redo")
	} else {
		assert.Contains(t, st.stderr, label+".up.sql was being run (from ")
		assert.Contains(t, st.stderr, "it ran in one transaction and nothing of it committed")
	}
	assert.Contains(t, st.stderr, "run: sqlmap migrate recover")

	want := v
	if !committed {
		want = v - 1
	}
	rec := p.run("migrate", "recover")
	require.Equal(t, 0, rec.code, "recover\nstdout: %s\nstderr: %s", rec.stdout, rec.stderr)
	assert.Contains(t, rec.stdout, fmt.Sprintf("recovered: the database is at version %d, clean", want))
	if !committed {
		assert.Contains(t, rec.stdout, label+".up.sql was being run")
	}
	assert.Equal(t, fmt.Sprintf("%d\n", want), p.ok("migrate", "version"), "recover records the version clean")

	p.exec(`UPDATE knob SET sleep = 0`)
	up := lines(p.ok("migrate", "up"))
	if want == last {
		assert.Equal(t, fmt.Sprintf("nothing to apply: database is at version %d\n", last), up)
	} else {
		assert.Contains(t, up, fmt.Sprintf("database is at version %d\n", last))
		for n := want + 1; n <= last; n++ {
			assert.Equal(t, 1, strings.Count(up, fmt.Sprintf("applied  %06d_", n)), "up applies %d once: %s", n, up)
		}
	}
	assert.Equal(t, 200, f.bal(), "each file applied exactly once")
	assert.Equal(t, fmt.Sprintf("%d\n", last), p.ok("migrate", "version"))
	var ledger []string
	for n := uint(1); n <= last; n++ {
		ledger = append(ledger, fmt.Sprintf("%d applied", n))
	}
	assert.Equal(t, ledger, f.ledger())
	assert.Equal(t, 0, p.run("migrate", "status").code, "status is clean at the end")
}

// TestKillDuringTransactionalFileAppliesItOnce kills sqlmap migrate up
// with SIGKILL at the points where a crash can leave a file half recorded,
// then checks that status tells which, recover settles it without running
// anything, and up finishes: bal ends at exactly 200.
func TestKillDuringTransactionalFileAppliesItOnce(t *testing.T) {
	t.Parallel()

	t.Run("while pg_sleep runs, the server finishing the file alone", func(t *testing.T) {
		t.Parallel()
		p, f := acctAt1(t, 2)
		app := f.app()
		r := startRun(t, p, app, "migrate", "up")
		f.running(r, "000002_add's pg_sleep", func() []session { return f.ofApp(app) }, "pg_sleep")
		r.signal(t, syscall.SIGKILL)
		r.wait(t)
		// The server does not know the client died until it writes to it:
		// the orphaned session may commit the file after sqlmap is gone.
		f.gone(app)
		ledger := f.ledger()
		require.Len(t, ledger, 2, "the ledger has the file cut short")
		committed := ledger[1] == "2 applied"
		if committed {
			assert.Equal(t, 200, f.bal(), "the ledger says 2 committed: its UPDATE did")
		} else {
			assert.Equal(t, "2 applying", ledger[1])
			assert.Equal(t, 150, f.bal(), "the ledger says 2 did not commit: its UPDATE did not")
		}
		t.Logf("the orphaned session committed the file: %v", committed)
		afterKill(t, p, f, 2, "000002_add", committed, 2)
	})

	t.Run("while pg_sleep runs, the server session ended too", func(t *testing.T) {
		t.Parallel()
		p, f := acctAt1(t, 30)
		app := f.app()
		r := startRun(t, p, app, "migrate", "up")
		s := f.running(r, "000002_add's pg_sleep", func() []session { return f.ofApp(app) }, "pg_sleep")
		r.signal(t, syscall.SIGKILL)
		r.wait(t)
		f.terminate(s.pid)
		f.gone(app)
		assert.Equal(t, []string{"1 applied", "2 applying"}, f.ledger())
		assert.Equal(t, 150, f.bal())
		afterKill(t, p, f, 2, "000002_add", false, 2)
	})

	t.Run("after the file committed, before the version was recorded clean", func(t *testing.T) {
		t.Parallel()
		p, f := acctAt1(t, 0)
		// The file's UPDATE waits for this row; while it waits, the
		// version table is locked, so that once the file commits the
		// run stops in recording the version clean.
		releaseRow := f.hold(`SELECT bal FROM acct WHERE id = 1 FOR UPDATE`)
		app := f.app()
		r := startRun(t, p, app, "migrate", "up")
		f.blocked(r, "000002_add's UPDATE to wait for the row", func() []session { return f.ofApp(app) }, "UPDATE acct")
		releaseTable := f.hold(`LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE`)
		releaseRow()
		f.blocked(r, "the run to record the version clean", func() []session { return f.ofApp(app) }, "TRUNCATE")
		require.Equal(t, []string{"1 applied", "2 applied"}, f.ledger(), "the file committed")
		require.Equal(t, 200, f.bal())
		r.signal(t, syscall.SIGKILL)
		r.wait(t)
		releaseTable()
		f.gone(app)
		assert.Equal(t, []string{"2 dirty"}, p.query(`SELECT version || CASE WHEN dirty THEN ' dirty' ELSE '' END FROM schema_migrations`))
		afterKill(t, p, f, 2, "000002_add", true, 2)
	})

	t.Run("during the next file: the one before stays applied once", func(t *testing.T) {
		t.Parallel()
		p := newProject(t)
		acctFolder(p, 30)
		p.write("migrations/000002_add.up.sql", "UPDATE acct SET bal = bal + 50;\n")
		p.write("migrations/000003_three.up.sql", "SELECT pg_sleep(sleep) FROM knob;\nCREATE TABLE three (id int);\n")
		p.write("migrations/000003_three.down.sql", "DROP TABLE three;\n")
		f := newFaultDB(t, p)
		p.ok("migrate", "up", "1")
		app := f.app()
		r := startRun(t, p, app, "migrate", "up")
		s := f.running(r, "000003_three's pg_sleep", func() []session { return f.ofApp(app) }, "pg_sleep")
		r.signal(t, syscall.SIGKILL)
		r.wait(t)
		f.terminate(s.pid)
		f.gone(app)
		assert.Equal(t, []string{"1 applied", "2 applied", "3 applying"}, f.ledger())
		assert.Equal(t, 200, f.bal())
		afterKill(t, p, f, 3, "000003_three", false, 3)
		assert.Equal(t, []string{"acct", "knob", "three"}, p.tables())
	})

	t.Run("while waiting for the lock, before the file started", func(t *testing.T) {
		t.Parallel()
		p, f := acctAt1(t, 0)
		// Another session holds golang-migrate's lock for this schema.
		release := f.hold(fmt.Sprintf(`SELECT pg_advisory_lock(%d)`, f.key))
		app := f.app()
		r := startRun(t, p, app, "migrate", "up")
		f.until(r, "the run to try the lock", func() bool {
			for _, s := range f.ofApp(app) {
				if strings.Contains(s.query, "pg_try_advisory_lock") {
					return true
				}
			}
			return false
		})
		r.signal(t, syscall.SIGKILL)
		r.wait(t)
		f.sessionsGone(app)
		release()
		f.until(nil, "the migration lock to be free", func() bool { _, held := f.holder(); return !held })

		st := p.run("migrate", "status")
		assert.Equal(t, 0, st.code, "nothing was cut short\nstdout: %s\nstderr: %s", st.stdout, st.stderr)
		assert.Contains(t, st.stdout, "version:    1\n  applied  000001_acct\n  pending  000002_add\n1 applied, 1 pending\n")
		assert.NotContains(t, st.stdout+st.stderr, "dirty")
		assert.Equal(t, []string{"1 applied"}, f.ledger())
		assert.Equal(t, "nothing to recover: the database is at version 1, clean\n", p.ok("migrate", "recover"))
		assert.Equal(t, "applied  000002_add (…)\ndatabase is at version 2\n", lines(p.ok("migrate", "up")))
		assert.Equal(t, 200, f.bal())
		assert.Equal(t, "2\n", p.ok("migrate", "version"))
		assert.Equal(t, []string{"1 applied", "2 applied"}, f.ledger())
	})
}

// TestTerminateBackendDuringFile ends the migrating session on the server
// (pg_terminate_backend) while its file sleeps: sqlmap reconnects, reads
// the ledger, says the connection was lost and nothing of the file
// committed, and leaves the database clean at the version before.
func TestTerminateBackendDuringFile(t *testing.T) {
	t.Parallel()
	p, f := acctAt1(t, 30)
	r := startRun(t, p, "", "migrate", "up")
	s := f.running(r, "000002_add's pg_sleep", f.holderSessions, "pg_sleep")
	f.terminate(s.pid)
	require.Equal(t, 1, r.wait(t), "%s", r)
	stderr := r.stderr.String()
	assert.Contains(t, stderr, "000002_add.up.sql", "names the file")
	assert.Contains(t, stderr, "connection to the server was lost", "says the connection was lost")
	assert.Contains(t, stderr, "nothing of it was applied", "says nothing of it committed")
	assert.Contains(t, stderr, "the database is at version 1")
	assert.Contains(t, stderr, "nothing is wrong with the file, it was cut off; to run it again, run: sqlmap migrate up\n")
	assert.NotContains(t, stderr, "fix migrations/", "the file was not at fault")
	assert.Empty(t, r.stdout.String())

	f.until(nil, "the run's sessions to end", func() bool { _, held := f.holder(); return !held })
	assert.Equal(t, "1\n", p.ok("migrate", "version"), "clean at the version before, without recover")
	assert.Equal(t, []string{"1 applied"}, f.ledger())
	assert.Equal(t, 150, f.bal())
	p.exec(`UPDATE knob SET sleep = 0`)
	assert.Equal(t, "applied  000002_add (…)\ndatabase is at version 2\n", lines(p.ok("migrate", "up")))
	assert.Equal(t, 200, f.bal())
	assert.Equal(t, []string{"1 applied", "2 applied"}, f.ledger())
}

// TestSIGTERMMidMigration stops a run with SIGTERM while a transactional
// file sleeps: the file is cancelled and rolls back, the run says what it
// applied before, what it abandoned and how many are pending, and the
// database is clean at the version before.
func TestSIGTERMMidMigration(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	acctFolder(p, 30)
	threeFile(p)
	f := newFaultDB(t, p)
	r := startRun(t, p, "", "migrate", "up")
	f.running(r, "000002_add's pg_sleep", f.holderSessions, "pg_sleep")
	r.signal(t, syscall.SIGTERM)
	code := r.wait(t)
	assert.Equal(t, 1, code, "%s", r)
	assert.Equal(t, "applied  000001_acct (…)\n", lines(r.stdout.String()))
	stderr := r.stderr.String()
	assert.Contains(t, stderr, "migrate: stopped (context canceled) after applying 000001_acct; 000002_add was cancelled and rolled back, nothing of it changed; 2 pending\n", "%s", r)
	assert.Contains(t, stderr, "sqlmap migrate up")

	f.until(nil, "the run's session to end", func() bool { _, held := f.holder(); return !held })
	assert.Equal(t, "1\n", p.ok("migrate", "version"), "clean at the version before")
	assert.Equal(t, 150, f.bal(), "the UPDATE did not happen")
	assert.Equal(t, []string{"1 applied"}, f.ledger())
	p.exec(`UPDATE knob SET sleep = 0`)
	assert.Equal(t, "applied  000002_add (…)\napplied  000003_three (…)\ndatabase is at version 3\n", lines(p.ok("migrate", "up")))
	assert.Equal(t, 200, f.bal())
	assert.Equal(t, []string{"1 applied", "2 applied", "3 applied"}, f.ledger())
	assert.Equal(t, []string{"acct", "knob", "three"}, p.tables())
}

// acctAt1 is a project whose database has the acct folder's first
// migration applied (bal 150), its file 2 sleeping sleep seconds.
func acctAt1(t *testing.T, sleep float64) (*project, *faultDB) {
	t.Helper()
	p := newProject(t)
	acctFolder(p, sleep)
	f := newFaultDB(t, p)
	p.ok("migrate", "up", "1")
	return p, f
}

// runBlockedInFile2 starts `migrate up` on a fresh project and returns
// once it holds the lock and waits, inside 000002_add, for a row the
// test holds: a run in progress for as long as the test wants, until
// releaseRow.
func runBlockedInFile2(t *testing.T) (p *project, f *faultDB, a *faultRun, h session, releaseRow func()) {
	t.Helper()
	p = newProject(t)
	acctFolder(p, 0)
	threeFile(p)
	f = newFaultDB(t, p)
	p.ok("migrate", "up", "1")
	releaseRow = f.hold(`SELECT bal FROM acct WHERE id = 1 FOR UPDATE`)
	a = startRun(t, p, "", "migrate", "up")
	h = f.blocked(a, "000002_add to wait for the row", f.holderSessions, "UPDATE acct")
	return p, f, a, h, releaseRow
}

// TestStatusDuringARunningMigration: while a run is in a slow file,
// status reports it as in progress in another session (not as a dirty
// database needing repair), and a second up waits for the first, says so,
// and then has nothing left to apply.
func TestStatusDuringARunningMigration(t *testing.T) {
	t.Parallel()
	p, f, a, h, releaseRow := runBlockedInFile2(t)

	st := p.run("migrate", "status")
	assert.Equal(t, 0, st.code, "stdout: %s\nstderr: %s", st.stdout, st.stderr)
	assert.Contains(t, st.stdout, fmt.Sprintf("000002_add is being applied by another session: sqlmap (pid %d, running 000002_add for ", h.pid))
	assert.Contains(t, st.stdout, "  applying  000002_add\n")
	assert.Contains(t, st.stdout, "version:    2 (a migration is being run)\n", "not dirty: in progress")
	assert.Empty(t, st.stderr)
	for _, advice := range []string{"dirty", "cut short", "failed", "recover", "force"} {
		assert.NotContains(t, st.stdout, advice)
	}

	b := startRun(t, p, "", "migrate", "up")
	waiting := fmt.Sprintf("waiting for another migrate run: sqlmap (pid %d, running 000002_add for ", h.pid)
	f.until(b, "the second run to say it waits", func() bool { return strings.Contains(b.stderr.String(), waiting) })
	require.False(t, a.exited(), "the first run still runs: %s", a)
	releaseRow()

	require.Equal(t, 0, a.wait(t), "%s", a)
	require.Equal(t, 0, b.wait(t), "%s", b)
	assert.Equal(t, "applied  000002_add (…)\napplied  000003_three (…)\ndatabase is at version 3\n", lines(a.stdout.String()))
	assert.Equal(t, "nothing to apply: database is at version 3\n", b.stdout.String())
	all := a.stdout.String() + b.stdout.String()
	for _, label := range []string{"000002_add", "000003_three"} {
		assert.Equal(t, 1, strings.Count(all, "applied  "+label), "%s applied once", label)
	}
	assert.Equal(t, 200, f.bal())
	assert.Equal(t, []string{"1 applied", "2 applied", "3 applied"}, f.ledger())
}

// TestConcurrentUpWithCreateIndexConcurrently starts several up runs at
// once on a folder with CREATE INDEX CONCURRENTLY in a no-transaction
// file: the runs waiting for the lock must not keep the index build from
// finishing (a blocking pg_advisory_lock would: a deadlock), and every
// migration runs once.
func TestConcurrentUpWithCreateIndexConcurrently(t *testing.T) {
	t.Parallel()
	for _, n := range []int{2, 4} {
		t.Run(fmt.Sprintf("%d runs", n), func(t *testing.T) {
			t.Parallel()
			p := newProject(t)
			p.write("migrations/000001_big.up.sql", "CREATE TABLE big (id int NOT NULL, v text NOT NULL);\n"+
				"INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 300000) g;\n"+
				"CREATE TABLE log (version int NOT NULL);\n")
			p.write("migrations/000001_big.down.sql", "DROP TABLE log;\nDROP TABLE big;\n")
			p.write("migrations/000002_idx.up.sql", "-- sqlmap:no-transaction\nCREATE INDEX CONCURRENTLY big_v ON big (v);\n")
			p.write("migrations/000002_idx.down.sql", "-- sqlmap:no-transaction\nDROP INDEX CONCURRENTLY big_v;\n")
			p.write("migrations/000003_log.up.sql", "INSERT INTO log VALUES (3);\n")
			p.write("migrations/000003_log.down.sql", "DELETE FROM log WHERE version = 3;\n")
			f := newFaultDB(t, p)

			runs := make([]*faultRun, n)
			for i := range runs {
				runs[i] = startRun(t, p, "", "migrate", "up")
			}
			var all strings.Builder
			for _, r := range runs {
				assert.Equal(t, 0, r.wait(t), "%s", r)
				all.WriteString(r.stdout.String())
			}
			for _, label := range []string{"000001_big", "000002_idx", "000003_log"} {
				assert.Equal(t, 1, strings.Count(all.String(), "applied  "+label+" "), "%s applied once:\n%s", label, all.String())
			}
			assert.Equal(t, []string{"3"}, p.query(`SELECT version::text FROM log`), "migration 3 ran once")
			assert.Equal(t, []string{"1 applied", "2 applied", "3 applied"}, f.ledger())
			assert.Equal(t, []string{"true"}, p.query(`SELECT i.indisvalid::text FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'big_v' AND c.relnamespace = current_schema()::regnamespace`), "the index exists and is valid")
			assert.Equal(t, "3\n", p.ok("migrate", "version"))
		})
	}
}

// TestLockTimeout: a run that cannot get the lock within --lock-timeout
// gives up, says who holds it and how to wait longer, and runs nothing.
func TestLockTimeout(t *testing.T) {
	t.Parallel()
	p, f, a, h, releaseRow := runBlockedInFile2(t)

	b := startRun(t, p, "", "migrate", "up", "--lock-timeout", "1s")
	assert.Equal(t, 1, b.wait(t), "%s", b)
	assert.Empty(t, b.stdout.String(), "it applied nothing")
	assert.Contains(t, b.stderr.String(), "gave up after waiting 1s for the migration lock; nothing was run")
	assert.Contains(t, b.stderr.String(), fmt.Sprintf("it is held by sqlmap (pid %d, running 000002_add for ", h.pid))
	assert.Contains(t, b.stderr.String(), "--lock-timeout")
	require.False(t, a.exited(), "the holder still runs: %s", a)
	assert.Equal(t, []string{"1 applied", "2 applying"}, f.ledger(), "the second run wrote nothing")

	releaseRow()
	require.Equal(t, 0, a.wait(t), "%s", a)
	assert.Equal(t, "applied  000002_add (…)\napplied  000003_three (…)\ndatabase is at version 3\n", lines(a.stdout.String()))
	assert.Equal(t, 200, f.bal())
	assert.Equal(t, []string{"1 applied", "2 applied", "3 applied"}, f.ledger())
}
