package scanner

import (
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/sqlmap-go/sqlmap/internal/layout"
)

// Field is one column-bearing field of a struct, found by [Map].
type Field struct {
	// Column is the column name: the db tag, else [ColumnName] of the Go
	// name, prefixed by "parent." for fields of a named (non-embedded)
	// struct field.
	Column string
	// Path is the Go path of the field, such as "User.Address.City", for
	// error messages.
	Path string
	// Name is the Go field name (the last element of Path).
	Name string
	// Index is the reflect index path from the root struct.
	Index []int
	// Type is the field's Go type.
	Type reflect.Type
	// Tag is the field's full struct tag, so that other readers (the schema
	// reader) see the sqlmap options without walking the struct again.
	Tag reflect.StructTag
	// Depth is the nesting depth (0 for a field of the root struct).
	Depth int

	// hops are the byte offsets between pointer dereferences: the field is
	// at *(*(base+hops[0])+hops[1])...+hops[n-1]. A field reached without
	// any pointer has a single hop.
	hops []uintptr
	// groups are the indexes into StructMap.groups of the pointer-to-struct
	// fields on the path, outermost first.
	groups []int
}

// Direct reports whether the field is reached from the root struct without
// following a pointer, so its address is a fixed offset from the root.
func (f *Field) Direct() bool { return len(f.hops) == 1 }

// Offset is the field's byte offset from the root struct; meaningful only
// when [Field.Direct] is true.
func (f *Field) Offset() uintptr { return f.hops[0] }

// group is a pointer-to-struct field on the way to some columns: it stays
// nil when every column below it is NULL.
type group struct {
	path   string
	hops   []uintptr // address of the pointer field itself, as in Field.hops
	elem   reflect.Type
	parent int // enclosing group, or -1
}

// StructMap is the column layout of a struct type: every leaf field and the
// column it maps to. It is computed once per type and shared.
type StructMap struct {
	// Type is the struct type.
	Type     reflect.Type
	fields   []*Field
	byColumn map[string]*Field
	groups   []group
}

// Fields lists the leaf fields in declaration order (embedded structs
// flattened in place).
func (m *StructMap) Fields() []*Field { return m.fields }

// Lookup returns the field for a column name.
func (m *StructMap) Lookup(column string) (*Field, bool) {
	f, ok := m.byColumn[column]
	return f, ok
}

var mapCache sync.Map // reflect.Type -> *StructMap or error

// Map returns the column layout of struct type t (or a pointer to one). The
// result is cached: the naming rule runs once per type.
func Map(t reflect.Type) (*StructMap, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v, ok := mapCache.Load(t); ok {
		if err, isErr := v.(error); isErr {
			return nil, err
		}
		return v.(*StructMap), nil
	}
	m, err := buildMap(t)
	if err != nil {
		mapCache.Store(t, err)
		return nil, err
	}
	v, _ := mapCache.LoadOrStore(t, m)
	if err, isErr := v.(error); isErr {
		return nil, err
	}
	return v.(*StructMap), nil
}

func buildMap(t reflect.Type) (*StructMap, error) {
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("scanner: %s is not a struct", t)
	}
	if IsScalar(t) {
		return nil, fmt.Errorf("scanner: %s scans as one value, not as a struct of columns", t)
	}
	cols, problems := layout.Walk(reflectType{t}, layout.Options{ColumnName: ColumnName})
	if len(problems) > 0 {
		return nil, problemError(t, problems[0])
	}
	m := &StructMap{Type: t, byColumn: map[string]*Field{}}
	groupOf := map[string]int{} // Go path of a pointer-to-struct field -> index in m.groups
	for _, c := range cols {
		m.fields = append(m.fields, m.field(t, c, groupOf))
		m.byColumn[c.Name] = m.fields[len(m.fields)-1]
	}
	return m, nil
}

// field builds the Field of column c: its reflect index path, and the
// hops and pointer-to-struct groups on the way to it.
func (m *StructMap) field(root reflect.Type, c layout.Column, groupOf map[string]int) *Field {
	leaf := c.Field().Data.(reflect.StructField)
	f := &Field{Column: c.Name, Path: goPath(root, c.Path), Name: leaf.Name, Type: leaf.Type, Tag: leaf.Tag, Depth: c.Depth, hops: []uintptr{0}}
	parent := -1
	for i, lf := range c.Path {
		sf := lf.Data.(reflect.StructField)
		f.Index = append(f.Index, sf.Index[0])
		f.hops[len(f.hops)-1] += sf.Offset
		if i == len(c.Path)-1 || sf.Type.Kind() != reflect.Pointer {
			continue
		}
		// A pointer to a struct on the way: it stays nil when every
		// column below it is NULL.
		path := goPath(root, c.Path[:i+1])
		g, ok := groupOf[path]
		if !ok {
			m.groups = append(m.groups, group{path: path, hops: slices.Clone(f.hops), elem: sf.Type.Elem(), parent: parent})
			g = len(m.groups) - 1
			groupOf[path] = g
		}
		f.groups = append(f.groups, g)
		parent = g
		f.hops = append(f.hops, 0)
	}
	return f
}

// goPath spells a field path as Go does: "User.Address.City".
func goPath(root reflect.Type, path []layout.Field) string {
	var b strings.Builder
	b.WriteString(typeName(root))
	for _, f := range path {
		b.WriteString(".")
		b.WriteString(f.Name)
	}
	return b.String()
}

func problemError(root reflect.Type, p layout.Problem) error {
	path := goPath(root, p.Path)
	switch p.Kind {
	case layout.Cycle:
		return fmt.Errorf("scanner: %s: struct %s contains itself", path, p.Type)
	case layout.PointerToPointer:
		return fmt.Errorf("scanner: %s: pointer to pointer to struct is not supported", path)
	case layout.SameColumn:
		return fmt.Errorf("scanner: %s and %s both map to column %q: rename one with a db tag", goPath(root, p.Other), path, p.Column)
	}
	return fmt.Errorf("scanner: %s: cannot lay out as columns", path)
}

// reflectType is the scanner's view of a type for the layout walk.
type reflectType struct{ t reflect.Type }

func (r reflectType) Kind() reflect.Kind { return r.t.Kind() }
func (r reflectType) Elem() layout.Type  { return reflectType{r.t.Elem()} }
func (r reflectType) NumField() int      { return r.t.NumField() }
func (r reflectType) ScansItself() bool  { return IsScalar(r.t) }
func (r reflectType) Key() any           { return r.t }
func (r reflectType) String() string     { return r.t.String() }

func (r reflectType) Field(i int) layout.Field {
	sf := r.t.Field(i)
	return layout.Field{Name: sf.Name, Tag: sf.Tag, Anonymous: sf.Anonymous, Exported: sf.IsExported(), Type: reflectType{sf.Type}, Data: sf}
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func typeName(t reflect.Type) string {
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}

var scannerType = reflect.TypeFor[sql.Scanner]()

// IsScalar reports whether values of t are scanned from a single column as a
// whole rather than field by field: anything that is not a struct, and
// structs that scan themselves (time.Time, pgtype types, sql.Scanner
// implementations, types with pgx Scan* methods).
func IsScalar(t reflect.Type) bool {
	t = derefType(t)
	pt := reflect.PointerTo(t)
	methods := make([]string, pt.NumMethod())
	for i := range methods {
		methods[i] = pt.Method(i).Name
	}
	return layout.ScansItself(t.Kind() == reflect.Struct, t.PkgPath(), t.Name(), methods)
}

// Addr returns the address of f inside the struct at base. It returns false
// when a nil pointer to an embedded or nested struct on the way means the
// field is absent from this value (binding sends NULL for it).
func (f *Field) Addr(base unsafe.Pointer) (unsafe.Pointer, bool) {
	p := base
	for _, h := range f.hops[:len(f.hops)-1] {
		p = *(*unsafe.Pointer)(unsafe.Add(p, h))
		if p == nil {
			return nil, false
		}
	}
	return unsafe.Add(p, f.hops[len(f.hops)-1]), true
}
