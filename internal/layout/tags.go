package layout

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// ScanTopLevel walks s, skipping quoted text and tracking the depth of
// parentheses and brackets; visit sees every other byte with the depth
// after it, and ends the walk by returning false. It is the one place that
// knows how option values and directive arguments nest.
func ScanTopLevel(s string, visit func(i int, c byte, depth int) bool) (quote byte, depth int, err error) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if quote != 0 {
			if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '\'', '"':
			quote = c
			continue
		case '(', '[':
			depth++
		case ')', ']':
			depth--
			if depth < 0 {
				return quote, depth, fmt.Errorf("unbalanced %q in %q", c, s)
			}
		}
		if !visit(i, c, depth) {
			return quote, depth, nil
		}
	}
	return quote, depth, nil
}

// SplitOptions splits s at the commas that are outside parentheses,
// brackets and quotes, so that option values such as numeric(10,2),
// qty IN (1,2), ARRAY[1,2] or 'a,b' stay whole. A doubled quote inside a
// quoted string needs no special case: it closes and reopens.
func SplitOptions(s string) ([]string, error) {
	var parts []string
	start := 0
	quote, depth, err := ScanTopLevel(s, func(i int, c byte, depth int) bool {
		if c == ',' && depth == 0 {
			parts = append(parts, s[start:i])
			start = i + 1
		}
		return true
	})
	switch {
	case err != nil:
		return nil, err
	case quote != 0:
		return nil, fmt.Errorf("unterminated %c quote in %q", quote, s)
	case depth != 0:
		return nil, fmt.Errorf("unbalanced parentheses in %q", s)
	}
	return append(parts, s[start:]), nil
}

// OptionKeys lists the option names of the sqlmap tag value tag
// ("type=numeric(10,2),pk" holds type and pk).
func OptionKeys(tag string) ([]string, error) {
	if strings.TrimSpace(tag) == "" {
		return nil, nil
	}
	parts, err := SplitOptions(tag)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(parts))
	for i, p := range parts {
		k, _, _ := strings.Cut(p, "=")
		keys[i] = strings.TrimSpace(k)
	}
	return keys, nil
}

// HasOption reports whether the sqlmap tag value tag holds the option
// key, with or without a value. A malformed tag holds none: the schema
// reader reports it, and the scanner and binding then treat the field
// alike (CopyFrom, which must not send a column PostgreSQL fills,
// refuses it through [OptionKeys]).
func HasOption(tag, key string) bool {
	keys, _ := OptionKeys(tag)
	return slices.Contains(keys, key)
}

// dbTag reads a field's db tag: the column name before any comma, whether
// the tag is there, and whether it is "-" (skip the field).
func dbTag(tag reflect.StructTag) (name string, tagged, skip bool) {
	name, tagged = tag.Lookup("db")
	if name == "-" {
		return "", tagged, true
	}
	name, _, _ = strings.Cut(name, ",")
	return name, tagged, false
}
