package schema

import (
	"context"
	"go/types"
	"reflect"
	"strings"

	"github.com/sqlmap-go/sqlmap/internal/layout"
	"github.com/sqlmap-go/sqlmap/sqlmap/vet"
)

// ResultTypes describes the struct types of values (structs or pointers to
// structs) for vet.WithResultTypes, by reflection: the columns the
// scanner binds their fields to, and the column type each field's Go type
// maps to in a model. Any struct may be described, not only tables.
func ResultTypes(values ...any) ([]vet.ResultType, error) {
	var errs errList
	var out []vet.ResultType
	for _, v := range values {
		t := reflect.TypeOf(v)
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t == nil || t.Kind() != reflect.Struct || t.Name() == "" {
			errs.add("ResultTypes: %T is not a named struct type", v)
			continue
		}
		name, _, _ := strings.Cut(t.Name(), "[")
		pkg := t.String()[:strings.LastIndexByte(t.String(), '.')+1]
		out = append(out, resultType(name, strings.TrimSuffix(pkg, "."), t.String(), reflectType{t: t}))
	}
	return out, errs.err()
}

// LoadResultTypes describes every named struct type declared in the Go
// packages matching patterns (default "."), resolved from dir, as
// [ResultTypes] does, with sources as file:line. Packages are read as
// [LoadModels] reads them: parsed and type-checked, not run.
func LoadResultTypes(ctx context.Context, dir string, patterns ...string) ([]vet.ResultType, error) {
	pkgs, env, err := loadPackages(ctx, dir, patterns)
	if err != nil {
		return nil, err
	}
	var out []vet.ResultType
	for _, pkg := range pkgs {
		env.fset = pkg.Fset
		scope := pkg.Types.Scope()
		for _, name := range scope.Names() {
			obj, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || obj.IsAlias() {
				continue
			}
			if n, isNamed := obj.Type().(*types.Named); !isNamed || n.TypeParams().Len() > 0 {
				continue
			}
			if _, isStruct := obj.Type().Underlying().(*types.Struct); !isStruct {
				continue
			}
			out = append(out, resultType(name, pkg.Name, env.pos(obj.Pos()), typesType{t: obj.Type(), env: env}))
		}
	}
	return out, nil
}

// resultType walks t as the scanner does. A struct the scanner would
// refuse keeps its error, reported only by a query that names it.
func resultType(name, pkg, source string, t goType) vet.ResultType {
	var errs errList
	fields := columnFields(t, false, &errs)
	rt := vet.ResultType{Name: name, Package: pkg, Source: source, Err: errs.err()}
	for _, mf := range fields {
		f := mf.field
		typ, _ := sqlType(f.typ)
		if layout.HasOption(f.tag.Get("sqlmap"), "json") {
			typ = "jsonb"
		}
		rt.Fields = append(rt.Fields, vet.ResultField{
			Column:   mf.column,
			Source:   f.where,
			GoType:   f.typ.String(),
			SQLType:  typ,
			Nullable: nullable(f.typ) || mf.underPointer || takesNull(f.typ) || typ == "", // a custom Scanner may take NULL
		})
	}
	return rt
}

// takesNull reports whether pgx scans NULL into a value of t without a
// pointer: a nil slice or map (the model reader still maps them NOT NULL,
// so that a table reads the same whatever pgx accepts).
func takesNull(t goType) bool {
	k := t.kind()
	return k == reflect.Slice || k == reflect.Map
}
