package sqlmap_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// BenchmarkIterBreak compares leaving an Iter loop after 10 of 1,000,000
// rows with reading them all; without the cancel, the early break costs
// about as much as the full read. The rows come from a join of two small
// series, which the server streams: one generate_series of a million would
// be materialised before the first row is sent, a cost both cases share.
func BenchmarkIterBreak(b *testing.B) {
	ctx := context.Background()
	qs, err := sqlmap.NewQueries(map[string]string{"bench.sql": `
-- name: Series :many
SELECT a * 1000 + b AS g FROM generate_series(0, :n::int / 1000 - 1) a, generate_series(1, 1000) b;
`})
	require.NoError(b, err)
	db := sqlmap.New(pgtest.Pool(b), qs)
	const rows = 1_000_000
	for _, c := range []struct {
		name       string
		stop, want int
	}{{"break-after-10", 10, 10}, {"full-read", 0, rows}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				seen, errs := iterate(ctx, db, "Series", rows, c.stop)
				if len(errs) > 0 || seen != c.want {
					b.Fatalf("%d rows, errors %v", seen, errs)
				}
			}
		})
	}
}
