package sqlmap

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Kind is what a query returns, declared after its name in the header.
type Kind string

// The kinds of sqlc's query files. A header without a kind gives KindAny,
// which every call accepts (as in dotsql and yesql files).
const (
	KindAny      Kind = ""
	KindOne      Kind = "one"      // exactly one row: [One]
	KindMany     Kind = "many"     // any number of rows: [Many], [Iter]
	KindExec     Kind = "exec"     // no rows: [DB.Exec]
	KindExecRows Kind = "execrows" // no rows, rows affected matter: [DB.Exec]
)

// unsupportedKinds are sqlc kinds that sqlmap does not take, with what to
// write instead.
var unsupportedKinds = map[string]string{
	"execresult": "declare it :execrows (DB.Exec returns the rows affected) or :exec",
	"execlastid": "PostgreSQL has no last insert id: add RETURNING id and declare it :one",
	"batchexec":  "declare it :exec and queue the calls with db.Batch().QueueExec",
	"batchmany":  "declare it :many and queue the calls with sqlmap.QueueMany on db.Batch()",
	"batchone":   "declare it :one and queue the calls with sqlmap.QueueOne on db.Batch()",
	"copyfrom":   "bulk loads need no query: call sqlmap.CopyFrom(ctx, db, table, rows)",
}

// Query is one named query of a query file, parsed once at load time.
type Query struct {
	// Name is the query's name from its header.
	Name string
	// Kind is the declared kind, or KindAny.
	Kind Kind
	// Doc is the comment lines right after the header, without "--".
	Doc string
	// Returns is the Go type named by a "-- returns: TypeName" line among
	// those comments: the struct the rows are scanned into, which
	// sqlmap vet checks the result columns against.
	Returns string
	// SQL is the body with every named parameter rewritten to $n. It is
	// the text sent to PostgreSQL, and stays the same on every call so
	// pgx's statement cache keeps working.
	SQL string
	// Params are the named parameters in $n order ($1 is Params[0]). A
	// name used twice is one parameter. Nil for a positional query.
	Params []string
	// Positional is the highest $n of a query written with positional
	// parameters, 0 otherwise.
	Positional int
	// File and Line locate the header.
	File string
	Line int

	sqlLine int // line of SQL's first character
	binds   bindCache
	plans   planCache
}

type event struct {
	kind  int // evComment, evParam, evPositional, evSQL
	start int
	end   int
	line  int
	col   int
	name  string
	n     int
	// first is set for a comment that is the first thing on its line.
	first bool
	// repl, for a parameter, replaces the source from start to end as
	// repl + "$n)" (sqlc.slice).
	repl string
}

const (
	evComment = iota
	evParam
	evPositional
	evSQL
)

// lexer walks SQL text the way PostgreSQL does, so that parameters are
// never found inside strings, quoted identifiers, dollar-quoted bodies or
// comments, and casts (::) or assignments (:=) are not taken for them.
type lexer struct {
	file   string
	src    string
	i      int
	line   int
	lineAt int // offset of the current line's first byte
	events []event
	errs   []error
	// script is set when splitting a migration script, where parameters
	// mean nothing and so cannot be malformed.
	script bool
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$'
}

func isParamChar(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9')
}

func (l *lexer) errAt(off, line int, format string, args ...any) {
	l.errs = append(l.errs, &FileError{File: l.file, Line: line, Col: l.colAt(off), Msg: fmt.Sprintf(format, args...)})
}

// colAt is the 1-based byte column of off on its line.
func (l *lexer) colAt(off int) int {
	start := strings.LastIndexByte(l.src[:off], '\n') + 1
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

func (l *lexer) emit(e event) {
	e.line = l.line
	e.col = e.start - l.lineAt + 1
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
			l.emit(event{kind: evComment, start: start, end: end, first: first})
			l.i = end
		case c == '/' && l.peek(1) == '*':
			l.blockComment()
		case c == '\'':
			l.emit(event{kind: evSQL, start: start})
			l.quoted('\'', false)
		case c == '"':
			l.emit(event{kind: evSQL, start: start})
			l.quoted('"', false)
		case c == '$':
			l.dollar()
		case c == ':' || c == '@':
			l.emit(event{kind: evSQL, start: start})
			l.named(c)
		case isIdentStart(c):
			l.emit(event{kind: evSQL, start: start})
			j := start
			for j < len(src) && isIdentChar(src[j]) {
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
			l.emit(event{kind: evSQL, start: start})
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
		l.emit(event{kind: evPositional, start: start, end: j, n: n})
		l.i = j
		return
	}
	if j < len(src) && (src[j] == '$' || (isIdentStart(src[j]))) {
		for j < len(src) && src[j] != '$' && isParamChar(src[j]) {
			j++
		}
		if j < len(src) && src[j] == '$' {
			tag := src[start : j+1]
			l.emit(event{kind: evSQL, start: start})
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
	l.emit(event{kind: evSQL, start: start})
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
	case !isIdentStart(next):
		l.i++
		return
	case c == '@' && i > 0 && (src[i-1] == '<' || src[i-1] == '@'):
		l.i++
		return
	case i > 0 && isIdentChar(src[i-1]):
		// "arr[lo:hi]" is an array slice, not a parameter; and $n glued
		// to a word would change what the word means.
		l.i++
		return
	}
	j := i + 1
	for j < len(src) && isParamChar(src[j]) {
		j++
	}
	l.emit(event{kind: evParam, start: i, end: j, name: src[i+1 : j]})
	l.i = j
}

// sqlcMacro reads sqlc.arg(name), sqlc.narg(name) or sqlc.slice(name),
// with l.i just after "sqlc".
func (l *lexer) sqlcMacro(start int) {
	src := l.src
	rest := src[l.i+1:]
	fn := ""
	for _, f := range []string{"arg", "narg", "slice"} {
		if strings.HasPrefix(rest, f) && (len(rest) == len(f) || !isIdentChar(rest[len(f)])) {
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
	l.emit(event{kind: evParam, start: start, end: k + 1, name: name})
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
		for i >= 0 && isSpace(src[i]) {
			i--
		}
		return i
	}
	word := func(i int) int { // start of the identifier ending at i, or -1
		j := i
		for j >= 0 && isIdentChar(src[j]) {
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
	for closing < len(src) && isSpace(src[closing]) {
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
	l.emit(event{kind: evParam, start: from, end: closing + 1, name: name, repl: repl})
	l.advanceTo(closing + 1)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// header is a "-- name: Name :kind" comment.
type header struct {
	ev   event
	name string
	kind Kind
}

// parseHeader reports whether comment c is a query header and parses it.
func (l *lexer) parseHeader(ev event) (header, bool) {
	text := strings.TrimSpace(l.src[ev.start+2 : ev.end])
	rest, ok := strings.CutPrefix(text, "name:")
	if !ok || !ev.first {
		return header{}, false
	}
	h := header{ev: ev}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		l.errAt(ev.start, ev.line, "query header without a name: want -- name: QueryName :kind")
		return h, true
	}
	h.name = fields[0]
	if !validName(h.name) {
		l.errAt(ev.start, ev.line, "query name %q is not an identifier (letters, digits and _, not starting with a digit)", h.name)
	}
	if len(fields) >= 2 {
		k, found := strings.CutPrefix(fields[1], ":")
		switch Kind(k) {
		case KindOne, KindMany, KindExec, KindExecRows:
			h.kind = Kind(k)
			if !found {
				l.errAt(ev.start, ev.line, "query %s: kind %q must start with ':' (:one, :many, :exec or :execrows)", h.name, fields[1])
			}
		default:
			switch {
			case !found:
				l.errAt(ev.start, ev.line, "query %s: kind %q must start with ':' (:one, :many, :exec or :execrows)", h.name, fields[1])
			case unsupportedKinds[k] != "":
				l.errAt(ev.start, ev.line, "query %s: kind :%s is not supported: %s", h.name, k, unsupportedKinds[k])
			default:
				l.errAt(ev.start, ev.line, "query %s: unknown kind :%s (want :one, :many, :exec or :execrows)", h.name, k)
			}
		}
	}
	if len(fields) > 2 {
		l.errAt(ev.start, ev.line, "query %s: unexpected %q after the kind", h.name, strings.Join(fields[2:], " "))
	}
	return h, true
}

// parseReturns reads the type of a "-- returns: TypeName" line: a Go type
// name, optionally qualified by its package ("models.User").
func (l *lexer) parseReturns(q *Query, ev event, typ string) {
	pkg, name, qualified := strings.Cut(typ, ".")
	if !qualified {
		pkg, name = "", typ
	}
	switch {
	case q.Returns != "":
		l.errAt(ev.start, ev.line, "query %s: a second -- returns: line (the first says %s)", q.Name, q.Returns)
	case !validName(name) || (qualified && !validName(pkg)):
		l.errAt(ev.start, ev.line, "query %s: -- returns: wants a Go type name such as User or models.User, not %q", q.Name, typ)
	default:
		q.Returns = typ
	}
}

func validName(s string) bool {
	if s == "" || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

// ParseFile parses the named queries of one file. name is used in errors
// and in [Query.File]. All problems found are returned joined, each a
// [*FileError].
func ParseFile(name, src string) ([]*Query, error) {
	l := &lexer{file: name, src: src, line: 1}
	l.run()

	// Split the events at the headers.
	var headers []header
	var bounds []int // index into l.events of each header
	for i, ev := range l.events {
		if ev.kind != evComment {
			continue
		}
		if h, ok := l.parseHeader(ev); ok {
			headers = append(headers, h)
			bounds = append(bounds, i)
		}
	}
	if len(headers) == 0 {
		for _, ev := range l.events {
			if ev.kind != evComment {
				l.errAt(ev.start, ev.line, "SQL outside any query: start each query with a header such as -- name: GetUser :one")
				break
			}
		}
		return nil, joinErrors(l.errs)
	}
	for _, ev := range l.events[:bounds[0]] {
		if ev.kind != evComment {
			l.errAt(ev.start, ev.line, "SQL before the first query header (-- name: ...)")
			break
		}
	}

	var out []*Query
	for qi, h := range headers {
		evs := l.events[bounds[qi]+1:]
		end := len(src)
		if qi+1 < len(headers) {
			evs = l.events[bounds[qi]+1 : bounds[qi+1]]
			end = headers[qi+1].ev.start
		}
		q := &Query{Name: h.name, Kind: h.kind, File: name, Line: h.ev.line}
		// Doc: the comment lines right after the header, one per line.
		bodyStart := h.ev.end
		prevLine := h.ev.line
		var doc []string
		k := 0
		for ; k < len(evs); k++ {
			ev := evs[k]
			if ev.kind != evComment || !ev.first || ev.line != prevLine+1 {
				break
			}
			text := strings.TrimPrefix(strings.TrimPrefix(src[ev.start:ev.end], "--"), " ")
			if rest, ok := strings.CutPrefix(strings.TrimSpace(text), "returns:"); ok {
				l.parseReturns(q, ev, strings.TrimSpace(rest))
			} else {
				doc = append(doc, text)
			}
			prevLine = ev.line
			bodyStart = ev.end
		}
		q.Doc = strings.TrimRight(strings.Join(doc, "\n"), " \t\r\n")
		hasSQL := false
		for _, ev := range evs[k:] {
			if ev.kind != evComment {
				hasSQL = true
				break
			}
		}
		if !hasSQL {
			l.errAt(h.ev.start, h.ev.line, "query %s has no SQL", h.name)
			continue
		}
		// Trim the body: leading blank space, trailing blank space and
		// semicolons; comments inside it are kept as written.
		body := src[bodyStart:end]
		lead := len(body) - len(strings.TrimLeft(body, " \t\r\n"))
		bodyStart += lead
		q.sqlLine = h.ev.line + strings.Count(src[h.ev.end:bodyStart], "\n")
		bodyEnd := bodyStart + len(strings.TrimRight(src[bodyStart:end], " \t\r\n;"))
		// Comments after the last statement (a heading for the next
		// query, say) are not part of this one.
		for j := len(evs) - 1; j >= k; j-- {
			ev := evs[j]
			if ev.start >= bodyEnd {
				continue
			}
			if ev.kind != evComment || ev.end != bodyEnd {
				break
			}
			bodyEnd = bodyStart + len(strings.TrimRight(src[bodyStart:ev.start], " \t\r\n;"))
		}
		l.rewrite(q, evs[k:], bodyStart, bodyEnd)
		out = append(out, q)
	}
	return out, joinErrors(l.errs)
}

// rewrite builds q.SQL from src[start:end], replacing named parameters with
// $n in order of first use.
func (l *lexer) rewrite(q *Query, evs []event, start, end int) {
	var b strings.Builder
	b.Grow(end - start)
	pos := start
	index := map[string]int{}
	var firstNamed, firstPositional *event
	for i := range evs {
		ev := &evs[i]
		if ev.start >= end {
			break
		}
		switch ev.kind {
		case evParam:
			if firstNamed == nil {
				firstNamed = ev
			}
			n, ok := index[ev.name]
			if !ok {
				q.Params = append(q.Params, ev.name)
				n = len(q.Params)
				index[ev.name] = n
			}
			b.WriteString(l.src[pos:ev.start])
			if ev.start > 0 && (l.src[ev.start-1] == '$' || isIdentChar(l.src[ev.start-1])) {
				b.WriteByte(' ')
			}
			b.WriteString(ev.repl)
			b.WriteString("$")
			b.WriteString(strconv.Itoa(n))
			if ev.repl != "" {
				b.WriteByte(')')
				// Keep the line count, so PostgreSQL's error positions
				// still map to lines of the file.
				b.WriteString(strings.Repeat("\n", strings.Count(l.src[ev.start:ev.end], "\n")))
			}
			if ev.end < end && isIdentChar(l.src[ev.end]) {
				// sqlc.arg(a)b: keep "$1" and "b" apart.
				b.WriteByte(' ')
			}
			pos = ev.end
		case evPositional:
			if firstPositional == nil {
				firstPositional = ev
			}
			q.Positional = max(q.Positional, ev.n)
		}
	}
	b.WriteString(l.src[pos:end])
	q.SQL = b.String()
	if firstNamed != nil && firstPositional != nil {
		l.errAt(firstPositional.start, firstPositional.line, "query %s mixes named parameters (%s) and positional ones (%s): use one style",
			q.Name, l.src[firstNamed.start:firstNamed.end], l.src[firstPositional.start:firstPositional.end])
	}
}

func joinErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i].(*FileError), errs[j].(*FileError)
		return a.Line < b.Line
	})
	return &LoadError{Errs: errs}
}

// Statement is one statement of a SQL script, as [SplitStatements] finds it.
type Statement struct {
	SQL  string // the statement without its closing semicolon
	Line int    // 1-based line of its first character in the script
	// Offset is the byte offset of its first character in the script:
	// SQL is script[Offset:Offset+len(SQL)].
	Offset int
}

// SplitStatements splits a script at its top-level semicolons, with the
// same lexer as query files, so semicolons inside strings, dollar-quoted
// function bodies and comments do not split. Like psql, it does not split
// inside parentheses, nor inside a SQL-standard function body
// (CREATE FUNCTION ... BEGIN ATOMIC ...; ...; END). Pieces holding only
// comments are dropped. An unterminated string, comment or dollar quote is
// a [*FileError] naming file and line.
func SplitStatements(file, src string) ([]Statement, error) {
	l := &lexer{file: file, src: src, line: 1, script: true}
	l.run()
	if len(l.errs) > 0 {
		return nil, joinErrors(l.errs)
	}
	var out []Statement
	first, line := -1, 0
	var depth stmtDepth
	flush := func(end int) {
		if first >= 0 {
			out = append(out, Statement{SQL: strings.TrimRight(src[first:end], " \t\r\n"), Line: line, Offset: first})
		}
		first = -1
		depth = stmtDepth{}
	}
	for _, ev := range l.events {
		if ev.kind == evComment {
			continue
		}
		if ev.kind == evSQL {
			switch c := src[ev.start]; {
			case c == ';' && depth.parens == 0 && depth.begins == 0:
				flush(ev.start)
				continue
			case c == '(':
				depth.parens++
			case c == ')':
				depth.parens = max(depth.parens-1, 0)
			case isIdentStart(c):
				end := ev.start
				for end < len(src) && isIdentChar(src[end]) {
					end++
				}
				// E'...' is a string, not the word E.
				if end-ev.start != 1 || (c != 'E' && c != 'e') || end >= len(src) || src[end] != '\'' {
					depth.word(src[ev.start:end])
				}
			}
		}
		if first < 0 {
			first, line = ev.start, ev.line
		}
	}
	flush(len(src))
	return out, nil
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
			if strings.EqualFold(w, k) {
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
	case strings.EqualFold(w, "begin"):
		d.begins++
	case strings.EqualFold(w, "case"):
		// A CASE outside a body (RETURN CASE ... END) has no BEGIN to
		// close, so only one inside a body counts.
		if d.begins > 0 {
			d.begins++
		}
	case strings.EqualFold(w, "end"):
		if d.begins > 0 {
			d.begins--
		}
	}
}
