package sqlmap

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// replan reports whether a call that failed with err, on its attempt-th
// try (0 for the first), may be sent again. It may when PostgreSQL
// refused a cached prepared statement because the result's columns
// changed (a migration added one to the table of a SELECT *): pgx has
// dropped the statement from the connection's cache by then, and
// PostgreSQL refuses it before running anything, so the next try
// prepares afresh and runs once. Not inside a transaction, which the
// error has aborted. On a pool each connection holds its own cache, so
// each may fail once: at most as many tries as connections.
func (db *DB) replan(err error, attempt int) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "0A000" || !strings.Contains(pe.Message, "cached plan must not change result type") {
		return false
	}
	switch c := db.q.(type) {
	case *pgxpool.Pool:
		return attempt < int(c.Stat().MaxConns())
	case *pgx.Conn:
		return attempt == 0 && c.PgConn().TxStatus() == 'I'
	case *pgxpool.Conn:
		return attempt == 0 && c.Conn().PgConn().TxStatus() == 'I'
	}
	return false
}
