package schema

import (
	"errors"
	"fmt"
	"strings"
)

// maxIdentBytes is NAMEDATALEN-1: PostgreSQL cuts longer names silently,
// so a model naming a longer column would never match the column created.
const maxIdentBytes = 63

// NameError is a name in the models that PostgreSQL cannot hold as it is.
type NameError struct {
	Source string // file:line (or Type.Field) of the field or directive
	What   string // "table", "column", "index", "constraint", "enum", "enum value"
	Name   string
	Reason string
}

func (e *NameError) Error() string {
	return fmt.Sprintf("schema: %s%s name %q %s", sourcePrefix(e.Source), e.What, e.Name, e.Reason)
}

// validate checks what the models say before any of it reaches
// PostgreSQL: every name fits and every piece of model text is one
// expression or type. The model readers call it with the sources of the
// Go code; Normalize calls it again for schemas built by hand.
func (s *Schema) validate() error {
	var errs []error
	name := func(source, what, n string) {
		if n == "" {
			return
		}
		if len(n) > maxIdentBytes {
			errs = append(errs, &NameError{Source: source, What: what, Name: n,
				Reason: fmt.Sprintf("is %d bytes long; PostgreSQL keeps only the first %d, so the name would never match: shorten it", len(n), maxIdentBytes)})
		}
	}
	for _, e := range s.Enums {
		name(e.Source, "enum", e.Name)
		for _, v := range e.Values {
			name(e.Source, "enum value", v)
		}
	}
	for _, t := range s.Tables {
		if strings.Contains(t.Name, ".") {
			errs = append(errs, &NameError{Source: t.Source, What: "table", Name: t.Name,
				Reason: "is schema-qualified, which sqlmap does not support: it drafts the tables of the connection's current schema (the first of its search_path), so name the table without its schema"})
		}
		name(t.Source, "table", t.Name)
		for _, c := range t.Columns {
			name(firstNonEmpty(c.Source, t.Source), "column", c.Name)
		}
		if t.PrimaryKey != nil {
			name(t.Source, "constraint", t.PrimaryKey.Name)
		}
		for _, u := range t.Uniques {
			name(t.Source, "constraint", u.Name)
		}
		for _, ck := range t.Checks {
			name(firstNonEmpty(ck.Source, t.Source), "constraint", ck.Name)
		}
		for _, fk := range t.ForeignKeys {
			name(t.Source, "constraint", fk.Name)
		}
		for _, ix := range t.Indexes {
			name(firstNonEmpty(ix.Source, t.Source), "index", ix.Name)
		}
	}
	if err := checkFragments(s); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
