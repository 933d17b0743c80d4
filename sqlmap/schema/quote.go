package schema

import (
	"regexp"
	"strings"
)

var plainIdent = regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`)

// reserved are PostgreSQL's reserved key words (and the ones reserved
// "requires AS" that cannot name a column without quotes), which must be
// quoted to name a table or column.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`all analyse analyze and any array as asc asymmetric authorization binary both case cast
check collate collation column concurrently constraint create cross current_catalog current_date current_role
current_schema current_time current_timestamp current_user default deferrable desc distinct do else end except
false fetch for foreign freeze from full grant group having ilike in initially inner intersect into is isnull join
lateral leading left like limit localtime localtimestamp natural not notnull null offset on only or order outer
overlaps placing primary references returning right select session_user similar some symmetric system_user table
tablesample then to trailing true union unique user using variadic verbose when where window with`) {
		reserved[w] = true
	}
}

// QuoteIdent quotes an identifier only when PostgreSQL needs it to: upper
// case, special characters, or a reserved word. Drafted SQL stays as
// readable as hand-written SQL.
func QuoteIdent(s string) string {
	if plainIdent.MatchString(s) && !reserved[s] {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// quoteQualified quotes a table name that a model may qualify with its
// schema (references=shop.shops): the tags allow only plain identifiers on
// either side of the dot, so the dot cannot be part of a name.
func quoteQualified(s string) string {
	if nsp, name, ok := strings.Cut(s, "."); ok {
		return QuoteIdent(nsp) + "." + QuoteIdent(name)
	}
	return QuoteIdent(s)
}

// QuoteLiteral quotes a string as an SQL literal. A string holding a
// backslash is written as an E” string with the backslashes doubled, as
// PostgreSQL's quote_literal does, so that it reads the same whatever the
// server's standard_conforming_strings: with it off, '\' would end a
// plain literal early and let the rest of the text out of it.
func QuoteLiteral(s string) string {
	q := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if strings.Contains(s, `\`) {
		return "E" + strings.ReplaceAll(q, `\`, `\\`)
	}
	return q
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = QuoteIdent(n)
	}
	return strings.Join(q, ", ")
}
