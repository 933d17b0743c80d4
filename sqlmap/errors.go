package sqlmap

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNoRows is returned (wrapped in a [*QueryError]) by [One] when the
// query returns no row. errors.Is also matches it as pgx.ErrNoRows (and so
// as sql.ErrNoRows), so code written against pgx keeps working.
var ErrNoRows = fmt.Errorf("sqlmap: %w", pgx.ErrNoRows)

// ErrTooManyRows is returned by [One] when a query returns more than one
// row: taking the first and dropping the rest would hide a bug in the SQL.
var ErrTooManyRows = fmt.Errorf("sqlmap: %w", pgx.ErrTooManyRows)

// ErrUnknownQuery is matched by errors.Is for a call that names a query
// that was not loaded; the error is an [*UnknownQueryError].
var ErrUnknownQuery = errors.New("sqlmap: no query with this name")

// UnknownQueryError is a call of a query name that was not loaded, with
// the loaded name nearest to it, if one is near enough to be a typo.
type UnknownQueryError struct {
	Name string
	// Source is where the queries were loaded from: the folder given to
	// LoadDir ("queries/"), else "the loaded query files".
	Source string
	// Closest is the loaded query whose name is nearest, or nil.
	Closest *Query
}

func (e *UnknownQueryError) Error() string {
	if e.Closest != nil {
		return fmt.Sprintf("sqlmap: no query %s in %s (did you mean %s, %s:%d?)", e.Name, e.Source, e.Closest.Name, e.Closest.File, e.Closest.Line)
	}
	return fmt.Sprintf("sqlmap: no query %s in %s", e.Name, e.Source)
}

// Is makes errors.Is(err, ErrUnknownQuery) hold.
func (e *UnknownQueryError) Is(target error) bool { return target == ErrUnknownQuery }

// FileError is a problem tied to a place in a query file: a bad header, an
// unterminated string, a duplicate name.
type FileError struct {
	File string // file name as given to the loader
	Line int    // 1-based
	Col  int    // 1-based, 0 when the whole line is meant
	Msg  string
	Err  error // underlying cause, if any
}

func (e *FileError) Error() string {
	pos := fmt.Sprintf("%s:%d", e.File, e.Line)
	if e.Col > 0 {
		pos += fmt.Sprintf(":%d", e.Col)
	}
	if e.Err != nil {
		return fmt.Sprintf("sqlmap: %s: %s: %v", pos, e.Msg, e.Err)
	}
	return fmt.Sprintf("sqlmap: %s: %s", pos, e.Msg)
}

func (e *FileError) Unwrap() error { return e.Err }

// QueryError is an error from calling a named query: binding its arguments,
// running it, or scanning its rows. It names the query and where it is
// defined, and wraps the cause (a pgx or PostgreSQL error, [ErrNoRows], a
// scanner error).
type QueryError struct {
	Query string // query name
	File  string // file that defines it
	Line  int    // line of the query's header; for a PostgreSQL error with a position, the line of that position
	Err   error
}

func (e *QueryError) Error() string {
	var uq *UnknownQueryError
	if errors.As(e.Err, &uq) {
		return uq.Error() // it names the query already
	}
	if e.File == "" {
		return fmt.Sprintf("sqlmap: query %s: %v", e.Query, e.Err)
	}
	return fmt.Sprintf("sqlmap: query %s (%s:%d): %v", e.Query, e.File, e.Line, e.Err)
}

func (e *QueryError) Unwrap() error { return e.Err }

func (q *Query) errorf(format string, args ...any) error {
	return &QueryError{Query: q.Name, File: q.File, Line: q.Line, Err: fmt.Errorf(format, args...)}
}

// wrap turns err into a *QueryError for q. A PostgreSQL error that carries
// a position into the SQL is reported at the line of the file it falls on.
func (q *Query) wrap(err error) error {
	line := q.Line
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Position > 0 {
		line = q.LineOf(int(pe.Position))
	}
	return &QueryError{Query: q.Name, File: q.File, Line: line, Err: err}
}

// LineOf maps a 1-based character position in q.SQL, as PostgreSQL
// reports an error's position (it counts characters, not bytes), to a line
// of q's file. Rewriting parameters to $n never adds or removes a newline,
// so counting them is enough.
func (q *Query) LineOf(pos int) int {
	line := q.sqlLine
	n := 0
	for _, r := range q.SQL {
		n++
		if n >= pos {
			break
		}
		if r == '\n' {
			line++
		}
	}
	return line
}

// LoadError holds every problem found while loading query files, each a
// [*FileError], in file and line order. errors.As finds the individual
// *FileError values.
type LoadError struct {
	Errs []error
	// Queries holds the queries that parsed despite the problems, so that
	// a checker (sqlmap vet) can go on with them; a program should not
	// run on a partial set.
	Queries *Queries
}

func (e *LoadError) Error() string {
	var b strings.Builder
	for i, err := range e.Errs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(err.Error())
	}
	return b.String()
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (e *LoadError) Unwrap() []error { return e.Errs }
