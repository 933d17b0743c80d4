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
	expect(t, run(t, "completion", "bsh"), 1, "", "sqlmap: completion: unknown shell \"bsh\": want bash, fish, powershell or zsh\n",
		"a typo must not install the help text as a script")

	// Value flags: hazard kinds one comma at a time, nothing for a URL,
	// folders for init's DIR.
	kinds := complete("diff", "--fail-on", "deletes-data,")
	assert.True(t, strings.HasPrefix(kinds, "deletes-data,irreversible\n"), kinds)
	assert.NotContains(t, kinds, "deletes-data,deletes-data")
	assert.True(t, strings.HasSuffix(kinds, ":6\n"), "no file names, no space after: %s", kinds)
	assert.Equal(t, ":4\n", complete("migrate", "up", "--database-url", ""))
	assert.Equal(t, ":16\n", complete("init", ""))

	// A broken project file does not break completion (a shell's start-up
	// script loads it), though every command refuses to run.
	broken := t.TempDir()
	write(t, broken, "sqlmap.toml", "oops\n")
	r = runIn(t, broken, nil, "__complete", "migrate", "goto", "--migrations", m, "")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "1\t000001_init\n")
	r = runIn(t, broken, nil, "completion", "bash")
	assert.Equal(t, 0, r.code, r.stderr)
	r = runIn(t, broken, nil, "migrate", "status")
	assert.Equal(t, 1, r.code)
}
