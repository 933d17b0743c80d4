package sqllex

import "strings"

// sqlcMacro reads one of sqlc's macros starting at start, where afterWord
// is the end of the word "sqlc": sqlc.arg(name), sqlc.narg(name) or
// sqlc.slice(name), spelled as sqlc takes them (any case; blank space and
// comments around the dot and before the parenthesis; the name bare,
// 'quoted' or "quoted", a bare one folded to lower case as PostgreSQL
// folds names). It reports false, reading nothing, when the text is no
// call of sqlc's (a column named sqlc, say).
func (l *lexer) sqlcMacro(start, afterWord int) bool {
	src := l.src
	i := skipBlank(src, afterWord)
	if i >= len(src) || src[i] != '.' {
		return false
	}
	i = skipBlank(src, i+1)
	if i >= len(src) || !IsIdentStart(src[i]) {
		return false
	}
	fnEnd := identEnd(src, i)
	fn := strings.ToLower(src[i:fnEnd])
	open := skipBlank(src, fnEnd)
	if open >= len(src) || src[open] != '(' {
		return false
	}
	closing := matchParen(src, open)
	if closing < 0 {
		l.errAt(start, l.line, "sqlc.%s( has no closing parenthesis", fn)
		l.advanceTo(len(src))
		return true
	}
	line := l.line
	l.advanceTo(closing + 1)
	name, ok := macroArg(src[open+1 : closing])
	switch {
	case fn == "embed":
		l.errAt(start, line, "sqlc.embed(%s) is not supported: select the columns under the struct field's name, as %s.id AS \"%s.id\", ... (the scanner fills a nested struct field from \"field.column\" columns), or select %s.* into a flat struct",
			name, name, name, name)
		return true
	case fn != "arg" && fn != "narg" && fn != "slice":
		l.errAt(start, line, "sqlc.%s is not one of sqlc's macros: use sqlc.arg, sqlc.narg or sqlc.slice", fn)
		return true
	case !ok:
		l.errAt(start, line, "malformed sqlc.%s(%s): want sqlc.%s(name), with one bare or quoted name", fn, strings.TrimSpace(src[open+1:closing]), fn)
		return true
	case fn == "slice":
		l.sqlcSlice(start, closing+1, name)
		return true
	}
	ev := l.send(Param, start, closing+1)
	ev.Name = name
	l.emit(ev)
	l.prev = prevParam
	return true
}

// skipBlank skips blank space and comments from i.
func skipBlank(src string, i int) int {
	for i < len(src) {
		switch {
		case IsSpace(src[i]):
			i++
		case strings.HasPrefix(src[i:], "--"):
			k := strings.IndexAny(src[i:], "\n\r")
			if k < 0 {
				return len(src)
			}
			i += k
		case strings.HasPrefix(src[i:], "/*"):
			k := strings.Index(src[i+2:], "*/")
			if k < 0 {
				return len(src)
			}
			i += 2 + k + 2
		default:
			return i
		}
	}
	return i
}

func identEnd(src string, i int) int {
	for i < len(src) && IsIdentChar(src[i]) {
		i++
	}
	return i
}

// matchParen is the offset of the parenthesis that closes the one at
// open, past strings and comments, or -1.
func matchParen(src string, open int) int {
	depth := 0
	for i := open; i < len(src); i++ {
		switch c := src[i]; {
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i
			}
		case c == '\'' || c == '"':
			k := strings.IndexByte(src[i+1:], c)
			if k < 0 {
				return -1
			}
			i += 1 + k
		case c == '-' || c == '/':
			if j := skipBlank(src, i); j > i {
				i = j - 1
			}
		}
	}
	return -1
}

// macroArg is the parameter name of a macro's argument text: 'name' or
// "name" as written, a bare name (dots dropped, as sqlc joins a qualified
// one) in lower case.
func macroArg(arg string) (string, bool) {
	if simple := strings.TrimSpace(arg); simple != "" && IsIdentStart(simple[0]) && isPlainName(simple) {
		return foldName(simple), true
	}
	var b strings.Builder
	for i := 0; i < len(arg); {
		j := skipBlank(arg, i)
		if j > i {
			b.WriteByte(' ')
			i = j
			continue
		}
		b.WriteByte(arg[i])
		i++
	}
	arg = strings.TrimSpace(b.String())
	if len(arg) >= 2 && (arg[0] == '\'' || arg[0] == '"') && arg[len(arg)-1] == arg[0] {
		q := string(arg[0])
		inner := arg[1 : len(arg)-1]
		if strings.Contains(strings.ReplaceAll(inner, q+q, ""), q) || inner == "" {
			return "", false
		}
		return strings.ReplaceAll(inner, q+q, q), true
	}
	if arg == "" || !IsIdentStart(arg[0]) {
		return "", false
	}
	for i := 0; i < len(arg); i++ {
		if !IsIdentChar(arg[i]) && arg[i] != '.' || arg[i] == '$' {
			return "", false
		}
	}
	return foldName(strings.ReplaceAll(arg, ".", "")), true
}

// isPlainName reports whether s holds only name characters, without '$'.
func isPlainName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !IsIdentChar(c) || c == '$' {
			return false
		}
	}
	return true
}

// foldName lower-cases an unquoted name as PostgreSQL does (ASCII only),
// without a copy when it is lower case already.
func foldName(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// sqlcSlice reports sqlc.slice(name), from macro to end. In
// "col IN (sqlc.slice(name))" the list becomes "col = ANY($n)" (NOT IN,
// "<> ALL($n)"): sqlc expands the list per call for MySQL and SQLite, but
// PostgreSQL takes the whole slice as one array parameter, so the SQL text
// stays the same on every call. In "= ANY(sqlc.slice(name))" (or ALL,
// SOME) it is already that array parameter.
func (l *lexer) sqlcSlice(macro, end int, name string) {
	src := l.src
	back := func(i int) int { // index of the last non-space byte before i
		i--
		for i >= 0 && IsSpace(src[i]) {
			i--
		}
		return i
	}
	word := func(i int) int { // start of the identifier ending at i, or -1
		j := i
		for j >= 0 && IsIdentChar(src[j]) {
			j--
		}
		if j == i {
			return -1
		}
		return j + 1
	}
	open := back(macro)
	kwEnd := back(max(open, 0))
	kwStart := -1
	if open >= 0 && src[open] == '(' && kwEnd >= 0 {
		kwStart = word(kwEnd)
	}
	closing := skipBlank(src, end)
	kw := ""
	if kwStart >= 0 && closing < len(src) && src[closing] == ')' {
		kw = strings.ToLower(src[kwStart : kwEnd+1])
	}
	switch kw {
	case "any", "all", "some":
		ev := l.send(Param, macro, end)
		ev.Name = name
		l.emit(ev)
		l.prev = prevParam
		return
	case "in":
	default:
		l.errAt(macro, l.line, "sqlc.slice(%s) must be the whole list of an IN, or the array of an ANY: write col IN (sqlc.slice(%s)), col = ANY(sqlc.slice(%s)), or col = ANY(:%s) with a slice argument", name, name, name, name)
		return
	}
	from, repl := kwStart, "= ANY("
	if notEnd := back(kwStart); notEnd >= 0 {
		if w := word(notEnd); w >= 0 && strings.EqualFold(src[w:notEnd+1], "not") {
			from, repl = w, "<> ALL("
		}
	}
	ev := l.send(Param, from, closing+1)
	ev.Line, ev.Col = l.tokLine-countLines(src[from:macro]), ColAt(src, from)
	ev.Name, ev.Repl = name, repl
	l.emit(ev)
	l.prev = prevParam
	l.advanceTo(closing + 1)
}
