package sqlmap

import (
	"strings"

	"github.com/sqlmap-go/sqlmap/internal/sqllex"
)

// resultShape reads, from the top level of a query's statement (outside
// parentheses, so not in a subquery or a CTE's body), whether its result
// list takes a * (SELECT *, SELECT t.*, RETURNING *) and the names of the
// columns it lists explicitly (a name, t.name, or anything AS name).
//
// The rule it serves: a column that a * brings in may be skipped when the
// result struct has no field for it, since a migration can add one while
// the program runs; a column the query names is a column someone meant
// to read, and a struct without a field for it is a bug to report.
type resultShape struct {
	depth  int
	inList bool
	star   bool
	names  []shapeName
	item   shapeItem
}

// shapeName is an explicit column's name as written: pieces of the file,
// made into strings only for a query that takes a *, the one kind that
// needs them.
type shapeName struct {
	text         string
	fold, quoted bool
}

// columnNames is the explicit columns' names as PostgreSQL names them,
// copied out of the file's text.
func (s *resultShape) columnNames() []string {
	if !s.star || len(s.names) == 0 {
		return nil
	}
	out := make([]string, len(s.names))
	for i, n := range s.names {
		name := n.text
		switch {
		case n.fold:
			name = strings.ToLower(name)
		case n.quoted:
			name = strings.ReplaceAll(name, `""`, `"`)
		}
		out[i] = strings.Clone(name)
	}
	return out
}

// shapeItem is what is known of the result list's current item.
type shapeItem struct {
	tokens int    // at the top level
	last   string // the last token, as a name when it is one
	lastOK bool   // last is a name
	fold   bool   // last is an unquoted name, which PostgreSQL folds to lower case
	quoted bool   // last is a quoted name, "" standing for "
	before string // the token before last ("as", ".")
	nested bool   // some of it is inside parentheses
}

// listEnds are the key words that end a SELECT's result list.
var listEnds = []string{"from", "into", "where", "group", "having", "window",
	"order", "limit", "offset", "union", "intersect", "except", "fetch", "for"}

// isListEnd reports whether w is one of listEnds, in any case, without
// lower-casing every word of every query at load.
func isListEnd(w string) bool {
	if len(w) < 3 || len(w) > 9 {
		return false
	}
	for _, k := range listEnds {
		if sqllex.IsKeyword(w, k) {
			return true
		}
	}
	return false
}

func (s *resultShape) feed(src string, ev *sqllex.Event) {
	c := src[ev.Start]
	switch {
	case ev.Kind != sqllex.SQL:
		if ev.Repl != "" {
			// sqlc.slice in an IN list took the list's parentheses.
			s.depth = max(s.depth-1, 0)
		}
		if s.depth == 0 {
			s.add("", false)
		}
		return
	case c == '(':
		s.depth++
		s.item.nested = true
		return
	case c == ')':
		s.depth = max(s.depth-1, 0)
		if s.depth == 0 {
			s.add(")", false)
		}
		return
	case s.depth > 0:
		return
	}
	w, isWord := sqllex.Word(src, ev)
	switch {
	case isWord && (sqllex.IsKeyword(w, "select") || sqllex.IsKeyword(w, "returning")):
		s.close()
		s.inList = true
		return
	case !s.inList:
		return
	case isWord && isListEnd(w):
		s.close()
		s.inList = false
		return
	case c == ',':
		s.close()
		return
	case c == '*' && ev.End == ev.Start+1 && (s.item.tokens == 0 || (s.item.last == "." && s.item.tokens == 2)):
		s.star = true
		s.item = shapeItem{tokens: -1} // a * item names nothing
		return
	case isWord && s.item.tokens == 0 && (sqllex.IsKeyword(w, "distinct") || sqllex.IsKeyword(w, "all")):
		return
	case isWord:
		s.add(w, true)
		s.item.fold = true
	case c == '"' && ev.End-ev.Start >= 2:
		s.add(src[ev.Start+1:ev.End-1], true)
		s.item.quoted = true
	default:
		s.add(src[ev.Start:ev.End], false)
	}
}

func (s *resultShape) add(tok string, name bool) {
	if !s.inList || s.item.tokens < 0 {
		return
	}
	s.item.before = s.item.last
	s.item.last, s.item.lastOK = tok, name
	s.item.fold, s.item.quoted = false, false
	s.item.tokens++
}

// close ends the current item, keeping its name when the text gives one.
func (s *resultShape) close() {
	it := s.item
	s.item = shapeItem{}
	if !s.inList || it.tokens <= 0 || !it.lastOK {
		return
	}
	if it.tokens == 1 || strings.EqualFold(it.before, "as") || (it.before == "." && it.tokens == 3 && !it.nested) || !it.nested && it.tokens == 2 {
		s.names = append(s.names, shapeName{it.last, it.fold, it.quoted})
	}
}

// SelectsStar reports whether the query's result list takes a * (SELECT *,
// t.*, RETURNING *): the columns it brings in may be skipped by a result
// struct without a field for them, since a migration may add some at any
// time. Columns the query lists by name are never skipped.
func (q *Query) SelectsStar() bool { return q.star }

// SkipsColumn is the scanner's rule for a result column with no field in
// the struct: skipped when a * may have brought it in, that is when the
// query takes a * and does not list the column by name; else an error.
func (q *Query) SkipsColumn(col string) bool {
	if !q.star {
		return false
	}
	for _, n := range q.named {
		if n == col {
			return false
		}
	}
	return true
}
