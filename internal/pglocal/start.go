package pglocal

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// pgLibGlob is where Debian/Ubuntu install server binaries; they are not on
// PATH there, which is why PATH alone is not enough.
const pgLibGlob = "/usr/lib/postgresql/*/bin"

// Timeouts for a throwaway cluster. They are generous because CI machines
// can be slow, and a cluster that never comes up should still fail rather
// than hang the test binary.
const (
	readyTimeout = 30 * time.Second
	stopTimeout  = 30 * time.Second
)

// portAttempts bounds retries when the free port we picked was grabbed by
// someone else between closing our listener and postgres binding it.
const portAttempts = 3

// Start creates and starts a throwaway cluster in a fresh temporary
// directory, listening on a free port on 127.0.0.1 only, tuned for speed
// over durability (fsync off). It exists so that tests never depend on a
// preinstalled, running server; only the PostgreSQL binaries are needed.
//
// initdb and pg_ctl are taken from PATH, else from the highest version in
// /usr/lib/postgresql/*/bin. Because PostgreSQL refuses to run as root,
// when the process is root they are run as the "postgres" system user via
// runuser. The caller must call Stop to shut the cluster down and delete it;
// as a safety net, a small watchdog process also does so if this process
// dies first (e.g. a test panics or times out).
func Start(ctx context.Context) (*Server, error) {
	srv, _, err := start(ctx)
	if err != nil {
		return nil, fmt.Errorf("pglocal: start throwaway cluster: %w", err)
	}
	return srv, nil
}

// start does the work of Start but returns unprefixed errors so that Find
// can embed them in its own summary, plus the binary directory for logging.
func start(ctx context.Context) (srv *Server, binDir string, err error) {
	binDir, err = findBinDir()
	if err != nil {
		return nil, "", err
	}
	run, err := newRunner()
	if err != nil {
		return nil, "", err
	}

	dir, err := os.MkdirTemp("", "pglocal-")
	if err != nil {
		return nil, "", fmt.Errorf("create temp dir: %w", err)
	}
	s := &Server{
		throwaway: true,
		dir:       dir,
		dataDir:   filepath.Join(dir, "data"),
		pgCtl:     filepath.Join(binDir, "pg_ctl"),
		run:       run,
	}
	started := false
	defer func() {
		if err == nil {
			return
		}
		// Best effort: leave neither a running postmaster nor files behind.
		// (s, not the named result, which the return statement set to nil.)
		cctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
		defer cancel()
		if started {
			_ = s.stopCluster(cctx)
		} else {
			_ = os.RemoveAll(dir)
		}
	}()

	sockDir := filepath.Join(dir, "sock")
	if err := os.Mkdir(sockDir, 0o700); err != nil {
		return nil, "", fmt.Errorf("create socket dir: %w", err)
	}
	if err := run.chown(dir); err != nil {
		return nil, "", err
	}

	if err := initCluster(ctx, run, binDir, dir, s.dataDir); err != nil {
		return nil, "", err
	}

	logFile := filepath.Join(dir, "log")
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, "", err
		}
		opts := clusterOpts(port, sockDir)
		started = true // pg_ctl may leave a postmaster behind even when it fails
		out, err := run.command(ctx, dir, s.pgCtl,
			"-D", s.dataDir, "-w", "-t", "60", "-l", logFile, "-o", opts, "start",
		).CombinedOutput()
		if err == nil {
			s.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
			break
		}
		if ctx.Err() != nil {
			return nil, "", fmt.Errorf("interrupted while starting it (pg_ctl start): %w", ctx.Err())
		}
		tail := logTail(logFile)
		if attempt < portAttempts && strings.Contains(tail, "Address already in use") {
			continue
		}
		return nil, "", fmt.Errorf("%s start failed: %w\n%s\nserver log (tail):\n%s", s.pgCtl, err, indent(out), indent([]byte(tail)))
	}

	if err := waitReady(ctx, s.url); err != nil {
		if ctx.Err() != nil {
			return nil, "", fmt.Errorf("interrupted while waiting for it to answer: %w", ctx.Err())
		}
		return nil, "", fmt.Errorf("server started but does not answer at %s: %w\nserver log (tail):\n%s",
			s.url, err, indent([]byte(logTail(logFile))))
	}

	s.watchdog = startWatchdog(dir, run.argv(s.pgCtl, "-D", s.dataDir, "-m", "immediate", "-w", "stop"))
	return s, binDir, nil
}

// initCluster runs initdb for a throwaway cluster.
func initCluster(ctx context.Context, run runner, binDir, dir, dataDir string) error {
	initdb := filepath.Join(binDir, "initdb")
	out, err := run.command(ctx, dir, initdb,
		"-D", dataDir, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C",
	).CombinedOutput()
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		// Ctrl-C: initdb was killed for it; its log says nothing more.
		return fmt.Errorf("interrupted while creating it (initdb): %w", ctx.Err())
	}
	return fmt.Errorf("%s failed: %w\n%s", initdb, err, indent(out))
}

// stopCluster stops the postmaster and deletes the temp dir. The dir is
// removed even when pg_ctl fails: a postmaster whose lock file vanished shuts
// itself down, and a leaked directory would never be cleaned up.
func (s *Server) stopCluster(ctx context.Context) error {
	var errs []error
	out, err := s.run.command(ctx, s.dir, s.pgCtl, "-D", s.dataDir, "-m", "immediate", "-w", "stop").CombinedOutput()
	if err != nil {
		// pg_ctl also fails when no server is running (e.g. it was killed by
		// a terminal's Ctrl-C); only report it if one may still be running.
		if _, statErr := os.Stat(filepath.Join(s.dataDir, "postmaster.pid")); statErr == nil {
			errs = append(errs, fmt.Errorf("pglocal: %s stop: %w\n%s", s.pgCtl, err, indent(out)))
		}
	}
	if err := os.RemoveAll(s.dir); err != nil {
		errs = append(errs, fmt.Errorf("pglocal: remove %s: %w", s.dir, err))
	}
	if s.watchdog != nil {
		_ = s.watchdog.Process.Kill()
		_ = s.watchdog.Wait()
		s.watchdog = nil
	}
	return errors.Join(errs...)
}

// findBinDir returns a directory holding both initdb and pg_ctl, so that
// the two always come from the same PostgreSQL version.
func findBinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		// Resolve symlinks (e.g. /usr/local/bin/initdb) so pg_ctl is taken
		// from the real install directory next to the postgres binary.
		if resolved, err := filepath.EvalSymlinks(p); err == nil && hasServerBinaries(filepath.Dir(resolved)) {
			return filepath.Dir(resolved), nil
		}
		if hasServerBinaries(filepath.Dir(p)) {
			return filepath.Dir(p), nil
		}
	}
	matches, _ := filepath.Glob(pgLibGlob)
	slices.SortFunc(matches, func(a, b string) int {
		return -compareVersions(filepath.Base(filepath.Dir(a)), filepath.Base(filepath.Dir(b)))
	})
	for _, m := range matches {
		if hasServerBinaries(m) {
			return m, nil
		}
	}
	return "", errors.New("initdb not found in PATH or " + pgLibGlob + " — install PostgreSQL (Debian: apt-get install postgresql)")
}

func hasServerBinaries(dir string) bool {
	return isExecutable(filepath.Join(dir, "initdb")) && isExecutable(filepath.Join(dir, "pg_ctl"))
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// compareVersions orders "9.6" < "10" < "15" numerically; a plain string
// sort would pick 9.6 over 15.
func compareVersions(a, b string) int {
	pa, pb := versionParts(a), versionParts(b)
	return slices.Compare(pa, pb)
}

func versionParts(v string) []int {
	var parts []int
	for _, f := range strings.Split(v, ".") {
		n, err := strconv.Atoi(f)
		if err != nil {
			return []int{-1} // non-numeric directories sort last
		}
		parts = append(parts, n)
	}
	return parts
}

// runner runs server binaries, switching to the postgres user when we are
// root, because initdb and postgres refuse to run as root.
type runner struct {
	prefix   []string // e.g. runuser -u postgres --; empty when not root
	uid, gid int      // owner for the temp dir; -1 when unchanged
}

func newRunner() (runner, error) {
	if os.Geteuid() != 0 {
		return runner{uid: -1, gid: -1}, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return runner{}, fmt.Errorf("running as root, which initdb refuses, and cannot switch to the \"postgres\" system user: %w", err)
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return runner{}, fmt.Errorf("postgres user uid %q: %w", u.Uid, err)
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return runner{}, fmt.Errorf("postgres user gid %q: %w", u.Gid, err)
	}
	ru, err := exec.LookPath("runuser")
	if err != nil {
		return runner{}, fmt.Errorf("running as root, which initdb refuses, and runuser (util-linux) is needed to switch to the postgres user: %w", err)
	}
	return runner{prefix: []string{ru, "-u", u.Username, "--"}, uid: uid, gid: gid}, nil
}

func (r runner) argv(name string, args ...string) []string {
	argv := slices.Clone(r.prefix)
	argv = append(argv, name)
	return append(argv, args...)
}

func (r runner) command(ctx context.Context, dir, name string, args ...string) *exec.Cmd {
	argv := r.argv(name, args...)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	// Run from the temp dir: the postgres user may not be able to read our
	// working directory, and pg_ctl complains when it cannot.
	cmd.Dir = dir
	cmd.Env = childEnv()
	cmd.WaitDelay = 5 * time.Second
	detach(cmd)
	return cmd
}

// chown hands the temp dir to the postgres user so initdb can create the
// data directory in it.
func (r runner) chown(dir string) error {
	if r.uid < 0 {
		return nil
	}
	err := filepath.WalkDir(dir, func(path string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, r.uid, r.gid)
	})
	if err != nil {
		return fmt.Errorf("chown %s to postgres: %w", dir, err)
	}
	return nil
}

// childEnv drops PG* variables (PGDATA, PGPORT, ...) that could redirect
// the server binaries, and forces the C locale so messages we look for,
// such as "Address already in use", are not translated.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") || strings.HasPrefix(kv, "LC_") || strings.HasPrefix(kv, "LANG") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_ALL=C", "LANG=C")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find free port: %w", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		return 0, fmt.Errorf("find free port: %w", err)
	}
	return port, nil
}

// waitReady polls until a real connection works, because pg_ctl -w only
// checks the pid file, not that TCP connections are accepted.
func waitReady(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	for {
		err := probe(ctx, url, 2*time.Second)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// logTail returns the end of the server log, which is where postgres
// explains why it would not start.
func logTail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read log: %v)", err)
	}
	const maxTail = 4096
	if len(b) > maxTail {
		b = b[len(b)-maxTail:]
		if i := strings.IndexByte(string(b), '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	return strings.TrimSpace(string(b))
}

func indent(b []byte) string {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "    (no output)"
	}
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// shellQuote quotes for /bin/sh, which pg_ctl uses to launch postgres with
// the -o options.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
