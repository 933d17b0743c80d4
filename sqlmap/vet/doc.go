// Package vet checks query files against a database without running
// them: every query is prepared, so PostgreSQL itself reports unknown
// tables and columns, type mismatches and parameters it cannot type, at
// the query's file and line; and the result columns are checked against
// the Go struct a query returns into (its `-- returns: Type` line), with
// the scanner's naming and nullability.
//
// It is the checking side of sqlmap, kept out of the runtime package so
// that a program that only runs queries does not link it: the CLI's vet
// command uses it, over a database migrated by the folder (a throwaway
// one when none is given).
package vet
