package sqlmap

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/sqlmap-go/sqlmap/scanner"
)

// Args is a set of named arguments, for calls where a struct would be
// overkill: sqlmap.Args{"id": 7}.
type Args map[string]any

// bindCache holds the binding plan of one query for each argument type.
type bindCache struct {
	// last is the plan used most recently: a query is nearly always
	// called with one argument type, and comparing it is cheaper than
	// hashing the type for the map.
	last atomic.Pointer[bindPlan]
	m    sync.Map // reflect.Type -> *bindPlan
}

// bindPlan says, for a struct type, where each parameter's value lives.
type bindPlan struct {
	t      reflect.Type
	params []bindParam
	// copyArg is set for small structs, which an interface may hold inline
	// rather than behind a pointer: those are copied once per call.
	copyArg bool
}

type bindParam struct {
	field *scanner.Field
	// get boxes the value at the field's address: a pointer to it for most
	// types (pgx dereferences it, and boxing a pointer does not allocate),
	// the value itself for pointers, maps and interfaces.
	get    func(unsafe.Pointer) any
	direct bool
	offset uintptr
}

var (
	argsType     = reflect.TypeFor[Args]()
	mapType      = reflect.TypeFor[map[string]any]()
	anySliceType = reflect.TypeFor[[]any]()
)

// bind turns args into the values for q's $n parameters. Everything that
// can be checked is checked here, before any round trip.
func (q *Query) bind(args any) ([]any, error) {
	switch a := args.(type) {
	case nil:
		if len(q.Params) > 0 {
			return nil, q.errorf("no arguments given, but the query needs %s", paramList(q.Params))
		}
		if q.Positional > 0 {
			return nil, q.errorf("no arguments given, but the query needs %d positional values ($1..$%d)", q.Positional, q.Positional)
		}
		return nil, nil
	case Args:
		return q.bindMap(a)
	case map[string]any:
		return q.bindMap(a)
	case []any:
		if q.Params != nil {
			return nil, q.errorf("positional values given, but the query takes named parameters %s: pass a struct or a map", paramList(q.Params))
		}
		if len(a) != q.Positional {
			return nil, q.errorf("%d positional values given, but the query uses $1..$%d", len(a), q.Positional)
		}
		return a, nil
	}
	t := reflect.TypeOf(args)
	if p := q.binds.last.Load(); p != nil && p.t == t {
		return q.bindStruct(p, args)
	}
	if p, ok := q.binds.m.Load(t); ok {
		q.binds.last.Store(p.(*bindPlan))
		return q.bindStruct(p.(*bindPlan), args)
	}
	p, err := q.newBindPlan(t)
	if err != nil {
		return nil, err
	}
	q.binds.m.Store(t, p)
	q.binds.last.Store(p)
	return q.bindStruct(p, args)
}

func (q *Query) bindMap(m map[string]any) ([]any, error) {
	if q.Positional > 0 {
		return nil, q.errorf("named arguments given, but the query uses positional parameters $1..$%d: pass []any", q.Positional)
	}
	vals := make([]any, len(q.Params))
	var missing []string
	for i, name := range q.Params {
		v, ok := m[name]
		if !ok {
			missing = append(missing, name)
			continue
		}
		vals[i] = v
	}
	if len(missing) == 0 && len(m) == len(q.Params) {
		return vals, nil
	}
	var unknown []string
	for k := range m {
		if !q.hasParam(k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	if len(unknown) == 0 {
		return nil, q.errorf("missing parameter %s (the query needs %s)", paramList(missing), paramList(q.Params))
	}
	// A key the query does not take is most often a typo of one it
	// needs: say which.
	var hints []string
	for _, k := range unknown {
		h := fmt.Sprintf("%q", k)
		if near, ok := closest(k, q.Params); ok {
			h += " (did you mean :" + near + "?)"
		}
		hints = append(hints, h)
	}
	msg := fmt.Sprintf("unknown parameter %s in the arguments", strings.Join(hints, ", "))
	if len(missing) > 0 {
		msg += fmt.Sprintf(", and %s missing", paramList(missing))
	}
	return nil, q.errorf("%s (the query takes %s)", msg, paramList(q.Params))
}

func (q *Query) hasParam(name string) bool {
	for _, p := range q.Params {
		if p == name {
			return true
		}
	}
	return false
}

func (q *Query) newBindPlan(t reflect.Type) (*bindPlan, error) {
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct || scanner.IsScalar(st) {
		if t.Kind() == reflect.Map && t.Key().Kind() == reflect.String {
			return nil, q.errorf("arguments of type %s: use map[string]any or sqlmap.Args", t)
		}
		return nil, q.errorf("arguments of type %s: want a struct, a pointer to one, map[string]any, sqlmap.Args, []any (positional) or nil", t)
	}
	if q.Positional > 0 {
		return nil, q.errorf("a struct given, but the query uses positional parameters $1..$%d: pass []any", q.Positional)
	}
	m, err := scanner.Map(st)
	if err != nil {
		return nil, q.errorf("arguments: %w", err)
	}
	p := &bindPlan{t: t, copyArg: t.Kind() == reflect.Struct && t.Size() <= unsafe.Sizeof(uintptr(0))}
	var missing []string
	for _, name := range q.Params {
		f, ok := m.Lookup(name)
		if !ok {
			f, ok = bySqlcName(m, name)
		}
		if !ok {
			missing = append(missing, name)
			continue
		}
		bp := bindParam{field: f, get: scanner.ArgAt(f.Type), direct: f.Direct()}
		if bp.direct {
			bp.offset = f.Offset()
		}
		p.params = append(p.params, bp)
	}
	if len(missing) > 0 {
		return nil, q.errorf("missing parameter %s: %s has no field for it%s (fields map to parameters by their db tag, else their snake_case name, else the name sqlc would give them: %s)",
			paramList(missing), st, nearFields(m, missing), sqlcFieldName(missing[0]))
	}
	return p, nil
}

// bySqlcName finds the top-level field that sqlc's generated params
// struct would have for param (GroupName for @groupName or group_name;
// Groupname for sqlc.arg(groupName), whose bare name sqlc folds to
// groupname as PostgreSQL does), so that structs written for sqlc's code
// bind unchanged. Only that exact name: a field UserName for :username
// is more likely a mistake than a match.
func bySqlcName(m *scanner.StructMap, param string) (*scanner.Field, bool) {
	want := sqlcFieldName(param)
	for _, f := range m.Fields() {
		if f.Depth == 0 && f.Name == want {
			return f, true
		}
	}
	return nil, false
}

// nearFields names, for each missing parameter, the fields whose column
// names are near it, with the names they map to: a field UserName maps to
// user_name, which is not :username.
func nearFields(m *scanner.StructMap, missing []string) string {
	var cols []string
	byCol := map[string]*scanner.Field{}
	for _, f := range m.Fields() {
		cols = append(cols, f.Column)
		byCol[f.Column] = f
	}
	var parts []string
	for _, name := range missing {
		if near, ok := closest(name, cols); ok {
			f := byCol[near]
			field := f.Path
			if f.Depth == 0 {
				field = f.Name
			}
			parts = append(parts, fmt.Sprintf("field %s maps to %s, not :%s", field, near, name))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

func (q *Query) bindStruct(p *bindPlan, args any) ([]any, error) {
	var base unsafe.Pointer
	switch {
	case p.copyArg:
		v := reflect.New(reflect.TypeOf(args))
		v.Elem().Set(reflect.ValueOf(args))
		base = v.UnsafePointer()
	default:
		// The interface's data word: the pointer passed in, or the
		// pointer to the boxed copy of a struct value, which nobody can
		// modify, so pgx may read the fields in place.
		base = (*[2]unsafe.Pointer)(unsafe.Pointer(&args))[1]
		if base == nil {
			return nil, q.errorf("arguments: nil %T", args)
		}
	}
	vals := make([]any, len(p.params))
	for i := range p.params {
		bp := &p.params[i]
		if bp.direct {
			vals[i] = bp.get(unsafe.Add(base, bp.offset))
			continue
		}
		if addr, ok := bp.field.Addr(base); ok {
			vals[i] = bp.get(addr)
		}
	}
	return vals, nil
}

func paramList(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(":")
		b.WriteString(n)
	}
	return b.String()
}

// Bind returns the values that a call of q with args would send for its
// $n parameters, with the same checks: for logging, or for running q.SQL
// through another API (a pgx.Batch, say).
func (q *Query) Bind(args any) ([]any, error) { return q.bind(args) }
