// Package pglocal finds a PostgreSQL server to work against, starting a
// throwaway one when nothing is running, so that tests, demos and the CLI
// work on a developer machine without any manual database setup.
//
// Connection strings handled by this package must be in URL form
// (postgres://user:password@host:port/dbname?param=value); keyword/value
// DSNs ("host=... dbname=...") are not supported because databases are
// selected by rewriting the URL path.
package pglocal

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultURL is the server Find probes when DATABASE_URL is unset; it is the
// stock local install (Debian/Homebrew/Docker) with trust authentication.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// NoDefaultEnv names the environment variable that, when set to "1", makes
// Find skip the DefaultURL probe. It exists for testing the throwaway path on
// machines that do run a local server.
const NoDefaultEnv = "PGLOCAL_NO_DEFAULT"

// defaultProbeTimeout bounds the DefaultURL probe so that a firewalled or
// hung port does not stall every test run.
const defaultProbeTimeout = 2 * time.Second

// Server is a PostgreSQL server chosen by Find or started by Start. Callers
// should always call Stop: it shuts down throwaway clusters and is a no-op
// for servers this package did not start.
type Server struct {
	url       string
	throwaway bool

	// Throwaway cluster state; zero for external servers.
	dir      string
	dataDir  string
	pgCtl    string
	run      runner
	watchdog *exec.Cmd

	mu      sync.Mutex
	stopped bool
}

// URL returns a connection URL to the server's maintenance database
// (normally "postgres"); use CreateDatabase or WithDatabase to work in a
// database of your own rather than polluting it.
func (s *Server) URL() string { return s.url }

// Throwaway reports whether the server was started by this package, so
// callers can tell whether data on it survives Stop.
func (s *Server) Throwaway() bool { return s.throwaway }

// Stop shuts down and deletes a throwaway cluster; for servers that were
// found rather than started it does nothing, because they belong to someone
// else. Only the first call does any work, so it is safe to both defer Stop
// and call it explicitly.
func (s *Server) Stop(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped || !s.throwaway {
		s.stopped = true
		return nil
	}
	s.stopped = true
	return s.stopCluster(ctx)
}

// Find returns a server to work against, trying in order: the DATABASE_URL
// environment variable (used as is), the stock local server at DefaultURL
// (unless PGLOCAL_NO_DEFAULT=1), and finally a throwaway cluster from Start.
// The error, if any, lists every source tried and why it failed, because the
// person reading it usually has to fix their machine, not the code. logf, if
// non-nil, is told which source was chosen.
func Find(ctx context.Context, logf func(format string, args ...any)) (*Server, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if u := os.Getenv("DATABASE_URL"); u != "" {
		logf("using DATABASE_URL (%s)", Redact(u))
		return &Server{url: u}, nil
	}
	tried := []string{"DATABASE_URL not set"}

	if os.Getenv(NoDefaultEnv) == "1" {
		tried = append(tried, "127.0.0.1:5432: skipped ("+NoDefaultEnv+"=1)")
	} else {
		err := probe(ctx, DefaultURL, defaultProbeTimeout)
		if err == nil {
			logf("using local server %s", DefaultURL)
			return &Server{url: DefaultURL}, nil
		}
		tried = append(tried, "127.0.0.1:5432: "+err.Error())
	}

	srv, binDir, err := start(ctx)
	if err == nil {
		logf("started throwaway cluster %s (binaries from %s, files in %s)", srv.url, binDir, srv.dir)
		return srv, nil
	}
	return nil, fmt.Errorf("pglocal: no PostgreSQL server available: %s; throwaway cluster: %w", strings.Join(tried, "; "), err)
}

// probe connects and runs SELECT 1 so that a port held by something that
// is not a usable PostgreSQL server (or one needing a password) is rejected.
func probe(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("SELECT 1: %w", err)
	}
	return nil
}

// Probe reports whether a server answers at url, within a short timeout.
func Probe(ctx context.Context, url string) error {
	if os.Getenv(NoDefaultEnv) == "1" && url == DefaultURL {
		return fmt.Errorf("skipped (%s=1)", NoDefaultEnv)
	}
	return probe(ctx, url, defaultProbeTimeout)
}

// External is a server that was found, not started: Stop leaves it be.
func External(url string) *Server { return &Server{url: url} }
