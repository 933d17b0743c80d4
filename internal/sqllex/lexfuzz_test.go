package sqllex_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/sqllex"
)

// lexSeeds are the texts FuzzLex starts from and TestLexParamsOutsideQuotes
// checks on every run: each parameter spelling, and each place PostgreSQL
// reads a ':', '@' or '$' as something else.
var lexSeeds = []string{
	"SELECT id FROM users WHERE id = :id AND name = :name",
	"SELECT @name, @other_name FROM t",
	`SELECT sqlc.arg(x), sqlc.narg('y'), sqlc.arg("Z"), sqlc . arg ( w )`,
	"SELECT * FROM t WHERE id IN (sqlc.slice(ids)) AND k = ANY(sqlc.slice(ks))",
	"SELECT $1, $2::text FROM t WHERE a = $3",
	"SELECT :id::int, x::text[], :v :: bigint",
	"DO $$ BEGIN x := 1; END $$; SELECT f(a := :v)",
	"SELECT a[1:2], a[:n], a[lo:hi], a[1 :n], a[:n][:m], ARRAY[:x]",
	`SELECT ':x', 'it''s :y', E'\' :z', '\' :w`,
	"SELECT E'a'\n'b\\' :x \\''",
	"SELECT E'a' -- c\n'\\' :x '",
	"SELECT 'a'\n-- c\n' :x '",
	"SELECT B'1'\n'0' :x",
	"SELECT $$ :x $$, $tag$ :y $$ :z $tag$, $t1$ :w $t1$",
	"SELECT $a$ $b$ :x $b$ $a$ :y",
	"/* a /* :x */ :y */ SELECT :z",
	"/*/ :x */ SELECT /* **/ :y",
	"-- :x\r:y",
	"-- :x\n:y\r\n-- :z",
	"SELECT @f.f1 FROM t",
	"SELECT a &@b, a @> :c, a <@ @d, a @@ :q",
	"SELECT :a$b",
	"SELECT :a$$ FROM t",
	"SELECT :B'1'",
	`SELECT "col :x", "a""b", U&"d\0061t :y" FROM t`,
	`SELECT B'10', X'ff', N'n :x', U&'\0041 :y' UESCAPE '!'`,
	"SELECT x$$ :y $$",
	"SELECT a$b, $1$$ :x $$",
	"SELECT 1.5$$ :x $$",
	"SELECT U&$$ :x $$",
	`SELECT ne'\' :x '`,
	"SELECT 'unterminated :x",
	"SELECT /* unterminated /* */ :x",
	`SELECT "unterminated :x`,
	"SELECT $q$ unterminated :x $Q$",
	"\xef\xbb\xbfSELECT :x, $$ :y $$",
}

// FuzzLex: whatever the text, Lex does not panic, its events come in
// order within the text, and no parameter starts where PostgreSQL reads
// a string, a quoted name, a dollar-quoted body or a comment.
func FuzzLex(f *testing.F) {
	for _, s := range lexSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkLex(t, src)
	})
}

// TestLexParamsOutsideQuotes runs FuzzLex's property without -fuzz, over
// its seeds and every .sql file of the repository's examples.
func TestLexParamsOutsideQuotes(t *testing.T) {
	t.Parallel()
	for i, src := range lexSeeds {
		t.Run(fmt.Sprintf("seed%02d", i), func(t *testing.T) {
			t.Parallel()
			checkLex(t, src)
		})
	}
	files := 0
	for _, dir := range []string{"../../sqlmap/testdata", "../../queries"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
				return err
			}
			body, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files++
			t.Run(filepath.ToSlash(path), func(t *testing.T) {
				t.Parallel()
				checkLex(t, string(body))
			})
			return nil
		})
		require.NoError(t, err)
	}
	require.NotZero(t, files, "no .sql files found: the walk looks in the wrong place")
}

// checkLex checks FuzzLex's property on one text.
func checkLex(t *testing.T, src string) {
	t.Helper()
	events, errs := sqllex.Lex(src, false)
	regions := quotedRegions(src)
	prev, prevEnd := -1, 0
	for k, ev := range events {
		if ev.Start < 0 || ev.End < ev.Start || ev.End > len(src) {
			t.Fatalf("event %d %+v is out of the %d-byte text %q", k, ev, len(src), src)
		}
		// The one event that reaches back: sqlc.slice in an IN list
		// replaces "IN (sqlc.slice(x))" whole, from the word IN, so it
		// covers the events before it that it starts at or before.
		if ev.Start <= prev && (ev.Repl == "" || ev.End < prevEnd) {
			t.Errorf("event %d %+v does not start after event %d (at %d) in %q", k, ev, k-1, prev, src)
		}
		prev, prevEnd = max(prev, ev.Start), max(prevEnd, ev.End)
		if ev.Kind != sqllex.Param && ev.Kind != sqllex.Positional {
			continue
		}
		for _, r := range regions {
			if r[0] <= ev.Start && ev.Start < r[1] {
				t.Errorf("%s event %+v (%q) starts inside %q, which PostgreSQL reads as one string, quoted name or comment (bytes %d-%d), in %q (lexer errors: %v)",
					kindName(ev.Kind), ev, src[ev.Start:ev.End], src[r[0]:r[1]], r[0], r[1], src, errs)
			}
		}
	}
}

func kindName(kind int) string {
	switch kind {
	case sqllex.Param:
		return "Param"
	case sqllex.Positional:
		return "Positional"
	}
	return fmt.Sprint(kind)
}
