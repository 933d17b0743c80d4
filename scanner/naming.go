package scanner

import (
	"strings"
	"unicode"
)

// ColumnName maps a Go field name to its column name: snake_case, with
// acronyms kept whole (UserID → user_id, FinalAppURLs → final_app_urls,
// HTTPServer → http_server, Price1 → price1).
//
// Acronyms matter because the generic "split before every capital" rule of
// other mappers turns URLs into u_r_ls or ur_ls, which nobody names a column.
func ColumnName(field string) string {
	rs := []rune(field)
	var b strings.Builder
	b.Grow(len(field) + 4)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !unicode.IsUpper(r) {
			b.WriteRune(r)
			continue
		}
		// A run of capitals: an acronym, or the first letter of a word.
		j := i
		for j < len(rs) && unicode.IsUpper(rs[j]) {
			j++
		}
		run := rs[i:j]
		// "HTTPServer": the last capital of the run starts the next word,
		// unless what follows is a lone plural "s" ("URLs", "IDs").
		if len(run) > 1 && j < len(rs) && unicode.IsLower(rs[j]) {
			if rs[j] == 's' && (j+1 == len(rs) || !unicode.IsLower(rs[j+1])) {
				run = rs[i : j+1]
				j++
			} else {
				run = rs[i : j-1]
				j--
			}
		}
		if i > 0 && b.Len() > 0 && !strings.HasSuffix(b.String(), "_") && rs[i-1] != '_' {
			b.WriteByte('_')
		}
		for _, c := range run {
			b.WriteRune(unicode.ToLower(c))
		}
		i = j - 1
	}
	return b.String()
}
