package schema

import (
	"reflect"
	"strings"
)

// goType is a Go type as one of the readers sees it: go/types for
// LoadModels, reflect for FromStructs. The column walk and the type mapping
// are written once against it, so the two readers cannot drift apart.
type goType interface {
	// kind is the kind of the underlying type, in reflect's terms;
	// reflect.Invalid for what has no reflect kind (type parameters).
	kind() reflect.Kind
	// elem is the element type of a pointer, slice or array.
	elem() goType
	// arrayLen is the length of an array type.
	arrayLen() int
	// named is the package path and name, without type arguments, of a
	// defined type; empty for unnamed and predeclared types.
	named() (pkgPath, name string)
	numField() int
	field(i int) goField
	// scalar mirrors scanner.IsScalar: whether the scanner reads a value of
	// this type from one column rather than field by field.
	scalar() bool
	// key identifies the type, to stop walking a struct that contains
	// itself.
	key() any
	// String spells the type as reflect does ("models.Status", "[]uint32").
	String() string
}

// goField is a struct field.
type goField struct {
	name      string
	anonymous bool
	exported  bool
	tag       reflect.StructTag
	typ       goType
	// source becomes Column.Source.
	source string
	// where starts the field's error messages: "models/user.go:12: field
	// Email", or "models.User.Email" for reflection.
	where string
}

const (
	pgtypePkg = "github.com/jackc/pgx/v5/pgtype"
	sqlPkg    = "database/sql"
)

// pgtypeTypes are the pgtype types with a single obvious column type.
var pgtypeTypes = map[string]string{
	"Numeric":     "numeric",
	"UUID":        "uuid",
	"Text":        "text",
	"Int8":        "bigint",
	"Int4":        "integer",
	"Int2":        "smallint",
	"Bool":        "boolean",
	"Float8":      "double precision",
	"Float4":      "real",
	"Timestamptz": "timestamptz",
	"Timestamp":   "timestamp",
	"Date":        "date",
	"Interval":    "interval",
	"Time":        "time",
}

// sqlNullTypes are database/sql's Null types; the generic sql.Null[T] is
// mapped through T.
var sqlNullTypes = map[string]string{
	"NullString":  "text",
	"NullInt64":   "bigint",
	"NullInt32":   "integer",
	"NullInt16":   "smallint",
	"NullByte":    "smallint",
	"NullBool":    "boolean",
	"NullFloat64": "double precision",
	"NullTime":    "timestamptz",
}

// basicTypes maps the kinds that have a column type of their own. The
// unsigned integers are missing on purpose: PostgreSQL has no unsigned
// type, and a silent widening would hide that uint64 does not fit bigint.
var basicTypes = map[reflect.Kind]string{
	reflect.Bool:    "boolean",
	reflect.Int:     "bigint",
	reflect.Int64:   "bigint",
	reflect.Int32:   "integer",
	reflect.Int16:   "smallint",
	reflect.Int8:    "smallint",
	reflect.String:  "text",
	reflect.Float64: "double precision",
	reflect.Float32: "real",
}

func deref(t goType) goType {
	for t.kind() == reflect.Pointer {
		t = t.elem()
	}
	return t
}

// nullable reports whether a column of Go type t may hold NULL: the rule is
// deliberately only "pointers, sql.Null*, pgtype.*" (plus the Null types of
// the uuid and decimal packages), so that a model reads the same whatever
// the database would accept.
func nullable(t goType) bool {
	if t.kind() == reflect.Pointer {
		return true
	}
	pkg, name := t.named()
	switch {
	case pkg == pgtypePkg:
		return true
	case pkg == sqlPkg && strings.HasPrefix(name, "Null"):
		return true
	case name == "NullUUID" || name == "NullDecimal":
		return true
	}
	return false
}

// sqlType maps a Go type to its column type; ok is false when there is
// none and the field needs type=.
func sqlType(t goType) (typ string, ok bool) {
	t = deref(t)
	if s, ok := specialType(t); ok {
		return s, s != ""
	}
	switch k := t.kind(); k {
	case reflect.Slice:
		if t.elem().kind() == reflect.Uint8 {
			return "bytea", true
		}
		e, ok := sqlType(t.elem())
		if !ok {
			return "", false
		}
		return e + "[]", true
	case reflect.Map:
		return "jsonb", true
	default:
		s, ok := basicTypes[k]
		return s, ok
	}
}

// specialType maps the defined types that do not map through their
// underlying type. ok with an empty typ means "known, and unmappable".
func specialType(t goType) (typ string, ok bool) {
	pkg, name := t.named()
	if name == "" {
		return "", false
	}
	switch {
	case pkg == "time" && name == "Time":
		return "timestamptz", true
	case pkg == "encoding/json" && name == "RawMessage":
		return "jsonb", true
	case pkg == pgtypePkg:
		return pgtypeTypes[name], true
	case pkg == sqlPkg && name == "Null":
		for i := 0; i < t.numField(); i++ {
			if f := t.field(i); f.name == "V" {
				s, _ := sqlType(f.typ)
				return s, true
			}
		}
		return "", true
	case pkg == sqlPkg && strings.HasPrefix(name, "Null"):
		return sqlNullTypes[name], true
	case name == "UUID" && t.kind() == reflect.Array && t.arrayLen() == 16 && t.elem().kind() == reflect.Uint8,
		name == "NullUUID":
		return "uuid", true
	case name == "Decimal" || name == "NullDecimal":
		return "numeric", true
	}
	return "", false
}
