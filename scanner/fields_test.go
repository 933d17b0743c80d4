package scanner_test

import (
	"database/sql"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/scanner"
)

type Base struct {
	ID      int64
	Created time.Time `db:"created_at"`
}

type Address struct {
	City   string
	Street *string
}

type Customer struct {
	Base
	Name      string
	Skipped   string `db:"-"`
	internal  string //nolint:unused // unexported fields are not columns
	Home      Address
	Work      *Address `db:"office"`
	Note      sql.NullString
	Amount    pgtype.Numeric
	UserIDs   []int64
	Settings  map[string]any
	Prefs     Address `sqlmap:"json"`
	FinalURLs []string
}

func columns(m *scanner.StructMap) []string {
	var out []string
	for _, f := range m.Fields() {
		out = append(out, f.Column)
	}
	return out
}

func TestMapNamingAndNesting(t *testing.T) {
	m, err := scanner.Map(reflect.TypeFor[Customer]())
	require.NoError(t, err)
	assert.Equal(t, []string{
		"id", "created_at", "name", "home.city", "home.street", "office.city", "office.street",
		"note", "amount", "user_ids", "settings", "prefs", "final_urls",
	}, columns(m))

	f, ok := m.Lookup("home.city")
	require.True(t, ok)
	assert.Equal(t, "Customer.Home.City", f.Path)
	assert.True(t, f.Direct())

	f, ok = m.Lookup("office.city")
	require.True(t, ok)
	assert.False(t, f.Direct(), "reached through a pointer")

	_, ok = m.Lookup("skipped")
	assert.False(t, ok)
	_, ok = m.Lookup("internal")
	assert.False(t, ok)

	again, err := scanner.Map(reflect.TypeFor[*Customer]())
	require.NoError(t, err)
	assert.Same(t, m, again, "maps are cached per type")
}

func TestMapShallowerFieldWins(t *testing.T) {
	type Inner struct{ Name, Other string }
	type Outer struct {
		Inner
		Name string
	}
	m, err := scanner.Map(reflect.TypeFor[Outer]())
	require.NoError(t, err)
	f, ok := m.Lookup("name")
	require.True(t, ok)
	assert.Equal(t, "Outer.Name", f.Path)
	assert.Equal(t, []string{"other", "name"}, columns(m))
}

func TestMapErrors(t *testing.T) {
	type Dup struct {
		A string `db:"x"`
		B string `db:"x"`
	}
	_, err := scanner.Map(reflect.TypeFor[Dup]())
	assert.EqualError(t, err, `scanner: Dup.A and Dup.B both map to column "x": rename one with a db tag`)

	type Node struct {
		Name string
		Next *Node
	}
	_, err = scanner.Map(reflect.TypeFor[Node]())
	assert.ErrorContains(t, err, "contains itself")

	_, err = scanner.Map(reflect.TypeFor[time.Time]())
	assert.ErrorContains(t, err, "scans as one value")
	_, err = scanner.Map(reflect.TypeFor[int]())
	assert.ErrorContains(t, err, "is not a struct")
}

func TestIsScalar(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[int](), reflect.TypeFor[time.Time](), reflect.TypeFor[sql.NullString](),
		reflect.TypeFor[pgtype.Text](), reflect.TypeFor[*string](), reflect.TypeFor[[]byte](),
	} {
		assert.True(t, scanner.IsScalar(typ), typ.String())
	}
	assert.False(t, scanner.IsScalar(reflect.TypeFor[Customer]()))
	assert.False(t, scanner.IsScalar(reflect.TypeFor[*Address]()))
}
