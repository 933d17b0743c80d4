package schema

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Phases order the changes of a plan: what others depend on is created
// first, and what depends on others is dropped first. Down statements are
// the up's inverses in exactly reverse order.
//
// Renames go first: every later step is rendered with the new names (a
// constraint dropped from a renamed table or column, say), and in the
// down, which runs in reverse, the renames are undone last.
const (
	phaseRenameTable = 10 * (iota + 1)
	phaseRenameColumn
	phaseDropFK
	phaseDropConstraint
	phaseEnum
	phaseCreateTable
	phaseAddColumn
	phaseAlterColumn
	phaseDropColumn
	phaseDropTable
	phaseDropEnum
	phaseAddConstraint
	phaseAddIndex
	phaseAddFK
	phaseComment
)

// ChangeKind is what a step of a plan changes, for programs (and the
// plan's JSON): the summary says it in words.
type ChangeKind string

// The kinds of change a plan holds.
const (
	AddTable       ChangeKind = "add-table"
	DropTable      ChangeKind = "drop-table"
	RenameTable    ChangeKind = "rename-table"
	CommentTable   ChangeKind = "comment-table"
	AddColumn      ChangeKind = "add-column"
	DropColumn     ChangeKind = "drop-column"
	RenameColumn   ChangeKind = "rename-column"
	AlterColumn    ChangeKind = "alter-column"
	CommentColumn  ChangeKind = "comment-column"
	AddPrimaryKey  ChangeKind = "add-primary-key"
	DropPrimaryKey ChangeKind = "drop-primary-key"
	AddConstraint  ChangeKind = "add-constraint" // unique or check
	DropConstraint ChangeKind = "drop-constraint"
	AddIndex       ChangeKind = "add-index"
	DropIndex      ChangeKind = "drop-index"
	AddForeignKey  ChangeKind = "add-foreign-key"
	DropForeignKey ChangeKind = "drop-foreign-key"
	AddEnum        ChangeKind = "add-enum"
	AddEnumValue   ChangeKind = "add-enum-value"
	DropEnum       ChangeKind = "drop-enum"
)

// Change is one step of a plan, with its SQL both ways.
type Change struct {
	Kind ChangeKind
	// From and To are the column before and after, and What what
	// changes in it ("default", "type integer → bigint", "set not
	// null"), for an AlterColumn.
	From, To *Column
	What     []string
	phase    int
	// Table and Object locate the change ("users", "email").
	Table, Object string
	// Summary is the one line printed for it: "add column users.password".
	Summary string
	// Up and Down are its statements; Down undoes Up.
	Up, Down []string
	// Hazards are written above the up statements and summarised on
	// stderr.
	Hazards []Hazard
	// DownHazards are written above the down statements: what the down
	// cannot bring back, and what makes it fail once the up has run a
	// while (a NOT NULL column re-added to a table with rows, a
	// constraint rows written since may break).
	DownHazards []Hazard
	// ifRows are hazards that apply only when Table has rows: the
	// resolver, which looks, moves them into Hazards.
	ifRows []Hazard
	// addedEnumValue is set for ALTER TYPE ... ADD VALUE, which no down
	// can undo: the self-check allows for it.
	addedEnumValue [2]string
}

// Plan is the ordered list of changes from one schema to another.
type Plan struct {
	Changes []*Change
	// Unmanaged lists tables of the database that no model describes:
	// left alone unless pruning.
	Unmanaged []string
	// Hints are things worth telling the user that change nothing, such
	// as a drop and an add that look like a rename.
	Hints []Hint
}

// Empty reports whether there is nothing to do.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 }

// Hint is something worth telling the user that changes nothing, such as
// a drop and an add that look like a rename.
type Hint struct {
	Message string `json:"message"`
	// Rename, when set, is the rename that would draft it as one: the
	// CLI names its flag for it.
	Rename *Rename `json:"rename,omitempty"`
}

func (h Hint) String() string {
	if h.Rename != nil {
		return fmt.Sprintf("%s, or rename %s in the options", h.Message, h.Rename)
	}
	return h.Message
}

// Rename is a rename given on the command line: a column of Table (From →
// To), or a table when Table is empty.
type Rename struct {
	Table string `json:"table,omitempty"`
	From  string `json:"from"`
	To    string `json:"to"`
}

func (r Rename) String() string {
	if r.Table != "" {
		return fmt.Sprintf("%s.%s=%s", r.Table, r.From, r.To)
	}
	return r.From + "=" + r.To
}

// ParseRename reads "table.old=new" (a column) or "old_table=new_table".
func ParseRename(s string) (Rename, error) {
	from, to, ok := strings.Cut(s, "=")
	if !ok || from == "" || to == "" {
		return Rename{}, fmt.Errorf("schema: rename %q: want table.old=new or old_table=new_table", s)
	}
	if t, col, isCol := strings.Cut(from, "."); isCol {
		if t == "" || col == "" || strings.Contains(to, ".") {
			return Rename{}, fmt.Errorf("schema: rename %q: want table.old=new", s)
		}
		return Rename{Table: t, From: col, To: to}, nil
	}
	return Rename{From: from, To: to}, nil
}

// Options tune a diff.
type Options struct {
	// Prune drafts drops of the tables no model describes.
	Prune bool
	// Renames are renames the user asked for.
	Renames []Rename
	// UpHeader and DownHeader are the files' first lines (each ending
	// in a newline): the CLI says there which of its commands runs them.
	UpHeader, DownHeader string
}

// Diff computes the plan that turns actual into desired. Only the tables
// of desired are managed (all of actual's with Prune).
func Diff(actual, desired *Schema, opts Options) (*Plan, error) {
	d := &differ{plan: &Plan{}, opts: opts}
	if err := d.run(actual, desired); err != nil {
		return nil, err
	}
	sort.SliceStable(d.plan.Changes, func(i, j int) bool {
		a, b := d.plan.Changes[i], d.plan.Changes[j]
		if a.phase != b.phase {
			return a.phase < b.phase
		}
		if a.Table != b.Table {
			return a.Table < b.Table
		}
		return a.Object < b.Object
	})
	sort.Strings(d.plan.Unmanaged)
	return d.plan, nil
}

type differ struct {
	plan *Plan
	opts Options
}

func (d *differ) add(c *Change) { d.plan.Changes = append(d.plan.Changes, c) }

func cloneTable(t *Table) *Table {
	c := *t
	c.Columns = slices.Clone(t.Columns)
	return &c
}

func (d *differ) run(actual, desired *Schema) error {
	d.enums(actual, desired)
	actualTables, renamedFrom, err := d.renameTables(actual, desired)
	if err != nil {
		return err
	}
	for _, dt := range desired.Tables {
		at := actualTables[dt.Name]
		if at == nil {
			d.createTable(dt)
			continue
		}
		if err := d.table(at, dt); err != nil {
			return err
		}
	}
	for _, at := range actual.Tables {
		if renamedFrom[at.Name] || desired.Table(at.Name) != nil {
			continue
		}
		if !d.opts.Prune {
			d.plan.Unmanaged = append(d.plan.Unmanaged, at.Name)
			continue
		}
		d.dropTable(at)
	}
	return nil
}

// renameTables drafts the table renames asked for, first, so that each
// renamed table is compared with its model, and returns the database's
// tables by name as they are after them, with the tables renamed from.
func (d *differ) renameTables(actual, desired *Schema) (map[string]*Table, map[string]bool, error) {
	actualTables := map[string]*Table{}
	for _, t := range actual.Tables {
		actualTables[t.Name] = t
	}
	renamedFrom := map[string]bool{}
	for _, r := range d.opts.Renames {
		if r.Table != "" {
			continue
		}
		old, ok := actualTables[r.From]
		switch {
		case !ok && actualTables[r.To] != nil:
			continue // already renamed: nothing to do
		case !ok:
			return nil, nil, fmt.Errorf("schema: rename %s=%s: the database has no table %s", r.From, r.To, r.From)
		case desired.Table(r.To) == nil:
			return nil, nil, fmt.Errorf("schema: rename %s=%s: no model describes a table %s", r.From, r.To, r.To)
		case actualTables[r.To] != nil:
			return nil, nil, fmt.Errorf("schema: rename %s=%s: the database already has a table %s", r.From, r.To, r.To)
		}
		d.add(&Change{Kind: RenameTable, phase: phaseRenameTable, Table: r.To, Summary: fmt.Sprintf("rename table %s to %s", r.From, r.To),
			Up:   []string{fmt.Sprintf("ALTER TABLE %s RENAME TO %s", QuoteIdent(r.From), QuoteIdent(r.To))},
			Down: []string{fmt.Sprintf("ALTER TABLE %s RENAME TO %s", QuoteIdent(r.To), QuoteIdent(r.From))}})
		moved := cloneTable(old)
		moved.Name = r.To
		delete(actualTables, r.From)
		actualTables[r.To] = moved
		renamedFrom[r.From] = true
	}
	// PostgreSQL points foreign keys at a renamed table by itself; do the
	// same here, or every key referring to it would look changed.
	for from := range renamedFrom {
		to := ""
		for _, r := range d.opts.Renames {
			if r.Table == "" && r.From == from {
				to = r.To
			}
		}
		for name, t := range actualTables {
			changed := false
			fks := make([]*ForeignKey, len(t.ForeignKeys))
			for i, fk := range t.ForeignKeys {
				f := *fk
				if f.RefTable == from {
					f.RefTable = to
					f.def = strings.Replace(f.def, " REFERENCES "+QuoteIdent(from)+"(", " REFERENCES "+QuoteIdent(to)+"(", 1)
					changed = true
				}
				fks[i] = &f
			}
			if changed {
				c := cloneTable(t)
				c.ForeignKeys = fks
				actualTables[name] = c
			}
		}
	}
	for _, r := range d.opts.Renames {
		if r.Table != "" && desired.Table(r.Table) == nil {
			return nil, nil, fmt.Errorf("schema: rename %s.%s=%s: no model describes a table %s", r.Table, r.From, r.To, r.Table)
		}
	}
	return actualTables, renamedFrom, nil
}

func (d *differ) enums(actual, desired *Schema) {
	for _, de := range desired.Enums {
		ae := actual.Enum(de.Name)
		if ae == nil {
			d.add(&Change{Kind: AddEnum, phase: phaseEnum, Object: de.Name, Summary: "create enum " + de.Name,
				Up: []string{createEnum(de)}, Down: []string{"DROP TYPE " + QuoteIdent(de.Name)}})
			continue
		}
		have := map[string]bool{}
		for _, v := range ae.Values {
			have[v] = true
		}
		want := map[string]bool{}
		for _, v := range de.Values {
			want[v] = true
		}
		for i, v := range de.Values {
			if have[v] {
				continue
			}
			pos := ""
			for j := i - 1; j >= 0; j-- {
				if have[de.Values[j]] {
					pos = " AFTER " + QuoteLiteral(de.Values[j])
					break
				}
			}
			if pos == "" {
				for j := i + 1; j < len(de.Values); j++ {
					if have[de.Values[j]] {
						pos = " BEFORE " + QuoteLiteral(de.Values[j])
						break
					}
				}
			}
			have[v] = true
			d.add(&Change{Kind: AddEnumValue, phase: phaseEnum, Object: fmt.Sprintf("%s.%03d", de.Name, i), Summary: fmt.Sprintf("add value %s to enum %s", QuoteLiteral(v), de.Name),
				Up:             []string{fmt.Sprintf("ALTER TYPE %s ADD VALUE IF NOT EXISTS %s%s", QuoteIdent(de.Name), QuoteLiteral(v), pos)},
				DownHazards:    []Hazard{{Irreversible, de.Name, fmt.Sprintf("PostgreSQL cannot remove a value from an enum; %s stays in %s", QuoteLiteral(v), de.Name)}},
				addedEnumValue: [2]string{de.Name, v}})
		}
		for _, v := range ae.Values {
			if !want[v] {
				d.plan.Hints = append(d.plan.Hints, Hint{Message: fmt.Sprintf("enum %s has the value %s, which the models no longer list: PostgreSQL cannot drop an enum value; write that migration by hand", de.Name, QuoteLiteral(v))})
			}
		}
	}
	// An enum no model declares is left alone like a table no model
	// describes, unless pruning; one a model column still uses (type=
	// without a sqlmap:enum directive) is never dropped.
	used := map[string]bool{}
	for _, t := range desired.Tables {
		for _, c := range t.Columns {
			used[strings.Trim(strings.TrimSuffix(c.Type, "[]"), `"`)] = true
		}
	}
	for _, ae := range actual.Enums {
		if desired.Enum(ae.Name) != nil || used[ae.Name] {
			continue
		}
		if !d.opts.Prune {
			d.plan.Unmanaged = append(d.plan.Unmanaged, "enum "+ae.Name)
			continue
		}
		d.add(&Change{Kind: DropEnum, phase: phaseDropEnum, Object: ae.Name, Summary: "drop enum " + ae.Name,
			Up:      []string{"DROP TYPE " + QuoteIdent(ae.Name)},
			Down:    []string{createEnum(ae)},
			Hazards: []Hazard{{DeletesData, ae.Name, fmt.Sprintf("drops enum type %s", ae.Name)}}})
	}
}

func (d *differ) createTable(t *Table) {
	d.add(&Change{Kind: AddTable, phase: phaseCreateTable, Table: t.Name, Summary: "create table " + t.Name,
		Up:   append([]string{createTable(t).SQL}, tableExtras(t)...),
		Down: []string{"DROP TABLE " + QuoteIdent(t.Name)}})
	for _, fk := range t.ForeignKeys {
		d.addFK(t, fk)
	}
}

func (d *differ) dropTable(t *Table) {
	for _, fk := range t.ForeignKeys {
		d.dropFK(t, fk, nil)
	}
	d.add(&Change{Kind: DropTable, phase: phaseDropTable, Table: t.Name, Summary: "drop table " + t.Name,
		Up:          []string{"DROP TABLE " + QuoteIdent(t.Name)},
		Down:        append([]string{createTable(t).SQL}, tableExtras(t)...),
		Hazards:     []Hazard{{DeletesData, t.Name, fmt.Sprintf("drops table %s and every row in it", t.Name)}},
		DownHazards: []Hazard{{Irreversible, t.Name, fmt.Sprintf("the structure of %s comes back, its rows do not", t.Name)}}})
}

func (d *differ) addFK(t *Table, fk *ForeignKey) {
	d.add(&Change{Kind: AddForeignKey, phase: phaseAddFK, Table: t.Name, Object: fk.Name, Summary: fmt.Sprintf("add foreign key %s on %s", fk.Name, t.Name),
		Up:   []string{addForeignKey(t, fk)},
		Down: []string{fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", QuoteIdent(t.Name), QuoteIdent(fk.Name))}})
}

// dropFK drops a foreign key; downNote is for the down that re-adds it.
func (d *differ) dropFK(t *Table, fk *ForeignKey, downNote []Hazard) {
	d.add(&Change{Kind: DropForeignKey, phase: phaseDropFK, Table: t.Name, Object: fk.Name, Summary: fmt.Sprintf("drop foreign key %s on %s", fk.Name, t.Name),
		Up:          []string{fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", QuoteIdent(t.Name), QuoteIdent(fk.Name))},
		Down:        []string{addForeignKey(t, fk)},
		DownHazards: downNote})
}

// reAddNote is the down's CAUTION for a constraint the up drops: rows
// written in between may break it. (A table's own constraints, re-created
// with the table by the down of a drop table, have no rows to fail on.)
func reAddNote(table, what, name string) []Hazard {
	return []Hazard{{DownMayFail, table, fmt.Sprintf("re-adds %s %s, which fails if rows written since the up break it", what, name)}}
}

// table diffs one table that exists on both sides.
func (d *differ) table(at, dt *Table) error {
	at, err := d.renameColumns(cloneTable(at), dt)
	if err != nil {
		return err
	}
	d.columns(at, dt)
	d.constraints(at, dt)
	if at.Comment != dt.Comment {
		d.add(&Change{Kind: CommentTable, phase: phaseComment, Table: dt.Name, Summary: "comment on table " + dt.Name,
			Up: []string{commentOnTable(dt.Name, dt.Comment)}, Down: []string{commentOnTable(dt.Name, at.Comment)}})
	}
	return nil
}

// renameColumns drafts the column renames asked for, by the tag
// renamed_from=old or a Rename in the options, and returns at as it is
// after them, so the rest of the diff compares each column with its model.
func (d *differ) renameColumns(at, dt *Table) (*Table, error) {
	name := dt.Name
	q := QuoteIdent(name)
	renames := map[string]string{} // new -> old
	for _, c := range dt.Columns {
		if c.RenamedFrom != "" {
			renames[c.Name] = c.RenamedFrom
		}
	}
	for _, r := range d.opts.Renames {
		if r.Table == name {
			renames[r.To] = r.From
		}
	}
	newNames := make([]string, 0, len(renames))
	for n := range renames {
		newNames = append(newNames, n)
	}
	sort.Strings(newNames)
	for _, newName := range newNames {
		old := renames[newName]
		if at.Column(newName) != nil {
			continue // already renamed
		}
		ac := at.Column(old)
		if ac == nil {
			return nil, fmt.Errorf("schema: rename %s.%s to %s: the database has no column %s.%s", name, old, newName, name, old)
		}
		if dt.Column(newName) == nil {
			return nil, fmt.Errorf("schema: rename %s.%s to %s: no model has a column %s.%s", name, old, newName, name, newName)
		}
		d.add(&Change{Kind: RenameColumn, phase: phaseRenameColumn, Table: name, Object: newName, Summary: fmt.Sprintf("rename column %s.%s to %s", name, old, newName),
			Up:   []string{fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", q, QuoteIdent(old), QuoteIdent(newName))},
			Down: []string{fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", q, QuoteIdent(newName), QuoteIdent(old))}})
		moved := *ac
		moved.Name = newName
		for i, c := range at.Columns {
			if c == ac {
				at.Columns[i] = &moved
			}
		}
		at = renameInConstraints(at, old, newName)
	}
	return at, nil
}

// columns drafts the columns added, altered and dropped, with a hint for
// a drop and an add that look like a rename.
func (d *differ) columns(at, dt *Table) {
	name := dt.Name
	var added, dropped []*Column
	for _, dc := range dt.Columns {
		ac := at.Column(dc.Name)
		if ac == nil {
			added = append(added, dc)
			d.addColumn(dt, dc)
			continue
		}
		d.alterColumn(dt, ac, dc)
	}
	for _, ac := range at.Columns {
		if dt.Column(ac.Name) == nil {
			dropped = append(dropped, ac)
			d.dropColumn(at, ac)
		}
	}
	for _, dc := range dropped {
		for _, ac := range added {
			if dc.Type == ac.Type && dc.NotNull == ac.NotNull && dc.Default == ac.Default {
				d.plan.Hints = append(d.plan.Hints, Hint{Message: fmt.Sprintf(
					"%s.%s is dropped and %s.%s added with the same definition: if it is a rename, add renamed_from=%s to the field's sqlmap tag",
					name, dc.Name, name, ac.Name, dc.Name), Rename: &Rename{Table: name, From: dc.Name, To: ac.Name}})
			}
		}
	}
}

// constraints drafts the primary key, unique and check constraints,
// foreign keys and indexes that changed.
func (d *differ) constraints(at, dt *Table) {
	name := dt.Name
	q := QuoteIdent(name)

	// Primary key.
	apk, dpk := at.PrimaryKey, dt.PrimaryKey
	if !samePK(apk, dpk) {
		if apk != nil {
			d.add(&Change{Kind: DropPrimaryKey, phase: phaseDropConstraint, Table: name, Object: apk.Name, Summary: fmt.Sprintf("drop primary key %s on %s", apk.Name, name),
				Up:          []string{fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", q, QuoteIdent(apk.Name))},
				Down:        []string{fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s PRIMARY KEY (%s)", q, QuoteIdent(apk.Name), quoteList(apk.Columns))},
				DownHazards: reAddNote(name, "primary key", apk.Name)})
		}
		if dpk != nil {
			d.add(&Change{Kind: AddPrimaryKey, phase: phaseAddConstraint, Table: name, Object: dpk.Name, Summary: fmt.Sprintf("add primary key %s on %s", dpk.Name, name),
				Up:   []string{fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s PRIMARY KEY (%s)", q, QuoteIdent(dpk.Name), quoteList(dpk.Columns))},
				Down: []string{fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", q, QuoteIdent(dpk.Name))}})
		}
	}

	// Unique and check constraints and foreign keys match by definition:
	// a constraint someone named by hand is not dropped for its name.
	matchDefs(at.Uniques, dt.Uniques, func(u *Unique) string { return u.sql() },
		func(u *Unique) { d.dropConstraint(name, u.Name, "unique constraint", u.sql()) },
		func(u *Unique) { d.addConstraint(name, u.Name, "unique constraint", u.sql()) })
	matchDefs(at.Checks, dt.Checks, func(c *Check) string { return c.sql() },
		func(c *Check) { d.dropConstraint(name, c.Name, "check constraint", c.sql()) },
		func(c *Check) { d.addConstraint(name, c.Name, "check constraint", c.sql()) })
	matchDefs(at.ForeignKeys, dt.ForeignKeys, func(fk *ForeignKey) string { return fk.sql() },
		func(fk *ForeignKey) { d.dropFK(at, fk, reAddNote(name, "foreign key", fk.Name)) },
		func(fk *ForeignKey) { d.addFK(dt, fk) })
	matchDefs(at.Indexes, dt.Indexes, indexKey,
		func(ix *Index) {
			ch := &Change{Kind: DropIndex, phase: phaseDropConstraint, Table: name, Object: ix.Name, Summary: fmt.Sprintf("drop index %s on %s", ix.Name, name),
				Up: []string{"DROP INDEX " + QuoteIdent(ix.Name)}, Down: []string{createIndex(at, ix)}}
			if ix.Unique {
				ch.DownHazards = reAddNote(name, "unique index", ix.Name)
			}
			d.add(ch)
		},
		func(ix *Index) {
			d.add(&Change{Kind: AddIndex, phase: phaseAddIndex, Table: name, Object: ix.Name, Summary: fmt.Sprintf("create index %s on %s", ix.Name, name),
				Up: []string{createIndex(dt, ix)}, Down: []string{"DROP INDEX " + QuoteIdent(ix.Name)}})
		})
}

// renameInConstraints rewrites the column lists and expressions of at's
// constraints, indexes and generated columns after a column rename, as
// PostgreSQL itself does, so they still match.
func renameInConstraints(at *Table, old, new string) *Table {
	// A quoted name delimits itself; \b would not match before its quote.
	pat := regexp.QuoteMeta(QuoteIdent(old))
	if !strings.HasPrefix(QuoteIdent(old), `"`) {
		pat = `\b` + pat + `\b`
	}
	re := regexp.MustCompile(pat)
	sub := func(cols []string) []string {
		out := slices.Clone(cols)
		for i, c := range out {
			if c == old {
				out[i] = new
			}
		}
		return out
	}
	t := *at
	t.Columns = make([]*Column, len(at.Columns))
	for i, c := range at.Columns {
		if c.Generated != "" {
			g := *c
			g.Generated = re.ReplaceAllString(c.Generated, QuoteIdent(new))
			c = &g
		}
		t.Columns[i] = c
	}
	if at.PrimaryKey != nil {
		t.PrimaryKey = &PrimaryKey{Name: at.PrimaryKey.Name, Columns: sub(at.PrimaryKey.Columns)}
	}
	t.Uniques = nil
	for _, u := range at.Uniques {
		t.Uniques = append(t.Uniques, &Unique{Name: u.Name, Columns: sub(u.Columns), def: re.ReplaceAllString(u.def, QuoteIdent(new))})
	}
	t.Checks = nil
	for _, c := range at.Checks {
		t.Checks = append(t.Checks, &Check{Name: c.Name, Expr: re.ReplaceAllString(c.Expr, QuoteIdent(new)), Column: c.Column, def: re.ReplaceAllString(c.def, QuoteIdent(new))})
	}
	t.ForeignKeys = nil
	for _, fk := range at.ForeignKeys {
		f := *fk
		f.Columns = sub(fk.Columns)
		// Only the referencing side's list precedes REFERENCES.
		if i := strings.Index(f.def, " REFERENCES "); i >= 0 {
			f.def = re.ReplaceAllString(f.def[:i], QuoteIdent(new)) + f.def[i:]
		}
		t.ForeignKeys = append(t.ForeignKeys, &f)
	}
	t.Indexes = nil
	for _, ix := range at.Indexes {
		x := *ix
		// An index element is a column or an expression over columns,
		// such as lower((email)::text).
		x.Columns = make([]string, len(ix.Columns))
		for i, c := range ix.Columns {
			x.Columns[i] = re.ReplaceAllString(c, QuoteIdent(new))
		}
		x.Where = re.ReplaceAllString(ix.Where, QuoteIdent(new))
		t.Indexes = append(t.Indexes, &x)
	}
	return &t
}

func indexKey(ix *Index) string {
	return fmt.Sprintf("%v|%s|%s|%s", ix.Unique, ix.Method, strings.Join(ix.Columns, ","), ix.Where)
}

func samePK(a, b *PrimaryKey) bool {
	if a == nil || b == nil {
		return a == b
	}
	return slices.Equal(a.Columns, b.Columns)
}

// matchDefs pairs the items of actual and desired with equal keys; the
// rest of actual are dropped and the rest of desired added.
func matchDefs[T any](actual, desired []T, key func(T) string, drop, add func(T)) {
	want := map[string]int{}
	for _, x := range desired {
		want[key(x)]++
	}
	have := map[string]int{}
	for _, x := range actual {
		k := key(x)
		if want[k] > 0 {
			want[k]--
			have[k]++
			continue
		}
		drop(x)
	}
	for _, x := range desired {
		k := key(x)
		if have[k] > 0 {
			have[k]--
			continue
		}
		add(x)
	}
}

func (d *differ) dropConstraint(table, name, what, def string) {
	q := QuoteIdent(table)
	d.add(&Change{Kind: DropConstraint, phase: phaseDropConstraint, Table: table, Object: name, Summary: fmt.Sprintf("drop %s %s on %s", what, name, table),
		Up:          []string{fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", q, QuoteIdent(name))},
		Down:        []string{fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s %s", q, QuoteIdent(name), def)},
		DownHazards: reAddNote(table, what, name)})
}

func (d *differ) addConstraint(table, name, what, def string) {
	q := QuoteIdent(table)
	d.add(&Change{Kind: AddConstraint, phase: phaseAddConstraint, Table: table, Object: name, Summary: fmt.Sprintf("add %s %s on %s", what, name, table),
		Up:   []string{fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s %s", q, QuoteIdent(name), def)},
		Down: []string{fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", q, QuoteIdent(name))}})
}

func (d *differ) addColumn(t *Table, c *Column) {
	ch := &Change{Kind: AddColumn, phase: phaseAddColumn, Table: t.Name, Object: c.Name, Summary: fmt.Sprintf("add column %s.%s", t.Name, c.Name),
		Up:   []string{fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", QuoteIdent(t.Name), columnDef(c, ""))},
		Down: []string{fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", QuoteIdent(t.Name), QuoteIdent(c.Name))}}
	if c.Comment != "" {
		ch.Up = append(ch.Up, commentOnColumn(t.Name, c.Name, c.Comment))
	}
	if c.needsValue() {
		ch.ifRows = []Hazard{{MayFailOnRows, t.Name + "." + c.Name, fmt.Sprintf("adds NOT NULL column %s.%s without a default; it fails while %s has rows (add a default, or add it nullable, backfill, then SET NOT NULL)", t.Name, c.Name, t.Name)}}
	}
	d.add(ch)
}

// needsValue reports whether adding c to a table with rows fails: it is
// NOT NULL and PostgreSQL has nothing to fill it with (no default, no
// identity, not generated).
func (c *Column) needsValue() bool {
	return c.NotNull && c.Default == "" && c.Identity == IdentityNone && c.Generated == ""
}

func (d *differ) dropColumn(t *Table, c *Column) {
	ch := &Change{Kind: DropColumn, phase: phaseDropColumn, Table: t.Name, Object: c.Name, Summary: fmt.Sprintf("drop column %s.%s", t.Name, c.Name),
		Up:          []string{fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", QuoteIdent(t.Name), QuoteIdent(c.Name))},
		Down:        []string{fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", QuoteIdent(t.Name), columnDef(c, ""))},
		Hazards:     []Hazard{{DeletesData, t.Name + "." + c.Name, fmt.Sprintf("drops column %s.%s and the data in it", t.Name, c.Name)}},
		DownHazards: []Hazard{{Irreversible, t.Name + "." + c.Name, fmt.Sprintf("the column %s.%s comes back, its data does not", t.Name, c.Name)}}}
	if c.Comment != "" {
		ch.Down = append(ch.Down, commentOnColumn(t.Name, c.Name, c.Comment))
	}
	if c.needsValue() {
		ch.DownHazards = append(ch.DownHazards, Hazard{DownMayFail, t.Name + "." + c.Name, fmt.Sprintf("re-adds %s.%s NOT NULL without a default, which fails while %s has rows: give the ADD COLUMN a DEFAULT (and DROP DEFAULT after it) before running this down on a table with rows", t.Name, c.Name, t.Name)})
	}
	d.add(ch)
}

// alterColumn drafts the changes of one column as one step, its
// statements in an order PostgreSQL accepts (an identity needs NOT NULL
// first; a type change goes before a default of the new type).
func (d *differ) alterColumn(t *Table, a, w *Column) {
	q := fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s", QuoteIdent(t.Name), QuoteIdent(w.Name))
	var steps []pair
	var what []string
	var hazards, downNotes, ifRows []Hazard
	obj := t.Name + "." + w.Name

	if a.Generated != w.Generated {
		// PostgreSQL cannot turn an ordinary column into a generated one
		// or change the expression in place (before 17); drafting a drop
		// and an add would lose data or indexes silently.
		d.plan.Hints = append(d.plan.Hints, Hint{Message: fmt.Sprintf("column %s.%s is %s in the database and %s in the models: write that migration by hand (drop and re-add the column, and its indexes)",
			t.Name, w.Name, generatedLabel(a.Generated), generatedLabel(w.Generated))})
		return
	}
	if a.Identity != IdentityNone && w.Identity == IdentityNone {
		steps = append(steps, pair{q + " DROP IDENTITY", q + " ADD " + identitySQL(a.Identity)})
		what = append(what, "drop identity")
	}
	ds, dwhat, dh, ddown := defaultAndType(q, t.Name, a, w)
	steps, what = append(steps, ds...), append(what, dwhat...)
	hazards, downNotes = append(hazards, dh...), append(downNotes, ddown...)
	if a.NotNull != w.NotNull && !(w.Identity != IdentityNone && a.Identity != IdentityNone) {
		if w.NotNull {
			steps = append(steps, pair{q + " SET NOT NULL", q + " DROP NOT NULL"})
			what = append(what, "set not null")
			ifRows = append(ifRows, Hazard{MayFailOnRows, obj, fmt.Sprintf("SET NOT NULL on %s.%s fails if any row holds NULL there, and scans %s under an exclusive lock", t.Name, w.Name, t.Name)})
		} else {
			steps = append(steps, pair{q + " DROP NOT NULL", q + " SET NOT NULL"})
			what = append(what, "drop not null")
			downNotes = append(downNotes, Hazard{DownMayFail, obj, fmt.Sprintf("SET NOT NULL on %s.%s fails if a row written since the up holds NULL there", t.Name, w.Name)})
		}
	}
	switch {
	case a.Identity == IdentityNone && w.Identity != IdentityNone:
		steps = append(steps, pair{q + " ADD " + identitySQL(w.Identity), q + " DROP IDENTITY"})
		what = append(what, "add identity")
	case a.Identity != IdentityNone && w.Identity != IdentityNone && a.Identity != w.Identity:
		steps = append(steps, pair{q + " SET " + strings.TrimSuffix(identitySQL(w.Identity), " AS IDENTITY"), q + " SET " + strings.TrimSuffix(identitySQL(a.Identity), " AS IDENTITY")})
		what = append(what, "identity "+w.Identity)
	}
	if len(steps) > 0 {
		ch := &Change{Kind: AlterColumn, From: a, To: w, What: what, phase: phaseAlterColumn, Table: t.Name, Object: w.Name,
			Summary:     fmt.Sprintf("alter column %s.%s: %s", t.Name, w.Name, strings.Join(what, ", ")),
			Hazards:     hazards,
			DownHazards: downNotes,
			ifRows:      ifRows}
		for _, s := range steps {
			ch.Up = append(ch.Up, s.up)
		}
		for i := len(steps) - 1; i >= 0; i-- {
			ch.Down = append(ch.Down, steps[i].down)
		}
		d.add(ch)
	}
	d.commentColumn(t, a, w)
}

// pair is one statement of a column's change and the one that undoes it.
type pair struct{ up, down string }

// defaultAndType drafts a column's default and type changes: when both
// change, the old default is of the old type and the new one of the new,
// so the old is dropped, the type changed, then the new set (and the
// same way back), or PostgreSQL refuses one of them.
func defaultAndType(q, t string, a, w *Column) (steps []pair, what []string, hazards, downNotes []Hazard) {
	defaultChanged := a.Default != w.Default && !sameDefault(a.Default, w.Default)
	var setDefault *pair
	if defaultChanged && a.Type != w.Type {
		if a.Default != "" {
			steps = append(steps, pair{q + " DROP DEFAULT", q + " SET DEFAULT " + a.Default})
		}
		if w.Default != "" {
			setDefault = &pair{q + " SET DEFAULT " + w.Default, q + " DROP DEFAULT"}
		}
		what = append(what, "default")
	} else if defaultChanged {
		switch {
		case w.Default == "":
			steps = append(steps, pair{q + " DROP DEFAULT", q + " SET DEFAULT " + a.Default})
		case a.Default == "":
			steps = append(steps, pair{q + " SET DEFAULT " + w.Default, q + " DROP DEFAULT"})
		default:
			steps = append(steps, pair{q + " SET DEFAULT " + w.Default, q + " SET DEFAULT " + a.Default})
		}
		what = append(what, "default")
	}
	if a.Type != w.Type {
		up, upEffect := typeChange(w.Name, a.Type, w.Type)
		down, downEffect := typeChange(w.Name, w.Type, a.Type)
		steps = append(steps, pair{q + " TYPE " + up, q + " TYPE " + down})
		what = append(what, fmt.Sprintf("type %s → %s", a.Type, w.Type))
		if upEffect != "" {
			hazards = append(hazards, Hazard{ChangesValues, t + "." + w.Name, fmt.Sprintf("changes %s.%s from %s to %s, which %s", t, w.Name, a.Type, w.Type, upEffect)})
		}
		if downEffect != "" {
			downNotes = append(downNotes, Hazard{ChangesValues, t + "." + w.Name, fmt.Sprintf("changes %s.%s back from %s to %s, which %s", t, w.Name, w.Type, a.Type, downEffect)})
		}
	}
	if setDefault != nil {
		steps = append(steps, *setDefault)
	}
	return steps, what, hazards, downNotes
}

func (d *differ) commentColumn(t *Table, a, w *Column) {
	if a.Comment != w.Comment {
		d.add(&Change{Kind: CommentColumn, phase: phaseComment, Table: t.Name, Object: w.Name, Summary: fmt.Sprintf("comment on column %s.%s", t.Name, w.Name),
			Up: []string{commentOnColumn(t.Name, w.Name, w.Comment)}, Down: []string{commentOnColumn(t.Name, w.Name, a.Comment)}})
	}
}

func generatedLabel(expr string) string {
	if expr == "" {
		return "an ordinary column"
	}
	return "generated as (" + expr + ")"
}

func identitySQL(kind string) string {
	if kind == IdentityAlways {
		return "GENERATED ALWAYS AS IDENTITY"
	}
	return "GENERATED BY DEFAULT AS IDENTITY"
}

// sameDefault treats the spellings of the current time as one: a database
// written by hand with CURRENT_TIMESTAMP matches a model saying now().
func sameDefault(a, b string) bool {
	norm := func(s string) string {
		switch strings.ToLower(s) {
		case "now()", "current_timestamp", "transaction_timestamp()":
			return "now()"
		}
		return s
	}
	return norm(a) == norm(b)
}
