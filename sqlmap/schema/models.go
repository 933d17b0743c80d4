package schema

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/sqlmap-go/sqlmap/internal/layout"
	"github.com/sqlmap-go/sqlmap/scanner"
)

// tableDef is a struct that a reader found to be a table.
type tableDef struct {
	name string
	// source is Table.Source, and starts the table's error messages.
	source     string
	typ        goType
	directives []directive
}

// errList collects errors, so that one run reports every mistake in the
// models rather than one per run.
type errList []error

func (e *errList) add(format string, args ...any) {
	*e = append(*e, fmt.Errorf("schema: "+format, args...))
}

func (e errList) err() error { return errors.Join(e...) }

// modelField is a field that becomes a column.
type modelField struct {
	column string
	field  goField
	// underPointer is set for a field of a pointer-to-struct field (result
	// structs only), which the scanner leaves nil when all its columns are
	// NULL.
	underPointer bool
}

// columnFields lists a struct's columns by the one layout walk the
// scanner uses too (package layout), so that a table has the columns its
// rows are scanned into. Flat (tables): where the scanner would prefix
// the columns of a named struct field ("address.city"), it reports an
// error instead. Otherwise (result structs) it prefixes them as the
// scanner does. Problems are added to errs.
func columnFields(t goType, flat bool, errs *errList) []modelField {
	cols, problems := layout.Walk(layoutType{t}, layout.Options{Flat: flat, ColumnName: scanner.ColumnName})
	for _, p := range problems {
		f := p.Path[len(p.Path)-1].Data.(goField)
		switch p.Kind {
		case layout.Cycle:
			errs.add("%s: struct %s contains itself", f.where, p.Type)
		case layout.NestedStruct:
			errs.add("%s: %s is a struct of columns: use sqlmap:\"json\" or embed it", f.where, f.typ)
		case layout.PointerToPointer:
			errs.add("%s: pointer to pointer to struct is not supported", f.where)
		case layout.SameColumn:
			errs.add("%s: column %q is also mapped by %s: rename one with a db tag", f.where, p.Column, p.Other[len(p.Other)-1].Data.(goField).source)
		}
	}
	out := make([]modelField, len(cols))
	for i, c := range cols {
		out[i] = modelField{column: c.Name, field: c.Field().Data.(goField)}
		for _, on := range c.Path[:len(c.Path)-1] {
			out[i].underPointer = out[i].underPointer || on.Type.Kind() == reflect.Pointer
		}
	}
	return out
}

// layoutType is a goType as the layout walk sees types.
type layoutType struct{ t goType }

func (l layoutType) Kind() reflect.Kind { return l.t.kind() }
func (l layoutType) Elem() layout.Type  { return layoutType{l.t.elem()} }
func (l layoutType) NumField() int      { return l.t.numField() }
func (l layoutType) ScansItself() bool  { return l.t.scalar() }
func (l layoutType) Key() any           { return l.t.key() }
func (l layoutType) String() string     { return l.t.String() }

func (l layoutType) Field(i int) layout.Field {
	f := l.t.field(i)
	return layout.Field{Name: f.name, Tag: f.tag, Anonymous: f.anonymous, Exported: f.exported, Type: layoutType{f.typ}, Data: f}
}

// finish builds the schema and reports the reader's errors together with
// the builder's.
func finish(errs errList, defs []tableDef, enums []directive) (*Schema, error) {
	s, err := buildSchema(defs, enums)
	if len(errs) > 0 {
		return nil, errors.Join(append(errs, err)...)
	}
	return s, err
}

// tableName is the name given by the sqlmap:table directives, if any.
func tableName(dirs []directive) (string, error) {
	name := ""
	for _, d := range dirs {
		if d.verb != dirTable {
			continue
		}
		if name != "" && d.name != name {
			return "", fmt.Errorf("schema: %s: sqlmap:table %s: the table is already named %s", d.source, d.name, name)
		}
		name = d.name
	}
	return name, nil
}

// fkRef remembers where a foreign key was declared, to report a reference
// to a column that the referenced model lacks.
type fkRef struct {
	fk    *ForeignKey
	where string
}

// buildSchema turns what a reader found into a Schema: tables sorted by
// name, enums sorted by name, columns in field order, constraints in field
// order and then in directive order.
func buildSchema(defs []tableDef, enumDirs []directive) (*Schema, error) {
	var errs errList
	s := &Schema{}
	var refs []fkRef
	byName := map[string]*tableDef{}
	for i := range defs {
		d := &defs[i]
		if prev, dup := byName[d.name]; dup {
			errs.add("%s: table %q is also defined by %s", d.source, d.name, prev.source)
			continue
		}
		byName[d.name] = d
		t, r := buildTable(d, &errs)
		s.Tables = append(s.Tables, t)
		refs = append(refs, r...)
	}
	for _, r := range refs {
		rt := s.Table(r.fk.RefTable)
		if rt == nil {
			continue // a table the models do not manage
		}
		for _, c := range r.fk.RefColumns {
			if rt.Column(c) == nil {
				errs.add("%s: references %s(%s): table %q has no column %q", r.where, r.fk.RefTable, c, rt.Name, c)
			}
		}
	}
	for _, d := range enumDirs {
		if prev := s.Enum(d.name); prev != nil {
			if !slices.Equal(prev.Values, d.list) {
				errs.add("%s: sqlmap:enum %s is declared differently at %s", d.source, d.name, prev.Source)
			}
			continue
		}
		if t, ok := byName[d.name]; ok {
			errs.add("%s: sqlmap:enum %s: the name is taken by the table of %s", d.source, d.name, t.source)
			continue
		}
		seen := map[string]bool{}
		for _, v := range d.list {
			if seen[v] {
				errs.add("%s: sqlmap:enum %s: value %q is listed twice", d.source, d.name, v)
			}
			seen[v] = true
		}
		s.Enums = append(s.Enums, &Enum{Name: d.name, Values: d.list, Source: d.source})
	}
	// Every mistake at once: a tag that does not parse, and the names
	// and texts of the fields that do.
	if err := errors.Join(errs.err(), s.validate()); err != nil {
		return nil, err
	}
	slices.SortFunc(s.Tables, func(a, b *Table) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(s.Enums, func(a, b *Enum) int { return strings.Compare(a.Name, b.Name) })
	return s, nil
}

func buildTable(d *tableDef, errs *errList) (*Table, []fkRef) {
	fields := columnFields(d.typ, true, errs)

	t := &Table{Name: d.name, Source: d.source}
	var (
		pk           []string
		pkDeferrable string
		refs         []fkRef
	)
	for _, mf := range fields {
		f := mf.field
		// The column is kept even when its tag or type is wrong, so that
		// directives naming it do not add errors of their own.
		col := &Column{Name: mf.column, NotNull: !nullable(f.typ), Source: f.source}
		t.Columns = append(t.Columns, col)
		opts, err := parseColumnOptions(f.tag.Get("sqlmap"))
		if err != nil {
			errs.add("%s: sqlmap tag: %w", f.where, err)
			continue
		}
		col.Default, col.Identity, col.Comment, col.RenamedFrom = opts.def, opts.identity, opts.comment, opts.renamedFrom
		col.Collation, col.IdentityOptions = opts.collate, opts.identityOpt
		col.Generated = opts.generated
		switch {
		case opts.typ != "":
			col.Type = opts.typ
		case opts.json:
			col.Type = "jsonb"
		default:
			typ, ok := sqlType(f.typ)
			if !ok {
				errs.add("%s: Go type %s has no PostgreSQL type: give one with sqlmap:\"type=...\"", f.where, f.typ)
				continue
			}
			col.Type = typ
		}
		if opts.pk {
			pk = append(pk, col.Name)
			pkDeferrable = cmp.Or(pkDeferrable, opts.deferrable)
		}
		if opts.unique {
			t.Uniques = append(t.Uniques, &Unique{Columns: []string{col.Name}, Deferrable: opts.deferrable})
		}
		if opts.index {
			// Index entries are SQL (a column or an expression): the
			// column is written as PostgreSQL must read it.
			t.Indexes = append(t.Indexes, &Index{Columns: []string{QuoteIdent(col.Name)}, Source: f.where})
		}
		if opts.refTable != "" {
			fk := &ForeignKey{
				Columns:    []string{col.Name},
				RefTable:   opts.refTable,
				RefColumns: []string{opts.refColumn},
				OnDelete:   opts.onDelete,
				OnUpdate:   opts.onUpdate,
				Deferrable: opts.deferrable,
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
			refs = append(refs, fkRef{fk: fk, where: f.where})
		}
		if opts.check != "" {
			t.Checks = append(t.Checks, &Check{Expr: opts.check, Column: col.Name, Source: f.where})
		}
	}
	if pk != nil {
		t.PrimaryKey = &PrimaryKey{Columns: pk, Deferrable: pkDeferrable}
	}

	applyDirectives(t, d.directives, errs)
	return t, refs
}

// applyDirectives adds to t what its //sqlmap: directives declare: a
// comment, a primary key, uniques, indexes and checks, checking the
// columns they name.
func applyDirectives(t *Table, directives []directive, errs *errList) {
	// checkColumns checks the entries of a directive that name columns,
	// plain or double-quoted; columnNames gives the names as PostgreSQL
	// holds them, for the lists that take only columns (pk, unique).
	checkColumns := func(dir directive) {
		for _, c := range append(slices.Clone(dir.list), dir.include...) {
			// Expressions such as lower(email) cannot be checked here;
			// PostgreSQL will when the models are applied.
			if dir.verb == dirIndex {
				c, _ = splitIndexEntry(c)
			}
			if n, ok := columnEntry(c); ok && t.Column(n) == nil {
				errs.add("%s: %s: table %q has no column %q", dir.source, dir.label(), t.Name, n)
			}
		}
	}
	columnNames := func(dir directive) []string {
		out := make([]string, len(dir.list))
		for i, c := range dir.list {
			out[i] = c
			if n, ok := columnEntry(c); ok {
				out[i] = n
			}
		}
		return out
	}
	// indexEntries quotes the entries that name a column, so that a
	// reserved word or a mixed-case name indexes that column.
	indexEntries := func(list []string) []string {
		if len(list) == 0 {
			return nil
		}
		out := make([]string, len(list))
		for i, c := range list {
			out[i] = c
			expr, opts := splitIndexEntry(c)
			if n, ok := columnEntry(expr); ok {
				out[i] = strings.TrimSpace(QuoteIdent(n) + " " + opts)
			}
		}
		return out
	}
	for _, dir := range directives {
		switch dir.verb {
		case dirComment:
			if t.Comment != "" {
				errs.add("%s: sqlmap:comment: table %q already has a comment", dir.source, t.Name)
			}
			t.Comment = dir.expr
		case dirPK:
			checkColumns(dir)
			if t.PrimaryKey != nil {
				errs.add("%s: sqlmap:pk: table %q already has a primary key (pk tags or another sqlmap:pk)", dir.source, t.Name)
				continue
			}
			t.PrimaryKey = &PrimaryKey{Columns: columnNames(dir), Deferrable: dir.deferrable}
		case dirUnique:
			checkColumns(dir)
			t.Uniques = append(t.Uniques, &Unique{Name: dir.name, Columns: columnNames(dir), Deferrable: dir.deferrable})
		case dirIndex:
			checkColumns(dir)
			t.Indexes = append(t.Indexes, &Index{Name: dir.name, Columns: indexEntries(dir.list), Include: indexEntries(dir.include),
				With: dir.with, Where: dir.expr, Method: dir.method, Source: dir.source})
		case dirCheck:
			t.Checks = append(t.Checks, &Check{Name: dir.name, Expr: dir.expr, Source: dir.source})
		}
	}
}

// columnEntry reads a directive entry that names a column: a plain
// identifier as written (a column named UserName is written UserName,
// as in its db tag), or a double-quoted one.
func columnEntry(s string) (string, bool) {
	switch {
	case identRE.MatchString(s):
		return s, true
	case quotedIdent(s):
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`), true
	}
	return "", false
}
