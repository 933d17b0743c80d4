package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCompletion(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	m, q := filepath.Join(dir, "migrations"), filepath.Join(dir, "queries")
	write(t, m, "000001_init.up.sql", "SELECT 1;\n", "000001_init.down.sql", "SELECT 1;\n",
		"000002_add_email.up.sql", "SELECT 1;\n", "000002_add_email.down.sql", "SELECT 1;\n")
	write(t, q, "users.sql", "-- name: GetUser :one\nSELECT 1;\n\n-- name: ListUsers :many\nSELECT 1;\n")

	complete := func(args ...string) string {
		t.Helper()
		r := run(t, append([]string{"__complete"}, args...)...)
		assert.Equal(t, 0, r.code, r.stderr)
		return r.stdout
	}
	// Versions with their names, and the words each command takes too;
	// :36 is no file completion, in the folder's order.
	assert.Equal(t, "0\tnone applied: revert them all\n1\t000001_init\n2\t000002_add_email\n:36\n", complete("migrate", "goto", "--migrations", m, ""))
	assert.Equal(t, "head\tthe folder's last\nnone\tno migration applied\n1\t000001_init\n2\t000002_add_email\n:36\n", complete("migrate", "force", "--migrations", m, ""))
	assert.Equal(t, ":4\n", complete("migrate", "force", "--migrations", m, "1", ""), "one version only")
	// Query names with file:line, less those given.
	assert.Equal(t, "GetUser\t"+q+"/users.sql:1\nListUsers\t"+q+"/users.sql:4\n:4\n", complete("vet", "--queries", q, ""))
	assert.Equal(t, "ListUsers\t"+q+"/users.sql:4\n:4\n", complete("queries", "--queries", q, "GetUser", ""))
	// Folders for the folder flags; subcommands with their summaries.
	assert.Equal(t, ":16\n", complete("migrate", "up", "--migrations", ""))
	sub := "\n" + complete("migrate", "")
	for _, c := range []string{"up\t", "down\t", "goto\t", "force\t", "status\t", "history\t"} {
		assert.Contains(t, sub, "\n"+c)
	}
	for _, hidden := range []string{"help\t", "__complete"} {
		assert.NotContains(t, sub, "\n"+hidden)
	}
	// No file names where a command takes none.
	assert.Equal(t, ":4\n", complete("migrate", "status", ""))

	for shell, start := range map[string]string{"bash": "# bash completion V2 for sqlmap", "zsh": "#compdef sqlmap", "fish": "# fish completion for sqlmap"} {
		r := run(t, "completion", shell)
		assert.Equal(t, 0, r.code, r.stderr)
		assert.True(t, strings.HasPrefix(r.stdout, start), "%s: %.60q", shell, r.stdout)
	}
	r := run(t, "completion", "--help")
	assert.Contains(t, r.stdout, "source <(sqlmap completion bash)")
}
