package schema_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/scanner"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema/testdata/readers/models"
)

const fixtureDir = "testdata/readers/models"

// fixtureValues are the fixture's tables, for FromStructs; the pointers
// check that pointer receivers and nil pointers work.
func fixtureValues() []any {
	return []any{models.User{}, &models.Order{}, models.Everything{}, models.Account{}, (*models.Tag)(nil)}
}

// withoutSources copies s with the Source fields cleared: they are the
// one thing the readers spell differently.
func withoutSources(s *schema.Schema) *schema.Schema {
	c := &schema.Schema{}
	for _, e := range s.Enums {
		e2 := *e
		e2.Source = ""
		c.Enums = append(c.Enums, &e2)
	}
	for _, t := range s.Tables {
		t2 := *t
		t2.Source = ""
		t2.Columns = nil
		for _, col := range t.Columns {
			col2 := *col
			col2.Source = ""
			t2.Columns = append(t2.Columns, &col2)
		}
		t2.Indexes, t2.Checks = nil, nil
		for _, ix := range t.Indexes {
			ix2 := *ix
			ix2.Source = ""
			t2.Indexes = append(t2.Indexes, &ix2)
		}
		for _, ck := range t.Checks {
			ck2 := *ck
			ck2.Source = ""
			t2.Checks = append(t2.Checks, &ck2)
		}
		c.Tables = append(c.Tables, &t2)
	}
	return c
}

// dump spells out everything a reader produced, in the schema's order.
func dump(s *schema.Schema) string {
	var b strings.Builder
	for _, e := range s.Enums {
		fmt.Fprintf(&b, "enum %s %q\n", e.Name, e.Values)
	}
	for _, t := range s.Tables {
		fmt.Fprintf(&b, "table %s comment=%q\n", t.Name, t.Comment)
		for _, c := range t.Columns {
			fmt.Fprintf(&b, "  %s %s", c.Name, c.Type)
			if c.NotNull {
				b.WriteString(" not null")
			}
			for _, kv := range [][2]string{{"default", c.Default}, {"identity", c.Identity}, {"comment", c.Comment}, {"renamed_from", c.RenamedFrom}} {
				if kv[1] != "" {
					fmt.Fprintf(&b, " %s=%q", kv[0], kv[1])
				}
			}
			b.WriteString("\n")
		}
		if t.PrimaryKey != nil {
			fmt.Fprintf(&b, "  pk %q %q\n", t.PrimaryKey.Name, t.PrimaryKey.Columns)
		}
		for _, u := range t.Uniques {
			fmt.Fprintf(&b, "  unique %q %q\n", u.Name, u.Columns)
		}
		for _, i := range t.Indexes {
			fmt.Fprintf(&b, "  index %q %q unique=%v where=%q method=%q\n", i.Name, i.Columns, i.Unique, i.Where, i.Method)
		}
		for _, fk := range t.ForeignKeys {
			fmt.Fprintf(&b, "  fk %q %q -> %s %q ondelete=%q onupdate=%q\n", fk.Name, fk.Columns, fk.RefTable, fk.RefColumns, fk.OnDelete, fk.OnUpdate)
		}
		for _, c := range t.Checks {
			fmt.Fprintf(&b, "  check %q %q column=%q\n", c.Name, c.Expr, c.Column)
		}
	}
	return b.String()
}

const fixtureDump = `enum mood ["sad" "ok" "very happy" "it's, fine"]
enum status ["active" "disabled"]
table app_accounts comment=""
  id bigint not null
  name text not null
  pk "" ["id"]
table everything comment=""
  id bigint not null
  i64 bigint not null
  i32 integer not null
  i16 smallint not null
  i8 smallint not null
  s text not null
  b boolean not null
  f64 double precision not null
  f32 real not null
  t timestamptz not null
  bytes bytea not null
  raw jsonb not null
  map jsonb not null
  strs text[] not null
  ints bigint[] not null
  blobs bytea[] not null
  raws jsonb[] not null
  uuid uuid not null
  uuids uuid[] not null
  null_uuid uuid
  dec numeric not null
  pg_uuid uuid
  pg_numeric numeric
  pg_text text
  pg_int8 bigint
  pg_int4 integer
  pg_int2 smallint
  pg_bool boolean
  pg_float8 double precision
  pg_float4 real
  pg_tstz timestamptz
  pg_ts timestamp
  pg_date date
  pg_interval interval
  pg_time time
  n_string text
  n_int64 bigint
  n_int32 integer
  n_int16 smallint
  n_byte smallint
  n_bool boolean
  n_float64 double precision
  n_time timestamptz
  n_generic text
  p_string text
  p_int bigint
  p_strs text[]
  p_time timestamptz
  status text not null
  tags text[] not null
  attrs jsonb not null
  final_app_urls text[] not null
  user_id bigint not null
  http_server text not null
  pk "" ["id"]
table orders comment=""
  order_id bigint not null
  line integer not null
  user_id bigint not null
  reviewer bigint
  shop bigint not null default="0"
  seq bigint not null identity="always"
  qty smallint not null
  label text not null default="'a,b'"
  amount numeric(10,2) not null
  counter numeric(20) not null
  shipping jsonb not null
  billing jsonb
  extra jsonb not null
  pk "" ["order_id" "line"]
  index "" ["seq"] unique=false where="" method=""
  fk "" ["user_id"] -> users ["id"] ondelete="cascade" onupdate="restrict"
  fk "" ["reviewer"] -> users ["id"] ondelete="setnull" onupdate=""
  fk "" ["shop"] -> shop.shops ["code"] ondelete="setdefault" onupdate=""
  check "" "qty IN (1,2)" column="qty"
table tags comment=""
  slug text not null
  tenant_id bigint not null
  pk "" ["slug"]
table users comment="People who log in"
  id bigint not null identity="by default"
  created_at timestamptz not null default="now()"
  updated_at timestamptz
  first_name varchar(80) not null
  last_name varchar(80) not null comment="It's, fine"
  email varchar(120) not null
  mood mood not null default="'ok'"
  tags text[] not null default="'{a,b}'"
  deleted_at timestamptz
  note text not null renamed_from="remark"
  pk "" ["id"]
  unique "" ["email"]
  unique "users_name_key" ["first_name" "last_name"]
  index "" ["deleted_at"] unique=false where="" method=""
  index "users_email_lower" ["lower(email)" "id"] unique=false where="deleted_at IS NULL" method=""
  index "users_tags" ["tags"] unique=false where="" method="gin"
  check "" "email LIKE '%@%'" column="email"
  check "users_names_check" "length(first_name) + length(last_name) > (0)" column=""
`

func TestReadersAgree(t *testing.T) {
	fromSource, err := schema.LoadModels(context.Background(), fixtureDir)
	require.NoError(t, err)
	fromValues, err := schema.FromStructs(fixtureValues()...)
	require.NoError(t, err)

	assert.Equal(t, fixtureDump, dump(fromSource))
	assert.Equal(t, withoutSources(fromSource), withoutSources(fromValues))

	// The order of the values does not matter.
	vals := fixtureValues()
	for i, j := 0, len(vals)-1; i < j; i, j = i+1, j-1 {
		vals[i], vals[j] = vals[j], vals[i]
	}
	again, err := schema.FromStructs(vals...)
	require.NoError(t, err)
	assert.Equal(t, withoutSources(fromValues), withoutSources(again))
}

func TestReaderSources(t *testing.T) {
	fromSource, err := schema.LoadModels(context.Background(), fixtureDir)
	require.NoError(t, err)
	fromValues, err := schema.FromStructs(fixtureValues()...)
	require.NoError(t, err)

	users := fromSource.Table("users")
	assert.Equal(t, "models.go:74", users.Source)
	assert.Equal(t, "models.go:62", users.Column("id").Source, "the field in the embedded struct")
	assert.Equal(t, "models.go:76", users.Column("first_name").Source)
	assert.Equal(t, "models.go:15", fromSource.Enum("mood").Source)
	assert.Equal(t, "models.go:38", fromSource.Enum("status").Source)

	users = fromValues.Table("users")
	assert.Equal(t, "models.User", users.Source)
	assert.Equal(t, "models.Base.ID", users.Column("id").Source)
	assert.Equal(t, "models.Timestamps.CreatedAt", users.Column("created_at").Source)
	assert.Equal(t, "models.User.FirstName", users.Column("first_name").Source)
	assert.Equal(t, "models.User", fromValues.Enum("mood").Source)
}

// The columns of a table are the columns the scanner reads its rows into.
func TestColumnsMatchScanner(t *testing.T) {
	fromValues, err := schema.FromStructs(fixtureValues()...)
	require.NoError(t, err)
	fromSource, err := schema.LoadModels(context.Background(), fixtureDir)
	require.NoError(t, err)
	tables := map[string]string{"User": "users", "Order": "orders", "Everything": "everything", "Account": "app_accounts", "Tag": "tags"}
	for _, v := range fixtureValues() {
		m, err := scanner.Map(reflect.TypeOf(v))
		require.NoError(t, err)
		var want []string
		for _, f := range m.Fields() {
			want = append(want, f.Column)
		}
		for _, s := range []*schema.Schema{fromValues, fromSource} {
			tb := s.Table(tables[m.Type.Name()])
			require.NotNil(t, tb, m.Type.Name())
			var got []string
			for _, c := range tb.Columns {
				got = append(got, c.Name)
			}
			assert.Equal(t, want, got, m.Type.Name())
		}
	}
}

// writeModule writes a throwaway module with the given files; sources
// without a package clause get "package m" and a blank line, so their
// first line is line 3.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	for name, src := range files {
		if strings.HasSuffix(name, ".go") && !strings.HasPrefix(src, "package ") {
			src = "package m\n\n" + src
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	}
	return dir
}

func TestLoadModelsErrors(t *testing.T) {
	const hint = `has no PostgreSQL type: give one with sqlmap:"type=..."`
	tests := []struct {
		name, src, err string
	}{
		{"unknown option", "//sqlmap:table t\ntype T struct {\n\tA int `sqlmap:\"uniq\"`\n}\n",
			`schema: m.go:5: field A: sqlmap tag: unknown option "uniq"`},
		{"empty value", "//sqlmap:table t\ntype T struct {\n\tA int `sqlmap:\"pk,type=\"`\n}\n",
			`schema: m.go:5: field A: sqlmap tag: option "type" has an empty value`},
		{"ondelete without references", "//sqlmap:table t\ntype T struct {\n\tA int `sqlmap:\"ondelete=cascade\"`\n}\n",
			`schema: m.go:5: field A: sqlmap tag: option "ondelete" needs references=table(column)`},
		{"malformed references", "//sqlmap:table t\ntype T struct {\n\tA int `sqlmap:\"references=t(a,b)\"`\n}\n",
			`schema: m.go:5: field A: sqlmap tag: option "references": malformed value "t(a,b)" (want table or table(column))`},
		{"uint64", "//sqlmap:table t\ntype T struct {\n\tN uint64\n}\n",
			`schema: m.go:5: field N: Go type uint64 ` + hint},
		{"named uint", "type Count uint32\n\n//sqlmap:table t\ntype T struct {\n\tN Count\n}\n",
			`schema: m.go:7: field N: Go type m.Count ` + hint},
		{"interface", "//sqlmap:table t\ntype T struct {\n\tV any\n}\n",
			`schema: m.go:5: field V: Go type any ` + hint},
		{"named struct field", "type Addr struct{ City string }\n\n//sqlmap:table t\ntype T struct {\n\tHome Addr\n}\n",
			`schema: m.go:7: field Home: m.Addr is a struct of columns: use sqlmap:"json" or embed it`},
		{"tagged embedded struct", "type Addr struct{ City string }\n\n//sqlmap:table t\ntype T struct {\n\tAddr `db:\"addr\"`\n}\n",
			`schema: m.go:7: field Addr: m.Addr is a struct of columns: use sqlmap:"json" or embed it`},
		{"struct contains itself", "//sqlmap:table t\ntype T struct {\n\tA int\n\t*T\n}\n",
			`schema: m.go:6: field T: struct m.T contains itself`},
		{"duplicate column", "//sqlmap:table t\ntype T struct {\n\tA int\n\tB int `db:\"a\"`\n}\n",
			`schema: m.go:6: field B: column "a" is also mapped by m.go:5: rename one with a db tag`},
		{"duplicate table", "//sqlmap:table t\ntype T struct{ A int }\n\n//sqlmap:table t\ntype U struct{ A int }\n",
			`schema: m.go:7: table "t" is also defined by m.go:4`},
		{"TableName not constant", "type T struct{ A int }\n\nvar name = \"t\"\n\nfunc (T) TableName() string { return name }\n",
			`schema: m.go:7: T.TableName must be a single return of a constant string, so that it can be read without running it`},
		{"TableName with statements", "type T struct{ A int }\n\nfunc (T) TableName() string {\n\tconst n = \"t\"\n\treturn n\n}\n",
			`schema: m.go:5: T.TableName must be a single return of a constant string, so that it can be read without running it`},
		{"TableName empty", "type T struct{ A int }\n\nfunc (*T) TableName() string { return \"\" }\n",
			`schema: m.go:5: T.TableName returns an empty name`},
		{"TableName disagrees", "//sqlmap:table t\ntype T struct{ A int }\n\nfunc (T) TableName() string { return \"u\" }\n",
			`schema: m.go:4: sqlmap:table t disagrees with TableName() "u"`},
		{"two table directives", "//sqlmap:table t\n//sqlmap:table u\ntype T struct{ A int }\n",
			`schema: m.go:4: sqlmap:table u: the table is already named t`},
		{"free-floating directive", "//sqlmap:index i (a)\n\n//sqlmap:table t\ntype T struct{ A int }\n",
			`schema: m.go:3: sqlmap:index i must be in the doc comment of a struct type`},
		{"directive on a non-struct", "//sqlmap:table s\ntype S string\n",
			`schema: m.go:3: sqlmap:table s must be in the doc comment of a struct type`},
		{"directive on a function", "//sqlmap:table t\nfunc F() {}\n",
			`schema: m.go:3: sqlmap:table t must be in the doc comment of a struct type`},
		{"group doc", "//sqlmap:table t\ntype (\n\tA struct{ X int }\n\tB struct{ Y int }\n)\n",
			`schema: m.go:3: sqlmap:table t must be in the doc comment of a struct type`},
		{"directive on a struct that is not a table", "//sqlmap:index i (a)\ntype T struct{ A int }\n",
			`schema: m.go:3: sqlmap:index i on T, which is not a table: add //sqlmap:table NAME`},
		{"malformed directive", "//sqlmap:table t\n//sqlmap:index i a\ntype T struct{ A int }\n",
			`schema: m.go:4: sqlmap:index: i: want (...)`},
		{"unknown directive", "//sqlmap:tabel t\ntype T struct{ A int }\n",
			`schema: m.go:3: unknown directive sqlmap:tabel`},
		{"directive column", "//sqlmap:table t\n//sqlmap:unique u (a, b)\ntype T struct{ A int }\n",
			`schema: m.go:4: sqlmap:unique u: table "t" has no column "b"`},
		{"pk directive and tags", "//sqlmap:table t\n//sqlmap:pk (a)\ntype T struct {\n\tA int `sqlmap:\"pk\"`\n}\n",
			`schema: m.go:4: sqlmap:pk: table "t" already has a primary key (pk tags or another sqlmap:pk)`},
		{"reference to a missing column", "//sqlmap:table users\ntype User struct{ ID int64 }\n\n//sqlmap:table posts\ntype Post struct {\n\tAuthor int64 `sqlmap:\"references=users(uid)\"`\n}\n",
			`schema: m.go:8: field Author: references users(uid): table "users" has no column "uid"`},
		{"enum declared twice", "//sqlmap:enum e (a)\n\n//sqlmap:enum e (b)\n",
			`schema: m.go:5: sqlmap:enum e is declared differently at m.go:3`},
		{"malformed enum", "//sqlmap:enum e a, b\n",
			`schema: m.go:3: sqlmap:enum: e: want (...)`},
		{"all errors at once", "//sqlmap:table t\ntype T struct {\n\tA uint\n\tB int `sqlmap:\"idx\"`\n}\n\n//sqlmap:check c\ntype U struct{}\n",
			"schema: m.go:9: sqlmap:check: c: want (...)\n" +
				"schema: m.go:5: field A: Go type uint " + hint + "\n" +
				`schema: m.go:6: field B: sqlmap tag: unknown option "idx"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeModule(t, map[string]string{"m.go": tt.src})
			s, err := schema.LoadModels(context.Background(), dir)
			require.EqualError(t, err, tt.err)
			assert.Nil(t, s)
		})
	}
}

func TestLoadModelsPackageErrors(t *testing.T) {
	tests := []struct {
		name, src, err string
	}{
		{"syntax", "type T struct {\n\tA int\n", "schema: m.go:4: expected ';', found 'EOF'\nschema: m.go:4: expected '}', found 'EOF'"},
		{"type", "//sqlmap:table t\ntype T struct {\n\tA undefinedType\n}\n", "schema: m.go:5: undefined: undefinedType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeModule(t, map[string]string{"m.go": tt.src})
			_, err := schema.LoadModels(context.Background(), dir)
			require.EqualError(t, err, tt.err)
		})
	}

	t.Run("no packages", func(t *testing.T) {
		dir := writeModule(t, map[string]string{})
		_, err := schema.LoadModels(context.Background(), dir, "./nothing")
		require.Error(t, err)
		assert.True(t, strings.HasPrefix(err.Error(), "schema: "), err.Error())
	})
}

// With ./..., a package that declares no model is not type-checked: its
// compile error does not stop the draft; a model package's still does.
func TestLoadModelsSkipsPackagesWithoutModels(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"main.go":          "package main\n\nfunc main() { undefinedCall() }\n",
		"handlers/h.go":    "package handlers\n\nvar x int = \"not an int\"\n",
		"models/models.go": "package models\n\n//sqlmap:table users\ntype User struct {\n\tID int64 `sqlmap:\"pk\"`\n}\n",
	})
	s, err := schema.LoadModels(context.Background(), dir, "./...")
	require.NoError(t, err)
	require.Len(t, s.Tables, 1)
	assert.Equal(t, "users", s.Tables[0].Name)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "models", "broken.go"), []byte("package models\n\nvar y int = \"x\"\n"), 0o644))
	_, err = schema.LoadModels(context.Background(), dir, "./...")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "models/broken.go:3")
	assert.NotContains(t, err.Error(), "main.go")
}

func TestLoadModelsPackages(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"base/base.go": "package base\n\n// Model is embedded from another package.\ntype Model struct {\n\tID int64 `sqlmap:\"pk\"`\n}\n",
		"models/a.go": `package models

import "example.com/m/base"

//sqlmap:enum color (red, green)

type (
	// B is in a group; its own doc counts.
	//
	//sqlmap:table bs
	B struct {
		base.Model
		Color string ` + "`sqlmap:\"type=color\"`" + `
	}

	// NotATable has no table name.
	NotATable struct{ X int }
)

// A is named by a pointer-receiver TableName.
type A struct {
	base.Model
	BID int64 ` + "`db:\"b_id\" sqlmap:\"references=bs\"`" + `
}

// TableName names the table.
func (*A) TableName() string { return "as" }
`,
		"other/c.go": "package other\n\n//sqlmap:table cs\ntype C struct{ Name string }\n",
	})

	s, err := schema.LoadModels(context.Background(), dir, "./models")
	require.NoError(t, err)
	assert.Equal(t, `enum color ["red" "green"]
table as comment=""
  id bigint not null
  b_id bigint not null
  pk "" ["id"]
  fk "" ["b_id"] -> bs ["id"] ondelete="" onupdate=""
table bs comment=""
  id bigint not null
  color color not null
  pk "" ["id"]
`, dump(s))
	assert.Equal(t, "models/a.go:11", s.Table("bs").Source)
	assert.Equal(t, "base/base.go:5", s.Table("bs").Column("id").Source)
	assert.Equal(t, "models/a.go:13", s.Table("bs").Column("color").Source)
	assert.Equal(t, "models/a.go:5", s.Enum("color").Source)

	// Several packages: tables of all, sorted by name.
	s, err = schema.LoadModels(context.Background(), dir, "./...")
	require.NoError(t, err)
	var names []string
	for _, tb := range s.Tables {
		names = append(names, tb.Name)
	}
	assert.Equal(t, []string{"as", "bs", "cs"}, names)
	assert.Equal(t, "other/c.go:4", s.Table("cs").Source)

	// From inside the package, with the default pattern.
	s, err = schema.LoadModels(context.Background(), filepath.Join(dir, "other"))
	require.NoError(t, err)
	assert.Equal(t, "c.go:4", s.Table("cs").Source)
}

type rdBase struct {
	ID int64 `sqlmap:"pk"`
}

type rdOrderItem struct {
	rdBase
	Qty int32
}

type rdNamed struct{ A int }

func (rdNamed) TableName() string { return "named" }

type rdPtrNamed struct{ A int }

func (*rdPtrNamed) TableName() string { return "ptr_named" }

type rdDirectives struct{ A, B int }

func (rdDirectives) SqlmapDirectives() []string {
	return []string{"", "  //sqlmap:table direct  ", "sqlmap:index d_a (a)", "//sqlmap:enum e (x)"}
}

type rdBadTag struct {
	A int `sqlmap:"uniq"`
}

type rdBadDirective struct{ A int }

func (rdBadDirective) SqlmapDirectives() []string { return []string{"index x (a)"} }

type rdDisagree struct{ A int }

func (rdDisagree) TableName() string          { return "one" }
func (rdDisagree) SqlmapDirectives() []string { return []string{"sqlmap:table two"} }

type rdTwoNames struct{ A int }

func (rdTwoNames) SqlmapDirectives() []string {
	return []string{"sqlmap:table one", "sqlmap:table two"}
}

type rdSameTable struct{ A int }

func (rdSameTable) TableName() string { return "named" }

type rdNested struct {
	Home models.Address
}

func TestFromStructs(t *testing.T) {
	s, err := schema.FromStructs(rdOrderItem{}, rdNamed{}, rdPtrNamed{}, &rdDirectives{})
	require.NoError(t, err)
	assert.Equal(t, `enum e ["x"]
table direct comment=""
  a bigint not null
  b bigint not null
  index "d_a" ["a"] unique=false where="" method=""
table named comment=""
  a bigint not null
table ptr_named comment=""
  a bigint not null
table rd_order_item comment=""
  id bigint not null
  qty integer not null
  pk "" ["id"]
`, dump(s))
	assert.Equal(t, "schema_test.rdOrderItem", s.Table("rd_order_item").Source)
	assert.Equal(t, "schema_test.rdBase.ID", s.Table("rd_order_item").Column("id").Source)
	assert.Equal(t, "schema_test.rdOrderItem.Qty", s.Table("rd_order_item").Column("qty").Source)
	assert.Equal(t, "schema_test.rdDirectives", s.Enum("e").Source)

	s, err = schema.FromStructs()
	require.NoError(t, err)
	assert.Equal(t, &schema.Schema{}, s)
}

func TestFromStructsErrors(t *testing.T) {
	tests := []struct {
		name   string
		values []any
		err    string
	}{
		{"nil", []any{nil}, "schema: FromStructs: nil value"},
		{"not a struct", []any{42}, "schema: FromStructs: int is not a named struct type"},
		{"pointer to non-struct", []any{new(string)}, "schema: FromStructs: *string is not a named struct type"},
		{"unnamed struct", []any{struct{ A int }{}}, "schema: FromStructs: struct { A int } is not a named struct type"},
		{"tag", []any{rdBadTag{}}, `schema: schema_test.rdBadTag.A: sqlmap tag: unknown option "uniq"`},
		{"directive", []any{rdBadDirective{}}, `schema: schema_test.rdBadDirective: "index x (a)" is not a sqlmap: directive`},
		{"TableName disagrees", []any{rdDisagree{}}, `schema: schema_test.rdDisagree: sqlmap:table two disagrees with TableName() "one"`},
		{"two table names", []any{rdTwoNames{}}, `schema: schema_test.rdTwoNames: sqlmap:table two: the table is already named one`},
		{"same type twice", []any{rdBase{}, &rdBase{}}, `schema: schema_test.rdBase: table "rd_base" is also defined by schema_test.rdBase`},
		{"same table", []any{rdNamed{}, rdSameTable{}}, `schema: schema_test.rdSameTable: table "named" is also defined by schema_test.rdNamed`},
		{"nested struct", []any{rdNested{}}, `schema: schema_test.rdNested.Home: models.Address is a struct of columns: use sqlmap:"json" or embed it`},
		{"several", []any{rdBadTag{}, 1, rdNested{}},
			"schema: FromStructs: int is not a named struct type\n" +
				`schema: schema_test.rdBadTag.A: sqlmap tag: unknown option "uniq"` + "\n" +
				`schema: schema_test.rdNested.Home: models.Address is a struct of columns: use sqlmap:"json" or embed it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := schema.FromStructs(tt.values...)
			require.EqualError(t, err, tt.err)
			assert.Nil(t, s)
		})
	}
}
