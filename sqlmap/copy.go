package sqlmap

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlmap-go/sqlmap/internal/layout"
	"github.com/sqlmap-go/sqlmap/scanner"
)

// copier is what CopyFrom needs beyond a [Querier]. It is not part of
// Querier so that existing implementations of Querier (test doubles,
// wrappers) keep compiling.
type copier interface {
	CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error)
}

var (
	_ copier = (*pgxpool.Pool)(nil)
	_ copier = (*pgx.Conn)(nil)
	_ copier = (pgx.Tx)(nil)
	_ copier = (*pgxpool.Conn)(nil)
)

// CopyError is an error from [CopyFrom]. It names the table and, when
// PostgreSQL says where the copy failed, the row (an index into the slice
// given to CopyFrom) and the column.
type CopyError struct {
	Table  string
	Row    int    // index into rows, -1 when unknown
	Column string // empty when unknown
	Err    error
}

func (e *CopyError) Error() string {
	var b strings.Builder
	b.WriteString("sqlmap: copy into ")
	b.WriteString(e.Table)
	if e.Row >= 0 {
		fmt.Fprintf(&b, ", rows[%d]", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %s", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *CopyError) Unwrap() error { return e.Err }

// CopyFrom inserts rows into table with PostgreSQL's COPY protocol, the
// fastest way to load many rows (several times faster than a batch of
// INSERTs), and returns the number of rows copied. T is a struct or a
// pointer to one. table may be schema-qualified ("public.items"); as in
// SQL, unquoted names are folded to lower case and "quoted" ones are kept
// as written.
//
// The columns are the struct's fields as the scanner names them (the db
// tag, else snake_case), leaving out fields tagged db:"-" and fields whose
// sqlmap tag marks them identity or generated, which PostgreSQL fills in.
// Nil pointers are NULL. Each row's values are read from its struct as
// pgx encodes it, so no [][]any of the rows is built; rows must not change
// until CopyFrom returns.
//
// COPY is all or nothing: on error nothing is inserted, and the
// [*CopyError] says which row and column PostgreSQL rejected when it says.
// An empty rows copies nothing and makes no round trip. The DB's Querier
// must have pgx's CopyFrom method, as *pgxpool.Pool, *pgx.Conn and pgx.Tx
// do.
func CopyFrom[T any](ctx context.Context, db *DB, table string, rows []T) (int64, error) {
	fail := func(err error) (int64, error) {
		return 0, &CopyError{Table: table, Row: -1, Err: err}
	}
	ident, err := parseTableName(table)
	if err != nil {
		return fail(err)
	}
	plan, err := copyPlanFor(reflect.TypeFor[T]())
	if err != nil {
		return fail(err)
	}
	if len(rows) == 0 {
		return 0, nil
	}
	c, ok := db.q.(copier)
	if !ok {
		return fail(fmt.Errorf("%T has no CopyFrom method (use a *pgxpool.Pool, *pgx.Conn or pgx.Tx)", db.q))
	}
	src := &copySource[T]{rows: rows, plan: plan, i: -1, vals: make([]any, len(plan.cols))}
	n, err := c.CopyFrom(ctx, ident, plan.names, src)
	if src.err != nil {
		// pgx reports a source error to PostgreSQL as text, so the row
		// is known only here.
		return 0, &CopyError{Table: table, Row: src.i, Err: src.err}
	}
	if err != nil {
		return n, copyError(table, err)
	}
	return n, nil
}

// copyPlan is how to read the copied columns out of one struct type.
type copyPlan struct {
	names []string
	cols  []copyColumn
	ptr   bool // T is a pointer to the struct
	typ   reflect.Type
}

type copyColumn struct {
	field  *scanner.Field
	get    func(unsafe.Pointer) any
	direct bool
	offset uintptr
}

var copyPlans sync.Map // reflect.Type -> *copyPlan

func copyPlanFor(t reflect.Type) (*copyPlan, error) {
	if p, ok := copyPlans.Load(t); ok {
		return p.(*copyPlan), nil
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct || scanner.IsScalar(st) {
		return nil, fmt.Errorf("rows of type %s: want a struct or a pointer to one", t)
	}
	m, err := scanner.Map(st)
	if err != nil {
		return nil, err
	}
	p := &copyPlan{ptr: t.Kind() == reflect.Pointer, typ: st}
	for _, f := range m.Fields() {
		skip, err := filledByServer(f)
		if err != nil {
			return nil, err
		}
		if skip {
			continue
		}
		c := copyColumn{field: f, get: copyValue(f.Type), direct: f.Direct()}
		if c.direct {
			c.offset = f.Offset()
		}
		p.names = append(p.names, f.Column)
		p.cols = append(p.cols, c)
	}
	if len(p.cols) == 0 {
		return nil, fmt.Errorf("%s has no column to copy", st)
	}
	v, _ := copyPlans.LoadOrStore(t, p)
	return v.(*copyPlan), nil
}

// copyValue returns how to read a field of type t for pgx. The common
// scalars are copied out: boxing one costs at most an allocation, where
// pgx, given a pointer, dereferences it through reflect and allocates the
// same box anyway. (Binding keeps pointers, where a call's few arguments
// make no difference and the bind itself stays free of allocations.)
func copyValue(t reflect.Type) func(unsafe.Pointer) any {
	if f, ok := scalarValues[t]; ok {
		return f
	}
	return scanner.ArgAt(t)
}

// scalarValues are the exact types copied out; named types are left to
// pgx, which finds their underlying type itself.
var scalarValues = map[reflect.Type]func(unsafe.Pointer) any{
	reflect.TypeFor[int64]():     func(p unsafe.Pointer) any { return *(*int64)(p) },
	reflect.TypeFor[int32]():     func(p unsafe.Pointer) any { return *(*int32)(p) },
	reflect.TypeFor[int16]():     func(p unsafe.Pointer) any { return *(*int16)(p) },
	reflect.TypeFor[int]():       func(p unsafe.Pointer) any { return *(*int)(p) },
	reflect.TypeFor[float64]():   func(p unsafe.Pointer) any { return *(*float64)(p) },
	reflect.TypeFor[float32]():   func(p unsafe.Pointer) any { return *(*float32)(p) },
	reflect.TypeFor[bool]():      func(p unsafe.Pointer) any { return *(*bool)(p) },
	reflect.TypeFor[string]():    func(p unsafe.Pointer) any { return *(*string)(p) },
	reflect.TypeFor[[]byte]():    func(p unsafe.Pointer) any { return *(*[]byte)(p) },
	reflect.TypeFor[time.Time](): func(p unsafe.Pointer) any { return *(*time.Time)(p) },
}

// filledByServer reports whether a sqlmap tag marks the column as one that
// PostgreSQL fills in: identity, or generated (with or without a value).
// A tag that does not parse is an error: guessing could send a value for
// an identity column.
func filledByServer(f *scanner.Field) (bool, error) {
	keys, err := layout.OptionKeys(f.Tag.Get("sqlmap"))
	if err != nil {
		return false, fmt.Errorf("field %s: sqlmap tag: %w", f.Path, err)
	}
	return slices.Contains(keys, "identity") || slices.Contains(keys, "generated"), nil
}

// parseTableName splits a possibly schema-qualified table name, following
// SQL's rules: unquoted parts fold to lower case, "quoted" ones are kept
// (with "" for a quote), so that the name means what it would in a query.
func parseTableName(name string) (pgx.Identifier, error) {
	var id pgx.Identifier
	s := strings.TrimSpace(name)
	for {
		var part string
		if strings.HasPrefix(s, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(s); i++ {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i++
						continue
					}
					break
				}
				b.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("table name %q: unterminated quoted identifier", name)
			}
			part, s = b.String(), s[i+1:]
		} else {
			end := strings.IndexByte(s, '.')
			if end < 0 {
				end = len(s)
			}
			part, s = strings.ToLower(strings.TrimSpace(s[:end])), s[end:]
			if part == "" || strings.ContainsAny(part, `" `) {
				return nil, fmt.Errorf("table name %q: want table or schema.table", name)
			}
		}
		id = append(id, part)
		if s == "" {
			break
		}
		if s[0] != '.' || len(id) == 3 {
			return nil, fmt.Errorf("table name %q: want table or schema.table", name)
		}
		s = s[1:]
	}
	return id, nil
}

// copySource hands pgx one row at a time, read from the structs in place.
// pgx encodes each row before asking for the next, so one []any is reused.
type copySource[T any] struct {
	rows []T
	plan *copyPlan
	i    int
	vals []any
	err  error
}

func (s *copySource[T]) Next() bool {
	s.i++
	return s.i < len(s.rows) && s.err == nil
}

func (s *copySource[T]) Values() ([]any, error) {
	base := unsafe.Pointer(&s.rows[s.i])
	if s.plan.ptr {
		base = *(*unsafe.Pointer)(base)
		if base == nil {
			s.err = fmt.Errorf("nil *%s", s.plan.typ)
			return nil, s.err
		}
	}
	for i := range s.plan.cols {
		c := &s.plan.cols[i]
		if c.direct {
			s.vals[i] = c.get(unsafe.Add(base, c.offset))
		} else if addr, ok := c.field.Addr(base); ok {
			s.vals[i] = c.get(addr)
		} else {
			s.vals[i] = nil // a nil embedded pointer: NULL, as when binding
		}
	}
	return s.vals, nil
}

func (s *copySource[T]) Err() error { return s.err }

// copyWhere finds the row and column in the context PostgreSQL gives a
// COPY error: `COPY items, line 3, column qty: "..."`. Line 1 is rows[0].
var copyWhere = regexp.MustCompile(`COPY [^,]+, line (\d+)(?:, column ([^:]+))?`)

func copyError(table string, err error) error {
	ce := &CopyError{Table: table, Row: -1, Err: err}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return ce
	}
	if m := copyWhere.FindStringSubmatch(pe.Where); m != nil {
		if line, convErr := strconv.Atoi(m[1]); convErr == nil {
			ce.Row = line - 1
		}
		ce.Column = m[2]
	}
	if ce.Column == "" {
		ce.Column = pe.ColumnName
	}
	return ce
}
