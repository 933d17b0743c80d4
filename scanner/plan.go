package scanner

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unsafe"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Options tune how a [Plan] matches columns to fields.
type Options struct {
	// AllowUnknownColumns makes a result column with no field be skipped
	// instead of being an error: for a deploy that runs behind a migration
	// that added columns.
	AllowUnknownColumns bool
	// SkipColumn, when set, reports whether a result column with no
	// field may be skipped: sqlmap uses it for the columns a SELECT *
	// brings in, which a migration may add to at any time, while an
	// explicitly listed column with no field stays an error.
	SkipColumn func(column string) bool
}

// ErrUnknownColumn is wrapped by the [*ColumnError] for a result column that
// has no field in the destination struct.
var ErrUnknownColumn = errors.New("no field for this column")

// ColumnError is a problem with one result column: no field for it, or a
// value that cannot go into its field (NULL into a non-pointer field, a
// type mismatch).
type ColumnError struct {
	Column string       // result column name
	Field  string       // Go field path, such as "User.Email"; empty for an unknown column
	Type   reflect.Type // destination Go type (the field's, or the struct's for an unknown column)
	Err    error
}

func (e *ColumnError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("column %q: %v in %s (add a field with db:%q, or allow unknown columns)", e.Column, e.Err, e.Type, e.Column)
	}
	return fmt.Sprintf("column %q into field %s (%s): %v", e.Column, e.Field, e.Type, e.Err)
}

func (e *ColumnError) Unwrap() error { return e.Err }

// Plan scans rows with one column set into values of type T. Building it
// resolves every column to its field once; scanning a row then only fills
// a slice of pointers into the destination and calls pgx's Scan, so there
// is no per-row lookup by name or walk over the struct.
//
// A Plan is immutable and safe for concurrent use; the per-call state lives
// in a [Scan].
type Plan[T any] struct {
	columns []string
	cols    []colPlan
	groups  []group
	// ptr is set when T is a pointer to a struct: each row gets a new value.
	ptr      bool
	elemType reflect.Type
	anyGroup bool
	// direct lists the columns scanned straight into a field at a fixed
	// offset: the only destinations that change from row to row.
	direct []int
	// scans recycles the per-call state, so that a call costs no
	// allocation for it once the pool is warm.
	scans sync.Pool
}

type colPlan struct {
	field *Field // nil for a scalar T or a skipped column
	// ptrType is the type word of an interface holding a pointer to the
	// destination's type, and off the destination's offset from the root:
	// together they make the destination pointer without a call.
	ptrType unsafe.Pointer
	off     uintptr
	// holder is the type scanned into for a column below a pointer to a
	// struct, so that NULL can be told apart from a value.
	holder reflect.Type
	skip   bool
}

// NewPlan resolves the columns fds against T. T is either a struct (or a
// pointer to one), matched by column name, or a scalar type (anything
// [IsScalar] accepts, or a pointer to one), which needs exactly one
// column. A T that [CheckType] refuses, or a scalar T for a result that
// is not one column, is a [*TypeError].
func NewPlan[T any](fds []pgconn.FieldDescription, opts Options) (*Plan[T], error) {
	t := reflect.TypeFor[T]()
	if err := CheckType(t); err != nil {
		return nil, err
	}
	p := &Plan[T]{columns: make([]string, len(fds)), elemType: t}
	for i, fd := range fds {
		p.columns[i] = fd.Name
	}
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && !IsScalar(t.Elem()) {
		p.ptr = true
		p.elemType = t.Elem()
	}
	if IsScalar(p.elemType) && !p.ptr {
		if len(fds) != 1 {
			return nil, columnsError(t, p.columns)
		}
		p.cols = []colPlan{{ptrType: pointerTypeWord(t)}}
		p.direct = []int{0}
		return p, nil
	}
	m, err := Map(p.elemType)
	if err != nil {
		return nil, err
	}
	p.groups = m.groups
	p.cols = make([]colPlan, len(fds))
	seen := make(map[string]bool, len(fds))
	for i, name := range p.columns {
		if seen[name] {
			return nil, &ColumnError{Column: name, Type: p.elemType, Err: errors.New("appears twice in the result; give one an alias")}
		}
		seen[name] = true
		f, ok := m.byColumn[name]
		if !ok {
			if opts.AllowUnknownColumns || (opts.SkipColumn != nil && opts.SkipColumn(name)) {
				p.cols[i] = colPlan{skip: true}
				continue
			}
			return nil, &ColumnError{Column: name, Type: p.elemType, Err: ErrUnknownColumn}
		}
		c := colPlan{field: f}
		if f.Direct() {
			c.ptrType, c.off = pointerTypeWord(f.Type), f.Offset()
			p.direct = append(p.direct, i)
		} else {
			p.anyGroup = true
			if acceptsNull(f.Type) && f.Type.Kind() == reflect.Pointer {
				c.holder = f.Type
			} else {
				c.holder = reflect.PointerTo(f.Type)
			}
		}
		p.cols[i] = c
	}
	return p, nil
}

// Matches reports whether fds has the column names the plan was built for,
// so a cached plan can be reused.
func (p *Plan[T]) Matches(fds []pgconn.FieldDescription) bool {
	if len(fds) != len(p.columns) {
		return false
	}
	for i := range fds {
		if fds[i].Name != p.columns[i] {
			return false
		}
	}
	return true
}

// Columns lists the result columns the plan was built for.
func (p *Plan[T]) Columns() []string { return p.columns }

// Scan is the per-call state of a [Plan]: the destination slice handed to
// pgx, reused for every row. It is not safe for concurrent use.
type Scan[T any] struct {
	p       *Plan[T]
	dest    []any
	holders []reflect.Value
	nonNil  []bool
	// base is the address dest points into; scanning into the same place
	// again (Value) reuses dest as it is.
	base unsafe.Pointer
	// slot is where Value scans, kept with the Scan so that a pooled Scan
	// needs neither a new destination nor new pointers into it.
	slot *T
}

// Begin starts scanning one result set. Call [Scan.Release] when done so
// that the next call can reuse the state instead of allocating it.
func (p *Plan[T]) Begin() *Scan[T] {
	if s, ok := p.scans.Get().(*Scan[T]); ok {
		return s
	}
	s := &Scan[T]{p: p, dest: make([]any, len(p.cols))}
	if p.anyGroup {
		s.holders = make([]reflect.Value, len(p.cols))
		for i, c := range p.cols {
			if c.holder != nil {
				s.holders[i] = reflect.New(c.holder)
				// The holder stays put; only its contents change.
				s.dest[i] = s.holders[i].Interface()
			}
		}
		s.nonNil = make([]bool, len(p.groups))
	}
	return s
}

// Release hands s back to its plan for reuse. s must not be used after;
// rows already scanned are not affected.
func (s *Scan[T]) Release() {
	// Drop the pointers into the caller's rows, which a pooled Scan would
	// otherwise keep alive; pointers into its own slot can stay.
	if s.slot == nil || s.base != unsafe.Pointer(s.slot) {
		for _, i := range s.p.direct {
			s.dest[i] = nil
		}
		s.base = nil
	}
	s.p.scans.Put(s)
}

// Value scans the current row of rows and returns it. It is [Scan.Row] for
// one row at a time (a single-row result, an iterator): the row is scanned
// into a place the Scan keeps and returned as a copy, where a variable per
// row would escape to the heap, since pgx is handed pointers into it.
func (s *Scan[T]) Value(rows pgx.Rows) (T, error) {
	var zero T
	if s.slot == nil {
		s.slot = new(T)
	}
	err := s.Row(rows, s.slot)
	v := *s.slot
	*s.slot = zero
	if err != nil {
		return zero, err
	}
	return v, nil
}

// Row scans the current row of rows into *dst, which must hold T's zero
// value (a fresh variable, or a slot just appended to a slice).
func (s *Scan[T]) Row(rows pgx.Rows, dst *T) error {
	p := s.p
	base := unsafe.Pointer(dst)
	if p.ptr {
		v := reflect.New(p.elemType)
		base = v.UnsafePointer()
		*(*unsafe.Pointer)(unsafe.Pointer(dst)) = base
	}
	if base != s.base {
		for _, i := range p.direct {
			c := &p.cols[i]
			s.dest[i] = boxPointer(c.ptrType, unsafe.Add(base, c.off))
		}
		s.base = base
	}
	for _, h := range s.holders {
		if h.IsValid() {
			h.Elem().SetZero()
		}
	}
	if err := rows.Scan(s.dest...); err != nil {
		return p.wrapScanError(err)
	}
	if p.anyGroup {
		return s.fillGroups(base)
	}
	return nil
}

func (p *Plan[T]) wrapScanError(err error) error {
	var sae pgx.ScanArgError
	if errors.As(err, &sae) && sae.ColumnIndex >= 0 && sae.ColumnIndex < len(p.cols) {
		c := p.cols[sae.ColumnIndex]
		ce := &ColumnError{Column: p.columns[sae.ColumnIndex], Type: p.elemType, Err: sae.Err}
		if c.field != nil {
			ce.Field, ce.Type = c.field.Path, c.field.Type
		} else {
			ce.Field = typeName(p.elemType)
		}
		return ce
	}
	return fmt.Errorf("scanner: %w", err)
}

// fillGroups copies the values of columns below pointers to structs into
// place, allocating each such struct only when one of its columns is not
// NULL: a LEFT JOIN that matched nothing leaves the pointer nil.
func (s *Scan[T]) fillGroups(base unsafe.Pointer) error {
	p := s.p
	clear(s.nonNil)
	for i, c := range p.cols {
		if c.holder == nil || s.holders[i].Elem().IsNil() {
			continue
		}
		for _, g := range c.field.groups {
			s.nonNil[g] = true
		}
	}
	for gi, g := range p.groups {
		if !s.nonNil[gi] {
			continue
		}
		slot := (*unsafe.Pointer)(resolve(base, g.hops))
		if *slot == nil {
			*slot = reflect.New(g.elem).UnsafePointer()
		}
	}
	for i, c := range p.cols {
		if c.holder == nil {
			continue
		}
		f := c.field
		h := s.holders[i].Elem()
		if h.IsNil() {
			if !s.nonNil[f.groups[len(f.groups)-1]] || acceptsNull(f.Type) {
				continue
			}
			return &ColumnError{Column: p.columns[i], Field: f.Path, Type: f.Type,
				Err: fmt.Errorf("cannot scan NULL into %s (make the field a pointer)", f.Type)}
		}
		if !s.nonNil[f.groups[len(f.groups)-1]] {
			continue
		}
		dst := reflect.NewAt(f.Type, resolve(base, f.hops)).Elem()
		if c.holder == f.Type {
			dst.Set(h)
		} else {
			dst.Set(h.Elem())
		}
	}
	return nil
}

// resolve follows hops from base: every hop but the last is the offset of
// a pointer to follow.
func resolve(base unsafe.Pointer, hops []uintptr) unsafe.Pointer {
	p := base
	for _, h := range hops[:len(hops)-1] {
		p = *(*unsafe.Pointer)(unsafe.Add(p, h))
	}
	return unsafe.Add(p, hops[len(hops)-1])
}

// acceptsNull reports whether the zero value of t stands for NULL: pointers,
// slices, maps, interfaces, and types that scan themselves (sql.Null*,
// pgtype.*).
func acceptsNull(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	if strings.HasPrefix(t.PkgPath(), "github.com/jackc/pgx/v5/") {
		return true
	}
	return reflect.PointerTo(t).Implements(scannerType)
}

// pointerTypeWord returns the type word of an interface holding a *t.
func pointerTypeWord(t reflect.Type) unsafe.Pointer {
	v := reflect.Zero(reflect.PointerTo(t)).Interface()
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[0]
}

// boxPointer returns the interface whose type word is typ (a pointer type,
// from [pointerTypeWord]) and whose value is p. An interface holds a
// pointer as its data word, so this is what reflect.NewAt(t, p).Interface()
// builds, without the call through reflect on every row and column.
func boxPointer(typ, p unsafe.Pointer) (v any) {
	w := (*[2]unsafe.Pointer)(unsafe.Pointer(&v))
	w[0], w[1] = typ, p
	return v
}

// PointerTo returns a function that boxes the address of a t as a *t in an
// interface, without allocating: what pgx needs to scan into, or to read a
// bind parameter from, a field in place.
func PointerTo(t reflect.Type) func(unsafe.Pointer) any {
	typ := pointerTypeWord(t)
	return func(p unsafe.Pointer) any { return boxPointer(typ, p) }
}

// ArgAt returns a function that turns the address of a t into a query
// argument for pgx without allocating: the value itself for pointers,
// maps and channels (a nil one is NULL), the value an interface holds, and
// a *t pointing at the value for everything else (pgx dereferences it).
func ArgAt(t reflect.Type) func(unsafe.Pointer) any {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.UnsafePointer:
		// Pointer-shaped: the interface's data word is the value itself.
		v := reflect.Zero(t).Interface()
		typ := (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[0]
		return func(p unsafe.Pointer) any { return boxPointer(typ, *(*unsafe.Pointer)(p)) }
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return func(p unsafe.Pointer) any { return *(*any)(p) }
		}
		return func(p unsafe.Pointer) any { return reflect.NewAt(t, p).Elem().Interface() }
	case reflect.Func:
		return func(p unsafe.Pointer) any { return reflect.NewAt(t, p).Elem().Interface() }
	}
	return PointerTo(t)
}
