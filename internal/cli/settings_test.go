package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
)

// configLine is the pattern of one line of sqlmap config.
func configLine(name, value, source string) string {
	return `(?m)^` + regexp.QuoteMeta(name) + ` +` + regexp.QuoteMeta(value) + ` +` + regexp.QuoteMeta(source) + `$`
}

func TestProjectFileFlagsEnvAndDotEnv(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	toml := filepath.Join(root, "sqlmap.toml")
	write(t, root, "sqlmap.toml", "migrations = \"db/m\"\nqueries = \"db/q\"\nmodels = \"./internal/models\"\nschema = \"app\"\n")
	at := func(p string) string { return filepath.Join(root, p) }

	r := runIn(t, root, nil, "config")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, configLine("migrations", at("db/m"), toml+":1"), r.stdout)
	assert.Regexp(t, configLine("queries", at("db/q"), toml+":2"), r.stdout)
	assert.Regexp(t, configLine("models", at("internal/models"), toml+":3"), r.stdout)
	assert.Regexp(t, configLine("schema", "app", toml+":4"), r.stdout)
	assert.Regexp(t, configLine("database URL", "none", "vet, new-migration and diff use a scratch database; migrate needs one"), r.stdout)

	// The environment overrides the file, a flag the environment.
	env := map[string]string{"SQLMAP_MIGRATIONS": "env/m", "DATABASE_URL": "postgres://u:envsecret@h/db"}
	r = runIn(t, root, env, "config")
	assert.Regexp(t, configLine("migrations", "env/m", "env SQLMAP_MIGRATIONS"), r.stdout)
	assert.Regexp(t, configLine("database URL", "postgres://u:xxxxx@h/db", "env DATABASE_URL"), r.stdout)
	assert.NotContains(t, r.stdout, "envsecret")
	r = runIn(t, root, env, "config", "--migrations", "flag/m", "--schema", "other")
	assert.Regexp(t, configLine("migrations", "flag/m", "flag --migrations"), r.stdout)
	assert.Regexp(t, configLine("schema", "other", "flag --schema"), r.stdout)

	// --help says where a default came from.
	r = runIn(t, root, nil, "migrate", "status", "--help")
	assert.Contains(t, r.stdout, "(default from "+toml+":1)")
	r = runIn(t, t.TempDir(), nil, "migrate", "status", "--help")
	assert.Contains(t, r.stdout, "migrations folder (env SQLMAP_MIGRATIONS, or migrations in sqlmap.toml)")

	// The database URL from the .env file next to the project file, when
	// the environment has none; never printed with its password.
	_, url := pgtest.SchemaURL(t)
	write(t, root, ".env", "# local settings\nOTHER=1\nDATABASE_URL="+url+"\n")
	r = runIn(t, filepath.Join(root), nil, "config")
	assert.Regexp(t, configLine("database URL", redactURL(url), filepath.Join(root, ".env")+" DATABASE_URL"), r.stdout)
	r = runIn(t, root, map[string]string{"DATABASE_URL": "postgres://u:envsecret@h/db"}, "config")
	assert.Regexp(t, configLine("database URL", "postgres://u:xxxxx@h/db", "env DATABASE_URL"), r.stdout, "the environment first")

	// And the commands use it all: migrate up from a subfolder, with
	// neither a flag nor an environment variable.
	write(t, root, "db/m/000001_t.up.sql", "CREATE TABLE project_file_t (id int);\n", "db/m/000001_t.down.sql", "DROP TABLE project_file_t;\n")
	sub := filepath.Join(root, "cmd", "app")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	r = runIn(t, sub, nil, "migrate", "up", "-q")
	expect(t, r, 0, "", "")
	r = runIn(t, sub, nil, "migrate", "version")
	expect(t, r, 0, "1\n", "")
	r = runIn(t, sub, nil, "migrate", "down", "-q")
	expect(t, r, 0, "", "")

	// A .env line that does not parse names its line, not its value.
	write(t, root, ".env", "DATABASE_URL='"+url+"\n")
	r = runIn(t, root, nil, "migrate", "version")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "sqlmap: reading the database URL: "+filepath.Join(root, ".env")+":1: DATABASE_URL: the quote is not closed (values span one line here)\n", r.stderr)
}

func redactURL(url string) string {
	return regexp.MustCompile(`:[^:@/]*@`).ReplaceAllString(url, ":xxxxx@")
}

func TestBadProjectFileStopsEveryCommand(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write(t, root, "sqlmap.toml", "migration = \"db/m\"\nqueries = db/q\n")
	want := "sqlmap: project file: " + filepath.Join(root, "sqlmap.toml") + ":1: unknown setting \"migration\" (known: migrations, queries, models, schema)\n" +
		filepath.Join(root, "sqlmap.toml") + ":2: queries: db/q is not a quoted string: write it in quotes\n"
	for _, args := range [][]string{{"config"}, {"migrate", "status"}, {"vet"}, {"new-migration", "x", "--empty"}, {"diff"}} {
		r := runIn(t, filepath.Join(root), nil, args...)
		expect(t, r, map[bool]int{true: 2, false: 1}[args[0] == "vet" || args[0] == "diff"], "", want, strings.Join(args, " "))
	}
}

func TestNotAPostgreSQLURL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	want := "sqlmap: mysql:// is not a PostgreSQL URL: sqlmap works with PostgreSQL URLs (postgres:// or postgresql://)\n"
	for _, args := range [][]string{{"migrate", "status", "--migrations", dir}, {"vet", "--migrations", dir, "--queries", dir}, {"diff", "--models", "./nothing"}} {
		r := runIn(t, dir, map[string]string{"DATABASE_URL": "mysql://root:secret@localhost/app"}, args...)
		assert.Equal(t, want, r.stderr, strings.Join(args, " "))
		assert.NotContains(t, r.stdout+r.stderr, "secret")
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	r := run(t, "--version")
	assert.Equal(t, 0, r.code)
	assert.Regexp(t, `^sqlmap \S.*, go1\.\d+`, r.stdout)
}

func TestConnectionErrorsSayItOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	url := "postgres://nobody:s3cret@127.0.0.1:1/app?connect_timeout=2"
	for _, args := range [][]string{
		{"migrate", "status", "--migrations", dir},
		{"vet", "--migrations", dir, "--queries", dir},
		{"new-migration", "x", "--empty", "--migrations", dir},
	} {
		r := runIn(t, dir, map[string]string{"DATABASE_URL": url}, args...)
		what := strings.Join(args[:2], " ")
		assert.NotEqual(t, 0, r.code, what)
		assert.Equal(t, 1, strings.Count(r.stderr, "dial error"), "%s: one line per cause, not per attempt:\n%s", what, r.stderr)
		assert.True(t, strings.HasSuffix(r.stderr, "connection refused\n  is PostgreSQL running there? sqlmap config shows the database URL in use and where it came from\n"), "%s:\n%s", what, r.stderr)
		assert.NotContains(t, r.stderr, "pglocal", what)
		assert.NotContains(t, r.stderr, "s3cret", what)
	}
}
