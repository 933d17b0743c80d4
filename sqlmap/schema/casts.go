package schema

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// A type change is drafted without USING wherever PostgreSQL converts the
// old type to the new one by an assignment (or implicit) cast, because an
// assignment cast checks values: varchar(200) → varchar(100) fails on a
// 150-character value, while USING col::varchar(100), an explicit cast,
// cuts it to 100 characters and reports success. Only where no assignment
// cast exists is a USING written, and then with the new type stripped of
// its modifier (USING col::numeric, not col::numeric(6,2)): ALTER TABLE
// still coerces the result to the full type by assignment, so lengths are
// checked there too. The rules follow pg_cast for the built-in types;
// TestAssignmentCastsMatchPgCast holds them to the catalog.

// typeParts splits a type as format_type spells it into its base name
// without modifiers, the modifiers, and the array dimensions:
// "timestamp(3) with time zone[]" → ("timestamp with time zone", [3], 1).
type typeParts struct {
	base string
	mods []int
	dims int
}

var typmodRE = regexp.MustCompile(`\((\d+)(?:,(-?\d+))?\)`)

func splitType(t string) typeParts {
	var p typeParts
	for strings.HasSuffix(t, "[]") {
		t = strings.TrimSuffix(t, "[]")
		p.dims++
	}
	if m := typmodRE.FindStringSubmatchIndex(t); m != nil {
		for i := 2; i < len(m); i += 2 {
			if m[i] >= 0 {
				n, _ := strconv.Atoi(t[m[i]:m[i+1]])
				p.mods = append(p.mods, n)
			}
		}
		t = t[:m[0]] + t[m[1]:]
	}
	p.base = strings.TrimSpace(t)
	return p
}

var (
	stringTypes  = map[string]bool{"text": true, "character varying": true, "character": true, "name": true}
	integerRank  = map[string]int{"smallint": 1, "integer": 2, "bigint": 3}
	numericTypes = map[string]bool{"smallint": true, "integer": true, "bigint": true, "real": true, "double precision": true, "numeric": true}
	// assignmentCasts are the other built-in pairs pg_cast converts by an
	// assignment or implicit cast.
	assignmentCasts = map[[2]string]bool{}
)

func init() {
	for _, p := range [][2]string{
		{"date", "timestamp without time zone"}, {"date", "timestamp with time zone"},
		{"timestamp without time zone", "date"}, {"timestamp without time zone", "time without time zone"},
		{"timestamp without time zone", "timestamp with time zone"},
		{"timestamp with time zone", "date"}, {"timestamp with time zone", "time without time zone"},
		{"timestamp with time zone", "timestamp without time zone"}, {"timestamp with time zone", "time with time zone"},
		{"time without time zone", "interval"}, {"time without time zone", "time with time zone"},
		{"time with time zone", "time without time zone"}, {"interval", "time without time zone"},
		{"json", "jsonb"}, {"jsonb", "json"},
		{"inet", "cidr"}, {"cidr", "inet"},
		{"bit", "bit varying"}, {"bit varying", "bit"},
		{"integer", "money"}, {"bigint", "money"}, {"numeric", "money"}, {"money", "numeric"},
	} {
		assignmentCasts[p] = true
	}
}

// assignable reports whether PostgreSQL converts a column of type from to
// type to without a USING clause.
func assignable(from, to typeParts) bool {
	if from.dims != to.dims {
		// Any type, arrays included, goes to a string type by I/O
		// conversion, which PostgreSQL treats as an assignment cast.
		return to.dims == 0 && stringTypes[to.base]
	}
	a, b := from.base, to.base
	return a == b || stringTypes[b] || (numericTypes[a] && numericTypes[b]) || assignmentCasts[[2]string{a, b}]
}

// rewrites reports whether PostgreSQL rewrites the table to change a
// column from one type to another: it does not where the stored bytes
// stay valid (a varchar or bit varying made longer or unbounded, varchar
// to text and back without a limit, a numeric given more digits at the
// same scale, cidr to inet).
func rewrites(from, to string) bool {
	f, t := splitType(from), splitType(to)
	if f.dims != t.dims {
		return true
	}
	switch a, b := f.base, t.base; {
	case a == b && (a == "character varying" || a == "bit varying"):
		return len(t.mods) > 0 && (len(f.mods) == 0 || t.mods[0] < f.mods[0])
	case a == "character varying" && b == "text":
		return false
	case a == "text" && b == "character varying":
		return len(t.mods) > 0
	case a == b && a == "numeric":
		if len(t.mods) == 0 {
			return false
		}
		return len(f.mods) == 0 || scale(f) != scale(t) || t.mods[0] < f.mods[0]
	case a == "cidr" && b == "inet":
		return false
	}
	return true
}

// castNeeded says which element types a change from one column type to
// another converts by an explicit cast, as typeChange drafts it; explicit
// is false where an assignment cast or I/O conversion does it (from and
// to a string type, every type has one).
func castNeeded(from, to string) (src, dst string, explicit bool) {
	f, t := splitType(from), splitType(to)
	if assignable(f, t) || stringTypes[f.base] {
		return "", "", false
	}
	return f.base, t.base, true
}

// typeChange drafts ALTER COLUMN ... TYPE from one type to another: the
// clause after TYPE, and a CAUTION (without its prefix) saying what the
// conversion can do to the values, empty when it keeps every value.
func typeChange(column, from, to string) (clause, caution string) {
	return typeChangeVia(column, from, to, false)
}

// typeChangeVia is typeChange, through the values' text when throughText
// is set (between two enum types, which have no cast between them).
func typeChangeVia(column, from, to string, throughText bool) (clause, caution string) {
	f, t := splitType(from), splitType(to)
	if throughText {
		via, target := "text"+strings.Repeat("[]", f.dims), to
		return fmt.Sprintf("%s USING %s::%s::%s", to, QuoteIdent(column), via, target),
			fmt.Sprintf("converts each value by its label (USING %s::%s::%s), there being no cast between enum types: it fails on a label %s lacks", QuoteIdent(column), via, target, t.base)
	}
	if !assignable(f, t) {
		cast := t.base
		switch cast {
		case "bit":
			cast = "bit varying" // a bare bit is bit(1)
		case "character":
			cast = "text" // a bare character is character(1)
		}
		cast += strings.Repeat("[]", t.dims)
		return fmt.Sprintf("%s USING %s::%s", to, QuoteIdent(column), cast),
			fmt.Sprintf("converts with an explicit cast (USING %s::%s), there being no assignment cast: it fails on values that do not convert, and may turn others into values you do not expect (check it on a copy of the data)", QuoteIdent(column), cast)
	}
	return to, valueEffect(f, t)
}

// valueEffect says what an assignment conversion can do to values.
func valueEffect(f, t typeParts) string {
	a, b := f.base, t.base
	switch {
	case f.dims != t.dims:
		return lengthEffect(nil, t) // to a string type, as text
	case a == b:
		return modifierEffect(f, t)
	case stringTypes[b]:
		s := lengthEffect(&f, t)
		if b == "character" {
			s = joinEffects(s, "pads shorter values with spaces")
		}
		return s
	case integerRank[b] > 0 && integerRank[a] > 0:
		if integerRank[b] < integerRank[a] {
			return "fails on values out of range for " + b + " (nothing is changed)"
		}
		return ""
	case integerRank[b] > 0 && numericTypes[a]:
		return "rounds fractional values to whole numbers, and fails on values out of range for " + b
	case b == "numeric" && numericTypes[a]:
		if len(t.mods) == 0 {
			return ""
		}
		s := fmt.Sprintf("fails on values of %d or more digits before the decimal point", t.mods[0]-scale(t)+1)
		if a == "real" || a == "double precision" {
			s = joinEffects(fmt.Sprintf("rounds values to %d decimal places", scale(t)), s)
		}
		return s
	case b == "real" && (a == "integer" || a == "bigint" || a == "numeric" || a == "double precision"),
		b == "double precision" && (a == "bigint" || a == "numeric"):
		return "rounds values to the precision of " + b + " (about " + map[string]string{"real": "6", "double precision": "15"}[b] + " significant digits)"
	case a == "timestamp with time zone" && b == "timestamp without time zone":
		return "converts each value to the session's TimeZone and drops the zone"
	case a == "timestamp without time zone" && b == "timestamp with time zone", a == "date" && b == "timestamp with time zone":
		return "reads the values as times in the session's TimeZone: SET TimeZone first if that is not the zone they were written in"
	case b == "date":
		return "drops the time of day"
	case a == "time without time zone" && b == "time with time zone":
		return "gives every value the session's current zone offset"
	case a == "time with time zone":
		return "drops the zone offset"
	case a == "interval":
		return "keeps only the time of day of each interval, modulo 24 hours (days, months and years are dropped; -1 hour becomes 23:00)"
	case b == "time without time zone" || b == "time with time zone":
		return "drops the date"
	case a == "json" && b == "jsonb":
		return "normalises the values (duplicate keys dropped, key order and white space changed)"
	case a == "inet" && b == "cidr":
		return "sets the host bits of each address to zero"
	case b == "bit":
		return fmt.Sprintf("fails on values that are not exactly %d bits long", firstMod(t, 1))
	case b == "bit varying":
		return lengthEffect(&f, t)
	case b == "money" || a == "money":
		return "rounds values to the currency's fraction digits (lc_monetary), and fails on values out of range"
	}
	return ""
}

// modifierEffect covers a change of modifier within one type.
func modifierEffect(f, t typeParts) string {
	switch f.base {
	case "character varying", "bit varying", "character":
		s := lengthEffect(&f, t)
		if f.base == "character" && firstMod(t, 1) > firstMod(f, 1) {
			s = joinEffects(s, "pads the values with spaces")
		}
		return s
	case "bit":
		if firstMod(f, 1) != firstMod(t, 1) {
			return fmt.Sprintf("fails on every value unless it is exactly %d bits long", firstMod(t, 1))
		}
	case "numeric":
		if len(t.mods) == 0 {
			return ""
		}
		var s string
		if len(f.mods) == 0 || scale(t) < scale(f) {
			s = fmt.Sprintf("rounds values to %d decimal places", scale(t))
		}
		if len(f.mods) == 0 || t.mods[0]-scale(t) < f.mods[0]-scale(f) {
			s = joinEffects(s, fmt.Sprintf("fails on values of %d or more digits before the decimal point", t.mods[0]-scale(t)+1))
		}
		return s
	case "timestamp without time zone", "timestamp with time zone", "time without time zone", "time with time zone", "interval":
		if len(t.mods) > 0 && (len(f.mods) == 0 || t.mods[0] < f.mods[0]) {
			return fmt.Sprintf("rounds fractional seconds to %d digits", t.mods[0])
		}
	}
	return ""
}

// lengthEffect is the failure a length limit of t brings, if f (nil for
// a value of another kind) could hold longer values.
func lengthEffect(f *typeParts, t typeParts) string {
	if len(t.mods) == 0 || t.base == "text" || t.base == "name" {
		return ""
	}
	if f != nil && len(f.mods) > 0 && stringTypes[f.base] == stringTypes[t.base] && f.mods[0] <= t.mods[0] {
		return ""
	}
	return fmt.Sprintf("fails on values longer than %d (nothing is truncated)", t.mods[0])
}

func scale(t typeParts) int {
	if len(t.mods) > 1 {
		return t.mods[1]
	}
	return 0
}

func firstMod(t typeParts, def int) int {
	if len(t.mods) > 0 {
		return t.mods[0]
	}
	return def
}

func joinEffects(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
