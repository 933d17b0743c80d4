package schema

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Draft is a drafted migration: its two files and what to tell the user.
type Draft struct {
	Plan *Plan
	// Up and Down are the files' contents; empty when the plan is empty.
	Up, Down string
	// LaterUp and LaterDown are the second migration of an online plan
	// (Options.Online), which runs without a transaction after the first;
	// empty when there is none.
	LaterUp, LaterDown string
	// Hazards are the up steps' hazards, in plan order, as the files show
	// them (with the database's rows taken into account).
	Hazards []Hazard
	// NotCompared is what the compared schemas hold that the draft did
	// not look at (partitions), for the user to know.
	NotCompared []string
	// OtherSchemas are, for a draft between two databases, the other
	// schemas either holds (by name, with the larger table count).
	OtherSchemas []SchemaCount
}

// Empty reports whether the models match the database.
func (d *Draft) Empty() bool { return d.Plan.Empty() }

// SelfCheckError is a draft that did not survive its own check: applying
// it, undoing it and applying it again in a scratch copy of the schema
// failed or left differences. That is a bug in sqlmap (or a construct it
// does not model); the SQL is included so it can be reported.
type SelfCheckError struct {
	Step string // "up", "down", "up again", "copying the database's schema"
	SQL  string // the failing statement, if one failed
	Diff string // what remained, if nothing failed
	Err  error
}

func (e *SelfCheckError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "schema: self-check of the draft failed at %s; nothing was written (this is a bug in sqlmap, or a construct it does not model: please report it with the SQL below)", e.Step)
	if e.Err != nil {
		fmt.Fprintf(&b, "\n  error: %v", e.Err)
	}
	if e.SQL != "" {
		fmt.Fprintf(&b, "\n  statement: %s", e.SQL)
	}
	if e.Diff != "" {
		fmt.Fprintf(&b, "\n  left over:\n%s", indent(e.Diff, "    "))
	}
	return b.String()
}

func (e *SelfCheckError) Unwrap() error { return e.Err }

func indent(s, pre string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = pre + l
	}
	return strings.Join(lines, "\n")
}

// DraftMigration diffs the models against the database behind db (its
// current schema), checks the result and renders the migration's files.
// It writes nothing: the caller decides where the files go.
//
// The check applies the up file, the down file and the up file again in a
// scratch copy of the database's schema, inside a transaction that is
// rolled back, and diffs after each step; a draft that fails it is
// returned as a [*SelfCheckError], never as files.
func DraftMigration(ctx context.Context, db Beginner, models *Schema, opts Options) (*Draft, error) {
	desired, err := Normalize(ctx, db, models)
	if err != nil {
		return nil, err
	}
	actual, err := Inspect(ctx, db, opts.Schema)
	if err != nil {
		return nil, err
	}
	plan, err := resolvedPlan(ctx, db, actual, desired, opts)
	if err != nil {
		return nil, err
	}
	// Models describe the tables of one schema, so the other schemas go
	// without saying (the README says it once).
	d := &Draft{Plan: plan, NotCompared: actual.NotCompared}
	// A step left for the user to finish cannot be checked: it fails as
	// it stands, which the file says.
	if !plan.Empty() && len(plan.HazardsOf([]HazardKind{NeedsEdit})) == 0 {
		if err := selfCheck(ctx, db, actual, desired, plan, opts); err != nil {
			return nil, err
		}
	}
	return d.render(opts), nil
}

// DraftBetween diffs the database behind from against the one behind to
// (each its current schema, or opts.Schema in both): the plan that turns
// the first into the second, with every table managed, the hazards
// resolved against from's rows, and the up and down files rendered.
// There is no self-check: the two databases may differ in ways the
// schema model does not cover.
func DraftBetween(ctx context.Context, from, to Beginner, opts Options) (*Draft, error) {
	actual, err := Inspect(ctx, from, opts.Schema)
	if err != nil {
		return nil, err
	}
	desired, err := Inspect(ctx, to, opts.Schema)
	if err != nil {
		return nil, err
	}
	opts.Prune = true
	plan, err := resolvedPlan(ctx, from, actual, desired, opts)
	if err != nil {
		return nil, err
	}
	d := &Draft{Plan: plan, NotCompared: notCompared(actual, desired), OtherSchemas: otherSchemas(actual, desired)}
	return d.render(opts), nil
}

// resolvedPlan is the middle of every draft: Diff, the plan, and the
// plan resolved against the rows of db (the database to change).
func resolvedPlan(ctx context.Context, db Beginner, actual, desired *Schema, opts Options) (*Plan, error) {
	diff, err := Diff(actual, desired, opts)
	if err != nil {
		return nil, err
	}
	plan := opts.Plan(diff)
	plan.Namespace = opts.Schema
	return Resolve(ctx, db, plan)
}

// render fills in the files and the hazards from the draft's plan.
func (d *Draft) render(opts Options) *Draft {
	if d.Plan.Empty() {
		return d
	}
	d.Up, d.Down = opts.Format(d.Plan)
	d.LaterUp, d.LaterDown = opts.FormatLater(d.Plan)
	d.Hazards = d.Plan.Hazards()
	return d
}

// notCompared merges what two inspections left out, each said once.
func notCompared(a, b *Schema) []string {
	var out []string
	for _, n := range slices.Concat(a.NotCompared, b.NotCompared) {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// otherSchemas merges the other schemas two inspections saw, by name.
func otherSchemas(a, b *Schema) []SchemaCount {
	var out []SchemaCount
	for _, c := range slices.Concat(a.OtherSchemas, b.OtherSchemas) {
		i := slices.IndexFunc(out, func(o SchemaCount) bool { return o.Name == c.Name })
		if i < 0 {
			out = append(out, c)
		} else {
			out[i].Tables = max(out[i].Tables, c.Tables)
		}
	}
	slices.SortFunc(out, func(x, y SchemaCount) int { return strings.Compare(x.Name, y.Name) })
	return out
}

// Resolve returns the plan with the hazards that only matter for a table
// with rows (a NOT NULL column without a default, SET NOT NULL) made
// hazards of their steps where the table has rows, looking only at the
// tables concerned. The plan given is left as it is.
func Resolve(ctx context.Context, db Beginner, plan *Plan) (*Plan, error) {
	out := *plan
	out.Steps = make([]*Step, len(plan.Steps))
	hasRows := map[string]bool{}
	casts := map[[2]string]bool{}
	for i, c := range plan.Steps {
		nc := *c
		out.Steps[i] = &nc
		if err := noCastHazards(ctx, db, plan.Namespace, &nc, casts); err != nil {
			return nil, err
		}
		nc.ifRows = nil
		for _, h := range c.ifRows {
			rows, seen := hasRows[h.table]
			if !seen {
				var err error
				if rows, err = tableHasRows(ctx, db, plan.Namespace, h.table); err != nil {
					return nil, err
				}
				hasRows[h.table] = rows
			}
			if rows {
				nc.Hazards = append(slices.Clone(nc.Hazards), h.Hazard)
			}
		}
	}
	return &out, nil
}

// noCastHazards marks a type change PostgreSQL has no cast for, either
// way: its statement fails as drafted, and the user must write the USING
// expression. casts caches the answers by (from, to).
func noCastHazards(ctx context.Context, db Beginner, nsp string, s *Step, casts map[[2]string]bool) error {
	c, ok := s.Change.(AlterColumn)
	if !ok || !c.Has(ColumnType) || c.ThroughText {
		return nil
	}
	check := func(from, to *Column, down bool) error {
		src, dst, explicit := castNeeded(from.Type, to.Type)
		if !explicit {
			return nil
		}
		exists, seen := casts[[2]string{src, dst}]
		if !seen {
			var err error
			if exists, err = castExists(ctx, db, nsp, src, dst); err != nil {
				return err
			}
			casts[[2]string{src, dst}] = exists
		}
		if exists {
			return nil
		}
		h := Hazard{Kind: NeedsEdit, Object: c.Table + "." + to.Name, Source: c.To.Source,
			Message: fmt.Sprintf("%s.%s: PostgreSQL has no cast from %s to %s: replace the USING expression with one that converts the values (the statement fails as it stands)",
				c.Table, to.Name, from.Type, to.Type)}
		if down {
			s.DownHazards = append(slices.Clone(s.DownHazards), h)
		} else {
			s.Hazards = append(slices.Clone(s.Hazards), h)
		}
		return nil
	}
	if err := check(c.From, c.To, false); err != nil {
		return err
	}
	return check(c.To, c.From, true)
}

// castExists asks pg_cast whether PostgreSQL casts from one type to
// another (element types, for arrays, which are cast element by element).
func castExists(ctx context.Context, db Beginner, nsp, from, to string) (bool, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("schema: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if nsp != "" {
		// Enum types are named as the schema's columns name them.
		if _, err := enterNamespace(ctx, tx, nsp); err != nil {
			return false, fmt.Errorf("schema: %w", err)
		}
	}
	var ok bool
	err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_cast WHERE castsource = $1::text::regtype AND casttarget = $2::text::regtype)`, from, to).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("schema: looking up a cast from %s to %s: %w", from, to, err)
	}
	return ok, nil
}

func tableHasRows(ctx context.Context, db Beginner, nsp, table string) (bool, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("schema: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	name := QuoteIdent(table)
	if nsp != "" {
		name = QuoteIdent(nsp) + "." + name
	}
	var rows bool
	if err := tx.QueryRow(ctx, fmt.Sprintf("SELECT EXISTS (SELECT 1 FROM %s)", name)).Scan(&rows); err != nil {
		return false, fmt.Errorf("schema: checking whether %s has rows: %w", table, err)
	}
	return rows, nil
}

// neighbourhood is the part of both schemas a self-check needs: the
// tables the plan touches, the tables they refer to or that refer to them,
// and every enum. Copying only that keeps the check of a small change to
// a schema of hundreds of tables cheap. Foreign keys leaving the part are
// left out on both sides alike.
func neighbourhood(actual, desired *Schema, plan *Plan, opts Options) (*Schema, *Schema) {
	keep := map[string]bool{}
	for _, c := range plan.Steps {
		if c.Table != "" {
			keep[c.Table] = true
		}
		// A recreated enum converts columns of tables of its own: left
		// out of the copy, the check would run those statements on the
		// real tables (in a transaction rolled back, but still).
		if r, ok := c.Change.(RecreateEnum); ok {
			for _, col := range r.Columns {
				keep[col.Table] = true
			}
		}
	}
	for _, r := range opts.Renames {
		if r.Table == "" {
			keep[r.From] = true
		}
	}
	touched := maps.Clone(keep)
	for _, s := range []*Schema{actual, desired} {
		for _, t := range s.Tables {
			for _, fk := range t.ForeignKeys {
				if touched[t.Name] {
					keep[fk.RefTable] = true
				}
				if touched[fk.RefTable] {
					keep[t.Name] = true
				}
			}
		}
	}
	subset := func(s *Schema) *Schema {
		out := &Schema{Enums: s.Enums}
		for _, t := range s.Tables {
			if !keep[t.Name] {
				continue
			}
			c := cloneTable(t)
			c.ForeignKeys = slices.DeleteFunc(slices.Clone(t.ForeignKeys), func(fk *ForeignKey) bool { return !keep[fk.RefTable] })
			out.Tables = append(out.Tables, c)
		}
		return out
	}
	return subset(actual), subset(desired)
}

func selfCheck(ctx context.Context, db Beginner, actual, desired *Schema, plan *Plan, opts Options) error {
	up, down := plan.statements()
	actual, desired = neighbourhood(actual, desired, plan, opts)
	recheck := Options{Prune: opts.Prune}
	addedValues := plan.addedEnumValues()
	// The neighbourhood holds every table a foreign key of the copy or of
	// the plan points at, so the temporary schema can always stand in.
	return withScratch(ctx, db, "sqlmap_check_", true, func(tx pgx.Tx, nsp string) error {
		var copySQL []string
		for _, st := range Render(actual) {
			copySQL = append(copySQL, st.SQL)
		}
		if i, err := execBatch(ctx, tx, copySQL); err != nil {
			return &SelfCheckError{Step: "copying the database's schema", SQL: at(copySQL, i), Err: err}
		}
		before, err := inspectScratch(ctx, tx, nsp)
		if err != nil {
			return err
		}
		run := func(step string, stmts []string) error {
			if i, err := execBatch(ctx, tx, stmts); err != nil {
				return &SelfCheckError{Step: step, SQL: at(stmts, i), Err: err}
			}
			return nil
		}
		inSync := func(step string) error {
			now, err := inspectScratch(ctx, tx, nsp)
			if err != nil {
				return err
			}
			left, err := Diff(now, desired, recheck)
			if err != nil {
				return err
			}
			if len(left.Changes) > 0 {
				up, _ := Format(PlanChanges(left))
				return &SelfCheckError{Step: step, Diff: up}
			}
			return nil
		}
		if err := run("up", up); err != nil {
			return err
		}
		if err := inSync("up"); err != nil {
			return err
		}
		if err := run("down", down); err != nil {
			return err
		}
		after, err := inspectScratch(ctx, tx, nsp)
		if err != nil {
			return err
		}
		for _, av := range addedValues {
			if e := after.Enum(av[0]); e != nil {
				e.Values = slices.DeleteFunc(e.Values, func(v string) bool { return v == av[1] })
			}
		}
		if b, a := before.Dump(), after.Dump(); b != a {
			return &SelfCheckError{Step: "down", Diff: lineDiff(b, a)}
		}
		if err := run("up again", up); err != nil {
			return err
		}
		return inSync("up again")
	})
}

// statements lists the up statements in order and the down statements in
// reverse order of their changes.
func (p *Plan) statements() (up, down []string) {
	// An online plan's second migration runs after the first, and its
	// undo before the first's; in the check's transaction, without
	// CONCURRENTLY.
	for _, c := range p.Steps {
		up = append(up, c.Up...)
	}
	for _, c := range p.Steps {
		for _, s := range c.LaterUp {
			up = append(up, withoutConcurrently(s))
		}
	}
	for i := len(p.Steps) - 1; i >= 0; i-- {
		for _, s := range p.Steps[i].LaterDown {
			down = append(down, withoutConcurrently(s))
		}
	}
	for i := len(p.Steps) - 1; i >= 0; i-- {
		down = append(down, p.Steps[i].Down...)
	}
	return up, down
}

// lineDiff shows the lines only in a (-) and only in b (+).
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for _, l := range al {
		if !slices.Contains(bl, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range bl {
		if !slices.Contains(al, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

// AddedEnumValues lists the (enum, value) pairs the draft adds: the down
// cannot remove them.
func (d *Draft) AddedEnumValues() [][2]string { return d.Plan.addedEnumValues() }

func (p *Plan) addedEnumValues() [][2]string {
	var out [][2]string
	for _, s := range p.Steps {
		if enum, value, ok := s.addedEnumValue(); ok {
			out = append(out, [2]string{enum, value})
		}
	}
	return out
}

func at(s []string, i int) string {
	if i < 0 || i >= len(s) {
		return ""
	}
	return s[i]
}
