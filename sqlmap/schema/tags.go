package schema

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/sqlmap-go/sqlmap/internal/layout"
)

// unquoteSQL strips the single quotes around an SQL string literal and
// undoubles the quotes inside it; anything else is returned as it is, so
// that comment=plain text works too.
func unquoteSQL(s string) string {
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'")
	}
	return s
}

// columnOptions are the parsed options of one field's sqlmap tag.
type columnOptions struct {
	pk          bool
	identity    string
	typ         string
	def         string
	unique      bool
	index       bool
	refTable    string
	refColumn   string
	onDelete    string
	onUpdate    string
	check       string
	comment     string
	renamedFrom string
	generated   string
	json        bool
	collate     string
	identityOpt string
	deferrable  string
}

var (
	// sequenceOptionsRE is what identity_options= takes: the options of
	// an identity sequence, numbers and key words only.
	sequenceOptionsRE = regexp.MustCompile(`(?i)^\s*((START\s+(WITH\s+)?|INCREMENT\s+(BY\s+)?|MINVALUE\s+|MAXVALUE\s+|CACHE\s+)-?[0-9]+|NO\s+(MINVALUE|MAXVALUE|CYCLE)|CYCLE)(\s+((START\s+(WITH\s+)?|INCREMENT\s+(BY\s+)?|MINVALUE\s+|MAXVALUE\s+|CACHE\s+)-?[0-9]+|NO\s+(MINVALUE|MAXVALUE|CYCLE)|CYCLE))*\s*$`)
	// references=table or references=table(column); the table may be
	// schema-qualified.
	referencesRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)?)\s*(?:\(\s*([A-Za-z_][A-Za-z0-9_$]*)\s*\))?$`)
	// identRE is a plain (unquoted) SQL identifier: the only directive
	// column-list entries that can be checked against the table's columns.
	identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$]*$`)
	// nameRE is a table, index or type name, optionally schema-qualified.
	nameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)?$`)
)

// fkActions maps the tag spelling of a foreign key action to the model's.
var fkActions = map[string]string{
	"cascade":    ActionCascade,
	"restrict":   ActionRestrict,
	"setnull":    ActionSetNull,
	"setdefault": ActionSetDefault,
	"noaction":   ActionNoAction,
}

// parseColumnOptions parses the value of a sqlmap struct tag. The errors
// name the option but not the field: the caller knows where the field is.
func parseColumnOptions(tag string) (columnOptions, error) {
	var o columnOptions
	if strings.TrimSpace(tag) == "" {
		return o, nil
	}
	parts, err := layout.SplitOptions(tag)
	if err != nil {
		return o, err
	}
	seen := map[string]bool{}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return o, fmt.Errorf("empty option in %q", tag)
		}
		key, val, hasVal := strings.Cut(p, "=")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if seen[key] {
			return o, fmt.Errorf("option %q given twice", key)
		}
		seen[key] = true
		if err := o.set(key, val, hasVal); err != nil {
			return o, err
		}
	}
	for _, key := range []string{"ondelete", "onupdate"} {
		if seen[key] && !seen["references"] {
			return o, fmt.Errorf("option %q needs references=table(column)", key)
		}
	}
	if seen["deferrable"] && !seen["pk"] && !seen["unique"] && !seen["references"] {
		return o, errors.New(`option "deferrable" needs pk, unique or references: it defers their checks`)
	}
	if seen["identity_options"] && !seen["identity"] {
		return o, errors.New(`option "identity_options" needs identity`)
	}
	for _, key := range []string{"default", "identity"} {
		if seen["generated"] && seen[key] {
			return o, fmt.Errorf("option \"generated\" cannot be combined with %q: PostgreSQL computes the column", key)
		}
	}
	return o, nil
}

// set applies one option of a sqlmap tag: a flag (pk, unique, index,
// json), identity (a flag with an optional value), or an option that
// needs a value.
func (o *columnOptions) set(key, val string, hasVal bool) error {
	flags := map[string]*bool{"pk": &o.pk, "unique": &o.unique, "index": &o.index, "json": &o.json}
	values := map[string]*string{"type": &o.typ, "default": &o.def, "generated": &o.generated, "check": &o.check,
		"comment": &o.comment, "renamed_from": &o.renamedFrom, "references": nil, "ondelete": &o.onDelete, "onupdate": &o.onUpdate,
		"collate": &o.collate, "identity_options": &o.identityOpt}
	if flag, ok := flags[key]; ok {
		if hasVal {
			return fmt.Errorf("option %q takes no value", key)
		}
		*flag = true
		return nil
	}
	// Flags with an optional value.
	optional := map[string]struct {
		dst     *string
		choices map[string]string // value → setting; "" for no value
		want    string
	}{
		"deferrable": {&o.deferrable, map[string]string{"": DeferrableInitImm, "immediate": DeferrableInitImm, "deferred": DeferrableDefer}, "deferred or immediate, or no value"},
		"identity":   {&o.identity, map[string]string{"": IdentityByDefault, "by default": IdentityByDefault, "always": IdentityAlways}, "always or by default"},
	}
	if opt, ok := optional[key]; ok {
		setting, ok := opt.choices[val]
		switch {
		case hasVal && val == "":
			return fmt.Errorf("option %q has an empty value", key)
		case !ok:
			return fmt.Errorf("option %q: unknown value %q (want %s)", key, val, opt.want)
		}
		*opt.dst = setting
		return nil
	}
	dst, known := values[key]
	switch {
	case !known:
		return fmt.Errorf("unknown option %q", key)
	case !hasVal:
		return fmt.Errorf("option %q needs a value (%s=...)", key, key)
	case val == "":
		return fmt.Errorf("option %q has an empty value", key)
	}
	switch key {
	case "comment":
		val = unquoteSQL(val)
	case "references":
		m := referencesRE.FindStringSubmatch(val)
		if m == nil {
			return fmt.Errorf("option %q: malformed value %q (want table or table(column))", key, val)
		}
		o.refTable, o.refColumn = m[1], m[2]
		if o.refColumn == "" {
			o.refColumn = "id"
		}
		return nil
	case "collate":
		// As written: collate=C is the collation "C", which PostgreSQL
		// would read as c unquoted.
		if !quotedIdent(val) {
			val = QuoteIdent(val)
		}
	case "identity_options":
		if !sequenceOptionsRE.MatchString(val) {
			return fmt.Errorf("option %q: malformed value %q (want sequence options such as START WITH 1000 INCREMENT BY 10)", key, val)
		}
		val = strings.Join(strings.Fields(strings.ToUpper(val)), " ")
	case "ondelete", "onupdate":
		action, ok := fkActions[val]
		if !ok {
			return fmt.Errorf("option %q: unknown action %q (want cascade, restrict, setnull, setdefault or noaction)", key, val)
		}
		val = action
	}
	*dst = val
	return nil
}

// Directive verbs.
const (
	dirTable   = "table"
	dirPK      = "pk"
	dirUnique  = "unique"
	dirIndex   = "index"
	dirCheck   = "check"
	dirEnum    = "enum"
	dirComment = "comment"
)

// directive is one parsed //sqlmap: line.
type directive struct {
	verb   string
	name   string   // table, constraint, index or enum name
	method string   // index access method (USING)
	list   []string // columns, index expressions or enum values
	// include and with are an index's INCLUDE columns and WITH
	// storage parameters (without their parentheses).
	include []string
	with    string
	// deferrable is a pk or unique directive's DEFERRABLE clause.
	deferrable string
	expr       string // check expression, index predicate or table comment
	// source is where the line is: file:line, or the type it came from.
	source string
}

// parseDirective parses a directive line without its leading "//", such
// as "sqlmap:index users_email (lower(email)) WHERE deleted_at IS NULL".
func parseDirective(line string) (directive, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), "sqlmap:")
	if !ok {
		return directive{}, fmt.Errorf("%q is not a sqlmap: directive", line)
	}
	verb, rest := cutWord(rest)
	d := directive{verb: verb}
	bad := func(format string, args ...any) (directive, error) {
		return directive{}, fmt.Errorf("sqlmap:%s: "+format, append([]any{verb}, args...)...)
	}
	switch verb {
	case dirTable:
		name, after := cutWord(rest)
		if name == "" {
			return bad("missing table name")
		}
		if !nameRE.MatchString(name) || after != "" {
			return bad("malformed table name %q", strings.TrimSpace(rest))
		}
		d.name = name
		return d, nil
	case dirComment:
		if rest == "" {
			return bad("missing comment text")
		}
		d.expr = unquoteSQL(rest)
		return d, nil
	case dirPK, dirUnique, dirIndex, dirCheck, dirEnum:
	case "":
		return directive{}, errors.New("sqlmap: directive without a name")
	default:
		return directive{}, fmt.Errorf("unknown directive sqlmap:%s", verb)
	}

	if verb != dirPK {
		d.name, rest = cutWord(rest)
		if d.name == "" || strings.HasPrefix(d.name, "(") {
			return bad("missing name (want sqlmap:%s NAME (...))", verb)
		}
		if !nameRE.MatchString(d.name) {
			return bad("malformed name %q", d.name)
		}
	}
	if verb == dirIndex {
		if w, after := cutWord(rest); strings.EqualFold(w, "USING") {
			d.method, rest = cutWord(after)
			if d.method == "" || strings.HasPrefix(d.method, "(") {
				return bad("%s: USING needs a method", d.name)
			}
		}
	}
	inner, after, err := outerParens(rest)
	if err != nil {
		return bad("%s%w", prefixName(d.name), err)
	}
	if err := d.tail(after); err != nil {
		return bad("%s%w", prefixName(d.name), err)
	}
	if verb == dirCheck {
		d.expr = strings.TrimSpace(inner)
		if d.expr == "" {
			return bad("%sempty expression", prefixName(d.name))
		}
		return d, nil
	}
	if d.list, err = directiveEntries(verb, d.name, inner); err != nil {
		return directive{}, err
	}
	return d, nil
}

// tail reads what follows a directive's parenthesised list: an index's
// INCLUDE, WITH and WHERE, a key's DEFERRABLE, nothing for the others.
func (d *directive) tail(after string) error {
	switch {
	case after == "":
		return nil
	case d.verb == dirIndex:
		return d.indexTail(after)
	case d.verb == dirPK || d.verb == dirUnique:
		switch strings.Join(strings.Fields(strings.ToUpper(after)), " ") {
		case "DEFERRABLE", "DEFERRABLE INITIALLY IMMEDIATE":
			d.deferrable = DeferrableInitImm
		case "DEFERRABLE INITIALLY DEFERRED":
			d.deferrable = DeferrableDefer
		default:
			return fmt.Errorf("unexpected %q after the closing parenthesis (want DEFERRABLE [INITIALLY DEFERRED])", after)
		}
		return nil
	}
	return fmt.Errorf("unexpected %q after the closing parenthesis", after)
}

// indexTail reads what may follow an index's columns, in PostgreSQL's
// order: INCLUDE (columns), WITH (storage parameters), WHERE predicate.
func (d *directive) indexTail(s string) error {
	for _, clause := range []string{"INCLUDE", "WITH"} {
		w, rest := cutWord(s)
		if !strings.EqualFold(w, clause) {
			continue
		}
		inner, after, err := outerParens(rest)
		if err != nil {
			return fmt.Errorf("%s %w", clause, err)
		}
		if clause == "WITH" {
			d.with = strings.TrimSpace(inner)
		} else if d.include, err = directiveEntries(d.verb, d.name, inner); err != nil {
			return err
		}
		s = after
	}
	if s == "" {
		return nil
	}
	w, pred := cutWord(s)
	if !strings.EqualFold(w, "WHERE") || pred == "" {
		return fmt.Errorf("unexpected %q after the columns (want INCLUDE (...), WITH (...) or WHERE predicate, in that order)", s)
	}
	d.expr = pred
	return nil
}

// splitIndexEntry cuts an index key entry into its column or expression
// (a name, a function call, or a parenthesised expression, as
// PostgreSQL's grammar has it) and the options after it: COLLATE, an
// operator class, ASC or DESC, NULLS FIRST or LAST.
func splitIndexEntry(e string) (expr, opts string) {
	e = strings.TrimSpace(e)
	end := 0
	switch {
	case strings.HasPrefix(e, `"`):
		if q := quoteEnd(e, 1, '"', false); q > 0 {
			end = q + 1
		} else {
			return e, ""
		}
	case strings.HasPrefix(e, "("):
	default:
		for end < len(e) && (e[end] == '_' || e[end] == '$' || e[end] == '.' || unicode.IsLetter(rune(e[end])) || unicode.IsDigit(rune(e[end])) || e[end] >= 0x80) {
			end++
		}
	}
	if end < len(e) && e[end] == '(' {
		closing := -1
		_, _, _ = layout.ScanTopLevel(e[end:], func(i int, c byte, depth int) bool {
			if c == ')' && depth == 0 {
				closing = end + i
				return false
			}
			return true
		})
		if closing < 0 {
			return e, ""
		}
		end = closing + 1
	}
	return e[:end], strings.TrimSpace(e[end:])
}

// directiveEntries splits the parenthesised list of a directive: columns
// or expressions, or an enum's values.
func directiveEntries(verb, name, inner string) ([]string, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("sqlmap:%s: "+format, append([]any{verb}, args...)...)
	}
	parts, err := layout.SplitOptions(inner)
	if err != nil {
		return nil, bad("%s%w", prefixName(name), err)
	}
	var list []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil, bad("%sempty entry in (%s)", prefixName(name), inner)
		}
		if verb == dirEnum {
			v, err := enumValue(p)
			if err != nil {
				return nil, bad("%s%w", prefixName(name), err)
			}
			p = v
		}
		list = append(list, p)
	}
	return list, nil
}

// label names the directive in messages: "sqlmap:index users_email".
func (d directive) label() string {
	if d.name == "" {
		return "sqlmap:" + d.verb
	}
	return "sqlmap:" + d.verb + " " + d.name
}

func prefixName(name string) string {
	if name == "" {
		return ""
	}
	return name + ": "
}

// enumValue is a bare word or a quoted SQL string.
func enumValue(s string) (string, error) {
	if s[0] == '\'' {
		if len(s) < 2 || s[len(s)-1] != '\'' || strings.Contains(strings.ReplaceAll(s[1:len(s)-1], "''", ""), "'") {
			return "", fmt.Errorf("malformed quoted value %s", s)
		}
		return unquoteSQL(s), nil
	}
	if strings.ContainsAny(s, " \t'\"()") {
		return "", fmt.Errorf("value %q must be a bare word or 'quoted'", s)
	}
	return s, nil
}

// cutWord splits off the first space-separated word.
func cutWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i], strings.TrimSpace(s[i:])
	}
	return s, ""
}

// outerParens takes the outermost balanced parentheses at the start of s,
// so that expressions inside may have parentheses (and quoted ones) of
// their own.
func outerParens(s string) (inner, after string, err error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "(") {
		return "", "", errors.New("want (...)")
	}
	end := -1
	quote, _, err := layout.ScanTopLevel(s, func(i int, c byte, depth int) bool {
		if c == ')' && depth == 0 {
			end = i
			return false
		}
		return true
	})
	switch {
	case end >= 0:
		return s[1:end], strings.TrimSpace(s[end+1:]), nil
	case err != nil:
		return "", "", err
	case quote != 0:
		return "", "", fmt.Errorf("unterminated %c quote", quote)
	}
	return "", "", errors.New("unbalanced parentheses")
}
