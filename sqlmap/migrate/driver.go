package migrate

import (
	"errors"
	"io"
	"strings"

	"github.com/golang-migrate/migrate/v4/database"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// txDriver wraps golang-migrate's pgx driver to honour the
// NoTransactionDirective. A file without it goes to the driver whole: one
// simple-protocol Exec, which PostgreSQL runs as one implicit transaction,
// so a statement failing halfway leaves nothing of the file behind. A file
// with it is split with sqlmap's lexer (which, unlike golang-migrate's
// multi-statement mode, does not split inside function bodies or strings)
// and run one statement at a time.
type txDriver struct {
	database.Driver
}

// stmtError is a statement of a no-transaction file that failed, with the
// line it starts on, so the error can point into the file.
type stmtError struct {
	line int
	err  error
}

func (e *stmtError) Error() string { return e.err.Error() }
func (e *stmtError) Unwrap() error { return e.err }

func (d *txDriver) Run(r io.Reader) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	src := string(body)
	if !hasNoTxDirective(src) {
		return d.Driver.Run(strings.NewReader(src))
	}
	stmts, err := sqlmap.SplitStatements("", src)
	if err != nil {
		return err
	}
	for _, s := range stmts {
		if err := d.Driver.Run(strings.NewReader(s.SQL)); err != nil {
			return &stmtError{line: s.Line, err: err}
		}
	}
	return nil
}

// errorLine digs the line of a failure out of the driver's error: the
// driver reports it relative to what it ran, which for a no-transaction
// file is one statement.
func errorLine(err error) (int, error) {
	base := 1
	var se *stmtError
	if errors.As(err, &se) {
		base = se.line
	}
	var de database.Error
	if errors.As(err, &de) {
		cause := de.OrigErr
		if cause == nil {
			cause = errors.New(de.Err)
		}
		if de.Line > 0 {
			return base + int(de.Line) - 1, cause
		}
		if se != nil {
			return se.line, cause
		}
		return 0, cause
	}
	if se != nil {
		return se.line, se.err
	}
	return 0, err
}
