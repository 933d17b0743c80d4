//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package migrate_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

// Written files get an editor's permissions, 0666 less the umask, so a
// deploy user can read them. Not parallel: the umask is the process's.
func TestWrittenFilesHonourTheUmask(t *testing.T) {
	for _, c := range []struct {
		umask int
		want  os.FileMode
	}{{0o022, 0o644}, {0o002, 0o664}, {0o077, 0o600}} {
		old := syscall.Umask(c.umask)
		dir := t.TempDir()
		p, err := migrate.NextPair(dir, "add_t")
		require.NoError(t, err)
		require.NoError(t, p.Write([]byte("CREATE TABLE t ();\n"), []byte("DROP TABLE t;\n")))
		single := filepath.Join(dir, "db.go")
		require.NoError(t, migrate.CreateFile(single, []byte("package db\n")))
		syscall.Umask(old)
		for _, path := range []string{p.UpPath, p.DownPath, single} {
			info, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, c.want, info.Mode().Perm(), "%s under umask %03o", filepath.Base(path), c.umask)
		}
		assert.Equal(t, []string{"000001_add_t.down.sql", "000001_add_t.up.sql", "db.go"}, names(t, dir), "no temporary file left")
	}
}

func TestCreateFileNeverOverwrites(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "db.go")
	require.NoError(t, os.WriteFile(path, []byte("mine"), 0o644))
	err := migrate.CreateFile(path, []byte("theirs"))
	assert.ErrorIs(t, err, os.ErrExist)
	assert.ErrorContains(t, err, "the file exists; sqlmap never overwrites a file")
	b, _ := os.ReadFile(path)
	assert.Equal(t, "mine", string(b))
	assert.Equal(t, []string{"db.go"}, names(t, dir))
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// interrupted makes a folder with one migration and the next pair's
// write stopped before its link number link.
func interrupted(t *testing.T, link int) (string, *migrate.Pair) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "000001_a.up.sql"), []byte("CREATE TABLE a (id int);\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "000001_a.down.sql"), []byte("DROP TABLE a;\n"), 0o644))
	p, err := migrate.NextPair(dir, "add_x")
	require.NoError(t, err)
	err = p.WriteStopped(link, []byte("CREATE TABLE x (id int);\n"), []byte("DROP TABLE x;\n"))
	require.ErrorIs(t, err, migrate.ErrStopped)
	return dir, p
}

// A kill between the two links leaves the up file and both temporary
// files; the scan says what happened, and FinishInterrupted completes the
// pair from the temporary down file.
func TestInterruptedBetweenTheLinksIsFinished(t *testing.T) {
	t.Parallel()
	dir, p := interrupted(t, 2)
	got := names(t, dir)
	require.Len(t, got, 5)
	assert.Regexp(t, `^\.000002_add_x\.down\.sql\.sqlmap-tmp-[0-9a-f]{16}$`, got[0])
	assert.Regexp(t, `^\.000002_add_x\.up\.sql\.sqlmap-tmp-[0-9a-f]{16}$`, got[1])
	assert.Equal(t, got[0][len(got[0])-16:], got[1][len(got[1])-16:], "one write, one suffix")
	assert.Equal(t, []string{"000001_a.down.sql", "000001_a.up.sql", "000002_add_x.up.sql"}, got[2:])

	folder, err := migrate.Scan(os.DirFS(dir))
	require.NoError(t, err)
	require.Len(t, folder.Problems, 1)
	assert.Equal(t, "000002_add_x.up.sql, "+got[0]+": the write of 000002_add_x was cut short: its down file 000002_add_x.down.sql exists only as the temporary file "+got[0]+" (FinishInterrupted completes it)",
		folder.Problems[0].String(), "not just a missing down file")

	done, err := migrate.FinishInterrupted(dir)
	require.NoError(t, err)
	require.Len(t, done, 1)
	assert.Equal(t, "000002_add_x", done[0].Label)
	assert.Equal(t, []string{"000002_add_x.down.sql"}, done[0].Written)
	assert.False(t, done[0].Dropped)
	assert.Len(t, done[0].Removed, 2)
	assert.Equal(t, "finished 000002_add_x: its down file 000002_add_x.down.sql was written from the interrupted draft", done[0].String())
	assert.Equal(t, []string{"000001_a.down.sql", "000001_a.up.sql", "000002_add_x.down.sql", "000002_add_x.up.sql"}, names(t, dir))
	assert.Equal(t, "CREATE TABLE x (id int);\n", read(t, p.UpPath))
	assert.Equal(t, "DROP TABLE x;\n", read(t, p.DownPath))

	again, err := migrate.FinishInterrupted(dir)
	require.NoError(t, err)
	assert.Empty(t, again)

	// The finished folder runs.
	_, url := pgtest.SchemaURL(t)
	require.NoError(t, migrate.Up(context.Background(), url, os.DirFS(dir)))
	assert.Equal(t, []string{"a", "x"}, pgtest.Tables(t, url))
}

// A kill before the first link made nothing visible: the temporary files
// go, and the folder is as it was.
func TestInterruptedBeforeAnyLinkIsDropped(t *testing.T) {
	t.Parallel()
	dir, _ := interrupted(t, 1)
	require.Len(t, names(t, dir), 4)
	folder, err := migrate.Scan(os.DirFS(dir))
	require.NoError(t, err)
	assert.Empty(t, folder.Problems, "hidden temporary files alone change nothing that runs")

	done, err := migrate.FinishInterrupted(dir)
	require.NoError(t, err)
	require.Len(t, done, 1)
	assert.True(t, done[0].Dropped)
	assert.Empty(t, done[0].Written)
	assert.Equal(t, "removed the temporary files of an interrupted write of 000002_add_x: none of it had been written", done[0].String())
	assert.Equal(t, []string{"000001_a.down.sql", "000001_a.up.sql"}, names(t, dir))
}

// A leftover whose file exists as another file is not guessed at.
func TestInterruptedWriteWithAReplacedFileIsLeftAlone(t *testing.T) {
	t.Parallel()
	dir, p := interrupted(t, 2)
	require.NoError(t, os.Remove(p.UpPath))
	require.NoError(t, os.WriteFile(p.UpPath, []byte("-- rewritten by hand\n"), 0o644))
	before := names(t, dir)

	done, err := migrate.FinishInterrupted(dir)
	assert.Empty(t, done)
	var ie *migrate.InterruptedWriteError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "000002_add_x", ie.Label)
	assert.Equal(t, []string{"000002_add_x.up.sql"}, ie.Replaced)
	assert.Equal(t, []string{before[1], before[0]}, ie.Temps)
	assert.Equal(t, "migrate: an interrupted write of 000002_add_x left "+before[1]+", "+before[0]+" in "+dir+
		", but 000002_add_x.up.sql is a different file from the one it was writing; nothing was changed", err.Error())
	assert.Equal(t, before, names(t, dir), "nothing deleted")
	assert.Equal(t, "-- rewritten by hand\n", read(t, p.UpPath))
}

// Killed after both links, before the temporary files went: the pair is
// whole, only the temporary files are removed.
func TestInterruptedAfterBothLinksOnlyCleansUp(t *testing.T) {
	t.Parallel()
	dir, p := interrupted(t, 2)
	temps := names(t, dir)[:2]
	require.NoError(t, os.Link(filepath.Join(dir, temps[0]), p.DownPath))
	done, err := migrate.FinishInterrupted(dir)
	require.NoError(t, err)
	require.Len(t, done, 1)
	assert.Empty(t, done[0].Written)
	assert.False(t, done[0].Dropped)
	assert.Equal(t, "removed the temporary files left after writing 000002_add_x", done[0].String())
	assert.Equal(t, []string{"000001_a.down.sql", "000001_a.up.sql", "000002_add_x.down.sql", "000002_add_x.up.sql"}, names(t, dir))
}

// A write in progress holds a lock on its first temporary file:
// FinishInterrupted in another process leaves it alone.
func TestFinishInterruptedSkipsAWriteInProgress(t *testing.T) {
	t.Parallel()
	dir, _ := interrupted(t, 2)
	temps := names(t, dir)[:2]
	f, err := os.Open(filepath.Join(dir, temps[1]))
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB))
	done, err := migrate.FinishInterrupted(dir)
	require.NoError(t, err)
	assert.Empty(t, done)
	assert.Len(t, names(t, dir), 5, "nothing touched")
}

// Temporary files of a write by an earlier sqlmap (os.CreateTemp names)
// are named in the problem of the pair they may complete.
func TestScanNamesLegacyTemporaryFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "000001_a.up.sql"), []byte("SELECT 1;"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".sqlmap-new-123.tmp"), []byte("SELECT 1;"), 0o600))
	folder, err := migrate.Scan(os.DirFS(dir))
	require.NoError(t, err)
	require.Len(t, folder.Problems, 1)
	assert.Equal(t, "000001_a.up.sql, .sqlmap-new-123.tmp: up migration without a down migration (add 000001_a.down.sql); "+
		".sqlmap-new-123.tmp: temporary files of a write an earlier sqlmap did not finish, which may hold it", folder.Problems[0].String())
}
