package schema

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Plan is the ordered list of steps from one schema to another.
type Plan struct {
	Steps []*Step
	// Unmanaged lists tables of the database that no model describes:
	// left alone unless pruning.
	Unmanaged []string
	// Hints are things worth telling the user that change nothing, such
	// as a drop and an add that look like a rename.
	Hints []Hint
	// Namespace is the schema the plan's tables are in, when it is not
	// the connection's current one (a draft between two databases for
	// Options.Schema): its statements name the tables unqualified, so
	// they run with that schema first on the search_path.
	Namespace string
}

// Empty reports whether there is nothing to do.
func (p *Plan) Empty() bool { return len(p.Steps) == 0 }

// Step is one change of a plan with its SQL both ways and its hazards.
type Step struct {
	Kind ChangeKind
	// Change is the change it carries out, as Diff found it.
	Change Change
	// Table and Object locate the step ("users", "email").
	Table, Object string
	// Summary is the one line printed for it: "add column users.password".
	Summary string
	// Up and Down are its statements; Down undoes Up.
	Up, Down []string
	// LaterUp and LaterDown are its statements for the second migration
	// of an online plan (Options.Online), which runs without a
	// transaction, after the first: CREATE INDEX CONCURRENTLY, VALIDATE
	// CONSTRAINT. LaterDown undoes LaterUp, and runs before Down.
	LaterUp, LaterDown []string
	// Hazards are written above the up statements and summarised on
	// stderr.
	Hazards []Hazard
	// DownHazards are written above the down statements: what the down
	// cannot bring back, and what makes it fail once the up has run a
	// while (a NOT NULL column re-added to a table with rows, a
	// constraint rows written since may break).
	DownHazards []Hazard
	// ifRows are hazards that apply only when a table has rows: Resolve,
	// which looks, moves them into Hazards.
	ifRows []rowHazard
	phase  int
}

// rowHazard is a hazard that holds only when table has rows.
type rowHazard struct {
	table string
	Hazard
}

// Phases order the steps of a plan: what others depend on is created
// first, and what depends on others is dropped first. Down statements are
// the up's inverses in exactly reverse order.
//
// Renames go first: every later step is rendered with the new names (a
// constraint dropped from a renamed table or column, say), and in the
// down, which runs in reverse, the renames are undone last.
var phases = map[ChangeKind]int{
	// An enum recreated converts the columns by the names they have
	// before the renames (and the down, run in reverse, after they are
	// undone).
	KindRecreateEnum:   5,
	KindRenameTable:    10,
	KindRenameColumn:   20,
	KindDropForeignKey: 30,
	KindDropConstraint: 40, KindDropPrimaryKey: 40, KindDropIndex: 40,
	KindAddEnum: 50, KindAddEnumValue: 50,
	KindAddTable:    60,
	KindAddColumn:   70,
	KindAlterColumn: 80, KindRebuildColumn: 80,
	KindDropColumn:    90,
	KindDropTable:     100,
	KindDropEnum:      110,
	KindAddConstraint: 120, KindAddPrimaryKey: 120,
	KindAddIndex:      130,
	KindAddForeignKey: 140,
	KindCommentTable:  150, KindCommentColumn: 150,
}

// PlanChanges orders the changes Diff found and renders each as a step:
// its up and down statements and its hazards. It is pure: hazards that
// depend on the rows a table holds are kept aside for [Resolve].
func PlanChanges(d *Difference) *Plan { return Options{}.Plan(d) }

// Plan is PlanChanges with the options: with Online, the steps that would
// hold a lock while they scan or build on a table that exists are split
// so that the scan or the build runs in a second migration, without a
// transaction (see [Step.LaterUp]).
func (o Options) Plan(d *Difference) *Plan {
	p := &Plan{Unmanaged: d.Unmanaged, Hints: d.Hints}
	w := survey(d.Changes)
	for _, c := range d.Changes {
		s := step(c, w.dropped)
		s.Kind, s.Change, s.phase = c.Kind(), c, phases[c.Kind()]
		if s.Table == "" {
			s.Table = c.TableName()
		}
		t := s.Table
		online := o.Online && t != "" && !w.created[t] && !w.dropped[t] && !w.unsettled[t] && onlineStep(s, c, w.replaced)
		if !online {
			s.ifRows = append(s.ifRows, lockHazards(c)...)
		}
		kept := s.ifRows[:0]
		for _, h := range s.ifRows {
			if w.created[h.table] {
				continue
			}
			if from, ok := w.renamedFrom[h.table]; ok {
				h.table = from
			}
			kept = append(kept, h)
		}
		s.ifRows = kept
		p.Steps = append(p.Steps, s)
	}
	sort.SliceStable(p.Steps, func(i, j int) bool {
		a, b := p.Steps[i], p.Steps[j]
		if a.phase != b.phase {
			return a.phase < b.phase
		}
		if a.Table != b.Table {
			return a.Table < b.Table
		}
		return a.Object < b.Object
	})
	return p
}

// planWorld is what the planner knows of the changes as a whole.
type planWorld struct {
	// dropped tables: their own foreign keys, re-created with the table
	// by the down of a drop table, have no rows to fail on.
	dropped map[string]bool
	// created tables have no rows; renamedFrom gives the name a renamed
	// table has before the plan runs: hazards that depend on rows are for
	// tables that exist then, by the names they have then.
	created     map[string]bool
	renamedFrom map[string]string
	// replaced are the indexes dropped and added back under their name
	// (by table.index), with their old definitions: in an online plan the
	// new one is built before the old one goes.
	replaced map[string]*Index
	// unsettled tables have columns dropped or rebuilt (either way),
	// which take their indexes with them: their steps stay in the first
	// migration, in the plan's order.
	unsettled map[string]bool
}

func survey(changes []Change) planWorld {
	w := planWorld{dropped: map[string]bool{}, created: map[string]bool{}, renamedFrom: map[string]string{},
		replaced: map[string]*Index{}, unsettled: map[string]bool{}}
	dropIdx, addIdx := map[string]*Index{}, map[string]bool{}
	for _, c := range changes {
		switch c := c.(type) {
		case DropTable:
			w.dropped[c.T.Name] = true
		case AddTable:
			w.created[c.T.Name] = true
		case RenameTable:
			w.renamedFrom[c.To] = c.From
		case DropIndex:
			dropIdx[c.Table+"."+c.Index.Name] = c.Index
		case AddIndex:
			addIdx[c.Table+"."+c.Index.Name] = true
		case DropColumn:
			w.unsettled[c.Table] = true
		case RebuildColumn:
			w.unsettled[c.Table] = true
		case AlterColumn:
			w.unsettled[c.Table] = w.unsettled[c.Table] || c.Has(ColumnGenerated)
		}
	}
	for k, ix := range dropIdx {
		if addIdx[k] {
			w.replaced[k] = ix
		}
	}
	return w
}

func step(c Change, droppedTables map[string]bool) *Step {
	switch c := c.(type) {
	case AddTable:
		return &Step{Summary: "create table " + c.T.Name,
			Up: createTableSQL(c.T), Down: []string{dropTableSQL(c.T.Name)}}
	case DropTable:
		t := c.T.Name
		return &Step{Summary: "drop table " + t,
			Up: []string{dropTableSQL(t)}, Down: createTableSQL(c.T),
			Hazards:     []Hazard{newHazard(DeletesData, t, fmt.Sprintf("drops table %s and every row in it", t))},
			DownHazards: []Hazard{newHazard(Irreversible, t, fmt.Sprintf("the structure of %s comes back, its rows do not", t))}}
	case RenameTable:
		return &Step{Summary: fmt.Sprintf("rename table %s to %s", c.From, c.To),
			Up: []string{renameTableSQL(c.From, c.To)}, Down: []string{renameTableSQL(c.To, c.From)}}
	case CommentTable:
		return &Step{Summary: "comment on table " + c.Table,
			Up: []string{commentOnTable(c.Table, c.To)}, Down: []string{commentOnTable(c.Table, c.From)}}
	case AddColumn, DropColumn, RenameColumn, AlterColumn, RebuildColumn, CommentColumn:
		return columnStep(c)
	case AddPrimaryKey:
		return &Step{Object: c.PK.Name, Summary: fmt.Sprintf("add primary key %s on %s", c.PK.Name, c.Table),
			Up: []string{addPrimaryKeySQL(c.Table, c.PK)}, Down: []string{dropConstraintSQL(c.Table, c.PK.Name)}}
	case DropPrimaryKey:
		return &Step{Object: c.PK.Name, Summary: fmt.Sprintf("drop primary key %s on %s", c.PK.Name, c.Table),
			Up: []string{dropConstraintSQL(c.Table, c.PK.Name)}, Down: []string{addPrimaryKeySQL(c.Table, c.PK)},
			DownHazards: reAddNote(c.Table, "primary key", c.PK.Name)}
	case AddConstraint:
		return &Step{Object: c.Name, Summary: fmt.Sprintf("add %s %s on %s", c.What, c.Name, c.Table),
			Up: []string{addConstraintSQL(c.Table, c.Name, c.Def)}, Down: []string{dropConstraintSQL(c.Table, c.Name)}}
	case DropConstraint:
		return &Step{Object: c.Name, Summary: fmt.Sprintf("drop %s %s on %s", c.What, c.Name, c.Table),
			Up: []string{dropConstraintSQL(c.Table, c.Name)}, Down: []string{addConstraintSQL(c.Table, c.Name, c.Def)},
			DownHazards: reAddNote(c.Table, c.What, c.Name)}
	case AddIndex, DropIndex, AddForeignKey, DropForeignKey:
		return keyStep(c, droppedTables)
	case AddEnum, AddEnumValue, RecreateEnum, DropEnum:
		return enumStep(c)
	}
	panic(fmt.Sprintf("schema: no plan for a change of type %T", c))
}

func columnStep(c Change) *Step {
	switch c := c.(type) {
	case AddColumn:
		t, col := c.Table, c.C
		s := &Step{Object: col.Name, Summary: fmt.Sprintf("add column %s.%s", t, col.Name),
			Up: addColumnSQLs(t, col), Down: []string{dropColumnSQL(t, col.Name)}}
		if col.Comment != "" {
			s.Up = append(s.Up, commentOnColumn(t, col.Name, col.Comment))
		}
		if col.needsValue() {
			s.ifRows = []rowHazard{{t, newHazard(MayFailOnRows, t+"."+col.Name, fmt.Sprintf("adds NOT NULL column %s.%s without a default; it fails while %s has rows (add a default, or add it nullable, backfill, then SET NOT NULL)", t, col.Name, t))}}
		}
		return s
	case DropColumn:
		return dropColumnStep(c)
	case RenameColumn:
		return &Step{Object: c.To, Summary: fmt.Sprintf("rename column %s.%s to %s", c.Table, c.From, c.To),
			Up: []string{renameColumnSQL(c.Table, c.From, c.To)}, Down: []string{renameColumnSQL(c.Table, c.To, c.From)}}
	case AlterColumn:
		return alterColumnStep(c)
	case RebuildColumn:
		return rebuildColumnStep(c)
	case CommentColumn:
		return &Step{Object: c.Column, Summary: fmt.Sprintf("comment on column %s.%s", c.Table, c.Column),
			Up: []string{commentOnColumn(c.Table, c.Column, c.To)}, Down: []string{commentOnColumn(c.Table, c.Column, c.From)}}
	}
	panic(fmt.Sprintf("schema: %T is not a column change", c))
}

func dropColumnStep(c DropColumn) *Step {
	t, col := c.Table, c.C
	obj := t + "." + col.Name
	s := &Step{Object: col.Name, Summary: fmt.Sprintf("drop column %s.%s", t, col.Name),
		Up: []string{dropColumnSQL(t, col.Name)}, Down: addColumnSQLs(t, col),
		Hazards:     []Hazard{newHazard(DeletesData, obj, fmt.Sprintf("drops column %s.%s and the data in it", t, col.Name))},
		DownHazards: []Hazard{newHazard(Irreversible, obj, fmt.Sprintf("the column %s.%s comes back, its data does not", t, col.Name))}}
	if col.Comment != "" {
		s.Down = append(s.Down, commentOnColumn(t, col.Name, col.Comment))
	}
	if col.needsValue() {
		s.DownHazards = append(s.DownHazards, newHazard(DownMayFail, obj, fmt.Sprintf("re-adds %s.%s NOT NULL without a default, which fails while %s has rows: give the ADD COLUMN a DEFAULT (and DROP DEFAULT after it) before running this down on a table with rows", t, col.Name, t)))
	}
	return s
}

// alterColumnStep is one step for all of a column's changes, so the
// summary and the hazards read as one.
func alterColumnStep(c AlterColumn) *Step {
	a, w, t := c.From, c.To, c.Table
	obj := t + "." + w.Name
	s := &Step{Object: w.Name}
	s.Up, s.Down = alterColumnSQL(c)
	var what []string
	if c.Has(ColumnGenerated) {
		what = append(what, "drop expression")
		s.DownHazards = append(s.DownHazards, newHazard(DeletesData, obj, fmt.Sprintf("the down drops %s.%s and adds it back generated as (%s): values written to it since the up are replaced by computed ones, and its indexes and constraints are rebuilt", t, w.Name, a.Generated)))
	}
	if c.Has(ColumnIdentity) && w.Identity == IdentityNone {
		what = append(what, "drop identity")
	}
	if c.Has(ColumnDefault) {
		what = append(what, "default")
	}
	if c.Has(ColumnCollation) {
		what = append(what, fmt.Sprintf("collation %s → %s", cmp.Or(a.Collation, "default"), cmp.Or(w.Collation, "default")))
		s.Hazards = append(s.Hazards, newHazard(ChangesValues, obj, fmt.Sprintf("changes how %s.%s sorts and compares (its indexes are rebuilt, and a unique one may now find duplicates)", t, w.Name)))
	}
	if c.Has(ColumnType) {
		what = append(what, fmt.Sprintf("type %s → %s", a.Type, w.Type))
		if _, effect := typeChangeVia(w.Name, a.Type, w.Type, c.ThroughText); effect != "" {
			s.Hazards = append(s.Hazards, newHazard(ChangesValues, obj, fmt.Sprintf("changes %s.%s from %s to %s, which %s", t, w.Name, a.Type, w.Type, effect)))
		}
		if _, effect := typeChangeVia(w.Name, w.Type, a.Type, c.ThroughText); effect != "" {
			s.DownHazards = append(s.DownHazards, newHazard(ChangesValues, obj, fmt.Sprintf("changes %s.%s back from %s to %s, which %s", t, w.Name, w.Type, a.Type, effect)))
		}
	}
	if c.Has(ColumnNotNull) && w.NotNull {
		what = append(what, "set not null")
		s.ifRows = append(s.ifRows, rowHazard{t, newHazard(MayFailOnRows, obj, fmt.Sprintf("SET NOT NULL on %s.%s fails if any row holds NULL there, and scans %s under an exclusive lock", t, w.Name, t))})
	} else if c.Has(ColumnNotNull) {
		what = append(what, "drop not null")
		s.DownHazards = append(s.DownHazards, newHazard(DownMayFail, obj, fmt.Sprintf("SET NOT NULL on %s.%s fails if a row written since the up holds NULL there", t, w.Name)))
	}
	switch {
	case c.Has(ColumnIdentity) && a.Identity == IdentityNone:
		what = append(what, "add identity")
	case c.Has(ColumnIdentity) && w.Identity != IdentityNone:
		what = append(what, "identity "+w.Identity)
	}
	if c.Has(ColumnIdentityOptions) {
		what = append(what, "identity options")
		s.Hazards = append(s.Hazards, newHazard(ChangesValues, obj, fmt.Sprintf("sets the options of %s.%s's sequence (%s): new bounds fail if the sequence's current value lies outside them, and a new START takes effect only on a RESTART",
			t, w.Name, cmp.Or(w.IdentityOptions, "the defaults"))))
	}
	s.Summary = fmt.Sprintf("alter column %s.%s: %s", t, w.Name, strings.Join(what, ", "))
	return s
}

// rebuildColumnStep drops a column and adds it back: PostgreSQL cannot
// make an ordinary column generated, or change the expression, in place.
func rebuildColumnStep(c RebuildColumn) *Step {
	a, w, t := c.From, c.To, c.Table
	obj := t + "." + w.Name
	s := &Step{Object: w.Name, Summary: fmt.Sprintf("rebuild column %s.%s: %s → %s", t, w.Name, generatedLabel(a.Generated), generatedLabel(w.Generated))}
	s.Up, s.Down = rebuildColumnSQL(t, a, w), rebuildColumnSQL(t, w, a)
	if a.Generated == "" {
		s.Hazards = append(s.Hazards, newHazard(DeletesData, obj, fmt.Sprintf("drops column %s.%s and the data in it, and adds it back generated as (%s): PostgreSQL cannot make an ordinary column generated in place", t, w.Name, w.Generated)))
		s.DownHazards = append(s.DownHazards, newHazard(Irreversible, obj, fmt.Sprintf("the ordinary column %s.%s comes back, its data does not", t, w.Name)))
		if a.needsValue() {
			s.DownHazards = append(s.DownHazards, newHazard(DownMayFail, obj, fmt.Sprintf("re-adds %s.%s NOT NULL without a default, which fails while %s has rows", t, w.Name, t)))
		}
		return s
	}
	s.Hazards = append(s.Hazards, newHazard(ChangesValues, obj, fmt.Sprintf("drops %s.%s and adds it back generated as (%s) (PostgreSQL cannot change a generation expression in place): every value is recomputed, the table rewritten, and the indexes and constraints on the column rebuilt", t, w.Name, w.Generated)))
	s.DownHazards = append(s.DownHazards, newHazard(ChangesValues, obj, fmt.Sprintf("drops %s.%s and adds it back generated as (%s): every value is recomputed", t, w.Name, a.Generated)))
	return s
}

func generatedLabel(expr string) string {
	if expr == "" {
		return "ordinary"
	}
	return "generated as (" + expr + ")"
}

func keyStep(c Change, droppedTables map[string]bool) *Step {
	switch c := c.(type) {
	case AddIndex:
		return &Step{Object: c.Index.Name, Summary: fmt.Sprintf("create index %s on %s", c.Index.Name, c.Table),
			Up: []string{createIndex(c.Table, c.Index)}, Down: []string{dropIndexSQL(c.Index.Name)}}
	case DropIndex:
		s := &Step{Object: c.Index.Name, Summary: fmt.Sprintf("drop index %s on %s", c.Index.Name, c.Table),
			Up: []string{dropIndexSQL(c.Index.Name)}, Down: []string{createIndex(c.Table, c.Index)}}
		if c.Index.Unique {
			s.DownHazards = reAddNote(c.Table, "unique index", c.Index.Name)
		}
		return s
	case AddForeignKey:
		return &Step{Object: c.FK.Name, Summary: fmt.Sprintf("add foreign key %s on %s", c.FK.Name, c.Table),
			Up: []string{addForeignKey(c.Table, c.FK)}, Down: []string{dropConstraintSQL(c.Table, c.FK.Name)}}
	case DropForeignKey:
		s := &Step{Object: c.FK.Name, Summary: fmt.Sprintf("drop foreign key %s on %s", c.FK.Name, c.Table),
			Up: []string{dropConstraintSQL(c.Table, c.FK.Name)}, Down: []string{addForeignKey(c.Table, c.FK)}}
		if !droppedTables[c.Table] {
			s.DownHazards = reAddNote(c.Table, "foreign key", c.FK.Name)
		}
		return s
	}
	panic(fmt.Sprintf("schema: %T is not an index or foreign key change", c))
}

func enumStep(c Change) *Step {
	switch c := c.(type) {
	case AddEnum:
		return &Step{Object: c.E.Name, Summary: "create enum " + c.E.Name,
			Up: []string{createEnum(c.E)}, Down: []string{dropTypeSQL(c.E.Name)}}
	case AddEnumValue:
		v := QuoteLiteral(c.Value)
		return &Step{Object: fmt.Sprintf("%s.%03d", c.Enum, c.Pos), Summary: fmt.Sprintf("add value %s to enum %s", v, c.Enum),
			Up:          []string{addEnumValueSQL(c)},
			DownHazards: []Hazard{newHazard(Irreversible, c.Enum, fmt.Sprintf("PostgreSQL cannot remove a value from an enum; %s stays in %s", v, c.Enum))}}
	case RecreateEnum:
		return recreateEnumStep(c)
	case DropEnum:
		return &Step{Object: c.E.Name, Summary: "drop enum " + c.E.Name,
			Up: []string{dropTypeSQL(c.E.Name)}, Down: []string{createEnum(c.E)},
			Hazards: []Hazard{newHazard(DeletesData, c.E.Name, fmt.Sprintf("drops enum type %s", c.E.Name))}}
	}
	panic(fmt.Sprintf("schema: %T is not an enum change", c))
}

// recreateEnumStep replaces an enum whose values were removed or
// reordered: every column using it is converted through text, which fails
// on a row holding a value the new type lacks.
func recreateEnumStep(c RecreateEnum) *Step {
	name := c.From.Name
	s := &Step{Object: name, Summary: fmt.Sprintf("recreate enum %s: %s → %s", name, enumValuesSQL(c.From.Values), enumValuesSQL(c.To.Values))}
	s.Up, s.Down = recreateEnumSQL(c.From, c.To, c.Columns), recreateEnumSQL(c.To, c.From, c.Columns)
	missing := func(from, to []string) []string {
		var out []string
		for _, v := range from {
			if !slices.Contains(to, v) {
				out = append(out, QuoteLiteral(v))
			}
		}
		return out
	}
	for _, col := range c.Columns {
		obj := col.Table + "." + col.Column.Name
		s.Hazards = append(s.Hazards, newHazard(ChangesValues, obj, fmt.Sprintf("converts %s through text to the new %s", obj, name)))
		if gone := missing(c.From.Values, c.To.Values); len(gone) > 0 {
			s.ifRows = append(s.ifRows, rowHazard{col.Table, newHazard(MayFailOnRows, obj, fmt.Sprintf("recreates %s without %s: it fails if a row of %s holds one", name, strings.Join(gone, ", "), obj))})
		}
		if added := missing(c.To.Values, c.From.Values); len(added) > 0 {
			s.DownHazards = append(s.DownHazards, newHazard(DownMayFail, obj, fmt.Sprintf("recreates %s without %s: it fails if a row written to %s since the up holds one", name, strings.Join(added, ", "), obj)))
		}
	}
	return s
}

// onlineStep splits a step for an online plan, where it would hold a
// lock that blocks writes while it scans or builds: an index is built
// (or dropped) CONCURRENTLY in the second migration, a replaced one
// built under a temporary name before the old one goes; a foreign key or
// check is added NOT VALID and validated later; SET NOT NULL is proved by
// a check validated first, so that it needs no scan. It reports whether
// it changed the step.
func onlineStep(s *Step, c Change, replaced map[string]*Index) bool {
	switch c := c.(type) {
	case AddIndex:
		s.Up, s.Down = nil, nil
		if old := replaced[c.Table+"."+c.Index.Name]; old != nil {
			s.Summary = fmt.Sprintf("replace index %s on %s", c.Index.Name, c.Table)
			s.LaterUp = swapIndexSQL(c.Table, c.Index, "sqlmap_new_")
			s.LaterDown = swapIndexSQL(c.Table, old, "sqlmap_old_")
		} else {
			s.LaterUp = []string{createIndexConcurrently(c.Table, c.Index)}
			s.LaterDown = []string{dropIndexConcurrently(c.Index.Name)}
		}
		return true
	case DropIndex:
		// Dropping is quick: only a replaced index moves, into the
		// AddIndex that builds its successor first.
		if replaced[c.Table+"."+c.Index.Name] == nil {
			return false
		}
		s.Up, s.Down = nil, nil
		return true
	case AddForeignKey:
		s.Up = []string{addForeignKey(c.Table, c.FK) + " NOT VALID"}
		s.LaterUp = []string{validateSQL(c.Table, c.FK.Name)}
		s.LaterDown = []string{dropConstraintSQL(c.Table, c.FK.Name), s.Up[0]}
		return true
	case AddConstraint:
		if c.What != "check constraint" {
			return false
		}
		s.Up = []string{addConstraintSQL(c.Table, c.Name, c.Def) + " NOT VALID"}
		s.LaterUp = []string{validateSQL(c.Table, c.Name)}
		s.LaterDown = []string{dropConstraintSQL(c.Table, c.Name), s.Up[0]}
		return true
	case AlterColumn:
		if !c.Has(ColumnNotNull) || !c.To.NotNull {
			return false
		}
		rest := c
		rest.What = slices.DeleteFunc(slices.Clone(c.What), func(w ColumnChange) bool { return w == ColumnNotNull })
		s.Up, s.Down = alterColumnSQL(rest)
		check := notNullCheckName(c.To.Name)
		addCheck := addConstraintSQL(c.Table, check, "CHECK ("+QuoteIdent(c.To.Name)+" IS NOT NULL)") + " NOT VALID"
		s.Up = append(s.Up, addCheck)
		s.Down = append([]string{dropConstraintSQL(c.Table, check)}, s.Down...)
		col := alterTable(c.Table, "ALTER COLUMN "+QuoteIdent(c.To.Name))
		s.LaterUp = []string{validateSQL(c.Table, check), col + " SET NOT NULL", dropConstraintSQL(c.Table, check)}
		s.LaterDown = []string{col + " DROP NOT NULL", addCheck}
		s.ifRows = slices.DeleteFunc(s.ifRows, func(h rowHazard) bool { return h.Kind == MayFailOnRows })
		s.ifRows = append(s.ifRows, rowHazard{c.Table, newHazard(MayFailOnRows, c.Table+"."+c.To.Name,
			fmt.Sprintf("the second migration's VALIDATE fails if a row of %s holds NULL in %s: backfill it between the two", c.Table, c.To.Name))})
		return true
	}
	return false
}

func notNullCheckName(col string) string {
	name := "sqlmap_nn_" + col
	if len(name) > 63 {
		name = name[:63]
	}
	return name
}

// lockHazards are what a change costs a table with rows in locks and
// rewrites: what online schema-change tools warn of.
func lockHazards(c Change) []rowHazard {
	on := func(table string, kind HazardKind, format string, args ...any) []rowHazard {
		return []rowHazard{{table, newHazard(kind, table, fmt.Sprintf(format, args...))}}
	}
	switch c := c.(type) {
	case AlterColumn:
		var out []rowHazard
		if c.Has(ColumnType) && (c.ThroughText || rewrites(c.From.Type, c.To.Type)) {
			out = append(out, on(c.Table, RewritesTable, "changing the type of %s.%s rewrites %s, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)", c.Table, c.To.Name, c.Table)...)
		}
		if c.Has(ColumnNotNull) && c.To.NotNull {
			out = append(out, on(c.Table, BlocksWrites, "SET NOT NULL scans %s under an ACCESS EXCLUSIVE lock (reads and writes wait)", c.Table)...)
		}
		return out
	case AddColumn:
		if c.C.Generated != "" {
			return on(c.Table, RewritesTable, "a stored generated column rewrites %s, every row copied under an ACCESS EXCLUSIVE lock", c.Table)
		}
	case RebuildColumn:
		if c.To.Generated != "" {
			return on(c.Table, RewritesTable, "a stored generated column rewrites %s, every row copied under an ACCESS EXCLUSIVE lock", c.Table)
		}
	case RecreateEnum:
		var out []rowHazard
		for _, col := range c.Columns {
			out = append(out, on(col.Table, RewritesTable, "converting %s.%s rewrites %s under an ACCESS EXCLUSIVE lock", col.Table, col.Column.Name, col.Table)...)
		}
		return out
	case AddConstraint:
		if c.What == "unique constraint" {
			return on(c.Table, BlocksWrites, "adding unique constraint %s builds its index on %s under an ACCESS EXCLUSIVE lock", c.Name, c.Table)
		}
		return on(c.Table, BlocksWrites, "adding %s %s checks every row of %s under an ACCESS EXCLUSIVE lock", c.What, c.Name, c.Table)
	case AddPrimaryKey:
		return on(c.Table, BlocksWrites, "adding primary key %s builds its index on %s under an ACCESS EXCLUSIVE lock", c.PK.Name, c.Table)
	case AddForeignKey:
		return on(c.Table, BlocksWrites, "adding foreign key %s checks every row of %s, blocking writes to it and to %s", c.FK.Name, c.Table, c.FK.RefTable)
	case AddIndex:
		return on(c.Table, IndexBuild, "building index %s blocks writes to %s until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction", c.Index.Name, c.Table)
	}
	return nil
}

// reAddNote is the down's CAUTION for a constraint the up drops: rows
// written in between may break it.
func reAddNote(table, what, name string) []Hazard {
	return []Hazard{newHazard(DownMayFail, table, fmt.Sprintf("re-adds %s %s, which fails if rows written since the up break it", what, name))}
}

// needsValue reports whether adding c to a table with rows fails: it is
// NOT NULL and PostgreSQL has nothing to fill it with (no default, no
// identity, not generated).
func (c *Column) needsValue() bool {
	return c.NotNull && c.Default == "" && c.Identity == IdentityNone && c.Generated == ""
}

// addedEnumValue is the (enum, value) an ALTER TYPE ... ADD VALUE step
// adds, which no down can undo: the self-check allows for it.
func (s *Step) addedEnumValue() (enum, value string, ok bool) {
	if c, ok := s.Change.(AddEnumValue); ok {
		return c.Enum, c.Value, true
	}
	return "", "", false
}
