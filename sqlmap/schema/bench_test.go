package schema_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// countingTracer counts the queries a connection sends, and among them the
// ones that read the catalog.
type countingTracer struct{ all, catalog atomic.Int64 }

func (c *countingTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	c.all.Add(1)
	if strings.Contains(d.SQL, "FROM pg_") {
		c.catalog.Add(1)
	}
	return ctx
}

func (c *countingTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// settle vacuums the database between timed drafts, as autovacuum would
// between a user's: every draft leaves its scratch tables' catalog rows
// dead, and on a server with autovacuum off (like the CI machine's) a run
// of back-to-back drafts would otherwise time a catalog that only grows.
// As a non-superuser VACUUM skips the catalogs with a warning. It runs on
// a connection of its own, so the drafting one counts only the draft's
// queries.
func settle(b *testing.B, url string) {
	b.StopTimer()
	defer b.StartTimer()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "VACUUM"); err != nil {
		b.Fatal(err)
	}
}

// generatedModels is n tables of 8 columns each, every table with a
// unique, an index, a check and a foreign key to the previous one.
func generatedModels(n int) *schema.Schema {
	s := &schema.Schema{}
	for i := range n {
		t := &schema.Table{
			Name: fmt.Sprintf("t%03d", i),
			Columns: []*schema.Column{
				{Name: "id", Type: "bigint", NotNull: true, Identity: schema.IdentityByDefault},
				{Name: "name", Type: "varchar(80)", NotNull: true},
				{Name: "email", Type: "text"},
				{Name: "qty", Type: "integer", NotNull: true, Default: "0"},
				{Name: "price", Type: "numeric(10,2)"},
				{Name: "active", Type: "boolean", NotNull: true, Default: "true"},
				{Name: "created_at", Type: "timestamptz", NotNull: true, Default: "now()"},
				{Name: "parent_id", Type: "bigint"},
			},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
			Uniques:    []*schema.Unique{{Columns: []string{"name"}}},
			Indexes:    []*schema.Index{{Columns: []string{"email"}}},
			Checks:     []*schema.Check{{Expr: "qty >= 0", Column: "qty"}},
		}
		if i > 0 {
			t.ForeignKeys = []*schema.ForeignKey{{Columns: []string{"parent_id"}, RefTable: fmt.Sprintf("t%03d", i-1), RefColumns: []string{"id"}, OnDelete: schema.ActionCascade}}
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}

// BenchmarkDraft200Tables drafts a 200-table model set: from an empty
// database (everything to create) and against a database already in sync.
// queries/op counts every statement sent; catalog-queries/op those reading
// pg_catalog, which must not grow with the number of tables.
func BenchmarkDraft200Tables(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{20, 200} {
		models := generatedModels(n)
		for _, state := range []string{"empty", "in-sync"} {
			b.Run(fmt.Sprintf("tables=%d/db=%s", n, state), func(b *testing.B) {
				_, url := pgtest.SchemaURL(b)
				cfg, err := pgx.ParseConfig(url)
				require.NoError(b, err)
				tracer := &countingTracer{}
				cfg.Tracer = tracer
				conn, err := pgx.ConnectConfig(ctx, cfg)
				require.NoError(b, err)
				defer conn.Close(ctx)
				if state == "in-sync" {
					d, err := schema.DraftMigration(ctx, conn, models, schema.Options{})
					require.NoError(b, err)
					_, err = conn.Exec(ctx, d.Up)
					require.NoError(b, err)
				}
				tracer.all.Store(0)
				tracer.catalog.Store(0)
				b.ResetTimer()
				for b.Loop() {
					settle(b, url)
					d, err := schema.DraftMigration(ctx, conn, models, schema.Options{})
					if err != nil {
						b.Fatal(err)
					}
					if (state == "in-sync") != d.Empty() {
						b.Fatalf("state %s: draft empty = %v", state, d.Empty())
					}
				}
				b.ReportMetric(float64(tracer.all.Load())/float64(b.N), "queries/op")
				b.ReportMetric(float64(tracer.catalog.Load())/float64(b.N), "catalog-queries/op")
			})
		}
	}
}

// BenchmarkDraftOneChangeIn200Tables drafts one added column in a schema of
// 200 tables: the common case of re-running new-migration on a big app.
func BenchmarkDraftOneChangeIn200Tables(b *testing.B) {
	ctx := context.Background()
	models := generatedModels(200)
	_, url := pgtest.SchemaURL(b)
	conn, err := pgx.Connect(ctx, url)
	require.NoError(b, err)
	defer conn.Close(ctx)
	d, err := schema.DraftMigration(ctx, conn, models, schema.Options{})
	require.NoError(b, err)
	_, err = conn.Exec(ctx, d.Up)
	require.NoError(b, err)
	models.Tables[100].Columns = append(models.Tables[100].Columns, &schema.Column{Name: "extra", Type: "text"})
	for b.Loop() {
		settle(b, url)
		d, err := schema.DraftMigration(ctx, conn, models, schema.Options{})
		if err != nil || d.Empty() {
			b.Fatal(err, d.Empty())
		}
	}
}
