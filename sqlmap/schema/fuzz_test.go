package schema_test

import (
	"strings"
	"testing"

	"github.com/sqlmap-go/sqlmap/internal/sqllex"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// FuzzCheckFragment holds the model-text check against the migration
// splitter (both on sqllex, whose reading FuzzLex holds against an
// independent pass): any text the check
// accepts, placed in a statement followed by another, leaves exactly two
// statements, the first ending where the text ends. Text that hid a
// semicolon, opened a comment or left a quote open would give more, fewer
// or an error. Accepted text also stays accepted inside parentheses.
func FuzzCheckFragment(f *testing.F) {
	for _, s := range []string{
		"now()", "'a;b'", `E'\'; x'`, `"a;b"`, "$$;$$", "$t$ ; $t$", "lower(email)", "a IN (1, 2)",
		"ARRAY[1]", "1; DROP TABLE t", "1 -- c", "(1", "1)", "'open", `x'\'; y`, "$a$", "a$b", "U&'\\0041'",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if schema.CheckFragment("default", s) != nil {
			return
		}
		script := "SELECT " + s + ";\nSELECT 2"
		stmts, errs := sqllex.Split(script)
		if len(errs) > 0 {
			t.Fatalf("accepted %q, but the splitter refuses the statement: %v", s, errs)
		}
		if len(stmts) != 2 || stmts[0].SQL != strings.TrimRight("SELECT "+s, " \t\r\n\f\v") {
			t.Fatalf("accepted %q, but the statement around it splits as %+v", s, stmts)
		}
		if err := schema.CheckFragment("default", "("+s+")"); err != nil {
			t.Fatalf("accepted %q but not (%s): %v", s, s, err)
		}
	})
}
