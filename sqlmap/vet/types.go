package vet

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// catalog is what Describe reads about the types and table columns of
// every prepared statement, in three set-based queries whatever the
// number of queries.
type catalog struct {
	types  map[uint32]typeInfo
	format map[typmod]string
	attrs  map[attrKey]attrInfo
}

type typeInfo struct {
	name     string // format_type without modifier: "character varying"
	typtype  byte   // b base, d domain, e enum, c composite, ...
	category byte   // A for arrays
	elem     uint32
	base     uint32 // of a domain
}

type typmod struct {
	oid uint32
	mod int32
}

type attrKey struct {
	rel uint32
	num uint16
}

type attrInfo struct {
	notNull bool
	source  string // "users.email"
}

const (
	vetTypesSQL = `WITH RECURSIVE want(oid) AS (
    SELECT unnest($1::oid[])
  UNION
    SELECT x FROM pg_type t JOIN want w ON t.oid = w.oid,
      LATERAL (VALUES (t.typelem), (t.typbasetype)) v(x)
    WHERE x <> 0
)
SELECT t.oid, format_type(t.oid, NULL), t.typtype, t.typcategory, t.typelem, t.typbasetype
FROM pg_type t JOIN want USING (oid)`
	vetFormatSQL = `SELECT o, m, format_type(o, m) FROM unnest($1::oid[], $2::int4[]) AS u(o, m)`
	vetAttrsSQL  = `SELECT u.rel, u.num, a.attnotnull, c.relname || '.' || a.attname
FROM unnest($1::oid[], $2::int2[]) AS u(rel, num)
JOIN pg_attribute a ON a.attrelid = u.rel AND a.attnum = u.num
JOIN pg_class c ON c.oid = u.rel`
)

func readCatalog(ctx context.Context, conn *pgx.Conn, sds []*pgconn.StatementDescription) (*catalog, error) {
	cat := &catalog{types: map[uint32]typeInfo{}, format: map[typmod]string{}, attrs: map[attrKey]attrInfo{}}
	var oids, relOIDs []uint32
	var mods []int32
	var nums []int16
	seenMod := map[typmod]bool{}
	seenAttr := map[attrKey]bool{}
	addMod := func(oid uint32, mod int32) {
		if k := (typmod{oid, mod}); !seenMod[k] {
			seenMod[k] = true
			oids = append(oids, oid)
			mods = append(mods, mod)
		}
	}
	for _, sd := range sds {
		for _, oid := range sd.ParamOIDs {
			addMod(oid, -1)
		}
		for _, f := range sd.Fields {
			addMod(f.DataTypeOID, f.TypeModifier)
			if k := (attrKey{f.TableOID, f.TableAttributeNumber}); f.TableOID != 0 && f.TableAttributeNumber > 0 && !seenAttr[k] {
				seenAttr[k] = true
				relOIDs = append(relOIDs, f.TableOID)
				nums = append(nums, int16(f.TableAttributeNumber))
			}
		}
	}
	if len(oids) == 0 {
		return cat, nil
	}
	if err := collect(ctx, conn, vetTypesSQL, []any{oids}, func(rows pgx.Rows) error {
		var oid, elem, base uint32
		var name, typtype, category string
		if err := rows.Scan(&oid, &name, &typtype, &category, &elem, &base); err != nil {
			return err
		}
		cat.types[oid] = typeInfo{name: name, typtype: typtype[0], category: category[0], elem: elem, base: base}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read types: %w", err)
	}
	if err := collect(ctx, conn, vetFormatSQL, []any{oids, mods}, func(rows pgx.Rows) error {
		var k typmod
		var s string
		if err := rows.Scan(&k.oid, &k.mod, &s); err != nil {
			return err
		}
		cat.format[k] = s
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read type names: %w", err)
	}
	if len(relOIDs) == 0 {
		return cat, nil
	}
	if err := collect(ctx, conn, vetAttrsSQL, []any{relOIDs, nums}, func(rows pgx.Rows) error {
		var k attrKey
		var num int16
		var a attrInfo
		if err := rows.Scan(&k.rel, &num, &a.notNull, &a.source); err != nil {
			return err
		}
		k.num = uint16(num)
		cat.attrs[k] = a
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read table columns: %w", err)
	}
	return cat, nil
}

func collect(ctx context.Context, conn *pgx.Conn, sql string, args []any, row func(pgx.Rows) error) error {
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (cat *catalog) describe(d *Description, sd *pgconn.StatementDescription) {
	for i, oid := range sd.ParamOIDs {
		name := "$" + strconv.Itoa(i+1)
		if i < len(d.Query.Params) {
			name = d.Query.Params[i]
		}
		d.Params = append(d.Params, Column{Name: name, Type: cat.typeName(oid, -1), OID: oid})
	}
	for _, f := range sd.Fields {
		c := Column{Name: f.Name, Type: cat.typeName(f.DataTypeOID, f.TypeModifier), OID: f.DataTypeOID}
		if a, ok := cat.attrs[attrKey{f.TableOID, f.TableAttributeNumber}]; ok {
			c.Source = a.source
			c.Null = Nullable
			if a.notNull {
				c.Null = NotNull
			}
		}
		d.Columns = append(d.Columns, c)
	}
}

func (cat *catalog) typeName(oid uint32, mod int32) string {
	if s, ok := cat.format[typmod{oid, mod}]; ok {
		return s
	}
	return "oid " + strconv.FormatUint(uint64(oid), 10)
}

// Which column types pgx scans into a field, by the column type the
// field's Go type maps to in a model. The rule is pgx's own (a test holds
// the table to it): vet reports what would fail at run time whatever the
// value, such as text into int64 or timestamptz into string, and leaves
// the conversions pgx makes and checks per value (numeric into int64,
// bigint into int32, text into pgtype.Numeric) to run time.
var (
	numberTypes = []string{"smallint", "integer", "bigint", "numeric", "real", "double precision"}
	textTypes   = []string{"text", "character varying", "character", "bpchar", "name", "citext"}
	timeTypes   = []string{"timestamp with time zone", "timestamp without time zone", "date"}
	jsonTypes   = []string{"json", "jsonb"}
	scansInto   = map[string][]string{
		"smallint":         numberTypes,
		"integer":          numberTypes,
		"bigint":           numberTypes,
		"real":             numberTypes,
		"double precision": numberTypes,
		"numeric":          slices.Concat(numberTypes, textTypes),
		"text":             slices.Concat(textTypes, jsonTypes, numberTypes, []string{"uuid", "time without time zone"}),
		"boolean":          {"boolean"},
		"timestamptz":      slices.Concat(timeTypes, []string{"time without time zone"}),
		"timestamp":        timeTypes,
		"date":             timeTypes,
		"interval":         {"interval", "time without time zone"},
		"time":             {"time without time zone"},
		"jsonb":            jsonTypes,
		"uuid":             {"uuid"},
		"bytea":            slices.Concat([]string{"bytea", "uuid", "time without time zone"}, textTypes, jsonTypes, numberTypes),
	}
	// knownColumns are the column types the table speaks for: a column of
	// another type (inet, a composite) is not checked.
	knownColumns = func() map[string]bool {
		m := map[string]bool{}
		for _, cols := range scansInto {
			for _, c := range cols {
				m[c] = true
			}
		}
		return m
	}()
)

// holds reports whether a field whose Go type maps to fieldType (as in
// ResultField.SQLType) can hold a column of type oid; known is false when
// either side is outside what the rules speak for.
func (cat *catalog) holds(fieldType string, oid uint32) (ok, known bool) {
	t, found := cat.types[oid]
	for found && t.typtype == 'd' { // a domain scans as its base type
		t, found = cat.types[t.base]
	}
	if !found || fieldType == "" {
		return false, false
	}
	if elem, isArray := strings.CutSuffix(fieldType, "[]"); isArray {
		if t.category != 'A' {
			return false, knownColumns[t.name] || t.typtype == 'e'
		}
		return cat.holds(elem, t.elem)
	}
	if t.category == 'A' {
		// pgx hands some arrays to []byte as raw bytes and refuses
		// others: not a rule to speak for.
		_, isField := scansInto[fieldType]
		return false, isField && fieldType != "bytea"
	}
	if t.typtype == 'e' { // enums scan into strings
		_, isField := scansInto[fieldType]
		return fieldType == "text" || fieldType == "bytea", isField
	}
	cols, isField := scansInto[fieldType]
	if !isField || !knownColumns[t.name] {
		return false, false
	}
	return slices.Contains(cols, t.name), true
}
