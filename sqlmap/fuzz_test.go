package sqlmap_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// FuzzParseFile checks that no input makes the parser panic, and that what
// it accepts is consistent: the rewritten SQL of a named query parses back
// as a positional query with one $n per parameter, and rewriting never
// changes the number of lines (errors are mapped to lines by counting).
func FuzzParseFile(f *testing.F) {
	seeds := []string{
		"-- name: A :one\nSELECT :a, @b, sqlc.arg(c), sqlc.narg('d')::int",
		"-- name: A :many\n-- doc\nSELECT ':x', E'\\':y', \"q:z\", $$ :w $$, $t$ $$ $t$ FROM t WHERE a @> :v AND b <@ c AND d @@ e",
		"-- name: A :exec\nDO $$ BEGIN x := 1; END $$;\n-- name: B :execrows\nDELETE FROM t WHERE id = ANY(:ids)",
		"-- name: A\nSELECT /* /* :n */ */ $1, $2::text -- :c\n",
		"SELECT 'unterminated",
		"-- name: A :one\nSELECT a[1:2], x::int, y$z FROM t",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		qs, err := sqlmap.ParseFile("fuzz.sql", src)
		if err != nil {
			return // rejecting is fine; panicking is not
		}
		for _, q := range qs {
			if q.Line < 1 || q.Line > strings.Count(src, "\n")+1 {
				t.Fatalf("query %s at line %d outside the file", q.Name, q.Line)
			}
			if strings.Count(q.SQL, "\n") > strings.Count(src, "\n") {
				t.Fatalf("query %s gained lines", q.Name)
			}
			if len(q.Params) == 0 {
				continue
			}
			again, err := sqlmap.ParseFile("again.sql", fmt.Sprintf("-- name: %s\n%s", q.Name, q.SQL))
			if err != nil {
				t.Fatalf("rewritten SQL of %s does not parse: %v\n%q", q.Name, err, q.SQL)
			}
			if len(again) != 1 || again[0].Params != nil || again[0].Positional != len(q.Params) {
				t.Fatalf("rewritten SQL of %s: got params %v positional %d, want %d positional\n%q",
					q.Name, again[0].Params, again[0].Positional, len(q.Params), q.SQL)
			}
		}
	})
}
