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
	names  []string
	item   shapeItem
}

// shapeItem is what is known of the result list's current item.
type shapeItem struct {
	tokens int    // at the top level
	last   string // the last token, as a name when it is one
	lastOK bool   // last is a name
	before string // the token before last ("as", ".")
	nested bool   // some of it is inside parentheses
}

// listEnds are the key words that end a SELECT's result list.
var listEnds = map[string]bool{
	"from": true, "into": true, "where": true, "group": true, "having": true, "window": true,
	"order": true, "limit": true, "offset": true, "union": true, "intersect": true,
	"except": true, "fetch": true, "for": true,
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
	lw := strings.ToLower(w)
	switch {
	case isWord && (lw == "select" || lw == "returning"):
		s.close()
		s.inList = true
		return
	case !s.inList:
		return
	case isWord && listEnds[lw]:
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
	case isWord && s.item.tokens == 0 && (lw == "distinct" || lw == "all"):
		return
	case isWord:
		s.add(lw, true)
	case c == '"':
		s.add(strings.ReplaceAll(src[ev.Start+1:ev.End-1], `""`, `"`), true)
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
	s.item.tokens++
}

// close ends the current item, keeping its name when the text gives one.
func (s *resultShape) close() {
	it := s.item
	s.item = shapeItem{}
	if !s.inList || it.tokens <= 0 || !it.lastOK {
		return
	}
	if it.tokens == 1 || it.before == "as" || (it.before == "." && it.tokens == 3 && !it.nested) || !it.nested && it.tokens == 2 {
		s.names = append(s.names, it.last)
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
