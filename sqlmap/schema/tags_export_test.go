package schema

import "reflect"

// ReadType reads one table named "t" from a struct type that need not be
// named (reflect.StructOf builds the tag and type tests' structs), with
// directive lines as SqlmapDirectives would return them. Sources are
// "T" for the table and "T.Field" for columns.
func ReadType(t reflect.Type, directives ...string) (*Schema, error) {
	def := tableDef{name: "t", source: "T", typ: reflectType{t: t, path: "T"}}
	var (
		errs  errList
		enums []directive
	)
	for _, line := range directives {
		d, err := parseDirective(line)
		if err != nil {
			errs.add("T: %w", err)
			continue
		}
		d.source = "T"
		if d.verb == dirEnum {
			enums = append(enums, d)
			continue
		}
		def.directives = append(def.directives, d)
	}
	return finish(errs, []tableDef{def}, enums)
}

// TypeChange exposes how a column type change is drafted: the clause
// after TYPE and what it can do to values.
var TypeChange = typeChange

// ExecBatch exposes how model-derived DDL is sent to PostgreSQL.
var ExecBatch = execBatch

// CheckFragment exposes the check of a piece of model text.
var CheckFragment = checkFragment
