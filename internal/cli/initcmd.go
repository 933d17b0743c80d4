package cli

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sqlmap-go/sqlmap/internal/project"
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

const exampleModels = `// Package models holds the application's model structs: sqlmap
// new-migration drafts migrations from them (as flask db migrate does from
// SQLAlchemy models), and sqlmap.One[models.User] scans rows into them.
package models

import "time"

// User is an example: edit it (or add your own structs), then run
// sqlmap new-migration NAME to draft the migration that creates or
// changes its table.
//
//sqlmap:table users
type User struct {
	ID        int64     ` + "`" + `db:"id" sqlmap:"pk,identity"` + "`" + `
	Username  string    ` + "`" + `db:"username" sqlmap:"type=varchar(80),unique"` + "`" + `
	Email     string    ` + "`" + `db:"email" sqlmap:"type=varchar(120),unique"` + "`" + `
	CreatedAt time.Time ` + "`" + `db:"created_at" sqlmap:"default=now()"` + "`" + `
}
`

// initFile is one file init writes. A file that exists is kept (own
// says init may replace it: it is init's own db.go for another package).
type initFile struct {
	path, body string
	keep       bool // an existing file is kept; else init refuses
}

func newInitCmd(s *settings) *cobra.Command {
	var (
		pkg, nsp string
		fromDB   bool
	)
	f := &dbFlags{s: s}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start a project: DIR/queries/, DIR/migrations/, DIR/db.go, models/ and sqlmap.toml (like flask db init)",
		Long: `Create, in DIR (default: db), a queries/ folder with an example query file, an
empty migrations/ folder and a db.go that embeds both (package DIR, so that it
builds next to a main package); a models/ package with an example User model
(unless models/ exists); and the project file sqlmap.toml, which tells every
sqlmap command run in this folder or below where these are.

Files that exist are kept, never overwritten; init refuses, writing nothing,
only when an existing db.go or sqlmap.toml differs from what it would write
(a db.go init wrote for another package name is rewritten).`,
		Example: `  sqlmap init
  sqlmap init internal/db
  sqlmap init . --package main`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "db"
			if len(args) == 1 {
				dir = args[0]
			}
			var pull func(modelsFile, migrations string) error
			if fromDB {
				url, err := f.url()
				if err != nil {
					return err
				}
				pull = func(modelsFile, migrations string) error {
					return pullInto(cmd.Context(), cmd.OutOrStdout(), url, nsp, modelsFile, "", migrations, true, false)
				}
			}
			return runInit(cmd.OutOrStdout(), s.root(), dir, pkg, pull)
		},
	}
	cmd.Flags().StringVar(&pkg, "package", "", "package name of db.go (default: the folder's existing package, else its name)")
	cmd.Flags().BoolVar(&fromDB, "from-database", false, "adopt the database of --database-url: models/ written from its tables (sqlmap models pull) and its schema as migration 000001_baseline, recorded as applied without running it")
	cmd.Flags().StringVar(&f.databaseURL, "database-url", "", "with --from-database: the PostgreSQL URL (default: env SQLMAP_DATABASE_URL, else DATABASE_URL, else either in .env)")
	cmd.Flags().StringVar(&nsp, "schema", "", "with --from-database: the schema to adopt, instead of the connection's current one")
	return cmd
}

// runInit lays the project out in root; with pull, the models come from
// the database (and the baseline migration with them) instead of the
// example, after every refusal init can make and before it writes.
func runInit(out io.Writer, root, dir, pkg string, pull func(modelsFile, migrations string) error) error {
	if pkg != "" && !token.IsIdentifier(pkg) {
		return fmt.Errorf("init: --package %q is not a Go package name (letters, digits and _, not starting with a digit, not a keyword); nothing was written", pkg)
	}
	at := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(root, p)
	}
	if pkg == "" {
		var err error
		if pkg, err = packageName(at(dir)); err != nil {
			return fmt.Errorf("init: %w", err)
		}
	}
	// The project file names the folders relative to itself.
	rel := dir
	if filepath.IsAbs(dir) {
		if r, err := filepath.Rel(root, dir); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
	}
	rel = filepath.ToSlash(filepath.Clean(rel))
	files := []initFile{
		{filepath.Join(dir, "queries", "example.sql"), exampleQueries, true},
		{filepath.Join(dir, "migrations", ".keep"), "", true},
		{filepath.Join(dir, "db.go"), fmt.Sprintf(dbGoTemplate, pkg), false},
		{filepath.Join("models", "models.go"), exampleModels, true},
		{project.FileName, project.Render(map[string]string{
			"migrations": path.Join(rel, "migrations"),
			"queries":    path.Join(rel, "queries"),
			"models":     "./models",
		}), false},
	}
	if pull != nil {
		files = slices.DeleteFunc(files, func(f initFile) bool { return f.body == exampleModels })
	}
	todo, kept, err := planInit(files, at)
	if err != nil {
		return err
	}
	if pull != nil {
		if err := pull(fromWD(at(filepath.Join("models", "models.go"))), fromWD(at(filepath.Join(dir, "migrations")))); err != nil {
			return err
		}
	}
	for _, k := range kept {
		fmt.Fprintln(out, k)
	}
	if err := writeInit(out, todo, at, pkg); err != nil {
		return err
	}
	if needsGoGet(root) {
		fmt.Fprintln(out, "next: go get github.com/sqlmap-go/sqlmap@latest")
	}
	if pull != nil {
		return nil // the pull said what comes next
	}
	fmt.Fprintf(out, "next: edit the models in models/, then draft their migration and apply it:\n"+
		"  sqlmap new-migration create_users\n"+
		"  sqlmap migrate up\n"+
		"(the database: DATABASE_URL, or a .env file next to %s; sqlmap config shows every setting)\n", project.FileName)
	return nil
}

// writeInit writes init's files, each whole or not at all; a failure
// removes those written before it.
func writeInit(out io.Writer, todo []initFile, at func(string) string, pkg string) error {
	var written []string
	undo := func() {
		for _, p := range written {
			_ = os.Remove(p)
		}
	}
	for _, f := range todo {
		p := at(f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			undo()
			return fmt.Errorf("init: %w", err)
		}
		if _, err := os.Stat(p); err == nil {
			// init's own db.go for another package: replaced whole.
			if err := replaceFile(p, []byte(f.body)); err != nil {
				undo()
				return fmt.Errorf("init: %w (nothing was written)", err)
			}
			fmt.Fprintf(out, "rewrote %s (package %s)\n", f.path, pkg)
			continue
		}
		if err := migrate.CreateFile(p, []byte(f.body)); err != nil {
			undo()
			return fmt.Errorf("init: %w (nothing was written)", err)
		}
		written = append(written, p)
		fmt.Fprintf(out, "created %s\n", f.path)
	}
	return nil
}

// planInit sorts init's files into those to write and those kept, or
// refuses, before anything is written.
func planInit(files []initFile, at func(string) string) (todo []initFile, kept []string, err error) {
	for _, f := range files {
		p := at(f.path)
		if f.path == filepath.Join("models", "models.go") {
			if _, err := os.Stat(filepath.Dir(p)); err == nil {
				kept = append(kept, "kept models/ (it exists): new-migration reads the models there")
				continue
			}
		}
		old, err := os.ReadFile(p)
		switch {
		case errors.Is(err, os.ErrNotExist):
			todo = append(todo, f)
			continue
		case err != nil:
			return nil, nil, fmt.Errorf("init: %w", err)
		case string(old) == f.body:
			continue // already as init would write it
		case f.keep:
			kept = append(kept, fmt.Sprintf("kept %s (it exists)", f.path))
			continue
		case filepath.Base(f.path) == "db.go" && initsOwnDBGo(p, old):
			todo = append(todo, f)
			continue
		}
		return nil, nil, fmt.Errorf("init: %s exists and differs from what init would write; init never overwrites, so nothing was written (move it away to have it written again)", f.path)
	}
	return todo, kept, nil
}

// initsOwnDBGo reports whether data is a db.go init wrote, for whatever
// package: replacing it loses nothing.
func initsOwnDBGo(path string, data []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), path, data, parser.PackageClauseOnly)
	if err != nil {
		return false
	}
	return string(data) == fmt.Sprintf(dbGoTemplate, f.Name.Name)
}

// needsGoGet reports whether the module root has a go.mod that does not
// require sqlmap yet: db.go would not build until it does.
func needsGoGet(root string) bool {
	for dir := root; ; {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			return !strings.Contains(string(data), "github.com/sqlmap-go/sqlmap")
		}
		up := filepath.Dir(dir)
		if up == dir {
			return false
		}
		dir = up
	}
}

// packageName is the package of the Go files already in dir, so db.go
// joins it; else the folder's name, made an identifier (db if nothing is
// left of it).
func packageName(dir string) (string, error) {
	have, err := existingPackage(dir)
	if err != nil || have != "" {
		return have, err
	}
	return folderPackage(dir, "db")
}

// existingPackage is the package of the (non-test) Go files in dir, ""
// when there are none.
func existingPackage(dir string) (string, error) {
	matches, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, m := range matches {
		if strings.HasSuffix(m, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), m, nil, parser.PackageClauseOnly)
		if err != nil {
			return "", fmt.Errorf("reading the package of %s: %w", m, err)
		}
		return f.Name.Name, nil
	}
	return "", nil
}

// folderPackage is dir's name as a package name: lower case, letters,
// digits (not first) and _; fallback when nothing usable is left.
func folderPackage(dir, fallback string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, r := range strings.ToLower(filepath.Base(abs)) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9' && b.Len() > 0) || r == '_' {
			b.WriteRune(r)
		}
	}
	if name := b.String(); token.IsIdentifier(name) && !token.IsKeyword(name) {
		return name, nil
	}
	return fallback, nil
}

// replaceFile swaps path's content for data through a temporary file
// renamed over it, so that a kill leaves the old file or the new one.
func replaceFile(path string, data []byte) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// fromWD is path relative to the working folder when it is below it, so
// that what init and pull print reads as the user typed it.
func fromWD(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
