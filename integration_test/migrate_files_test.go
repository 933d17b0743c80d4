package integration_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A down file with no statement would let `migrate down` record the version
// below while the table stays: it refuses before running anything, says
// what to do, and status lists the migration as irreversible.
func TestCLIDownRefusesADownFileWithoutStatement(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.write("migrations/000001_a.up.sql", "CREATE TABLE a (id int);\n")
	p.write("migrations/000001_a.down.sql", "DROP TABLE a;\n")
	p.write("migrations/000002_add_t.up.sql", "CREATE TABLE t (id int);\n")
	p.write("migrations/000002_add_t.down.sql", "-- Migration 2: add_t (down): undo what the up file does.\n")
	p.ok("migrate", "up")

	for _, args := range [][]string{{"migrate", "down"}, {"migrate", "down", "--all"}, {"migrate", "goto", "1"}} {
		r := p.run(args...)
		assert.Equal(t, 1, r.code, args)
		assert.Empty(t, r.stdout, args)
		assert.Equal(t, "sqlmap: migrate: 000002_add_t.down.sql has no statement: it cannot be reverted\n"+
			"  write the SQL that undoes 000002_add_t.up.sql in migrations/000002_add_t.down.sql,\n"+
			"  or, to keep what it did and record it as reverted, run: sqlmap migrate force 1\n", r.stderr, args)
		assert.Equal(t, []string{"a", "t"}, p.tables(), "%v: the table stays", args)
		assert.Equal(t, "2\n", p.ok("migrate", "version"), "%v: the version is unchanged", args)
	}

	st := p.ok("migrate", "status")
	assert.Contains(t, st, "  applied  000001_a\n  applied  000002_add_t  (irreversible: 000002_add_t.down.sql has no statement)\n")

	p.write("migrations/000002_add_t.down.sql", "DROP TABLE t;\n")
	assert.Equal(t, "reverted 000002_add_t (…)\ndatabase is at version 1\n", lines(p.ok("migrate", "down")))
	assert.Equal(t, []string{"a"}, p.tables())
}

// interruptedPair leaves the folder as a new-migration killed between its
// two links leaves it: the up file visible (a second link of its temporary
// file), the down file only as its temporary file.
func (p *project) interruptedPair(label, up, down string) {
	p.t.Helper()
	const suffix = ".sqlmap-tmp-0123456789abcdef"
	dir := p.path("migrations")
	p.write("migrations/."+label+".up.sql"+suffix, up)
	p.write("migrations/."+label+".down.sql"+suffix, down)
	require.NoError(p.t, os.Link(filepath.Join(dir, "."+label+".up.sql"+suffix), filepath.Join(dir, label+".up.sql")))
}

func (p *project) leftovers() []string {
	p.t.Helper()
	entries, err := os.ReadDir(p.path("migrations"))
	require.NoError(p.t, err)
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), "sqlmap-tmp") {
			out = append(out, e.Name())
		}
	}
	return out
}

// The next command that reads the folder finishes an interrupted pair
// write from its temporary files, and says so on stderr.
func TestCLIFinishesAnInterruptedPairWrite(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"migrate", "status"}, {"migrate", "up"}, {"migrate", "version"}, {"new-migration", "next", "--empty"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			p := newProject(t)
			p.write("migrations/000001_a.up.sql", "CREATE TABLE a (id int);\n")
			p.write("migrations/000001_a.down.sql", "DROP TABLE a;\n")
			p.interruptedPair("000002_b", "CREATE TABLE b (id int);\n", "DROP TABLE b;\n")

			r := p.run(args...)
			assert.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
			assert.Equal(t, "finished 000002_b: its down file 000002_b.down.sql was written from the interrupted draft\n", r.stderr)
			assert.Equal(t, "CREATE TABLE b (id int);\n", p.read("migrations/000002_b.up.sql"))
			assert.Equal(t, "DROP TABLE b;\n", p.read("migrations/000002_b.down.sql"))
			assert.Empty(t, p.leftovers())
			if args[0] == "new-migration" {
				// The empty pair it wrote is not the point here.
				require.NoError(t, os.Remove(p.path("migrations/000003_next.up.sql")))
				require.NoError(t, os.Remove(p.path("migrations/000003_next.down.sql")))
			}

			p.ok("migrate", "up")
			assert.Equal(t, []string{"a", "b"}, p.tables())
			r = p.run("migrate", "down")
			assert.Equal(t, 0, r.code, r.stderr)
			assert.Empty(t, r.stderr, "nothing left to finish")
			assert.Equal(t, []string{"a"}, p.tables())
		})
	}
}

// A leftover whose target is now a different file is not guessed at: the
// command stops, names the files, and changes nothing.
func TestCLIInterruptedWriteWithAReplacedFileIsAnError(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.interruptedPair("000001_a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n")
	p.write("migrations/000001_a.down.sql", "-- mine\nDROP TABLE a;\n")
	require.NoError(t, os.Remove(p.path("migrations/000001_a.up.sql")))
	p.write("migrations/000001_a.up.sql", "CREATE TABLE a (id bigint);\n")
	before := p.leftovers()
	require.Len(t, before, 2)

	r := p.run("migrate", "up")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "000001_a.up.sql")
	assert.Contains(t, r.stderr, "different file")
	assert.Contains(t, r.stderr, "compare")
	assert.Equal(t, before, p.leftovers(), "nothing deleted")
	assert.Equal(t, "-- mine\nDROP TABLE a;\n", p.read("migrations/000001_a.down.sql"))
	assert.Equal(t, "CREATE TABLE a (id bigint);\n", p.read("migrations/000001_a.up.sql"))
	assert.Empty(t, p.tables(), "nothing ran")
}
