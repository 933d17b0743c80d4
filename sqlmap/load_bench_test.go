package sqlmap_test

import (
	"runtime"
	"testing"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// BenchmarkLoad parses query files of realistic queries (see
// realisticQueries) of growing size. Besides time and B/op it reports
// B/input-byte, the bytes allocated per byte of SQL read, which is the
// figure DESIGN.md bounds ("at most a few bytes allocated per input
// byte"): it should stay flat from 100 queries to a 10 MB file.
func BenchmarkLoad(b *testing.B) {
	cases := []struct {
		name string
		src  string
	}{
		{"queries=100", realisticQueries(100)},
		{"queries=1000", realisticQueries(1000)},
		{"queries=10000", realisticQueries(10000)},
		{"file=10MB", realisticQueriesOfSize(10 << 20)},
	}
	for _, c := range cases {
		files := map[string]string{"realistic.sql": c.src}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.src)))
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			n := 0
			for b.Loop() {
				if _, err := sqlmap.NewQueries(files); err != nil {
					b.Fatal(err)
				}
				n++
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/float64(len(c.src)), "B/input-byte")
		})
	}
}
