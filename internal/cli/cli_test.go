package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/cli"
	"github.com/sqlmap-go/sqlmap/internal/pglocal"
	"github.com/sqlmap-go/sqlmap/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, "sqlmap_cli")) }

type result struct {
	code           int
	stdout, stderr string
}

// run runs the sqlmap command in-process, as cmd/sqlmap does.
func run(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), args, &out, &errOut)
	// Every test here works in a schema of the package's database, so a
	// draft sees the others' and says it did not compare them.
	return result{code, out.String(), withoutTestSchemas(errOut.String())}
}

const golden = "../../sqlmap/schema/testdata/golden"

func exec(t *testing.T, url, sql string) {
	t.Helper()
	if strings.TrimSpace(sql) == "" {
		return
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	require.NoError(t, err)
}

// flagsOf turns a golden case's flags file into the CLI's flags.
func flagsOf(t *testing.T, dir string) []string {
	b, err := os.ReadFile(filepath.Join(dir, "flags"))
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(f[0], "--") {
			out = append(out, f...)
		}
	}
	return out
}

// sqlmap diff and sqlmap new-migration --dry-run go through one entry
// point: on every golden case (tables with rows among them) they print
// the same SQL and the same notes and hazards, and those are the golden
// files.
func TestDiffAndNewMigrationAgree(t *testing.T) {
	cases, err := os.ReadDir(golden)
	require.NoError(t, err)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		dir := filepath.Join(golden, c.Name())
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			_, url := pgtest.SchemaURL(t)
			before, err := os.ReadFile(filepath.Join(dir, "before.sql"))
			if !os.IsNotExist(err) {
				require.NoError(t, err)
			}
			exec(t, url, string(before))
			if after, err := os.ReadFile(filepath.Join(dir, "after.sql")); err == nil {
				// A database-to-database case: diff --from-url --to-url.
				_, to := pgtest.SchemaURL(t)
				exec(t, to, string(after))
				diff := run(t, "diff", "--from-url", url, "--to-url", to)
				wantUp, _ := os.ReadFile(filepath.Join(dir, "up.sql"))
				wantNotes, _ := os.ReadFile(filepath.Join(dir, "stderr"))
				assert.Equal(t, 1, diff.code, "diff exits 1 when they differ: %s", diff.stderr)
				assert.Equal(t, string(wantUp), diff.stdout)
				assert.Equal(t, string(wantNotes), diff.stderr, "the golden stderr is what the CLI prints")
				return
			}
			common := append([]string{"--database-url", url, "--models", "./" + filepath.Join(dir, "models")}, flagsOf(t, dir)...)

			diff := run(t, append([]string{"diff"}, common...)...)
			draft := run(t, append([]string{"new-migration", "next", "--dry-run", "--migrations", t.TempDir()}, common...)...)
			wantUp, _ := os.ReadFile(filepath.Join(dir, "up.sql"))
			wantNotes, _ := os.ReadFile(filepath.Join(dir, "stderr"))
			if len(wantUp) == 0 {
				assert.Equal(t, 0, diff.code, diff.stderr)
				assert.Equal(t, "-- in sync: no changes\n", diff.stdout)
				assert.Equal(t, 0, draft.code, draft.stderr)
				assert.Equal(t, "no changes: the database matches the models\n", draft.stdout)
				return
			}
			assert.Equal(t, 1, diff.code, "diff exits 1 when they differ: %s", diff.stderr)
			assert.Equal(t, 0, draft.code, draft.stderr)
			assert.Regexp(t, `^-- /\S+\n-- 0+1_next\.up\.sql, drafted \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by: sqlmap new-migration next --migrations \S+ --models \S+.*\n-- Changes: `, draft.stdout, "the drafted file says what it is")
			assert.NotContains(t, draft.stdout, url, "never the database URL")
			draft.stdout = provenanceRE.ReplaceAllString(draft.stdout, "")
			laterUp, _ := os.ReadFile(filepath.Join(dir, "later_up.sql"))
			if len(laterUp) > 0 {
				// An online plan: diff prints both halves, new-migration
				// writes the second as the next migration.
				assert.Equal(t, string(wantUp)+"\n"+string(laterUp), diff.stdout)
				assert.Contains(t, draft.stdout, "_next_online.up.sql\n"+string(laterUp))
				diff.stdout = string(wantUp)
			}
			assert.Equal(t, string(wantUp), diff.stdout)
			// --dry-run prints "-- <up path>", the up file, "-- <down path>", the down file.
			lines := strings.Split(draft.stdout, "\n")
			downAt := -1
			for i, l := range lines {
				if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, "_next.down.sql") {
					downAt = i
				}
			}
			require.Positive(t, downAt, draft.stdout)
			assert.Equal(t, diff.stdout, strings.Join(lines[1:downAt], "\n"), "new-migration --dry-run prints the same up file (and a blank line)")
			// The models are read from outside the working folder here,
			// so their file:line comes absolute.
			abs, err := filepath.Abs(dir)
			require.NoError(t, err)
			assert.Equal(t, string(wantNotes), strings.ReplaceAll(diff.stderr, abs+string(filepath.Separator), ""), "the golden stderr is what the CLI prints")
			assert.Equal(t, diff.stderr, draft.stderr, "the same notes and hazards")
		})
	}
}

// provenanceRE matches the lines a drafted file begins with to say what
// it is: diff prints the SQL without them.
var provenanceRE = regexp.MustCompile(`(?m)^-- \S+\.sql, drafted [^\n]* by: [^\n]*\n(-- Changes: [^\n]*\n)?`)

// With rows in the table, both commands warn about a NOT NULL column
// without a default (diff used to print it without the CAUTION).
func TestDiffWarnsAboutRowsLikeNewMigration(t *testing.T) {
	t.Parallel()
	_, url := pgtest.SchemaURL(t)
	dir := filepath.Join(golden, "add_not_null_column_with_rows")
	b, err := os.ReadFile(filepath.Join(dir, "before.sql"))
	require.NoError(t, err)
	exec(t, url, string(b))
	models := "./" + filepath.Join(dir, "models")
	r := run(t, "diff", "--database-url", url, "--models", models)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "CAUTION: adds NOT NULL column")
	assert.Contains(t, r.stdout, "-- CAUTION: adds NOT NULL column")

	// --json: each step with its typed hazards.
	r = run(t, "diff", "--database-url", url, "--models", models, "--json")
	assert.Equal(t, 1, r.code)
	var plan struct {
		InSync bool `json:"in_sync"`
		Steps  []struct {
			Kind    string `json:"kind"`
			Summary string `json:"summary"`
			Hazards []struct {
				Kind, Object, Message string
			} `json:"hazards"`
		} `json:"steps"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &plan), r.stdout)
	assert.False(t, plan.InSync)
	var kinds, changes []string
	for _, s := range plan.Steps {
		changes = append(changes, s.Kind)
		for _, h := range s.Hazards {
			kinds = append(kinds, h.Kind)
		}
	}
	assert.Contains(t, kinds, "may-fail-on-rows")
	assert.Contains(t, changes, "add-column", "each step says, typed, what it changes")

	// --fail-on gates on kinds: this plan deletes nothing.
	r = run(t, "diff", "--database-url", url, "--models", models, "--fail-on", "deletes-data")
	assert.Equal(t, 0, r.code, "no step deletes data: %s", r.stderr)
	r = run(t, "diff", "--database-url", url, "--models", models, "--fail-on", "may-fail-on-rows,deletes-data")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "sqlmap: diff: 1 hazard(s) of the kinds --fail-on names, first: CAUTION: adds NOT NULL column")
	r = run(t, "diff", "--database-url", url, "--models", models, "--fail-on", "nope")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown hazard kind "nope"`)
}

// withoutTestSchemas drops from the notes the other tests' schemas of the
// package's database, which a draft rightly reports as not compared, and
// which come and go as tests run.
func withoutTestSchemas(notes string) string {
	return pgtest.WithoutLines(notes, "not compared: schema t_")
}

// diff --from-url --to-url compares the current schema, names the others
// it did not compare, and with --schema (repeatable) compares those, each
// section after a SET search_path so the SQL runs as printed.
func TestDiffSchemas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	newDB := func() string {
		u, drop, err := pglocal.CreateDatabase(ctx, pgtest.URL(t), "sqlmap_cli_schemas")
		require.NoError(t, err)
		t.Cleanup(func() { _ = drop(context.WithoutCancel(ctx)) })
		return u
	}
	from, to := newDB(), newDB()
	exec(t, from, `CREATE SCHEMA billing; CREATE TABLE billing.invoices (id bigint PRIMARY KEY); CREATE TABLE public.users (id bigint PRIMARY KEY)`)
	exec(t, to, `CREATE SCHEMA billing; CREATE TABLE billing.invoices (id bigint PRIMARY KEY, total numeric); CREATE TABLE public.users (id bigint PRIMARY KEY)`)

	r := run(t, "diff", "--from-url", from, "--to-url", to)
	expect(t, r, 0, "-- in sync: no changes\n", "not compared: schema billing (1 table) (--schema billing compares it too)\n",
		"public is in sync; billing is said to be left out")

	r = run(t, "diff", "--from-url", from, "--to-url", to, "--schema", "public", "--schema", "billing")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Equal(t, "SET search_path TO \"billing\";\n"+
		"-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.\n\n-- add column invoices.total\nALTER TABLE invoices ADD COLUMN total numeric;\n", r.stdout)
	assert.Empty(t, r.stderr)

	// Run as printed, it brings the first to the second.
	exec(t, from, r.stdout)
	r = run(t, "diff", "--from-url", from, "--to-url", to, "--schema", "public", "--schema", "billing")
	expect(t, r, 0, "-- in sync: no changes\n", "")

	r = run(t, "diff", "--from-url", from, "--to-url", to, "--schema", "nosuch")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `schema nosuch: schema: inspect: the schema "nosuch" does not exist`)

	// Models describe one schema: the draft compares it, as the current
	// schema of the connection.
	models := "./" + filepath.Join(golden, "create_table", "models")
	r = run(t, "diff", "--database-url", from, "--models", models, "--schema", "billing")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stdout, "CREATE TABLE accounts (")
	assert.Contains(t, r.stderr, "left alone (no model describes them; --prune drafts their drops): invoices")
	r = run(t, "diff", "--database-url", from, "--models", models, "--schema", "billing", "--schema", "public")
	expect(t, r, 2, "", "sqlmap: --schema given 2 times: models describe the tables of one schema (several go with --from-url and --to-url)\n")
	r = run(t, "new-migration", "x", "--dry-run", "--migrations", t.TempDir(), "--database-url", from, "--models", models, "--schema", "nosuch")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, `the schema "nosuch" does not exist`)
}
