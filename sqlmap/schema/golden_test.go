package schema_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/cli"
	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/internal/sqllex"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden from the current output")

// TestGolden runs every case of testdata/golden/<case>/:
//
//	before.sql   the database before (may be empty)
//	models/      a Go package of models (the desired state)
//	flags        optional: --prune, --rename a.b=c (one per line)
//	up.sql, down.sql, stderr   the expected draft and notes
//
// and then, on real PostgreSQL: the up makes the database match the models
// (a second draft finds nothing), the down gives back exactly the catalog
// of before, and up again gives the same catalog as the first up.
//
// A case with after.sql in place of models/ is a database-to-database
// diff (sqlmap diff --from-url --to-url), for what model tags cannot
// express: before.sql builds the first schema, after.sql the second, and
// the round trip is held to the second's catalog.
func TestGolden(t *testing.T) {
	cases, err := os.ReadDir("testdata/golden")
	require.NoError(t, err)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		if !c.IsDir() {
			continue
		}
		name := c.Name()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runGolden(t, filepath.Join("testdata/golden", name))
		})
	}
}

func readOptional(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return ""
	}
	require.NoError(t, err)
	return string(b)
}

// goldenFlags is what a case's flags file asks for beyond the draft's
// options.
type goldenFlags struct {
	// truncate lists tables emptied before the round trip, for a case
	// whose point is a hazard that only rows cause.
	truncate []string
	// upFails is the SQLSTATE the up must fail with on the rows of
	// before.sql, leaving every row as it was.
	upFails string
	// needsEdit marks a draft left for the user to finish (a TODO): it
	// fails as it stands, so the round trip ends with that failure.
	needsEdit bool
}

// goldenOptions reads the case's flags file: the CLI's --prune,
// --online and --rename, "truncate TABLE", "up-fails SQLSTATE" and "needs-edit".
func goldenOptions(t *testing.T, dir string) (schema.Options, goldenFlags) {
	opts := cli.DraftOptions()
	var flags goldenFlags
	for _, line := range strings.Split(readOptional(t, filepath.Join(dir, "flags")), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "--prune":
			opts.Prune = true
		case f[0] == "--online":
			opts.Online = true
		case f[0] == "truncate" && len(f) == 2:
			flags.truncate = append(flags.truncate, f[1])
		case f[0] == "up-fails" && len(f) == 2:
			flags.upFails = f[1]
		case f[0] == "needs-edit" && len(f) == 1:
			flags.needsEdit = true
		case f[0] == "--rename" && len(f) == 2:
			r, err := schema.ParseRename(f[1])
			require.NoError(t, err)
			opts.Renames = append(opts.Renames, r)
		default:
			t.Fatalf("%s/flags: unknown line %q", dir, line)
		}
	}
	return opts, flags
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if got == "" {
			_ = os.Remove(path)
			return
		}
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	assert.Equal(t, readOptional(t, path), got, "%s (run go test -run TestGolden -update to rewrite)", path)
}

func runGolden(t *testing.T, dir string) {
	ctx := context.Background()
	_, pool := pgtest.Schema(t)
	if before := readOptional(t, filepath.Join(dir, "before.sql")); before != "" {
		_, err := pool.Exec(ctx, before)
		require.NoError(t, err, "before.sql")
	}
	opts, flags := goldenOptions(t, dir)
	snapshot := func() string {
		s, err := schema.Inspect(ctx, pool, "")
		require.NoError(t, err)
		return s.Dump()
	}
	// draft drafts again from the database as it is now.
	var draft func(schema.Options) *schema.Draft
	targetDump := "" // the catalog the up must give, for a database-to-database case
	if after := readOptional(t, filepath.Join(dir, "after.sql")); after != "" {
		_, target := pgtest.Schema(t)
		_, err := target.Exec(ctx, after)
		require.NoError(t, err, "after.sql")
		ts, err := schema.Inspect(ctx, target, "")
		require.NoError(t, err)
		targetDump = ts.Dump()
		draft = func(o schema.Options) *schema.Draft {
			d, err := schema.DraftBetween(ctx, pool, target, o)
			require.NoError(t, err)
			return d
		}
	} else {
		models, err := schema.LoadModels(ctx, dir, "./models")
		require.NoError(t, err)
		draft = func(o schema.Options) *schema.Draft {
			d, err := schema.DraftMigration(ctx, pool, models, o)
			require.NoError(t, err)
			return d
		}
	}

	before := snapshot()
	d := draft(opts)
	checkGolden(t, filepath.Join(dir, "up.sql"), d.Up)
	checkGolden(t, filepath.Join(dir, "down.sql"), d.Down)
	checkGolden(t, filepath.Join(dir, "later_up.sql"), d.LaterUp)
	checkGolden(t, filepath.Join(dir, "later_down.sql"), d.LaterDown)
	checkGolden(t, filepath.Join(dir, "stderr"), withoutTestSchemas(cli.DraftNotes(d)))

	// The same inputs give byte-identical files.
	again := draft(opts)
	assert.Equal(t, d.Up, again.Up)
	assert.Equal(t, d.Down, again.Down)
	if d.Empty() {
		return
	}
	assert.Contains(t, d.Down, ";", "a non-empty up never has an empty down")
	if flags.upFails != "" {
		rows := dumpRows(t, pool)
		_, err := pool.Exec(ctx, d.Up)
		var pe *pgconn.PgError
		require.True(t, errors.As(err, &pe), "the up must fail on the rows of before.sql, got %v", err)
		assert.Equal(t, flags.upFails, pe.Code, pe.Message)
		assert.Equal(t, before, snapshot(), "a failed up changes no structure")
		assert.Equal(t, rows, dumpRows(t, pool), "a failed up changes no value")
	}
	if flags.needsEdit {
		require.NotEmpty(t, flags.upFails, "%s/flags: needs-edit goes with up-fails", dir)
		assert.NotEmpty(t, d.Plan.HazardsOf([]schema.HazardKind{schema.NeedsEdit}), "a TODO is marked")
		return
	}
	truncate := flags.truncate
	for _, table := range truncate {
		apply(t, pool, "truncate", "DELETE FROM "+table)
	}
	if len(truncate) > 0 {
		before = snapshot()
	}

	up := func(what string) {
		apply(t, pool, what, d.Up)
		applyOneByOne(t, pool, what+", second migration", d.LaterUp)
	}
	down := func() {
		applyOneByOne(t, pool, "down, second migration", d.LaterDown)
		apply(t, pool, "down", d.Down)
	}
	up("up")
	after := snapshot()
	if targetDump != "" {
		assert.Equal(t, targetDump, after, "after the up, the first database's catalog is the second's")
	}
	inSync := draft(schema.Options{Prune: opts.Prune})
	assert.True(t, inSync.Empty(), "after the up, a new draft must find nothing:\n%s", inSync.Up)

	down()
	assert.Equal(t, before, withoutAddedEnumValues(snapshot(), d), "the down gives back the catalog of before")

	up("up again")
	assert.Equal(t, after, snapshot(), "up again gives the catalog of the first up")
}

// applyOneByOne runs a migration marked -- sqlmap:no-transaction as the
// runner does: each statement alone, outside a transaction.
func applyOneByOne(t *testing.T, pool *pgxpool.Pool, what, sql string) {
	t.Helper()
	if sql == "" {
		return
	}
	require.True(t, strings.HasPrefix(sql, "-- sqlmap:no-transaction\n"), "%s: the file says it runs without a transaction", what)
	stmts, errs := sqllex.Split(sql)
	require.Empty(t, errs)
	for _, st := range stmts {
		_, err := pool.Exec(context.Background(), st.SQL, pgx.QueryExecModeSimpleProtocol)
		require.NoError(t, err, "%s:\n%s", what, st.SQL)
	}
}

// dumpRows renders every row of every table of the test's schema as
// text, to show that a statement changed no value.
func dumpRows(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	ctx := context.Background()
	s, err := schema.Inspect(ctx, pool, "")
	require.NoError(t, err)
	var b strings.Builder
	for _, tb := range s.Tables {
		var rows *string
		q := fmt.Sprintf("SELECT string_agg(r::text, E'\\n' ORDER BY r::text) FROM %s r", schema.QuoteIdent(tb.Name))
		require.NoError(t, pool.QueryRow(ctx, q).Scan(&rows))
		b.WriteString(tb.Name + ":\n")
		if rows != nil {
			b.WriteString(*rows + "\n")
		}
	}
	return b.String()
}

func apply(t *testing.T, pool *pgxpool.Pool, what, sql string) {
	t.Helper()
	_, err := pool.Exec(context.Background(), sql)
	require.NoError(t, err, "%s:\n%s", what, sql)
}

// withoutAddedEnumValues drops from a dump the enum values the draft added,
// which PostgreSQL cannot remove, so a down cannot either.
func withoutAddedEnumValues(dump string, d *schema.Draft) string {
	lines := strings.Split(dump, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "enum ") {
			continue
		}
		for _, v := range d.AddedEnumValues() {
			if strings.HasPrefix(l, "enum "+v[0]+" (") {
				l = strings.Replace(l, ", "+v[1]+")", ")", 1)
				l = strings.Replace(l, ", "+v[1]+",", ",", 1)
				l = strings.Replace(l, "("+v[1]+", ", "(", 1)
			}
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// withoutTestSchemas drops from the notes the other tests' schemas of the
// package's database, which a draft rightly reports as not compared, and
// which come and go as tests run.
func withoutTestSchemas(notes string) string {
	return pgtest.WithoutLines(notes, "not compared: schema t_")
}
