package schema_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// oneField is struct{ F typ `tag` }.
func oneField(typ reflect.Type, tag string) reflect.Type {
	return reflect.StructOf([]reflect.StructField{{Name: "F", Type: typ, Tag: reflect.StructTag(tag)}})
}

var int64Type = reflect.TypeFor[int64]()

func TestColumnOptions(t *testing.T) {
	col := func(mod func(c *schema.Column)) *schema.Column {
		c := &schema.Column{Name: "f", Type: "bigint", NotNull: true, Source: "T.F"}
		if mod != nil {
			mod(c)
		}
		return c
	}
	tests := []struct {
		name string
		typ  reflect.Type // int64 when nil
		tag  string
		want func(tb *schema.Table)
	}{
		{name: "none", tag: ``, want: func(*schema.Table) {}},
		{name: "db tag", tag: `db:"other"`, want: func(tb *schema.Table) { tb.Columns[0].Name = "other" }},
		{name: "db tag options", tag: `db:"other,omitempty"`, want: func(tb *schema.Table) { tb.Columns[0].Name = "other" }},
		{name: "pk", tag: `sqlmap:"pk"`, want: func(tb *schema.Table) {
			tb.PrimaryKey = &schema.PrimaryKey{Columns: []string{"f"}}
		}},
		{name: "identity", tag: `sqlmap:"identity"`, want: func(tb *schema.Table) { tb.Columns[0].Identity = schema.IdentityByDefault }},
		{name: "identity by default", tag: `sqlmap:"identity=by default"`, want: func(tb *schema.Table) { tb.Columns[0].Identity = schema.IdentityByDefault }},
		{name: "identity always", tag: `sqlmap:"identity=always"`, want: func(tb *schema.Table) { tb.Columns[0].Identity = schema.IdentityAlways }},
		{name: "identity options", tag: `sqlmap:"identity,identity_options=start with 100  increment by -5 no cycle"`, want: func(tb *schema.Table) {
			tb.Columns[0].Identity, tb.Columns[0].IdentityOptions = schema.IdentityByDefault, "START WITH 100 INCREMENT BY -5 NO CYCLE"
		}},
		{name: "collate as written", tag: `sqlmap:"collate=C"`, want: func(tb *schema.Table) { tb.Columns[0].Collation = `"C"` }},
		{name: "collate quoted", tag: `sqlmap:"collate=\"en-x-icu\""`, want: func(tb *schema.Table) { tb.Columns[0].Collation = `"en-x-icu"` }},
		{name: "deferrable pk", tag: `sqlmap:"pk,deferrable"`, want: func(tb *schema.Table) {
			tb.PrimaryKey = &schema.PrimaryKey{Columns: []string{"f"}, Deferrable: schema.DeferrableInitImm}
		}},
		{name: "deferred unique", tag: `sqlmap:"unique,deferrable=deferred"`, want: func(tb *schema.Table) {
			tb.Uniques = []*schema.Unique{{Columns: []string{"f"}, Deferrable: schema.DeferrableDefer}}
		}},
		{name: "type", tag: `sqlmap:"type=numeric(10,2)"`, want: func(tb *schema.Table) { tb.Columns[0].Type = "numeric(10,2)" }},
		{name: "type with spaces", tag: `sqlmap:" type = character varying(20) "`, want: func(tb *schema.Table) { tb.Columns[0].Type = "character varying(20)" }},
		{name: "default", tag: `sqlmap:"default='a,b'"`, want: func(tb *schema.Table) { tb.Columns[0].Default = "'a,b'" }},
		{name: "default call", tag: `sqlmap:"default=now()"`, want: func(tb *schema.Table) { tb.Columns[0].Default = "now()" }},
		{name: "unique", tag: `sqlmap:"unique"`, want: func(tb *schema.Table) {
			tb.Uniques = []*schema.Unique{{Columns: []string{"f"}}}
		}},
		{name: "index", tag: `sqlmap:"index"`, want: func(tb *schema.Table) {
			tb.Indexes = []*schema.Index{{Columns: []string{"f"}}}
		}},
		{name: "references table(col)", tag: `sqlmap:"references=users(uid)"`, want: func(tb *schema.Table) {
			tb.ForeignKeys = []*schema.ForeignKey{{Columns: []string{"f"}, RefTable: "users", RefColumns: []string{"uid"}}}
		}},
		{name: "references table", tag: `sqlmap:"references=users"`, want: func(tb *schema.Table) {
			tb.ForeignKeys = []*schema.ForeignKey{{Columns: []string{"f"}, RefTable: "users", RefColumns: []string{"id"}}}
		}},
		{name: "references schema.table ( col )", tag: `sqlmap:"references=app.users ( uid )"`, want: func(tb *schema.Table) {
			tb.ForeignKeys = []*schema.ForeignKey{{Columns: []string{"f"}, RefTable: "app.users", RefColumns: []string{"uid"}}}
		}},
		{name: "ondelete onupdate", tag: `sqlmap:"references=users,ondelete=cascade,onupdate=setnull"`, want: func(tb *schema.Table) {
			tb.ForeignKeys = []*schema.ForeignKey{{Columns: []string{"f"}, RefTable: "users", RefColumns: []string{"id"},
				OnDelete: schema.ActionCascade, OnUpdate: schema.ActionSetNull}}
		}},
		{name: "ondelete before references", tag: `sqlmap:"ondelete=restrict,references=users,onupdate=setdefault"`, want: func(tb *schema.Table) {
			tb.ForeignKeys = []*schema.ForeignKey{{Columns: []string{"f"}, RefTable: "users", RefColumns: []string{"id"},
				OnDelete: schema.ActionRestrict, OnUpdate: schema.ActionSetDefault}}
		}},
		{name: "noaction", tag: `sqlmap:"references=users,ondelete=noaction"`, want: func(tb *schema.Table) {
			tb.ForeignKeys = []*schema.ForeignKey{{Columns: []string{"f"}, RefTable: "users", RefColumns: []string{"id"},
				OnDelete: schema.ActionNoAction}}
		}},
		{name: "check", tag: `sqlmap:"check=f IN (1,2)"`, want: func(tb *schema.Table) {
			tb.Checks = []*schema.Check{{Expr: "f IN (1,2)", Column: "f"}}
		}},
		{name: "check with equals", tag: `sqlmap:"check=f = 1 OR f >= 10"`, want: func(tb *schema.Table) {
			tb.Checks = []*schema.Check{{Expr: "f = 1 OR f >= 10", Column: "f"}}
		}},
		{name: "comment quoted", tag: `sqlmap:"comment='It''s, fine'"`, want: func(tb *schema.Table) { tb.Columns[0].Comment = "It's, fine" }},
		{name: "comment bare", tag: `sqlmap:"comment=plain words"`, want: func(tb *schema.Table) { tb.Columns[0].Comment = "plain words" }},
		{name: "generated", tag: `sqlmap:"generated=a * (b + 1)"`, want: func(tb *schema.Table) { tb.Columns[0].Generated = "a * (b + 1)" }},
		{name: "renamed_from", tag: `sqlmap:"renamed_from=old_f"`, want: func(tb *schema.Table) { tb.Columns[0].RenamedFrom = "old_f" }},
		{name: "json map", typ: reflect.TypeFor[[]int](), tag: `sqlmap:"json"`, want: func(tb *schema.Table) { tb.Columns[0].Type = "jsonb" }},
		{name: "json struct", typ: reflect.TypeFor[struct{ A, B int }](), tag: `sqlmap:"json"`, want: func(tb *schema.Table) { tb.Columns[0].Type = "jsonb" }},
		{name: "json pointer", typ: reflect.TypeFor[*struct{ A int }](), tag: `sqlmap:"json"`, want: func(tb *schema.Table) {
			tb.Columns[0].Type, tb.Columns[0].NotNull = "jsonb", false
		}},
		{name: "type beats json", typ: reflect.TypeFor[struct{ A int }](), tag: `sqlmap:"json,type=json"`, want: func(tb *schema.Table) { tb.Columns[0].Type = "json" }},
		{name: "type for unmapped", typ: reflect.TypeFor[uint64](), tag: `sqlmap:"type=numeric(20)"`, want: func(tb *schema.Table) { tb.Columns[0].Type = "numeric(20)" }},
		{name: "type keeps nullability", typ: reflect.TypeFor[*uint32](), tag: `sqlmap:"type=bigint"`, want: func(tb *schema.Table) { tb.Columns[0].NotNull = false }},
		{name: "everything", tag: `db:"n" sqlmap:"pk,identity=always,type=integer,default=1,unique,index,references=t2(n),ondelete=cascade,check=n > 0,comment='c',renamed_from=m"`,
			want: func(tb *schema.Table) {
				tb.Columns[0] = col(func(c *schema.Column) {
					c.Name, c.Type, c.Default, c.Identity, c.Comment, c.RenamedFrom = "n", "integer", "1", schema.IdentityAlways, "c", "m"
				})
				tb.PrimaryKey = &schema.PrimaryKey{Columns: []string{"n"}}
				tb.Uniques = []*schema.Unique{{Columns: []string{"n"}}}
				tb.Indexes = []*schema.Index{{Columns: []string{"n"}}}
				tb.ForeignKeys = []*schema.ForeignKey{{Columns: []string{"n"}, RefTable: "t2", RefColumns: []string{"n"}, OnDelete: schema.ActionCascade}}
				tb.Checks = []*schema.Check{{Expr: "n > 0", Column: "n"}}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ := tt.typ
			if typ == nil {
				typ = int64Type
			}
			want := &schema.Table{Name: "t", Source: "T", Columns: []*schema.Column{col(nil)}}
			tt.want(want)
			got, err := schema.ReadType(oneField(typ, tt.tag))
			require.NoError(t, err)
			moveSources(t, got, "T.F")
			assert.Equal(t, &schema.Schema{Tables: []*schema.Table{want}}, got)
		})
	}
}

func TestColumnOptionErrors(t *testing.T) {
	tests := []struct {
		tag, err string
	}{
		{`uniq`, `unknown option "uniq"`},
		{`pk,Unique`, `unknown option "Unique"`},
		{`type=`, `option "type" has an empty value`},
		{`type`, `option "type" needs a value (type=...)`},
		{`default= `, `option "default" has an empty value`},
		{`check=`, `option "check" has an empty value`},
		{`comment=`, `option "comment" has an empty value`},
		{`renamed_from=`, `option "renamed_from" has an empty value`},
		{`references=`, `option "references" has an empty value`},
		{`identity=`, `option "identity" has an empty value`},
		{`identity=sometimes`, `option "identity": unknown value "sometimes" (want always or by default)`},
		{`pk=true`, `option "pk" takes no value`},
		{`json=1`, `option "json" takes no value`},
		{`pk,pk`, `option "pk" given twice`},
		{`generated`, `option "generated" needs a value (generated=...)`},
		{`generated=a+1,default=0`, `option "generated" cannot be combined with "default": PostgreSQL computes the column`},
		{`identity,generated=a+1`, `option "generated" cannot be combined with "identity": PostgreSQL computes the column`},
		{`pk,,index`, `empty option in "pk,,index"`},
		{`pk,`, `empty option in "pk,"`},
		{`ondelete=cascade`, `option "ondelete" needs references=table(column)`},
		{`onupdate=cascade`, `option "onupdate" needs references=table(column)`},
		{`references=users,ondelete=drop`, `option "ondelete": unknown action "drop" (want cascade, restrict, setnull, setdefault or noaction)`},
		{`deferrable`, `option "deferrable" needs pk, unique or references: it defers their checks`},
		{`unique,deferrable=later`, `option "deferrable": unknown value "later" (want deferred or immediate, or no value)`},
		{`identity_options=START WITH 10`, `option "identity_options" needs identity`},
		{`identity,identity_options=START WITH 10; DROP TABLE x`, `option "identity_options": malformed value "START WITH 10; DROP TABLE x" (want sequence options such as START WITH 1000 INCREMENT BY 10)`},
		{`identity,identity_options=RESTART`, `option "identity_options": malformed value "RESTART" (want sequence options such as START WITH 1000 INCREMENT BY 10)`},
		{`collate=`, `option "collate" has an empty value`},
		{`references=users(a,b)`, `option "references": malformed value "users(a,b)" (want table or table(column))`},
		{`references=users()`, `option "references": malformed value "users()" (want table or table(column))`},
		{`references=(id)`, `option "references": malformed value "(id)" (want table or table(column))`},
		{`references=users id`, `option "references": malformed value "users id" (want table or table(column))`},
		{`references=users(id`, `unbalanced parentheses in "references=users(id"`},
		{`default='x`, `unterminated ' quote in "default='x"`},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			_, err := schema.ReadType(oneField(int64Type, `sqlmap:"`+tt.tag+`"`))
			require.EqualError(t, err, "schema: T.F: sqlmap tag: "+tt.err)
		})
	}
}

// twoColumns is struct{ A, B int64; Email string }: columns a, b, email.
var twoColumns = reflect.StructOf([]reflect.StructField{
	{Name: "A", Type: int64Type},
	{Name: "B", Type: int64Type},
	{Name: "Email", Type: reflect.TypeFor[string]()},
})

func TestDirectives(t *testing.T) {
	tests := []struct {
		name       string
		directives []string
		want       func(s *schema.Schema, tb *schema.Table)
	}{
		{name: "pk", directives: []string{"sqlmap:pk (b, a)"}, want: func(_ *schema.Schema, tb *schema.Table) {
			tb.PrimaryKey = &schema.PrimaryKey{Columns: []string{"b", "a"}}
		}},
		{name: "unique", directives: []string{"sqlmap:unique t_ab_key (a,b)"}, want: func(_ *schema.Schema, tb *schema.Table) {
			tb.Uniques = []*schema.Unique{{Name: "t_ab_key", Columns: []string{"a", "b"}}}
		}},
		{name: "deferrable unique and pk", directives: []string{"sqlmap:unique t_ab_key (a,b) deferrable initially deferred", "sqlmap:pk (b, a) DEFERRABLE"}, want: func(_ *schema.Schema, tb *schema.Table) {
			tb.Uniques = []*schema.Unique{{Name: "t_ab_key", Columns: []string{"a", "b"}, Deferrable: schema.DeferrableDefer}}
			tb.PrimaryKey = &schema.PrimaryKey{Columns: []string{"b", "a"}, Deferrable: schema.DeferrableInitImm}
		}},
		{name: "index", directives: []string{"sqlmap:index t_a (a)"}, want: func(_ *schema.Schema, tb *schema.Table) {
			tb.Indexes = []*schema.Index{{Name: "t_a", Columns: []string{"a"}}}
		}},
		{name: "index expressions", directives: []string{"sqlmap:index t_email (lower(email), coalesce(a, b), b DESC)"}, want: func(_ *schema.Schema, tb *schema.Table) {
			tb.Indexes = []*schema.Index{{Name: "t_email", Columns: []string{"lower(email)", "coalesce(a, b)", "b DESC"}}}
		}},
		{name: "index where", directives: []string{"sqlmap:index t_a (a) WHERE b IN (1, 2) AND email <> ''"}, want: func(_ *schema.Schema, tb *schema.Table) {
			tb.Indexes = []*schema.Index{{Name: "t_a", Columns: []string{"a"}, Where: "b IN (1, 2) AND email <> ''"}}
		}},
		{name: "index using", directives: []string{"sqlmap:index t_a USING hash (a) where a > 0"}, want: func(_ *schema.Schema, tb *schema.Table) {
			tb.Indexes = []*schema.Index{{Name: "t_a", Columns: []string{"a"}, Method: "hash", Where: "a > 0"}}
		}},
		{name: "index include with", directives: []string{"sqlmap:index t_a (a DESC NULLS LAST, b text_pattern_ops) INCLUDE (email, b) WITH (fillfactor = 70) WHERE a > 0"}, want: func(_ *schema.Schema, tb *schema.Table) {
			tb.Indexes = []*schema.Index{{Name: "t_a", Columns: []string{"a DESC NULLS LAST", "b text_pattern_ops"}, Include: []string{"email", "b"}, With: "fillfactor = 70", Where: "a > 0"}}
		}},
		{name: "check nested parens", directives: []string{"sqlmap:check t_sum (((a + b)) > (0) AND email <> ')')"}, want: func(_ *schema.Schema, tb *schema.Table) {
			tb.Checks = []*schema.Check{{Name: "t_sum", Expr: "((a + b)) > (0) AND email <> ')'"}}
		}},
		{name: "comment", directives: []string{"sqlmap:comment 'It''s a table'"}, want: func(_ *schema.Schema, tb *schema.Table) {
			tb.Comment = "It's a table"
		}},
		{name: "table", directives: []string{"sqlmap:table t"}, want: func(*schema.Schema, *schema.Table) {}},
		{name: "enum", directives: []string{"sqlmap:enum mood (sad, ok,'very happy', 'it''s, fine', x-y)"}, want: func(s *schema.Schema, _ *schema.Table) {
			s.Enums = []*schema.Enum{{Name: "mood", Values: []string{"sad", "ok", "very happy", "it's, fine", "x-y"}, Source: "T"}}
		}},
		{name: "enums sorted", directives: []string{"sqlmap:enum b (x)", "sqlmap:enum a (y)"}, want: func(s *schema.Schema, _ *schema.Table) {
			s.Enums = []*schema.Enum{{Name: "a", Values: []string{"y"}, Source: "T"}, {Name: "b", Values: []string{"x"}, Source: "T"}}
		}},
		{name: "order", directives: []string{"sqlmap:unique u2 (b)", "sqlmap:index i2 (b)", "sqlmap:unique u1 (a)", "sqlmap:check c2 (b > 0)", "sqlmap:index i1 (a)", "sqlmap:check c1 (a > 0)"},
			want: func(_ *schema.Schema, tb *schema.Table) {
				tb.Uniques = []*schema.Unique{{Name: "u2", Columns: []string{"b"}}, {Name: "u1", Columns: []string{"a"}}}
				tb.Indexes = []*schema.Index{{Name: "i2", Columns: []string{"b"}}, {Name: "i1", Columns: []string{"a"}}}
				tb.Checks = []*schema.Check{{Name: "c2", Expr: "b > 0"}, {Name: "c1", Expr: "a > 0"}}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := &schema.Table{Name: "t", Source: "T", Columns: []*schema.Column{
				{Name: "a", Type: "bigint", NotNull: true, Source: "T.A"},
				{Name: "b", Type: "bigint", NotNull: true, Source: "T.B"},
				{Name: "email", Type: "text", NotNull: true, Source: "T.Email"},
			}}
			want := &schema.Schema{Tables: []*schema.Table{tb}}
			tt.want(want, tb)
			got, err := schema.ReadType(twoColumns, tt.directives...)
			require.NoError(t, err)
			moveSources(t, got, "T")
			assert.Equal(t, want, got)
		})
	}
}

func TestDirectiveErrors(t *testing.T) {
	tests := []struct {
		line, err string
	}{
		{"sqlmap:", "sqlmap: directive without a name"},
		{"sqlmap:indexes x (a)", "unknown directive sqlmap:indexes"},
		{"sqlmap:table", "sqlmap:table: missing table name"},
		{"sqlmap:table two words", `sqlmap:table: malformed table name "two words"`},
		{"sqlmap:table t(x)", `sqlmap:table: malformed table name "t(x)"`},
		{"sqlmap:comment", "sqlmap:comment: missing comment text"},
		{"sqlmap:index (a)", "sqlmap:index: missing name (want sqlmap:index NAME (...))"},
		{"sqlmap:index", "sqlmap:index: missing name (want sqlmap:index NAME (...))"},
		{"sqlmap:index a-b (a)", `sqlmap:index: malformed name "a-b"`},
		{"sqlmap:index i a", "sqlmap:index: i: want (...)"},
		{"sqlmap:index i", "sqlmap:index: i: want (...)"},
		{"sqlmap:index i (a", "sqlmap:index: i: unbalanced parentheses"},
		{"sqlmap:index i (a) b", `sqlmap:index: i: unexpected "b" after the columns (want INCLUDE (...), WITH (...) or WHERE predicate, in that order)`},
		{"sqlmap:index i (a) WHERE", `sqlmap:index: i: unexpected "WHERE" after the columns (want INCLUDE (...), WITH (...) or WHERE predicate, in that order)`},
		{"sqlmap:index i (a) WITH (fillfactor=70) INCLUDE (b)", `sqlmap:index: i: unexpected "INCLUDE (b)" after the columns (want INCLUDE (...), WITH (...) or WHERE predicate, in that order)`},
		{"sqlmap:index i (a) INCLUDE b", "sqlmap:index: i: INCLUDE want (...)"},
		{"sqlmap:index i (a) WITH (fillfactor=70", "sqlmap:index: i: WITH unbalanced parentheses"},
		{"sqlmap:index i USING (a)", "sqlmap:index: i: USING needs a method"},
		{"sqlmap:index i (a,,b)", "sqlmap:index: i: empty entry in (a,,b)"},
		{"sqlmap:index i ()", "sqlmap:index: i: empty entry in ()"},
		{"sqlmap:unique u (a) WHERE a > 0", `sqlmap:unique: u: unexpected "WHERE a > 0" after the closing parenthesis (want DEFERRABLE [INITIALLY DEFERRED])`},
		{"sqlmap:pk (a) DEFERRABLE LATER", `sqlmap:pk: unexpected "DEFERRABLE LATER" after the closing parenthesis (want DEFERRABLE [INITIALLY DEFERRED])`},
		{"sqlmap:unique u", "sqlmap:unique: u: want (...)"},
		{"sqlmap:pk a, b", "sqlmap:pk: want (...)"},
		{"sqlmap:check c", "sqlmap:check: c: want (...)"},
		{"sqlmap:check c ()", "sqlmap:check: c: empty expression"},
		{"sqlmap:check c (a > 0) AND b > 0", `sqlmap:check: c: unexpected "AND b > 0" after the closing parenthesis`},
		{"sqlmap:enum (a, b)", "sqlmap:enum: missing name (want sqlmap:enum NAME (...))"},
		{"sqlmap:enum e (a, 'b)", "sqlmap:enum: e: unterminated ' quote"},
		{"sqlmap:enum e (a, 'b'c')", "sqlmap:enum: e: unterminated ' quote"},
		{"sqlmap:enum e (a, 'b' 'c')", "sqlmap:enum: e: malformed quoted value 'b' 'c'"},
		{"sqlmap:enum e (a, 'b'c)", "sqlmap:enum: e: malformed quoted value 'b'c"},
		{"sqlmap:enum e (a, two words)", `sqlmap:enum: e: value "two words" must be a bare word or 'quoted'`},
		{"sqlmap:enum e ()", "sqlmap:enum: e: empty entry in ()"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			_, err := schema.ReadType(twoColumns, tt.line)
			require.EqualError(t, err, "schema: T: "+tt.err)
		})
	}
}

func TestDirectiveValidation(t *testing.T) {
	tests := []struct {
		name       string
		directives []string
		err        string
	}{
		{"pk column", []string{"sqlmap:pk (a, c)"}, `schema: T: sqlmap:pk: table "t" has no column "c"`},
		{"unique column", []string{"sqlmap:unique u (A)"}, `schema: T: sqlmap:unique u: table "t" has no column "A"`},
		{"index column", []string{"sqlmap:index i (lower(x), y)"}, `schema: T: sqlmap:index i: table "t" has no column "y"`},
		{"two pks", []string{"sqlmap:pk (a)", "sqlmap:pk (b)"}, `schema: T: sqlmap:pk: table "t" already has a primary key (pk tags or another sqlmap:pk)`},
		{"two comments", []string{"sqlmap:comment x", "sqlmap:comment y"}, `schema: T: sqlmap:comment: table "t" already has a comment`},
		{"enum twice", []string{"sqlmap:enum e (a)", "sqlmap:enum e (b)"}, `schema: T: sqlmap:enum e is declared differently at T`},
		{"enum value twice", []string{"sqlmap:enum e (a, 'a')"}, `schema: T: sqlmap:enum e: value "a" is listed twice`},
		{"enum named as a table", []string{"sqlmap:enum t (a)"}, `schema: T: sqlmap:enum t: the name is taken by the table of T`},
		{"several", []string{"sqlmap:index i (x)", "sqlmap:bogus", "sqlmap:unique u (y)"},
			"schema: T: unknown directive sqlmap:bogus\n" +
				`schema: T: sqlmap:index i: table "t" has no column "x"` + "\n" +
				`schema: T: sqlmap:unique u: table "t" has no column "y"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schema.ReadType(twoColumns, tt.directives...)
			require.EqualError(t, err, tt.err)
		})
	}
	// The same enum declared twice alike is fine: several values may
	// declare the enum they use.
	s, err := schema.ReadType(twoColumns, "sqlmap:enum e (a, b)", "sqlmap:enum e (a,b)")
	require.NoError(t, err)
	assert.Len(t, s.Enums, 1)
}

// moveSources checks that every index and check of s says where it was
// declared (want), then clears those sources so that the rest of s can be
// compared with a literal.
func moveSources(t *testing.T, s *schema.Schema, want string) {
	t.Helper()
	for _, tb := range s.Tables {
		for _, ix := range tb.Indexes {
			assert.Equal(t, want, ix.Source, "index %v", ix.Columns)
			ix.Source = ""
		}
		for _, ck := range tb.Checks {
			assert.Equal(t, want, ck.Source, "check %s", ck.Expr)
			ck.Source = ""
		}
	}
}
