package sqllex

import (
	"fmt"
	"strconv"
	"strings"
)

// Error is a problem at a place in the text: an unterminated string,
// comment or dollar quote, a malformed parameter.
type Error struct {
	Line, Col int
	Msg       string
}

// Lex reads src as PostgreSQL's scanner does and reports its comments,
// parameters and the start of everything else, in order, with every
// problem found. With script set (a migration file) parameters mean
// nothing and so cannot be malformed.
func Lex(src string, script bool) ([]Event, []Error) {
	l := &lexer{src: src, line: 1, script: script}
	l.run()
	return l.events, l.errs
}

// Event is one token the lexer reports: a comment, a parameter
// (named or positional), or the first byte of anything else.
type Event struct {
	Kind  int // Comment, Param, Positional, SQL
	Start int
	End   int
	Line  int
	Col   int
	Name  string
	N     int
	// first is set for a comment that is the first thing on its line.
	First bool
	// repl, for a parameter, replaces the source from start to end as
	// repl + "$n)" (sqlc.slice).
	Repl string
}

// The kinds of event.
const (
	Comment = iota
	Param
	Positional
	SQL
)

// lexer walks SQL text the way PostgreSQL does, so that parameters are
// never found inside strings, quoted identifiers, dollar-quoted bodies or
// comments, and casts (::) or assignments (:=) are not taken for them.
type lexer struct {
	src    string
	i      int
	line   int
	lineAt int // offset of the current line's first byte
	events []Event
	errs   []Error
	// script is set when splitting a migration script, where parameters
	// mean nothing and so cannot be malformed.
	script bool
}

// IsIdentStart reports whether c may start an identifier.
func IsIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

// IsIdentChar reports whether c may continue an identifier.
func IsIdentChar(c byte) bool {
	return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '$'
}

func isParamChar(c byte) bool {
	return IsIdentStart(c) || (c >= '0' && c <= '9')
}

func (l *lexer) errAt(off, line int, format string, args ...any) {
	l.errs = append(l.errs, Error{Line: line, Col: ColAt(l.src, off), Msg: fmt.Sprintf(format, args...)})
}

// ColAt is the 1-based byte column of offset off of src on its line.
func ColAt(src string, off int) int {
	start := strings.LastIndexByte(src[:off], '\n') + 1
	return off - start + 1
}

func (l *lexer) peek(k int) byte {
	if l.i+k < len(l.src) {
		return l.src[l.i+k]
	}
	return 0
}

// advanceTo moves to off, counting the newlines passed.
func (l *lexer) advanceTo(off int) {
	for j := l.i; j < off; j++ {
		if l.src[j] == '\n' {
			l.line++
			l.lineAt = j + 1
		}
	}
	l.i = off
}

func (l *lexer) emit(e Event) {
	e.Line = l.line
	e.Col = e.Start - l.lineAt + 1
	l.events = append(l.events, e)
}

func (l *lexer) run() {
	src := l.src
	for l.i < len(src) {
		c := src[l.i]
		start := l.i
		switch {
		case c == '\n':
			l.line++
			l.i++
			l.lineAt = l.i
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			l.i++
		case c == '-' && l.peek(1) == '-':
			end := strings.IndexByte(src[start:], '\n')
			if end < 0 {
				end = len(src)
			} else {
				end += start
			}
			first := strings.TrimSpace(src[l.lineAt:start]) == ""
			l.emit(Event{Kind: Comment, Start: start, End: end, First: first})
			l.i = end
		case c == '/' && l.peek(1) == '*':
			l.blockComment()
		case c == '\'':
			l.emit(Event{Kind: SQL, Start: start})
			l.quoted('\'', false)
		case c == '"':
			l.emit(Event{Kind: SQL, Start: start})
			l.quoted('"', false)
		case c == '$':
			l.dollar()
		case c == ':' || c == '@':
			l.emit(Event{Kind: SQL, Start: start})
			l.named(c)
		case IsIdentStart(c):
			l.emit(Event{Kind: SQL, Start: start})
			j := start
			for j < len(src) && IsIdentChar(src[j]) {
				j++
			}
			word := src[start:j]
			switch {
			case (word == "E" || word == "e") && j < len(src) && src[j] == '\'':
				l.i = j
				l.quoted('\'', true)
			case word == "sqlc" && strings.HasPrefix(src[j:], "."):
				l.i = j
				l.sqlcMacro(start)
			default:
				l.i = j
			}
		default:
			l.emit(Event{Kind: SQL, Start: start})
			l.i++
		}
	}
}

func (l *lexer) blockComment() {
	start, line := l.i, l.line
	depth := 0
	for l.i < len(l.src) {
		switch {
		case l.src[l.i] == '/' && l.peek(1) == '*':
			depth++
			l.i += 2
		case l.src[l.i] == '*' && l.peek(1) == '/':
			depth--
			l.i += 2
			if depth == 0 {
				return
			}
		default:
			l.advanceTo(l.i + 1)
		}
	}
	l.errAt(start, line, "unterminated /* comment")
}

// quoted skips a string literal or quoted identifier starting at l.i; a
// doubled quote is an escaped quote, and with backslash (E'...') so is \'.
func (l *lexer) quoted(q byte, backslash bool) {
	start, line := l.i, l.line
	l.i++
	for l.i < len(l.src) {
		c := l.src[l.i]
		switch {
		case backslash && c == '\\':
			l.advanceTo(min(l.i+2, len(l.src)))
		case c == q && l.peek(1) == q:
			l.i += 2
		case c == q:
			l.i++
			return
		default:
			l.advanceTo(l.i + 1)
		}
	}
	what := "string literal"
	if q == '"' {
		what = "quoted identifier"
	}
	l.errAt(start, line, "unterminated %s", what)
}

// dollar handles '$': a positional parameter ($1), a dollar-quoted body
// ($$...$$, $tag$...$tag$), or a lone dollar sign.
func (l *lexer) dollar() {
	src, start := l.src, l.i
	j := start + 1
	if j < len(src) && src[j] >= '0' && src[j] <= '9' {
		for j < len(src) && src[j] >= '0' && src[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(src[start+1 : j])
		if (err != nil || n == 0 || n > 65535) && !l.script {
			l.errAt(start, l.line, "bad positional parameter %s", src[start:j])
		}
		l.emit(Event{Kind: Positional, Start: start, End: j, N: n})
		l.i = j
		return
	}
	if j < len(src) && (src[j] == '$' || (IsIdentStart(src[j]))) {
		for j < len(src) && src[j] != '$' && isParamChar(src[j]) {
			j++
		}
		if j < len(src) && src[j] == '$' {
			tag := src[start : j+1]
			l.emit(Event{Kind: SQL, Start: start})
			line := l.line
			end := strings.Index(src[j+1:], tag)
			if end < 0 {
				l.errAt(start, line, "unterminated dollar-quoted string %s", tag)
				l.advanceTo(len(src))
				return
			}
			l.advanceTo(j + 1 + end + len(tag))
			return
		}
	}
	l.emit(Event{Kind: SQL, Start: start})
	l.i++
}

// named handles ':' and '@', which start a parameter only when followed by
// a name: "::" is a cast, ":=" an assignment, "@>", "<@", "@@" operators.
func (l *lexer) named(c byte) {
	src, i := l.src, l.i
	next := l.peek(1)
	switch {
	case next == c: // "::" cast, "@@" text search
		l.i += 2
		return
	case !IsIdentStart(next):
		l.i++
		return
	case c == '@' && i > 0 && (src[i-1] == '<' || src[i-1] == '@'):
		l.i++
		return
	case i > 0 && IsIdentChar(src[i-1]):
		// "arr[lo:hi]" is an array slice, not a parameter; and $n glued
		// to a word would change what the word means.
		l.i++
		return
	}
	j := i + 1
	for j < len(src) && isParamChar(src[j]) {
		j++
	}
	l.emit(Event{Kind: Param, Start: i, End: j, Name: src[i+1 : j]})
	l.i = j
}

// sqlcMacro reads sqlc.arg(name), sqlc.narg(name) or sqlc.slice(name),
// with l.i just after "sqlc".
func (l *lexer) sqlcMacro(start int) {
	src := l.src
	rest := src[l.i+1:]
	fn := ""
	for _, f := range []string{"arg", "narg", "slice"} {
		if strings.HasPrefix(rest, f) && (len(rest) == len(f) || !IsIdentChar(rest[len(f)])) {
			fn = f
		}
	}
	if fn == "" || l.script {
		// sqlc.something we do not know: leave it for PostgreSQL to reject.
		l.i++
		return
	}
	j := l.i + 1 + len(fn)
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j >= len(src) || src[j] != '(' {
		l.errAt(start, l.line, "sqlc.%s needs a parameter name in parentheses", fn)
		l.i = j
		return
	}
	j++
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	quoted := j < len(src) && src[j] == '\''
	if quoted {
		j++
	}
	k := j
	for k < len(src) && isParamChar(src[k]) {
		k++
	}
	name := src[j:k]
	if quoted {
		if k < len(src) && src[k] == '\'' {
			k++
		} else {
			name = ""
		}
	}
	for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
		k++
	}
	if name == "" || k >= len(src) || src[k] != ')' {
		l.errAt(start, l.line, "malformed sqlc.%s(...): want sqlc.%s(name)", fn, fn)
		l.i = k
		return
	}
	if fn == "slice" {
		l.sqlcSlice(start, k+1, name)
		return
	}
	l.emit(Event{Kind: Param, Start: start, End: k + 1, Name: name})
	l.i = k + 1
}

// sqlcSlice rewrites "col IN (sqlc.slice(name))" to "col = ANY($n)" (and
// NOT IN to "<> ALL($n)"): sqlc expands the list per call for MySQL and
// SQLite, but PostgreSQL takes the whole slice as one array parameter, so
// the SQL text stays the same on every call. macro and end delimit
// "sqlc.slice(name)".
func (l *lexer) sqlcSlice(macro, end int, name string) {
	src := l.src
	back := func(i int) int { // index of the last non-space byte before i
		i--
		for i >= 0 && IsSpace(src[i]) {
			i--
		}
		return i
	}
	word := func(i int) int { // start of the identifier ending at i, or -1
		j := i
		for j >= 0 && IsIdentChar(src[j]) {
			j--
		}
		if j == i {
			return -1
		}
		return j + 1
	}
	open := back(macro)
	inEnd := back(max(open, 0))
	inStart := -1
	if open >= 0 && src[open] == '(' && inEnd >= 0 {
		inStart = word(inEnd)
	}
	closing := end
	for closing < len(src) && IsSpace(src[closing]) {
		closing++
	}
	if inStart < 0 || !strings.EqualFold(src[inStart:inEnd+1], "in") || closing >= len(src) || src[closing] != ')' {
		l.errAt(macro, l.line, "sqlc.slice(%s) must be the whole list of an IN: write col IN (sqlc.slice(%s)), or col = ANY(:%s) with a slice argument", name, name, name)
		l.i = end
		return
	}
	from, repl := inStart, "= ANY("
	if notEnd := back(inStart); notEnd >= 0 {
		if w := word(notEnd); w >= 0 && strings.EqualFold(src[w:notEnd+1], "not") {
			from, repl = w, "<> ALL("
		}
	}
	l.emit(Event{Kind: Param, Start: from, End: closing + 1, Name: name, Repl: repl})
	l.advanceTo(closing + 1)
}

// IsSpace reports whether c is blank space between tokens.
func IsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// Word is the identifier or key word an SQL event starts, if it starts
// one.
func Word(src string, ev Event) (string, bool) {
	if ev.Kind != SQL || !IsIdentStart(src[ev.Start]) {
		return "", false
	}
	end := ev.Start
	for end < len(src) && IsIdentChar(src[end]) {
		end++
	}
	return src[ev.Start:end], true
}
