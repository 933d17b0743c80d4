package sqllex_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// quotedRegions is an oracle for the lexer's tests, written apart from it
// and sharing none of its code: the byte ranges [start, end) of src that
// PostgreSQL's scanner (src/backend/parser/scan.l, as of PostgreSQL 16,
// with standard_conforming_strings on) reads as the inside of a string
// literal, a quoted identifier, a dollar-quoted body or a comment, in
// order. A range left open runs to the end of src.
//
// It follows scan.l's rules token by token, since what starts a literal
// depends on the token before it:
//   - '...', where a doubled quote stands for one; E'...' also takes \
//     as an escape; B'...' and X'...' take no doubled quote (its second
//     quote starts a new string); N'...' and U&'...' read as '...'.
//   - A string followed by blank space holding a newline (\n or \r), and
//     -- comments around it, then a quote, goes on there in the same mode
//     (scan.l's xqs state and {quotecontinue}).
//   - "..." and U&"...", where a doubled quote stands for one.
//   - -- to the next \n or \r; /* */ nested.
//   - $tag$...$tag$, where the tag is a name without '$' not starting
//     with a digit, closed by the first equal delimiter.
//   - A name (letters, _, bytes from 0x80, then also digits and '$') and
//     a number with the name glued to it (scan.l's *_junk rules) are
//     single tokens, so a '$' in them opens nothing: a$b, x$$, 1a$$; a
//     number stops before '$' (1.5$$ opens a body), and so does $1.
//
// A leading byte order mark is skipped: the loaders blank it before
// PostgreSQL sees the text.
func quotedRegions(src string) [][2]int {
	var out [][2]int
	i := 0
	if strings.HasPrefix(src, "\xef\xbb\xbf") {
		i = 3
	}
	for i < len(src) {
		c, start, end := src[i], i, -1
		switch {
		case c == '-' && byteAt(src, i+1) == '-':
			end = len(src)
			if k := strings.IndexAny(src[i:], "\n\r"); k >= 0 {
				end = i + k
			}
		case c == '/' && byteAt(src, i+1) == '*':
			end = blockCommentEnd(src, i)
		case c == '\'':
			end = stringEnd(src, i+1, modeStandard)
		case c == '"':
			end = quotedNameEnd(src, i+1)
		case c == '$':
			if e, ok := dollarQuoteEnd(src, i); ok {
				end = e
				break
			}
			i++
			if isDecDigit(byteAt(src, i)) { // $1, or the junk $1abc
				for isDecDigit(byteAt(src, i)) {
					i++
				}
				if isNameStart(byteAt(src, i)) {
					i = nameEnd(src, i)
				}
			}
		case isDecDigit(c) || c == '.' && isDecDigit(byteAt(src, i+1)):
			i = numberEnd(src, i)
		case isNameStart(c):
			n1, n2 := byteAt(src, i+1), byteAt(src, i+2)
			switch {
			case n1 == '\'' && (c == 'e' || c == 'E'):
				end = stringEnd(src, i+2, modeEscape)
			case n1 == '\'' && strings.IndexByte("bBxX", c) >= 0:
				end = stringEnd(src, i+2, modeBits)
			case n1 == '\'' && (c == 'n' || c == 'N'):
				end = stringEnd(src, i+2, modeStandard)
			case (c == 'u' || c == 'U') && n1 == '&' && n2 == '\'':
				end = stringEnd(src, i+3, modeStandard)
			case (c == 'u' || c == 'U') && n1 == '&' && n2 == '"':
				end = quotedNameEnd(src, i+3)
			default:
				i = nameEnd(src, i)
			}
		default:
			i++
		}
		if end >= 0 {
			out = append(out, [2]int{start, end})
			i = end
		}
	}
	return out
}

// The ways a quoted string reads its inside.
const (
	modeStandard = iota // '' is a quote
	modeEscape          // '' is a quote, \ escapes the next byte
	modeBits            // B'...', X'...': neither
)

func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isDecDigit(c byte) bool { return c >= '0' && c <= '9' }

// isNameStart is scan.l's ident_start (and dolq_start).
func isNameStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// nameEnd is the end of the name starting at i: ident_cont holds '$'.
func nameEnd(s string, i int) int {
	for i++; i < len(s) && (isNameStart(s[i]) || isDecDigit(s[i]) || s[i] == '$'); i++ {
	}
	return i
}

func blockCommentEnd(s string, i int) int {
	depth := 0
	for i < len(s) {
		switch {
		case s[i] == '/' && byteAt(s, i+1) == '*':
			depth++
			i += 2
		case s[i] == '*' && byteAt(s, i+1) == '/':
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return len(s)
}

func quotedNameEnd(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == '"' && byteAt(s, i+1) == '"':
			i += 2
		case s[i] == '"':
			return i + 1
		default:
			i++
		}
	}
	return len(s)
}

// stringEnd is the end of the string whose inside starts at i, past any
// continuations.
func stringEnd(s string, i, mode int) int {
	for i < len(s) {
		switch c := s[i]; {
		case c == '\\' && mode == modeEscape:
			i = min(i+2, len(s))
		case c == '\'' && mode != modeBits && byteAt(s, i+1) == '\'':
			i += 2
		case c == '\'':
			i++
			next, ok := continuation(s, i)
			if !ok {
				return i
			}
			i = next + 1
		default:
			i++
		}
	}
	return len(s)
}

// continuation reports the quote that continues a string closed just
// before i: scan.l's
//
//	{non_newline_whitespace}*{newline}{special_whitespace}*{quote}
//
// where non_newline_whitespace is [ \t\f\v] or a -- comment, and
// special_whitespace is blank space of any kind or a -- comment with its
// newline.
func continuation(s string, i int) (int, bool) {
	commentEnd := func(i int) int {
		if k := strings.IndexAny(s[i:], "\n\r"); k >= 0 {
			return i + k
		}
		return len(s)
	}
	for i < len(s) {
		if c := s[i]; c == ' ' || c == '\t' || c == '\f' || c == '\v' {
			i++
		} else if c == '-' && byteAt(s, i+1) == '-' {
			i = commentEnd(i)
		} else {
			break
		}
	}
	if c := byteAt(s, i); c != '\n' && c != '\r' {
		return 0, false
	}
	for i++; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\n' || c == '\r':
			i++
		case c == '-' && byteAt(s, i+1) == '-':
			i = commentEnd(i)
			if i == len(s) {
				return 0, false
			}
		case c == '\'':
			return i, true
		default:
			return 0, false
		}
	}
	return 0, false
}

// dollarQuoteEnd reports the end of the dollar-quoted body whose opening
// delimiter is at i, if one is.
func dollarQuoteEnd(s string, i int) (int, bool) {
	j := i + 1
	if isNameStart(byteAt(s, j)) {
		for j < len(s) && (isNameStart(s[j]) || isDecDigit(s[j])) {
			j++
		}
	}
	if byteAt(s, j) != '$' {
		return 0, false
	}
	delim := s[i : j+1]
	k := strings.Index(s[j+1:], delim)
	if k < 0 {
		return len(s), true
	}
	return j + 1 + k + len(delim), true
}

// numberEnd is the end of the numeric token starting at i: the longest
// match of scan.l's decinteger (with _ between digits), numeric, real,
// realfail and their *_junk forms, a number with a name glued to it
// (rejected, but one token). A junk form may take a shorter number, its
// name starting at an underscore: 1_000$$ is 1 and the name _000$$, and
// 1e5$$ is 1 and e5$$. The hexadecimal, octal and binary forms (0x1F)
// never outrun integer_junk (0 and the name x1F), and 1..2 is 1 and "..".
func numberEnd(s string, i int) int {
	decimal := func(j int) int { // the decinteger from j, or j
		if !isDecDigit(byteAt(s, j)) {
			return j
		}
		for j++; isDecDigit(byteAt(s, j)) || byteAt(s, j) == '_' && isDecDigit(byteAt(s, j+1)); j++ {
		}
		return j
	}
	end := i
	junk := func(j int) { // a name glued to the digits from j
		for isDecDigit(byteAt(s, j)) {
			j++
		}
		if isNameStart(byteAt(s, j)) {
			end = max(end, nameEnd(s, j))
		}
	}
	d := decimal(i)
	if d > i && strings.HasPrefix(s[d:], "..") {
		return d
	}
	var bases []int // where a number that may take an exponent ends
	if d > i {
		end = max(end, d)
		junk(i)
		bases = append(bases, d)
	}
	if byteAt(s, d) == '.' && (d > i || isDecDigit(byteAt(s, d+1))) {
		m := decimal(d + 1)
		end = max(end, m)
		junk(d + 1)
		bases = append(bases, m)
	}
	for _, b := range bases {
		if c := byteAt(s, b); c != 'e' && c != 'E' {
			continue
		}
		k, sign := b+1, false
		if c := byteAt(s, k); c == '+' || c == '-' {
			k, sign = k+1, true
		}
		switch {
		case isDecDigit(byteAt(s, k)):
			end = max(end, decimal(k))
			junk(k)
		case sign:
			end = max(end, k) // realfail: 1e+ is one (bad) token
		}
	}
	return end
}

func TestQuotedRegions(t *testing.T) {
	t.Parallel()
	type r = [2]int
	for _, tc := range []struct {
		name string
		src  string
		want [][2]int
	}{
		{"none", "SELECT a::int, :x, $1 FROM t", nil},
		{"string", "SELECT 'a', :x", []r{{7, 10}}},
		{"doubled quote", "'it''s :x' :y", []r{{0, 10}}},
		{"backslash is plain in a standard string", `'\' :x '`, []r{{0, 3}, {7, 8}}},
		{"escape string", `E'\' :x' :y`, []r{{0, 8}}},
		{"escaped backslash", `e'\\' :x`, []r{{0, 5}}},
		{"prefix only at a token start", `ne'\' :x '`, []r{{2, 5}, {9, 10}}},
		{"continuation keeps escape mode", "SELECT E'a'\n'b\\' :x \\''", []r{{7, 23}}},
		{"continuation by carriage return", "E'a'\r'\\' :x'", []r{{0, 12}}},
		{"continuation through comments", "E'a' -- c\n  -- d\n'\\' :x'", []r{{0, 24}}},
		{"no continuation on one line", "E'a' '\\' :x '", []r{{0, 4}, {5, 8}, {12, 13}}},
		{"no continuation past a block comment", "'a'/**/\n'b'", []r{{0, 3}, {3, 7}, {8, 11}}},
		{"no continuation into a comment at EOF", "'a'\n-- c", []r{{0, 3}, {4, 8}}},
		{"bit string takes no doubling", "B'1'':x'", []r{{0, 4}, {4, 8}}},
		{"bit string continuation", "B'1'\n'0' :x", []r{{0, 8}}},
		{"hex, national and unicode strings", `X'ff' N'n' U&'\0041' :x`, []r{{0, 5}, {6, 10}, {11, 20}}},
		{"quoted identifiers", `"a""b" :x U&"c" "d`, []r{{0, 6}, {10, 15}, {16, 18}}},
		{"line comment ends at CR", "-- c\r:y", []r{{0, 4}}},
		{"line comment ends at LF", "-- c\n:y -- :z", []r{{0, 4}, {8, 13}}},
		{"comment inside an operator", "a+--:x\n:y", []r{{2, 6}}},
		{"nested block comments", "/* a /* b */ :x */ :y", []r{{0, 18}}},
		{"slash-star-slash nests", "/*/ :x */ :y", []r{{0, 9}}},
		{"stars before the slash", "/* **/ :x", []r{{0, 6}}},
		{"unterminated nested comment", "/* /* */ :x", []r{{0, 11}}},
		{"unterminated string", "SELECT 'abc :x", []r{{7, 14}}},
		{"unterminated quoted identifier", `SELECT "a :x`, []r{{7, 12}}},
		{"dollar quote", "$$ :x $$ :y", []r{{0, 8}}},
		{"tagged dollar quote", "$a$ $$ :x $a$ :y", []r{{0, 13}}},
		{"tag with digits, closed by the first equal tag", "$a1$ $a$ $a1$ :x $a1$", []r{{0, 13}, {17, 21}}},
		{"unterminated dollar quote", "$q$ :x $Q$", []r{{0, 10}}},
		{"dollar after a name is the name's", "SELECT x$$ :y $$", []r{{14, 16}}},
		{"a$b is one name", "a$b :x $b$ :y", []r{{7, 13}}},
		{"parameter name with dollars", ":a$$ FROM t", nil},
		{"positional, then a dollar quote", "$1$$ :x $$", []r{{2, 10}}},
		{"lone dollar", "$a :x $", nil},
		{"number, then a dollar quote", "1.5$$ :x $$", []r{{3, 11}}},
		{"number with a name glued on", "1a$$ :x", nil},
		{"exponent, then a name glued on", "1e5$$ :x", nil},
		{"underscores, then a name glued on", "1_000$$ :x", nil},
		{"no escape string after a number", `0E'\'':A`, []r{{2, 8}}},
		{"real, then a dollar quote", "1.5e-3$$ :x", []r{{6, 11}}},
		{"U& without a quote", "U&$$ :x $$", []r{{2, 10}}},
		{"byte order mark", "\xef\xbb\xbf$$ :x $$", []r{{3, 11}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, quotedRegions(tc.src), "%q", tc.src)
		})
	}
}
