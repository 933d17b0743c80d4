// Package integration_test runs sqlmap end to end against PostgreSQL: the
// example application's migrations and queries, the quickstart program as
// a user runs it, and the benchmarks.
package integration_test

import (
	"os"
	"testing"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, "sqlmap_integration")) }
