package scanner

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// TypeError is a destination type that rows cannot be scanned into: one
// that holds no column value (a channel, a func, an interface with
// methods), a pointer to a pointer, a struct whose fields cannot be mapped,
// or a single-value type given a result with several columns.
type TypeError struct {
	Type reflect.Type // the destination type, as the caller wrote it
	Err  error        // why
}

func (e *TypeError) Error() string {
	// A cause from Map already says "scanner:"; once is enough.
	return fmt.Sprintf("scanner: cannot scan into %s: %s", e.Type, strings.TrimPrefix(e.Err.Error(), "scanner: "))
}

func (e *TypeError) Unwrap() error { return e.Err }

// typeChecks caches CheckType: reflect.Type -> error, nil for a type that
// is fine.
var typeChecks sync.Map

// CheckType reports, from the type alone, whether rows can be scanned into
// values of type t: a struct or a pointer to one (whose fields [Map]
// accepts), or a single column's value of any type pgx can decode into,
// or a pointer to one (nil for NULL). The error is a [*TypeError].
//
// [NewPlan] checks this first; callers that only build a plan once a row
// has arrived check it before running the query, so that a result with no
// rows cannot hide the mistake. The answer is cached per type.
func CheckType(t reflect.Type) error {
	if v, ok := typeChecks.Load(t); ok {
		err, _ := v.(error)
		return err
	}
	err := checkType(t)
	typeChecks.Store(t, err)
	return err
}

func checkType(t reflect.Type) error {
	e := t
	if t.Kind() == reflect.Pointer {
		e = t.Elem()
		if e.Kind() == reflect.Pointer {
			// The scanner fills a *T slot with a new T, or T in place;
			// one pointer more would have it write a T over a pointer.
			return &TypeError{Type: t, Err: fmt.Errorf("a pointer to a pointer (scan into *%s)", derefType(t))}
		}
	}
	var why string
	switch e.Kind() {
	case reflect.Chan:
		why = "a channel holds no column value"
	case reflect.Func:
		why = "a func holds no column value"
	case reflect.UnsafePointer:
		why = "an unsafe.Pointer holds no column value"
	case reflect.Interface:
		if e.NumMethod() > 0 {
			why = "an interface with methods (pgx decodes only into any, or a concrete type)"
		}
	case reflect.Struct:
		if !IsScalar(e) {
			if _, err := Map(e); err != nil {
				return &TypeError{Type: t, Err: err}
			}
		}
	}
	if why != "" {
		return &TypeError{Type: t, Err: errors.New(why)}
	}
	return nil
}

// columnsError is the [*TypeError] for a single-value type t given a
// result of several columns (or none), with what t scans from.
func columnsError(t reflect.Type, columns []string) error {
	hint := ": scan into a struct"
	switch e := derefType(t); {
	case e.Kind() == reflect.Map:
		hint = "; a map scans from one json, jsonb or hstore column, not from a row as scany does: scan into a struct"
	case e.Kind() == reflect.Slice && e.Elem().Kind() != reflect.Uint8:
		hint = "; a slice scans from one array or json column: for one element per row, scan into the element type"
	}
	return &TypeError{Type: t, Err: fmt.Errorf("a single value, but the result has %d columns (%s)%s", len(columns), strings.Join(columns, ", "), hint)}
}
