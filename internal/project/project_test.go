package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	t.Parallel()
	f, err := Parse("sqlmap.toml", []byte("\ufeff# comment\nmigrations = \"db/migrations\" # where\r\nqueries='db/queries'\n\n  models = \"./models/...\"\nschema = \"app\\u0073\"\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"migrations": "db/migrations", "queries": "db/queries", "models": "./models/...", "schema": "apps"}, f.Values)
	assert.Equal(t, map[string]int{"migrations": 2, "queries": 3, "models": 5, "schema": 6}, f.Lines)
}

func TestParseRefusesWhatItDoesNotRead(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]string{
		"migration = \"m\"\n":                    `sqlmap.toml:1: unknown setting "migration" (known: migrations, queries, models, schema)`,
		"\nmigrations = m\n":                     "sqlmap.toml:2: migrations: m is not a quoted string: write it in quotes",
		"migrations = \"m\"\nmigrations = \"n\"": "sqlmap.toml:2: migrations is set twice (first on line 1)",
		"[tool.sqlmap]\n":                        "sqlmap.toml:1: tables ([tool.sqlmap]) are not used in sqlmap.toml",
		"migrations = [\"a\"]\n":                 "sqlmap.toml:1: migrations: [\"a\"] is not a quoted string",
		"migrations = \"a\" \"b\"\n":             `sqlmap.toml:1: migrations: unexpected "\"b\"" after the value`,
		"migrations = \"open\n":                  "sqlmap.toml:1: migrations: the string is not closed",
		"migrations = \"\"\n":                    "sqlmap.toml:1: migrations is empty: remove the line to use the default",
		"migrations = '''m'''\n":                 "sqlmap.toml:1: migrations: multi-line strings are not used",
		"migrations\n":                           `sqlmap.toml:1: want key = "value"`,
		"mi grations = \"m\"\n":                  `sqlmap.toml:1: "mi grations" is not a setting name`,
		"migrations = \"\\q\"\n":                 `sqlmap.toml:1: migrations: bad escape in "\q"`,
	} {
		_, err := Parse("sqlmap.toml", []byte(src))
		if assert.Error(t, err, "%q", src) {
			assert.True(t, strings.HasPrefix(err.Error(), want), "%q:\n got %v\nwant %s", src, err, want)
		}
	}
	// Every bad line is reported, not only the first.
	_, err := Parse("p.toml", []byte("a = \"1\"\nb = \"2\"\n"))
	assert.EqualError(t, err, "p.toml:1: unknown setting \"a\" (known: migrations, queries, models, schema)\np.toml:2: unknown setting \"b\" (known: migrations, queries, models, schema)")
}

func TestRenderParses(t *testing.T) {
	t.Parallel()
	in := map[string]string{"migrations": `db/mi"grations`, "queries": "db/queries", "models": "./models"}
	f, err := Parse("x", []byte(Render(in)))
	require.NoError(t, err)
	assert.Equal(t, in, f.Values)
}

func TestFindWalksUp(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	sub := filepath.Join(root, "cmd", "server")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	f, err := Find(sub)
	require.NoError(t, err)
	assert.Nil(t, f, "none in the temporary folder or above it")

	require.NoError(t, os.WriteFile(filepath.Join(root, FileName), []byte("migrations = \"db/migrations\"\nmodels = \"./models\"\nqueries = \"/abs/q\"\nschema = \"app\"\n"), 0o644))
	f, err = Find(sub)
	require.NoError(t, err)
	require.NotNil(t, f)
	assert.Equal(t, filepath.Join(root, FileName), f.Path)
	for key, want := range map[string]string{
		"migrations": "../../db/migrations", // from where the command runs
		"models":     "../../models",
		"queries":    "/abs/q",
		"schema":     "app",
	} {
		got, ok := f.Resolved(key, sub)
		assert.True(t, ok)
		assert.Equal(t, want, got, key)
	}
	got, _ := f.Resolved("models", root)
	assert.Equal(t, "./models", got, "a package pattern keeps its ./")
	got, _ = f.Resolved("migrations", root)
	assert.Equal(t, "db/migrations", got)

	require.NoError(t, os.WriteFile(filepath.Join(root, FileName), []byte("models = \"./models/...\"\n"), 0o644))
	f, err = Find(root)
	require.NoError(t, err)
	got, _ = f.Resolved("models", root)
	assert.Equal(t, "./models/...", got)
	got, _ = f.Resolved("models", sub)
	assert.Equal(t, "../../models/...", got)
	_, ok := f.Resolved("queries", root)
	assert.False(t, ok)
	other := t.TempDir()
	got, _ = f.Resolved("models", other)
	assert.Equal(t, filepath.ToSlash(root)+"/models/...", got, "absolute from outside the project")

	require.NoError(t, os.WriteFile(filepath.Join(root, FileName), []byte("oops\n"), 0o644))
	_, err = Find(sub)
	assert.EqualError(t, err, filepath.Join(root, FileName)+`:1: want key = "value"`)
}

func TestDotEnv(t *testing.T) {
	t.Parallel()
	vals, err := ParseDotEnv(".env", []byte("# local\nexport DATABASE_URL=postgres://u:p@h/db # dev\nA='x # y'\nB=\"a\\\"b\\n\"\nC=\n\nD = spaced \n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"DATABASE_URL": "postgres://u:p@h/db", "A": "x # y", "B": "a\"b\n", "C": "", "D": "spaced"}, vals)

	_, err = ParseDotEnv(".env", []byte("DATABASE_URL='postgres://u:secret@h/db\nnot a line\n"))
	require.Error(t, err)
	assert.Equal(t, ".env:1: DATABASE_URL: the quote is not closed (values span one line here)\n.env:2: want KEY=value", err.Error())
	assert.NotContains(t, err.Error(), "secret", "an error never prints a value")

	dir := t.TempDir()
	url, key, err := DotEnvURL(filepath.Join(dir, ".env"))
	require.NoError(t, err)
	assert.Empty(t, url+key, "no file, no URL")
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".env"), []byte("DATABASE_URL=postgres://a/b\nSQLMAP_DATABASE_URL=postgres://c/d\n"), 0o600))
	url, key, err = DotEnvURL(filepath.Join(dir, ".env"))
	require.NoError(t, err)
	assert.Equal(t, "postgres://c/d", url, "sqlmap's own variable first, as in the environment")
	assert.Equal(t, "SQLMAP_DATABASE_URL", key)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"migrations = \"a\"\n", "# c\nqueries='q' # x\n", "[x]\n", "models = \"\\u00e9\"", "a=\"", "schema = \"\\\"\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pf, err := Parse("f", []byte(s))
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "f:") {
					t.Fatalf("error line without the file and line: %q", line)
				}
			}
			return
		}
		// What parses renders back to the same settings.
		again, err := Parse("f", []byte(Render(pf.Values)))
		if err != nil {
			t.Fatalf("rendered %v does not parse: %v", pf.Values, err)
		}
		assert.Equal(t, pf.Values, again.Values)
	})
}

func FuzzParseDotEnv(f *testing.F) {
	for _, s := range []string{"A=b\n", "export DATABASE_URL='x'\n", "B=\"a\\\"\"", "C=x #y", "=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := ParseDotEnv("e", []byte(s))
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "e:") {
					t.Fatalf("error line without the file and line: %q", line)
				}
			}
		}
	})
}
