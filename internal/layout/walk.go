package layout

import (
	"reflect"
	"strings"
)

// Type is a Go type as a reader sees it: reflection at run time, go/types
// when the models are read from source.
type Type interface {
	// Kind is the kind of the underlying type.
	Kind() reflect.Kind
	// Elem is the element type of a pointer.
	Elem() Type
	// NumField and Field list a struct's fields.
	NumField() int
	Field(i int) Field
	// ScansItself reports whether a value of the type (under any
	// pointers) is read from one column as a whole: [ScansItself] on
	// what the reader can tell.
	ScansItself() bool
	// Key identifies the type, to stop at a struct that contains itself.
	Key() any
	String() string
}

// Field is a struct field.
type Field struct {
	Name                string
	Tag                 reflect.StructTag
	Anonymous, Exported bool
	Type                Type
	// Data is the reader's own record of the field (a
	// reflect.StructField, a position in a file), handed back in
	// [Column] and [Problem] paths.
	Data any
}

// Column is a field that becomes a column.
type Column struct {
	// Name is the column name, prefixed by "parent." below a named struct
	// field.
	Name string
	// Depth is the number of structs entered to reach it (0 for a field
	// of the root struct).
	Depth int
	// Path is the fields from the root struct's to the column's own, the
	// last.
	Path []Field
}

// Field is the column's own field.
func (c Column) Field() Field { return c.Path[len(c.Path)-1] }

// ProblemKind is what is wrong with a struct's layout.
type ProblemKind int

// The problems a walk finds.
const (
	// Cycle: the type of Path's last field is a struct that contains
	// the field (Type is that struct).
	Cycle ProblemKind = iota + 1
	// NestedStruct: in a flat walk, Path's last field is a named struct
	// of columns.
	NestedStruct
	// PointerToPointer: Path's last field is a pointer to a pointer to a
	// struct of columns.
	PointerToPointer
	// SameColumn: Path's last field maps to Column, which Other (a field
	// at the same depth) maps to already.
	SameColumn
)

// Problem is one thing that keeps a struct from laying out as columns.
type Problem struct {
	Kind   ProblemKind
	Path   []Field
	Type   Type
	Column string
	Other  []Field
}

// Options tune a walk.
type Options struct {
	// Flat makes a named struct field of columns a [NestedStruct]
	// problem instead of prefixing its columns (tables are flat; result
	// structs and scan targets are not).
	Flat bool
	// ColumnName names the column of a field without a db tag.
	ColumnName func(goName string) string
}

// Walk lays out the struct type t as columns, in declaration order with
// embedded structs in place, and lists every problem found.
func Walk(t Type, opts Options) ([]Column, []Problem) {
	w := &walker{opts: opts, byName: map[string]int{}, seen: map[any]bool{t.Key(): true}}
	w.walk(t, nil, "", 0)
	cols := w.cols[:0]
	for _, c := range w.cols {
		if c.Path != nil {
			cols = append(cols, c)
		}
	}
	return cols, w.problems
}

type walker struct {
	opts     Options
	cols     []Column       // a removed column keeps its place with a nil Path
	byName   map[string]int // index into cols
	seen     map[any]bool   // structs on the current path, to stop cycles
	problems []Problem
}

func (w *walker) problem(p Problem) { w.problems = append(w.problems, p) }

func deref(t Type) Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func (w *walker) walk(t Type, path []Field, prefix string, depth int) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, tagged, skip := dbTag(f.Tag)
		if skip {
			continue
		}
		base := deref(f.Type)
		if !f.Exported && !(f.Anonymous && base.Kind() == reflect.Struct) {
			continue
		}
		fpath := append(path[:len(path):len(path)], f)
		if base.Kind() == reflect.Struct && !base.ScansItself() && !HasOption(f.Tag.Get("sqlmap"), "json") {
			w.nested(f, base, fpath, prefix, tag, tagged, depth)
			continue
		}
		if !f.Exported {
			continue
		}
		if tag == "" {
			tag = w.opts.ColumnName(f.Name)
		}
		w.column(Column{Name: prefix + tag, Depth: depth, Path: fpath})
	}
}

// nested enters a field whose type is a struct of columns.
func (w *walker) nested(f Field, base Type, path []Field, prefix, tag string, tagged bool, depth int) {
	// An embedded struct without a tag flattens into its parent; a named
	// one (or a tagged embedded one) prefixes its columns.
	sub := prefix
	if !f.Anonymous || (tagged && tag != "") {
		if w.opts.Flat {
			w.problem(Problem{Kind: NestedStruct, Path: path})
			return
		}
		if tag == "" {
			tag = w.opts.ColumnName(f.Name)
		}
		sub = prefix + tag + "."
	}
	if f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Pointer {
		w.problem(Problem{Kind: PointerToPointer, Path: path})
		return
	}
	k := base.Key()
	if w.seen[k] {
		w.problem(Problem{Kind: Cycle, Path: path, Type: base})
		return
	}
	w.seen[k] = true
	defer delete(w.seen, k)
	w.walk(base, path, sub, depth+1)
}

// column records c, unless a shallower field maps to its name already.
func (w *walker) column(c Column) {
	if i, dup := w.byName[c.Name]; dup {
		prev := w.cols[i]
		switch {
		case prev.Depth < c.Depth:
			return // the shallower field wins, as with Go's promotion rules
		case prev.Depth == c.Depth:
			w.problem(Problem{Kind: SameColumn, Path: c.Path, Column: c.Name, Other: prev.Path})
			return
		}
		w.cols[i].Path = nil
	}
	w.byName[c.Name] = len(w.cols)
	w.cols = append(w.cols, c)
}

// ScansItself is the one rule for whether a type is read from a single
// column as a whole, over what both readers of types can tell: anything
// that is not a struct; time.Time; pgx's own types; and structs whose
// pointer has a method starting with Scan (sql.Scanner's Scan, pgx's
// ScanText, ScanInt64, ScanUUID, ...), which want the whole value.
func ScansItself(isStruct bool, pkgPath, name string, pointerMethods []string) bool {
	switch {
	case !isStruct:
		return true
	case pkgPath == "time" && name == "Time":
		return true
	case strings.HasPrefix(pkgPath, "github.com/jackc/pgx/v5/"):
		return true
	}
	for _, m := range pointerMethods {
		if strings.HasPrefix(m, "Scan") {
			return true
		}
	}
	return false
}
