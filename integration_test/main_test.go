// Package integration_test runs sqlmap end to end against PostgreSQL: the
// example application's migrations and queries, the quickstart program and
// the sqlmap binary as a user runs them, and the benchmarks.
package integration_test

import (
	"os"
	"testing"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
)

func TestMain(m *testing.M) {
	code := pgtest.Main(m, "sqlmap_integration")
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}
