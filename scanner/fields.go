package scanner

import (
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unsafe"
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
	m := &StructMap{Type: t, byColumn: map[string]*Field{}}
	w := walker{m: m, seen: map[reflect.Type]bool{}}
	if err := w.walk(t, "", typeName(t), nil, []uintptr{0}, nil, -1, 0); err != nil {
		return nil, err
	}
	return m, nil
}

type walker struct {
	m    *StructMap
	seen map[reflect.Type]bool // structs on the current path, to stop cycles
}

func (w *walker) walk(t reflect.Type, prefix, path string, index []int, hops []uintptr, groups []int, parent, depth int) error {
	if w.seen[t] {
		return fmt.Errorf("scanner: %s: struct %s contains itself", path, t)
	}
	w.seen[t] = true
	defer delete(w.seen, t)

	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, hasTag := sf.Tag.Lookup("db")
		if tag == "-" {
			continue
		}
		tag, _, _ = strings.Cut(tag, ",")
		if !sf.IsExported() && !(sf.Anonymous && derefType(sf.Type).Kind() == reflect.Struct) {
			continue
		}
		idx := append(append([]int(nil), index...), i)
		fpath := path + "." + sf.Name
		fhops := append([]uintptr(nil), hops...)
		fhops[len(fhops)-1] += sf.Offset
		ft := sf.Type

		nested := derefType(ft).Kind() == reflect.Struct && !IsScalar(derefType(ft)) && !isJSONTagged(sf.Tag)
		if nested {
			// An embedded struct without a tag flattens into its parent;
			// a named one (or a tagged embedded one) prefixes its columns.
			sub := prefix
			if !sf.Anonymous || (hasTag && tag != "") {
				name := tag
				if name == "" {
					name = ColumnName(sf.Name)
				}
				sub = prefix + name + "."
			}
			g, p := groups, parent
			h := fhops
			if ft.Kind() == reflect.Pointer {
				if ft.Elem().Kind() == reflect.Pointer {
					return fmt.Errorf("scanner: %s: pointer to pointer to struct is not supported", fpath)
				}
				w.m.groups = append(w.m.groups, group{path: fpath, hops: append([]uintptr(nil), fhops...), elem: ft.Elem(), parent: parent})
				p = len(w.m.groups) - 1
				g = append(append([]int(nil), groups...), p)
				h = append(fhops, 0)
			}
			if err := w.walk(derefType(ft), sub, fpath, idx, h, g, p, depth+1); err != nil {
				return err
			}
			continue
		}
		if !sf.IsExported() {
			continue
		}
		col := tag
		if col == "" {
			col = ColumnName(sf.Name)
		}
		col = prefix + col
		f := &Field{Column: col, Path: fpath, Name: sf.Name, Index: idx, Type: ft, Tag: sf.Tag, Depth: depth, hops: fhops, groups: groups}
		if prev, dup := w.m.byColumn[col]; dup {
			switch {
			case prev.Depth < depth:
				continue // the shallower field wins, as with Go's promotion rules
			case prev.Depth == depth:
				return fmt.Errorf("scanner: %s and %s both map to column %q: rename one with a db tag", prev.Path, fpath, col)
			default:
				w.m.removeField(prev)
			}
		}
		w.m.fields = append(w.m.fields, f)
		w.m.byColumn[col] = f
	}
	return nil
}

func (m *StructMap) removeField(f *Field) {
	for i, g := range m.fields {
		if g == f {
			m.fields = append(m.fields[:i], m.fields[i+1:]...)
			break
		}
	}
	delete(m.byColumn, f.Column)
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

func isJSONTagged(tag reflect.StructTag) bool {
	for _, opt := range strings.Split(tag.Get("sqlmap"), ",") {
		if strings.TrimSpace(opt) == "json" {
			return true
		}
	}
	return false
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
	return ScansItself(t.Kind() == reflect.Struct, t.PkgPath(), t.Name(), methods)
}

// ScansItself is the one rule for whether a type is scanned from a single
// column as a whole, over what both readers of types can tell (reflection
// here, go/types in the schema's model reader): anything that is not a
// struct; time.Time; pgx's own types; and structs whose pointer has a
// method starting with Scan (sql.Scanner's Scan, pgx's ScanText,
// ScanInt64, ScanUUID, ...), which want the whole value.
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
