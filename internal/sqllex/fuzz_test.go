package sqllex_test

import (
	"strings"
	"testing"

	"github.com/sqlmap-go/sqlmap/internal/sqllex"
)

// FuzzSplit: whatever the text, Split either reports errors or returns
// statements that are pieces of the text, in order, at the lines they
// start on, each holding something besides comments.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"SELECT 1; SELECT 2",
		"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT ';'",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END; SELECT 2",
		"-- c;\n/* ; /* ; */ */ SELECT E'\\';';",
		"SELECT $tag$ ; $tag$, \"a;b\" FROM t;;",
		"SELECT 1;\rSELECT 2;\r\nSELECT 'a\r';\n\rSELECT 3",
		"\xef\xbb\xbfSELECT 1; SELECT E'a'\n'b;'; SELECT 2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		stmts, errs := sqllex.Split(src)
		for _, e := range errs {
			if e.Line < 1 || e.Col < 1 || e.Msg == "" {
				t.Fatalf("error %+v has no place or message", e)
			}
		}
		if len(errs) > 0 {
			if stmts != nil {
				t.Fatalf("statements came with errors")
			}
			return
		}
		prev := 0
		for _, st := range stmts {
			if st.Offset < prev || st.Offset+len(st.SQL) > len(src) || src[st.Offset:st.Offset+len(st.SQL)] != st.SQL {
				t.Fatalf("statement %+v is not a piece of the text after offset %d", st, prev)
			}
			// A bare CR ends a line too, as in old Mac files.
			if want := 1 + strings.Count(strings.ReplaceAll(src[:st.Offset], "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(src[:st.Offset], "\r\n", "\n"), "\r"); st.Line != want {
				t.Fatalf("statement at offset %d: line %d, want %d", st.Offset, st.Line, want)
			}
			// Only ASCII space separates: PostgreSQL reads any byte
			// above 0x7f (a no-break space too) as part of a name.
			if strings.Trim(st.SQL, " \t\r\n\f\v") == "" {
				t.Fatalf("empty statement %+v", st)
			}
			prev = st.Offset + len(st.SQL)
		}
	})
}
