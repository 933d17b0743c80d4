package cli

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

const exampleQueries = `-- Named queries: each starts with a "-- name: Name :kind" header, and is
-- called by name: sqlmap.One[User](ctx, db, "GetUser", sqlmap.Args{"id": 1}).
-- Kinds: :one, :many, :exec, :execrows. Parameters: :name (or @name).

-- name: Now :one
-- The server's clock: replace with your own queries.
SELECT now();
`

const dbGoTemplate = `// Package %[1]s embeds the application's SQL: the named queries of queries/
// and the migrations of migrations/, so the binary carries them.
package %[1]s

import (
	"embed"
	"io/fs"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

//go:embed queries/*.sql
var queryFiles embed.FS

//go:embed all:migrations
var migrationFiles embed.FS

// Queries parses the named queries (once per call: keep the result).
func Queries() (*sqlmap.Queries, error) {
	sub, err := fs.Sub(queryFiles, "queries")
	if err != nil {
		return nil, err
	}
	return sqlmap.Load(sub)
}

// Migrations is the migrations folder, for migrate.Up(ctx, url, Migrations()).
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // cannot happen: the folder is embedded above
	}
	return sub
}
`

func newInitCmd() *cobra.Command {
	var pkg string
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Create queries/ (with an example), migrations/ and a db.go embedding both",
		Long: `Create, in DIR (default: the current folder), a queries/ folder with an example
query file, an empty migrations/ folder and a db.go that embeds both. Nothing that
exists is overwritten: init refuses, naming the file, and writes nothing.`,
		Example: `  sqlmap init
  sqlmap init internal/db`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			if pkg != "" && !token.IsIdentifier(pkg) {
				return fmt.Errorf("init: --package %q is not a Go package name (letters, digits and _, not starting with a digit, not a keyword); nothing was written", pkg)
			}
			if pkg == "" {
				var err error
				if pkg, err = packageName(dir); err != nil {
					return err
				}
			}
			files := []struct{ path, body string }{
				{filepath.Join(dir, "queries", "example.sql"), exampleQueries},
				{filepath.Join(dir, "migrations", ".keep"), ""},
				{filepath.Join(dir, "db.go"), fmt.Sprintf(dbGoTemplate, pkg)},
			}
			for _, f := range files {
				if _, err := os.Lstat(f.path); err == nil {
					return fmt.Errorf("init: %s exists; init never overwrites, so nothing was written", f.path)
				} else if !errors.Is(err, os.ErrNotExist) {
					return fmt.Errorf("init: %w", err)
				}
			}
			var written []string
			undo := func() {
				for _, p := range written {
					_ = os.Remove(p)
				}
			}
			for _, f := range files {
				if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
					undo()
					return fmt.Errorf("init: %w", err)
				}
				if err := migrate.CreateFile(f.path, []byte(f.body)); err != nil {
					undo()
					return fmt.Errorf("init: %w (nothing was written)", err)
				}
				written = append(written, f.path)
			}
			out := cmd.OutOrStdout()
			for _, p := range written {
				fmt.Fprintf(out, "created %s\n", p)
			}
			fmt.Fprintf(out, "next: sqlmap new-migration create_tables --empty --migrations %s\n", filepath.Join(dir, "migrations"))
			return nil
		},
	}
	cmd.Flags().StringVar(&pkg, "package", "", "package name of db.go (default: the folder's existing package, else its name)")
	return cmd
}

// packageName is the package of the Go files already in dir, so db.go
// joins it; else the folder's name, made an identifier.
func packageName(dir string) (string, error) {
	matches, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, m := range matches {
		if strings.HasSuffix(m, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), m, nil, parser.PackageClauseOnly)
		if err != nil {
			return "", fmt.Errorf("init: reading the package of %s: %w", m, err)
		}
		return f.Name.Name, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("init: %w", err)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(filepath.Base(abs)) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9' && b.Len() > 0) || r == '_' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "db", nil
	}
	return b.String(), nil
}
