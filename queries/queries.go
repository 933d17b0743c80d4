// Package queries holds the example application's named SQL, embedded so
// the quickstart and the tests load it with sqlmap.Load(queries.FS).
package queries

import "embed"

// FS holds every .sql file of this folder.
//
//go:embed *.sql
var FS embed.FS
