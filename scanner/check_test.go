package scanner_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/scanner"
)

// CheckType decides from the type alone: what the plan can fill, or pgx
// can decode one column into, passes; the rest is a *TypeError naming the
// type as the caller wrote it.
func TestCheckType(t *testing.T) {
	t.Parallel()
	type nested struct {
		ID   int64
		Home **Address
	}
	cases := []struct {
		typ  reflect.Type
		want string // "" for a type that scans
	}{
		{reflect.TypeFor[Customer](), ""},
		{reflect.TypeFor[*Customer](), ""},
		{reflect.TypeFor[**Customer](), "scanner: cannot scan into **scanner_test.Customer: a pointer to a pointer (scan into *scanner_test.Customer)"},
		{reflect.TypeFor[***Customer](), "scanner: cannot scan into ***scanner_test.Customer: a pointer to a pointer (scan into *scanner_test.Customer)"},
		{reflect.TypeFor[nested](), "scanner: cannot scan into scanner_test.nested: nested.Home: pointer to pointer to struct is not supported"},
		{reflect.TypeFor[*nested](), "scanner: cannot scan into *scanner_test.nested: nested.Home: pointer to pointer to struct is not supported"},

		{reflect.TypeFor[int64](), ""},
		{reflect.TypeFor[*int64](), ""},
		{reflect.TypeFor[**int64](), "scanner: cannot scan into **int64: a pointer to a pointer (scan into *int64)"},
		{reflect.TypeFor[string](), ""},
		{reflect.TypeFor[time.Time](), ""},
		{reflect.TypeFor[*time.Time](), ""},
		{reflect.TypeFor[**time.Time](), "a pointer to a pointer (scan into *time.Time)"},
		{reflect.TypeFor[sql.NullString](), ""},
		{reflect.TypeFor[pgtype.Text](), ""},
		{reflect.TypeFor[[]byte](), ""},
		{reflect.TypeFor[json.RawMessage](), ""},
		{reflect.TypeFor[[16]byte](), ""},
		{reflect.TypeFor[[]int64](), ""},
		{reflect.TypeFor[*[]int64](), ""},
		{reflect.TypeFor[[]Customer](), ""}, // one json or composite-array column
		{reflect.TypeFor[*[]Customer](), ""},
		{reflect.TypeFor[map[string]any](), ""}, // one json, jsonb or hstore column
		{reflect.TypeFor[any](), ""},
		{reflect.TypeFor[*any](), ""},

		{reflect.TypeFor[fmt.Stringer](), "scanner: cannot scan into fmt.Stringer: an interface with methods (pgx decodes only into any, or a concrete type)"},
		{reflect.TypeFor[*error](), "scanner: cannot scan into *error: an interface with methods"},
		{reflect.TypeFor[chan int](), "scanner: cannot scan into chan int: a channel holds no column value"},
		{reflect.TypeFor[*chan int](), "scanner: cannot scan into *chan int: a channel holds no column value"},
		{reflect.TypeFor[func()](), "scanner: cannot scan into func(): a func holds no column value"},
		{reflect.TypeFor[unsafe.Pointer](), "scanner: cannot scan into unsafe.Pointer: an unsafe.Pointer holds no column value"},
	}
	for _, c := range cases {
		t.Run(c.typ.String(), func(t *testing.T) {
			err := scanner.CheckType(c.typ)
			if c.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorContains(t, err, c.want)
			var te *scanner.TypeError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, c.typ, te.Type)
			assert.Equal(t, err, scanner.CheckType(c.typ), "cached")
		})
	}
}

// NewPlan refuses such a type whatever the columns, none included: the
// refusal does not wait for a row.
func TestNewPlanRefusesTypeWithoutRows(t *testing.T) {
	t.Parallel()
	for _, fds := range [][]pgconn.FieldDescription{nil, {{Name: "id"}}, {{Name: "id"}, {Name: "name"}}} {
		_, err := scanner.NewPlan[**Customer](fds, scanner.Options{})
		var te *scanner.TypeError
		require.ErrorAs(t, err, &te, "%d columns", len(fds))
		assert.Equal(t, reflect.TypeFor[**Customer](), te.Type)
	}
	_, err := scanner.NewPlan[[]Customer]([]pgconn.FieldDescription{{Name: "id"}, {Name: "name"}}, scanner.Options{})
	assert.EqualError(t, err, "scanner: cannot scan into []scanner_test.Customer: a single value, but the result has 2 columns (id, name); a slice scans from one array or json column: for one element per row, scan into the element type")
	_, err = scanner.NewPlan[[]byte]([]pgconn.FieldDescription{{Name: "a"}, {Name: "b"}}, scanner.Options{})
	assert.EqualError(t, err, "scanner: cannot scan into []uint8: a single value, but the result has 2 columns (a, b): scan into a struct")
}
