package pglocal

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
)

// errNotThrowaway is returned by Crash and Restart for a server this
// package did not start: it belongs to someone else, and crashing it
// would lose their work.
var errNotThrowaway = errors.New("pglocal: only a throwaway cluster (from Start) can be crashed or restarted")

// Crash stops a throwaway cluster the way a crash would: pg_ctl stop -m
// immediate, so the postmaster and its backends quit at once, open
// connections break, transactions in flight are lost and no shutdown
// checkpoint is written; Restart then runs crash recovery from the WAL.
// It returns once the server is down. The data directory is kept.
//
// The cluster runs with synchronous_commit=off, so a transaction that
// committed in the last few hundred milliseconds may not be in the WAL
// yet and can be lost too, as after a real crash of such a server; a
// test that needs a recent commit to survive should first commit a write
// with SET synchronous_commit = on, which flushes all the WAL before it.
func (s *Server) Crash(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkCrashable(); err != nil {
		return err
	}
	out, err := s.run.command(ctx, s.dir, s.pgCtl, "-D", s.dataDir, "-m", "immediate", "-w", "-t", "60", "stop").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pglocal: crash: %s stop -m immediate: %w\n%s", s.pgCtl, err, indent(out))
	}
	return nil
}

// Restart starts a throwaway cluster that is down (after Crash) again on
// the same data directory, port and settings, so URL stays valid, and
// returns once it accepts connections, crash recovery done. It fails if
// the server is running, or if something else took the port meanwhile.
func (s *Server) Restart(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkCrashable(); err != nil {
		return err
	}
	port, err := s.port()
	if err != nil {
		return err
	}
	// pg_ctl status exits 3 when no server runs on the data directory.
	status := s.run.command(ctx, s.dir, s.pgCtl, "-D", s.dataDir, "status")
	out, err := status.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return fmt.Errorf("pglocal: restart: the server on %s is running; Crash or Stop it first", s.dataDir)
	case !errors.As(err, &ee) || ee.ExitCode() != 3:
		return fmt.Errorf("pglocal: restart: %s status: %w\n%s", s.pgCtl, err, indent(out))
	}
	logFile := filepath.Join(s.dir, "log")
	out, err = s.run.command(ctx, s.dir, s.pgCtl,
		"-D", s.dataDir, "-w", "-t", "60", "-l", logFile, "-o", clusterOpts(port, filepath.Join(s.dir, "sock")), "start",
	).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pglocal: restart: %s start: %w\n%s\nserver log (tail):\n%s", s.pgCtl, err, indent(out), indent([]byte(logTail(logFile))))
	}
	if err := waitReady(ctx, s.url); err != nil {
		return fmt.Errorf("pglocal: restart: server started but does not answer at %s: %w\nserver log (tail):\n%s",
			s.url, err, indent([]byte(logTail(logFile))))
	}
	return nil
}

// checkCrashable refuses servers that Crash and Restart must not touch;
// s.mu is held.
func (s *Server) checkCrashable() error {
	switch {
	case !s.throwaway:
		return errNotThrowaway
	case s.stopped:
		return errors.New("pglocal: the throwaway cluster was stopped and deleted")
	}
	return nil
}

// port is the port of the cluster's URL, chosen by start.
func (s *Server) port() (int, error) {
	u, err := url.Parse(s.url)
	if err != nil {
		return 0, fmt.Errorf("pglocal: server URL: %w", err)
	}
	p, err := strconv.Atoi(u.Port())
	if err != nil {
		return 0, fmt.Errorf("pglocal: server URL %s has no port", Redact(s.url))
	}
	return p, nil
}

// clusterOpts are the postgres options of a throwaway cluster, as start
// passes them to pg_ctl -o: TCP on 127.0.0.1 only, the socket in the
// cluster's own directory, durability traded for speed.
func clusterOpts(port int, sockDir string) string {
	return fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
		port, shellQuote(sockDir))
}
