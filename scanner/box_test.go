package scanner_test

import (
	"database/sql"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/assert"

	"github.com/sqlmap-go/sqlmap/scanner"
)

// PointerTo and ArgAt build interfaces by hand, without reflect; they must
// give exactly what reflect would, for any type.
func TestPointerToMatchesReflect(t *testing.T) {
	t.Parallel()
	type custom struct{ A, B int }
	values := []any{
		int64(1), "s", int16(2), true, 1.5, time.Now(), []byte("b"), ptr("p"),
		sql.NullString{String: "n", Valid: true}, pgtype.Numeric{}, custom{1, 2},
		map[string]any{"k": 1}, []string{"x"}, [3]int{1, 2, 3},
	}
	for _, v := range values {
		rv := reflect.New(reflect.TypeOf(v))
		rv.Elem().Set(reflect.ValueOf(v))
		got := scanner.PointerTo(rv.Elem().Type())(rv.UnsafePointer())
		assert.Equal(t, rv.Interface(), got, "%T", v)
		assert.Equal(t, rv.Type(), reflect.TypeOf(got))
	}
}

func TestArgAt(t *testing.T) {
	t.Parallel()
	s := "x"
	var nilString *string
	m := map[string]int{"a": 1}
	var nilMap map[string]int
	var iface any = 42
	var err error = sql.ErrNoRows
	fn := func() {}
	cases := []struct {
		name string
		addr any // pointer to the field
		want any
	}{
		{"pointer", &struct{ p *string }{&s}, &s},
		{"nil pointer stays a typed nil", &struct{ p *string }{nilString}, nilString},
		{"map", &struct{ m map[string]int }{m}, m},
		{"nil map", &struct{ m map[string]int }{nilMap}, nilMap},
		{"empty interface gives what it holds", &struct{ a any }{iface}, 42},
		{"non-empty interface", &struct{ e error }{err}, err},
	}
	for _, c := range cases {
		rv := reflect.ValueOf(c.addr).Elem().Field(0)
		got := scanner.ArgAt(rv.Type())(unsafe.Pointer(rv.UnsafeAddr()))
		assert.Equal(t, c.want, got, c.name)
		assert.Equal(t, reflect.TypeOf(c.want), reflect.TypeOf(got), c.name)
	}
	f := &struct{ f func() }{fn}
	rv := reflect.ValueOf(f).Elem().Field(0)
	assert.NotNil(t, scanner.ArgAt(rv.Type())(unsafe.Pointer(rv.UnsafeAddr())), "func")

	n := int64(7)
	got := scanner.ArgAt(reflect.TypeFor[int64]())(unsafe.Pointer(&n))
	assert.Equal(t, &n, got, "other types are passed by address, for pgx to dereference")
}

func ptr[T any](v T) *T { return &v }
