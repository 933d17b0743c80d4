package schema

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/sqlmap-go/sqlmap/internal/sqllex"
)

// Model text (type=, default=, check=, generated=, index expressions and
// predicates) is spliced into DDL that runs in a transaction rolled back
// afterwards, against the user's database. Two defences keep it there:
// every statement goes alone in an extended-protocol message (execBatch),
// which PostgreSQL refuses to hold a second command; and each fragment is
// checked here to be lexically one piece (no statement separator, no
// comment, every quote and parenthesis closed, nothing at the top level
// that would end the construct it is placed in), then placed inside
// parentheses of its own, so that the grammar reads it as exactly one
// expression. A type is checked by PostgreSQL's own type-name parser.

// FragmentError is a model fragment that cannot be one expression or type.
type FragmentError struct {
	Source string // file:line (or Type.Field) of the field or directive
	What   string // "default", "check", "type", "index expression", ...
	Text   string
	Reason string
}

func (e *FragmentError) Error() string {
	return fmt.Sprintf("schema: %s%s %q is not a single %s: %s", sourcePrefix(e.Source), e.What, e.Text, fragmentKind(e.What), e.Reason)
}

// sourcePrefix starts a message about a model with where it is.
func sourcePrefix(source string) string {
	if source == "" {
		return ""
	}
	return source + ": "
}

func fragmentKind(what string) string {
	if what == "type" {
		return "type name"
	}
	return "expression"
}

// checkFragment reports why s cannot stand as one expression (or, for
// what == "type", one type name), or nil.
func checkFragment(what, s string) error {
	reason := fragmentProblem(s)
	if reason == "" {
		return nil
	}
	return &FragmentError{What: what, Text: s, Reason: reason}
}

// fragmentProblem lexes s with the lexer that splits migrations and
// reads query files (standard_conforming_strings on, as since 9.1), so
// that what it lets through is what those read as one piece, and names
// the first thing that lets it reach outside an enclosing pair of
// parentheses.
func fragmentProblem(s string) string {
	if strings.TrimSpace(s) == "" {
		return "it is empty"
	}
	// Anywhere, quoted or not: PostgreSQL takes no NUL in a statement.
	if strings.IndexByte(s, 0) >= 0 {
		return "it holds a NUL byte"
	}
	var (
		open   []byte // the parentheses and brackets open, innermost last
		reason string
	)
	errs, _ := sqllex.Scan(s, true, func(ev *sqllex.Event) {
		if reason != "" {
			return
		}
		if ev.Kind == sqllex.Comment {
			reason = "comments are not allowed in model text"
			return
		}
		if ev.Kind != sqllex.SQL || ev.End-ev.Start != 1 {
			return
		}
		switch c := s[ev.Start]; c {
		case ';':
			reason = "a ';' outside quotes would end the statement"
		case '(', '[':
			open = append(open, c)
		case ')', ']':
			want := byte('(')
			if c == ']' {
				want = '['
			}
			if len(open) == 0 || open[len(open)-1] != want {
				reason = fmt.Sprintf("the %q at byte %d closes a parenthesis it did not open", c, ev.Start+1)
				return
			}
			open = open[:len(open)-1]
		case ',':
			if len(open) == 0 {
				reason = "a ',' outside parentheses would start another item"
			}
		}
	})
	switch {
	case reason != "":
		return reason
	case len(errs) > 0:
		return lexProblem(errs[0].Msg)
	case len(open) != 0:
		return "a parenthesis is not closed"
	}
	return ""
}

// lexProblem says a lexer error of model text in the check's words.
func lexProblem(msg string) string {
	switch {
	case strings.HasPrefix(msg, "unterminated string literal"):
		return "a string literal is not closed"
	case strings.HasPrefix(msg, "unterminated quoted identifier"):
		return "a quoted identifier is not closed"
	case strings.HasPrefix(msg, "unterminated dollar-quoted string"):
		return "a dollar-quoted string is not closed"
	case strings.HasPrefix(msg, "unterminated /*"):
		return "comments are not allowed in model text"
	}
	return msg
}

// quoteEnd finds the quote that closes a quoted string or identifier
// whose text starts at i: a doubled quote stays inside, and so does a
// backslashed one in an E” string. It returns -1 when nothing closes it.
func quoteEnd(s string, i int, quote byte, escapes bool) int {
	for ; i < len(s); i++ {
		switch {
		case escapes && s[i] == '\\':
			i++
		case s[i] == quote:
			if i+1 < len(s) && s[i+1] == quote {
				i++
				continue
			}
			return i
		}
	}
	return -1
}

// checkFragments checks every piece of model text in s, naming where each
// came from.
func checkFragments(s *Schema) error {
	var errs []error
	add := func(source, what, text string) {
		if text == "" {
			return
		}
		if err := checkFragment(what, text); err != nil {
			var fe *FragmentError
			if errors.As(err, &fe) {
				fe.Source = source
			}
			errs = append(errs, err)
		}
	}
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			src := firstNonEmpty(c.Source, t.Source)
			add(src, "type", c.Type)
			add(src, "default", c.Default)
			add(src, "generated", c.Generated)
		}
		for _, ck := range t.Checks {
			add(firstNonEmpty(ck.Source, t.Source), "check", ck.Expr)
		}
		for _, ix := range t.Indexes {
			src := firstNonEmpty(ix.Source, t.Source)
			for _, col := range ix.Columns {
				expr, opts := splitIndexEntry(col)
				add(src, "index expression", expr)
				if opts != "" && !indexOptionsRE.MatchString(opts) {
					errs = append(errs, &FragmentError{Source: src, What: "index entry options", Text: opts, Reason: "after a column or expression come only COLLATE name, an operator class, ASC or DESC, NULLS FIRST or LAST"})
				}
			}
			for _, col := range ix.Include {
				if !plainIdent.MatchString(col) && !quotedIdent(col) {
					errs = append(errs, &FragmentError{Source: src, What: "INCLUDE column", Text: col, Reason: "INCLUDE lists columns"})
				}
			}
			if ix.With != "" && !indexWithRE.MatchString(ix.With) {
				errs = append(errs, &FragmentError{Source: src, What: "index storage parameters", Text: ix.With, Reason: "WITH takes name = value pairs (fillfactor = 70, fastupdate = off)"})
			}
			add(src, "index predicate", ix.Where)
			if ix.Method != "" && !identRE.MatchString(ix.Method) {
				errs = append(errs, &FragmentError{Source: src, What: "index method", Text: ix.Method, Reason: "an access method is one plain name (btree, gin, gist, ...)"})
			}
		}
	}
	return errors.Join(errs...)
}

var (
	// indexOptionsRE is what may follow an index key entry: names
	// (COLLATE, ASC, DESC, NULLS, FIRST, LAST, an operator class, maybe
	// schema-qualified) and double-quoted names, nothing that could
	// end the statement or open an expression.
	indexOptionsRE = regexp.MustCompile(`^(\s*("[^"]+"|[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?))+\s*$`)
	// indexWithRE is a list of storage parameters: name = plain value.
	indexWithRE = regexp.MustCompile(`^\s*[A-Za-z_][A-Za-z0-9_.]*\s*=\s*'?[A-Za-z0-9_.]+'?\s*(,\s*[A-Za-z_][A-Za-z0-9_.]*\s*=\s*'?[A-Za-z0-9_.]+'?\s*)*$`)
)

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// confine returns a copy of s with each expression of model text inside
// parentheses of its own; checkFragments has made sure none of them can
// close those parentheses, so each is read as exactly one expression.
// PostgreSQL's own spelling, read back by Inspect, is what drafts are
// made of, so the parentheses never reach a migration file.
func confine(s *Schema) *Schema {
	out := &Schema{Enums: s.Enums}
	paren := func(x string) string {
		if x == "" {
			return ""
		}
		return "(" + x + ")"
	}
	for _, t := range s.Tables {
		c := *t
		c.Columns = make([]*Column, len(t.Columns))
		for i, col := range t.Columns {
			cc := *col
			cc.Default = paren(col.Default)
			c.Columns[i] = &cc
		}
		c.Indexes = make([]*Index, len(t.Indexes))
		for i, ix := range t.Indexes {
			x := *ix
			x.Columns = make([]string, len(ix.Columns))
			for j, e := range ix.Columns {
				expr, opts := splitIndexEntry(e)
				if !plainIdent.MatchString(expr) && !quotedIdent(expr) {
					expr = paren(expr) // a column needs none, an expression would anyway
				}
				x.Columns[j] = strings.TrimSpace(expr + " " + opts)
			}
			x.Where = paren(ix.Where)
			c.Indexes[i] = &x
		}
		out.Tables = append(out.Tables, &c)
	}
	return out
}

// quotedIdent reports whether s is one double-quoted identifier.
func quotedIdent(s string) bool {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return false
	}
	return !strings.Contains(strings.ReplaceAll(s[1:len(s)-1], `""`, ""), `"`)
}
