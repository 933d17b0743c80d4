package integration_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Two branches: main applied 1 and 3, then the branch with 2 is merged.
func TestCLIBranchMergedLate(t *testing.T) {
	t.Parallel()
	for _, way := range []string{"allow-out-of-order", "renumber"} {
		t.Run(way, func(t *testing.T) {
			t.Parallel()
			p := newProject(t)
			p.write("migrations/000001_a.up.sql", "CREATE TABLE a (id int);\n")
			p.write("migrations/000001_a.down.sql", "DROP TABLE a;\n")
			p.write("migrations/000003_c.up.sql", "CREATE TABLE c (id int);\n")
			p.write("migrations/000003_c.down.sql", "DROP TABLE c;\n")
			p.ok("migrate", "up")
			p.write("migrations/000002_t2.up.sql", "CREATE TABLE t2 (id int);\n")
			p.write("migrations/000002_t2.down.sql", "DROP TABLE t2;\n")

			r := p.run("migrate", "status")
			assert.Equal(t, 1, r.code, "up would refuse")
			assert.Contains(t, r.stdout, "  applied                     000001_a\n  not applied (out of order)  000002_t2\n  applied                     000003_c\n")
			assert.Contains(t, r.stdout, "2 applied, 1 pending (1 of them out of order)\n")

			r = p.run("migrate", "up")
			assert.Equal(t, 1, r.code)
			assert.Equal(t, "sqlmap: migrate: 000002_t2 is not applied, but the database has a later migration (version 3): merged after it ran? nothing was run\n"+
				"  apply it below the later ones (recorded as out of order): sqlmap migrate up --allow-out-of-order\n"+
				"  or give it the next free number, to apply after them: sqlmap migrate renumber 2\n", r.stderr)
			assert.Equal(t, []string{"a", "c"}, p.tables())
			r = p.run("new-migration", "d", "--empty")
			assert.Equal(t, 0, r.code, "an empty pair numbers above every version: %s", r.stderr)
			require.NoError(t, os.Remove(filepath.Join(p.dir, "migrations/000004_d.up.sql")))
			require.NoError(t, os.Remove(filepath.Join(p.dir, "migrations/000004_d.down.sql")))

			if way == "renumber" {
				assert.Equal(t, "renamed 000002_t2 to 000004_t2\n", p.ok("migrate", "renumber", "2"))
				assert.Equal(t, "applied  000004_t2 (…)\ndatabase is at version 4\n", lines(p.ok("migrate", "up")))
				assert.Regexp(t, `000004 +t2 .* ok\n`, p.ok("migrate", "history"))
				r = p.run("migrate", "renumber", "3")
				assert.Equal(t, 1, r.code)
				assert.Contains(t, r.stderr, "000003_c is applied in the database: only a migration that never ran may change its number")
			} else {
				assert.Equal(t, "applied  000002_t2 (…, out of order)\ndatabase is at version 3\n", durationsOut(p.ok("migrate", "up", "--allow-out-of-order")))
				assert.Equal(t, "nothing to apply: database is at version 3\n", p.ok("migrate", "up"), "applied once")
				st := p.ok("migrate", "status")
				assert.Contains(t, st, "  applied  000002_t2  (applied out of order)\n")
				assert.Regexp(t, `000002 +t2 .* ok, out-of-order\n`, p.ok("migrate", "history"))
				// Down goes by the ledger: 3 first, then 2.
				assert.Equal(t, "reverted 000003_c (…)\ndatabase is at version 2\n", lines(p.ok("migrate", "down")))
				assert.Equal(t, "reverted 000002_t2 (…)\ndatabase is at version 1\n", lines(p.ok("migrate", "down")))
			}
		})
	}
}

var durationsIn = regexp.MustCompile(`\([0-9.]+(µs|ms|s),`)

// durationsOut drops the timing inside "(12ms, out of order)".
func durationsOut(s string) string { return durationsIn.ReplaceAllString(s, "(…,") }

// The database ahead of the folder: a file deleted, another branch's
// migration, an older checkout.
func TestCLIDatabaseAheadOfTheFolder(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.threeMigrations()
	p.ok("migrate", "up")
	require.NoError(t, os.Remove(filepath.Join(p.dir, "migrations/000003_c.up.sql")))
	require.NoError(t, os.Remove(filepath.Join(p.dir, "migrations/000003_c.down.sql")))

	r := p.run("migrate", "status")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "  applied, file missing  000003_c  (in the database since ")
	assert.Contains(t, r.stdout, "the database is at version 3, which the folder does not have\n")
	assert.Contains(t, r.stderr, "is this an older checkout?")

	r = p.run("new-migration", "d", "--empty")
	assert.Equal(t, 1, r.code, "number 3 is taken")
	assert.Contains(t, r.stderr, "sqlmap: the database has version 3, which this folder lacks (its newest is 2): is this an older checkout?")
	assert.NoFileExists(t, filepath.Join(p.dir, "migrations/000003_d.up.sql"))

	r = p.run("migrate", "up")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "the database has version 3, which the migrations folder lacks (its newest is 2)")

	// Another branch's 3 in the folder: not applied, whatever its number.
	p.write("migrations/000003_d.up.sql", "ALTER TABLE a ADD COLUMN d int;\n")
	p.write("migrations/000003_d.down.sql", "ALTER TABLE a DROP COLUMN d;\n")
	r = p.run("migrate", "status")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "  pending  000003_d  (its number is taken in the database by 000003_c)\n")
	r = p.run("migrate", "up")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "000003_c is applied")
}

func TestCLIEditedAfterItWasApplied(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.threeMigrations()
	p.ok("migrate", "up", "2")
	p.write("migrations/000001_a.up.sql", "CREATE TABLE a (id int);\n\n") // a blank line

	r := p.run("migrate", "status")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "  applied  000001_a  (edited after it was applied: any change counts, whitespace too)\n")
	r = p.run("migrate", "up")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "sqlmap: migrate: 000001_a.up.sql changed after it was applied (any change counts, whitespace too); nothing was run\n"+
		"  restore the applied content (git checkout, say) and put changes in a new migration,\n"+
		"  or run anyway: sqlmap migrate up --allow-edited\n", r.stderr)
	assert.Equal(t, []string{"a", "b"}, p.tables())
	assert.Contains(t, p.ok("migrate", "history"), "edited")

	assert.Equal(t, "applied  000003_c (…)\ndatabase is at version 3\n", lines(p.ok("migrate", "up", "--allow-edited")))
}

func TestCLIHistory(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.threeMigrations()
	assert.Equal(t, "no migration applied\n", p.ok("migrate", "history"))
	p.ok("migrate", "up")
	out := p.ok("migrate", "history")
	rows := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, rows, 4, out)
	assert.Regexp(t, `^VERSION +NAME +APPLIED AT +DURATION +BY +FILE$`, rows[0])
	assert.Regexp(t, `^000003 +c +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\S+ +postgres \(sqlmap\) +ok$`, rows[1], "newest first")
	assert.Regexp(t, `^000001 +a `, rows[3])

	var entries []map[string]any
	require.NoError(t, json.Unmarshal([]byte(p.ok("migrate", "history", "--json")), &entries))
	require.Len(t, entries, 3)
	assert.Equal(t, float64(3), entries[0]["version"])
	assert.Equal(t, "c", entries[0]["name"])
	assert.Equal(t, "ok", entries[0]["file"])
	assert.Equal(t, "run", entries[0]["how"])
	assert.Len(t, entries[0]["checksum"], 64)

	assert.Equal(t, "nothing to recover: the database is at version 3, clean\n", p.ok("migrate", "recover"))
}
