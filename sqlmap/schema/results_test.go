package schema_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/scanner"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
	"github.com/sqlmap-go/sqlmap/sqlmap/vet"
)

// The two result-type readers describe the fixture's structs alike.
func TestResultTypeReadersAgree(t *testing.T) {
	loaded, err := schema.LoadResultTypes(context.Background(), fixtureDir)
	require.NoError(t, err)
	byName := map[string]vet.ResultType{}
	for _, rt := range loaded {
		byName[rt.Name] = rt
	}
	reflected, err := schema.ResultTypes(fixtureValues()...)
	require.NoError(t, err)
	require.Len(t, reflected, len(fixtureValues()))
	for _, want := range reflected {
		got, ok := byName[want.Name]
		require.True(t, ok, "LoadResultTypes has no %s", want.Name)
		assert.Equal(t, "models", got.Package)
		assert.Equal(t, want.Package, got.Package)
		assert.Equal(t, want.Err, got.Err)
		require.Len(t, got.Fields, len(want.Fields), want.Name)
		for i := range want.Fields {
			w, g := want.Fields[i], got.Fields[i]
			// Sources and type spellings ([]byte, []uint8) differ by reader.
			w.Source, g.Source, w.GoType, g.GoType = "", "", "", ""
			assert.Equal(t, w, g, "%s field %d", want.Name, i)
		}
	}
}

type resultAuthor struct {
	ID   int64
	Name string
}

type resultBook struct {
	resultAuthor `db:"-"`
	ID           int64
	Title        string
	Note         *string
	Tags         []string
	Meta         map[string]any
	At           time.Time
	Count        uint64
	Author       *resultAuthor `db:"writer"`
}

// A result struct is walked as the scanner walks it: prefixed columns for a
// named struct field, which may be NULL as a whole under a pointer.
func TestResultTypesFollowTheScanner(t *testing.T) {
	rts, err := schema.ResultTypes(&resultBook{})
	require.NoError(t, err)
	require.Len(t, rts, 1)
	rt := rts[0]
	assert.Equal(t, "resultBook", rt.Name)
	assert.Equal(t, "schema_test", rt.Package)
	m, err := scanner.Map(reflect.TypeOf(resultBook{}))
	require.NoError(t, err)
	var cols []string
	for _, f := range m.Fields() {
		cols = append(cols, f.Column)
	}
	var got []string
	for _, f := range rt.Fields {
		got = append(got, f.Column)
	}
	assert.Equal(t, cols, got, "the columns the scanner binds")
	want := map[string]vet.ResultField{
		"id":          {Column: "id", GoType: "int64", SQLType: "bigint"},
		"note":        {Column: "note", GoType: "*string", SQLType: "text", Nullable: true},
		"tags":        {Column: "tags", GoType: "[]string", SQLType: "text[]", Nullable: true}, // pgx scans NULL as a nil slice
		"meta":        {Column: "meta", GoType: "map[string]interface {}", SQLType: "jsonb", Nullable: true},
		"at":          {Column: "at", GoType: "time.Time", SQLType: "timestamptz"},
		"count":       {Column: "count", GoType: "uint64", Nullable: true}, // no column type: not checked
		"writer.name": {Column: "writer.name", GoType: "string", SQLType: "text", Nullable: true},
	}
	for _, f := range rt.Fields {
		if w, ok := want[f.Column]; ok {
			f.Source = ""
			assert.Equal(t, w, f)
		}
	}
}

func TestResultTypesRejectsNonStructs(t *testing.T) {
	_, err := schema.ResultTypes(42)
	assert.ErrorContains(t, err, "int is not a named struct type")
}
