// Package pgtest gives each test package its own PostgreSQL database, and
// each test its own schema, so that packages and parallel tests can create
// tables freely without interfering. Use it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, "sqlmap_scanner")) }
//
// The server comes from pglocal.Find (DATABASE_URL, the local server on
// 127.0.0.1:5432, or a throwaway cluster), found when a test first asks
// for a database, so a package's pure tests run without one. Tests never
// skip for lack of a database: a missing server fails every test that
// needs it, so that CI cannot silently go green without running them.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlmap-go/sqlmap/internal/bookkeeping"
	"github.com/sqlmap-go/sqlmap/internal/pglocal"
)

// setupTimeout bounds finding/starting the server and creating or dropping
// databases and schemas, so a wedged server fails the run instead of
// hanging it until go test's global timeout.
const setupTimeout = 2 * time.Minute

// schemaTimeout bounds per-test schema creation and cleanup.
const schemaTimeout = 30 * time.Second

// The package database, set up on first use by URL: a package whose
// pure tests need no server runs them without one.
var (
	mainCalled bool
	mainPrefix string
	setupOnce  sync.Once
	setupErr   error
	dbURL      string
	teardown   func()
	mu         sync.Mutex
)

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pgtest: "+format+"\n", args...)
}

// Main runs the tests and cleans up; it returns the exit code for
// os.Exit. The package database is set up when a test first asks for it
// (URL, Pool, Schema, SchemaURL): named "<prefix>_<random hex>" and
// dropped afterwards, and a throwaway server stopped, whether or not the
// tests passed (and on SIGINT/SIGTERM). If no server can be found or
// started, every test that needs one fails, saying why; the tests that
// need none still run.
func Main(m *testing.M, prefix string) int {
	mainCalled, mainPrefix = true, prefix
	cleanup := func() {
		mu.Lock()
		td := teardown
		teardown = nil
		mu.Unlock()
		if td != nil {
			td()
		}
	}

	// Interrupting go test would otherwise exit without dropping the
	// database (a throwaway server is also covered by pglocal's watchdog).
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer func() {
		signal.Stop(sigs)
		close(sigs)
	}()
	go func() {
		if _, ok := <-sigs; ok {
			signal.Reset(os.Interrupt, syscall.SIGTERM) // a second Ctrl-C exits at once
			logf("interrupted; cleaning up")
			cleanup()
			os.Exit(1)
		}
	}()

	code := m.Run()
	cleanup()
	if code == 0 && cleanupFailed {
		code = 1
	}
	return code
}

// cleanupFailed is set when dropping the database or stopping the server
// failed: the run fails too, so a leak is not silent.
var cleanupFailed bool

// setup finds or starts the server and creates the package database.
func setup() error {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	srv, err := pglocal.Find(ctx, logf)
	if err != nil {
		return err
	}
	u, drop, err := pglocal.CreateDatabase(ctx, srv.URL(), mainPrefix)
	if err != nil {
		sctx, scancel := context.WithTimeout(context.Background(), setupTimeout)
		defer scancel()
		_ = srv.Stop(sctx)
		return err
	}
	logf("test database %s", pglocal.Redact(u))
	mu.Lock()
	dbURL = u
	teardown = func() {
		ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
		defer cancel()
		if err := drop(ctx); err != nil {
			logf("cleanup: %v", err)
			cleanupFailed = true
		}
		if err := srv.Stop(ctx); err != nil {
			logf("cleanup: %v", err)
			cleanupFailed = true
		}
	}
	mu.Unlock()
	return nil
}

// URL returns the package database's URL, setting it up on first use; it
// fails the test if there is no server, or if TestMain does not call
// Main, since those are setup mistakes, not reasons to skip.
func URL(t testing.TB) string {
	t.Helper()
	if !mainCalled {
		t.Fatal("pgtest: no test database: call pgtest.Main from TestMain, e.g. " +
			"func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, \"my_pkg\")) }")
	}
	setupOnce.Do(func() { setupErr = setup() })
	if setupErr != nil {
		t.Fatalf("pgtest: no PostgreSQL for this test: %v", setupErr)
	}
	return dbURL
}

// Pool returns a connection pool on the package database, closed when the
// test ends. Tables created through it are shared by the whole package; use
// Schema for tests that must not see each other's tables.
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return newPool(t, URL(t), nil)
}

// Schema creates a schema of the test's own, "t_<test name>_<random>", and
// returns a pool whose connections use it as search_path, so unqualified
// table names resolve there and parallel tests can use the same table names.
// The pool is closed and the schema dropped (CASCADE) when the test ends.
func Schema(t testing.TB) (schema string, pool *pgxpool.Pool) {
	t.Helper()
	schema = createSchema(t)
	pool = newPool(t, URL(t), func(cfg *pgxpool.Config) {
		cfg.ConnConfig.RuntimeParams["search_path"] = schema
	})
	return schema, pool
}

// SchemaURL is Schema for code that takes a connection URL (a subprocess or
// a library function): the URL carries search_path=<schema> as a query
// parameter, which pgx sends as a run-time parameter. libpq-based tools
// such as psql reject that parameter. The schema is dropped when the test
// ends; close connections made with the URL before then.
func SchemaURL(t testing.TB) (schema, url string) {
	t.Helper()
	schema = createSchema(t)
	return schema, withParam(t, URL(t), "search_path", schema)
}

func newPool(t testing.TB, u string, configure func(*pgxpool.Config)) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(u)
	if err != nil {
		t.Fatalf("pgtest: parse %s: %v", pglocal.Redact(u), err)
	}
	if configure != nil {
		configure(cfg)
	}
	ctx, cancel := context.WithTimeout(t.Context(), schemaTimeout)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("pgtest: open pool on %s: %v", pglocal.Redact(u), err)
	}
	t.Cleanup(pool.Close)
	// pgxpool connects lazily; ping so a broken setup fails here, clearly.
	if err := pool.Ping(ctx); err != nil {
		t.Fatalf("pgtest: ping %s: %v", pglocal.Redact(u), err)
	}
	return pool
}

// createSchema creates the test's schema and registers its removal. The
// cleanup is registered before callers register pool.Close, so (cleanups
// running last-in first-out) pools are closed before the drop.
func createSchema(t testing.TB) string {
	t.Helper()
	u := URL(t)
	name := schemaName(t)
	ident := pgx.Identifier{name}.Sanitize()

	ctx, cancel := context.WithTimeout(t.Context(), schemaTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatalf("pgtest: connect to %s: %v", pglocal.Redact(u), err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		t.Fatalf("pgtest: create schema %s: %v", ident, err)
	}

	t.Cleanup(func() {
		// t.Context() is already cancelled when cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), schemaTimeout)
		defer cancel()
		conn, err := pgx.Connect(ctx, u)
		if err != nil {
			t.Errorf("pgtest: drop schema %s: connect: %v", ident, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+ident+" CASCADE"); err != nil {
			t.Errorf("pgtest: drop schema %s: %v", ident, err)
		}
	})
	return name
}

// schemaName derives a readable, unique name from the test name so that a
// leftover schema can be traced back to its test.
func schemaName(t testing.TB) string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("pgtest: random schema name: %v", err)
	}
	suffix := hex.EncodeToString(b[:])
	name := strings.Trim(pglocal.SafeName(t.Name()), "_")
	// 63 is PostgreSQL's identifier limit: "t_" + name + "_" + suffix.
	if n := 63 - len("t__") - len(suffix); len(name) > n {
		name = name[:n]
	}
	return "t_" + name + "_" + suffix
}

func withParam(t testing.TB, u, key, value string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		// Not printing err: url.Error repeats the URL, password included.
		t.Fatalf("pgtest: cannot parse database URL %s", pglocal.Redact(u))
	}
	q := parsed.Query()
	q.Set(key, value)
	parsed.RawQuery = q.Encode()
	return parsed.String()
}

// Tables lists the tables of the current schema of the database at url
// (a SchemaURL's own schema), in name order, less the migration
// bookkeeping tables: what a migration's test checks it created.
func Tables(t testing.TB, url string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), schemaTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("pgtest: tables: %v", err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT table_name::text FROM information_schema.tables
		WHERE table_schema = current_schema() ORDER BY 1`)
	if err != nil {
		t.Fatalf("pgtest: tables: %v", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("pgtest: tables: %v", err)
	}
	out := []string{}
	for _, n := range names {
		if !bookkeeping.Is(n) {
			out = append(out, n)
		}
	}
	return out
}

// WithoutLines drops from s the lines that start with prefix: a test's
// view of output that also reports what other tests of the package
// database are doing (their schemas, which pgtest names t_...).
func WithoutLines(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if !strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}
