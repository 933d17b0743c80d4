package schema_test

import (
	"database/sql"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema/testdata/readers/models"
)

type (
	rdStatus  string
	rdCount   int32
	rdBlob    []byte
	rdIDs     []int64
	rdMap     map[string]string
	rdScanner struct{ v int } // one column for the scanner, but no type
	rdUUIDPtr *models.UUID
	rdDouble  = float64
)

func (s *rdScanner) Scan(any) error { return nil }

func TestTypeMapping(t *testing.T) {
	// Only a UUID whose underlying type is [16]byte is a uuid.
	type UUID string
	tests := []struct {
		typ      reflect.Type
		sql      string
		nullable bool
	}{
		{reflect.TypeFor[int64](), "bigint", false},
		{reflect.TypeFor[int](), "bigint", false},
		{reflect.TypeFor[int32](), "integer", false},
		{reflect.TypeFor[int16](), "smallint", false},
		{reflect.TypeFor[int8](), "smallint", false},
		{reflect.TypeFor[string](), "text", false},
		{reflect.TypeFor[bool](), "boolean", false},
		{reflect.TypeFor[float64](), "double precision", false},
		{reflect.TypeFor[float32](), "real", false},
		{reflect.TypeFor[rdDouble](), "double precision", false},
		{reflect.TypeFor[time.Time](), "timestamptz", false},
		{reflect.TypeFor[[]byte](), "bytea", false},
		{reflect.TypeFor[rdBlob](), "bytea", false},
		{reflect.TypeFor[json.RawMessage](), "jsonb", false},
		{reflect.TypeFor[map[string]any](), "jsonb", false},
		{reflect.TypeFor[rdMap](), "jsonb", false},
		{reflect.TypeFor[[]string](), "text[]", false},
		{reflect.TypeFor[[]int64](), "bigint[]", false},
		{reflect.TypeFor[rdIDs](), "bigint[]", false},
		{reflect.TypeFor[[]time.Time](), "timestamptz[]", false},
		{reflect.TypeFor[[]*string](), "text[]", false},
		{reflect.TypeFor[[][]byte](), "bytea[]", false},
		{reflect.TypeFor[[][]int32](), "integer[][]", false},
		{reflect.TypeFor[[]json.RawMessage](), "jsonb[]", false},
		{reflect.TypeFor[models.UUID](), "uuid", false},
		{reflect.TypeFor[[]models.UUID](), "uuid[]", false},
		{reflect.TypeFor[models.NullUUID](), "uuid", true},
		{reflect.TypeFor[models.Decimal](), "numeric", false},
		{reflect.TypeFor[pgtype.UUID](), "uuid", true},
		{reflect.TypeFor[pgtype.Numeric](), "numeric", true},
		{reflect.TypeFor[pgtype.Text](), "text", true},
		{reflect.TypeFor[pgtype.Int8](), "bigint", true},
		{reflect.TypeFor[pgtype.Int4](), "integer", true},
		{reflect.TypeFor[pgtype.Int2](), "smallint", true},
		{reflect.TypeFor[pgtype.Bool](), "boolean", true},
		{reflect.TypeFor[pgtype.Float8](), "double precision", true},
		{reflect.TypeFor[pgtype.Float4](), "real", true},
		{reflect.TypeFor[pgtype.Timestamptz](), "timestamptz", true},
		{reflect.TypeFor[pgtype.Timestamp](), "timestamp", true},
		{reflect.TypeFor[pgtype.Date](), "date", true},
		{reflect.TypeFor[pgtype.Interval](), "interval", true},
		{reflect.TypeFor[pgtype.Time](), "time", true},
		{reflect.TypeFor[sql.NullString](), "text", true},
		{reflect.TypeFor[sql.NullInt64](), "bigint", true},
		{reflect.TypeFor[sql.NullInt32](), "integer", true},
		{reflect.TypeFor[sql.NullInt16](), "smallint", true},
		{reflect.TypeFor[sql.NullByte](), "smallint", true},
		{reflect.TypeFor[sql.NullBool](), "boolean", true},
		{reflect.TypeFor[sql.NullFloat64](), "double precision", true},
		{reflect.TypeFor[sql.NullTime](), "timestamptz", true},
		{reflect.TypeFor[sql.Null[int32]](), "integer", true},
		{reflect.TypeFor[sql.Null[time.Time]](), "timestamptz", true},
		{reflect.TypeFor[*string](), "text", true},
		{reflect.TypeFor[*int64](), "bigint", true},
		{reflect.TypeFor[**int64](), "bigint", true},
		{reflect.TypeFor[*time.Time](), "timestamptz", true},
		{reflect.TypeFor[*[]string](), "text[]", true},
		{reflect.TypeFor[*json.RawMessage](), "jsonb", true},
		{reflect.TypeFor[*sql.NullString](), "text", true},
		{reflect.TypeFor[rdUUIDPtr](), "uuid", true},
		{reflect.TypeFor[rdStatus](), "text", false},
		{reflect.TypeFor[models.Status](), "text", false},
		{reflect.TypeFor[rdCount](), "integer", false},
		{reflect.TypeFor[*rdStatus](), "text", true},
		{reflect.TypeFor[UUID](), "text", false},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			s, err := schema.ReadType(oneField(tt.typ, ""))
			require.NoError(t, err)
			c := s.Tables[0].Columns[0]
			assert.Equal(t, tt.sql, c.Type)
			assert.Equal(t, !tt.nullable, c.NotNull, "NotNull")
		})
	}
}

func TestTypeMappingErrors(t *testing.T) {
	const hint = ` has no PostgreSQL type: give one with sqlmap:"type=..."`
	tests := []struct {
		typ reflect.Type
		err string
	}{
		{reflect.TypeFor[uint64](), "Go type uint64" + hint},
		{reflect.TypeFor[uint](), "Go type uint" + hint},
		{reflect.TypeFor[uint32](), "Go type uint32" + hint},
		{reflect.TypeFor[uint16](), "Go type uint16" + hint},
		{reflect.TypeFor[uint8](), "Go type uint8" + hint},
		{reflect.TypeFor[uintptr](), "Go type uintptr" + hint},
		{reflect.TypeFor[*uint64](), "Go type *uint64" + hint},
		{reflect.TypeFor[[]uint64](), "Go type []uint64" + hint},
		{reflect.TypeFor[complex128](), "Go type complex128" + hint},
		{reflect.TypeFor[chan int](), "Go type chan int" + hint},
		{reflect.TypeFor[func()](), "Go type func()" + hint},
		{reflect.TypeFor[any](), "Go type interface {}" + hint},
		{reflect.TypeFor[error](), "Go type error" + hint},
		{reflect.TypeFor[[4]int](), "Go type [4]int" + hint},
		{reflect.TypeFor[[16]byte](), "Go type [16]uint8" + hint},
		{reflect.TypeFor[rdScanner](), "Go type schema_test.rdScanner" + hint},
		{reflect.TypeFor[sql.Null[uint64]](), "Go type sql.Null[uint64]" + hint},
		{reflect.TypeFor[[]models.Address](), "Go type []models.Address" + hint},
		{reflect.TypeFor[models.Address](), `models.Address is a struct of columns: use sqlmap:"json" or embed it`},
		{reflect.TypeFor[*models.Address](), `*models.Address is a struct of columns: use sqlmap:"json" or embed it`},
		{reflect.TypeFor[struct{ A int }](), `struct { A int } is a struct of columns: use sqlmap:"json" or embed it`},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			_, err := schema.ReadType(oneField(tt.typ, ""))
			require.EqualError(t, err, "schema: T.F: "+tt.err)
		})
	}
}

// A type= option does not make a struct of columns one column: the scanner
// would still read it field by field.
func TestTypeOptionOnStructOfColumns(t *testing.T) {
	_, err := schema.ReadType(oneField(reflect.TypeFor[models.Address](), `sqlmap:"type=jsonb"`))
	require.EqualError(t, err, `schema: T.F: models.Address is a struct of columns: use sqlmap:"json" or embed it`)
}
