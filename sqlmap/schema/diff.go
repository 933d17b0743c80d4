package schema

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

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
	// Schema is the schema a draft compares (in both databases, for
	// DraftBetween); empty for each connection's current schema. The
	// drafted statements name tables unqualified: they run with that
	// schema first on the search_path.
	Schema string
	// Online splits the plan in two migrations, so that no step holds a
	// lock that blocks writes while it scans or builds on a table that
	// exists: the second runs without a transaction (CREATE INDEX
	// CONCURRENTLY, VALIDATE CONSTRAINT). See [Options.Plan].
	Online bool
}

// Diff finds the changes that turn actual into desired, as plain values:
// it renders no SQL and touches no database ([PlanChanges] orders them and
// renders their SQL). Only the tables of desired are managed (all of
// actual's with Prune).
func Diff(actual, desired *Schema, opts Options) (*Difference, error) {
	d := &differ{out: &Difference{}, opts: opts, changedCols: map[string]map[string]bool{}, droppedKeys: map[string][][]string{}}
	if err := d.run(actual, desired); err != nil {
		return nil, err
	}
	sort.Strings(d.out.Unmanaged)
	return d.out, nil
}

type differ struct {
	out  *Difference
	opts Options
	// changedCols are the columns, by table, whose type changes or that
	// are rebuilt, and droppedKeys the column lists of the primary keys,
	// unique constraints and unique indexes dropped: the foreign keys on
	// them are dropped before and re-added after (foreignKeys).
	changedCols map[string]map[string]bool
	droppedKeys map[string][][]string
	// enums are the enum types of both sides, as a column's type names
	// them (quoted where needed).
	enums map[string]bool
	// pairs are the tables on both sides, actual as it is after the
	// renames, for the foreign key pass.
	pairs [][2]*Table
}

func (d *differ) changedCol(table, col string) {
	if d.changedCols[table] == nil {
		d.changedCols[table] = map[string]bool{}
	}
	d.changedCols[table][col] = true
}

func (d *differ) droppedKey(table string, cols []string) {
	d.droppedKeys[table] = append(d.droppedKeys[table], cols)
}

func (d *differ) add(c Change) { d.out.Changes = append(d.out.Changes, c) }

func (d *differ) hint(h Hint) { d.out.Hints = append(d.out.Hints, h) }

func cloneTable(t *Table) *Table {
	c := *t
	c.Columns = slices.Clone(t.Columns)
	return &c
}

func (d *differ) run(actual, desired *Schema) error {
	d.enums = map[string]bool{}
	for _, s := range []*Schema{actual, desired} {
		for _, e := range s.Enums {
			d.enums[QuoteIdent(e.Name)] = true
		}
	}
	d.diffEnums(actual, desired)
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
	var unmanaged []*Table
	for _, at := range actual.Tables {
		if renamedFrom[at.Name] || desired.Table(at.Name) != nil {
			continue
		}
		if !d.opts.Prune {
			d.out.Unmanaged = append(d.out.Unmanaged, at.Name)
			unmanaged = append(unmanaged, actualTables[at.Name])
			continue
		}
		d.dropTable(at)
	}
	if err := d.foreignKeys(desired, unmanaged); err != nil {
		return err
	}
	return blocked(actual, d.out.Changes)
}

// blocked refuses changes that objects sqlmap does not manage depend on
// (a view on a column dropped or retyped, a function taking an enum
// recreated): PostgreSQL would refuse the statement, and the dependent is
// the user's to drop or change first. Every such change is named.
func blocked(actual *Schema, changes []Change) error {
	var errs []error
	say := func(what string, deps []string) {
		if len(deps) > 0 {
			errs = append(errs, fmt.Errorf("schema: %s is used by %s, which sqlmap does not manage: drop or change %s first (a migration of your own before this one), then draft again",
				what, strings.Join(deps, ", "), map[bool]string{true: "them", false: "it"}[len(deps) > 1]))
		}
	}
	column := func(table, col string) []string {
		if t := actual.Table(table); t != nil {
			return t.dependents[col]
		}
		return nil
	}
	for _, c := range changes {
		switch c := c.(type) {
		case DropTable:
			var deps []string
			for _, ds := range c.T.dependents {
				deps = append(deps, ds...)
			}
			slices.Sort(deps)
			say("table "+c.T.Name, slices.Compact(deps))
		case DropColumn:
			say("column "+c.Table+"."+c.C.Name, column(c.Table, c.C.Name))
		case RebuildColumn:
			say("column "+c.Table+"."+c.From.Name+" (dropped and added back)", column(c.Table, c.From.Name))
		case AlterColumn:
			if c.Has(ColumnType) || c.Has(ColumnCollation) {
				say("column "+c.Table+"."+c.From.Name+" (its type changes)", column(c.Table, c.From.Name))
			}
		case RecreateEnum:
			say("enum "+c.From.Name+" (recreated)", c.From.dependents)
			for _, ec := range c.Columns {
				say("column "+ec.Table+"."+ec.Column.Name+" (converted to the recreated "+c.From.Name+")", column(ec.Table, ec.Column.Name))
			}
		case DropEnum:
			say("enum "+c.E.Name, c.E.dependents)
		}
	}
	return errors.Join(errs...)
}

// foreignKeys drafts the foreign keys that changed, and drops before and
// re-adds after those PostgreSQL would refuse to keep: on a column whose
// type changes or that is rebuilt (either side of the key), and on a
// primary key, unique constraint or unique index that is dropped. Keys of
// tables no model describes are re-added as they are.
func (d *differ) foreignKeys(desired *Schema, unmanaged []*Table) error {
	forced := func(table string, fk *ForeignKey) bool {
		for _, c := range fk.Columns {
			if d.changedCols[table][c] {
				return true
			}
		}
		for _, c := range fk.RefColumns {
			if d.changedCols[fk.RefTable][c] {
				return true
			}
		}
		for _, key := range d.droppedKeys[fk.RefTable] {
			if sameSet(key, fk.RefColumns) {
				return true
			}
		}
		return false
	}
	for _, p := range d.pairs {
		at, dt := p[0], p[1]
		name := dt.Name
		key := func(side string) func(*ForeignKey) string {
			return func(fk *ForeignKey) string {
				if forced(name, fk) {
					return side + "|" + fk.sql()
				}
				return fk.sql()
			}
		}
		matchDefsBy(at.ForeignKeys, dt.ForeignKeys, key("actual"), key("desired"),
			func(fk *ForeignKey) { d.add(DropForeignKey{Table: name, FK: fk}) },
			func(fk *ForeignKey) { d.add(AddForeignKey{Table: name, FK: fk}) })
	}
	for _, t := range unmanaged {
		for _, fk := range t.ForeignKeys {
			if !forced(t.Name, fk) {
				continue
			}
			if err := unmanagedKeyFits(desired, t, fk); err != nil {
				return err
			}
			d.add(DropForeignKey{Table: t.Name, FK: fk})
			d.add(AddForeignKey{Table: t.Name, FK: fk})
		}
	}
	return nil
}

// unmanagedKeyFits refuses a plan that changes the type of a column a
// table no model describes refers to, when that table's column would no
// longer have the same type: the key could not be re-added, and the
// column is not sqlmap's to change.
func unmanagedKeyFits(desired *Schema, t *Table, fk *ForeignKey) error {
	ref := desired.Table(fk.RefTable)
	if ref == nil {
		return nil
	}
	for i, rc := range fk.RefColumns {
		dc, own := ref.Column(rc), t.Column(fk.Columns[i])
		if dc != nil && own != nil && !keyTypesMeet(dc.Type, own.Type) {
			return fmt.Errorf("schema: %s.%s becomes %s, and %s.%s (%s), of table %s, which no model describes, refers to it by foreign key %s: "+
				"describe %s with a model so its column changes too, or change or drop that key by hand first",
				ref.Name, rc, dc.Type, t.Name, own.Name, own.Type, t.Name, fk.Name, t.Name)
		}
	}
	return nil
}

// unquoteAll gives the column names of an index's entries that name a
// column (quoted or not); an expression is kept as written and so never
// equals a foreign key's column.
func unquoteAll(entries []string) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e
		if quotedIdent(e) {
			out[i] = strings.ReplaceAll(e[1:len(e)-1], `""`, `"`)
		}
	}
	return out
}

// keyTypesMeet reports whether a foreign key can join columns of types a
// and b: the same type (whatever the length), two integer types, or two
// string types, which PostgreSQL compares across. Anything else is left
// to the user rather than guessed.
func keyTypesMeet(a, b string) bool {
	pa, pb := splitType(a), splitType(b)
	if pa.dims != pb.dims {
		return false
	}
	_, ia := integerRank[pa.base]
	_, ib := integerRank[pb.base]
	return pa.base == pb.base || (ia && ib) || (stringTypes[pa.base] && stringTypes[pb.base])
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
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
		d.add(RenameTable{From: r.From, To: r.To})
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

func (d *differ) diffEnums(actual, desired *Schema) {
	for _, de := range desired.Enums {
		ae := actual.Enum(de.Name)
		if ae == nil {
			d.add(AddEnum{E: de})
			continue
		}
		if slices.Equal(ae.Values, de.Values) {
			continue
		}
		// A value removed or the order changed: PostgreSQL can only add
		// values in place. And a value added by ALTER TYPE ... ADD VALUE
		// cannot be used before its transaction commits (55P04): where
		// the models use a new value (a default, a check, an index
		// predicate), the type is recreated instead, in the migration's
		// own transaction.
		if !isSubsequence(ae.Values, de.Values) || usesValues(desired, newValues(ae.Values, de.Values)) {
			d.add(RecreateEnum{From: ae, To: de, Columns: enumColumns(actual, ae.Name)})
			continue
		}
		have := map[string]bool{}
		for _, v := range ae.Values {
			have[v] = true
		}
		for i, v := range de.Values {
			if have[v] {
				continue
			}
			add := AddEnumValue{Enum: de.Name, Value: v, Pos: i}
			for j := i - 1; j >= 0 && add.After == ""; j-- {
				if have[de.Values[j]] {
					add.After = de.Values[j]
				}
			}
			for j := i + 1; j < len(de.Values) && add.After == "" && add.Before == ""; j++ {
				if have[de.Values[j]] {
					add.Before = de.Values[j]
				}
			}
			have[v] = true
			d.add(add)
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
			d.out.Unmanaged = append(d.out.Unmanaged, "enum "+ae.Name)
			continue
		}
		d.add(DropEnum{E: ae})
	}
}

// newValues lists the values of b that a lacks.
func newValues(a, b []string) []string {
	var out []string
	for _, v := range b {
		if !slices.Contains(a, v) {
			out = append(out, v)
		}
	}
	return out
}

// usesValues reports whether any expression of s (a default, a generated
// column, a check, an index) holds one of the values as a literal. A
// literal of another type that happens to match counts too: the recreate
// it leads to is heavier, never wrong.
func usesValues(s *Schema, values []string) bool {
	if len(values) == 0 {
		return false
	}
	var texts []string
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			texts = append(texts, c.Default, c.Generated)
		}
		for _, c := range t.Checks {
			texts = append(texts, c.Expr, c.def)
		}
		for _, ix := range t.Indexes {
			texts = append(texts, ix.Where, ix.def)
			texts = append(texts, ix.Columns...)
		}
	}
	for _, v := range values {
		lit := QuoteLiteral(v)
		for _, x := range texts {
			if strings.Contains(x, lit) {
				return true
			}
		}
	}
	return false
}

// isSubsequence reports whether every value of a is in b, in a's order.
func isSubsequence(a, b []string) bool {
	j := 0
	for _, v := range b {
		if j < len(a) && a[j] == v {
			j++
		}
	}
	return j == len(a)
}

// enumColumns lists the columns of every table of s, managed or not,
// whose type is the enum or an array of it.
func enumColumns(s *Schema, enum string) []EnumColumn {
	var out []EnumColumn
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			base, array := strings.CutSuffix(c.Type, "[]")
			if base == QuoteIdent(enum) {
				out = append(out, EnumColumn{Table: t.Name, Column: c, Array: array})
			}
		}
	}
	return out
}

func (d *differ) createTable(t *Table) {
	d.add(AddTable{T: t})
	for _, fk := range t.ForeignKeys {
		d.add(AddForeignKey{Table: t.Name, FK: fk})
	}
}

func (d *differ) dropTable(t *Table) {
	for _, fk := range t.ForeignKeys {
		d.add(DropForeignKey{Table: t.Name, FK: fk})
	}
	d.add(DropTable{T: t})
}

// table diffs one table that exists on both sides.
func (d *differ) table(at, dt *Table) error {
	if at.PartitionBy != dt.PartitionBy {
		return fmt.Errorf("schema: table %s is %s in the database and %s in the other schema: PostgreSQL cannot change how a table is partitioned in place; write that migration by hand (a new table, the rows moved, the old one dropped)",
			dt.Name, partitionLabel(at.PartitionBy), partitionLabel(dt.PartitionBy))
	}
	at, err := d.renameColumns(cloneTable(at), dt)
	if err != nil {
		return err
	}
	d.columns(at, dt)
	rebuilt := rebuiltColumns(at, dt)
	for _, c := range rebuilt {
		d.changedCol(dt.Name, c.name)
	}
	d.constraints(at, dt, rebuilt)
	d.pairs = append(d.pairs, [2]*Table{at, dt})
	if at.Comment != dt.Comment {
		d.add(CommentTable{Table: dt.Name, From: at.Comment, To: dt.Comment})
	}
	return nil
}

// renameColumns drafts the column renames asked for, by the tag
// renamed_from=old or a Rename in the options, and returns at as it is
// after them, so the rest of the diff compares each column with its model.
func (d *differ) renameColumns(at, dt *Table) (*Table, error) {
	name := dt.Name
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
		d.add(RenameColumn{Table: name, From: old, To: newName})
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
			d.add(AddColumn{Table: name, C: dc})
			continue
		}
		d.alterColumn(dt, ac, dc)
	}
	for _, ac := range at.Columns {
		if dt.Column(ac.Name) == nil {
			dropped = append(dropped, ac)
			d.add(DropColumn{Table: name, C: ac})
		}
	}
	for _, dc := range dropped {
		for _, ac := range added {
			if dc.Type == ac.Type && dc.NotNull == ac.NotNull && dc.Default == ac.Default {
				d.hint(Hint{Message: fmt.Sprintf(
					"%s.%s is dropped and %s.%s added with the same definition: if it is a rename, add renamed_from=%s to the field's sqlmap tag",
					name, dc.Name, name, ac.Name, dc.Name), Rename: &Rename{Table: name, From: dc.Name, To: ac.Name}})
			}
		}
	}
}

// rebuiltColumns are the columns of a table that the plan drops and adds
// back, one way or the other (a generated column becoming ordinary is
// rebuilt by the down): the indexes and constraints on them go with them,
// so they are dropped before and re-created after.
func rebuiltColumns(at, dt *Table) []columnRef {
	var out []columnRef
	for _, dc := range dt.Columns {
		if ac := at.Column(dc.Name); ac != nil && ac.Generated != dc.Generated {
			out = append(out, columnRef{dc.Name, columnRE(dc.Name)})
		}
	}
	return out
}

// columnRef finds a column in column lists (by name) and in SQL text.
type columnRef struct {
	name string
	re   *regexp.Regexp
}

// columnRE matches the column name where SQL text names it.
func columnRE(name string) *regexp.Regexp {
	// A quoted name delimits itself; \b would not match before its quote.
	pat := regexp.QuoteMeta(QuoteIdent(name))
	if !strings.HasPrefix(QuoteIdent(name), `"`) {
		pat = `\b` + pat + `\b`
	}
	return regexp.MustCompile(pat)
}

// mentions reports whether any of the texts (a column list's names, or
// SQL expressions) names one of the columns.
func mentions(cols []columnRef, texts ...string) bool {
	for _, c := range cols {
		for _, t := range texts {
			if t == c.name || c.re.MatchString(t) {
				return true
			}
		}
	}
	return false
}

// constraints drafts the primary key, unique and check constraints,
// foreign keys and indexes that changed, and those on a rebuilt column.
func (d *differ) constraints(at, dt *Table, rebuilt []columnRef) {
	name := dt.Name
	// An object on a rebuilt column never matches: it is dropped with
	// the column and re-created.
	key := func(side, def string, texts ...string) string {
		if mentions(rebuilt, texts...) {
			return side + "|" + def
		}
		return def
	}
	var pkCols []string
	if at.PrimaryKey != nil {
		pkCols = at.PrimaryKey.Columns
	}
	if apk, dpk := at.PrimaryKey, dt.PrimaryKey; !samePK(apk, dpk) || mentions(rebuilt, pkCols...) {
		if apk != nil {
			d.add(DropPrimaryKey{Table: name, PK: apk})
			d.droppedKey(name, apk.Columns)
		}
		if dpk != nil {
			d.add(AddPrimaryKey{Table: name, PK: dpk})
		}
	}
	// Unique and check constraints match by definition: a constraint
	// someone named by hand is not dropped for its name.
	uniques := func(t *Table, side string) []constraintDef {
		var out []constraintDef
		for _, u := range t.Uniques {
			out = append(out, constraintDef{u.Name, u.sql(), key(side, u.sql(), append(slices.Clone(u.Columns), u.sql())...), u.Columns})
		}
		return out
	}
	checks := func(t *Table, side string) []constraintDef {
		var out []constraintDef
		for _, c := range t.Checks {
			out = append(out, constraintDef{c.Name, c.sql(), key(side, c.sql(), c.Expr, c.Column), nil})
		}
		return out
	}
	d.matchConstraints(name, "unique constraint", uniques(at, "actual"), uniques(dt, "desired"))
	d.matchConstraints(name, "check constraint", checks(at, "actual"), checks(dt, "desired"))
	ixKey := func(side string) func(*Index) string {
		return func(ix *Index) string {
			return key(side, indexKey(ix), append(append(slices.Clone(ix.Columns), ix.Include...), ix.Where, ix.def)...)
		}
	}
	matchDefsBy(at.Indexes, dt.Indexes, ixKey("actual"), ixKey("desired"),
		func(ix *Index) {
			d.add(DropIndex{Table: name, Index: ix})
			if ix.Unique {
				d.droppedKey(name, unquoteAll(ix.Columns))
			}
		},
		func(ix *Index) { d.add(AddIndex{Table: name, Index: ix}) })
}

// constraintDef is a unique or check constraint as the diff matches it:
// by key (its definition, made unique to its side when it is on a rebuilt
// column), with the columns a unique one keys.
type constraintDef struct {
	name, def, key string
	cols           []string
}

func (d *differ) matchConstraints(table, what string, actual, desired []constraintDef) {
	matchDefs(actual, desired, func(c constraintDef) string { return c.key },
		func(c constraintDef) {
			d.add(DropConstraint{Table: table, Name: c.name, What: what, Def: c.def})
			if c.cols != nil {
				d.droppedKey(table, c.cols)
			}
		},
		func(c constraintDef) { d.add(AddConstraint{Table: table, Name: c.name, What: what, Def: c.def}) })
}

// renameInConstraints rewrites the column lists and expressions of at's
// constraints, indexes and generated columns after a column rename, as
// PostgreSQL itself does, so they still match.
func renameInConstraints(at *Table, old, new string) *Table {
	re := columnRE(old)
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
		x.Include = make([]string, len(ix.Include))
		for i, c := range ix.Include {
			x.Include[i] = re.ReplaceAllString(c, QuoteIdent(new))
		}
		x.Where = re.ReplaceAllString(ix.Where, QuoteIdent(new))
		x.def = re.ReplaceAllString(ix.def, QuoteIdent(new))
		t.Indexes = append(t.Indexes, &x)
	}
	return &t
}

// indexKey is what two indexes are compared by: PostgreSQL's own
// definition when both were read from a database (both sides of a draft
// are), which holds every option; the fields otherwise.
func indexKey(ix *Index) string {
	if ix.def != "" {
		return fmt.Sprintf("%v|%s", ix.Unique, ix.def)
	}
	method := ix.Method
	if method == "" {
		method = "btree"
	}
	return fmt.Sprintf("%v|%s (%s) INCLUDE (%s) WITH (%s) WHERE %s", ix.Unique, method, strings.Join(ix.Columns, ", "), strings.Join(ix.Include, ", "), ix.With, ix.Where)
}

func samePK(a, b *PrimaryKey) bool {
	if a == nil || b == nil {
		return a == b
	}
	return slices.Equal(a.Columns, b.Columns) && a.Deferrable == b.Deferrable
}

// matchDefs pairs the items of actual and desired with equal keys; the
// rest of actual are dropped and the rest of desired added.
func matchDefs[T any](actual, desired []T, key func(T) string, drop, add func(T)) {
	matchDefsBy(actual, desired, key, key, drop, add)
}

// matchDefsBy is matchDefs with a key function for each side.
func matchDefsBy[T any](actual, desired []T, actualKey, desiredKey func(T) string, drop, add func(T)) {
	want := map[string]int{}
	for _, x := range desired {
		want[desiredKey(x)]++
	}
	have := map[string]int{}
	for _, x := range actual {
		k := actualKey(x)
		if want[k] > 0 {
			want[k]--
			have[k]++
			continue
		}
		drop(x)
	}
	for _, x := range desired {
		k := desiredKey(x)
		if have[k] > 0 {
			have[k]--
			continue
		}
		add(x)
	}
}

// alterColumn finds what changes in one column: the planner renders the
// statements, in an order PostgreSQL accepts.
func (d *differ) alterColumn(t *Table, a, w *Column) {
	var what []ColumnChange
	switch {
	case a.Generated != "" && w.Generated == "":
		what = append(what, ColumnGenerated) // DROP EXPRESSION keeps the values
	case a.Generated != w.Generated:
		// PostgreSQL (before 17) cannot make an ordinary column generated
		// or change an expression in place: the column is dropped and
		// added back, its indexes and constraints with it.
		d.add(RebuildColumn{Table: t.Name, From: a, To: w})
		return
	}
	if a.Identity != w.Identity {
		what = append(what, ColumnIdentity)
	}
	if a.Default != w.Default && !sameDefault(a.Default, w.Default) {
		what = append(what, ColumnDefault)
	}
	if a.Type != w.Type {
		what = append(what, ColumnType)
		d.changedCol(t.Name, w.Name)
	}
	if a.Collation != w.Collation {
		what = append(what, ColumnCollation)
	}
	// An identity column is NOT NULL by itself, on both sides.
	if a.NotNull != w.NotNull && !(w.Identity != IdentityNone && a.Identity != IdentityNone) {
		what = append(what, ColumnNotNull)
	}
	// Options of an identity kept (one added or dropped has its own).
	if a.Identity != IdentityNone && w.Identity != IdentityNone && a.IdentityOptions != w.IdentityOptions {
		what = append(what, ColumnIdentityOptions)
	}
	if len(what) > 0 {
		d.add(AlterColumn{Table: t.Name, From: a, To: w, What: what,
			ThroughText: a.Type != w.Type && d.enums[strings.TrimSuffix(a.Type, "[]")] && d.enums[strings.TrimSuffix(w.Type, "[]")]})
	}
	if a.Comment != w.Comment {
		d.add(CommentColumn{Table: t.Name, Column: w.Name, From: a.Comment, To: w.Comment})
	}
}

func partitionLabel(key string) string {
	if key == "" {
		return "not partitioned"
	}
	return "partitioned by " + key
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
