package schema

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"
	"golang.org/x/tools/go/packages"
)

// PullOptions tune [Pull].
type PullOptions struct {
	// Package is the Go package name of the models file; "models" when
	// empty.
	Package string
	// File is the models file's name, for the sources of the models read
	// back ("models.go:12"); "models.go" when empty.
	File string
	// UpHeader and DownHeader are the baseline files' first lines (each
	// ending in a newline); when empty, lines saying what the files are.
	UpHeader, DownHeader string
}

// Pulled is what [Pull] made of a live schema: a models file that reads
// back into that schema, and a baseline migration that creates it.
type Pulled struct {
	// Schema is the schema as [Inspect] read it.
	Schema *Schema
	// Models is what the models file declares, as [LoadModels] reads it
	// (the models' spelling, sources in File).
	Models *Schema
	// Source is the models file: gofmt-formatted Go, one struct per table.
	Source []byte
	// Baseline is the plan that creates the schema from nothing; Up and
	// Down are its files: the DDL in dependency order, and the drops in
	// reverse order.
	Baseline *Plan
	Up, Down string
	// Notes are what the models or the baseline leave to PostgreSQL or
	// leave out, for the user to know: constraint names a database built
	// from the models gets by default, extensions, objects sqlmap does not
	// manage.
	Notes []string
}

// PullError is an object of the database that the model language cannot
// express as the database has it. Pull refuses rather than write models
// that would draft a migration changing (or dropping) it; every such
// object is reported, each as a PullError, joined.
type PullError struct {
	// Object names it: "table events", "index users_email_lower on
	// users", "foreign key orders_fk on orders", "column users.zip".
	Object string
	// Reason says what the models cannot say, and what to do.
	Reason string
}

func (e *PullError) Error() string { return "schema: pull: " + e.Object + ": " + e.Reason }

// Pull reads schema nsp (the connection's current schema when empty) and
// writes it as Go models, one struct per table with the tags and
// directives [LoadModels] reads back into the same schema, and as a
// baseline migration that creates it from nothing. It writes nothing to
// the database: the checks below run in transactions rolled back.
//
// Before it returns, it checks both: the models, read back and normalised
// by PostgreSQL, must diff against the schema with no change (what
// `sqlmap new-migration` would draft right after adopting), and the
// baseline's up, run in a scratch schema, must give the schema again and
// its down must leave nothing. What the model language cannot express
// (a composite foreign key, a unique index, a partitioned table, a domain
// type, ...) is refused with a [*PullError] per object, never written as
// models that would draft its change.
func Pull(ctx context.Context, db Beginner, nsp string, opts PullOptions) (*Pulled, error) {
	if opts.Package == "" {
		opts.Package = "models"
	}
	if opts.File == "" {
		opts.File = "models.go"
	}
	if !token.IsIdentifier(opts.Package) {
		return nil, fmt.Errorf("schema: pull: package name %q is not a Go identifier", opts.Package)
	}
	actual, err := Inspect(ctx, db, nsp)
	if err != nil {
		return nil, err
	}
	kinds, err := columnTypeKinds(ctx, db, nsp)
	if err != nil {
		return nil, err
	}
	g := &modelWriter{s: actual, kinds: kinds, nsp: nsp}
	src := g.write(opts.Package)
	if len(g.refused) > 0 {
		return nil, errors.Join(g.refused...)
	}
	formatted, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("schema: pull: the models written are not Go (a bug in sqlmap): %w\n%s", err, src)
	}
	models, err := readModelSource(opts.File, formatted)
	if err != nil {
		return nil, fmt.Errorf("schema: pull: the models written do not read back (a bug in sqlmap): %w", err)
	}
	if err := checkPulledModels(ctx, db, actual, models); err != nil {
		return nil, err
	}
	p := &Pulled{Schema: actual, Models: models, Source: formatted, Notes: g.notes}
	for _, n := range actual.NotCompared {
		p.Notes = append(p.Notes, "not in the models or the baseline: "+n)
	}
	if err := p.baseline(ctx, db, nsp, opts); err != nil {
		return nil, err
	}
	return p, nil
}

// checkPulledModels is the round trip: the models, as PostgreSQL spells
// them, must diff against the schema with no change. Whatever the writer
// got wrong or the model language cannot say is refused here, naming
// what a draft would do to it.
func checkPulledModels(ctx context.Context, db Beginner, actual, models *Schema) error {
	desired, err := Normalize(ctx, db, models)
	if err != nil {
		return fmt.Errorf("schema: pull: the models written are refused by PostgreSQL: %w", err)
	}
	diff, err := Diff(actual, desired, Options{})
	if err != nil {
		return fmt.Errorf("schema: pull: %w", err)
	}
	var errs []error
	for _, s := range PlanChanges(diff).Steps {
		obj := "table " + s.Table
		if s.Table == "" {
			obj = "schema"
			if e, ok := s.Change.(AddEnumValue); ok {
				obj = "enum " + e.Enum
			}
		}
		errs = append(errs, &PullError{Object: obj, Reason: fmt.Sprintf("the models cannot say it as the database has it: they would draft %q (%s)",
			s.Summary, strings.Join(s.Up, "; "))})
	}
	for _, u := range diff.Unmanaged {
		errs = append(errs, &PullError{Object: u, Reason: "has no model (a bug in sqlmap)"})
	}
	return errors.Join(errs...)
}

// Default headers of the baseline files.
const (
	pullUpHeader   = "-- Baseline: the schema as it was when sqlmap models pull adopted it. It creates the schema from nothing\n-- (a new database, CI); the database it was pulled from records it as applied without running it.\n"
	pullDownHeader = "-- Drops everything the baseline creates, in reverse order.\n"
)

// baseline plans the schema's creation from nothing, renders its files,
// and checks them in a scratch schema.
func (p *Pulled) baseline(ctx context.Context, db Beginner, nsp string, opts PullOptions) error {
	diff, err := Diff(&Schema{}, p.Schema, Options{})
	if err != nil {
		return fmt.Errorf("schema: pull: %w", err)
	}
	p.Baseline = PlanChanges(diff)
	p.Baseline.Namespace = nsp
	fo := Options{UpHeader: cmpOr(opts.UpHeader, pullUpHeader), DownHeader: cmpOr(opts.DownHeader, pullDownHeader)}
	p.Up, p.Down = fo.Format(p.Baseline)
	if p.Baseline.Empty() {
		return nil
	}
	up, down := p.Baseline.statements()
	return withScratch(ctx, db, "sqlmap_pull_", referencesClosed(p.Schema), func(tx pgx.Tx, scratch string) error {
		if i, err := execBatch(ctx, tx, up); err != nil {
			return &SelfCheckError{Step: "the baseline's up", SQL: at(up, i), Err: err}
		}
		got, err := inspectScratch(ctx, tx, scratch)
		if err != nil {
			return err
		}
		left, err := Diff(got, p.Schema, Options{Prune: true})
		if err != nil {
			return err
		}
		if len(left.Changes) > 0 {
			up, _ := Format(PlanChanges(left))
			return &SelfCheckError{Step: "the baseline's up", Diff: up}
		}
		if i, err := execBatch(ctx, tx, down); err != nil {
			return &SelfCheckError{Step: "the baseline's down", SQL: at(down, i), Err: err}
		}
		after, err := inspectScratch(ctx, tx, scratch)
		if err != nil {
			return err
		}
		if len(after.Tables) > 0 || len(after.Enums) > 0 {
			return &SelfCheckError{Step: "the baseline's down", Diff: after.Dump()}
		}
		return nil
	})
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// typeKind is what the catalog says of a column's type (its element
// type, for an array) when the schema itself defines it: an enum, which
// the models declare, or anything else, which they cannot.
type typeKind struct {
	table, column, typ string
	kind               string // pg_type.typtype: d domain, c composite, r range, m multirange, b base, p pseudo
	extension          string // the extension that created it, if one did
}

const columnTypesSQL = `
SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), t.typtype::text,
       coalesce((SELECT e.extname::text FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                 WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'), '')
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t0 ON t0.oid = a.atttypid
JOIN pg_type t ON t.oid = CASE WHEN t0.typcategory = 'A' AND t0.typelem <> 0 THEN t0.typelem ELSE t0.oid END
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
  AND t.typnamespace = n.oid AND t.typtype <> 'e'
ORDER BY 1, a.attnum`

// columnTypeKinds lists the columns of nsp whose type the schema defines
// and is not an enum: one catalog query, whatever the number of tables.
func columnTypeKinds(ctx context.Context, db Beginner, nsp string) (map[string]typeKind, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("schema: pull: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if nsp, err = enterNamespace(ctx, tx, nsp); err != nil {
		return nil, fmt.Errorf("schema: pull: %w", err)
	}
	out := map[string]typeKind{}
	err = catalogRows(ctx, tx, "column types", columnTypesSQL, nsp, func(rows pgx.Rows) error {
		var k typeKind
		if err := rows.Scan(&k.table, &k.column, &k.typ, &k.kind, &k.extension); err != nil {
			return err
		}
		out[k.table+"."+k.column] = k
		return nil
	})
	return out, err
}

// modelWriter writes the models file of a schema, and collects what it
// cannot write.
type modelWriter struct {
	s       *Schema
	kinds   map[string]typeKind
	nsp     string
	refused []error
	notes   []string
	imports map[string]bool
}

func (w *modelWriter) refuse(object, format string, args ...any) {
	w.refused = append(w.refused, &PullError{Object: object, Reason: fmt.Sprintf(format, args...)})
}

func (w *modelWriter) note(format string, args ...any) {
	w.notes = append(w.notes, fmt.Sprintf(format, args...))
}

// write renders the file. It is not formatted yet: format.Source lines
// the fields up.
func (w *modelWriter) write(pkg string) []byte {
	w.imports = map[string]bool{}
	var body bytes.Buffer
	if len(w.s.Enums) > 0 {
		body.WriteString("// The enum types of the schema: the models' columns name them in type=.\n//\n")
		for _, e := range w.s.Enums {
			if line, ok := w.enumDirective(e); ok {
				body.WriteString("//" + line + "\n")
			}
		}
		body.WriteString("\n")
	}
	typeNames := uniqueNames()
	for _, t := range w.s.Tables {
		w.table(&body, t, typeNames(singular(goName(t.Name, "Table"))))
	}

	var b bytes.Buffer
	where := "the connection's current schema"
	if w.nsp != "" {
		where = "schema " + w.nsp
	}
	fmt.Fprintf(&b, "// Models of the tables of %s, pulled from the database by sqlmap models pull:\n", where)
	b.WriteString("// one struct per table, with the tags and directives sqlmap reads back into the\n")
	b.WriteString("// same schema. Edit them, then draft the migration: sqlmap new-migration NAME.\n\n")
	fmt.Fprintf(&b, "package %s\n\n", pkg)
	if len(w.imports) > 0 {
		b.WriteString("import (\n")
		for _, p := range slices.Sorted(maps.Keys(w.imports)) {
			fmt.Fprintf(&b, "\t%q\n", p)
		}
		b.WriteString(")\n\n")
	}
	b.Write(body.Bytes())
	return b.Bytes()
}

var bareEnumValue = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (w *modelWriter) enumDirective(e *Enum) (string, bool) {
	if !identRE.MatchString(e.Name) {
		w.refuse("enum "+e.Name, "its name is not a plain identifier, which sqlmap:enum takes: rename it (ALTER TYPE ... RENAME TO)")
		return "", false
	}
	vals := make([]string, len(e.Values))
	for i, v := range e.Values {
		if strings.ContainsAny(v, "\n\r") {
			w.refuse("enum "+e.Name, "value %q holds a line break, which a //sqlmap:enum line cannot", v)
			return "", false
		}
		vals[i] = v
		if !bareEnumValue.MatchString(v) {
			vals[i] = sqlString(v)
		}
	}
	return fmt.Sprintf("sqlmap:enum %s (%s)", e.Name, strings.Join(vals, ", ")), true
}

// sqlString quotes s as the model language's SQL strings: in single
// quotes, quotes doubled, nothing else escaped (unquoteSQL reverses it).
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// columnEntryText writes a column name as a directive's list takes it:
// as it is when it is a plain identifier, else double-quoted.
func columnEntryText(name string) string {
	if identRE.MatchString(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

func columnEntries(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = columnEntryText(c)
	}
	return strings.Join(out, ", ")
}

// deferrableOption is the deferrable option of a field's tag.
func deferrableOption(d string) string {
	switch d {
	case DeferrableInitImm:
		return "deferrable"
	case DeferrableDefer:
		return "deferrable=deferred"
	}
	return ""
}

// table writes one struct: its directives, then a field per column.
func (w *modelWriter) table(b *bytes.Buffer, t *Table, typeName string) {
	obj := "table " + t.Name
	n0 := len(w.refused)
	if t.PartitionBy != "" {
		w.refuse(obj, "it is partitioned (PARTITION BY %s), which models cannot declare: leave it out of sqlmap's hands, or write its migrations by hand", t.PartitionBy)
		return
	}
	if !identRE.MatchString(t.Name) {
		w.refuse(obj, "its name is not a plain identifier (letters, digits, _ and $), which sqlmap:table takes: rename it (ALTER TABLE ... RENAME TO)")
		return
	}
	var dirs []string
	tags := map[string][]string{} // column -> options, in order
	opt := func(col string, o ...string) { tags[col] = append(tags[col], o...) }
	if t.Comment != "" {
		if strings.ContainsAny(t.Comment, "\n\r") {
			w.refuse(obj, "its comment holds a line break, which a //sqlmap:comment line cannot: COMMENT ON TABLE %s IS '...' on one line", QuoteIdent(t.Name))
		}
		dirs = append(dirs, "sqlmap:comment "+sqlString(t.Comment))
	}

	// Foreign keys first: a column's deferrable option applies to its
	// pk and unique tags too, which then become directives.
	fkDeferrable := map[string]string{}
	for _, fk := range t.ForeignKeys {
		w.foreignKey(t, fk, opt, fkDeferrable)
	}

	if pk := t.PrimaryKey; pk != nil {
		if pk.Name != "" && pk.Name != t.Name+"_pkey" {
			w.note("primary key %s of %s: models do not name primary keys; a database built from them names it %s_pkey", pk.Name, t.Name, t.Name)
		}
		inOrder := slices.IsSortedFunc(pk.Columns, func(a, b string) int {
			return slices.IndexFunc(t.Columns, func(c *Column) bool { return c.Name == a }) - slices.IndexFunc(t.Columns, func(c *Column) bool { return c.Name == b })
		})
		tagged := inOrder && pk.Deferrable == NotDeferrable
		for _, c := range pk.Columns {
			tagged = tagged && fkDeferrable[c] == NotDeferrable
		}
		if tagged {
			for _, c := range pk.Columns {
				opt(c, "pk")
			}
		} else {
			dirs = append(dirs, "sqlmap:pk ("+columnEntries(pk.Columns)+")"+deferrableSQL(pk.Deferrable))
		}
	}
	for _, u := range t.Uniques {
		if strings.Contains(u.def, " NULLS NOT DISTINCT") || strings.Contains(u.def, " INCLUDE (") || strings.Contains(u.def, " WITH (") {
			w.refuse(fmt.Sprintf("unique constraint %s on %s", u.Name, t.Name), "%s: the models' unique constraints have no NULLS NOT DISTINCT, INCLUDE or WITH", u.def)
			continue
		}
		if len(u.Columns) == 1 && u.Name == t.Name+"_"+u.Columns[0]+"_key" && u.Deferrable == fkDeferrable[u.Columns[0]] {
			opt(u.Columns[0], "unique")
			continue
		}
		if !nameRE.MatchString(u.Name) || strings.Contains(u.Name, ".") {
			w.refuse(fmt.Sprintf("unique constraint %s on %s", u.Name, t.Name), "its name is not a plain identifier, which sqlmap:unique takes: rename it (ALTER TABLE ... RENAME CONSTRAINT)")
			continue
		}
		dirs = append(dirs, fmt.Sprintf("sqlmap:unique %s (%s)%s", u.Name, columnEntries(u.Columns), deferrableSQL(u.Deferrable)))
	}
	for _, ix := range t.Indexes {
		if line, ok := w.index(t, ix); ok {
			dirs = append(dirs, line)
		}
	}
	checked := map[string]bool{}
	for _, ck := range t.Checks {
		obj := fmt.Sprintf("check constraint %s on %s", ck.Name, t.Name)
		if strings.HasSuffix(ck.def, " NOT VALID") || strings.HasSuffix(ck.def, " NO INHERIT") {
			w.refuse(obj, "%s: the models' checks are neither NOT VALID nor NO INHERIT: validate it first (ALTER TABLE %s VALIDATE CONSTRAINT %s)", ck.def, QuoteIdent(t.Name), QuoteIdent(ck.Name))
			continue
		}
		// A column's check tag is named <table>_<column>_check by
		// PostgreSQL: a check of that name can be one.
		rest, named := strings.CutPrefix(ck.Name, t.Name+"_")
		col, named2 := strings.CutSuffix(rest, "_check")
		if named && named2 && t.Column(col) != nil && !checked[col] {
			checked[col] = true
			opt(col, "check="+ck.Expr)
			continue
		}
		if !nameRE.MatchString(ck.Name) || strings.Contains(ck.Name, ".") {
			w.refuse(obj, "its name is not a plain identifier, which sqlmap:check takes: rename it (ALTER TABLE ... RENAME CONSTRAINT)")
			continue
		}
		if strings.ContainsAny(ck.Expr, "\n\r") {
			w.refuse(obj, "its expression spans lines, which a //sqlmap:check line cannot hold")
			continue
		}
		dirs = append(dirs, fmt.Sprintf("sqlmap:check %s (%s)", ck.Name, ck.Expr))
	}

	fieldNames := uniqueNames()
	type field struct{ name, typ, tag string }
	var fields []field
	for _, c := range t.Columns {
		typ, colOpts, ok := w.column(t, c)
		if !ok {
			continue
		}
		all := append(colOpts, tags[c.Name]...)
		slices.SortStableFunc(all, func(a, b string) int { return optionRank(a) - optionRank(b) })
		fields = append(fields, field{fieldNames(goName(c.Name, "Column")), typ, structTag(c.Name, all)})
	}
	if len(w.refused) > n0 {
		return
	}
	fmt.Fprintf(b, "// %s is a row of table %s.\n//\n//sqlmap:table %s\n", typeName, t.Name, t.Name)
	for _, d := range dirs {
		b.WriteString("//" + d + "\n")
	}
	fmt.Fprintf(b, "type %s struct {\n", typeName)
	for _, f := range fields {
		fmt.Fprintf(b, "\t%s %s %s\n", f.name, f.typ, f.tag)
	}
	b.WriteString("}\n\n")
}

// foreignKey writes a foreign key as its column's references= option.
func (w *modelWriter) foreignKey(t *Table, fk *ForeignKey, opt func(string, ...string), deferrable map[string]string) {
	obj := fmt.Sprintf("foreign key %s on %s", fk.Name, t.Name)
	switch {
	case len(fk.Columns) != 1:
		w.refuse(obj, "it spans columns (%s): a model's references= is one column's, and the model language has no directive for a key of several", strings.Join(fk.Columns, ", "))
		return
	case w.s.Table(fk.RefTable) == nil:
		w.refuse(obj, "it refers to a table of another schema (%s); models describe one schema", fk.def)
		return
	case strings.Contains(fk.def, " MATCH "), strings.HasSuffix(fk.def, " NOT VALID"),
		strings.Contains(fk.def, " SET NULL ("), strings.Contains(fk.def, " SET DEFAULT ("):
		w.refuse(obj, "%s: a model's references= has no MATCH, NOT VALID or column list for SET NULL/SET DEFAULT", fk.def)
		return
	case !identRE.MatchString(fk.RefTable) || !identRE.MatchString(fk.RefColumns[0]):
		w.refuse(obj, "it refers to %s(%s), which references= cannot spell: the table and column must be plain identifiers", fk.RefTable, fk.RefColumns[0])
		return
	}
	col := fk.Columns[0]
	if _, dup := deferrable[col]; dup {
		w.refuse(obj, "column %s has another foreign key already, and a field's tag holds one references=", col)
		return
	}
	if fk.Name != t.Name+"_"+col+"_fkey" {
		w.note("foreign key %s of %s: models do not name foreign keys; a database built from them names it %s_%s_fkey", fk.Name, t.Name, t.Name, col)
	}
	deferrable[col] = fk.Deferrable
	o := []string{fmt.Sprintf("references=%s(%s)", fk.RefTable, fk.RefColumns[0])}
	if fk.OnDelete != ActionNoAction {
		o = append(o, "ondelete="+fk.OnDelete)
	}
	if fk.OnUpdate != ActionNoAction {
		o = append(o, "onupdate="+fk.OnUpdate)
	}
	if d := deferrableOption(fk.Deferrable); d != "" {
		o = append(o, d)
	}
	opt(col, o...)
}

// index writes an index as a sqlmap:index directive: PostgreSQL's own
// definition after USING is what the directive takes (entries, INCLUDE,
// WITH, WHERE), so it is written as PostgreSQL prints it.
func (w *modelWriter) index(t *Table, ix *Index) (string, bool) {
	obj := fmt.Sprintf("index %s on %s", ix.Name, t.Name)
	switch {
	case ix.Unique:
		w.refuse(obj, "it is a unique index, and the models declare unique constraints (sqlmap:unique), not unique indexes: on plain columns, make it one "+
			"(ALTER TABLE %s ADD CONSTRAINT %s UNIQUE USING INDEX %s); on expressions or with WHERE, the model language cannot say it", QuoteIdent(t.Name), QuoteIdent(ix.Name), QuoteIdent(ix.Name))
		return "", false
	case !nameRE.MatchString(ix.Name) || strings.Contains(ix.Name, "."):
		w.refuse(obj, "its name is not a plain identifier, which sqlmap:index takes: rename it (ALTER INDEX ... RENAME TO)")
		return "", false
	}
	rest, ok := strings.CutPrefix(ix.def, ix.Method+" ")
	if !ok || !strings.HasPrefix(rest, "(") {
		w.refuse(obj, "its definition (%s) does not read as a method and a list of entries", ix.def)
		return "", false
	}
	if strings.ContainsAny(rest, "\n\r") {
		w.refuse(obj, "its definition spans lines, which a //sqlmap:index line cannot hold")
		return "", false
	}
	using := ""
	if ix.Method != "btree" {
		using = "USING " + ix.Method + " "
	}
	return fmt.Sprintf("sqlmap:index %s %s%s", ix.Name, using, rest), true
}

// naturalTypes are the column types a Go type maps to by itself (types.go),
// as format_type spells them: those columns need no type=.
var naturalTypes = map[string]string{
	"bigint":                   "int64",
	"integer":                  "int32",
	"smallint":                 "int16",
	"text":                     "string",
	"boolean":                  "bool",
	"double precision":         "float64",
	"real":                     "float32",
	"timestamp with time zone": "time.Time",
	"bytea":                    "[]byte",
	"jsonb":                    "json.RawMessage",
}

// typedGoTypes are the Go types of the columns that need type= and have
// a better Go type than string.
var typedGoTypes = map[string]string{
	"timestamp without time zone": "time.Time",
	"date":                        "time.Time",
	"json":                        "json.RawMessage",
}

// shortTypes are the spellings of type= for format_type's long names.
var shortTypes = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`^character varying`), "varchar"},
	{regexp.MustCompile(`^character\b`), "char"},
	{regexp.MustCompile(`^timestamp(\(\d+\))? without time zone`), "timestamp$1"},
	{regexp.MustCompile(`^timestamp(\(\d+\))? with time zone`), "timestamptz$1"},
	{regexp.MustCompile(`^time(\(\d+\))? without time zone`), "time$1"},
	{regexp.MustCompile(`^time(\(\d+\))? with time zone`), "timetz$1"},
	{regexp.MustCompile(`^bit varying`), "varbit"},
}

func shortType(t string) string {
	for _, s := range shortTypes {
		if s.re.MatchString(t) {
			return s.re.ReplaceAllString(t, s.repl)
		}
	}
	return t
}

// goType is the Go type of a column of SQL type typ, and the type= it
// needs ("" for none).
func goTypeOf(typ string) (goTyp, typeOpt string) {
	base, array := strings.CutSuffix(typ, "[]")
	if g, ok := naturalTypes[base]; ok {
		if array {
			return "[]" + g, ""
		}
		return g, ""
	}
	g, ok := typedGoTypes[base]
	if !ok {
		g = "string"
	}
	if array {
		return "[]" + g, shortType(base) + "[]"
	}
	return g, shortType(base)
}

// serialTypesOf are the serial types by the integer type they make.
var serialTypesOf = map[string]string{"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}

// column writes a column's Go type and its own tag options.
func (w *modelWriter) column(t *Table, c *Column) (string, []string, bool) {
	obj := "column " + t.Name + "." + c.Name
	if strings.Contains(c.Name, ",") || c.Name == "-" {
		w.refuse(obj, "a db tag cannot name it (a comma ends the name, and - skips the field): rename it (ALTER TABLE ... RENAME COLUMN)")
		return "", nil, false
	}
	if k, ok := w.kinds[t.Name+"."+c.Name]; ok {
		if k.extension == "" || k.kind != "b" {
			what := map[string]string{"d": "a domain", "c": "a composite type", "r": "a range type", "m": "a multirange type", "b": "a base type", "p": "a pseudo-type"}[k.kind]
			w.refuse(obj, "its type %s is %s of the schema, which neither the models nor the baseline create: sqlmap manages tables and enums only", k.typ, cmpOr(what, "a type"))
			return "", nil, false
		}
		w.note("column %s.%s has type %s of extension %s: the baseline does not create extensions; a new database needs CREATE EXTENSION %s before it", t.Name, c.Name, k.typ, k.extension, k.extension)
	}
	goTyp, typeOpt := goTypeOf(c.Type)
	var o []string
	def := c.Default
	if c.OwnedSequence != "" {
		serial, ok := serialTypesOf[c.Type]
		want := QuoteIdent(t.Name + "_" + c.Name + "_seq")
		if !ok || !c.NotNull || c.OwnedSequence != want || c.Default != "nextval('"+strings.ReplaceAll(c.OwnedSequence, "'", "''")+"'::regclass)" {
			w.refuse(obj, "it owns sequence %s and defaults to %s, which type=serial cannot give: a serial column of %s is NOT NULL, with sequence %s; "+
				"rename the sequence (ALTER SEQUENCE ... RENAME TO), or make the column an identity column", c.OwnedSequence, cmpOr(c.Default, "nothing"), t.Name, want)
			return "", nil, false
		}
		typeOpt, def = serial, ""
	} else if strings.Contains(c.Default, "nextval(") {
		w.refuse(obj, "its default %s takes values from a sequence the column does not own, which neither the models nor the baseline create: make it an identity column, or own the sequence (ALTER SEQUENCE ... OWNED BY)", c.Default)
		return "", nil, false
	}
	if !c.NotNull {
		// Nullability is the Go type's: a pointer may be nil.
		goTyp = "*" + goTyp
	}
	switch c.Identity {
	case IdentityByDefault:
		o = append(o, "identity")
	case IdentityAlways:
		o = append(o, "identity=always")
	}
	if c.IdentityOptions != "" {
		o = append(o, "identity_options="+c.IdentityOptions)
	}
	if typeOpt != "" {
		o = append(o, "type="+typeOpt)
	}
	if def != "" {
		o = append(o, "default="+def)
	}
	if c.Generated != "" {
		o = append(o, "generated="+c.Generated)
	}
	if c.Collation != "" {
		o = append(o, "collate="+c.Collation)
	}
	if c.Comment != "" {
		o = append(o, "comment="+sqlString(c.Comment))
	}
	switch {
	case strings.Contains(goTyp, "time."):
		w.imports["time"] = true
	case strings.Contains(goTyp, "json."):
		w.imports["encoding/json"] = true
	}
	return goTyp, o, true
}

// optionOrder is the order of a tag's options: the key first, the
// comment last, as a person writes them.
var optionOrder = []string{"pk", "identity", "identity_options", "type", "default", "generated", "collate", "unique",
	"references", "ondelete", "onupdate", "deferrable", "check", "comment"}

func optionRank(opt string) int {
	key, _, _ := strings.Cut(opt, "=")
	return slices.Index(optionOrder, key)
}

// structTag is a field's tag: its column in db, its options in sqlmap,
// each value quoted as reflect.StructTag unquotes it, the whole as a raw
// string unless it holds a backquote.
func structTag(column string, opts []string) string {
	tag := "db:" + strconv.Quote(column)
	if len(opts) > 0 {
		tag += " sqlmap:" + strconv.Quote(strings.Join(opts, ","))
	}
	if strings.Contains(tag, "`") {
		return strconv.Quote(tag)
	}
	return "`" + tag + "`"
}

// initialisms are written in capitals in Go names, as Go spells them.
var initialisms = map[string]bool{"id": true, "url": true, "uri": true, "http": true, "https": true, "json": true, "xml": true,
	"api": true, "uuid": true, "sql": true, "ip": true, "html": true, "tls": true, "ssh": true, "uid": true, "db": true}

// goName turns an SQL name into an exported Go identifier: user_id →
// UserID. An identifier Go refuses gets a prefix.
func goName(sql, fallback string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(sql, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if initialisms[strings.ToLower(part)] {
			b.WriteString(strings.ToUpper(part))
			continue
		}
		rs := []rune(part)
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	name := b.String()
	if name == "" {
		return fallback
	}
	if !token.IsIdentifier(name) || !token.IsExported(name) {
		name = "X" + name
	}
	return name
}

// singular makes a table's type name singular the simple ways English
// does (users → User, categories → Category, addresses → Address), and
// leaves alone what it cannot tell (status, news).
func singular(name string) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, "ies") && len(name) > 3:
		return name[:len(name)-3] + "y"
	case strings.HasSuffix(lower, "sses"), strings.HasSuffix(lower, "xes"), strings.HasSuffix(lower, "ches"), strings.HasSuffix(lower, "shes"):
		return name[:len(name)-2]
	case strings.HasSuffix(lower, "s") && !strings.HasSuffix(lower, "ss") && !strings.HasSuffix(lower, "us") && !strings.HasSuffix(lower, "is") && len(name) > 1:
		return name[:len(name)-1]
	}
	return name
}

// uniqueNames returns a function that makes each name it is given
// unique among those it gave, by a number after it.
func uniqueNames() func(string) string {
	seen := map[string]bool{}
	return func(n string) string {
		name := n
		for i := 2; seen[name]; i++ {
			name = n + strconv.Itoa(i)
		}
		seen[name] = true
		return name
	}
}

// readModelSource reads the models file as [LoadModels] does, without a
// module or the go command: it is parsed and type-checked in memory
// against the two standard packages it may import, reduced to the types
// it uses, and handed to the same reader.
func readModelSource(file string, src []byte) (*Schema, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: pullImporter()}
	tpkg, err := conf.Check(f.Name.Name, fset, []*ast.File{f}, info)
	if err != nil {
		return nil, err
	}
	pkg := &packages.Package{Name: f.Name.Name, PkgPath: f.Name.Name, Fset: fset, Syntax: []*ast.File{f}, Types: tpkg, TypesInfo: info}
	var errs errList
	r := pkgReader{pkg: pkg, env: &loadEnv{fset: fset, dir: "."}, errs: &errs}
	r.read()
	return finish(errs, r.defs, r.enums)
}

// pullImporter imports the packages a models file may use, as far as
// the reader looks at them: time.Time (a struct that scans itself) and
// json.RawMessage (a []byte of its own name).
func pullImporter() types.Importer {
	timePkg := types.NewPackage("time", "time")
	timeType := types.NewNamed(types.NewTypeName(token.NoPos, timePkg, "Time", nil), types.NewStruct(nil, nil), nil)
	timePkg.Scope().Insert(timeType.Obj())
	timePkg.MarkComplete()
	jsonPkg := types.NewPackage("encoding/json", "json")
	raw := types.NewNamed(types.NewTypeName(token.NoPos, jsonPkg, "RawMessage", nil), types.NewSlice(types.Typ[types.Byte]), nil)
	jsonPkg.Scope().Insert(raw.Obj())
	jsonPkg.MarkComplete()
	pkgs := map[string]*types.Package{"time": timePkg, "encoding/json": jsonPkg}
	return importerFunc(func(path string) (*types.Package, error) {
		if p, ok := pkgs[path]; ok {
			return p, nil
		}
		return nil, fmt.Errorf("package %s is not one a models file imports", path)
	})
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
