// Package bookkeeping names the tables migrations keep their records in,
// in one place, so that the schema reader can leave them out and the
// migration runner can write them: golang-migrate's version table and
// sqlmap's ledger beside it. Neither is ever a managed table: drafting a
// migration never drops or alters them.
package bookkeeping

// VersionTable is golang-migrate's one-row table: the version and a dirty
// flag. sqlmap writes it exactly as golang-migrate's pgx driver does, so
// golang-migrate's own CLI keeps working on the same database.
const VersionTable = "schema_migrations"

// LedgerTable is sqlmap's record of every migration applied: one row per
// version, written in the same transaction as the file's statements.
const LedgerTable = "sqlmap_migrations"

// Is reports whether a table of that name is bookkeeping, not a model's.
func Is(table string) bool { return table == VersionTable || table == LedgerTable }

// NoTransactionDirective, as the first line of a migration file, makes
// the runner send its statements one by one outside a transaction (for
// CREATE INDEX CONCURRENTLY): the runner reads it, and drafts of online
// migrations write it.
const NoTransactionDirective = "-- sqlmap:no-transaction"
