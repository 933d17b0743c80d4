package sqlmap

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Queries is a set of named queries loaded from .sql files. It is read-only
// after loading and safe for concurrent use.
type Queries struct {
	byName map[string]*Query
	order  []*Query
}

// Get returns the query called name.
func (qs *Queries) Get(name string) (*Query, bool) {
	q, ok := qs.byName[name]
	return q, ok
}

// Names lists the query names in file order (files in lexical order, then
// queries as they appear).
func (qs *Queries) Names() []string {
	out := make([]string, len(qs.order))
	for i, q := range qs.order {
		out[i] = q.Name
	}
	return out
}

// All lists the queries in the order of [Queries.Names].
func (qs *Queries) All() []*Query { return append([]*Query(nil), qs.order...) }

// Load reads every *.sql file below the root of fsys (an embed.FS, an
// os.DirFS, an fstest.MapFS) and parses its named queries. Every problem in
// every file is reported, in one [*LoadError] of [*FileError] values, rather
// than only the first.
func Load(fsys fs.FS) (*Queries, error) {
	return load(fsys, "")
}

// LoadDir is [Load] on a folder, with file names in errors and in
// [Query.File] given relative to the working directory (queries/users.sql
// rather than users.sql).
func LoadDir(dir string) (*Queries, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("sqlmap: query folder: %w", err)
	}
	return load(os.DirFS(dir), filepath.ToSlash(dir))
}

// MustLoad is [Load] for package-level variables: it panics on error.
func MustLoad(fsys fs.FS) *Queries {
	qs, err := Load(fsys)
	if err != nil {
		panic(err)
	}
	return qs
}

func load(fsys fs.FS, prefix string) (*Queries, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".sql") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlmap: reading query files: %w", err)
	}
	var srcs []fileSource
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("sqlmap: reading query files: %w", err)
		}
		name := f
		if prefix != "" && prefix != "." {
			name = path.Join(prefix, f)
		}
		srcs = append(srcs, fileSource{name, string(b)})
	}
	return build(srcs)
}

type fileSource struct{ name, src string }

// build parses the files and checks names across them.
func build(srcs []fileSource) (*Queries, error) {
	qs := &Queries{byName: map[string]*Query{}}
	var errs []error
	for _, s := range srcs {
		parsed, err := ParseFile(s.name, s.src)
		if err != nil {
			var le *LoadError
			if errors.As(err, &le) {
				errs = append(errs, le.Errs...)
			} else {
				errs = append(errs, err)
			}
		}
		for _, q := range parsed {
			if prev, dup := qs.byName[q.Name]; dup {
				errs = append(errs, &FileError{File: q.File, Line: q.Line,
					Msg: fmt.Sprintf("duplicate query name %s (first defined at %s:%d)", q.Name, prev.File, prev.Line)})
				continue
			}
			qs.byName[q.Name] = q
			qs.order = append(qs.order, q)
		}
	}
	if len(errs) > 0 {
		return nil, &LoadError{Errs: errs}
	}
	return qs, nil
}

// NewQueries builds a set from files given as name → SQL text, for tests
// and for programs that keep their SQL in Go strings.
func NewQueries(files map[string]string) (*Queries, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	srcs := make([]fileSource, len(names))
	for i, n := range names {
		srcs[i] = fileSource{n, files[n]}
	}
	return build(srcs)
}
