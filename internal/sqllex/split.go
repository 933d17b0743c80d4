package sqllex

import "strings"

// Statement is one statement of a SQL script, as [Split] finds it.
type Statement struct {
	SQL  string // the statement without its closing semicolon
	Line int    // 1-based line of its first character in the script
	// Offset is the byte offset of its first character in the script:
	// SQL is script[Offset:Offset+len(SQL)].
	Offset int
}

// Split splits a script at its top-level semicolons, with the
// same lexer as query files, so semicolons inside strings, dollar-quoted
// function bodies and comments do not split. Like psql, it does not split
// inside parentheses, nor inside a SQL-standard function body
// (CREATE FUNCTION ... BEGIN ATOMIC ...; ...; END). Pieces holding only
// comments are dropped. An unterminated string, comment or dollar quote is
// an [Error] at its line and column.
func Split(src string) ([]Statement, []Error) {
	var out []Statement
	first, line := -1, 0
	var b Boundary
	flush := func(end int) {
		if first >= 0 {
			out = append(out, Statement{SQL: strings.TrimRight(src[first:end], " \t\r\n\f\v"), Line: line, Offset: first})
		}
		first = -1
	}
	errs, dropped := Scan(src, true, func(ev *Event) {
		if ev.Kind == Comment {
			return
		}
		if b.Ends(src, ev) {
			flush(ev.Start)
			return
		}
		if first < 0 {
			first, line = ev.Start, ev.Line
		}
	})
	if len(errs) > 0 {
		return nil, withDropped(src, errs, dropped)
	}
	flush(len(src))
	return out, nil
}

// Boundary finds where statements end, fed every token but comments in
// order: at a semicolon outside parentheses and outside a SQL-standard
// function body (see stmtDepth).
type Boundary struct{ d stmtDepth }

// Ends reports whether ev is a semicolon that ends a statement, and then
// starts afresh for the next one.
func (b *Boundary) Ends(src string, ev *Event) bool {
	if ev.Kind != SQL {
		if ev.Repl != "" {
			// sqlc.slice in an IN list took the list's parentheses.
			b.d.parens = max(b.d.parens-1, 0)
		}
		return false
	}
	d := &b.d
	switch c := src[ev.Start]; {
	case c == ';' && d.parens == 0 && d.begins == 0:
		*d = stmtDepth{}
		return true
	case c == '(':
		d.parens++
	case c == ')':
		d.parens = max(d.parens-1, 0)
	default:
		if w, ok := Word(src, ev); ok {
			d.word(w)
		}
	}
	return false
}

// stmtDepth is psql's heuristic (psqlscan.l) for where a statement may
// end: not inside parentheses, and, once the statement has started with
// CREATE [OR REPLACE] FUNCTION or PROCEDURE, not inside a BEGIN ... END
// body, in which CASE ... END nests too. Only words the lexer saw outside
// strings, quoted identifiers and comments reach it.
type stmtDepth struct {
	parens int
	begins int
	words  int
	// lead holds, for each of the statement's first four words that is
	// CREATE, OR, REPLACE, FUNCTION or PROCEDURE, its first letter.
	lead [4]byte
}

func (d *stmtDepth) word(w string) {
	if d.words < len(d.lead) {
		for _, k := range [...]string{"create", "or", "replace", "function", "procedure"} {
			if IsKeyword(w, k) {
				d.lead[d.words] = k[0]
			}
		}
	}
	d.words++
	l := d.lead
	routine := l[0] == 'c' && (l[1] == 'f' || l[1] == 'p' || (l[1] == 'o' && l[2] == 'r' && (l[3] == 'f' || l[3] == 'p')))
	if !routine || d.parens > 0 {
		return
	}
	switch {
	case IsKeyword(w, "begin"):
		d.begins++
	case IsKeyword(w, "case"):
		// A CASE outside a body (RETURN CASE ... END) has no BEGIN to
		// close, so only one inside a body counts.
		if d.begins > 0 {
			d.begins++
		}
	case IsKeyword(w, "end"):
		if d.begins > 0 {
			d.begins--
		}
	}
}

// BlankBOM returns src with a leading byte order mark turned into three
// spaces: PostgreSQL would read the mark as part of a name, and blanking
// it rather than cutting it keeps every offset into the text the same.
func BlankBOM(src string) string {
	if strings.HasPrefix(src, BOM) {
		return "   " + src[len(BOM):]
	}
	return src
}

// IsKeyword reports whether the word w is the key word k (lower case),
// in any case. It checks the length and first letter before folding:
// readers ask it of every word of every statement.
func IsKeyword(w, k string) bool {
	return len(w) == len(k) && w[0]|0x20 == k[0] && strings.EqualFold(w, k)
}
