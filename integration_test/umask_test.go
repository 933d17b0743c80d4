//go:build unix

package integration_test

import (
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Files sqlmap writes get the permissions any editor's would: 0666 less the
// umask, not os.CreateTemp's 0600, so a deploy user can read them.
// Not parallel: the umask belongs to the whole process.
func TestCLIWrittenFilesHonourTheUmask(t *testing.T) {
	p := newProject(t)
	sqlmapBin(t) // built under the usual umask
	old := syscall.Umask(0o002)
	t.Cleanup(func() { syscall.Umask(old) })

	p.ok("init", "app")
	p.ok("new-migration", "create_users", "--empty", "--migrations", "app/migrations")
	for _, name := range []string{"app/queries/example.sql", "app/migrations/.keep", "app/db.go", "models/models.go", "sqlmap.toml",
		"app/migrations/000001_create_users.up.sql", "app/migrations/000001_create_users.down.sql"} {
		info, err := os.Stat(p.path(name))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o664), info.Mode().Perm(), name)
	}
}
