package sqlmap_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// maxLoadBytesPerInputByte bounds what loading a query file may allocate,
// per byte of its text: the queries' own SQL, names and parameter lists,
// plus little more (DESIGN.md, "Performance targets").
const maxLoadBytesPerInputByte = 4.0

// loadAllocPerByte returns the bytes allocated by one NewQueries of src,
// per byte of src.
func loadAllocPerByte(t *testing.T, src string) float64 {
	t.Helper()
	files := map[string]string{"realistic.sql": src}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	qs, err := sqlmap.NewQueries(files)
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	runtime.KeepAlive(qs)
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(len(src))
}

// TestLoadAllocatesLinearly checks that loading allocates a few bytes per
// byte of SQL, on a 1 MB file and on a 10 MB one alike: memory that grows
// with the text, not faster. It counts bytes (TotalAlloc), not time, so
// it is steady on a busy machine; it is not parallel, so that no other
// test's allocations land in the count.
func TestLoadAllocatesLinearly(t *testing.T) {
	sizes := []struct {
		name string
		size int
	}{
		{"1MB", 1 << 20},
		{"10MB", 10 << 20},
	}
	perByte := make([]float64, len(sizes))
	for i, s := range sizes {
		src := realisticQueriesOfSize(s.size)
		perByte[i] = loadAllocPerByte(t, src)
		t.Logf("%s (%d bytes): %.2f bytes allocated per input byte (%.1f MB in all)",
			s.name, len(src), perByte[i], perByte[i]*float64(len(src))/(1<<20))
		assert.LessOrEqual(t, perByte[i], maxLoadBytesPerInputByte,
			"%s: bytes allocated per input byte by NewQueries", s.name)
	}
	t.Logf("10MB/1MB per-byte ratio: %.2f (1.00 is linear)", perByte[1]/perByte[0])
}
