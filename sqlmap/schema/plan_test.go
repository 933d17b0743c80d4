package schema_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// TestPlanChangesEveryKind plans one change of each kind, written as a
// literal (no Diff, no database), and checks the step's SQL both ways,
// its summary and its hazards: the planner alone renders DDL.
func TestPlanChangesEveryKind(t *testing.T) {
	id := &schema.Column{Name: "id", Type: "bigint", NotNull: true}
	email := &schema.Column{Name: "email", Type: "text", NotNull: true}
	users := &schema.Table{Name: "users", Columns: []*schema.Column{id},
		PrimaryKey: &schema.PrimaryKey{Name: "users_pkey", Columns: []string{"id"}}}
	fk := &schema.ForeignKey{Name: "posts_user_id_fkey", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: schema.ActionCascade}
	ix := &schema.Index{Name: "users_email_key", Unique: true, Columns: []string{"email"}}
	mood := &schema.Enum{Name: "mood", Values: []string{"sad", "happy"}}
	cases := []struct {
		change               schema.Change
		summary              string
		up, down             []string
		hazards, downHazards []schema.HazardKind
	}{
		{schema.AddTable{T: users}, "create table users",
			[]string{"CREATE TABLE users (\n    id bigint NOT NULL,\n    CONSTRAINT users_pkey PRIMARY KEY (id)\n)"}, []string{"DROP TABLE users"}, nil, nil},
		{schema.DropTable{T: users}, "drop table users",
			[]string{"DROP TABLE users"}, []string{"CREATE TABLE users (\n    id bigint NOT NULL,\n    CONSTRAINT users_pkey PRIMARY KEY (id)\n)"},
			[]schema.HazardKind{schema.DeletesData}, []schema.HazardKind{schema.Irreversible}},
		{schema.RenameTable{From: "people", To: "users"}, "rename table people to users",
			[]string{"ALTER TABLE people RENAME TO users"}, []string{"ALTER TABLE users RENAME TO people"}, nil, nil},
		{schema.CommentTable{Table: "users", From: "", To: "who signs in"}, "comment on table users",
			[]string{"COMMENT ON TABLE users IS 'who signs in'"}, []string{"COMMENT ON TABLE users IS NULL"}, nil, nil},
		{schema.AddColumn{Table: "users", C: email}, "add column users.email",
			[]string{"ALTER TABLE users ADD COLUMN email text NOT NULL"}, []string{"ALTER TABLE users DROP COLUMN email"}, nil, nil},
		{schema.DropColumn{Table: "users", C: email}, "drop column users.email",
			[]string{"ALTER TABLE users DROP COLUMN email"}, []string{"ALTER TABLE users ADD COLUMN email text NOT NULL"},
			[]schema.HazardKind{schema.DeletesData}, []schema.HazardKind{schema.Irreversible, schema.DownMayFail}},
		{schema.RenameColumn{Table: "users", From: "mail", To: "email"}, "rename column users.mail to email",
			[]string{"ALTER TABLE users RENAME COLUMN mail TO email"}, []string{"ALTER TABLE users RENAME COLUMN email TO mail"}, nil, nil},
		{schema.AlterColumn{Table: "users", From: &schema.Column{Name: "n", Type: "integer", Default: "0"}, To: &schema.Column{Name: "n", Type: "text", Default: "''::text", NotNull: true},
			What: []schema.ColumnChange{schema.ColumnDefault, schema.ColumnType, schema.ColumnNotNull}},
			"alter column users.n: default, type integer → text, set not null",
			[]string{"ALTER TABLE users ALTER COLUMN n DROP DEFAULT", "ALTER TABLE users ALTER COLUMN n TYPE text", "ALTER TABLE users ALTER COLUMN n SET DEFAULT ''::text", "ALTER TABLE users ALTER COLUMN n SET NOT NULL", "ANALYZE users (n)"},
			[]string{"ALTER TABLE users ALTER COLUMN n DROP NOT NULL", "ALTER TABLE users ALTER COLUMN n DROP DEFAULT", "ALTER TABLE users ALTER COLUMN n TYPE integer USING n::integer", "ALTER TABLE users ALTER COLUMN n SET DEFAULT 0", "ANALYZE users (n)"},
			nil, []schema.HazardKind{schema.ChangesValues}},
		{schema.AlterColumn{Table: "users", From: &schema.Column{Name: "id", Type: "bigint", NotNull: true}, To: &schema.Column{Name: "id", Type: "bigint", NotNull: true, Identity: schema.IdentityAlways},
			What: []schema.ColumnChange{schema.ColumnIdentity}},
			"alter column users.id: add identity",
			[]string{"ALTER TABLE users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY"}, []string{"ALTER TABLE users ALTER COLUMN id DROP IDENTITY"}, nil, nil},
		{schema.RebuildColumn{Table: "users", From: &schema.Column{Name: "total", Type: "integer"}, To: &schema.Column{Name: "total", Type: "integer", Generated: "qty * 2"}},
			"rebuild column users.total: ordinary → generated as (qty * 2)",
			[]string{"ALTER TABLE users DROP COLUMN total", "ALTER TABLE users ADD COLUMN total integer GENERATED ALWAYS AS (qty * 2) STORED"},
			[]string{"ALTER TABLE users DROP COLUMN total", "ALTER TABLE users ADD COLUMN total integer"},
			[]schema.HazardKind{schema.DeletesData}, []schema.HazardKind{schema.Irreversible}},
		{schema.CommentColumn{Table: "users", Column: "email", From: "old", To: ""}, "comment on column users.email",
			[]string{"COMMENT ON COLUMN users.email IS NULL"}, []string{"COMMENT ON COLUMN users.email IS 'old'"}, nil, nil},
		{schema.AddPrimaryKey{Table: "users", PK: users.PrimaryKey}, "add primary key users_pkey on users",
			[]string{"ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id)"}, []string{"ALTER TABLE users DROP CONSTRAINT users_pkey"}, nil, nil},
		{schema.DropPrimaryKey{Table: "users", PK: users.PrimaryKey}, "drop primary key users_pkey on users",
			[]string{"ALTER TABLE users DROP CONSTRAINT users_pkey"}, []string{"ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id)"},
			nil, []schema.HazardKind{schema.DownMayFail}},
		{schema.AddConstraint{Table: "users", Name: "users_email_check", What: "check constraint", Def: "CHECK ((email <> ''::text))"}, "add check constraint users_email_check on users",
			[]string{"ALTER TABLE users ADD CONSTRAINT users_email_check CHECK ((email <> ''::text))"}, []string{"ALTER TABLE users DROP CONSTRAINT users_email_check"}, nil, nil},
		{schema.DropConstraint{Table: "users", Name: "users_email_uq", What: "unique constraint", Def: "UNIQUE (email)"}, "drop unique constraint users_email_uq on users",
			[]string{"ALTER TABLE users DROP CONSTRAINT users_email_uq"}, []string{"ALTER TABLE users ADD CONSTRAINT users_email_uq UNIQUE (email)"},
			nil, []schema.HazardKind{schema.DownMayFail}},
		{schema.AddIndex{Table: "users", Index: ix}, "create index users_email_key on users",
			[]string{"CREATE UNIQUE INDEX users_email_key ON users (email)"}, []string{"DROP INDEX users_email_key"}, nil, nil},
		{schema.DropIndex{Table: "users", Index: ix}, "drop index users_email_key on users",
			[]string{"DROP INDEX users_email_key"}, []string{"CREATE UNIQUE INDEX users_email_key ON users (email)"}, nil, []schema.HazardKind{schema.DownMayFail}},
		{schema.AddForeignKey{Table: "posts", FK: fk}, "add foreign key posts_user_id_fkey on posts",
			[]string{"ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"},
			[]string{"ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey"}, nil, nil},
		{schema.DropForeignKey{Table: "posts", FK: fk}, "drop foreign key posts_user_id_fkey on posts",
			[]string{"ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey"},
			[]string{"ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"},
			nil, []schema.HazardKind{schema.DownMayFail}},
		{schema.AddEnum{E: mood}, "create enum mood",
			[]string{"CREATE TYPE mood AS ENUM ('sad', 'happy')"}, []string{"DROP TYPE mood"}, nil, nil},
		{schema.AddEnumValue{Enum: "mood", Value: "ok", After: "sad", Pos: 1}, "add value 'ok' to enum mood",
			[]string{"ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad'"}, nil, nil, []schema.HazardKind{schema.Irreversible}},
		{schema.RecreateEnum{From: mood, To: &schema.Enum{Name: "mood", Values: []string{"happy", "sad"}}}, "recreate enum mood: ('sad', 'happy') → ('happy', 'sad')",
			[]string{"ALTER TYPE mood RENAME TO sqlmap_old_mood", "CREATE TYPE mood AS ENUM ('happy', 'sad')", "DROP TYPE sqlmap_old_mood"},
			[]string{"ALTER TYPE mood RENAME TO sqlmap_old_mood", "CREATE TYPE mood AS ENUM ('sad', 'happy')", "DROP TYPE sqlmap_old_mood"}, nil, nil},
		{schema.DropEnum{E: mood}, "drop enum mood",
			[]string{"DROP TYPE mood"}, []string{"CREATE TYPE mood AS ENUM ('sad', 'happy')"}, []schema.HazardKind{schema.DeletesData}, nil},
	}
	kinds := map[schema.ChangeKind]bool{}
	kindsOf := func(hs []schema.Hazard) []schema.HazardKind {
		var out []schema.HazardKind
		for _, h := range hs {
			out = append(out, h.Kind)
		}
		return out
	}
	for _, tc := range cases {
		kinds[tc.change.Kind()] = true
		t.Run(tc.summary, func(t *testing.T) {
			p := schema.PlanChanges(&schema.Difference{Changes: []schema.Change{tc.change}})
			if len(p.Steps) != 1 {
				t.Fatalf("%d steps, want 1", len(p.Steps))
			}
			s := p.Steps[0]
			if s.Kind != tc.change.Kind() || !reflect.DeepEqual(s.Change, tc.change) || s.Table != tc.change.TableName() {
				t.Errorf("step %s on %q carries %#v, want the change planned", s.Kind, s.Table, s.Change)
			}
			if s.Summary != tc.summary {
				t.Errorf("summary %q, want %q", s.Summary, tc.summary)
			}
			if !slices.Equal(s.Up, tc.up) {
				t.Errorf("up:\n got %q\nwant %q", s.Up, tc.up)
			}
			if !slices.Equal(s.Down, tc.down) {
				t.Errorf("down:\n got %q\nwant %q", s.Down, tc.down)
			}
			if g := kindsOf(s.Hazards); !slices.Equal(g, tc.hazards) {
				t.Errorf("hazards %v, want %v", g, tc.hazards)
			}
			if g := kindsOf(s.DownHazards); !slices.Equal(g, tc.downHazards) {
				t.Errorf("down hazards %v, want %v", g, tc.downHazards)
			}
		})
	}
	if len(kinds) != 22 {
		t.Errorf("%d change kinds planned, want all 22", len(kinds))
	}
}

// TestPlanChangesOrder: the planner, not Diff, orders the steps; the
// foreign keys of a dropped table carry no down hazard (they come back
// with the table, which has no rows to fail on), others do.
func TestPlanChangesOrder(t *testing.T) {
	fk := &schema.ForeignKey{Name: "posts_user_id_fkey", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}
	posts := &schema.Table{Name: "posts", Columns: []*schema.Column{{Name: "user_id", Type: "bigint"}}, ForeignKeys: []*schema.ForeignKey{fk}}
	p := schema.PlanChanges(&schema.Difference{Changes: []schema.Change{
		schema.AddForeignKey{Table: "users", FK: fk},
		schema.DropTable{T: posts},
		schema.DropForeignKey{Table: "posts", FK: fk},
		schema.RenameTable{From: "a", To: "b"},
		schema.DropForeignKey{Table: "comments", FK: fk},
	}})
	got := dtSummaries(p)
	want := []string{"rename table a to b", "drop foreign key posts_user_id_fkey on comments", "drop foreign key posts_user_id_fkey on posts",
		"drop table posts", "add foreign key posts_user_id_fkey on users"}
	if !slices.Equal(got, want) {
		t.Fatalf("order:\n got %q\nwant %q", got, want)
	}
	if len(p.Steps[1].DownHazards) != 1 || len(p.Steps[2].DownHazards) != 0 {
		t.Errorf("down hazards: comments' key %v, the dropped table's key %v", p.Steps[1].DownHazards, p.Steps[2].DownHazards)
	}
}

// TestDiffReturnsTypedChanges: Diff's result is plain values a program
// can switch on, with the objects before and after.
func TestDiffReturnsTypedChanges(t *testing.T) {
	actual := dtSchema(dtUsers(&schema.Column{Name: "age", Type: "integer"}, &schema.Column{Name: "bio", Type: "text"}))
	desired := dtSchema(dtUsers(&schema.Column{Name: "age", Type: "bigint", NotNull: true}, &schema.Column{Name: "nick", Type: "text"}))
	d, err := schema.Diff(actual, desired, schema.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range d.Changes {
		switch c := c.(type) {
		case schema.AddColumn:
			got = append(got, "add "+c.Table+"."+c.C.Name+" "+c.C.Type)
		case schema.DropColumn:
			got = append(got, "drop "+c.Table+"."+c.C.Name)
		case schema.AlterColumn:
			if !slices.Equal(c.What, []schema.ColumnChange{schema.ColumnType, schema.ColumnNotNull}) || c.From.Type != "integer" || c.To.Type != "bigint" {
				t.Errorf("alter: %+v", c)
			}
			got = append(got, "alter "+c.Table+"."+c.To.Name)
		default:
			t.Errorf("unexpected change %#v", c)
		}
	}
	want := []string{"alter users.age", "add users.nick text", "drop users.bio"}
	if !slices.Equal(got, want) {
		t.Errorf("changes %q, want %q", got, want)
	}
}

// TestOnlinePlan: with Online, an index on a table that exists is built
// CONCURRENTLY in the second migration; one on a table the plan creates
// (no rows to wait for) stays in the first, as does everything on a
// table whose columns are dropped (its indexes go with them).
func TestOnlinePlan(t *testing.T) {
	ix := func(name string) *schema.Index { return &schema.Index{Name: name, Columns: []string{"a"}} }
	fresh := &schema.Table{Name: "fresh", Columns: []*schema.Column{{Name: "a", Type: "integer"}}}
	p := schema.Options{Online: true}.Plan(&schema.Difference{Changes: []schema.Change{
		schema.AddIndex{Table: "old", Index: ix("old_a")},
		schema.AddTable{T: fresh},
		schema.AddIndex{Table: "fresh", Index: ix("fresh_a")},
		schema.DropColumn{Table: "busy", C: &schema.Column{Name: "b", Type: "integer"}},
		schema.AddIndex{Table: "busy", Index: ix("busy_a")},
	}})
	later := map[string][]string{}
	first := map[string][]string{}
	for _, s := range p.Steps {
		later[s.Summary], first[s.Summary] = s.LaterUp, s.Up
	}
	if got := later["create index old_a on old"]; !slices.Equal(got, []string{"CREATE INDEX CONCURRENTLY old_a ON old (a)"}) || first["create index old_a on old"] != nil {
		t.Errorf("old_a: first %q, later %q", first["create index old_a on old"], got)
	}
	for _, s := range []string{"create index fresh_a on fresh", "create index busy_a on busy"} {
		if later[s] != nil || len(first[s]) != 1 || strings.Contains(first[s][0], "CONCURRENTLY") {
			t.Errorf("%s: first %q, later %q", s, first[s], later[s])
		}
	}
	if !p.Later() {
		t.Error("the plan has a second migration")
	}
	up, _ := schema.Options{}.FormatLater(p)
	if !strings.HasPrefix(up, "-- sqlmap:no-transaction\n") {
		t.Errorf("the second migration's first line says it runs without a transaction:\n%s", up)
	}
}

// TestNoFalseAlarms: conversions that cannot fail carry no CAUTION of
// changed values; whether they rewrite the table is said only where the
// table has rows (after Resolve), as the lock hazards are.
func TestNoFalseAlarms(t *testing.T) {
	for _, tc := range []struct{ from, to string }{
		{"integer", "text"}, {"character varying(20)", "text"}, {"bigint", "numeric"},
		{"integer", "bigint"}, {"character varying(20)", "character varying(40)"}, {"numeric(10,2)", "numeric(12,2)"},
	} {
		c := schema.AlterColumn{Table: "t", From: &schema.Column{Name: "c", Type: tc.from}, To: &schema.Column{Name: "c", Type: tc.to},
			What: []schema.ColumnChange{schema.ColumnType}}
		p := schema.PlanChanges(&schema.Difference{Changes: []schema.Change{c}})
		if hs := p.Hazards(); len(hs) > 0 {
			t.Errorf("%s → %s: hazards %v", tc.from, tc.to, hs)
		}
	}
}
