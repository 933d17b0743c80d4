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

// MaxErrors is how many problems [Scan] reports for one text; past it, one
// more [Error] says how many were left out. A file of garbage would
// otherwise make a message as large as itself.
const MaxErrors = 100

// BOM is the UTF-8 byte order mark some editors put at the start of a
// file. PostgreSQL would read it as part of a name, so it is skipped.
const BOM = "\xef\xbb\xbf"

// Scan reads src as PostgreSQL's scanner does and calls emit for each of
// its comments, parameters and other tokens, in order, then returns the
// problems found, at most [MaxErrors] of them, and how many more there
// were. The *Event is reused: copy what must outlive the call.
// With script set (a migration file) parameters and sqlc's macros mean
// nothing and so cannot be malformed.
//
// Nothing is kept per token, so memory does not grow with the text: a
// reader that needs the tokens keeps the few it cares about.
func Scan(src string, script bool, emit func(*Event)) (errs []Error, dropped int) {
	l := &lexer{src: src, line: 1, script: script, emit: emit}
	if strings.HasPrefix(src, BOM) {
		l.i, l.lineAt = len(BOM), len(BOM)
	}
	if z := strings.IndexByte(src, 0); z >= 0 {
		line := 1 + countLines(src[:z])
		l.errAt(z, line, "NUL byte (0x00): PostgreSQL cannot take it in a statement; remove it")
	}
	l.run()
	return l.errs, l.dropped
}

// Lex is [Scan] keeping every event, for tests and small texts. Past
// [MaxErrors] problems, one more [Error] says how many were left out.
func Lex(src string, script bool) ([]Event, []Error) {
	var out []Event
	errs, dropped := Scan(src, script, func(ev *Event) { out = append(out, *ev) })
	return out, withDropped(src, errs, dropped)
}

func withDropped(src string, errs []Error, dropped int) []Error {
	if dropped > 0 {
		errs = append(errs, Error{Line: 1 + countLines(src), Col: 1, Msg: fmt.Sprintf("and %d more problems, not shown", dropped)})
	}
	return errs
}

// Event is one token the lexer reports: a comment, a parameter (named or
// positional), or any other token (Kind SQL: a word, a literal, a
// punctuation mark).
type Event struct {
	Kind  int // Comment, Param, Positional, SQL
	Start int
	End   int
	Line  int // of Start
	Col   int // of Start, 1-based, in bytes
	Name  string
	N     int
	// First is set for a comment that is the first thing on its line.
	First bool
	// Block is set for a /* */ comment.
	Block bool
	// IsWord is set for an SQL event that is an identifier or key word
	// (not E'...', not a quoted name): see [Word].
	IsWord bool
	// Repl, for a parameter, replaces the source from Start to End as
	// Repl + "$n)" (sqlc.slice in an IN list).
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
	src     string
	i       int
	line    int
	lineAt  int // offset of the current line's first byte
	errs    []Error
	dropped int
	emit    func(*Event)
	ev      Event
	// tokLine and tokAt are line and lineAt where the current token
	// began: a string or a macro may span lines.
	tokLine, tokAt int
	// script is set when splitting a migration script, where parameters
	// mean nothing and so cannot be malformed.
	script bool
	// prev is the class of the last token (see prevClass), for the
	// rules that depend on what comes before: a subscript's '[', an '@'
	// that continues an operator.
	prev byte
	// brackets holds, for each '[' open, whether it is a subscript
	// (a[1:2]), inside which PostgreSQL reads ':' as a slice bound.
	brackets []bool
}

// The classes of the previous token that the rules look at.
const (
	prevNone    = 0
	prevWord    = 'w' // an identifier or key word
	prevArray   = 'A' // the key word ARRAY
	prevClose   = ')' // ')' or ']'
	prevQuoted  = '"' // a quoted identifier
	prevParam   = 'p'
	prevOther   = 'o'
	prevOpChars = '+' // one of PostgreSQL's operator characters
)

// IsIdentStart reports whether c may start an identifier.
func IsIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

// IsIdentChar reports whether c may continue an identifier. PostgreSQL
// lets '$' continue one (a$b is one name).
func IsIdentChar(c byte) bool {
	return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '$'
}

// isOpChar reports whether c is one of the characters PostgreSQL builds
// operators from.
func isOpChar(c byte) bool {
	return strings.IndexByte("+-*/<>=~!@#%^&|`?", c) >= 0
}

func (l *lexer) errAt(off, line int, format string, args ...any) {
	if len(l.errs) >= MaxErrors {
		l.dropped++
		return
	}
	l.errs = append(l.errs, Error{Line: line, Col: ColAt(l.src, off), Msg: fmt.Sprintf(format, args...)})
}

// ColAt is the 1-based byte column of offset off of src on its line.
func ColAt(src string, off int) int {
	// The line starts after the last line end before off; search for a
	// CR only after the last LF, or a file without CRs is searched whole.
	start := strings.LastIndexByte(src[:off], '\n') + 1
	if cr := strings.LastIndexByte(src[start:off], '\r'); cr >= 0 {
		start += cr + 1
	}
	if start == 0 && strings.HasPrefix(src, BOM) && off >= len(BOM) {
		start = len(BOM)
	}
	return off - start + 1
}

// countLines counts the line ends in s: "\n", "\r\n", or a bare "\r" as
// in old Mac files, which PostgreSQL also reads as a newline.
func countLines(s string) int {
	n := strings.Count(s, "\n")
	for i := strings.IndexByte(s, '\r'); i >= 0; {
		if i+1 >= len(s) || s[i+1] != '\n' {
			n++
		}
		j := strings.IndexByte(s[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n
}

func (l *lexer) peek(k int) byte {
	if l.i+k < len(l.src) {
		return l.src[l.i+k]
	}
	return 0
}

// advanceTo moves to off, counting the line ends passed.
func (l *lexer) advanceTo(off int) {
	src := l.src
	for j := l.i; j < off; j++ {
		switch src[j] {
		case '\n':
			l.line++
			l.lineAt = j + 1
		case '\r':
			if j+1 >= len(src) || src[j+1] != '\n' {
				l.line++
				l.lineAt = j + 1
			}
		}
	}
	l.i = off
}

// send prepares the event of the token from start to end, which begins
// on the line the current token began on.
func (l *lexer) send(kind, start, end int) *Event {
	l.ev = Event{Kind: kind, Start: start, End: end, Line: l.tokLine, Col: start - l.tokAt + 1}
	return &l.ev
}

// token reports an SQL token from start to end and remembers its class.
func (l *lexer) token(start, end int, class byte) {
	l.emit(l.send(SQL, start, end))
	l.prev = class
}

func (l *lexer) run() {
	src := l.src
	for l.i < len(src) {
		c := src[l.i]
		start := l.i
		l.tokLine, l.tokAt = l.line, l.lineAt
		switch {
		case c == '\n' || c == '\r':
			l.advanceTo(l.i + 1)
		case c == ' ' || c == '\t' || c == '\f' || c == '\v':
			l.i++
		case c == '-' && l.peek(1) == '-':
			l.lineComment()
		case c == '/' && l.peek(1) == '*':
			l.blockComment()
		case c == '\'':
			l.quoted('\'', false)
			l.token(start, l.i, prevOther)
		case c == '"':
			l.quoted('"', false)
			l.token(start, l.i, prevQuoted)
		case c == '$':
			l.dollar()
		case c == ':' || c == '@':
			l.named(c)
		case IsIdentStart(c):
			l.word()
		case c >= '0' && c <= '9':
			l.i = numberEnd(src, start)
			l.token(start, l.i, prevOther)
		default:
			l.i++
			l.punct(c, start)
		}
	}
}

// punct reports a one-byte token, tracking brackets.
func (l *lexer) punct(c byte, start int) {
	class := byte(prevOther)
	switch {
	case c == '[':
		// A subscript follows a name, a closing bracket or a quoted
		// name; ARRAY[...] and the rows of a nested array literal
		// do not.
		sub := l.prev == prevWord || l.prev == prevClose || l.prev == prevQuoted || l.prev == prevParam
		if len(l.brackets) < 1<<16 {
			l.brackets = append(l.brackets, sub)
		}
	case c == ']':
		if n := len(l.brackets); n > 0 {
			l.brackets = l.brackets[:n-1]
		}
		class = prevClose
	case c == ')':
		class = prevClose
	case isOpChar(c):
		class = prevOpChars
	}
	l.token(start, start+1, class)
}

func (l *lexer) inSubscript() bool {
	n := len(l.brackets)
	return n > 0 && l.brackets[n-1]
}

// word reads an identifier or key word, or the prefix of a literal
// (E'...', B'...', X'...', N'...', U&'...'), or one of sqlc's macros.
func (l *lexer) word() {
	src, start := l.src, l.i
	j := start
	for j < len(src) && IsIdentChar(src[j]) {
		j++
	}
	w := src[start:j]
	switch {
	case len(w) == 1 && j < len(src) && src[j] == '\'' && strings.IndexByte("eEbBxXnN", w[0]) >= 0:
		l.i = j
		l.quoted('\'', w[0] == 'e' || w[0] == 'E')
		l.token(start, l.i, prevOther)
		return
	case !l.script && IsKeyword(w, "sqlc") && l.sqlcMacro(start, j):
		return
	}
	l.i = j
	class := byte(prevWord)
	if IsKeyword(w, "array") {
		class = prevArray
	}
	ev := l.send(SQL, start, j)
	ev.IsWord = true
	l.emit(ev)
	l.prev = class
}

func (l *lexer) lineComment() {
	src, start := l.src, l.i
	// PostgreSQL ends a -- comment at a newline or a carriage return.
	end := len(src)
	if k := strings.IndexAny(src[start:], "\n\r"); k >= 0 {
		end = start + k
	}
	ev := l.send(Comment, start, end)
	ev.First = l.firstOnLine(start)
	l.emit(ev)
	l.i = end
}

// firstOnLine reports whether only blank space comes before off on its
// line.
func (l *lexer) firstOnLine(off int) bool {
	for j := off - 1; j >= l.lineAt; j-- {
		if c := l.src[j]; c != ' ' && c != '\t' && c != '\f' && c != '\v' {
			return false
		}
	}
	return true
}

// blockComment skips a /* */ comment, which nests in PostgreSQL.
func (l *lexer) blockComment() {
	src := l.src
	start, line, col := l.i, l.line, l.i-l.lineAt+1
	first := l.firstOnLine(start)
	depth := 0
	for l.i < len(src) {
		switch {
		case src[l.i] == '/' && l.peek(1) == '*':
			depth++
			l.i += 2
		case src[l.i] == '*' && l.peek(1) == '/':
			depth--
			l.i += 2
			if depth == 0 {
				l.ev = Event{Kind: Comment, Start: start, End: l.i, Line: line, Col: col, First: first, Block: true}
				l.emit(&l.ev)
				return
			}
		default:
			// A '/' or '*' that neither opens nor closes, or a line end:
			// one byte; else up to the next of those.
			k := strings.IndexAny(src[l.i:], "/*\n\r")
			switch {
			case k == 0:
				k = 1
			case k < 0:
				k = len(src) - l.i
			}
			l.advanceTo(l.i + k)
		}
	}
	l.errAt(start, line, "unterminated /* comment")
}

// quoted skips a string literal or quoted identifier starting at l.i; a
// doubled quote is an escaped quote, and with backslash (E'...') so is \'.
// A string followed by blank space holding a newline and another quote
// goes on there, in the same mode, as PostgreSQL reads
//
//	'a'
//	'b'
//
// as 'ab'.
func (l *lexer) quoted(q byte, backslash bool) {
	src := l.src
	start, line := l.i, l.line
	stops := string(q) + "\n\r"
	if backslash {
		stops += "\\"
	}
	for {
		l.i++ // the opening quote
		closed := false
		for l.i < len(src) && !closed {
			switch c := src[l.i]; {
			case backslash && c == '\\':
				l.advanceTo(min(l.i+2, len(src)))
			case c == q && l.peek(1) == q:
				l.i += 2
			case c == q:
				l.i++
				closed = true
			case c == '\n' || c == '\r':
				l.advanceTo(l.i + 1)
			default:
				if k := strings.IndexAny(src[l.i:], stops); k < 0 {
					l.i = len(src)
				} else {
					l.i += k
				}
			}
		}
		if !closed {
			what := "string literal"
			if q == '"' {
				what = "quoted identifier"
			}
			l.errAt(start, line, "unterminated %s", what)
			return
		}
		if q != '\'' {
			return
		}
		next, ok := l.continuation()
		if !ok {
			return
		}
		l.advanceTo(next)
	}
}

// continuation reports where a string continues: after blank space and
// -- comments that hold a newline, at a quote (scan.l's
// whitespace_with_newline).
func (l *lexer) continuation() (int, bool) {
	src := l.src
	j, newline := l.i, false
	for j < len(src) {
		switch c := src[j]; {
		case c == ' ' || c == '\t' || c == '\f' || c == '\v':
			j++
		case c == '\n' || c == '\r':
			newline = true
			j++
		case c == '-' && j+1 < len(src) && src[j+1] == '-':
			// scan.l: a -- comment counts as blank space here, before
			// the newline as after it.
			k := strings.IndexAny(src[j:], "\n\r")
			if k < 0 {
				return 0, false
			}
			j += k
		case c == '\'' && newline:
			return j, true
		default:
			return 0, false
		}
	}
	return 0, false
}

// dollar handles '$': a positional parameter ($1), a dollar-quoted body
// ($$...$$, $tag$...$tag$), or a lone dollar sign. A '$' inside a name
// (a$b) never gets here: the name took it.
func (l *lexer) dollar() {
	src, start := l.src, l.i
	j := start + 1
	if j < len(src) && src[j] >= '0' && src[j] <= '9' {
		for j < len(src) && src[j] >= '0' && src[j] <= '9' {
			j++
		}
		if j < len(src) && IsIdentStart(src[j]) {
			// scan.l's param_junk: $1abc is one (bad) token, so the
			// E of $0E'...' starts no escape string.
			k := j
			for k < len(src) && IsIdentChar(src[k]) {
				k++
			}
			if !l.script {
				l.errAt(start, l.line, "%s: a positional parameter cannot have a name glued to it (PostgreSQL reads one bad token): write a space", src[start:k])
			}
			l.i = k
			l.token(start, k, prevOther)
			return
		}
		n, err := strconv.Atoi(src[start+1 : j])
		if (err != nil || n == 0 || n > 65535) && !l.script {
			l.errAt(start, l.line, "bad positional parameter %s", src[start:j])
		}
		ev := l.send(Positional, start, j)
		ev.N = n
		l.emit(ev)
		l.prev = prevParam
		l.i = j
		return
	}
	if j < len(src) && (src[j] == '$' || IsIdentStart(src[j])) {
		for j < len(src) && src[j] != '$' && (IsIdentStart(src[j]) || src[j] >= '0' && src[j] <= '9') {
			j++
		}
		if j < len(src) && src[j] == '$' {
			tag := src[start : j+1]
			line := l.line
			end := strings.Index(src[j+1:], tag)
			if end < 0 {
				l.errAt(start, line, "unterminated dollar-quoted string %s", tag)
				l.token(start, len(src), prevOther)
				l.advanceTo(len(src))
				return
			}
			ev := l.send(SQL, start, j+1+end+len(tag))
			l.emit(ev)
			l.prev = prevOther
			l.advanceTo(j + 1 + end + len(tag))
			return
		}
	}
	l.i++
	l.token(start, start+1, prevOther)
}

// named handles ':' and '@', which start a parameter only when followed by
// a name: "::" is a cast, ":=" an assignment, "@>", "<@", "@@" operators,
// a[1:n] a slice.
func (l *lexer) named(c byte) {
	src, i := l.src, l.i
	next := l.peek(1)
	class := byte(prevOther)
	if c == '@' {
		class = prevOpChars
	}
	switch {
	case next == c: // "::" cast, "@@" text search
		l.i += 2
		l.token(i, i+2, class)
		return
	case !IsIdentStart(next),
		i > 0 && IsIdentChar(src[i-1]), // "arr[lo:hi]", or $n glued to a word
		c == ':' && l.inSubscript():    // "a[:n]", "a[1 :n]": slice bounds
		l.i++
		l.token(i, i+1, class)
		return
	case c == '@' && i > 0 && isOpChar(src[i-1]):
		// "&@b", "-@b", "@>@n": PostgreSQL reads the '@' as part of
		// the operator before it.
		if op := l.opBefore(i); op == "=" || op == "<>" || op == "!=" || op == "<=" || op == ">=" || op == ">" {
			l.errAt(i, l.line, "%s@ is one operator to PostgreSQL: write a space before the parameter (%s @%s)", op, op, l.nameAt(i+1))
		}
		l.i++
		l.token(i, i+1, class)
		return
	}
	j := i + 1
	for j < len(src) && IsIdentChar(src[j]) {
		j++
	}
	name := src[i+1 : j]
	switch {
	case c == '@' && j < len(src) && src[j] == '.':
		// "@f.f1": the absolute value of a column.
		l.i++
		l.token(i, i+1, class)
		return
	case j < len(src) && (src[j] == '\'' || src[j] == '"'):
		if !l.script {
			l.errAt(i, l.line, "%c%s%c...: a parameter name cannot touch a quote (PostgreSQL reads %s%c...%c as a literal or name); put a space between them, or drop the %c",
				c, name, src[j], name, src[j], src[j], c)
		}
		l.i++
		l.token(i, i+1, class)
		return
	case strings.IndexByte(name, '$') >= 0:
		if !l.script {
			l.errAt(i, l.line, "parameter name %c%s holds '$', which PostgreSQL reads as part of the name: use letters, digits and _ only", c, name)
		}
		l.i = j
		l.token(i, j, prevParam)
		return
	}
	ev := l.send(Param, i, j)
	ev.Name = name
	l.emit(ev)
	l.prev = prevParam
	l.i = j
}

// opBefore is the run of operator characters that ends just before off.
func (l *lexer) opBefore(off int) string {
	j := off
	for j > 0 && isOpChar(l.src[j-1]) {
		j--
	}
	return l.src[j:off]
}

// nameAt is the identifier starting at off.
func (l *lexer) nameAt(off int) string {
	j := off
	for j < len(l.src) && IsIdentChar(l.src[j]) {
		j++
	}
	return l.src[off:j]
}

// IsSpace reports whether c is blank space between tokens.
func IsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// Word is the identifier or key word an SQL event is, if it is one.
func Word(src string, ev *Event) (string, bool) {
	if !ev.IsWord {
		return "", false
	}
	return src[ev.Start:ev.End], true
}

// numberEnd is the end of the numeric token at start, as scan.l's
// longest match finds it: digits, dots and underscores between digits,
// or longer, a name glued to a prefix of them (the *_junk rules), which
// starts at a letter or an underscore and runs over letters, digits, _
// and $: 0_0$$ is one token, so is 1e5x or 0E, and their $$ or ' opens
// nothing. Linear: the name from any start in a run of name characters
// ends where the run ends.
func numberEnd(src string, start int) int {
	j := start + 1
	for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' ||
		src[j] == '_' && j+1 < len(src) && src[j+1] >= '0' && src[j+1] <= '9') {
		j++
	}
	end := j
	for s := start; s <= j && s < len(src); {
		if !IsIdentChar(src[s]) {
			s++
			continue
		}
		e, named := s, false
		for e < len(src) && IsIdentChar(src[e]) {
			if e <= j && IsIdentStart(src[e]) {
				named = true
			}
			e++
		}
		if named {
			end = max(end, e)
		}
		s = e
	}
	return end
}
