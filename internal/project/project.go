package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// FileName is the project file's name.
const FileName = "sqlmap.toml"

// Keys are the settings a project file may hold, in the order they are
// written and printed.
var Keys = []string{"migrations", "queries", "models", "schema"}

// pathKeys are the settings that are folders or package patterns,
// relative to the project file's folder.
var pathKeys = map[string]bool{"migrations": true, "queries": true, "models": true}

// File is a parsed project file.
type File struct {
	// Path is where the file was read from.
	Path string
	// Values are its settings, as written (paths relative to the file's
	// folder): use Resolved for paths a process can open.
	Values map[string]string
	// Lines are the line numbers the settings were read from.
	Lines map[string]int
}

// Dir is the folder the project file is in: the project's root.
func (f *File) Dir() string { return filepath.Dir(f.Path) }

// Resolved is the value of key with a relative path made relative to wd
// (the folder the process runs in), so that a command run from a
// subfolder finds the project's folders; other values are as written.
// The second result is false when the file does not set key.
func (f *File) Resolved(key, wd string) (string, bool) {
	v, ok := f.Values[key]
	if !ok || !pathKeys[key] || filepath.IsAbs(v) {
		return v, ok
	}
	// A package pattern keeps its ./ (go/packages reads "models" as a
	// standard-library path) and its /... suffix.
	rest, suffix := v, ""
	if strings.HasSuffix(rest, "/...") {
		rest, suffix = strings.TrimSuffix(rest, "/..."), "/..."
	}
	abs := filepath.Join(f.Dir(), filepath.FromSlash(rest))
	// Relative from a folder of the project (../../db/migrations from
	// cmd/server), absolute from anywhere else.
	up, err := filepath.Rel(wd, f.Dir())
	if err != nil || strings.Trim(strings.ReplaceAll(filepath.ToSlash(up), "..", ""), "/.") != "" {
		return filepath.ToSlash(abs) + suffix, true
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil {
		return abs + suffix, true
	}
	if key == "models" && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel) {
		rel = "." + string(filepath.Separator) + rel
		if rel == "./." {
			rel = "."
		}
	}
	return filepath.ToSlash(rel) + suffix, true
}

// A SyntaxError is a line of a project or .env file that does not parse.
type SyntaxError struct {
	File string
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Find looks for the project file in dir and each folder above it, as
// the go command looks for go.mod, and parses the first one found. It
// returns nil and no error when there is none.
func Find(dir string) (*File, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for {
		p := filepath.Join(dir, FileName)
		data, err := os.ReadFile(p)
		switch {
		case err == nil:
			return Parse(p, data)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("reading the project file: %w", err)
		}
		up := filepath.Dir(dir)
		if up == dir {
			return nil, nil
		}
		dir = up
	}
}

// Parse reads a project file's text; name is used in errors.
func Parse(name string, data []byte) (*File, error) {
	f := &File{Path: name, Values: map[string]string{}, Lines: map[string]int{}}
	var errs []error
	for i, line := range lines(data) {
		n := i + 1
		key, val, err := parseLine(line)
		if err != nil {
			errs = append(errs, &SyntaxError{File: name, Line: n, Msg: err.Error()})
			continue
		}
		if key == "" {
			continue
		}
		if !slices.Contains(Keys, key) {
			errs = append(errs, &SyntaxError{File: name, Line: n, Msg: fmt.Sprintf("unknown setting %q (known: %s)", key, strings.Join(Keys, ", "))})
			continue
		}
		if prev, dup := f.Lines[key]; dup {
			errs = append(errs, &SyntaxError{File: name, Line: n, Msg: fmt.Sprintf("%s is set twice (first on line %d)", key, prev)})
			continue
		}
		if val == "" {
			errs = append(errs, &SyntaxError{File: name, Line: n, Msg: fmt.Sprintf("%s is empty: remove the line to use the default", key)})
			continue
		}
		f.Values[key], f.Lines[key] = val, n
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return f, nil
}

// lines splits text at \n, \r\n or a bare \r, after a byte order mark.
func lines(data []byte) []string {
	s := strings.TrimPrefix(string(data), "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
}

// parseLine reads one line of the TOML subset: blank, a comment, or
// key = "value" with an optional comment after it. The key is "" for a
// line that sets nothing.
func parseLine(line string) (key, val string, err error) {
	s := strings.TrimSpace(line)
	if s == "" || s[0] == '#' {
		return "", "", nil
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "", "", errors.New("holds a NUL byte")
	}
	if s[0] == '[' {
		return "", "", fmt.Errorf("tables (%s) are not used in sqlmap.toml: write the settings at the top level", s)
	}
	eq := strings.IndexByte(s, '=')
	if eq < 0 {
		return "", "", errors.New(`want key = "value"`)
	}
	key = strings.TrimSpace(s[:eq])
	if !bareKey(key) {
		return "", "", fmt.Errorf("%q is not a setting name (letters, digits, _ and -)", key)
	}
	rest := strings.TrimSpace(s[eq+1:])
	val, tail, err := parseString(rest)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", key, err)
	}
	if tail = strings.TrimSpace(tail); tail != "" && tail[0] != '#' {
		return "", "", fmt.Errorf("%s: unexpected %q after the value", key, tail)
	}
	return key, val, nil
}

func bareKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// parseString reads a TOML basic ("...") or literal ('...') string at the
// start of s and returns it and what follows.
func parseString(s string) (val, rest string, err error) {
	if s == "" {
		return "", "", errors.New(`no value: write it in quotes, e.g. "db/migrations"`)
	}
	switch s[0] {
	case '\'':
		if strings.HasPrefix(s, "'''") {
			return "", "", errors.New("multi-line strings are not used in sqlmap.toml")
		}
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return "", "", errors.New("the string is not closed")
		}
		return s[1 : 1+end], s[2+end:], nil
	case '"':
		if strings.HasPrefix(s, `"""`) {
			return "", "", errors.New("multi-line strings are not used in sqlmap.toml")
		}
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				v, err := strconv.Unquote(s[:i+1])
				if err != nil {
					return "", "", fmt.Errorf("bad escape in %s", s[:i+1])
				}
				return v, s[i+1:], nil
			}
		}
		return "", "", errors.New("the string is not closed")
	}
	return "", "", fmt.Errorf("%s is not a quoted string: write it in quotes", strings.Fields(s)[0])
}

// Render is the text of a project file holding values (keys in Keys
// order, missing ones left out), with a header saying what it is.
func Render(values map[string]string) string {
	var b strings.Builder
	b.WriteString("# sqlmap's project file: where the migrations, queries and models are.\n")
	b.WriteString("# Found by walking up from the working folder, like go.mod; paths are\n")
	b.WriteString("# relative to this file. Environment variables (SQLMAP_MIGRATIONS, ...)\n")
	b.WriteString("# and flags override it. No secrets here: the database URL comes from\n")
	b.WriteString("# DATABASE_URL, or a .env file next to this one.\n")
	for _, k := range Keys {
		if v, ok := values[k]; ok {
			fmt.Fprintf(&b, "%s = %s\n", k, strconv.Quote(v))
		}
	}
	return b.String()
}
