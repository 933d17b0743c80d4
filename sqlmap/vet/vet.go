package vet

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// Nullability is what PostgreSQL's description of a prepared statement
// says about whether a result column can be NULL.
type Nullability int8

const (
	// NullUnknown is an expression's column: PostgreSQL does not say.
	NullUnknown Nullability = iota
	// NotNull is a column read straight from a NOT NULL table column. An
	// outer join can still make it NULL, which no description shows.
	NotNull
	// Nullable is a column read straight from a table column that allows
	// NULL.
	Nullable
)

// Column is a parameter or a result column of a described query.
type Column struct {
	// Name is the parameter's name (":id" is "id"; "$1" for positional
	// queries) or the result column's name.
	Name string
	// Type is the type as PostgreSQL spells it, with its modifier for a
	// result read from a table column: "character varying(80)".
	Type string
	// OID is the type's OID.
	OID uint32
	// Null is the result column's nullability; NullUnknown for parameters.
	Null Nullability
	// Source is the table column a result column is read from
	// ("users.email"), empty for an expression.
	Source string
}

// Description is what PostgreSQL says about a query once prepared: the
// types of its parameters and of its result columns.
type Description struct {
	Query   *sqlmap.Query
	Params  []Column
	Columns []Column
}

// Problem is one thing [Vet] found wrong with a query.
type Problem struct {
	Query string // query name
	File  string
	Line  int    // the line at fault: PostgreSQL's error position, else the header's
	Msg   string // what is wrong and, where there is one, what to do
	// Err is PostgreSQL's error for a query that does not prepare.
	Err error
}

// String reads "file:line: query Name: message", the form editors and CI
// logs link to.
func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: query %s: %s", p.File, p.Line, p.Query, p.Msg)
}

// ResultType describes a Go struct that rows are scanned into, for
// checking the queries that name it with "-- returns: TypeName". The
// schema package builds them from Go source (schema.LoadResultTypes) or
// from values (schema.ResultTypes).
type ResultType struct {
	// Name is the type's name; a query's returns line names it as Name or
	// as Package.Name.
	Name    string
	Package string
	// Source is where the type is declared, for messages.
	Source string
	Fields []ResultField
	// Err is set when rows cannot be scanned into the type at all (two
	// fields map to one column); a query that names it reports it.
	Err error
}

// ResultField is a field of a [ResultType], under the column name the
// scanner binds it to.
type ResultField struct {
	Column string
	// Source names the field in messages: "models/user.go:14: field Email"
	// or "models.User.Email".
	Source string
	// GoType spells the field's type: "*string".
	GoType string
	// SQLType is the column type the Go type maps to in a model ("bigint",
	// "text", "timestamptz", "text[]"), or "" when it has none (a custom
	// Scanner), in which case its type is not checked.
	SQLType string
	// Nullable is whether the field can hold NULL (a pointer, sql.Null*,
	// pgtype.*, or a field under a pointer to struct).
	Nullable bool
}

// Report is the result of [Describe]: every query described, every
// problem found.
type Report struct {
	Queries  []Description
	Problems []Problem
	// Notes are worth knowing but not wrong: an :exec query that returns
	// rows (the call works; sqlc allows it too), the columns a * brings in
	// that no field of the result type reads.
	Notes []Problem
}

// Option configures [Vet] and [Describe].
type Option func(*config)

type config struct {
	types   []ResultType
	checkRT bool
	only    map[string]bool
}

// WithOnly checks only the queries with these names (all of them when
// none is given); the CLI's vet NAME... and queries NAME....
func WithOnly(names ...string) Option {
	return func(c *config) {
		if len(names) == 0 {
			return
		}
		c.only = map[string]bool{}
		for _, n := range names {
			c.only[n] = true
		}
	}
}

// WithResultTypes checks the result columns of every query that has a
// "-- returns: TypeName" line against the named type: every column must
// have a field, whose Go type can hold the column's type, and a column
// that can be NULL needs a field that can hold NULL. Without this option
// returns lines are not checked.
func WithResultTypes(types ...ResultType) Option {
	return func(c *config) {
		c.types = append(c.types, types...)
		c.checkRT = true
	}
}

// Check prepares every query of qs on conn and returns what is wrong with
// them, all of them, in file and line order: SQL that PostgreSQL rejects
// (at the line of the file the error points to), a parameter used with two
// incompatible types, a :one or :many query that returns no columns, an
// :exec or :execrows query that returns some, and with [WithResultTypes]
// result columns that do not fit the struct their returns line names.
//
// conn should hold the schema the queries run against (the migrations
// applied) and not be inside a transaction, which the first error would
// abort. Statements are prepared unnamed, so nothing is left on the
// server. A failure to talk to the server is reported as a problem of the
// query being prepared when it happened, and ends the run.
func Check(ctx context.Context, conn *pgx.Conn, qs *sqlmap.Queries, opts ...Option) []Problem {
	r, err := Describe(ctx, conn, qs, opts...)
	if err != nil {
		var ve *Error
		if errors.As(err, &ve) {
			return append(ve.Report.Problems, Problem{Query: ve.Query.Name, File: ve.Query.File, Line: ve.Query.Line, Msg: ve.Err.Error(), Err: ve.Err})
		}
		return []Problem{{Msg: err.Error(), Err: err}}
	}
	return r.Problems
}

// Error is a failure that stopped [Describe]: the connection failed,
// not a query. Report holds what was found before.
type Error struct {
	Query  *sqlmap.Query // the query being prepared, or nil
	Report *Report
	Err    error
}

func (e *Error) Error() string {
	if e.Query == nil {
		return fmt.Sprintf("sqlmap: vet: %v", e.Err)
	}
	return fmt.Sprintf("sqlmap: vet: query %s (%s:%d): %v", e.Query.Name, e.Query.File, e.Query.Line, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Describe prepares every query of qs on conn, as [Vet] does, and returns
// the parameter and result types of those that prepare, along with the
// problems. The error is a [*Error] when the server could not be asked.
func Describe(ctx context.Context, conn *pgx.Conn, qs *sqlmap.Queries, opts ...Option) (*Report, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	r := &Report{}
	var sds []*pgconn.StatementDescription
	for _, q := range qs.All() {
		if cfg.only != nil && !cfg.only[q.Name] {
			continue
		}
		sd, err := conn.PgConn().Prepare(ctx, "", q.SQL, nil)
		var pe *pgconn.PgError
		switch {
		case errors.As(err, &pe):
			r.Problems = append(r.Problems, pgProblem(q, pe))
			continue
		case err != nil:
			return nil, &Error{Query: q, Report: r, Err: err}
		}
		r.Queries = append(r.Queries, Description{Query: q})
		sds = append(sds, sd)
	}
	cat, err := readCatalog(ctx, conn, sds)
	if err != nil {
		return nil, &Error{Report: r, Err: err}
	}
	for i := range r.Queries {
		d := &r.Queries[i]
		cat.describe(d, sds[i])
		problems, notes := cfg.check(d, cat)
		r.Problems = append(r.Problems, problems...)
		r.Notes = append(r.Notes, notes...)
	}
	sortProblems(r.Problems)
	sortProblems(r.Notes)
	return r, nil
}

func sortProblems(ps []Problem) {
	// Stable insertion by (file, line): reports are short.
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && (ps[j].File < ps[j-1].File || ps[j].File == ps[j-1].File && ps[j].Line < ps[j-1].Line); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

var positionalRef = regexp.MustCompile(`\$[0-9]+`)

// pgProblem turns PostgreSQL's refusal to prepare q into a Problem at the
// line the error points to, with "$n" in the message spelled as the
// parameter the file names (":user_id"), since that is what the user wrote.
func pgProblem(q *sqlmap.Query, pe *pgconn.PgError) Problem {
	line := q.Line
	if pe.Position > 0 {
		line = q.LineOf(int(pe.Position))
	}
	msg := paramNames(q, pe.Message)
	if pe.Detail != "" {
		msg += " (" + paramNames(q, pe.Detail) + ")"
	}
	msg += " [SQLSTATE " + pe.Code + "]"
	switch pe.Code {
	case "42P08": // inconsistent types deduced for parameter
		msg += ": the parameter is used where two different types are expected; cast one use, or pass two parameters"
	case "42P18": // could not determine data type of parameter
		msg += ": add a cast, such as :name::text"
	default:
		if pe.Hint != "" {
			msg += "; hint: " + paramNames(q, pe.Hint)
		}
	}
	return Problem{Query: q.Name, File: q.File, Line: line, Msg: msg, Err: pe}
}

func paramNames(q *sqlmap.Query, s string) string {
	if q.Params == nil {
		return s
	}
	return positionalRef.ReplaceAllStringFunc(s, func(ref string) string {
		n, err := strconv.Atoi(ref[1:])
		if err != nil || n < 1 || n > len(q.Params) {
			return ref
		}
		return ":" + q.Params[n-1]
	})
}

func (c *config) check(d *Description, cat *catalog) (problems, notes []Problem) {
	q := d.Query
	add := func(to *[]Problem, format string, args ...any) {
		*to = append(*to, Problem{Query: q.Name, File: q.File, Line: q.Line, Msg: fmt.Sprintf(format, args...)})
	}
	switch {
	case (q.Kind == sqlmap.KindOne || q.Kind == sqlmap.KindMany) && len(d.Columns) == 0:
		add(&problems, "declared :%s but returns no columns: add RETURNING, or declare it :exec", q.Kind)
	case (q.Kind == sqlmap.KindExec || q.Kind == sqlmap.KindExecRows) && len(d.Columns) > 0:
		// SELECT pg_advisory_lock(...) as :exec is common and works:
		// DB.Exec discards the rows.
		add(&notes, "declared :%s but returns columns (%s), which DB.Exec discards: declare it :one or :many to read them", q.Kind, columnNames(d.Columns))
	}
	if q.Returns == "" || !c.checkRT || len(d.Columns) == 0 {
		// A query that names its result type is covered by the note
		// that asks for --models; this one is for queries without one.
		if q.Returns == "" && q.SelectsStar() && len(d.Columns) > 0 && q.Kind != sqlmap.KindExec && q.Kind != sqlmap.KindExecRows {
			add(&notes, "selects * (%s): a column a migration adds is skipped by a struct without a field for it; name the result type with -- returns: to check which are read", columnNames(d.Columns))
		}
		return problems, notes
	}
	rt, err := c.resultType(q.Returns)
	if err == nil {
		err = rt.Err
	}
	if err != nil {
		add(&problems, "returns %s: %v", q.Returns, err)
		return problems, notes
	}
	fields := make(map[string]*ResultField, len(rt.Fields))
	for i := range rt.Fields {
		fields[rt.Fields[i].Column] = &rt.Fields[i]
	}
	seen := map[string]bool{}
	var unread []string
	for _, col := range d.Columns {
		if seen[col.Name] {
			add(&problems, "column %q appears twice: alias one of them", col.Name)
			continue
		}
		seen[col.Name] = true
		f, ok := fields[col.Name]
		switch {
		case !ok && q.SkipsColumn(col.Name):
			unread = append(unread, col.Name)
			continue
		case !ok:
			add(&problems, "column %q has no field in %s: add one (or a db tag), or alias the column", col.Name, rt.Name)
			continue
		}
		if ok, known := cat.holds(f.SQLType, col.OID); known && !ok {
			add(&problems, "column %q is %s, which %s (%s) cannot hold", col.Name, col.Type, f.Source, f.GoType)
		}
		if col.Null == Nullable && !f.Nullable {
			add(&problems, "column %q can be NULL (%s allows NULL) but %s is %s: use a pointer, a sql.Null type or a pgtype type, or coalesce", col.Name, col.Source, f.Source, f.GoType)
		}
	}
	if len(unread) > 0 {
		add(&notes, "selects *: %s no field of %s reads (skipped at run time)", strings.Join(quoteAll(unread), ", "), rt.Name)
	}
	return problems, notes
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strconv.Quote(n)
	}
	return out
}

func (c *config) resultType(name string) (*ResultType, error) {
	pkg, typ, qualified := strings.Cut(name, ".")
	if !qualified {
		pkg, typ = "", name
	}
	var found []*ResultType
	for i := range c.types {
		t := &c.types[i]
		if t.Name == typ && (pkg == "" || t.Package == pkg) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no struct type %s in the models", name)
	case 1:
		return found[0], nil
	}
	var where []string
	for _, t := range found {
		where = append(where, t.Package+"."+t.Name+" ("+t.Source+")")
	}
	return nil, fmt.Errorf("%s is ambiguous: %s; qualify it with its package", name, strings.Join(where, ", "))
}

func columnNames(cols []Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}
