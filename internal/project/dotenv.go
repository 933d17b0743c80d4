package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DotEnvName is the name of the file next to the project file that may
// hold the database URL.
const DotEnvName = ".env"

// URLKeys are the variables a .env file is read for, in order of
// preference: nothing else in it concerns sqlmap, and nothing else is
// read or set.
var URLKeys = []string{"SQLMAP_DATABASE_URL", "DATABASE_URL"}

// DotEnvURL reads path (a .env file) and returns the first of URLKeys it
// sets, and the key; "" when the file does not exist or sets neither.
func DotEnvURL(path string) (url, key string, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", "", nil
	}
	if err != nil {
		return "", "", err
	}
	vals, err := ParseDotEnv(path, data)
	if err != nil {
		return "", "", err
	}
	for _, k := range URLKeys {
		if v := vals[k]; v != "" {
			return v, k, nil
		}
	}
	return "", "", nil
}

// DotEnvPath is the .env file next to the project file f, or in dir
// when there is no project file.
func DotEnvPath(f *File, dir string) string {
	if f != nil {
		dir = f.Dir()
	}
	return filepath.Join(dir, DotEnvName)
}

// ParseDotEnv reads the KEY=value lines of a .env file. Values may be
// quoted: '...' as written, "..." with \n, \" and \\ escapes; unquoted
// values end at " #". Errors name the line but never its value, which
// may be a password.
func ParseDotEnv(name string, data []byte) (map[string]string, error) {
	vals := map[string]string{}
	var errs []error
	for i, line := range lines(data) {
		s := strings.TrimSpace(line)
		if s == "" || s[0] == '#' {
			continue
		}
		s = strings.TrimPrefix(s, "export ")
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			errs = append(errs, &SyntaxError{File: name, Line: i + 1, Msg: "want KEY=value"})
			continue
		}
		key := strings.TrimSpace(s[:eq])
		if !bareKey(key) || strings.Contains(key, "-") {
			errs = append(errs, &SyntaxError{File: name, Line: i + 1, Msg: fmt.Sprintf("%q is not a variable name", key)})
			continue
		}
		v, err := dotEnvValue(strings.TrimSpace(s[eq+1:]))
		if err != nil {
			errs = append(errs, &SyntaxError{File: name, Line: i + 1, Msg: key + ": " + err.Error()})
			continue
		}
		vals[key] = v
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return vals, nil
}

func dotEnvValue(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	switch q := s[0]; q {
	case '\'', '"':
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			c := s[i]
			switch {
			case c == q:
				if rest := strings.TrimSpace(s[i+1:]); rest != "" && rest[0] != '#' {
					return "", errors.New("unexpected text after the closing quote")
				}
				return b.String(), nil
			case q == '"' && c == '\\' && i+1 < len(s):
				i++
				switch s[i] {
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				default:
					b.WriteByte(s[i])
				}
			default:
				b.WriteByte(c)
			}
		}
		return "", errors.New("the quote is not closed (values span one line here)")
	}
	if k := strings.Index(s, " #"); k >= 0 {
		s = s[:k]
	}
	return strings.TrimSpace(s), nil
}
