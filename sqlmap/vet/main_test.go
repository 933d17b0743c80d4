package vet_test

import (
	"os"
	"testing"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, "sqlmap_vetpkg")) }
