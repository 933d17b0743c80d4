package sqlmap

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/sqlmap-go/sqlmap/internal/sqllex"
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
	// star and named are the query's result shape: see resultShape.
	star  bool
	named []string
	binds bindCache
	plans planCache
}

// header is a "-- name: Name :kind" comment, or sqlc's other form
// "/* name: Name :kind */".
type header struct {
	ev   sqllex.Event
	name string
	kind Kind
}

// headerText is the text of a comment after its "--" or between "/*"
// and "*/".
func (l *fileParser) headerText(ev *sqllex.Event) string {
	if ev.Block {
		return strings.TrimSuffix(l.src[ev.Start+2:ev.End], "*/")
	}
	return l.src[ev.Start+2 : ev.End]
}

// looksLikeHeader reports whether a comment's text starts like a header
// ("name:", in any case, with or without blank space around the colon):
// one that does not parse as one is a mistake to report, not a comment
// to glue onto the query above.
func looksLikeHeader(text string) bool {
	t := strings.TrimLeft(text, " \t")
	if len(t) < 4 || !strings.EqualFold(t[:4], "name") {
		return false
	}
	return strings.HasPrefix(strings.TrimLeft(t[4:], " \t"), ":")
}

// parseHeader reports whether comment ev is a query header and parses it.
func (l *fileParser) parseHeader(ev *sqllex.Event) (header, bool) {
	if !ev.First {
		return header{}, false
	}
	text := l.headerText(ev)
	if !looksLikeHeader(text) || (ev.Block && strings.ContainsAny(text, "\n\r")) {
		return header{}, false
	}
	h := header{ev: *ev}
	// sqlc's spelling: "-- name: " with blank space after the colon.
	rest, ok := strings.CutPrefix(strings.TrimLeft(text, " \t"), "name:")
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		l.errAt(ev.Start, ev.Line, "comment %q looks like a query header but is not one: write it as -- name: QueryName :kind", strings.TrimSpace(l.src[ev.Start:ev.End]))
		return header{}, false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		l.errAt(ev.Start, ev.Line, "query header without a name: want -- name: QueryName :kind")
		return h, true
	}
	h.name = strings.Clone(fields[0])
	if !validName(h.name) {
		l.errAt(ev.Start, ev.Line, "query name %q is not an identifier (letters, digits and _, not starting with a digit)", h.name)
	}
	if len(fields) >= 2 {
		h.kind = l.parseKind(ev, h.name, fields[1])
	}
	if len(fields) > 2 {
		l.errAt(ev.Start, ev.Line, "query %s: unexpected %q after the kind", h.name, strings.Join(fields[2:], " "))
	}
	return h, true
}

func (l *fileParser) parseKind(ev *sqllex.Event, name, field string) Kind {
	k, found := strings.CutPrefix(field, ":")
	switch Kind(k) {
	case KindOne, KindMany, KindExec, KindExecRows:
		if !found {
			l.errAt(ev.Start, ev.Line, "query %s: kind %q must start with ':' (:one, :many, :exec or :execrows)", name, field)
		}
		return Kind(k)
	}
	switch {
	case !found:
		l.errAt(ev.Start, ev.Line, "query %s: kind %q must start with ':' (:one, :many, :exec or :execrows)", name, field)
	case unsupportedKinds[k] != "":
		l.errAt(ev.Start, ev.Line, "query %s: kind :%s is not supported: %s", name, k, unsupportedKinds[k])
	default:
		l.errAt(ev.Start, ev.Line, "query %s: unknown kind :%s (want :one, :many, :exec or :execrows)", name, k)
	}
	return KindAny
}

// parseReturns reads the type of a "-- returns: TypeName" line: a Go type
// name, optionally qualified by its package ("models.User").
func (l *fileParser) parseReturns(q *Query, ev *sqllex.Event, typ string) {
	typ = strings.Clone(typ)
	pkg, name, qualified := strings.Cut(typ, ".")
	if !qualified {
		pkg, name = "", typ
	}
	switch {
	case q.Returns != "":
		l.errAt(ev.Start, ev.Line, "query %s: a second -- returns: line (the first says %s)", q.Name, q.Returns)
	case !validName(name) || (qualified && !validName(pkg)):
		l.errAt(ev.Start, ev.Line, "query %s: -- returns: wants a Go type name such as User or models.User, not %q", q.Name, typ)
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
// [*FileError] (past [sqllex.MaxErrors] of them, one more says how many
// were left out); the queries that parsed are returned with them, so that
// a checker can go on with those.
//
// The file is read in one pass that keeps nothing per token, so memory
// grows with the queries, not with the text around them.
func ParseFile(name, src string) ([]*Query, error) {
	p := &fileParser{file: name, src: src}
	lexErrs, dropped := sqllex.Scan(src, false, p.event)
	p.finish()
	if p.stray != nil {
		msg := "SQL outside any query: start each query with a header such as -- name: GetUser :one"
		if p.headers > 0 {
			msg = "SQL before the first query header (-- name: ...)"
		}
		p.errAt(p.stray.Start, p.stray.Line, "%s", msg)
	}
	for _, e := range lexErrs {
		p.add(&FileError{File: name, Line: e.Line, Col: e.Col, Msg: e.Msg})
	}
	p.dropped += dropped
	return p.out, p.joined()
}

// fileParser builds the queries of one file from the lexer's events, as
// they come.
type fileParser struct {
	file    string
	src     string
	out     []*Query
	errs    []error
	dropped int
	// cur is the query being read, nil before the first header; spare
	// is the one reused for the next, so that a file of many queries
	// does not allocate one per query, nor a parameter list.
	cur, spare *pending
	headers    int
	// stray is the first token outside any query.
	stray *sqllex.Event
}

// pending is the query being read.
type pending struct {
	h        header
	q        *Query
	inDoc    bool // still in the comment lines right after the header
	prevLine int
	doc      []string
	// bodyStart is the offset of the body's first comment or token,
	// -1 before it; lastEnd the end of its last token but the closing
	// semicolon, -1 before the first.
	bodyStart, bodyLine, lastEnd int
	// ended is set at the semicolon that ends the query's statement.
	ended, extra bool
	semiLine     int
	params       []sqllex.Event
	bound        sqllex.Boundary
	shape        resultShape
}

func (p *fileParser) errAt(off, line int, format string, args ...any) {
	p.add(&FileError{File: p.file, Line: line, Col: sqllex.ColAt(p.src, off), Msg: fmt.Sprintf(format, args...)})
}

func (p *fileParser) add(e *FileError) {
	if len(p.errs) >= sqllex.MaxErrors {
		p.dropped++
		return
	}
	p.errs = append(p.errs, e)
}

func (p *fileParser) event(ev *sqllex.Event) {
	if ev.Kind == sqllex.Comment {
		p.comment(ev)
		return
	}
	c := p.cur
	if c == nil {
		if p.stray == nil {
			e := *ev
			p.stray = &e
		}
		return
	}
	c.inDoc = false
	if c.ended {
		if p.src[ev.Start] == ';' {
			return // an empty statement
		}
		if !c.extra {
			c.extra = true
			p.errAt(ev.Start, ev.Line, "SQL after the end of query %s (its ';' on line %d) has no header: start it with -- name: QueryName :kind (a call runs one statement)", c.h.name, c.semiLine)
		}
		return
	}
	if c.bodyStart < 0 {
		c.bodyStart, c.bodyLine = ev.Start, ev.Line
	}
	if c.bound.Ends(p.src, ev) {
		c.ended, c.semiLine = true, ev.Line
		return
	}
	c.lastEnd = max(c.lastEnd, ev.End)
	if ev.Kind == sqllex.Param || ev.Kind == sqllex.Positional {
		c.params = append(c.params, *ev)
	}
	c.shape.feed(p.src, ev)
}

func (p *fileParser) comment(ev *sqllex.Event) {
	if h, ok := p.parseHeader(ev); ok {
		p.finish()
		p.headers++
		c := p.spare
		if c == nil {
			c = &pending{}
		}
		*c = pending{h: h, q: &Query{Name: h.name, Kind: h.kind, File: p.file, Line: ev.Line},
			inDoc: true, prevLine: ev.Line, bodyStart: -1, lastEnd: -1, params: c.params[:0], doc: c.doc[:0],
			shape: resultShape{names: c.shape.names[:0]}}
		p.cur = c
		return
	}
	c := p.cur
	if c == nil {
		return
	}
	if c.inDoc && ev.First && !ev.Block && ev.Line == c.prevLine+1 {
		text := strings.TrimPrefix(strings.TrimPrefix(p.src[ev.Start:ev.End], "--"), " ")
		if rest, ok := strings.CutPrefix(strings.TrimSpace(text), "returns:"); ok {
			p.parseReturns(c.q, ev, strings.TrimSpace(rest))
		} else {
			c.doc = append(c.doc, text)
		}
		c.prevLine = ev.Line
		return
	}
	c.inDoc = false
	if c.bodyStart < 0 && !c.ended {
		c.bodyStart, c.bodyLine = ev.Start, ev.Line
	}
}

// finish builds the query being read, if any.
func (p *fileParser) finish() {
	c := p.cur
	p.cur = nil
	if c == nil {
		return
	}
	defer func() { p.spare = c }()
	q := c.q
	q.Doc = strings.TrimRight(strings.Join(c.doc, "\n"), " \t\r\n")
	if c.lastEnd < 0 {
		p.errAt(c.h.ev.Start, c.h.ev.Line, "query %s has no SQL", c.h.name)
		return
	}
	q.sqlLine = c.bodyLine
	q.star, q.named = c.shape.star, c.shape.columnNames()
	p.rewrite(q, c.params, c.bodyStart, c.lastEnd)
	p.out = append(p.out, q)
}

// rewrite builds q.SQL from src[start:end], replacing named parameters with
// $n in order of first use.
func (p *fileParser) rewrite(q *Query, params []sqllex.Event, start, end int) {
	src := p.src
	var b strings.Builder
	b.Grow(end - start + 2*len(params))
	pos := start
	var firstNamed, firstPositional *sqllex.Event
	for i := range params {
		ev := &params[i]
		if ev.Kind == sqllex.Positional {
			if firstPositional == nil {
				firstPositional = ev
			}
			q.Positional = max(q.Positional, ev.N)
			continue
		}
		if firstNamed == nil {
			firstNamed = ev
		}
		// A query has a few parameters: a scan beats a map.
		n := slices.Index(q.Params, ev.Name) + 1
		if n == 0 {
			// A copy: a piece of the file would keep all of it in
			// memory.
			q.Params = append(q.Params, strings.Clone(ev.Name))
			n = len(q.Params)
		}
		b.WriteString(src[pos:ev.Start])
		if ev.Start > 0 && (src[ev.Start-1] == '$' || sqllex.IsIdentChar(src[ev.Start-1])) {
			b.WriteByte(' ')
		}
		b.WriteString(ev.Repl)
		b.WriteString("$")
		b.WriteString(strconv.Itoa(n))
		if ev.Repl != "" {
			b.WriteByte(')')
		}
		// Keep the line count, so PostgreSQL's error positions still
		// map to lines of the file.
		b.WriteString(strings.Repeat("\n", strings.Count(src[ev.Start:ev.End], "\n")))
		if ev.End < end && sqllex.IsIdentChar(src[ev.End]) {
			// sqlc.arg(a)b: keep "$1" and "b" apart.
			b.WriteByte(' ')
		}
		pos = ev.End
	}
	b.WriteString(src[pos:end])
	q.SQL = b.String()
	if firstNamed != nil && firstPositional != nil {
		p.errAt(firstPositional.Start, firstPositional.Line, "query %s mixes named parameters (%s) and positional ones (%s): use one style (sqlc numbers them together; sqlmap refuses, so that $1 never means two things)",
			q.Name, src[firstNamed.Start:firstNamed.End], src[firstPositional.Start:firstPositional.End])
	}
}

// joined is the file's problems in line order, or nil.
func (p *fileParser) joined() error {
	if len(p.errs) == 0 {
		return nil
	}
	sort.SliceStable(p.errs, func(i, j int) bool {
		return p.errs[i].(*FileError).Line < p.errs[j].(*FileError).Line
	})
	if p.dropped > 0 {
		last := p.errs[len(p.errs)-1].(*FileError)
		p.errs = append(p.errs, &FileError{File: p.file, Line: last.Line, Msg: fmt.Sprintf("and %d more problems in this file, not shown", p.dropped)})
	}
	return &LoadError{Errs: p.errs}
}
