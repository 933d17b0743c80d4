package schema_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// Table tests of Diff, in the style of atlas's TestPlanChanges: two
// schemas in the spelling PostgreSQL's catalog prints (both sides of a
// real diff are inspected), the plan's exact steps out. None of them
// needs a database.
//
// Besides what each case states, every case is held to what any plan
// must satisfy (dtCheck):
//   - Diff leaves its inputs as they were;
//   - no may-fail-on-rows hazard before Resolve looked at the rows;
//   - the down file undoes the steps in exactly reverse order;
//   - replayed over a model of the database (dtDB: tables, columns,
//     constraint and index names, enum types), each up and down
//     statement names only objects that exist when it runs, drops
//     nothing another object still needs, the up leaves the managed
//     tables with the desired columns and the down brings back exactly
//     the tables, columns, constraints, indexes and enums of actual.
//
// A case with bug set states what is right and fails today: it is
// skipped with what goes wrong, and fails once the bug is fixed, so that
// the note is dropped then.

type dtStep struct {
	summary     string
	up, down    []string
	hazards     []schema.Hazard // exact; a want with an empty Message matches any message
	downHazards []schema.Hazard
}

type dtCase struct {
	name            string
	actual, desired *schema.Schema
	opts            schema.Options
	summaries       []string // the plan's exact Summary list, in order
	steps           []dtStep // steps checked in full, found by Summary
	unmanaged       []string
	hints           []schema.Hint
	err             string                      // Diff's exact error
	check           func(*schema.Plan) []string // more checks
}

func hz(kind schema.HazardKind, object, message string) schema.Hazard {
	return schema.Hazard{Kind: kind, Object: object, Message: message}
}

func dtRun(t *testing.T, cases []dtCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("two cases named %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			problems := dtCheck(tc)
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

func dtSummaries(p *schema.Plan) []string {
	var out []string
	for _, c := range p.Steps {
		out = append(out, c.Summary)
	}
	return out
}

func dtList(ss []string) string {
	if len(ss) == 0 {
		return "(none)"
	}
	return "\n\t" + strings.Join(ss, "\n\t")
}

func dtHazards(hs []schema.Hazard) string {
	if len(hs) == 0 {
		return "(none)"
	}
	var out []string
	for _, h := range hs {
		out = append(out, fmt.Sprintf("%s %s: %s", h.Kind, h.Object, h.Message))
	}
	return dtList(out)
}

func dtSameHazards(got, want []schema.Hazard) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].Kind != want[i].Kind || got[i].Object != want[i].Object ||
			(want[i].Message != "" && got[i].Message != want[i].Message) {
			return false
		}
	}
	return true
}

func dtHints(hs []schema.Hint) []string {
	var out []string
	for _, h := range hs {
		s := h.Message
		if h.Rename != nil {
			s += fmt.Sprintf(" [rename %+v]", *h.Rename)
		}
		out = append(out, s)
	}
	return out
}

// dtCheck runs one case and lists what is wrong with the result.
func dtCheck(tc dtCase) []string {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	actualDump, desiredDump := tc.actual.Dump(), tc.desired.Dump()
	diff, err := schema.Diff(tc.actual, tc.desired, tc.opts)
	if tc.actual.Dump() != actualDump || tc.desired.Dump() != desiredDump {
		fail("Diff modified its input schemas")
	}
	if tc.err != "" {
		if err == nil || err.Error() != tc.err {
			fail("error:\n\tgot  %v\n\twant %s", err, tc.err)
		}
		if diff != nil {
			fail("changes came with the error: %d", len(diff.Changes))
		}
		return problems
	}
	if err != nil {
		return append(problems, fmt.Sprintf("Diff: %v", err))
	}
	plan := schema.PlanChanges(diff)
	if len(plan.Steps) != len(diff.Changes) {
		fail("%d changes planned as %d steps", len(diff.Changes), len(plan.Steps))
	}

	got := dtSummaries(plan)
	for _, c := range plan.Steps {
		if want := kindOfSummary(c.Summary); c.Kind != want || c.Change == nil || c.Change.Kind() != want {
			fail("%q: kind %q, want %q", c.Summary, c.Kind, want)
		}
		if a, ok := c.Change.(schema.AlterColumn); c.Kind == schema.KindAlterColumn && (!ok || a.From == nil || a.To == nil || len(a.What) == 0) {
			fail("%q: an alter-column step carries the column before and after, and what changes", c.Summary)
		}
	}
	if !slices.Equal(got, tc.summaries) {
		fail("summaries: got %s\nwant %s", dtList(got), dtList(tc.summaries))
	}
	for _, s := range tc.steps {
		var c *schema.Step
		for _, pc := range plan.Steps {
			if pc.Summary == s.summary {
				if c != nil {
					fail("two steps %q", s.summary)
				}
				c = pc
			}
		}
		if c == nil {
			fail("no step %q", s.summary)
			continue
		}
		if !slices.Equal(c.Up, s.up) {
			fail("%s: up: got %s\nwant %s", s.summary, dtList(c.Up), dtList(s.up))
		}
		if !slices.Equal(c.Down, s.down) {
			fail("%s: down: got %s\nwant %s", s.summary, dtList(c.Down), dtList(s.down))
		}
		if !dtSameHazards(c.Hazards, s.hazards) {
			fail("%s: hazards: got %s\nwant %s", s.summary, dtHazards(c.Hazards), dtHazards(s.hazards))
		}
		if !dtSameHazards(c.DownHazards, s.downHazards) {
			fail("%s: down hazards: got %s\nwant %s", s.summary, dtHazards(c.DownHazards), dtHazards(s.downHazards))
		}
	}
	if !slices.Equal(plan.Unmanaged, tc.unmanaged) {
		fail("unmanaged: got %s\nwant %s", dtList(plan.Unmanaged), dtList(tc.unmanaged))
	}
	if g, w := dtHints(plan.Hints), dtHints(tc.hints); !slices.Equal(g, w) {
		fail("hints: got %s\nwant %s", dtList(g), dtList(w))
	}
	if tc.check != nil {
		problems = append(problems, tc.check(plan)...)
	}

	// What every plan must satisfy.
	if h := plan.HazardsOf([]schema.HazardKind{schema.MayFailOnRows}); len(h) > 0 {
		fail("may-fail-on-rows before Resolve: %s", dtHazards(h))
	}
	for _, c := range plan.Steps {
		for _, h := range append(slices.Clone(c.Hazards), c.DownHazards...) {
			if h.Kind == schema.MayFailOnRows {
				fail("%s: may-fail-on-rows before Resolve", c.Summary)
			}
		}
	}
	up, down := schema.Format(plan)
	var upOrder, downOrder []string
	for _, l := range strings.Split(up, "\n") {
		if s, ok := strings.CutPrefix(l, "-- "); ok && slices.Contains(got, s) {
			upOrder = append(upOrder, s)
		}
	}
	for _, l := range strings.Split(down, "\n") {
		if s, ok := strings.CutPrefix(l, "-- undo: "); ok {
			downOrder = append(downOrder, s)
		}
	}
	reversed := slices.Clone(got)
	slices.Reverse(reversed)
	if !slices.Equal(upOrder, got) {
		fail("up file steps: got %s\nwant %s", dtList(upOrder), dtList(got))
	}
	if !slices.Equal(downOrder, reversed) {
		fail("down file steps: got %s\nwant the up's reversed %s", dtList(downOrder), dtList(reversed))
	}
	problems = append(problems, dtReplay(tc.actual, tc.desired, plan)...)
	return problems
}

// dtReplay runs the plan's up then its down over a model of actual.
func dtReplay(actual, desired *schema.Schema, plan *schema.Plan) []string {
	var problems []string
	enums := map[string]bool{}
	for _, s := range []*schema.Schema{actual, desired} {
		for _, e := range s.Enums {
			enums[e.Name] = true
		}
		// A column of an enum no model declares still names one.
		for _, t := range s.Tables {
			for _, c := range t.Columns {
				if n := dtEnumOf(c.Type); n != "" && (actual.Enum(n) != nil || desired.Enum(n) != nil) {
					enums[n] = true
				}
			}
		}
	}
	db := dtState(actual, enums)
	for _, c := range plan.Steps {
		for _, s := range c.Up {
			if err := db.exec(s); err != nil {
				problems = append(problems, fmt.Sprintf("up, %s: %v\n\tstatement: %s", c.Summary, err, s))
			}
		}
	}
	want := dtState(desired, enums)
	for name, wt := range want.tables {
		gt := db.tables[name]
		if gt == nil {
			problems = append(problems, fmt.Sprintf("after the up there is no table %s", name))
			continue
		}
		if g, w := dtKeys(gt.cols), dtKeys(wt.cols); !slices.Equal(g, w) {
			problems = append(problems, fmt.Sprintf("after the up %s has the columns %q, want %q", name, g, w))
		}
	}
	for name := range db.tables {
		if want.tables[name] == nil && !slices.Contains(plan.Unmanaged, name) {
			problems = append(problems, fmt.Sprintf("after the up there is still a table %s", name))
		}
	}
	for i := len(plan.Steps) - 1; i >= 0; i-- {
		c := plan.Steps[i]
		for _, s := range c.Down {
			if err := db.exec(s); err != nil {
				problems = append(problems, fmt.Sprintf("down, undo %s: %v\n\tstatement: %s", c.Summary, err, s))
			}
		}
	}
	if g, w := db.String(), dtState(actual, enums).String(); g != w {
		problems = append(problems, fmt.Sprintf("after the down:\n%s\nwant what there was:\n%s", g, w))
	}
	return problems
}

// dtDB models what statements need to exist: tables with their columns
// (and the enum each uses) and constraints (and the table a foreign key
// refers to), indexes and enum types.
type dtDB struct {
	tables     map[string]*dtTable
	indexes    map[string]string // index → table
	enums      map[string]bool
	knownEnums map[string]bool // names that are enum types in either schema
}

type dtTable struct {
	cols map[string]string // column → the enum type it uses, or ""
	cons map[string]string // constraint → the table a foreign key refers to, or ""
}

func dtKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func dtEnumOf(typ string) string {
	return strings.Trim(strings.TrimRight(typ, "[]"), `"`)
}

func dtState(s *schema.Schema, knownEnums map[string]bool) *dtDB {
	db := &dtDB{tables: map[string]*dtTable{}, indexes: map[string]string{}, enums: map[string]bool{}, knownEnums: knownEnums}
	for _, e := range s.Enums {
		db.enums[e.Name] = true
	}
	for _, t := range s.Tables {
		dt := &dtTable{cols: map[string]string{}, cons: map[string]string{}}
		for _, c := range t.Columns {
			dt.cols[c.Name] = ""
			if n := dtEnumOf(c.Type); knownEnums[n] {
				dt.cols[c.Name] = n
			}
		}
		if t.PrimaryKey != nil {
			dt.cons[t.PrimaryKey.Name] = ""
		}
		for _, u := range t.Uniques {
			dt.cons[u.Name] = ""
		}
		for _, c := range t.Checks {
			dt.cons[c.Name] = ""
		}
		for _, fk := range t.ForeignKeys {
			dt.cons[fk.Name] = fk.RefTable
		}
		for _, ix := range t.Indexes {
			db.indexes[ix.Name] = t.Name
		}
		db.tables[t.Name] = dt
	}
	return db
}

func (db *dtDB) String() string {
	var lines []string
	for _, e := range dtKeys(db.enums) {
		lines = append(lines, "enum "+e)
	}
	for _, name := range dtKeys(db.tables) {
		t := db.tables[name]
		for _, c := range dtKeys(t.cols) {
			lines = append(lines, fmt.Sprintf("column %s.%s %s", name, c, t.cols[c]))
		}
		for _, c := range dtKeys(t.cons) {
			lines = append(lines, fmt.Sprintf("constraint %s.%s %s", name, c, t.cons[c]))
		}
	}
	for _, ix := range dtKeys(db.indexes) {
		lines = append(lines, fmt.Sprintf("index %s on %s", ix, db.indexes[ix]))
	}
	return "\t" + strings.Join(lines, "\n\t")
}

// dtIdent reads the identifier s starts with, quoted or not.
func dtIdent(s string) (name, rest string, err error) {
	s = strings.TrimLeft(s, " ")
	if strings.HasPrefix(s, `"`) {
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			if s[i] == '"' {
				if i+1 < len(s) && s[i+1] == '"' {
					b.WriteByte('"')
					i++
					continue
				}
				return b.String(), s[i+1:], nil
			}
			b.WriteByte(s[i])
		}
		return "", s, fmt.Errorf("unterminated identifier in %q", s)
	}
	i := 0
	for i < len(s) && (s[i] == '_' || s[i] == '$' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9') {
		i++
	}
	if i == 0 {
		return "", s, fmt.Errorf("no identifier at %q", s)
	}
	return s[:i], s[i:], nil
}

// dtIdentList reads "(a, b)" at the start of s; elements that are not
// plain identifiers (expressions) come back as "".
func dtIdentList(s string) (names []string, rest string, err error) {
	s = strings.TrimLeft(s, " ")
	if !strings.HasPrefix(s, "(") {
		return nil, s, fmt.Errorf("no list at %q", s)
	}
	depth, start := 0, 1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				names = append(names, dtPlain(s[start:i]))
				return names, s[i+1:], nil
			}
		case ',':
			if depth == 1 {
				names = append(names, dtPlain(s[start:i]))
				start = i + 1
			}
		}
	}
	return nil, s, fmt.Errorf("unterminated list at %q", s)
}

func dtPlain(s string) string {
	name, rest, err := dtIdent(strings.TrimSpace(s))
	if err != nil || rest != "" {
		return ""
	}
	return name
}

func (db *dtDB) table(name string) (*dtTable, error) {
	t := db.tables[name]
	if t == nil {
		return nil, fmt.Errorf("relation %q does not exist", name)
	}
	return t, nil
}

func (db *dtDB) hasColumns(table string, cols []string) error {
	t, err := db.table(table)
	if err != nil {
		return err
	}
	for _, c := range cols {
		if _, ok := t.cols[c]; c != "" && !ok {
			return fmt.Errorf("column %q of relation %q does not exist", c, table)
		}
	}
	return nil
}

// columnType reads a column definition's type for the enum it names.
func (db *dtDB) columnEnum(def string) (string, error) {
	typ, _, err := dtIdent(def)
	if err != nil {
		return "", err
	}
	if !db.knownEnums[typ] {
		return "", nil
	}
	if !db.enums[typ] {
		return "", fmt.Errorf("type %q does not exist", typ)
	}
	return typ, nil
}

// constraint checks the column lists of a constraint definition and
// returns the table a foreign key refers to.
func (db *dtDB) constraint(table, def string) (string, error) {
	for _, kw := range []string{"PRIMARY KEY ", "UNIQUE ", "FOREIGN KEY "} {
		rest, ok := strings.CutPrefix(def, kw)
		if !ok {
			continue
		}
		cols, rest, err := dtIdentList(rest)
		if err != nil {
			return "", err
		}
		if err := db.hasColumns(table, cols); err != nil {
			return "", err
		}
		if kw != "FOREIGN KEY " {
			return "", nil
		}
		rest, ok = strings.CutPrefix(rest, " REFERENCES ")
		if !ok {
			return "", fmt.Errorf("no REFERENCES in %q", def)
		}
		ref, rest, err := dtIdent(rest)
		if err != nil {
			return "", err
		}
		refCols, _, err := dtIdentList(rest)
		if err != nil {
			return "", err
		}
		return ref, db.hasColumns(ref, refCols)
	}
	if strings.HasPrefix(def, "CHECK (") {
		return "", nil
	}
	return "", fmt.Errorf("unknown constraint %q", def)
}

func (db *dtDB) dependents(table string) error {
	for name, t := range db.tables {
		for con, ref := range t.cons {
			if ref == table && name != table {
				return fmt.Errorf("cannot drop table %s because constraint %s on table %s depends on it", table, con, name)
			}
		}
	}
	return nil
}

// exec applies one statement of the kinds Diff drafts, or says why
// PostgreSQL would refuse it.
func (db *dtDB) exec(stmt string) error {
	switch {
	case strings.HasPrefix(stmt, "CREATE TABLE "):
		name, rest, err := dtIdent(strings.TrimPrefix(stmt, "CREATE TABLE "))
		if err != nil {
			return err
		}
		if db.tables[name] != nil {
			return fmt.Errorf("relation %q already exists", name)
		}
		t := &dtTable{cols: map[string]string{}, cons: map[string]string{}}
		db.tables[name] = t
		var defs [][2]string
		for _, line := range strings.Split(rest, "\n") {
			line, ok := strings.CutPrefix(line, "    ")
			if !ok {
				continue
			}
			line = strings.TrimSuffix(line, ",")
			if after, ok := strings.CutPrefix(line, "CONSTRAINT "); ok {
				con, def, err := dtIdent(after)
				if err != nil {
					return err
				}
				t.cons[con] = ""
				defs = append(defs, [2]string{con, strings.TrimSpace(def)})
				continue
			}
			if strings.HasPrefix(line, "PRIMARY KEY (") || strings.HasPrefix(line, "UNIQUE (") || strings.HasPrefix(line, "CHECK (") {
				defs = append(defs, [2]string{"", line})
				continue
			}
			col, def, err := dtIdent(line)
			if err != nil {
				return err
			}
			if t.cols[col], err = db.columnEnum(def); err != nil {
				delete(db.tables, name)
				return err
			}
		}
		for _, d := range defs {
			if _, err := db.constraint(name, d[1]); err != nil {
				delete(db.tables, name)
				return err
			}
		}
		return nil
	case strings.HasPrefix(stmt, "DROP TABLE "):
		name, _, err := dtIdent(strings.TrimPrefix(stmt, "DROP TABLE "))
		if err != nil {
			return err
		}
		if _, err := db.table(name); err != nil {
			return err
		}
		if err := db.dependents(name); err != nil {
			return err
		}
		delete(db.tables, name)
		for ix, t := range db.indexes {
			if t == name {
				delete(db.indexes, ix)
			}
		}
		return nil
	case strings.HasPrefix(stmt, "ALTER TABLE "):
		name, rest, err := dtIdent(strings.TrimPrefix(stmt, "ALTER TABLE "))
		if err != nil {
			return err
		}
		t, err := db.table(name)
		if err != nil {
			return err
		}
		rest = strings.TrimLeft(rest, " ")
		switch {
		case strings.HasPrefix(rest, "RENAME TO "):
			to, _, err := dtIdent(strings.TrimPrefix(rest, "RENAME TO "))
			if err != nil {
				return err
			}
			if db.tables[to] != nil {
				return fmt.Errorf("relation %q already exists", to)
			}
			delete(db.tables, name)
			db.tables[to] = t
			for ix, it := range db.indexes {
				if it == name {
					db.indexes[ix] = to
				}
			}
			for _, ot := range db.tables {
				for con, ref := range ot.cons {
					if ref == name {
						ot.cons[con] = to
					}
				}
			}
			return nil
		case strings.HasPrefix(rest, "RENAME COLUMN "):
			from, r, err := dtIdent(strings.TrimPrefix(rest, "RENAME COLUMN "))
			if err != nil {
				return err
			}
			r, ok := strings.CutPrefix(r, " TO ")
			if !ok {
				return fmt.Errorf("no TO in %q", stmt)
			}
			to, _, err := dtIdent(r)
			if err != nil {
				return err
			}
			enum, ok := t.cols[from]
			if !ok {
				return fmt.Errorf("column %q does not exist", from)
			}
			if _, ok := t.cols[to]; ok {
				return fmt.Errorf("column %q of relation %q already exists", to, name)
			}
			delete(t.cols, from)
			t.cols[to] = enum
			return nil
		case strings.HasPrefix(rest, "ADD COLUMN "):
			col, def, err := dtIdent(strings.TrimPrefix(rest, "ADD COLUMN "))
			if err != nil {
				return err
			}
			if _, ok := t.cols[col]; ok {
				return fmt.Errorf("column %q of relation %q already exists", col, name)
			}
			enum, err := db.columnEnum(def)
			if err != nil {
				return err
			}
			t.cols[col] = enum
			return nil
		case strings.HasPrefix(rest, "DROP COLUMN "):
			col, _, err := dtIdent(strings.TrimPrefix(rest, "DROP COLUMN "))
			if err != nil {
				return err
			}
			if _, ok := t.cols[col]; !ok {
				return fmt.Errorf("column %q of relation %q does not exist", col, name)
			}
			delete(t.cols, col)
			return nil
		case strings.HasPrefix(rest, "ALTER COLUMN "):
			col, r, err := dtIdent(strings.TrimPrefix(rest, "ALTER COLUMN "))
			if err != nil {
				return err
			}
			if _, ok := t.cols[col]; !ok {
				return fmt.Errorf("column %q of relation %q does not exist", col, name)
			}
			if typ, ok := strings.CutPrefix(r, " TYPE "); ok {
				if t.cols[col], err = db.columnEnum(typ); err != nil {
					return err
				}
			}
			return nil
		case strings.HasPrefix(rest, "ADD CONSTRAINT "):
			con, def, err := dtIdent(strings.TrimPrefix(rest, "ADD CONSTRAINT "))
			if err != nil {
				return err
			}
			if _, ok := t.cons[con]; ok {
				return fmt.Errorf("constraint %q for relation %q already exists", con, name)
			}
			ref, err := db.constraint(name, strings.TrimSpace(def))
			if err != nil {
				return err
			}
			t.cons[con] = ref
			return nil
		case strings.HasPrefix(rest, "DROP CONSTRAINT "):
			con, _, err := dtIdent(strings.TrimPrefix(rest, "DROP CONSTRAINT "))
			if err != nil {
				return err
			}
			if _, ok := t.cons[con]; !ok {
				return fmt.Errorf("constraint %q of relation %q does not exist", con, name)
			}
			delete(t.cons, con)
			return nil
		}
	case strings.HasPrefix(stmt, "CREATE INDEX "), strings.HasPrefix(stmt, "CREATE UNIQUE INDEX "):
		rest := strings.TrimPrefix(strings.TrimPrefix(stmt, "CREATE "), "UNIQUE ")
		ix, rest, err := dtIdent(strings.TrimPrefix(rest, "INDEX "))
		if err != nil {
			return err
		}
		rest, ok := strings.CutPrefix(rest, " ON ")
		if !ok {
			return fmt.Errorf("no ON in %q", stmt)
		}
		table, rest, err := dtIdent(rest)
		if err != nil {
			return err
		}
		if r, ok := strings.CutPrefix(rest, " USING "); ok {
			if _, rest, err = dtIdent(r); err != nil {
				return err
			}
		}
		cols, _, err := dtIdentList(rest)
		if err != nil {
			return err
		}
		if err := db.hasColumns(table, cols); err != nil {
			return err
		}
		if _, ok := db.indexes[ix]; ok {
			return fmt.Errorf("relation %q already exists", ix)
		}
		db.indexes[ix] = table
		return nil
	case strings.HasPrefix(stmt, "DROP INDEX "):
		ix, _, err := dtIdent(strings.TrimPrefix(stmt, "DROP INDEX "))
		if err != nil {
			return err
		}
		if _, ok := db.indexes[ix]; !ok {
			return fmt.Errorf("index %q does not exist", ix)
		}
		delete(db.indexes, ix)
		return nil
	case strings.HasPrefix(stmt, "COMMENT ON TABLE "):
		name, _, err := dtIdent(strings.TrimPrefix(stmt, "COMMENT ON TABLE "))
		if err != nil {
			return err
		}
		_, err = db.table(name)
		return err
	case strings.HasPrefix(stmt, "COMMENT ON COLUMN "):
		name, rest, err := dtIdent(strings.TrimPrefix(stmt, "COMMENT ON COLUMN "))
		if err != nil {
			return err
		}
		col, _, err := dtIdent(strings.TrimPrefix(rest, "."))
		if err != nil {
			return err
		}
		return db.hasColumns(name, []string{col})
	case strings.HasPrefix(stmt, "ANALYZE "):
		name, rest, err := dtIdent(strings.TrimPrefix(stmt, "ANALYZE "))
		if err != nil {
			return err
		}
		if db.tables[name] == nil {
			return fmt.Errorf("relation %q does not exist", name)
		}
		cols, _, err := dtIdentList(strings.TrimSpace(rest))
		if err != nil {
			return err
		}
		return db.hasColumns(name, cols)
	case strings.HasPrefix(stmt, "CREATE TYPE "):
		name, _, err := dtIdent(strings.TrimPrefix(stmt, "CREATE TYPE "))
		if err != nil {
			return err
		}
		if db.enums[name] {
			return fmt.Errorf("type %q already exists", name)
		}
		db.enums[name] = true
		return nil
	case strings.HasPrefix(stmt, "DROP TYPE "):
		name, _, err := dtIdent(strings.TrimPrefix(stmt, "DROP TYPE "))
		if err != nil {
			return err
		}
		if !db.enums[name] {
			return fmt.Errorf("type %q does not exist", name)
		}
		for tn, t := range db.tables {
			for c, e := range t.cols {
				if e == name {
					return fmt.Errorf("cannot drop type %s because column %s of table %s depends on it", name, c, tn)
				}
			}
		}
		delete(db.enums, name)
		return nil
	case strings.HasPrefix(stmt, "ALTER TYPE "):
		name, rest, err := dtIdent(strings.TrimPrefix(stmt, "ALTER TYPE "))
		if err != nil {
			return err
		}
		if !db.enums[name] {
			return fmt.Errorf("type %q does not exist", name)
		}
		if to, ok := strings.CutPrefix(rest, " RENAME TO "); ok {
			// Columns follow the type, as PostgreSQL's follow its oid.
			newName, _, err := dtIdent(to)
			if err != nil {
				return err
			}
			if db.enums[newName] {
				return fmt.Errorf("type %q already exists", newName)
			}
			delete(db.enums, name)
			db.enums[newName] = true
			for _, t := range db.tables {
				for c, e := range t.cols {
					if e == name {
						t.cols[c] = newName
					}
				}
			}
		}
		return nil
	}
	return fmt.Errorf("the replay does not know this statement")
}

// Schemas, in the spelling PostgreSQL's catalog prints.

func dtSchema(tables ...*schema.Table) *schema.Schema { return &schema.Schema{Tables: tables} }

func dtWith(t *schema.Table, mods ...func(*schema.Table)) *schema.Table {
	for _, m := range mods {
		m(t)
	}
	return t
}

func dtCols(cols ...*schema.Column) func(*schema.Table) {
	return func(t *schema.Table) { t.Columns = append(t.Columns, cols...) }
}

// dtUsers is users(id bigint identity primary key, email varchar(120)
// not null unique), with more columns.
func dtUsers(cols ...*schema.Column) *schema.Table {
	return &schema.Table{
		Name: "users",
		Columns: append([]*schema.Column{
			{Name: "id", Type: "bigint", NotNull: true, Identity: schema.IdentityByDefault},
			{Name: "email", Type: "character varying(120)", NotNull: true},
		}, cols...),
		PrimaryKey: &schema.PrimaryKey{Name: "users_pkey", Columns: []string{"id"}},
		Uniques:    []*schema.Unique{{Name: "users_email_key", Columns: []string{"email"}}},
	}
}

// dtPosts is posts(id, user_id references users(id), title), the key's
// delete action given.
func dtPosts(onDelete string) *schema.Table {
	return &schema.Table{
		Name: "posts",
		Columns: []*schema.Column{
			{Name: "id", Type: "bigint", NotNull: true},
			{Name: "user_id", Type: "bigint", NotNull: true},
			{Name: "title", Type: "text", NotNull: true},
		},
		PrimaryKey:  &schema.PrimaryKey{Name: "posts_pkey", Columns: []string{"id"}},
		ForeignKeys: []*schema.ForeignKey{{Name: "posts_user_id_fkey", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: onDelete}},
	}
}

// dtLegacy is a table no model describes, referring to users.
func dtLegacy() *schema.Table {
	return &schema.Table{
		Name: "legacy",
		Columns: []*schema.Column{
			{Name: "id", Type: "bigint", NotNull: true},
			{Name: "user_id", Type: "bigint"},
			{Name: "note", Type: "text", NotNull: true, Default: "''::text", Comment: "free text"},
		},
		PrimaryKey:  &schema.PrimaryKey{Name: "legacy_pkey", Columns: []string{"id"}},
		ForeignKeys: []*schema.ForeignKey{{Name: "legacy_user_id_fkey", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
		Indexes:     []*schema.Index{{Name: "legacy_user_idx", Columns: []string{"user_id"}, Method: "btree"}},
	}
}

// dtRenamed gives t another name, its constraints keeping theirs (as
// PostgreSQL keeps them on ALTER TABLE ... RENAME).
func dtRenamed(t *schema.Table, name string) *schema.Table {
	t.Name = name
	return t
}

func dtAccounts() *schema.Table {
	t := dtRenamed(dtUsers(), "accounts")
	t.PrimaryKey.Name = "accounts_pkey"
	t.Uniques[0].Name = "accounts_email_key"
	return t
}

func dtPostsOf(table string) *schema.Table {
	p := dtPosts(schema.ActionCascade)
	p.ForeignKeys[0].RefTable = table
	return p
}

const usersCreate = "CREATE TABLE users (\n" +
	"    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n" +
	"    email character varying(120) NOT NULL,\n" +
	"    CONSTRAINT users_pkey PRIMARY KEY (id),\n" +
	"    CONSTRAINT users_email_key UNIQUE (email)\n" +
	")"

const postsCreate = "CREATE TABLE posts (\n" +
	"    id bigint NOT NULL,\n" +
	"    user_id bigint NOT NULL,\n" +
	"    title text NOT NULL,\n" +
	"    CONSTRAINT posts_pkey PRIMARY KEY (id)\n" +
	")"

func TestDiffTableTables(t *testing.T) {
	dtRun(t, []dtCase{
		{
			name:   "create table with its constraints, index and comments",
			actual: dtSchema(),
			desired: dtSchema(dtWith(dtUsers(&schema.Column{Name: "bio", Type: "text", Default: "''::text", Comment: "About me"}), func(t *schema.Table) {
				t.Checks = []*schema.Check{{Name: "users_email_check", Expr: "length(email::text) > 3"}}
				t.Indexes = []*schema.Index{{Name: "users_bio_idx", Columns: []string{"bio"}, Method: "btree"}}
				t.Comment = "People"
			})),
			summaries: []string{"create table users"},
			steps: []dtStep{{
				summary: "create table users",
				up: []string{
					"CREATE TABLE users (\n" +
						"    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n" +
						"    email character varying(120) NOT NULL,\n" +
						"    bio text DEFAULT ''::text,\n" +
						"    CONSTRAINT users_pkey PRIMARY KEY (id),\n" +
						"    CONSTRAINT users_email_key UNIQUE (email),\n" +
						"    CONSTRAINT users_email_check CHECK (length(email::text) > 3)\n" +
						")",
					"CREATE INDEX users_bio_idx ON users (bio)",
					"COMMENT ON TABLE users IS 'People'",
					"COMMENT ON COLUMN users.bio IS 'About me'",
				},
				down: []string{"DROP TABLE users"},
			}},
		},
		{
			name:      "create table that refers to an existing one: its foreign key comes after",
			actual:    dtSchema(dtUsers()),
			desired:   dtSchema(dtUsers(), dtPosts(schema.ActionCascade)),
			summaries: []string{"create table posts", "add foreign key posts_user_id_fkey on posts"},
			steps: []dtStep{
				{summary: "create table posts", up: []string{postsCreate}, down: []string{"DROP TABLE posts"}},
				{
					summary: "add foreign key posts_user_id_fkey on posts",
					up:      []string{"ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"},
					down:    []string{"ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey"},
				},
			},
		},
		{
			name:   "create tables that refer to each other: both tables, then both keys",
			actual: dtSchema(),
			desired: dtSchema(dtWith(dtUsers(&schema.Column{Name: "best_post_id", Type: "bigint"}), func(t *schema.Table) {
				t.ForeignKeys = []*schema.ForeignKey{{Name: "users_best_post_id_fkey", Columns: []string{"best_post_id"}, RefTable: "posts", RefColumns: []string{"id"}, OnDelete: schema.ActionSetNull}}
			}), dtPosts(schema.ActionNoAction)),
			summaries: []string{
				"create table posts",
				"create table users",
				"add foreign key posts_user_id_fkey on posts",
				"add foreign key users_best_post_id_fkey on users",
			},
			steps: []dtStep{
				{
					summary: "add foreign key users_best_post_id_fkey on users",
					up:      []string{"ALTER TABLE users ADD CONSTRAINT users_best_post_id_fkey FOREIGN KEY (best_post_id) REFERENCES posts(id) ON DELETE SET NULL"},
					down:    []string{"ALTER TABLE users DROP CONSTRAINT users_best_post_id_fkey"},
				},
				{
					summary: "add foreign key posts_user_id_fkey on posts",
					up:      []string{"ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)"},
					down:    []string{"ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey"},
				},
			},
		},
		{
			name:   "names that need quotes are quoted",
			actual: dtSchema(),
			desired: dtSchema(&schema.Table{
				Name: "user",
				Columns: []*schema.Column{
					{Name: "order", Type: "integer", NotNull: true},
					{Name: "Name", Type: "text", Comment: "it's"},
				},
				PrimaryKey: &schema.PrimaryKey{Name: "user_pkey", Columns: []string{"order"}},
				Uniques:    []*schema.Unique{{Name: "user_Name_key", Columns: []string{"Name"}}},
			}),
			summaries: []string{"create table user"},
			steps: []dtStep{{
				summary: "create table user",
				up: []string{
					"CREATE TABLE \"user\" (\n" +
						"    \"order\" integer NOT NULL,\n" +
						"    \"Name\" text,\n" +
						"    CONSTRAINT user_pkey PRIMARY KEY (\"order\"),\n" +
						"    CONSTRAINT \"user_Name_key\" UNIQUE (\"Name\")\n" +
						")",
					"COMMENT ON COLUMN \"user\".\"Name\" IS 'it''s'",
				},
				down: []string{"DROP TABLE \"user\""},
			}},
		},
		{
			name:      "tables no model describes are left alone, and listed sorted",
			actual:    dtSchema(dtUsers(), dtLegacy(), &schema.Table{Name: "archive", Columns: []*schema.Column{{Name: "id", Type: "bigint"}}}),
			desired:   dtSchema(dtUsers()),
			summaries: nil,
			unmanaged: []string{"archive", "legacy"},
		},
		{
			name:      "prune drops a table no model describes, its foreign keys first",
			actual:    dtSchema(dtLegacy(), dtUsers()),
			desired:   dtSchema(dtUsers()),
			opts:      schema.Options{Prune: true},
			summaries: []string{"drop foreign key legacy_user_id_fkey on legacy", "drop table legacy"},
			steps: []dtStep{
				{
					summary: "drop foreign key legacy_user_id_fkey on legacy",
					up:      []string{"ALTER TABLE legacy DROP CONSTRAINT legacy_user_id_fkey"},
					down:    []string{"ALTER TABLE legacy ADD CONSTRAINT legacy_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)"},
					// The down re-creates the table empty: no row can fail the key.
					downHazards: nil,
				},
				{
					summary: "drop table legacy",
					up:      []string{"DROP TABLE legacy"},
					down: []string{
						"CREATE TABLE legacy (\n" +
							"    id bigint NOT NULL,\n" +
							"    user_id bigint,\n" +
							"    note text NOT NULL DEFAULT ''::text,\n" +
							"    CONSTRAINT legacy_pkey PRIMARY KEY (id)\n" +
							")",
						"CREATE INDEX legacy_user_idx ON legacy (user_id)",
						"COMMENT ON COLUMN legacy.note IS 'free text'",
					},
					hazards:     []schema.Hazard{hz(schema.DeletesData, "legacy", "drops table legacy and every row in it")},
					downHazards: []schema.Hazard{hz(schema.Irreversible, "legacy", "the structure of legacy comes back, its rows do not")},
				},
			},
		},
		{
			name:      "prune drops a table another dropped table refers to, keys first",
			actual:    dtSchema(dtUsers(), dtPosts(schema.ActionNoAction)),
			desired:   dtSchema(),
			opts:      schema.Options{Prune: true},
			summaries: []string{"drop foreign key posts_user_id_fkey on posts", "drop table posts", "drop table users"},
			steps: []dtStep{
				{
					summary:     "drop table users",
					up:          []string{"DROP TABLE users"},
					down:        []string{usersCreate},
					hazards:     []schema.Hazard{hz(schema.DeletesData, "users", "")},
					downHazards: []schema.Hazard{hz(schema.Irreversible, "users", "")},
				},
			},
		},
		{
			name:      "rename a table via the options: keys referring to it follow by themselves",
			actual:    dtSchema(dtAccounts(), dtPostsOf("accounts")),
			desired:   dtSchema(dtUsers(), dtPostsOf("users")),
			opts:      schema.Options{Renames: []schema.Rename{{From: "accounts", To: "users"}}},
			summaries: []string{"rename table accounts to users"},
			steps: []dtStep{{
				summary: "rename table accounts to users",
				up:      []string{"ALTER TABLE accounts RENAME TO users"},
				down:    []string{"ALTER TABLE users RENAME TO accounts"},
			}},
		},
		{
			name:      "rename a table and add a column: the column is added under the new name",
			actual:    dtSchema(dtAccounts()),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "nick", Type: "text"})),
			opts:      schema.Options{Renames: []schema.Rename{{From: "accounts", To: "users"}}, Prune: true},
			summaries: []string{"rename table accounts to users", "add column users.nick"},
			steps: []dtStep{{
				summary: "add column users.nick",
				up:      []string{"ALTER TABLE users ADD COLUMN nick text"},
				down:    []string{"ALTER TABLE users DROP COLUMN nick"},
			}},
		},
		{
			name:      "a table rename already applied changes nothing",
			actual:    dtSchema(dtUsers()),
			desired:   dtSchema(dtUsers()),
			opts:      schema.Options{Renames: []schema.Rename{{From: "accounts", To: "users"}}},
			summaries: nil,
		},
		{
			name:    "rename of a table the database lacks",
			actual:  dtSchema(),
			desired: dtSchema(dtUsers()),
			opts:    schema.Options{Renames: []schema.Rename{{From: "ghosts", To: "users"}}},
			err:     "schema: rename ghosts=users: the database has no table ghosts",
		},
		{
			name:    "rename to a table no model describes",
			actual:  dtSchema(dtAccounts()),
			desired: dtSchema(dtUsers()),
			opts:    schema.Options{Renames: []schema.Rename{{From: "accounts", To: "members"}}},
			err:     "schema: rename accounts=members: no model describes a table members",
		},
		{
			name:    "rename to a table the database has",
			actual:  dtSchema(dtAccounts(), dtUsers()),
			desired: dtSchema(dtUsers()),
			opts:    schema.Options{Renames: []schema.Rename{{From: "accounts", To: "users"}}},
			err:     "schema: rename accounts=users: the database already has a table users",
		},
		{
			name:    "rename of a column of a table no model describes",
			actual:  dtSchema(dtUsers()),
			desired: dtSchema(dtUsers()),
			opts:    schema.Options{Renames: []schema.Rename{{Table: "ghosts", From: "a", To: "b"}}},
			err:     "schema: rename ghosts.a=b: no model describes a table ghosts",
		},
		{
			name:      "table comment changed",
			actual:    dtSchema(dtWith(dtUsers(), func(t *schema.Table) { t.Comment = "Old" })),
			desired:   dtSchema(dtWith(dtUsers(), func(t *schema.Table) { t.Comment = "People's" })),
			summaries: []string{"comment on table users"},
			steps: []dtStep{{
				summary: "comment on table users",
				up:      []string{"COMMENT ON TABLE users IS 'People''s'"},
				down:    []string{"COMMENT ON TABLE users IS 'Old'"},
			}},
		},
		{
			name:      "table comment removed",
			actual:    dtSchema(dtWith(dtUsers(), func(t *schema.Table) { t.Comment = "Old" })),
			desired:   dtSchema(dtUsers()),
			summaries: []string{"comment on table users"},
			steps: []dtStep{{
				summary: "comment on table users",
				up:      []string{"COMMENT ON TABLE users IS NULL"},
				down:    []string{"COMMENT ON TABLE users IS 'Old'"},
			}},
		},
		{
			name:    "rename a table and drop a constraint of it",
			actual:  dtSchema(dtAccounts()),
			desired: dtSchema(dtWith(dtUsers(), func(t *schema.Table) { t.Uniques = nil })),
			opts:    schema.Options{Renames: []schema.Rename{{From: "accounts", To: "users"}}},
			// Renames go first, so the drop names the table as it is by then.
			summaries: []string{
				"rename table accounts to users",
				"drop unique constraint accounts_email_key on users",
			},
		},
		{
			name:    "rename a table and change a foreign key that refers to it",
			actual:  dtSchema(dtAccounts(), dtWith(dtPostsOf("accounts"), func(t *schema.Table) { t.ForeignKeys[0].OnDelete = schema.ActionNoAction })),
			desired: dtSchema(dtUsers(), dtPostsOf("users")),
			opts:    schema.Options{Renames: []schema.Rename{{From: "accounts", To: "users"}}},
			summaries: []string{
				"rename table accounts to users",
				"drop foreign key posts_user_id_fkey on posts",
				"add foreign key posts_user_id_fkey on posts",
			},
		},
	})
}

func TestDiffTableColumns(t *testing.T) {
	text := func(name string) *schema.Column { return &schema.Column{Name: name, Type: "text"} }
	dtRun(t, []dtCase{
		{
			name:      "add a nullable column",
			actual:    dtSchema(dtUsers()),
			desired:   dtSchema(dtUsers(text("nick"))),
			summaries: []string{"add column users.nick"},
			steps: []dtStep{{
				summary: "add column users.nick",
				up:      []string{"ALTER TABLE users ADD COLUMN nick text"},
				down:    []string{"ALTER TABLE users DROP COLUMN nick"},
			}},
		},
		{
			name:      "add a NOT NULL column without a default: no hazard until Resolve sees rows",
			actual:    dtSchema(dtUsers()),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "code", Type: "text", NotNull: true})),
			summaries: []string{"add column users.code"},
			steps: []dtStep{{
				summary: "add column users.code",
				up:      []string{"ALTER TABLE users ADD COLUMN code text NOT NULL"},
				down:    []string{"ALTER TABLE users DROP COLUMN code"},
			}},
			check: func(p *schema.Plan) []string {
				if h := p.HazardsOf(schema.HazardKinds()); len(h) > 0 {
					return []string{"hazards before Resolve: " + dtHazards(h)}
				}
				if h := p.Hazards(); len(h) > 0 {
					return []string{"Plan.Hazards before Resolve: " + dtHazards(h)}
				}
				return nil
			},
		},
		{
			name:      "add a NOT NULL column with a default and a comment",
			actual:    dtSchema(dtUsers()),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "status", Type: "text", NotNull: true, Default: "'active'::text", Comment: "Lifecycle"})),
			summaries: []string{"add column users.status"},
			steps: []dtStep{{
				summary: "add column users.status",
				up: []string{
					"ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active'::text",
					"COMMENT ON COLUMN users.status IS 'Lifecycle'",
				},
				down: []string{"ALTER TABLE users DROP COLUMN status"},
			}},
		},
		{
			name:      "add an identity column",
			actual:    dtSchema(dtUsers()),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "seq", Type: "bigint", NotNull: true, Identity: schema.IdentityAlways})),
			summaries: []string{"add column users.seq"},
			steps: []dtStep{{
				summary: "add column users.seq",
				up:      []string{"ALTER TABLE users ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY NOT NULL"},
				down:    []string{"ALTER TABLE users DROP COLUMN seq"},
			}},
		},
		{
			name:      "drop a column with a comment",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "bio", Type: "text", Comment: "About me"})),
			desired:   dtSchema(dtUsers()),
			summaries: []string{"drop column users.bio"},
			steps: []dtStep{{
				summary:     "drop column users.bio",
				up:          []string{"ALTER TABLE users DROP COLUMN bio"},
				down:        []string{"ALTER TABLE users ADD COLUMN bio text", "COMMENT ON COLUMN users.bio IS 'About me'"},
				hazards:     []schema.Hazard{hz(schema.DeletesData, "users.bio", "drops column users.bio and the data in it")},
				downHazards: []schema.Hazard{hz(schema.Irreversible, "users.bio", "the column users.bio comes back, its data does not")},
			}},
		},
		{
			name:      "drop a NOT NULL column without a default: its down may fail too",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "legacy_code", Type: "text", NotNull: true})),
			desired:   dtSchema(dtUsers()),
			summaries: []string{"drop column users.legacy_code"},
			steps: []dtStep{{
				summary: "drop column users.legacy_code",
				up:      []string{"ALTER TABLE users DROP COLUMN legacy_code"},
				down:    []string{"ALTER TABLE users ADD COLUMN legacy_code text NOT NULL"},
				hazards: []schema.Hazard{hz(schema.DeletesData, "users.legacy_code", "")},
				downHazards: []schema.Hazard{
					hz(schema.Irreversible, "users.legacy_code", ""),
					hz(schema.DownMayFail, "users.legacy_code", "re-adds users.legacy_code NOT NULL without a default, which fails while users has rows: give the ADD COLUMN a DEFAULT (and DROP DEFAULT after it) before running this down on a table with rows"),
				},
			}},
		},
		{
			name:      "a drop and an add alike give a rename hint",
			actual:    dtSchema(dtUsers(text("name"))),
			desired:   dtSchema(dtUsers(text("full_name"))),
			summaries: []string{"add column users.full_name", "drop column users.name"},
			hints: []schema.Hint{{
				Message: "users.name is dropped and users.full_name added with the same definition: if it is a rename, add renamed_from=name to the field's sqlmap tag",
				Rename:  &schema.Rename{Table: "users", From: "name", To: "full_name"},
			}},
		},
		{
			name: "rename a column via the options: its indexes follow it",
			actual: dtSchema(dtWith(dtUsers(text("name")), func(t *schema.Table) {
				t.Indexes = []*schema.Index{
					{Name: "users_name_idx", Columns: []string{"name"}, Method: "btree"},
					{Name: "users_name_lower", Columns: []string{"lower(name)"}, Method: "btree", Where: "name <> ''::text"},
				}
			})),
			desired: dtSchema(dtWith(dtUsers(text("full_name")), func(t *schema.Table) {
				t.Indexes = []*schema.Index{
					{Name: "users_name_idx", Columns: []string{"full_name"}, Method: "btree"},
					{Name: "users_name_lower", Columns: []string{"lower(full_name)"}, Method: "btree", Where: "full_name <> ''::text"},
				}
			})),
			opts:      schema.Options{Renames: []schema.Rename{{Table: "users", From: "name", To: "full_name"}}},
			summaries: []string{"rename column users.name to full_name"},
			steps: []dtStep{{
				summary: "rename column users.name to full_name",
				up:      []string{"ALTER TABLE users RENAME COLUMN name TO full_name"},
				down:    []string{"ALTER TABLE users RENAME COLUMN full_name TO name"},
			}},
		},
		{
			name:    "rename a column via renamed_from and widen it: the type change uses the new name",
			actual:  dtSchema(dtUsers(&schema.Column{Name: "name", Type: "character varying(80)"})),
			desired: dtSchema(dtUsers(&schema.Column{Name: "full_name", Type: "character varying(200)", RenamedFrom: "name"})),
			summaries: []string{
				"rename column users.name to full_name",
				"alter column users.full_name: type character varying(80) → character varying(200)",
			},
			steps: []dtStep{
				{
					summary: "rename column users.name to full_name",
					up:      []string{"ALTER TABLE users RENAME COLUMN name TO full_name"},
					down:    []string{"ALTER TABLE users RENAME COLUMN full_name TO name"},
				},
				{
					summary: "alter column users.full_name: type character varying(80) → character varying(200)",
					up:      []string{"ALTER TABLE users ALTER COLUMN full_name TYPE character varying(200)", "ANALYZE users (full_name)"},
					down:    []string{"ALTER TABLE users ALTER COLUMN full_name TYPE character varying(80)", "ANALYZE users (full_name)"},
					downHazards: []schema.Hazard{hz(schema.ChangesValues, "users.full_name",
						"changes users.full_name back from character varying(200) to character varying(80), which fails on values longer than 80 (nothing is truncated)")},
				},
			},
		},
		{
			name:      "a column rename already applied changes nothing",
			actual:    dtSchema(dtUsers(text("full_name"))),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "full_name", Type: "text", RenamedFrom: "name"})),
			summaries: nil,
		},
		{
			name:    "renamed_from a column the database lacks",
			actual:  dtSchema(dtUsers()),
			desired: dtSchema(dtUsers(&schema.Column{Name: "full_name", Type: "text", RenamedFrom: "ghost"})),
			err:     "schema: rename users.ghost to full_name: the database has no column users.ghost",
		},
		{
			name:    "rename to a column no model has",
			actual:  dtSchema(dtUsers(text("name"))),
			desired: dtSchema(dtUsers(text("name"))),
			opts:    schema.Options{Renames: []schema.Rename{{Table: "users", From: "name", To: "nickname"}}},
			err:     "schema: rename users.name to nickname: no model has a column users.nickname",
		},
		{
			name:      "narrow a type: changes-values",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "code", Type: "character varying(40)", NotNull: true})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "code", Type: "character varying(20)", NotNull: true})),
			summaries: []string{"alter column users.code: type character varying(40) → character varying(20)"},
			steps: []dtStep{{
				summary: "alter column users.code: type character varying(40) → character varying(20)",
				up:      []string{"ALTER TABLE users ALTER COLUMN code TYPE character varying(20)", "ANALYZE users (code)"},
				down:    []string{"ALTER TABLE users ALTER COLUMN code TYPE character varying(40)", "ANALYZE users (code)"},
				hazards: []schema.Hazard{hz(schema.ChangesValues, "users.code",
					"changes users.code from character varying(40) to character varying(20), which fails on values longer than 20 (nothing is truncated)")},
			}},
		},
		{
			name:      "widen a type: no hazard up, the down narrows",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "qty", Type: "integer", NotNull: true})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "qty", Type: "bigint", NotNull: true})),
			summaries: []string{"alter column users.qty: type integer → bigint"},
			steps: []dtStep{{
				summary: "alter column users.qty: type integer → bigint",
				up:      []string{"ALTER TABLE users ALTER COLUMN qty TYPE bigint", "ANALYZE users (qty)"},
				down:    []string{"ALTER TABLE users ALTER COLUMN qty TYPE integer", "ANALYZE users (qty)"},
				downHazards: []schema.Hazard{hz(schema.ChangesValues, "users.qty",
					"changes users.qty back from bigint to integer, which fails on values out of range for integer (nothing is changed)")},
			}},
		},
		{
			name:      "a type without an assignment cast converts with USING",
			actual:    dtSchema(dtUsers(text("qty"))),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "qty", Type: "integer"})),
			summaries: []string{"alter column users.qty: type text → integer"},
			steps: []dtStep{{
				summary: "alter column users.qty: type text → integer",
				up:      []string{"ALTER TABLE users ALTER COLUMN qty TYPE integer USING qty::integer", "ANALYZE users (qty)"},
				down:    []string{"ALTER TABLE users ALTER COLUMN qty TYPE text", "ANALYZE users (qty)"},
				hazards: []schema.Hazard{hz(schema.ChangesValues, "users.qty",
					"changes users.qty from text to integer, which converts with an explicit cast (USING qty::integer), there being no assignment cast: it fails on values that do not convert, and may turn others into values you do not expect (check it on a copy of the data)")},
			}},
		},
		{
			name:      "set a default",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "score", Type: "integer"})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "score", Type: "integer", Default: "0"})),
			summaries: []string{"alter column users.score: default"},
			steps: []dtStep{{
				summary: "alter column users.score: default",
				up:      []string{"ALTER TABLE users ALTER COLUMN score SET DEFAULT 0"},
				down:    []string{"ALTER TABLE users ALTER COLUMN score DROP DEFAULT"},
			}},
		},
		{
			name:      "drop a default",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "status", Type: "text", Default: "'new'::text"})),
			desired:   dtSchema(dtUsers(text("status"))),
			summaries: []string{"alter column users.status: default"},
			steps: []dtStep{{
				summary: "alter column users.status: default",
				up:      []string{"ALTER TABLE users ALTER COLUMN status DROP DEFAULT"},
				down:    []string{"ALTER TABLE users ALTER COLUMN status SET DEFAULT 'new'::text"},
			}},
		},
		{
			name:      "change a default",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "status", Type: "text", Default: "'new'::text"})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "status", Type: "text", Default: "'active'::text"})),
			summaries: []string{"alter column users.status: default"},
			steps: []dtStep{{
				summary: "alter column users.status: default",
				up:      []string{"ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active'::text"},
				down:    []string{"ALTER TABLE users ALTER COLUMN status SET DEFAULT 'new'::text"},
			}},
		},
		{
			name:      "now() and CURRENT_TIMESTAMP are one default",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "created_at", Type: "timestamp with time zone", NotNull: true, Default: "CURRENT_TIMESTAMP"})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "created_at", Type: "timestamp with time zone", NotNull: true, Default: "now()"})),
			summaries: nil,
		},
		{
			name:      "set NOT NULL: its may-fail-on-rows waits for Resolve",
			actual:    dtSchema(dtUsers(text("nick"))),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "nick", Type: "text", NotNull: true})),
			summaries: []string{"alter column users.nick: set not null"},
			steps: []dtStep{{
				summary: "alter column users.nick: set not null",
				up:      []string{"ALTER TABLE users ALTER COLUMN nick SET NOT NULL"},
				down:    []string{"ALTER TABLE users ALTER COLUMN nick DROP NOT NULL"},
			}},
		},
		{
			name:      "drop NOT NULL: the down may fail",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "nick", Type: "text", NotNull: true})),
			desired:   dtSchema(dtUsers(text("nick"))),
			summaries: []string{"alter column users.nick: drop not null"},
			steps: []dtStep{{
				summary:     "alter column users.nick: drop not null",
				up:          []string{"ALTER TABLE users ALTER COLUMN nick DROP NOT NULL"},
				down:        []string{"ALTER TABLE users ALTER COLUMN nick SET NOT NULL"},
				downHazards: []schema.Hazard{hz(schema.DownMayFail, "users.nick", "SET NOT NULL on users.nick fails if a row written since the up holds NULL there")},
			}},
		},
		{
			name:      "add identity to a NOT NULL column",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "seq", Type: "bigint", NotNull: true})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "seq", Type: "bigint", NotNull: true, Identity: schema.IdentityByDefault})),
			summaries: []string{"alter column users.seq: add identity"},
			steps: []dtStep{{
				summary: "alter column users.seq: add identity",
				up:      []string{"ALTER TABLE users ALTER COLUMN seq ADD GENERATED BY DEFAULT AS IDENTITY"},
				down:    []string{"ALTER TABLE users ALTER COLUMN seq DROP IDENTITY"},
			}},
		},
		{
			name:      "add identity to a nullable column with a default: default off, NOT NULL, then identity",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "seq", Type: "bigint", Default: "0"})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "seq", Type: "bigint", NotNull: true, Identity: schema.IdentityAlways})),
			summaries: []string{"alter column users.seq: default, set not null, add identity"},
			steps: []dtStep{{
				summary: "alter column users.seq: default, set not null, add identity",
				up: []string{
					"ALTER TABLE users ALTER COLUMN seq DROP DEFAULT",
					"ALTER TABLE users ALTER COLUMN seq SET NOT NULL",
					"ALTER TABLE users ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY",
				},
				down: []string{
					"ALTER TABLE users ALTER COLUMN seq DROP IDENTITY",
					"ALTER TABLE users ALTER COLUMN seq DROP NOT NULL",
					"ALTER TABLE users ALTER COLUMN seq SET DEFAULT 0",
				},
			}},
		},
		{
			name:      "drop identity, keeping NOT NULL",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "seq", Type: "bigint", NotNull: true, Identity: schema.IdentityAlways})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "seq", Type: "bigint", NotNull: true})),
			summaries: []string{"alter column users.seq: drop identity"},
			steps: []dtStep{{
				summary: "alter column users.seq: drop identity",
				up:      []string{"ALTER TABLE users ALTER COLUMN seq DROP IDENTITY"},
				down:    []string{"ALTER TABLE users ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY"},
			}},
		},
		{
			name:      "drop identity and NOT NULL",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "seq", Type: "bigint", NotNull: true, Identity: schema.IdentityByDefault})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "seq", Type: "bigint"})),
			summaries: []string{"alter column users.seq: drop identity, drop not null"},
			steps: []dtStep{{
				summary:     "alter column users.seq: drop identity, drop not null",
				up:          []string{"ALTER TABLE users ALTER COLUMN seq DROP IDENTITY", "ALTER TABLE users ALTER COLUMN seq DROP NOT NULL"},
				down:        []string{"ALTER TABLE users ALTER COLUMN seq SET NOT NULL", "ALTER TABLE users ALTER COLUMN seq ADD GENERATED BY DEFAULT AS IDENTITY"},
				downHazards: []schema.Hazard{hz(schema.DownMayFail, "users.seq", "")},
			}},
		},
		{
			name:   "identity by default to always",
			actual: dtSchema(dtUsers()),
			desired: dtSchema(dtWith(dtUsers(), func(t *schema.Table) {
				t.Columns[0].Identity = schema.IdentityAlways
			})),
			summaries: []string{"alter column users.id: identity always"},
			steps: []dtStep{{
				summary: "alter column users.id: identity always",
				up:      []string{"ALTER TABLE users ALTER COLUMN id SET GENERATED ALWAYS"},
				down:    []string{"ALTER TABLE users ALTER COLUMN id SET GENERATED BY DEFAULT"},
			}},
		},
		{
			name:      "type, default and NOT NULL of one column are one step",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "score", Type: "integer", Default: "0"})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "score", Type: "bigint", NotNull: true, Default: "1"})),
			summaries: []string{"alter column users.score: default, type integer → bigint, set not null"},
			steps: []dtStep{{
				summary: "alter column users.score: default, type integer → bigint, set not null",
				up: []string{
					"ALTER TABLE users ALTER COLUMN score DROP DEFAULT",
					"ALTER TABLE users ALTER COLUMN score TYPE bigint",
					"ALTER TABLE users ALTER COLUMN score SET DEFAULT 1",
					"ALTER TABLE users ALTER COLUMN score SET NOT NULL",
					"ANALYZE users (score)",
				},
				down: []string{
					"ALTER TABLE users ALTER COLUMN score DROP NOT NULL",
					"ALTER TABLE users ALTER COLUMN score DROP DEFAULT",
					"ALTER TABLE users ALTER COLUMN score TYPE integer",
					"ALTER TABLE users ALTER COLUMN score SET DEFAULT 0",
					"ANALYZE users (score)",
				},
				downHazards: []schema.Hazard{hz(schema.ChangesValues, "users.score", "")},
			}},
		},
		{
			name:      "a default of the new type is set once the column has that type",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "qty", Type: "integer", Default: "0"})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "qty", Type: "text", Default: "''::text"})),
			summaries: []string{"alter column users.qty: default, type integer → text"},
			steps: []dtStep{{
				summary: "alter column users.qty: default, type integer → text",
				// PostgreSQL 15 refuses SET DEFAULT ''::text on the integer
				// column ("column qty is of type integer but default
				// expression is of type text"), and TYPE integer USING
				// qty::integer while the default is ''::text ("default for
				// column qty cannot be cast automatically").
				up: []string{
					"ALTER TABLE users ALTER COLUMN qty DROP DEFAULT",
					"ALTER TABLE users ALTER COLUMN qty TYPE text",
					"ALTER TABLE users ALTER COLUMN qty SET DEFAULT ''::text",
					"ANALYZE users (qty)",
				},
				down: []string{
					"ALTER TABLE users ALTER COLUMN qty DROP DEFAULT",
					"ALTER TABLE users ALTER COLUMN qty TYPE integer USING qty::integer",
					"ALTER TABLE users ALTER COLUMN qty SET DEFAULT 0",
					"ANALYZE users (qty)",
				},
				downHazards: []schema.Hazard{hz(schema.ChangesValues, "users.qty",
					"changes users.qty back from text to integer, which converts with an explicit cast (USING qty::integer), there being no assignment cast: it fails on values that do not convert, and may turn others into values you do not expect (check it on a copy of the data)")},
			}},
		},
		{
			name:      "comment on a column set",
			actual:    dtSchema(dtUsers(text("bio"))),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "bio", Type: "text", Comment: "About me"})),
			summaries: []string{"comment on column users.bio"},
			steps: []dtStep{{
				summary: "comment on column users.bio",
				up:      []string{"COMMENT ON COLUMN users.bio IS 'About me'"},
				down:    []string{"COMMENT ON COLUMN users.bio IS NULL"},
			}},
		},
		{
			name:      "comment on a column changed, with a type change: the comment comes last",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "bio", Type: "character varying(200)", Comment: "Old"})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "bio", Type: "text", Comment: `C:\bio`})),
			summaries: []string{"alter column users.bio: type character varying(200) → text", "comment on column users.bio"},
			steps: []dtStep{{
				summary: "comment on column users.bio",
				up:      []string{`COMMENT ON COLUMN users.bio IS E'C:\\bio'`},
				down:    []string{"COMMENT ON COLUMN users.bio IS 'Old'"},
			}},
		},
		{
			name:      "a generated column's new expression: the column is rebuilt",
			actual:    dtSchema(dtUsers(&schema.Column{Name: "qty", Type: "integer"}, &schema.Column{Name: "total", Type: "integer", Generated: "qty * 2"})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "qty", Type: "integer"}, &schema.Column{Name: "total", Type: "integer", Generated: "qty * 3"})),
			summaries: []string{"rebuild column users.total: generated as (qty * 2) → generated as (qty * 3)"},
			steps: []dtStep{{
				summary:     "rebuild column users.total: generated as (qty * 2) → generated as (qty * 3)",
				up:          []string{"ALTER TABLE users DROP COLUMN total", "ALTER TABLE users ADD COLUMN total integer GENERATED ALWAYS AS (qty * 3) STORED"},
				down:        []string{"ALTER TABLE users DROP COLUMN total", "ALTER TABLE users ADD COLUMN total integer GENERATED ALWAYS AS (qty * 2) STORED"},
				hazards:     []schema.Hazard{hz(schema.ChangesValues, "users.total", "")},
				downHazards: []schema.Hazard{hz(schema.ChangesValues, "users.total", "")},
			}},
		},
		{
			name: "an ordinary column that becomes generated: rebuilt, its index and check with it",
			actual: dtSchema(dtWith(dtUsers(&schema.Column{Name: "qty", Type: "integer"}, &schema.Column{Name: "total", Type: "integer", NotNull: true}), func(t *schema.Table) {
				t.Indexes = []*schema.Index{{Name: "users_total_idx", Columns: []string{"total"}}, {Name: "users_qty_idx", Columns: []string{"qty"}}}
				t.Checks = []*schema.Check{{Name: "users_total_check", Expr: "total > 0"}}
			})),
			desired: dtSchema(dtWith(dtUsers(&schema.Column{Name: "qty", Type: "integer"}, &schema.Column{Name: "total", Type: "integer", Generated: "qty * 3"}), func(t *schema.Table) {
				t.Indexes = []*schema.Index{{Name: "users_total_idx", Columns: []string{"total"}}, {Name: "users_qty_idx", Columns: []string{"qty"}}}
				t.Checks = []*schema.Check{{Name: "users_total_check", Expr: "total > 0"}}
			})),
			summaries: []string{
				"drop check constraint users_total_check on users",
				"drop index users_total_idx on users",
				"rebuild column users.total: ordinary → generated as (qty * 3)",
				"add check constraint users_total_check on users",
				"create index users_total_idx on users",
			},
			steps: []dtStep{{
				summary:     "rebuild column users.total: ordinary → generated as (qty * 3)",
				up:          []string{"ALTER TABLE users DROP COLUMN total", "ALTER TABLE users ADD COLUMN total integer GENERATED ALWAYS AS (qty * 3) STORED"},
				down:        []string{"ALTER TABLE users DROP COLUMN total", "ALTER TABLE users ADD COLUMN total integer NOT NULL"},
				hazards:     []schema.Hazard{hz(schema.DeletesData, "users.total", "")},
				downHazards: []schema.Hazard{hz(schema.Irreversible, "users.total", ""), hz(schema.DownMayFail, "users.total", "")},
			}},
		},
		{
			name: "a generated column that becomes ordinary keeps its values: DROP EXPRESSION, rebuilt only by the down",
			actual: dtSchema(dtWith(dtUsers(&schema.Column{Name: "qty", Type: "integer"}, &schema.Column{Name: "total", Type: "integer", Generated: "qty * 2"}), func(t *schema.Table) {
				t.Indexes = []*schema.Index{{Name: "users_total_idx", Columns: []string{"total"}}}
			})),
			desired: dtSchema(dtWith(dtUsers(&schema.Column{Name: "qty", Type: "integer"}, &schema.Column{Name: "total", Type: "bigint", Default: "0"}), func(t *schema.Table) {
				t.Indexes = []*schema.Index{{Name: "users_total_idx", Columns: []string{"total"}}}
			})),
			summaries: []string{
				"drop index users_total_idx on users",
				"alter column users.total: drop expression, default, type integer → bigint",
				"create index users_total_idx on users",
			},
			steps: []dtStep{{
				summary: "alter column users.total: drop expression, default, type integer → bigint",
				up: []string{"ALTER TABLE users ALTER COLUMN total DROP EXPRESSION", "ALTER TABLE users ALTER COLUMN total TYPE bigint",
					"ALTER TABLE users ALTER COLUMN total SET DEFAULT 0", "ANALYZE users (total)"},
				down: []string{"ALTER TABLE users ALTER COLUMN total DROP DEFAULT", "ALTER TABLE users ALTER COLUMN total TYPE integer",
					"ALTER TABLE users DROP COLUMN total", "ALTER TABLE users ADD COLUMN total integer GENERATED ALWAYS AS (qty * 2) STORED", "ANALYZE users (total)"},
				downHazards: []schema.Hazard{hz(schema.DeletesData, "users.total", ""), hz(schema.ChangesValues, "users.total", "")},
			}},
		},
		{
			name: "rename a column that needs quotes: its check and index follow it",
			actual: dtSchema(dtWith(dtUsers(text("Name")), func(t *schema.Table) {
				t.Checks = []*schema.Check{{Name: "users_name_check", Expr: `"Name" <> ''::text`}}
				t.Indexes = []*schema.Index{{Name: "users_name_idx", Columns: []string{`"Name"`}, Method: "btree"}}
			})),
			desired: dtSchema(dtWith(dtUsers(text("Title")), func(t *schema.Table) {
				t.Checks = []*schema.Check{{Name: "users_name_check", Expr: `"Title" <> ''::text`}}
				t.Indexes = []*schema.Index{{Name: "users_name_idx", Columns: []string{`"Title"`}, Method: "btree"}}
			})),
			opts:      schema.Options{Renames: []schema.Rename{{Table: "users", From: "Name", To: "Title"}}},
			summaries: []string{"rename column users.Name to Title"},
		},
		{
			name: "rename a column and drop its unique constraint",
			actual: dtSchema(dtWith(dtUsers(text("name")), func(t *schema.Table) {
				t.Uniques = append(t.Uniques, &schema.Unique{Name: "users_name_key", Columns: []string{"name"}})
			})),
			desired:   dtSchema(dtUsers(&schema.Column{Name: "full_name", Type: "text", RenamedFrom: "name"})),
			summaries: []string{"rename column users.name to full_name", "drop unique constraint users_name_key on users"},
		},
	})
}

func TestDiffTableConstraints(t *testing.T) {
	memberships := func(pk ...string) *schema.Table {
		t := &schema.Table{Name: "memberships", Columns: []*schema.Column{
			{Name: "user_id", Type: "bigint", NotNull: true},
			{Name: "org_id", Type: "bigint", NotNull: true},
		}}
		if pk != nil {
			t.PrimaryKey = &schema.PrimaryKey{Name: "memberships_pkey", Columns: pk}
		}
		return t
	}
	withUsername := func(uniques ...*schema.Unique) *schema.Table {
		t := dtUsers(&schema.Column{Name: "username", Type: "character varying(80)", NotNull: true})
		t.Uniques = append(t.Uniques, uniques...)
		return t
	}
	withCheck := func(name, expr string) *schema.Table {
		t := dtUsers()
		t.Checks = []*schema.Check{{Name: name, Expr: expr}}
		return t
	}
	withIndexes := func(ixs ...*schema.Index) *schema.Table {
		t := dtUsers(&schema.Column{Name: "tags", Type: "text[]"}, &schema.Column{Name: "deleted", Type: "boolean", NotNull: true, Default: "false"})
		t.Indexes = ixs
		return t
	}
	postsWithout := func(cols ...string) *schema.Table {
		t := dtPosts(schema.ActionNoAction)
		t.ForeignKeys = nil
		t.Columns = slices.DeleteFunc(t.Columns, func(c *schema.Column) bool { return slices.Contains(cols, c.Name) })
		return t
	}
	// audit has no model; its key refers to users.id.
	audit := func(col string) *schema.Table {
		return &schema.Table{Name: "audit", Columns: []*schema.Column{{Name: "id", Type: "bigint", NotNull: true}, {Name: "user_id", Type: col}},
			ForeignKeys: []*schema.ForeignKey{{Name: "audit_user_id_fkey", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}}}
	}
	usersID := func(typ string) *schema.Table {
		t := dtUsers()
		t.Columns[0] = &schema.Column{Name: "id", Type: typ, NotNull: true}
		return t
	}
	dtRun(t, []dtCase{
		{
			name:    "a table partitioned another way: refused, PostgreSQL cannot repartition in place",
			actual:  dtSchema(dtWith(dtUsers(), func(t *schema.Table) { t.PartitionBy = "RANGE (id)" })),
			desired: dtSchema(dtWith(dtUsers(), func(t *schema.Table) { t.PartitionBy = "HASH (id)" })),
			err: "schema: table users is partitioned by RANGE (id) in the database and partitioned by HASH (id) in the other schema: " +
				"PostgreSQL cannot change how a table is partitioned in place; write that migration by hand (a new table, the rows moved, the old one dropped)",
		},
		{
			name:    "a type change under a key from a table no model describes, to a type that key cannot join: refused",
			actual:  dtSchema(usersID("integer"), audit("integer")),
			desired: dtSchema(usersID("text")),
			err: "schema: users.id becomes text, and audit.user_id (integer), of table audit, which no model describes, refers to it by foreign key audit_user_id_fkey: " +
				"describe audit with a model so its column changes too, or change or drop that key by hand first",
		},
		{
			name:      "a widening under a key from a table no model describes: the key is dropped and re-added as it was",
			actual:    dtSchema(usersID("integer"), audit("integer")),
			desired:   dtSchema(usersID("bigint")),
			summaries: []string{"drop foreign key audit_user_id_fkey on audit", "alter column users.id: type integer → bigint", "add foreign key audit_user_id_fkey on audit"},
			unmanaged: []string{"audit"},
		},
		{
			name:      "change the primary key: dropped first, added last",
			actual:    dtSchema(memberships("user_id")),
			desired:   dtSchema(memberships("user_id", "org_id")),
			summaries: []string{"drop primary key memberships_pkey on memberships", "add primary key memberships_pkey on memberships"},
			steps: []dtStep{
				{
					summary:     "drop primary key memberships_pkey on memberships",
					up:          []string{"ALTER TABLE memberships DROP CONSTRAINT memberships_pkey"},
					down:        []string{"ALTER TABLE memberships ADD CONSTRAINT memberships_pkey PRIMARY KEY (user_id)"},
					downHazards: []schema.Hazard{hz(schema.DownMayFail, "memberships", "re-adds primary key memberships_pkey, which fails if rows written since the up break it")},
				},
				{
					summary: "add primary key memberships_pkey on memberships",
					up:      []string{"ALTER TABLE memberships ADD CONSTRAINT memberships_pkey PRIMARY KEY (user_id, org_id)"},
					down:    []string{"ALTER TABLE memberships DROP CONSTRAINT memberships_pkey"},
				},
			},
		},
		{
			name:      "add a primary key",
			actual:    dtSchema(memberships()),
			desired:   dtSchema(memberships("org_id")),
			summaries: []string{"add primary key memberships_pkey on memberships"},
			steps: []dtStep{{
				summary: "add primary key memberships_pkey on memberships",
				up:      []string{"ALTER TABLE memberships ADD CONSTRAINT memberships_pkey PRIMARY KEY (org_id)"},
				down:    []string{"ALTER TABLE memberships DROP CONSTRAINT memberships_pkey"},
			}},
		},
		{
			name:      "drop a primary key",
			actual:    dtSchema(memberships("user_id", "org_id")),
			desired:   dtSchema(memberships()),
			summaries: []string{"drop primary key memberships_pkey on memberships"},
			steps: []dtStep{{
				summary:     "drop primary key memberships_pkey on memberships",
				up:          []string{"ALTER TABLE memberships DROP CONSTRAINT memberships_pkey"},
				down:        []string{"ALTER TABLE memberships ADD CONSTRAINT memberships_pkey PRIMARY KEY (user_id, org_id)"},
				downHazards: []schema.Hazard{hz(schema.DownMayFail, "memberships", "")},
			}},
		},
		{
			name:      "add a unique constraint",
			actual:    dtSchema(withUsername()),
			desired:   dtSchema(withUsername(&schema.Unique{Name: "users_email_username_key", Columns: []string{"email", "username"}})),
			summaries: []string{"add unique constraint users_email_username_key on users"},
			steps: []dtStep{{
				summary: "add unique constraint users_email_username_key on users",
				up:      []string{"ALTER TABLE users ADD CONSTRAINT users_email_username_key UNIQUE (email, username)"},
				down:    []string{"ALTER TABLE users DROP CONSTRAINT users_email_username_key"},
			}},
		},
		{
			name:      "drop a unique constraint: re-adding it in the down may fail",
			actual:    dtSchema(dtUsers()),
			desired:   dtSchema(dtWith(dtUsers(), func(t *schema.Table) { t.Uniques = nil })),
			summaries: []string{"drop unique constraint users_email_key on users"},
			steps: []dtStep{{
				summary:     "drop unique constraint users_email_key on users",
				up:          []string{"ALTER TABLE users DROP CONSTRAINT users_email_key"},
				down:        []string{"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)"},
				downHazards: []schema.Hazard{hz(schema.DownMayFail, "users", "re-adds unique constraint users_email_key, which fails if rows written since the up break it")},
			}},
		},
		{
			name:      "a unique constraint named otherwise by hand is no change",
			actual:    dtSchema(dtWith(dtUsers(), func(t *schema.Table) { t.Uniques[0].Name = "email_must_be_unique" })),
			desired:   dtSchema(dtUsers()),
			summaries: nil,
		},
		{
			name:      "a unique constraint over other columns is dropped and added",
			actual:    dtSchema(withUsername(&schema.Unique{Name: "users_pair", Columns: []string{"email", "username"}})),
			desired:   dtSchema(withUsername(&schema.Unique{Name: "users_pair", Columns: []string{"username", "email"}})),
			summaries: []string{"drop unique constraint users_pair on users", "add unique constraint users_pair on users"},
			steps: []dtStep{{
				summary: "add unique constraint users_pair on users",
				up:      []string{"ALTER TABLE users ADD CONSTRAINT users_pair UNIQUE (username, email)"},
				down:    []string{"ALTER TABLE users DROP CONSTRAINT users_pair"},
			}},
		},
		{
			name:      "add a check constraint",
			actual:    dtSchema(dtUsers()),
			desired:   dtSchema(withCheck("users_email_check", "length(email::text) > 3")),
			summaries: []string{"add check constraint users_email_check on users"},
			steps: []dtStep{{
				summary: "add check constraint users_email_check on users",
				up:      []string{"ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (length(email::text) > 3)"},
				down:    []string{"ALTER TABLE users DROP CONSTRAINT users_email_check"},
			}},
		},
		{
			name:      "drop a check constraint: re-adding it in the down may fail",
			actual:    dtSchema(withCheck("users_email_check", "length(email::text) > 3")),
			desired:   dtSchema(dtUsers()),
			summaries: []string{"drop check constraint users_email_check on users"},
			steps: []dtStep{{
				summary:     "drop check constraint users_email_check on users",
				up:          []string{"ALTER TABLE users DROP CONSTRAINT users_email_check"},
				down:        []string{"ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (length(email::text) > 3)"},
				downHazards: []schema.Hazard{hz(schema.DownMayFail, "users", "re-adds check constraint users_email_check, which fails if rows written since the up break it")},
			}},
		},
		{
			name:      "a check with a new expression is dropped before it is added back",
			actual:    dtSchema(withCheck("users_email_check", "length(email::text) > 3")),
			desired:   dtSchema(withCheck("users_email_check", "length(email::text) > 5")),
			summaries: []string{"drop check constraint users_email_check on users", "add check constraint users_email_check on users"},
			steps: []dtStep{{
				summary: "add check constraint users_email_check on users",
				up:      []string{"ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (length(email::text) > 5)"},
				down:    []string{"ALTER TABLE users DROP CONSTRAINT users_email_check"},
			}},
		},
		{
			name:   "add a foreign key on a new column: the column, its index, then the key",
			actual: dtSchema(dtUsers(), postsWithout("user_id")),
			desired: dtSchema(dtUsers(), dtWith(dtPosts(schema.ActionCascade), func(t *schema.Table) {
				t.Indexes = []*schema.Index{{Name: "posts_user_id_idx", Columns: []string{"user_id"}, Method: "btree"}}
			})),
			summaries: []string{
				"add column posts.user_id",
				"create index posts_user_id_idx on posts",
				"add foreign key posts_user_id_fkey on posts",
			},
			steps: []dtStep{
				{
					summary: "create index posts_user_id_idx on posts",
					up:      []string{"CREATE INDEX posts_user_id_idx ON posts (user_id)"},
					down:    []string{"DROP INDEX posts_user_id_idx"},
				},
				{
					summary: "add foreign key posts_user_id_fkey on posts",
					up:      []string{"ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"},
					down:    []string{"ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey"},
				},
			},
		},
		{
			name:      "drop a foreign key: re-adding it in the down may fail",
			actual:    dtSchema(dtUsers(), dtPosts(schema.ActionNoAction)),
			desired:   dtSchema(dtUsers(), postsWithout()),
			summaries: []string{"drop foreign key posts_user_id_fkey on posts"},
			steps: []dtStep{{
				summary:     "drop foreign key posts_user_id_fkey on posts",
				up:          []string{"ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey"},
				down:        []string{"ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)"},
				downHazards: []schema.Hazard{hz(schema.DownMayFail, "posts", "re-adds foreign key posts_user_id_fkey, which fails if rows written since the up break it")},
			}},
		},
		{
			name:    "a foreign key with new actions is dropped first and added back last",
			actual:  dtSchema(dtUsers(), dtPosts(schema.ActionCascade)),
			desired: dtSchema(dtUsers(), dtWith(dtPosts(schema.ActionSetNull), func(t *schema.Table) { t.ForeignKeys[0].OnUpdate = schema.ActionCascade })),
			summaries: []string{
				"drop foreign key posts_user_id_fkey on posts",
				"add foreign key posts_user_id_fkey on posts",
			},
			steps: []dtStep{
				{
					summary:     "drop foreign key posts_user_id_fkey on posts",
					up:          []string{"ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey"},
					down:        []string{"ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"},
					downHazards: []schema.Hazard{hz(schema.DownMayFail, "posts", "")},
				},
				{
					summary: "add foreign key posts_user_id_fkey on posts",
					up:      []string{"ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON UPDATE CASCADE ON DELETE SET NULL"},
					down:    []string{"ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey"},
				},
			},
		},
		{
			name:      "a foreign key to a table created in the same plan comes after the table",
			actual:    dtSchema(postsWithout()),
			desired:   dtSchema(dtUsers(), dtPosts(schema.ActionNoAction)),
			summaries: []string{"create table users", "add foreign key posts_user_id_fkey on posts"},
			steps: []dtStep{{
				summary: "create table users",
				up:      []string{usersCreate},
				down:    []string{"DROP TABLE users"},
			}},
		},
		{
			name:   "create indexes: expression, unique, partial, with a method",
			actual: dtSchema(withIndexes()),
			desired: dtSchema(withIndexes(
				&schema.Index{Name: "users_tags_gin", Columns: []string{"tags"}, Method: "gin"},
				&schema.Index{Name: "users_email_lower", Columns: []string{"lower(email::text)"}, Unique: true, Method: "btree", Where: "NOT deleted"},
			)),
			summaries: []string{"create index users_email_lower on users", "create index users_tags_gin on users"},
			steps: []dtStep{
				{
					summary: "create index users_email_lower on users",
					up:      []string{"CREATE UNIQUE INDEX users_email_lower ON users (lower(email::text)) WHERE NOT deleted"},
					down:    []string{"DROP INDEX users_email_lower"},
				},
				{
					summary: "create index users_tags_gin on users",
					up:      []string{"CREATE INDEX users_tags_gin ON users USING gin (tags)"},
					down:    []string{"DROP INDEX users_tags_gin"},
				},
			},
		},
		{
			name: "drop indexes: re-adding a unique one in the down may fail",
			actual: dtSchema(withIndexes(
				&schema.Index{Name: "users_old_idx", Columns: []string{"email", "deleted"}, Method: "btree"},
				&schema.Index{Name: "users_lower_email", Columns: []string{"lower(email::text)"}, Unique: true, Method: "btree"},
			)),
			desired:   dtSchema(withIndexes()),
			summaries: []string{"drop index users_lower_email on users", "drop index users_old_idx on users"},
			steps: []dtStep{
				{
					summary:     "drop index users_lower_email on users",
					up:          []string{"DROP INDEX users_lower_email"},
					down:        []string{"CREATE UNIQUE INDEX users_lower_email ON users (lower(email::text))"},
					downHazards: []schema.Hazard{hz(schema.DownMayFail, "users", "re-adds unique index users_lower_email, which fails if rows written since the up break it")},
				},
				{
					summary: "drop index users_old_idx on users",
					up:      []string{"DROP INDEX users_old_idx"},
					down:    []string{"CREATE INDEX users_old_idx ON users (email, deleted)"},
				},
			},
		},
		{
			name:      "an index named otherwise by hand is no change",
			actual:    dtSchema(withIndexes(&schema.Index{Name: "tags_by_hand", Columns: []string{"tags"}, Method: "gin"})),
			desired:   dtSchema(withIndexes(&schema.Index{Name: "users_tags_idx", Columns: []string{"tags"}, Method: "gin"})),
			summaries: nil,
		},
		{
			name:      "an index with a new predicate is dropped before it is created again",
			actual:    dtSchema(withIndexes(&schema.Index{Name: "users_live", Columns: []string{"email"}, Method: "btree", Where: "NOT deleted"})),
			desired:   dtSchema(withIndexes(&schema.Index{Name: "users_live", Columns: []string{"email"}, Method: "btree", Where: "deleted = false"})),
			summaries: []string{"drop index users_live on users", "create index users_live on users"},
			steps: []dtStep{
				{
					summary: "drop index users_live on users",
					up:      []string{"DROP INDEX users_live"},
					down:    []string{"CREATE INDEX users_live ON users (email) WHERE NOT deleted"},
				},
				{
					summary: "create index users_live on users",
					up:      []string{"CREATE INDEX users_live ON users (email) WHERE deleted = false"},
					down:    []string{"DROP INDEX users_live"},
				},
			},
		},
	})
}

func TestDiffTableEnums(t *testing.T) {
	mood := func(values ...string) *schema.Enum { return &schema.Enum{Name: "mood", Values: values} }
	people := func() *schema.Table {
		return &schema.Table{
			Name: "people",
			Columns: []*schema.Column{
				{Name: "id", Type: "bigint", NotNull: true},
				{Name: "mood", Type: "mood", NotNull: true, Default: "'ok'::mood"},
				{Name: "past", Type: "mood[]"},
			},
			PrimaryKey: &schema.PrimaryKey{Name: "people_pkey", Columns: []string{"id"}},
		}
	}
	withEnums := func(s *schema.Schema, enums ...*schema.Enum) *schema.Schema {
		s.Enums = enums
		return s
	}
	added := func(value, enum, pos string) dtStep {
		return dtStep{
			summary:     fmt.Sprintf("add value %s to enum %s", value, enum),
			up:          []string{fmt.Sprintf("ALTER TYPE %s ADD VALUE IF NOT EXISTS %s %s", enum, value, pos)},
			downHazards: []schema.Hazard{hz(schema.Irreversible, enum, fmt.Sprintf("PostgreSQL cannot remove a value from an enum; %s stays in %s", value, enum))},
		}
	}
	audit := &schema.Table{Name: "audit", Columns: []*schema.Column{{Name: "kind", Type: "audit_kind"}}}
	dtRun(t, []dtCase{
		{
			name:      "create an enum before the table that uses it",
			actual:    dtSchema(),
			desired:   withEnums(dtSchema(people()), mood("sad", "ok", "happy")),
			summaries: []string{"create enum mood", "create table people"},
			steps: []dtStep{
				{
					summary: "create enum mood",
					up:      []string{"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')"},
					down:    []string{"DROP TYPE mood"},
				},
				{
					summary: "create table people",
					up: []string{"CREATE TABLE people (\n" +
						"    id bigint NOT NULL,\n" +
						"    mood mood NOT NULL DEFAULT 'ok'::mood,\n" +
						"    past mood[],\n" +
						"    CONSTRAINT people_pkey PRIMARY KEY (id)\n" +
						")"},
					down: []string{"DROP TABLE people"},
				},
			},
		},
		{
			name:      "add a value after the one before it: irreversible down",
			actual:    withEnums(dtSchema(people()), mood("sad", "ok", "happy")),
			desired:   withEnums(dtSchema(people()), mood("sad", "meh", "ok", "happy")),
			summaries: []string{"add value 'meh' to enum mood"},
			steps:     []dtStep{added("'meh'", "mood", "AFTER 'sad'")},
			check: func(p *schema.Plan) []string {
				if h := p.Hazards(); len(h) > 0 {
					return []string{"up hazards: " + dtHazards(h)}
				}
				return nil
			},
		},
		{
			name:    "a value added and used by a default in the same migration: the enum is recreated (ADD VALUE could not be used before it commits)",
			actual:  withEnums(dtSchema(people()), mood("sad", "ok", "happy")),
			desired: withEnums(dtSchema(dtWith(people(), func(t *schema.Table) { t.Columns[1].Default = "'ecstatic'::mood" })), mood("sad", "ok", "happy", "ecstatic")),
			summaries: []string{
				"recreate enum mood: ('sad', 'ok', 'happy') → ('sad', 'ok', 'happy', 'ecstatic')",
				"alter column people.mood: default",
			},
		},
		{
			name:    "add values before the first one, after a new one and at the end",
			actual:  withEnums(dtSchema(people()), mood("ok")),
			desired: withEnums(dtSchema(people()), mood("sad", "meh", "ok", "happy")),
			summaries: []string{
				"add value 'sad' to enum mood",
				"add value 'meh' to enum mood",
				"add value 'happy' to enum mood",
			},
			steps: []dtStep{
				added("'sad'", "mood", "BEFORE 'ok'"),
				added("'meh'", "mood", "AFTER 'sad'"),
				added("'happy'", "mood", "AFTER 'ok'"),
			},
		},
		{
			name:      "values with a quote or a backslash are quoted as literals",
			actual:    withEnums(dtSchema(people()), mood("sad", "ok")),
			desired:   withEnums(dtSchema(people()), mood("sad", "it's", `a\b`, "ok")),
			summaries: []string{"add value 'it''s' to enum mood", `add value E'a\\b' to enum mood`},
			steps: []dtStep{
				added("'it''s'", "mood", "AFTER 'sad'"),
				added(`E'a\\b'`, "mood", "AFTER 'it''s'"),
			},
		},
		{
			name:      "a value the models no longer list: the enum is recreated, every column converted through text",
			actual:    withEnums(dtSchema(people()), mood("sad", "ok", "happy")),
			desired:   withEnums(dtSchema(people()), mood("sad", "happy")),
			summaries: []string{"recreate enum mood: ('sad', 'ok', 'happy') → ('sad', 'happy')"},
			steps: []dtStep{{
				summary: "recreate enum mood: ('sad', 'ok', 'happy') → ('sad', 'happy')",
				up: []string{
					"ALTER TYPE mood RENAME TO sqlmap_old_mood",
					"CREATE TYPE mood AS ENUM ('sad', 'happy')",
					"ALTER TABLE people ALTER COLUMN mood DROP DEFAULT",
					"ALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::text::mood",
					"ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'ok'::mood",
					"ALTER TABLE people ALTER COLUMN past TYPE mood[] USING past::text[]::mood[]",
					"DROP TYPE sqlmap_old_mood",
				},
				down: []string{
					"ALTER TYPE mood RENAME TO sqlmap_old_mood",
					"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
					"ALTER TABLE people ALTER COLUMN mood DROP DEFAULT",
					"ALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::text::mood",
					"ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'ok'::mood",
					"ALTER TABLE people ALTER COLUMN past TYPE mood[] USING past::text[]::mood[]",
					"DROP TYPE sqlmap_old_mood",
				},
				hazards: []schema.Hazard{hz(schema.ChangesValues, "people.mood", ""), hz(schema.ChangesValues, "people.past", "")},
			}},
		},
		{
			name:      "values reordered: recreated; the down may fail on a value added",
			actual:    withEnums(dtSchema(people()), mood("sad", "ok", "happy")),
			desired:   withEnums(dtSchema(people()), mood("happy", "ok", "sad", "ecstatic")),
			summaries: []string{"recreate enum mood: ('sad', 'ok', 'happy') → ('happy', 'ok', 'sad', 'ecstatic')"},
			steps: []dtStep{{
				summary: "recreate enum mood: ('sad', 'ok', 'happy') → ('happy', 'ok', 'sad', 'ecstatic')",
				up: []string{
					"ALTER TYPE mood RENAME TO sqlmap_old_mood",
					"CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad', 'ecstatic')",
					"ALTER TABLE people ALTER COLUMN mood DROP DEFAULT",
					"ALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::text::mood",
					"ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'ok'::mood",
					"ALTER TABLE people ALTER COLUMN past TYPE mood[] USING past::text[]::mood[]",
					"DROP TYPE sqlmap_old_mood",
				},
				down: []string{
					"ALTER TYPE mood RENAME TO sqlmap_old_mood",
					"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
					"ALTER TABLE people ALTER COLUMN mood DROP DEFAULT",
					"ALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::text::mood",
					"ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'ok'::mood",
					"ALTER TABLE people ALTER COLUMN past TYPE mood[] USING past::text[]::mood[]",
					"DROP TYPE sqlmap_old_mood",
				},
				hazards:     []schema.Hazard{hz(schema.ChangesValues, "people.mood", ""), hz(schema.ChangesValues, "people.past", "")},
				downHazards: []schema.Hazard{hz(schema.DownMayFail, "people.mood", ""), hz(schema.DownMayFail, "people.past", "")},
			}},
		},
		{
			name:      "an enum no model declares is left alone, and listed",
			actual:    withEnums(dtSchema(dtLegacy(), dtUsers()), &schema.Enum{Name: "old_kind", Values: []string{"a", "b"}}),
			desired:   dtSchema(dtUsers()),
			summaries: nil,
			unmanaged: []string{"enum old_kind", "legacy"},
		},
		{
			name:      "prune drops an enum no model declares",
			actual:    withEnums(dtSchema(dtUsers()), &schema.Enum{Name: "old_kind", Values: []string{"a", "it's"}}),
			desired:   dtSchema(dtUsers()),
			opts:      schema.Options{Prune: true},
			summaries: []string{"drop enum old_kind"},
			steps: []dtStep{{
				summary: "drop enum old_kind",
				up:      []string{"DROP TYPE old_kind"},
				down:    []string{"CREATE TYPE old_kind AS ENUM ('a', 'it''s')"},
				hazards: []schema.Hazard{hz(schema.DeletesData, "old_kind", "drops enum type old_kind")},
			}},
		},
		{
			name:      "prune keeps an enum a model column still uses",
			actual:    withEnums(dtSchema(people()), mood("sad", "ok")),
			desired:   dtSchema(people()),
			opts:      schema.Options{Prune: true},
			summaries: nil,
		},
		{
			name:      "prune drops a table, then the enum it used",
			actual:    withEnums(dtSchema(audit), &schema.Enum{Name: "audit_kind", Values: []string{"login"}}),
			desired:   dtSchema(),
			opts:      schema.Options{Prune: true},
			summaries: []string{"drop table audit", "drop enum audit_kind"},
			steps: []dtStep{{
				summary:     "drop table audit",
				up:          []string{"DROP TABLE audit"},
				down:        []string{"CREATE TABLE audit (\n    kind audit_kind\n)"},
				hazards:     []schema.Hazard{hz(schema.DeletesData, "audit", "")},
				downHazards: []schema.Hazard{hz(schema.Irreversible, "audit", "")},
			}},
		},
		{
			name:    "a column turned to a new enum: the enum first",
			actual:  dtSchema(dtUsers(&schema.Column{Name: "state", Type: "text"})),
			desired: withEnums(dtSchema(dtUsers(&schema.Column{Name: "state", Type: "user_state"})), &schema.Enum{Name: "user_state", Values: []string{"new", "gone"}}),
			summaries: []string{
				"create enum user_state",
				"alter column users.state: type text → user_state",
			},
			steps: []dtStep{{
				summary: "alter column users.state: type text → user_state",
				up:      []string{"ALTER TABLE users ALTER COLUMN state TYPE user_state USING state::user_state", "ANALYZE users (state)"},
				down:    []string{"ALTER TABLE users ALTER COLUMN state TYPE text", "ANALYZE users (state)"},
				hazards: []schema.Hazard{hz(schema.ChangesValues, "users.state", "")},
			}},
		},
	})
}

func TestDiffTableOrder(t *testing.T) {
	oldKind := &schema.Enum{Name: "old_kind", Values: []string{"a", "b"}}
	legacy := dtWith(dtLegacy(), dtCols(&schema.Column{Name: "kind", Type: "old_kind"}))
	actual := &schema.Schema{Enums: []*schema.Enum{oldKind}, Tables: []*schema.Table{dtUsers(), dtPosts(schema.ActionNoAction), legacy}}

	comments := &schema.Table{
		Name: "comments",
		Columns: []*schema.Column{
			{Name: "id", Type: "bigint", NotNull: true, Identity: schema.IdentityAlways},
			{Name: "post_id", Type: "bigint", NotNull: true},
			{Name: "author_id", Type: "bigint"},
		},
		PrimaryKey: &schema.PrimaryKey{Name: "comments_pkey", Columns: []string{"id"}},
		ForeignKeys: []*schema.ForeignKey{
			{Name: "comments_post_id_fkey", Columns: []string{"post_id"}, RefTable: "posts", RefColumns: []string{"id"}, OnDelete: schema.ActionCascade},
			{Name: "comments_author_id_fkey", Columns: []string{"author_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: schema.ActionSetNull},
		},
		Indexes: []*schema.Index{{Name: "comments_post_id_idx", Columns: []string{"post_id"}, Method: "btree"}},
	}
	users := dtWith(dtUsers(&schema.Column{Name: "status", Type: "status", NotNull: true, Default: "'active'::status"}), func(t *schema.Table) { t.Comment = "People" })
	posts := dtWith(dtPosts(schema.ActionCascade), dtCols(&schema.Column{Name: "body", Type: "text", NotNull: true}))
	desired := &schema.Schema{
		Enums:  []*schema.Enum{{Name: "status", Values: []string{"active", "banned"}}},
		Tables: []*schema.Table{comments, posts, users},
	}
	summaries := []string{
		"drop foreign key legacy_user_id_fkey on legacy",
		"drop foreign key posts_user_id_fkey on posts",
		"create enum status",
		"create table comments",
		"add column posts.body",
		"add column users.status",
		"drop table legacy",
		"drop enum old_kind",
		"add foreign key comments_author_id_fkey on comments",
		"add foreign key comments_post_id_fkey on comments",
		"add foreign key posts_user_id_fkey on posts",
		"comment on table users",
	}
	dtRun(t, []dtCase{{
		name:      "a plan of many changes, with prune",
		actual:    actual,
		desired:   desired,
		opts:      schema.Options{Prune: true},
		summaries: summaries,
		steps: []dtStep{
			{
				summary: "create table comments",
				up: []string{
					"CREATE TABLE comments (\n" +
						"    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,\n" +
						"    post_id bigint NOT NULL,\n" +
						"    author_id bigint,\n" +
						"    CONSTRAINT comments_pkey PRIMARY KEY (id)\n" +
						")",
					"CREATE INDEX comments_post_id_idx ON comments (post_id)",
				},
				down: []string{"DROP TABLE comments"},
			},
			{
				summary: "add column users.status",
				up:      []string{"ALTER TABLE users ADD COLUMN status status NOT NULL DEFAULT 'active'::status"},
				down:    []string{"ALTER TABLE users DROP COLUMN status"},
			},
			{
				summary: "add column posts.body",
				up:      []string{"ALTER TABLE posts ADD COLUMN body text NOT NULL"},
				down:    []string{"ALTER TABLE posts DROP COLUMN body"},
			},
			{
				summary:     "drop foreign key posts_user_id_fkey on posts",
				up:          []string{"ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey"},
				down:        []string{"ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)"},
				downHazards: []schema.Hazard{hz(schema.DownMayFail, "posts", "")},
			},
			{
				summary: "drop foreign key legacy_user_id_fkey on legacy",
				up:      []string{"ALTER TABLE legacy DROP CONSTRAINT legacy_user_id_fkey"},
				down:    []string{"ALTER TABLE legacy ADD CONSTRAINT legacy_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)"},
			},
			{
				summary: "drop enum old_kind",
				up:      []string{"DROP TYPE old_kind"},
				down:    []string{"CREATE TYPE old_kind AS ENUM ('a', 'b')"},
				hazards: []schema.Hazard{hz(schema.DeletesData, "old_kind", "")},
			},
		},
		check: func(p *schema.Plan) []string {
			var problems []string
			var up []string
			for _, h := range p.Hazards() {
				up = append(up, string(h.Kind)+" "+h.Object)
			}
			if want := []string{"deletes-data legacy", "deletes-data old_kind"}; !slices.Equal(up, want) {
				problems = append(problems, fmt.Sprintf("Plan.Hazards: got %q, want %q", up, want))
			}
			var all []string
			for _, h := range p.HazardsOf(schema.HazardKinds()) {
				all = append(all, string(h.Kind)+" "+h.Object)
			}
			if want := []string{"deletes-data legacy", "deletes-data old_kind", "down-may-fail posts", "irreversible legacy"}; !slices.Equal(all, want) {
				problems = append(problems, fmt.Sprintf("Plan.HazardsOf(every kind): got %q, want %q", all, want))
			}
			// The down undoes the up's steps last to first: the first
			// statement of each step's down, in the order they run.
			want := []string{
				"COMMENT ON TABLE users IS NULL",
				"ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey",
				"ALTER TABLE comments DROP CONSTRAINT comments_post_id_fkey",
				"ALTER TABLE comments DROP CONSTRAINT comments_author_id_fkey",
				"CREATE TYPE old_kind AS ENUM ('a', 'b')",
				"CREATE TABLE legacy (",
				"ALTER TABLE users DROP COLUMN status",
				"ALTER TABLE posts DROP COLUMN body",
				"DROP TABLE comments",
				"DROP TYPE status",
				"ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)",
				"ALTER TABLE legacy ADD CONSTRAINT legacy_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)",
			}
			var firsts []string
			for i := len(p.Steps) - 1; i >= 0; i-- {
				firsts = append(firsts, strings.SplitN(p.Steps[i].Down[0], "\n", 2)[0])
			}
			if !slices.Equal(firsts, want) {
				problems = append(problems, fmt.Sprintf("down, first statement of each step: got %s\nwant %s", dtList(firsts), dtList(want)))
			}
			return problems
		},
	}})
}

func TestDiffTableNoChange(t *testing.T) {
	rich := func() *schema.Schema {
		users := dtWith(dtUsers(
			&schema.Column{Name: "status", Type: "status", NotNull: true, Default: "'active'::status"},
			&schema.Column{Name: "bio", Type: "text", Default: "''::text", Comment: "About me"},
			&schema.Column{Name: "bio_len", Type: "integer", Generated: "length(bio)"},
			&schema.Column{Name: "created_at", Type: "timestamp with time zone", NotNull: true, Default: "now()"},
		), func(t *schema.Table) {
			t.Comment = "People"
			t.Checks = []*schema.Check{{Name: "users_email_check", Expr: "length(email::text) > 3"}}
			t.Indexes = []*schema.Index{{Name: "users_lower_email", Columns: []string{"lower(email::text)"}, Unique: true, Method: "btree", Where: "bio <> ''::text"}}
		})
		return &schema.Schema{
			Enums:  []*schema.Enum{{Name: "status", Values: []string{"active", "banned"}}},
			Tables: []*schema.Table{dtPosts(schema.ActionCascade), users},
		}
	}
	dtRun(t, []dtCase{
		{name: "identical schemas", actual: rich(), desired: rich(), summaries: nil},
		{name: "identical schemas, with prune", actual: rich(), desired: rich(), opts: schema.Options{Prune: true}, summaries: nil},
		{
			name:   "tables and columns listed in another order",
			actual: rich(),
			desired: func() *schema.Schema {
				s := rich()
				slices.Reverse(s.Tables)
				for _, t := range s.Tables {
					slices.Reverse(t.Columns)
				}
				return s
			}(),
			summaries: nil,
		},
	})

	t.Run("an empty plan formats as the headers alone", func(t *testing.T) {
		p, err := dtPlan(rich(), rich(), schema.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !p.Empty() {
			t.Fatalf("plan not empty: %q", dtSummaries(p))
		}
		up, down := schema.Format(p)
		if up != schema.DefaultUpHeader || down != schema.DefaultDownHeader {
			t.Errorf("Format of an empty plan:\nup   %q\ndown %q", up, down)
		}
		up, down = schema.Options{UpHeader: "-- up\n", DownHeader: "-- down\n"}.Format(p)
		if up != "-- up\n" || down != "-- down\n" {
			t.Errorf("Format with headers of an empty plan:\nup   %q\ndown %q", up, down)
		}
	})

	t.Run("Diff is deterministic", func(t *testing.T) {
		// Renames and hints go through maps: run it often enough that an
		// order taken from a map would show.
		actual := func() *schema.Schema {
			s := rich()
			s.Tables = append(s.Tables,
				dtWith(dtLegacyNamed("old_one"), dtCols(&schema.Column{Name: "a", Type: "text"}, &schema.Column{Name: "b", Type: "text"}, &schema.Column{Name: "c", Type: "text"})),
				dtLegacyNamed("old_two"),
				&schema.Table{Name: "gone", Columns: []*schema.Column{{Name: "x", Type: "integer"}, {Name: "y", Type: "integer"}}},
			)
			s.Enums = append(s.Enums, &schema.Enum{Name: "unused", Values: []string{"u"}})
			return s
		}
		desired := func() *schema.Schema {
			s := rich()
			s.Enums[0].Values = []string{"new", "active", "idle", "banned", "last"}
			s.Tables = append(s.Tables,
				dtWith(dtLegacyNamed("new_one"), dtCols(
					&schema.Column{Name: "a2", Type: "text", RenamedFrom: "a"},
					&schema.Column{Name: "b2", Type: "text", RenamedFrom: "b"},
					&schema.Column{Name: "c2", Type: "text"},
					&schema.Column{Name: "d", Type: "text"},
				)),
				dtLegacyNamed("new_two"),
			)
			return s
		}
		opts := schema.Options{Prune: true, Renames: []schema.Rename{{From: "old_one", To: "new_one"}, {From: "old_two", To: "new_two"}}}
		var first *schema.Plan
		var firstUp, firstDown string
		for i := 0; i < 30; i++ {
			p, err := dtPlan(actual(), desired(), opts)
			if err != nil {
				t.Fatal(err)
			}
			up, down := schema.Format(p)
			if first == nil {
				first, firstUp, firstDown = p, up, down
				if len(p.Steps) < 10 || len(p.Hints) != 2 {
					t.Fatalf("want a plan of many changes and two hints, got %s\nhints %s", dtList(dtSummaries(p)), dtList(dtHints(p.Hints)))
				}
				continue
			}
			if up != firstUp || down != firstDown {
				t.Fatalf("run %d differs from the first:\n%s\n%s\nfirst:\n%s\n%s", i, up, down, firstUp, firstDown)
			}
			if g, w := dtHints(p.Hints), dtHints(first.Hints); !slices.Equal(g, w) {
				t.Fatalf("run %d hints differ from the first: %s\nfirst: %s", i, dtList(g), dtList(w))
			}
		}
		// The plan of the first run holds up to the replay too.
		for _, p := range dtCheck(dtCase{actual: actual(), desired: desired(), opts: opts, summaries: dtSummaries(first), hints: first.Hints}) {
			t.Error(p)
		}
	})
}

// dtLegacyNamed is dtLegacy named otherwise, its constraints and index
// named after it.
func dtLegacyNamed(name string) *schema.Table {
	t := dtRenamed(dtLegacy(), name)
	t.PrimaryKey.Name = name + "_pkey"
	t.ForeignKeys[0].Name = name + "_user_id_fkey"
	t.Indexes[0].Name = name + "_user_idx"
	return t
}

func TestHazardKinds(t *testing.T) {
	const kindsList = "deletes-data, irreversible, may-fail-on-rows, changes-values, down-may-fail, rewrites-table, blocks-writes, index-build, needs-edit"
	if got := fmt.Sprint(schema.HazardKinds()); got != "[deletes-data irreversible may-fail-on-rows changes-values down-may-fail rewrites-table blocks-writes index-build needs-edit]" {
		t.Errorf("HazardKinds() = %s", got)
	}
	for _, k := range schema.HazardKinds() {
		got, err := schema.ParseHazardKinds(string(k))
		if err != nil || !slices.Equal(got, []schema.HazardKind{k}) {
			t.Errorf("ParseHazardKinds(%q) = %q, %v", k, got, err)
		}
	}
	for _, tc := range []struct {
		in   string
		want []schema.HazardKind
		err  string
	}{
		{in: "deletes-data,irreversible", want: []schema.HazardKind{schema.DeletesData, schema.Irreversible}},
		{in: " changes-values , down-may-fail,may-fail-on-rows ", want: []schema.HazardKind{schema.ChangesValues, schema.DownMayFail, schema.MayFailOnRows}},
		{in: "deletes-data,,deletes-data,", want: []schema.HazardKind{schema.DeletesData, schema.DeletesData}},
		{in: "", want: nil},
		{in: " , ", want: nil},
		{in: "nope", err: `schema: unknown hazard kind "nope" (kinds: ` + kindsList + ")"},
		{in: "deletes-data,Irreversible", err: `schema: unknown hazard kind "Irreversible" (kinds: ` + kindsList + ")"},
		{in: "deletes_data", err: `schema: unknown hazard kind "deletes_data" (kinds: ` + kindsList + ")"},
	} {
		got, err := schema.ParseHazardKinds(tc.in)
		switch {
		case tc.err != "":
			if err == nil || err.Error() != tc.err {
				t.Errorf("ParseHazardKinds(%q): error %v, want %s", tc.in, err, tc.err)
			}
			if got != nil {
				t.Errorf("ParseHazardKinds(%q) = %q with its error", tc.in, got)
			}
		case err != nil:
			t.Errorf("ParseHazardKinds(%q): %v", tc.in, err)
		case !slices.Equal(got, tc.want):
			t.Errorf("ParseHazardKinds(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}

	for kind, marker := range map[schema.HazardKind]string{
		schema.DeletesData:   "DESTRUCTIVE",
		schema.Irreversible:  "IRREVERSIBLE",
		schema.MayFailOnRows: "CAUTION",
		schema.ChangesValues: "CAUTION",
		schema.DownMayFail:   "CAUTION",
		schema.NeedsEdit:     "TODO",
		schema.RewritesTable: "CAUTION",
		schema.BlocksWrites:  "CAUTION",
		schema.IndexBuild:    "CAUTION",
	} {
		h := hz(kind, "t", "it says so")
		if h.Marker() != marker || h.String() != marker+": it says so" {
			t.Errorf("%s: Marker() = %q, String() = %q, want marker %s", kind, h.Marker(), h.String(), marker)
		}
	}

	// A plan with a hazard of each kind Diff reports, up and down.
	actual := dtSchema(dtUsers(
		&schema.Column{Name: "bio", Type: "text"},
		&schema.Column{Name: "code", Type: "character varying(40)"},
		&schema.Column{Name: "nick", Type: "text", NotNull: true},
	))
	desired := dtSchema(dtUsers(
		&schema.Column{Name: "code", Type: "character varying(20)"},
		&schema.Column{Name: "nick", Type: "text"},
		&schema.Column{Name: "joined", Type: "date", NotNull: true},
	))
	p, err := dtPlan(actual, desired, schema.Options{})
	if err != nil {
		t.Fatal(err)
	}
	str := func(hs []schema.Hazard) []string {
		var out []string
		for _, h := range hs {
			out = append(out, string(h.Kind)+" "+h.Object)
		}
		return out
	}
	for _, tc := range []struct {
		kinds []schema.HazardKind
		want  []string
	}{
		{nil, nil},
		{[]schema.HazardKind{schema.MayFailOnRows}, nil},
		{[]schema.HazardKind{schema.DeletesData}, []string{"deletes-data users.bio"}},
		{[]schema.HazardKind{schema.Irreversible}, []string{"irreversible users.bio"}},
		{[]schema.HazardKind{schema.DownMayFail, schema.Irreversible}, []string{"down-may-fail users.nick", "irreversible users.bio"}},
		{[]schema.HazardKind{schema.ChangesValues, schema.ChangesValues}, []string{"changes-values users.code"}},
		{schema.HazardKinds(), []string{"changes-values users.code", "deletes-data users.bio", "down-may-fail users.nick", "irreversible users.bio"}},
	} {
		if got := str(p.HazardsOf(tc.kinds)); !slices.Equal(got, tc.want) {
			t.Errorf("HazardsOf(%q) = %q, want %q", tc.kinds, got, tc.want)
		}
	}
	if got, want := str(p.Hazards()), []string{"changes-values users.code", "deletes-data users.bio"}; !slices.Equal(got, want) {
		t.Errorf("Hazards() = %q, want %q (up hazards only, in plan order)", got, want)
	}

	up, down := schema.Format(p)
	wantUp := schema.DefaultUpHeader + `
-- add column users.joined
ALTER TABLE users ADD COLUMN joined date NOT NULL;

-- alter column users.code: type character varying(40) → character varying(20)
-- CAUTION: changes users.code from character varying(40) to character varying(20), which fails on values longer than 20 (nothing is truncated)
ALTER TABLE users ALTER COLUMN code TYPE character varying(20);
ANALYZE users (code);

-- alter column users.nick: drop not null
ALTER TABLE users ALTER COLUMN nick DROP NOT NULL;

-- drop column users.bio
-- DESTRUCTIVE: drops column users.bio and the data in it
ALTER TABLE users DROP COLUMN bio;
`
	wantDown := schema.DefaultDownHeader + `
-- undo: drop column users.bio
-- IRREVERSIBLE: the column users.bio comes back, its data does not
ALTER TABLE users ADD COLUMN bio text;

-- undo: alter column users.nick: drop not null
-- CAUTION: SET NOT NULL on users.nick fails if a row written since the up holds NULL there
ALTER TABLE users ALTER COLUMN nick SET NOT NULL;

-- undo: alter column users.code: type character varying(40) → character varying(20)
ALTER TABLE users ALTER COLUMN code TYPE character varying(40);
ANALYZE users (code);

-- undo: add column users.joined
ALTER TABLE users DROP COLUMN joined;
`
	if up != wantUp {
		t.Errorf("up file:\n%s\nwant:\n%s", up, wantUp)
	}
	if down != wantDown {
		t.Errorf("down file:\n%s\nwant:\n%s", down, wantDown)
	}
}

// kindOfSummary is the change kind a step's summary names, by its first
// words: the typed kind and the words must agree.
func kindOfSummary(summary string) schema.ChangeKind {
	for _, k := range []struct {
		prefix string
		kind   schema.ChangeKind
	}{
		{"create table ", schema.KindAddTable}, {"drop table ", schema.KindDropTable}, {"rename table ", schema.KindRenameTable},
		{"comment on table ", schema.KindCommentTable}, {"add column ", schema.KindAddColumn}, {"drop column ", schema.KindDropColumn},
		{"rename column ", schema.KindRenameColumn}, {"alter column ", schema.KindAlterColumn}, {"rebuild column ", schema.KindRebuildColumn}, {"comment on column ", schema.KindCommentColumn},
		{"add primary key ", schema.KindAddPrimaryKey}, {"drop primary key ", schema.KindDropPrimaryKey},
		{"add unique constraint ", schema.KindAddConstraint}, {"add check constraint ", schema.KindAddConstraint},
		{"drop unique constraint ", schema.KindDropConstraint}, {"drop check constraint ", schema.KindDropConstraint},
		{"create index ", schema.KindAddIndex}, {"drop index ", schema.KindDropIndex},
		{"add foreign key ", schema.KindAddForeignKey}, {"drop foreign key ", schema.KindDropForeignKey},
		{"create enum ", schema.KindAddEnum}, {"add value ", schema.KindAddEnumValue}, {"drop enum ", schema.KindDropEnum},
		{"recreate enum ", schema.KindRecreateEnum},
	} {
		if strings.HasPrefix(summary, k.prefix) {
			return k.kind
		}
	}
	return ""
}

// dtPlan is Diff then PlanChanges.
func dtPlan(actual, desired *schema.Schema, opts schema.Options) (*schema.Plan, error) {
	d, err := schema.Diff(actual, desired, opts)
	if err != nil {
		return nil, err
	}
	return schema.PlanChanges(d), nil
}
