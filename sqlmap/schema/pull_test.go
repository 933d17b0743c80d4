package schema_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// adoptedSchema is a schema as a team that did not start with sqlmap has
// one: every construct the model language can express.
const adoptedSchema = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'very happy', 'it''s, fine');
CREATE TYPE "Plan" AS ENUM ('free', 'pro');
CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000 INCREMENT BY 10) PRIMARY KEY,
    slug varchar(40) NOT NULL UNIQUE,
    name text NOT NULL,
    balance numeric(12,2) NOT NULL DEFAULT 0 CHECK (balance >= 0),
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    plan "Plan" NOT NULL DEFAULT 'free',
    created_at timestamptz NOT NULL DEFAULT now(),
    "DisplayName" text,
    "order" integer
);
COMMENT ON TABLE accounts IS 'Customers: one per company, it''s the tenant';
COMMENT ON COLUMN accounts.slug IS 'URL name, unique';
COMMENT ON COLUMN accounts.name IS 'two
lines';
CREATE TABLE users (
    id serial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE ON UPDATE RESTRICT,
    email varchar(120) NOT NULL,
    mood mood NOT NULL DEFAULT 'ok',
    moods mood[],
    tags text[] NOT NULL DEFAULT '{}',
    scores integer[],
    born date,
    last_seen timestamp,
    deleted_at timestamptz,
    manager_id integer REFERENCES users(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    avatar bytea,
    ratio double precision,
    nick varchar(20) COLLATE "C",
    uid uuid NOT NULL DEFAULT gen_random_uuid(),
    shout text GENERATED ALWAYS AS (upper(email::text) || '!') STORED,
    CONSTRAINT users_email_shape CHECK (email::text LIKE '%@%'),
    UNIQUE (account_id, email)
);
CREATE INDEX users_email_lower ON users (lower(email::text), id DESC) WHERE deleted_at IS NULL;
CREATE INDEX users_tags ON users USING gin (tags);
CREATE INDEX users_seen ON users (last_seen) INCLUDE (email) WITH (fillfactor = 70);
CREATE TABLE memberships (
    user_id integer NOT NULL REFERENCES users(id),
    team text NOT NULL,
    role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
    since timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (team, user_id),
    CONSTRAINT memberships_role_team UNIQUE (role, team) DEFERRABLE
);
CREATE TABLE line_items (
    order_id bigint,
    line integer,
    qty smallint NOT NULL CHECK (qty > 0),
    price real,
    note json,
    PRIMARY KEY (order_id, line)
);
CREATE TABLE audit_log (at timestamptz NOT NULL, what text);
`

func pullFixture(t *testing.T, ddl string) (string, *pgxpool.Pool) {
	t.Helper()
	nsp, pool := pgtest.Schema(t)
	_, err := pool.Exec(context.Background(), ddl)
	require.NoError(t, err)
	return nsp, pool
}

// writeModels writes the pulled file into a module of its own, as a user
// would keep it, for LoadModels.
func writeModels(t *testing.T, src []byte) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.24\n"), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "models"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "models", "models.go"), src, 0o644))
	return filepath.Join(dir, "models")
}

// The round trip: models pulled from a schema, loaded back from source,
// draft no change against it; the baseline builds the same schema in an
// empty one, and its down empties it again.
func TestPullRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, a := pullFixture(t, adoptedSchema)

	before, err := schema.Inspect(ctx, a, "")
	require.NoError(t, err)
	p, err := schema.Pull(ctx, a, "", schema.PullOptions{})
	require.NoError(t, err)
	t.Log("\n" + string(p.Source))
	t.Log("\n" + p.Up + "\n" + p.Down)
	assert.Empty(t, p.Notes)
	for _, line := range []string{
		"//sqlmap:enum mood (sad, ok, 'very happy', 'it''s, fine')\n",
		"//sqlmap:comment 'Customers: one per company, it''s the tenant'\n",
		"\tID int64 `db:\"id\" sqlmap:\"pk,identity=always,identity_options=START WITH 1000 INCREMENT BY 10\"`\n",
		"\tID int32 `db:\"id\" sqlmap:\"pk,type=serial\"`\n",
		"\tManagerID *int32 `db:\"manager_id\" sqlmap:\"references=users(id),ondelete=setnull,deferrable=deferred\"`\n",
		"//sqlmap:pk (team, user_id)\n",
		"//sqlmap:index users_email_lower (lower(email::text), id DESC) WHERE deleted_at IS NULL\n",
	} {
		assert.Contains(t, strings.Join(strings.Fields(string(p.Source)), " ")+"\n", strings.Join(strings.Fields(line), " "), "the models file has %q", line)
	}
	after, err := schema.Inspect(ctx, a, "")
	require.NoError(t, err)
	assert.Equal(t, before.Dump(), after.Dump(), "pull changes nothing")

	models, err := schema.LoadModels(ctx, writeModels(t, p.Source))
	require.NoError(t, err)
	assert.Equal(t, p.Models.Dump(), models.Dump(), "Pull's reading of its file is LoadModels'")
	assert.Len(t, models.Tables, 5)
	assert.Len(t, models.Enums, 2)
	d, err := schema.DraftMigration(ctx, a, models, schema.Options{})
	require.NoError(t, err)
	assert.True(t, d.Empty(), "the pulled models draft nothing:\n%s", d.Up)

	// Edited, they draft just the edit.
	edited := strings.Replace(string(p.Source), "type AuditLog struct {\n", "type AuditLog struct {\n\tWho *string `db:\"who\"`\n", 1)
	require.NotEqual(t, string(p.Source), edited)
	models, err = schema.LoadModels(ctx, writeModels(t, []byte(edited)))
	require.NoError(t, err)
	d, err = schema.DraftMigration(ctx, a, models, schema.Options{})
	require.NoError(t, err)
	require.Len(t, d.Plan.Steps, 1, d.Up)
	assert.Equal(t, "add column audit_log.who", d.Plan.Steps[0].Summary)

	// The baseline, applied to an empty schema, gives the same schema.
	_, b := pgtest.Schema(t)
	_, err = b.Exec(ctx, p.Up)
	require.NoError(t, err)
	want, err := schema.Inspect(ctx, a, "")
	require.NoError(t, err)
	got, err := schema.Inspect(ctx, b, "")
	require.NoError(t, err)
	diff, err := schema.Diff(got, want, schema.Options{Prune: true})
	require.NoError(t, err)
	up, _ := schema.Format(schema.PlanChanges(diff))
	assert.Empty(t, diff.Changes, "the baseline builds the schema pulled:\n%s", up)
	assert.Equal(t, want.Dump(), got.Dump(), "names included")

	// Its down leaves nothing.
	_, err = b.Exec(ctx, p.Down)
	require.NoError(t, err)
	got, err = schema.Inspect(ctx, b, "")
	require.NoError(t, err)
	assert.Empty(t, got.Tables)
	assert.Empty(t, got.Enums)
}

// What the model language cannot express is refused, naming the object,
// rather than written as models that would draft its change.
func TestPullRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, ddl, object, reason string
	}{
		{"composite foreign key", `CREATE TABLE orders (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE shipments (a int, b int, FOREIGN KEY (a, b) REFERENCES orders (a, b));`,
			"foreign key shipments_a_b_fkey on shipments", "it spans columns (a, b)"},
		{"unique index", `CREATE TABLE u (e text, gone timestamptz); CREATE UNIQUE INDEX u_live_e ON u (e) WHERE gone IS NULL;`,
			"index u_live_e on u", "it is a unique index"},
		{"partitioned table", `CREATE TABLE events (at timestamptz NOT NULL) PARTITION BY RANGE (at);`,
			"table events", "it is partitioned (PARTITION BY RANGE (at))"},
		{"domain", `CREATE DOMAIN positive AS integer CHECK (VALUE > 0); CREATE TABLE d (n positive);`,
			"column d.n", "its type positive is a domain of the schema"},
		{"composite type", `CREATE TYPE pair AS (x int, y int); CREATE TABLE c (p pair[]);`,
			"column c.p", "its type pair[] is a composite type of the schema"},
		{"check not valid", `CREATE TABLE c (n int); ALTER TABLE c ADD CONSTRAINT c_positive CHECK (n > 0) NOT VALID;`,
			"check constraint c_positive on c", "CHECK (n > 0) NOT VALID: the models' checks are neither NOT VALID nor NO INHERIT"},
		{"sequence of its own", `CREATE SEQUENCE invoice_numbers; CREATE TABLE invoices (n bigint NOT NULL DEFAULT nextval('invoice_numbers'));`,
			"column invoices.n", "takes values from a sequence the column does not own"},
		{"serial of a renamed table", `CREATE TABLE old_things (id serial PRIMARY KEY); ALTER TABLE old_things RENAME TO things;`,
			"column things.id", "it owns sequence old_things_id_seq"},
		{"match full", `CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE m (p int REFERENCES p (id) MATCH FULL);`,
			"foreign key m_p_fkey on m", "FOREIGN KEY (p) REFERENCES p(id) MATCH FULL: a model's references= has no MATCH"},
		{"nulls not distinct", `CREATE TABLE n (e text UNIQUE NULLS NOT DISTINCT);`,
			"unique constraint n_e_key on n", "UNIQUE NULLS NOT DISTINCT (e)"},
		{"table name", `CREATE TABLE "my table" (id int);`,
			"table my table", "its name is not a plain identifier"},
		{"table comment on lines", "CREATE TABLE t (id int); COMMENT ON TABLE t IS 'a\nb';",
			"table t", "its comment holds a line break"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, pool := pullFixture(t, tt.ddl)
			p, err := schema.Pull(context.Background(), pool, "", schema.PullOptions{})
			assert.Nil(t, p)
			var pe *schema.PullError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.object, pe.Object)
			assert.Contains(t, pe.Reason, tt.reason)
			assert.Equal(t, "schema: pull: "+pe.Object+": "+pe.Reason, pe.Error())
		})
	}

	t.Run("a table of another schema", func(t *testing.T) {
		t.Parallel()
		other, _ := pullFixture(t, `CREATE TABLE shops (id int PRIMARY KEY)`)
		_, pool := pullFixture(t, `CREATE TABLE items (shop int REFERENCES "`+other+`".shops (id))`)
		_, err := schema.Pull(context.Background(), pool, "", schema.PullOptions{})
		var pe *schema.PullError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "foreign key items_shop_fkey on items", pe.Object)
		assert.Contains(t, pe.Reason, "it refers to a table of another schema")
	})

	t.Run("every object at once", func(t *testing.T) {
		t.Parallel()
		_, pool := pullFixture(t, `CREATE TABLE orders (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE shipments (a int, b int, FOREIGN KEY (a, b) REFERENCES orders (a, b));
CREATE UNIQUE INDEX orders_b ON orders (b) WHERE a > 0;
CREATE TABLE fine (id bigint PRIMARY KEY);`)
		_, err := schema.Pull(context.Background(), pool, "", schema.PullOptions{})
		require.Error(t, err)
		var objects []string
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			var pe *schema.PullError
			require.ErrorAs(t, e, &pe)
			objects = append(objects, pe.Object)
		}
		assert.Equal(t, []string{"index orders_b on orders", "foreign key shipments_a_b_fkey on shipments"}, objects)
	})
}

// What the models leave to PostgreSQL (constraint names) or leave out
// (views, extensions) is said, and does not stop the pull.
func TestPullNotes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	nsp, pool := pullFixture(t, `CREATE TABLE things (id bigint CONSTRAINT pk_things PRIMARY KEY);
CREATE TABLE parts (thing bigint CONSTRAINT fk_thing REFERENCES things (id));
CREATE VIEW thing_ids AS SELECT id FROM things;`)
	p, err := schema.Pull(ctx, pool, nsp, schema.PullOptions{Package: "store", File: "store/models.go"})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"foreign key fk_thing of parts: models do not name foreign keys; a database built from them names it parts_thing_fkey",
		"primary key pk_things of things: models do not name primary keys; a database built from them names it things_pkey",
		"not in the models or the baseline: views (1): sqlmap does not manage them",
	}, p.Notes)
	assert.Contains(t, string(p.Source), "\npackage store\n")
	assert.Contains(t, string(p.Source), "// Models of the tables of schema "+nsp+",")
	assert.Equal(t, "store/models.go:10", p.Models.Table("parts").Source)
	assert.Contains(t, p.Up, "CONSTRAINT pk_things PRIMARY KEY (id)", "the baseline keeps the names")

	_, err = schema.Pull(ctx, pool, "", schema.PullOptions{Package: "my-models"})
	assert.EqualError(t, err, `schema: pull: package name "my-models" is not a Go identifier`)
	_, err = schema.Pull(ctx, pool, "nosuch", schema.PullOptions{})
	assert.EqualError(t, err, `schema: inspect: the schema "nosuch" does not exist`)
}
