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
	// source says where the queries came from, for messages.
	source string
}

// unknown is the error for a call of a name that was not loaded.
func (qs *Queries) unknown(name string) error {
	e := &UnknownQueryError{Name: name, Source: qs.source}
	if near, ok := closest(name, qs.Names()); ok {
		e.Closest = qs.byName[near]
	}
	return e
}

// Get returns the query called name.
func (qs *Queries) Get(name string) (*Query, bool) {
	q, ok := qs.byName[name]
	return q, ok
}

// Lookup returns the query called name, or an [*UnknownQueryError]
// naming the closest loaded one: what a call of the name would say.
func (qs *Queries) Lookup(name string) (*Query, error) {
	if q, ok := qs.byName[name]; ok {
		return q, nil
	}
	return nil, qs.unknown(name)
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
// than only the first; its Queries field holds the queries that did parse.
func Load(fsys fs.FS, opts ...LoadOption) (*Queries, error) {
	return load(fsys, "", "the loaded query files", opts)
}

// LoadDir is [Load] on a folder, with file names in errors and in
// [Query.File] given relative to the working directory (queries/users.sql
// rather than users.sql).
func LoadDir(dir string, opts ...LoadOption) (*Queries, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("sqlmap: query folder: %w", err)
	}
	return load(os.DirFS(dir), filepath.ToSlash(dir), strings.TrimSuffix(filepath.ToSlash(dir), "/")+"/", opts)
}

// MustLoad is [Load] for package-level variables: it panics on error.
func MustLoad(fsys fs.FS, opts ...LoadOption) *Queries {
	qs, err := Load(fsys, opts...)
	if err != nil {
		panic(err)
	}
	return qs
}

// LoadOption configures [Load] and [LoadDir].
type LoadOption func(*loadConfig)

type loadConfig struct{ maxFileSize int64 }

// DefaultMaxFileSize is the largest query file [Load] reads unless told
// otherwise: far above any hand-written file, and far below a data dump
// left in the folder, which would otherwise be read whole at start-up.
const DefaultMaxFileSize = 16 << 20

// MaxFileSize sets the largest query file, in bytes, that Load reads; a
// larger one is an error naming it. Zero or less means no limit.
func MaxFileSize(n int64) LoadOption { return func(c *loadConfig) { c.maxFileSize = n } }

// FileTooLargeError is a query file over the size limit.
type FileTooLargeError struct {
	File        string
	Size, Limit int64
}

func (e *FileTooLargeError) Error() string {
	return fmt.Sprintf("sqlmap: %s: %d bytes, over the query file limit of %d bytes (a data dump in the query folder? raise it with sqlmap.MaxFileSize)", e.File, e.Size, e.Limit)
}

func load(fsys fs.FS, prefix, source string, opts []LoadOption) (*Queries, error) {
	cfg := loadConfig{maxFileSize: DefaultMaxFileSize}
	for _, o := range opts {
		o(&cfg)
	}
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
	b := newBuilder(source)
	// One file in memory at a time: the queries keep their own copies of
	// what they need, so each file's text can go once parsed.
	for _, f := range files {
		name := f
		if prefix != "" && prefix != "." {
			name = path.Join(prefix, f)
		}
		if cfg.maxFileSize > 0 {
			info, err := fs.Stat(fsys, f)
			if err != nil {
				return nil, fmt.Errorf("sqlmap: reading query files: %w", err)
			}
			if info.Size() > cfg.maxFileSize {
				b.errs = append(b.errs, &FileTooLargeError{File: name, Size: info.Size(), Limit: cfg.maxFileSize})
				continue
			}
		}
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("sqlmap: reading query files: %w", err)
		}
		b.add(name, string(data))
	}
	return b.done()
}

// builder gathers the queries of several files and checks names across
// them.
type builder struct {
	qs   *Queries
	errs []error
}

func newBuilder(source string) *builder {
	return &builder{qs: &Queries{byName: map[string]*Query{}, source: source}}
}

func (b *builder) add(name, src string) {
	parsed, err := ParseFile(name, src)
	if err != nil {
		var le *LoadError
		if errors.As(err, &le) {
			b.errs = append(b.errs, le.Errs...)
		} else {
			b.errs = append(b.errs, err)
		}
	}
	for _, q := range parsed {
		if prev, dup := b.qs.byName[q.Name]; dup {
			b.errs = append(b.errs, &FileError{File: q.File, Line: q.Line,
				Msg: fmt.Sprintf("duplicate query name %s (first defined at %s:%d)", q.Name, prev.File, prev.Line)})
			continue
		}
		b.qs.byName[q.Name] = q
		b.qs.order = append(b.qs.order, q)
	}
}

func (b *builder) done() (*Queries, error) {
	if len(b.errs) > 0 {
		return nil, &LoadError{Errs: b.errs, Queries: b.qs}
	}
	return b.qs, nil
}

// NewQueries builds a set from files given as name → SQL text, for tests
// and for programs that keep their SQL in Go strings.
func NewQueries(files map[string]string) (*Queries, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	b := newBuilder("the given query files")
	for _, n := range names {
		b.add(n, files[n])
	}
	return b.done()
}
