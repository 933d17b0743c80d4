// Package migrations holds the example application's migrations, embedded
// so a program can run them at start-up with migrate.Up(ctx, url, migrations.FS).
package migrations

import "embed"

// FS holds every .sql file of this folder.
//
//go:embed *.sql
var FS embed.FS
