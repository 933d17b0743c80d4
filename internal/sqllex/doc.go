// Package sqllex reads SQL text the way PostgreSQL's scanner does, for the
// two readers of SQL files: query files (package sqlmap), where it finds
// the headers' comments and the :name, @name, sqlc.arg(name) and $n
// parameters, and migration files (package migrate), which [Split] cuts
// into statements. Strings, quoted identifiers, dollar-quoted bodies and
// comments are skipped whole, so nothing inside them is taken for a
// parameter or a statement's end.
//
// It follows PostgreSQL's scanner (scan.l) where readers could disagree:
// strings continued across a newline keep their escape mode, names may
// hold '$', a -- comment ends at a carriage return too, an '@' glued to
// an operator is part of it, ':' inside a subscript is a slice bound. It
// keeps nothing per token ([Scan] calls back for each), so memory grows
// with what a reader keeps, not with the text.
//
// It sits below both so that the migration runner does not link the
// query runtime, and so that both read a file alike: a statement boundary
// the runner sees is one the query loader would see.
package sqllex
