package scanner

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
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
}

type colPlan struct {
	field *Field // nil for a scalar T or a skipped column
	mk    func(unsafe.Pointer) any
	// holder is the type scanned into for a column below a pointer to a
	// struct, so that NULL can be told apart from a value.
	holder reflect.Type
	skip   bool
}

// NewPlan resolves the columns fds against T. T is either a struct (or a
// pointer to one), matched by column name, or a scalar type (anything
// [IsScalar] accepts), which needs exactly one column.
func NewPlan[T any](fds []pgconn.FieldDescription, opts Options) (*Plan[T], error) {
	t := reflect.TypeFor[T]()
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
			return nil, fmt.Errorf("scanner: %s is a single value but the result has %d columns (%s): scan into a struct", t, len(fds), strings.Join(p.columns, ", "))
		}
		p.cols = []colPlan{{mk: makePointer(t)}}
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
			if opts.AllowUnknownColumns {
				p.cols[i] = colPlan{skip: true}
				continue
			}
			return nil, &ColumnError{Column: name, Type: p.elemType, Err: ErrUnknownColumn}
		}
		c := colPlan{field: f}
		if f.Direct() {
			c.mk = makePointer(f.Type)
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
}

// Begin starts scanning one result set.
func (p *Plan[T]) Begin() *Scan[T] {
	s := &Scan[T]{p: p, dest: make([]any, len(p.cols))}
	if p.anyGroup {
		s.holders = make([]reflect.Value, len(p.cols))
		for i, c := range p.cols {
			if c.holder != nil {
				s.holders[i] = reflect.New(c.holder)
			}
		}
		s.nonNil = make([]bool, len(p.groups))
	}
	return s
}

// Row scans the current row of rows into *dst, which must hold T's zero
// value (a fresh variable, or a slot just appended to a slice).
func (s *Scan[T]) Row(rows pgx.Rows, dst *T) error {
	base := unsafe.Pointer(dst)
	if s.p.ptr {
		v := reflect.New(s.p.elemType)
		base = v.UnsafePointer()
		*(*unsafe.Pointer)(unsafe.Pointer(dst)) = base
	}
	for i, c := range s.p.cols {
		switch {
		case c.skip:
			s.dest[i] = nil
		case c.holder != nil:
			h := s.holders[i]
			h.Elem().SetZero()
			s.dest[i] = h.Interface()
		case c.field == nil:
			s.dest[i] = c.mk(base)
		default:
			s.dest[i] = c.mk(unsafe.Add(base, c.field.hops[0]))
		}
	}
	if err := rows.Scan(s.dest...); err != nil {
		return s.p.wrapScanError(err)
	}
	if s.p.anyGroup {
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

// makePointer returns a function turning an address into a typed pointer
// boxed in an interface. Boxing a pointer does not allocate; the common
// types get a direct conversion instead of a trip through reflect.
func makePointer(t reflect.Type) func(unsafe.Pointer) any {
	if f, ok := fastPointers[t]; ok {
		return f
	}
	return func(p unsafe.Pointer) any { return reflect.NewAt(t, p).Interface() }
}

var fastPointers = map[reflect.Type]func(unsafe.Pointer) any{
	reflect.TypeFor[string]():         func(p unsafe.Pointer) any { return (*string)(p) },
	reflect.TypeFor[int64]():          func(p unsafe.Pointer) any { return (*int64)(p) },
	reflect.TypeFor[int32]():          func(p unsafe.Pointer) any { return (*int32)(p) },
	reflect.TypeFor[int16]():          func(p unsafe.Pointer) any { return (*int16)(p) },
	reflect.TypeFor[int]():            func(p unsafe.Pointer) any { return (*int)(p) },
	reflect.TypeFor[float64]():        func(p unsafe.Pointer) any { return (*float64)(p) },
	reflect.TypeFor[float32]():        func(p unsafe.Pointer) any { return (*float32)(p) },
	reflect.TypeFor[bool]():           func(p unsafe.Pointer) any { return (*bool)(p) },
	reflect.TypeFor[[]byte]():         func(p unsafe.Pointer) any { return (*[]byte)(p) },
	reflect.TypeFor[time.Time]():      func(p unsafe.Pointer) any { return (*time.Time)(p) },
	reflect.TypeFor[*string]():        func(p unsafe.Pointer) any { return (**string)(p) },
	reflect.TypeFor[*int64]():         func(p unsafe.Pointer) any { return (**int64)(p) },
	reflect.TypeFor[*int32]():         func(p unsafe.Pointer) any { return (**int32)(p) },
	reflect.TypeFor[*int]():           func(p unsafe.Pointer) any { return (**int)(p) },
	reflect.TypeFor[*float64]():       func(p unsafe.Pointer) any { return (**float64)(p) },
	reflect.TypeFor[*bool]():          func(p unsafe.Pointer) any { return (**bool)(p) },
	reflect.TypeFor[*time.Time]():     func(p unsafe.Pointer) any { return (**time.Time)(p) },
	reflect.TypeFor[sql.NullString](): func(p unsafe.Pointer) any { return (*sql.NullString)(p) },
	reflect.TypeFor[sql.NullInt64]():  func(p unsafe.Pointer) any { return (*sql.NullInt64)(p) },
	reflect.TypeFor[[]string]():       func(p unsafe.Pointer) any { return (*[]string)(p) },
	reflect.TypeFor[[]int64]():        func(p unsafe.Pointer) any { return (*[]int64)(p) },
}

// PointerTo returns a function that boxes the address of a t as a *t in an
// interface, without allocating: what pgx needs to scan into, or to read a
// bind parameter from, a field in place.
func PointerTo(t reflect.Type) func(unsafe.Pointer) any { return makePointer(t) }
