// Package migrate runs a folder of numbered NNNNNN_name.up.sql /
// .down.sql files against PostgreSQL, with golang-migrate as the runner
// and a ledger of sqlmap's own beside golang-migrate's version, so that
// every file is applied exactly once whatever happens to the process, the
// connection or the server.
//
// golang-migrate keeps one row, a version and a dirty flag; the ledger
// (table sqlmap_migrations) keeps one row per migration applied: its name,
// the checksum of its up file, when, how long, by whom. For a file that
// runs in one transaction, the row is turned to applied inside that
// transaction, so a dirty version left by a crash is settled from the
// ledger alone ([Migrator.Recover]); a file that fails and rolls back
// leaves the database clean. The same rows let [Migrator.Up] refuse what
// a version number cannot see: a migration below the version that never
// ran (merged from a branch late: [OutOfOrderError], [WithAllowOutOfOrder],
// [Renumber]), an applied file edited since ([EditedError]), migrations
// the folder lacks ([AheadError]).
//
// golang-migrate's schema_migrations is written exactly as its pgx driver
// writes it, and the lock is its advisory lock, so its own CLI still works
// on the same database; a database it migrated is adopted on first use.
// The lock is taken by trying rather than waiting, so that a file with
// CREATE INDEX CONCURRENTLY does not deadlock with runs waiting for it.
//
// A program runs its embedded folder at start-up with [Up]; [Open] gives
// the [Migrator] behind the CLI, and [ReadStatus] what the CLI's status
// command shows. [NextPair] and [Pair.Write] write the next numbered pair
// of files, whole or not at all.
package migrate
