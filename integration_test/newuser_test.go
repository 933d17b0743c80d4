package integration_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withoutDatabaseURL takes the database URL and sqlmap's settings out of
// the commands' environment.
func (p *project) withoutDatabaseURL() {
	var env []string
	for _, kv := range p.env {
		if !strings.HasPrefix(kv, "DATABASE_URL=") && !strings.HasPrefix(kv, "SQLMAP_") {
			env = append(env, kv)
		}
	}
	p.env = env
}

// TestNewUserFirstHour follows the README as a newcomer would, through
// the binary, in a fresh module that has a main.go: init, go build and
// go vet, the database URL in .env, drafting from the example model,
// migrate up, vet, a field added and drafted, diff in sync, and down.
func TestNewUserFirstHour(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	// The URL only in .env, as a newcomer keeps it: not in the environment.
	p.withoutDatabaseURL()
	p.write("go.mod", "module example.com/app\n\ngo 1.24\n")
	p.write("main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n")

	out := p.ok("init")
	assert.Equal(t, "created db/queries/example.sql\ncreated db/migrations/.keep\ncreated db/db.go\ncreated models/models.go\ncreated sqlmap.toml\n"+
		"next: go get github.com/sqlmap-go/sqlmap@latest\n"+
		"next: edit the models in models/, then draft their migration and apply it:\n  sqlmap new-migration create_users\n  sqlmap migrate up\n"+
		"(the database: DATABASE_URL, or a .env file next to sqlmap.toml; sqlmap config shows every setting)\n", out)

	// What go get would do, from this checkout.
	p.write("go.mod", "module example.com/app\n\ngo 1.24\n\nrequire github.com/sqlmap-go/sqlmap v0.0.0\n\nreplace github.com/sqlmap-go/sqlmap => "+mustAbs(t, "..")+"\n")
	sum, err := os.ReadFile("../go.sum")
	require.NoError(t, err)
	p.write("go.sum", string(sum))
	for _, args := range [][]string{{"build", "-mod=mod", "./..."}, {"vet", "-mod=mod", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = p.dir
		b, err := cmd.CombinedOutput()
		require.NoError(t, err, "go %s after sqlmap init: %s", strings.Join(args, " "), b)
	}

	p.write(".env", "# local only, not committed\nDATABASE_URL="+p.url+"\n")
	out = p.ok("config")
	assert.Regexp(t, `(?m)^migrations +db/migrations +sqlmap\.toml:6$`, out)
	assert.Regexp(t, `(?m)^database URL +postgres://\S+ +\.env DATABASE_URL$`, out)

	// The seed's flow: the model drafts the migration, migrate applies it.
	out = p.ok("new-migration", "create_users")
	assert.Equal(t, "created db/migrations/000001_create_users.up.sql\ncreated db/migrations/000001_create_users.down.sql\n  create table users\n", out)
	up := p.read("db/migrations/000001_create_users.up.sql")
	assert.True(t, strings.HasPrefix(up, "-- 000001_create_users.up.sql, drafted "), up)
	assert.Contains(t, up, "    username character varying(80) NOT NULL,\n")
	assert.Equal(t, "applied  000001_create_users (…)\ndatabase is at version 1\n", lines(p.ok("migrate", "up")))
	assert.Equal(t, []string{"users"}, p.tables())
	assert.Equal(t, "1 query checked: no problems\n", p.ok("vet"))

	// A second model change: an ALTER, then in sync.
	models := p.read("models/models.go")
	p.write("models/models.go", strings.Replace(models, "\tCreatedAt time.Time", "\tPassword  *string   `db:\"password\" sqlmap:\"type=varchar(120)\"`\n\tCreatedAt time.Time", 1))
	out = p.ok("new-migration", "add_password")
	assert.Equal(t, "created db/migrations/000002_add_password.up.sql\ncreated db/migrations/000002_add_password.down.sql\n  add column users.password\n", out)
	assert.Equal(t, "applied  000002_add_password (…)\ndatabase is at version 2\n", lines(p.ok("migrate", "up")))
	assert.Equal(t, "-- in sync: no changes\n", p.ok("diff"))
	assert.Equal(t, []string{"id", "username", "email", "created_at", "password"}, p.columns("users"), "ADD COLUMN appends")

	// Down one step, as flask db downgrade; a count too large runs nothing.
	assert.Equal(t, "reverted 000002_add_password (…)\ndatabase is at version 1\n", lines(p.ok("migrate", "down")))
	assert.Equal(t, []string{"id", "username", "email", "created_at"}, p.columns("users"))
	r := p.run("migrate", "down", "5")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "sqlmap: migrate: down 5: only 1 migration(s) applied; nothing was reverted\n  to revert them: sqlmap migrate down 1 (or down --all)\n", r.stderr)
	assert.Equal(t, "1\n", p.ok("migrate", "version"))
	r = p.run("migrate", "upp")
	assert.Equal(t, 1, r.code, "a typo never passes for success")
	assert.Contains(t, r.stderr, `did you mean up?`)
}

// With no database URL anywhere, new-migration and diff work against the
// schema the migrations build, in a scratch database (as vet does): diff
// then checks models against migrations in CI with no database at all.
func TestDraftWithoutADatabase(t *testing.T) {
	t.Parallel()
	p := modelProject(t, "")
	p.withoutDatabaseURL()
	r := p.run("new-migration", "create_users")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "created migrations/000001_create_users.up.sql\ncreated migrations/000001_create_users.down.sql\n  create table users\n", r.stdout)
	assert.Contains(t, r.stderr, "no database URL: drafting against the schema the migrations build, in a scratch database")

	r = p.run("diff")
	assert.Equal(t, 0, r.code, "the migrations match the models: %s", r.stderr)
	assert.Equal(t, "-- in sync: no changes\n", r.stdout)

	p.write("models/models.go", strings.Replace(userModel, "%s", "\tPassword *string `db:\"password\" sqlmap:\"type=varchar(120)\"`\n", 1))
	r = p.run("diff", "-q")
	assert.Equal(t, 1, r.code, "a model changed without its migration: %s", r.stderr)
	assert.Contains(t, r.stdout, "ALTER TABLE users ADD COLUMN password character varying(120);")
	r = p.run("new-migration", "add_password", "-q")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "created migrations/000002_add_password.up.sql\ncreated migrations/000002_add_password.down.sql\n", r.stdout)
	r = p.run("diff", "-q")
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Empty(t, p.tables(), "the project's own database was never touched")
}

// Adopting a database that exists: init --from-database writes the
// models from its tables and the baseline, recorded as applied; diff is
// then in sync and the next model edit drafts an ordinary migration.
func TestInitFromDatabase(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.write("go.mod", "module example.com/app\n\ngo 1.24\n")
	p.exec(`CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE authors (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name varchar(80) NOT NULL UNIQUE,
    mood mood NOT NULL DEFAULT 'happy',
    bio text
);
COMMENT ON COLUMN authors.bio IS 'Free text';
CREATE TABLE books (
    author_id bigint NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    isbn text NOT NULL,
    title text NOT NULL CHECK (title <> ''),
    published date,
    PRIMARY KEY (author_id, isbn)
);
CREATE INDEX books_title_idx ON books (lower(title));
INSERT INTO authors (name) VALUES ('Ann');
INSERT INTO books VALUES (1, '978', 'Dune', NULL);`)

	r := p.run("init", "--from-database")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "created models/models.go (2 models, 1 enum)\n")
	assert.Contains(t, r.stdout, "created db/migrations/000001_baseline.up.sql\ncreated db/migrations/000001_baseline.down.sql\n")
	assert.Contains(t, r.stdout, "recorded 000001_baseline as applied, without running it")
	assert.Contains(t, r.stdout, "created sqlmap.toml\n")
	models := p.read("models/models.go")
	assert.Contains(t, models, "//sqlmap:table books")

	assert.Equal(t, "-- in sync: no changes\n", p.ok("diff"), "the pulled models describe the database")
	assert.Contains(t, p.ok("migrate", "status"), "000001_baseline")
	assert.Equal(t, "nothing to apply: database is at version 1\n", p.ok("migrate", "up"))
	assert.Equal(t, []string{"1"}, p.query("SELECT count(*)::text FROM books"), "the rows are where they were")

	p.write("models/models.go", strings.Replace(models, "\tBio ", "\tNickname *string `db:\"nickname\"`\n\tBio ", 1))
	out := p.ok("new-migration", "add_nickname")
	assert.Equal(t, "created db/migrations/000002_add_nickname.up.sql\ncreated db/migrations/000002_add_nickname.down.sql\n  add column authors.nickname\n", out)

	// A second init from the database is refused before it writes.
	r = p.run("init", "--from-database")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "models/models.go exists")
}
