package schema

import (
	"reflect"
	"strings"

	"github.com/sqlmap-go/sqlmap/scanner"
)

// tableNamer is the method that names a model's table.
type tableNamer interface{ TableName() string }

// directiver gives reflection the struct directives that LoadModels reads
// from the type's doc comment, which reflection cannot see.
type directiver interface{ SqlmapDirectives() []string }

// FromStructs reads a desired schema from model values (structs or
// pointers to structs) by reflection, with the same tag options, type
// mapping and column naming as [LoadModels]. Every value is a table, named
// by its TableName() string method (on the value or its pointer) when it
// has one, else by a sqlmap:table directive, else by the scanner's column
// naming of the type name (type OrderItem → order_item; note: singular).
//
// Struct directives cannot be read by reflection: a value provides them with
// a method SqlmapDirectives() []string that returns the directive lines,
// with or without the leading "//" ("sqlmap:index users_email (email)").
// Enums may be declared by any of the values.
//
// Sources are "models.User" for a table and "models.User.Email" for a
// column (the struct that declares the field, for embedded ones).
func FromStructs(values ...any) (*Schema, error) {
	var (
		errs  errList
		defs  []tableDef
		enums []directive
	)
	for _, v := range values {
		rv := reflect.ValueOf(v)
		if !rv.IsValid() {
			errs.add("FromStructs: nil value")
			continue
		}
		t := rv.Type()
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.Name() == "" {
			errs.add("FromStructs: %T is not a named struct type", v)
			continue
		}
		// Methods are called on a zero pointer, so that pointer receivers
		// count and a nil pointer value works: table names and directives
		// describe the type, not the value.
		p := reflect.New(t).Interface()
		src := t.String()

		def := tableDef{source: src, typ: reflectType{t: t}}
		if d, ok := p.(directiver); ok {
			for _, line := range d.SqlmapDirectives() {
				line = strings.TrimSpace(line)
				if line == "" {
					continue
				}
				dir, err := parseDirective(strings.TrimPrefix(line, "//"))
				if err != nil {
					errs.add("%s: %w", src, err)
					continue
				}
				dir.source = src
				if dir.verb == dirEnum {
					enums = append(enums, dir)
					continue
				}
				def.directives = append(def.directives, dir)
			}
		}
		name, err := tableName(def.directives)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if tn, ok := p.(tableNamer); ok {
			n := tn.TableName()
			if name != "" && name != n {
				errs.add("%s: sqlmap:table %s disagrees with TableName() %q", src, name, n)
				continue
			}
			name = n
		}
		if name == "" {
			base, _, _ := strings.Cut(t.Name(), "[")
			name = scanner.ColumnName(base)
		}
		def.name = name
		defs = append(defs, def)
	}
	return finish(errs, defs, enums)
}

// reflectType is a goType for FromStructs.
type reflectType struct {
	t reflect.Type
	// path names the fields of an unnamed struct type in messages.
	path string
}

func (r reflectType) kind() reflect.Kind { return r.t.Kind() }
func (r reflectType) elem() goType       { return reflectType{t: r.t.Elem(), path: r.path} }
func (r reflectType) arrayLen() int      { return r.t.Len() }
func (r reflectType) numField() int      { return r.t.NumField() }
func (r reflectType) scalar() bool       { return scanner.IsScalar(r.t) }
func (r reflectType) key() any           { return r.t }
func (r reflectType) String() string     { return r.t.String() }

func (r reflectType) named() (string, string) {
	if r.t.PkgPath() == "" {
		return "", "" // predeclared or unnamed
	}
	name, _, _ := strings.Cut(r.t.Name(), "[")
	return r.t.PkgPath(), name
}

func (r reflectType) field(i int) goField {
	sf := r.t.Field(i)
	owner := r.path
	if r.t.Name() != "" {
		owner = r.t.String()
	}
	src := owner + "." + sf.Name
	return goField{
		name:      sf.Name,
		anonymous: sf.Anonymous,
		exported:  sf.IsExported(),
		tag:       sf.Tag,
		typ:       reflectType{t: sf.Type, path: src},
		source:    src,
		where:     src,
	}
}
