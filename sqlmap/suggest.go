package sqlmap

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// closest is the candidate nearest to name, for a "did you mean" hint:
// the same name in another case, else the one fewest edits away, if that
// is close enough to be a typo (a third of the name, at least two).
func closest(name string, candidates []string) (string, bool) {
	best, bestD := "", -1
	for _, c := range candidates {
		if strings.EqualFold(c, name) {
			return c, true
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(2, utf8.RuneCountInString(name)/3)
	return best, bestD >= 0 && bestD <= limit
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// sqlcFieldName is the Go field name sqlc generates for a parameter: the
// parts between underscores with their first letter upper-cased ("id"
// as "ID", sqlc's one default initialism), so user_id and userID give
// UserID, groupName gives GroupName. A struct written for sqlc's
// generated code binds by it.
func sqlcFieldName(param string) string {
	var b strings.Builder
	for _, part := range strings.Split(param, "_") {
		if part == "id" {
			b.WriteString("ID")
			continue
		}
		r, n := utf8.DecodeRuneInString(part)
		if n == 0 {
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(part[n:])
	}
	return b.String()
}
