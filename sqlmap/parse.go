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
	binds   bindCache
	plans   planCache
}

// header is a "-- name: Name :kind" comment.
type header struct {
	ev   sqllex.Event
	name string
	kind Kind
}

// parseHeader reports whether comment c is a query header and parses it.
func (l *fileParser) parseHeader(ev sqllex.Event) (header, bool) {
	text := strings.TrimSpace(l.src[ev.Start+2 : ev.End])
	rest, ok := strings.CutPrefix(text, "name:")
	if !ok || !ev.First {
		return header{}, false
	}
	h := header{ev: ev}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		l.errAt(ev.Start, ev.Line, "query header without a name: want -- name: QueryName :kind")
		return h, true
	}
	h.name = fields[0]
	if !validName(h.name) {
		l.errAt(ev.Start, ev.Line, "query name %q is not an identifier (letters, digits and _, not starting with a digit)", h.name)
	}
	if len(fields) >= 2 {
		k, found := strings.CutPrefix(fields[1], ":")
		switch Kind(k) {
		case KindOne, KindMany, KindExec, KindExecRows:
			h.kind = Kind(k)
			if !found {
				l.errAt(ev.Start, ev.Line, "query %s: kind %q must start with ':' (:one, :many, :exec or :execrows)", h.name, fields[1])
			}
		default:
			switch {
			case !found:
				l.errAt(ev.Start, ev.Line, "query %s: kind %q must start with ':' (:one, :many, :exec or :execrows)", h.name, fields[1])
			case unsupportedKinds[k] != "":
				l.errAt(ev.Start, ev.Line, "query %s: kind :%s is not supported: %s", h.name, k, unsupportedKinds[k])
			default:
				l.errAt(ev.Start, ev.Line, "query %s: unknown kind :%s (want :one, :many, :exec or :execrows)", h.name, k)
			}
		}
	}
	if len(fields) > 2 {
		l.errAt(ev.Start, ev.Line, "query %s: unexpected %q after the kind", h.name, strings.Join(fields[2:], " "))
	}
	return h, true
}

// parseReturns reads the type of a "-- returns: TypeName" line: a Go type
// name, optionally qualified by its package ("models.User").
func (l *fileParser) parseReturns(q *Query, ev sqllex.Event, typ string) {
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
// [*FileError].
func ParseFile(name, src string) ([]*Query, error) {
	l := &fileParser{file: name, src: src}
	events, lexErrs := sqllex.Lex(src, false)
	l.events = events
	for _, e := range lexErrs {
		l.errs = append(l.errs, &FileError{File: name, Line: e.Line, Col: e.Col, Msg: e.Msg})
	}
	headers, bounds := l.headers()
	if len(headers) == 0 {
		return nil, joinErrors(l.errs)
	}
	var out []*Query
	for qi, h := range headers {
		evs := l.events[bounds[qi]+1:]
		end := len(src)
		if qi+1 < len(headers) {
			evs = l.events[bounds[qi]+1 : bounds[qi+1]]
			end = headers[qi+1].ev.Start
		}
		if q := l.query(h, evs, end); q != nil {
			out = append(out, q)
		}
	}
	return out, joinErrors(l.errs)
}

// fileParser builds the queries of one file from the lexer's events.
type fileParser struct {
	file   string
	src    string
	events []sqllex.Event
	errs   []error
}

func (l *fileParser) errAt(off, line int, format string, args ...any) {
	l.errs = append(l.errs, &FileError{File: l.file, Line: line, Col: sqllex.ColAt(l.src, off), Msg: fmt.Sprintf(format, args...)})
}

// headers finds the query headers, with the index of each in l.events,
// and reports SQL before the first.
func (l *fileParser) headers() (headers []header, bounds []int) {
	for i, ev := range l.events {
		if ev.Kind != sqllex.Comment {
			continue
		}
		if h, ok := l.parseHeader(ev); ok {
			headers = append(headers, h)
			bounds = append(bounds, i)
		}
	}
	before, msg := l.events, "SQL outside any query: start each query with a header such as -- name: GetUser :one"
	if len(headers) > 0 {
		before, msg = l.events[:bounds[0]], "SQL before the first query header (-- name: ...)"
	}
	for _, ev := range before {
		if ev.Kind != sqllex.Comment {
			l.errAt(ev.Start, ev.Line, "%s", msg)
			break
		}
	}
	return headers, bounds
}

// query builds the query of header h from the events after it, up to the
// byte offset end (the next header); nil when it has no SQL.
func (l *fileParser) query(h header, evs []sqllex.Event, end int) *Query {
	src := l.src
	q := &Query{Name: h.name, Kind: h.kind, File: l.file, Line: h.ev.Line}
	// Doc: the comment lines right after the header, one per line.
	bodyStart := h.ev.End
	prevLine := h.ev.Line
	var doc []string
	k := 0
	for ; k < len(evs); k++ {
		ev := evs[k]
		if ev.Kind != sqllex.Comment || !ev.First || ev.Line != prevLine+1 {
			break
		}
		text := strings.TrimPrefix(strings.TrimPrefix(src[ev.Start:ev.End], "--"), " ")
		if rest, ok := strings.CutPrefix(strings.TrimSpace(text), "returns:"); ok {
			l.parseReturns(q, ev, strings.TrimSpace(rest))
		} else {
			doc = append(doc, text)
		}
		prevLine = ev.Line
		bodyStart = ev.End
	}
	q.Doc = strings.TrimRight(strings.Join(doc, "\n"), " \t\r\n")
	if !slices.ContainsFunc(evs[k:], func(ev sqllex.Event) bool { return ev.Kind != sqllex.Comment }) {
		l.errAt(h.ev.Start, h.ev.Line, "query %s has no SQL", h.name)
		return nil
	}
	// Trim the body: leading blank space, trailing blank space and
	// semicolons; comments inside it are kept as written.
	body := src[bodyStart:end]
	bodyStart += len(body) - len(strings.TrimLeft(body, " \t\r\n"))
	q.sqlLine = h.ev.Line + strings.Count(src[h.ev.End:bodyStart], "\n")
	bodyEnd := bodyStart + len(strings.TrimRight(src[bodyStart:end], " \t\r\n;"))
	// Comments after the last statement (a heading for the next query,
	// say) are not part of this one.
	for j := len(evs) - 1; j >= k; j-- {
		ev := evs[j]
		if ev.Start >= bodyEnd {
			continue
		}
		if ev.Kind != sqllex.Comment || ev.End != bodyEnd {
			break
		}
		bodyEnd = bodyStart + len(strings.TrimRight(src[bodyStart:ev.Start], " \t\r\n;"))
	}
	l.rewrite(q, evs[k:], bodyStart, bodyEnd)
	return q
}

// rewrite builds q.SQL from src[start:end], replacing named parameters with
// $n in order of first use.
func (l *fileParser) rewrite(q *Query, evs []sqllex.Event, start, end int) {
	var b strings.Builder
	b.Grow(end - start)
	pos := start
	index := map[string]int{}
	var firstNamed, firstPositional *sqllex.Event
	for i := range evs {
		ev := &evs[i]
		if ev.Start >= end {
			break
		}
		switch ev.Kind {
		case sqllex.Param:
			if firstNamed == nil {
				firstNamed = ev
			}
			n, ok := index[ev.Name]
			if !ok {
				q.Params = append(q.Params, ev.Name)
				n = len(q.Params)
				index[ev.Name] = n
			}
			b.WriteString(l.src[pos:ev.Start])
			if ev.Start > 0 && (l.src[ev.Start-1] == '$' || sqllex.IsIdentChar(l.src[ev.Start-1])) {
				b.WriteByte(' ')
			}
			b.WriteString(ev.Repl)
			b.WriteString("$")
			b.WriteString(strconv.Itoa(n))
			if ev.Repl != "" {
				b.WriteByte(')')
				// Keep the line count, so PostgreSQL's error positions
				// still map to lines of the file.
				b.WriteString(strings.Repeat("\n", strings.Count(l.src[ev.Start:ev.End], "\n")))
			}
			if ev.End < end && sqllex.IsIdentChar(l.src[ev.End]) {
				// sqlc.arg(a)b: keep "$1" and "b" apart.
				b.WriteByte(' ')
			}
			pos = ev.End
		case sqllex.Positional:
			if firstPositional == nil {
				firstPositional = ev
			}
			q.Positional = max(q.Positional, ev.N)
		}
	}
	b.WriteString(l.src[pos:end])
	q.SQL = b.String()
	if firstNamed != nil && firstPositional != nil {
		l.errAt(firstPositional.Start, firstPositional.Line, "query %s mixes named parameters (%s) and positional ones (%s): use one style",
			q.Name, l.src[firstNamed.Start:firstNamed.End], l.src[firstPositional.Start:firstPositional.End])
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
