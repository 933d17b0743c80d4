package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Statement is one DDL statement with where it comes from, so that a
// failure can be reported against the model that produced it.
type Statement struct {
	SQL    string
	Source string // file:line of the model, when known
	Table  string
	// columns maps byte ranges of SQL to the column rendered there, so a
	// PostgreSQL error position can name the column at fault.
	columns []colRange
	// column is the column a whole statement is about (a type check).
	column *Column
}

type colRange struct {
	start, end int
	column     *Column
}

// columnAt names the column whose definition holds the 1-based character
// position pos of s.SQL, if any.
func (s Statement) columnAt(pos int) *Column {
	if pos <= 0 {
		return nil
	}
	// Positions count characters; the ranges count bytes.
	b := 0
	for i := range s.SQL {
		pos--
		if pos == 0 {
			b = i
			break
		}
	}
	for _, r := range s.columns {
		if b >= r.start && b < r.end {
			return r.column
		}
	}
	return nil
}

func actionSQL(a string) string {
	switch a {
	case ActionCascade:
		return "CASCADE"
	case ActionRestrict:
		return "RESTRICT"
	case ActionSetNull:
		return "SET NULL"
	case ActionSetDefault:
		return "SET DEFAULT"
	}
	return ""
}

func columnDef(c *Column, inlineCheck string) string {
	var b strings.Builder
	b.WriteString(QuoteIdent(c.Name))
	b.WriteString(" ")
	b.WriteString(c.Type)
	if c.Collation != "" {
		b.WriteString(" COLLATE ")
		b.WriteString(c.Collation)
	}
	if c.Generated != "" {
		b.WriteString(" GENERATED ALWAYS AS (")
		b.WriteString(c.Generated)
		b.WriteString(") STORED")
	}
	if c.Identity != IdentityNone {
		b.WriteString(" ")
		b.WriteString(identitySQL(c.Identity))
		if c.IdentityOptions != "" {
			b.WriteString(" (")
			b.WriteString(c.IdentityOptions)
			b.WriteString(")")
		}
	}
	if c.NotNull {
		b.WriteString(" NOT NULL")
	}
	if c.Default != "" {
		b.WriteString(" DEFAULT ")
		b.WriteString(c.Default)
	}
	if inlineCheck != "" {
		b.WriteString(" CHECK (")
		b.WriteString(inlineCheck)
		b.WriteString(")")
	}
	return b.String()
}

func constraintPrefix(name string) string {
	if name == "" {
		return ""
	}
	return "CONSTRAINT " + QuoteIdent(name) + " "
}

func (u *Unique) sql() string {
	if u.def != "" {
		return u.def
	}
	return "UNIQUE (" + quoteList(u.Columns) + ")" + deferrableSQL(u.Deferrable)
}

// deferrableSQL is the clause after a constraint for a Deferrable value.
func deferrableSQL(d string) string {
	switch d {
	case DeferrableInitImm:
		return " DEFERRABLE"
	case DeferrableDefer:
		return " DEFERRABLE INITIALLY DEFERRED"
	}
	return ""
}

func (pk *PrimaryKey) sql() string {
	return "PRIMARY KEY (" + quoteList(pk.Columns) + ")" + deferrableSQL(pk.Deferrable)
}

func (c *Check) sql() string {
	if c.def != "" {
		return c.def
	}
	return "CHECK (" + c.Expr + ")"
}

func (fk *ForeignKey) sql() string {
	if fk.def != "" {
		return fk.def
	}
	s := fmt.Sprintf("FOREIGN KEY (%s) REFERENCES %s(%s)", quoteList(fk.Columns), quoteQualified(fk.RefTable), quoteList(fk.RefColumns))
	if a := actionSQL(fk.OnUpdate); a != "" {
		s += " ON UPDATE " + a
	}
	if a := actionSQL(fk.OnDelete); a != "" {
		s += " ON DELETE " + a
	}
	return s + deferrableSQL(fk.Deferrable)
}

// createTable renders CREATE TABLE with the primary key, unique and check
// constraints; foreign keys and indexes are separate statements, so that
// tables referring to each other can be created in any order.
func createTable(t *Table) Statement {
	st := Statement{Source: t.Source, Table: t.Name}
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s (\n", QuoteIdent(t.Name))
	// A column's unnamed checks go in its definition, so PostgreSQL
	// names them <table>_<column>_check as it does for hand-written DDL.
	inline := map[string][]string{}
	for _, ck := range t.Checks {
		if ck.Name == "" && ck.Column != "" {
			inline[ck.Column] = append(inline[ck.Column], ck.Expr)
		}
	}
	var parts []string
	for _, c := range t.Columns {
		parts = append(parts, columnDef(c, strings.Join(inline[c.Name], ") AND (")))
	}
	if t.PrimaryKey != nil {
		parts = append(parts, constraintPrefix(t.PrimaryKey.Name)+t.PrimaryKey.sql())
	}
	for _, u := range t.Uniques {
		parts = append(parts, constraintPrefix(u.Name)+u.sql())
	}
	for _, ck := range t.Checks {
		if ck.Name == "" && ck.Column != "" {
			continue
		}
		parts = append(parts, constraintPrefix(ck.Name)+ck.sql())
	}
	for i, p := range parts {
		b.WriteString("    ")
		start := b.Len()
		b.WriteString(p)
		if i < len(t.Columns) {
			st.columns = append(st.columns, colRange{start, b.Len(), t.Columns[i]})
		}
		if i < len(parts)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString(")")
	if t.PartitionBy != "" {
		b.WriteString(" PARTITION BY ")
		b.WriteString(t.PartitionBy)
	}
	st.SQL = b.String()
	return st
}

func createIndex(table string, ix *Index) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if ix.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX ")
	if ix.Name != "" {
		b.WriteString(QuoteIdent(ix.Name))
		b.WriteString(" ")
	}
	b.WriteString("ON ")
	b.WriteString(QuoteIdent(table))
	if ix.def != "" {
		// As PostgreSQL printed it: every option of every entry (the
		// default method left unsaid, as a person writes it).
		if rest, ok := strings.CutPrefix(ix.def, "btree "); ok {
			b.WriteString(" ")
			b.WriteString(rest)
		} else {
			b.WriteString(" USING ")
			b.WriteString(ix.def)
		}
		return b.String()
	}
	if ix.Method != "" && ix.Method != "btree" {
		b.WriteString(" USING ")
		b.WriteString(ix.Method)
	}
	b.WriteString(" (")
	b.WriteString(strings.Join(ix.Columns, ", "))
	b.WriteString(")")
	if len(ix.Include) > 0 {
		b.WriteString(" INCLUDE (")
		b.WriteString(strings.Join(ix.Include, ", "))
		b.WriteString(")")
	}
	if ix.With != "" {
		b.WriteString(" WITH (")
		b.WriteString(ix.With)
		b.WriteString(")")
	}
	if ix.Where != "" {
		b.WriteString(" WHERE ")
		b.WriteString(ix.Where)
	}
	return b.String()
}

func addForeignKey(table string, fk *ForeignKey) string {
	return alterTable(table, "ADD "+constraintPrefix(fk.Name)+fk.sql())
}

func createEnum(e *Enum) string {
	return fmt.Sprintf("CREATE TYPE %s AS ENUM %s", QuoteIdent(e.Name), enumValuesSQL(e.Values))
}

// enumValuesSQL is an enum's list of labels: ('sad', 'ok').
func enumValuesSQL(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = QuoteLiteral(v)
	}
	return "(" + strings.Join(q, ", ") + ")"
}

func commentOnColumn(t, c, comment string) string {
	val := "NULL"
	if comment != "" {
		val = QuoteLiteral(comment)
	}
	return fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", QuoteIdent(t), QuoteIdent(c), val)
}

func commentOnTable(t, comment string) string {
	val := "NULL"
	if comment != "" {
		val = QuoteLiteral(comment)
	}
	return fmt.Sprintf("COMMENT ON TABLE %s IS %s", QuoteIdent(t), val)
}

// ownedSequences are the statements around a column that owns a
// sequence (a serial one): the sequence is created before the column, its
// default naming it, and given to the column after, so dropping the
// column drops it as serial does.
func ownedSequences(table string, cols ...*Column) (before, after []string) {
	for _, c := range cols {
		if c.OwnedSequence == "" {
			continue
		}
		create := "CREATE SEQUENCE " + c.OwnedSequence
		if c.sequenceType != "" {
			create += " AS " + c.sequenceType
		}
		before = append(before, create)
		after = append(after, fmt.Sprintf("ALTER SEQUENCE %s OWNED BY %s.%s", c.OwnedSequence, QuoteIdent(table), QuoteIdent(c.Name)))
	}
	return before, after
}

// createTableSQL is everything that makes t: its owned sequences, CREATE
// TABLE, its indexes and comments.
func createTableSQL(t *Table) []string {
	before, after := ownedSequences(t.Name, t.Columns...)
	return slices.Concat(before, []string{createTable(t).SQL}, after, tableExtras(t))
}

// addColumnSQLs adds a column with the sequence it owns, if any.
func addColumnSQLs(table string, c *Column) []string {
	before, after := ownedSequences(table, c)
	return slices.Concat(before, []string{addColumnSQL(table, c)}, after)
}

// tableExtras is what completes a created table: its indexes and comments.
func tableExtras(t *Table) []string {
	var out []string
	for _, ix := range t.Indexes {
		out = append(out, createIndex(t.Name, ix))
	}
	if t.Comment != "" {
		out = append(out, commentOnTable(t.Name, t.Comment))
	}
	for _, c := range t.Columns {
		if c.Comment != "" {
			out = append(out, commentOnColumn(t.Name, c.Name, c.Comment))
		}
	}
	return out
}

// Render returns the DDL that creates s from nothing, in dependency order:
// enums, tables, indexes, comments, then foreign keys.
func Render(s *Schema) []Statement {
	var out []Statement
	for _, e := range s.Enums {
		out = append(out, Statement{SQL: createEnum(e), Source: e.Source})
	}
	var owned []string
	for _, t := range s.Tables {
		before, after := ownedSequences(t.Name, t.Columns...)
		for _, sql := range before {
			out = append(out, Statement{SQL: sql, Source: t.Source, Table: t.Name})
		}
		owned = append(owned, after...)
	}
	for _, t := range s.Tables {
		out = append(out, createTable(t))
	}
	for _, sql := range owned {
		out = append(out, Statement{SQL: sql})
	}
	for _, t := range s.Tables {
		for _, sql := range tableExtras(t) {
			out = append(out, Statement{SQL: sql, Source: t.Source, Table: t.Name})
		}
	}
	for _, t := range s.Tables {
		for _, fk := range t.ForeignKeys {
			out = append(out, Statement{SQL: addForeignKey(t.Name, fk), Source: t.Source, Table: t.Name})
		}
	}
	return out
}

// The statements of a plan's steps. Every DDL text the package produces
// is built in this file, from the values a Change carries.

func alterTable(table, clause string) string {
	return "ALTER TABLE " + QuoteIdent(table) + " " + clause
}

func renameTableSQL(from, to string) string { return alterTable(from, "RENAME TO "+QuoteIdent(to)) }

func renameColumnSQL(table, from, to string) string {
	return alterTable(table, fmt.Sprintf("RENAME COLUMN %s TO %s", QuoteIdent(from), QuoteIdent(to)))
}

func dropTableSQL(table string) string { return "DROP TABLE " + QuoteIdent(table) }

func addColumnSQL(table string, c *Column) string {
	return alterTable(table, "ADD COLUMN "+columnDef(c, ""))
}

func dropColumnSQL(table, column string) string {
	return alterTable(table, "DROP COLUMN "+QuoteIdent(column))
}

func addConstraintSQL(table, name, def string) string {
	return alterTable(table, fmt.Sprintf("ADD CONSTRAINT %s %s", QuoteIdent(name), def))
}

func dropConstraintSQL(table, name string) string {
	return alterTable(table, "DROP CONSTRAINT "+QuoteIdent(name))
}

func addPrimaryKeySQL(table string, pk *PrimaryKey) string {
	return addConstraintSQL(table, pk.Name, pk.sql())
}

func dropIndexSQL(name string) string { return "DROP INDEX " + QuoteIdent(name) }

func dropTypeSQL(name string) string { return "DROP TYPE " + QuoteIdent(name) }

func addEnumValueSQL(c AddEnumValue) string {
	pos := ""
	switch {
	case c.After != "":
		pos = " AFTER " + QuoteLiteral(c.After)
	case c.Before != "":
		pos = " BEFORE " + QuoteLiteral(c.Before)
	}
	return fmt.Sprintf("ALTER TYPE %s ADD VALUE IF NOT EXISTS %s%s", QuoteIdent(c.Enum), QuoteLiteral(c.Value), pos)
}

func identitySQL(kind string) string {
	if kind == IdentityAlways {
		return "GENERATED ALWAYS AS IDENTITY"
	}
	return "GENERATED BY DEFAULT AS IDENTITY"
}

// alterColumnSQL renders a column's changes as statements both ways, in
// an order PostgreSQL accepts: an identity is dropped first and added
// last (it needs NOT NULL); when the default and the type both change,
// the old default is of the old type and the new one of the new, so the
// old is dropped, the type changed, then the new set (and the same way
// back). down is in the order it runs.
func alterColumnSQL(c AlterColumn) (up, down []string) {
	a, w := c.From, c.To
	q := alterTable(c.Table, "ALTER COLUMN "+QuoteIdent(w.Name))
	type pair struct{ up, down []string }
	var steps []pair
	add := func(up, down string) { steps = append(steps, pair{[]string{q + " " + up}, []string{q + " " + down}}) }
	if c.Has(ColumnGenerated) {
		// Its values stay; the way back needs the column rebuilt.
		steps = append(steps, pair{[]string{q + " DROP EXPRESSION"}, rebuildColumnSQL(c.Table, w, a)})
	}
	identity := c.Has(ColumnIdentity)
	if identity && w.Identity == IdentityNone {
		opts := ""
		if a.IdentityOptions != "" {
			opts = " (" + a.IdentityOptions + ")"
		}
		add("DROP IDENTITY", "ADD "+identitySQL(a.Identity)+opts)
	}
	setDefault := func(v string) string {
		if v == "" {
			return "DROP DEFAULT"
		}
		return "SET DEFAULT " + v
	}
	// A new collation is a TYPE clause too: the type and COLLATE go
	// together, and a TYPE without COLLATE gives the type's default.
	retype := c.Has(ColumnType) || c.Has(ColumnCollation)
	typeUp := "TYPE " + typeClause(w.Name, a.Type, w.Type, w.Collation, c.ThroughText)
	typeDown := "TYPE " + typeClause(w.Name, w.Type, a.Type, a.Collation, c.ThroughText)
	switch {
	case c.Has(ColumnDefault) && retype:
		if a.Default != "" {
			add("DROP DEFAULT", setDefault(a.Default))
		}
		add(typeUp, typeDown)
		if w.Default != "" {
			add(setDefault(w.Default), "DROP DEFAULT")
		}
	case c.Has(ColumnDefault):
		add(setDefault(w.Default), setDefault(a.Default))
	case retype:
		add(typeUp, typeDown)
	}
	if c.Has(ColumnNotNull) {
		if w.NotNull {
			add("SET NOT NULL", "DROP NOT NULL")
		} else {
			add("DROP NOT NULL", "SET NOT NULL")
		}
	}
	withOptions := func(c *Column) string {
		if c.IdentityOptions == "" {
			return identitySQL(c.Identity)
		}
		return identitySQL(c.Identity) + " (" + c.IdentityOptions + ")"
	}
	switch {
	case identity && a.Identity == IdentityNone:
		add("ADD "+withOptions(w), "DROP IDENTITY")
	case identity && w.Identity != IdentityNone:
		kind := func(k string) string { return "SET " + strings.TrimSuffix(identitySQL(k), " AS IDENTITY") }
		add(kind(w.Identity), kind(a.Identity))
	}
	if c.Has(ColumnIdentityOptions) {
		add(sequenceSets(w.IdentityOptions), sequenceSets(a.IdentityOptions))
	}
	for _, s := range steps {
		up = append(up, s.up...)
	}
	for i := len(steps) - 1; i >= 0; i-- {
		down = append(down, steps[i].down...)
	}
	if c.Has(ColumnType) {
		// A type change drops the column's statistics: without them the
		// planner guesses until autovacuum gets round to the table.
		analyze := fmt.Sprintf("ANALYZE %s (%s)", QuoteIdent(c.Table), QuoteIdent(w.Name))
		up, down = append(up, analyze), append(down, analyze)
	}
	return up, down
}

// rebuildColumnSQL drops column from and adds to in its place (the same
// name), with its comment.
func rebuildColumnSQL(table string, from, to *Column) []string {
	out := []string{dropColumnSQL(table, from.Name), addColumnSQL(table, to)}
	if to.Comment != "" {
		out = append(out, commentOnColumn(table, to.Name, to.Comment))
	}
	return out
}

// typeClause is what follows TYPE: the type, its COLLATE when given,
// and the USING a conversion needs.
func typeClause(column, from, to, collate string, throughText bool) string {
	clause, _ := typeChangeVia(column, from, to, throughText)
	if collate == "" {
		return clause
	}
	typ, using, ok := strings.Cut(clause, " USING ")
	if !ok {
		return clause + " COLLATE " + collate
	}
	return typ + " COLLATE " + collate + " USING " + using
}

// sequenceSets turns identity options ("START WITH 1000 INCREMENT BY
// 10", as Inspect spells them, defaults left out) into the ALTER COLUMN
// clauses that set every option, the ones left out back to their
// defaults.
func sequenceSets(opts string) string {
	f := strings.Fields(opts)
	val := map[string]string{}
	cycle := false
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case "START", "INCREMENT":
			val[f[i]] = f[i+2]
			i += 2
		case "MINVALUE", "MAXVALUE", "CACHE":
			val[f[i]] = f[i+1]
			i++
		case "CYCLE":
			cycle = true
		}
	}
	out := []string{"SET INCREMENT BY " + cmp.Or(val["INCREMENT"], "1")}
	for _, m := range []string{"MINVALUE", "MAXVALUE"} {
		if v, ok := val[m]; ok {
			out = append(out, "SET "+m+" "+v)
		} else {
			out = append(out, "SET NO "+m)
		}
	}
	start := val["START"]
	if start == "" {
		// The default start is the bound the sequence counts from.
		if strings.HasPrefix(val["INCREMENT"], "-") {
			start = cmp.Or(val["MAXVALUE"], "-1")
		} else {
			start = cmp.Or(val["MINVALUE"], "1")
		}
	}
	out = append(out, "SET START WITH "+start, "SET CACHE "+cmp.Or(val["CACHE"], "1"))
	if cycle {
		out = append(out, "SET CYCLE")
	} else {
		out = append(out, "SET NO CYCLE")
	}
	return strings.Join(out, " ")
}

// recreateEnumSQL replaces enum from by to under the same name: the old
// type is renamed out of the way, the new one created, every column
// converted through text (a default, which names the old type, dropped
// before and set after), and the old type dropped.
func recreateEnumSQL(from, to *Enum, cols []EnumColumn) []string {
	old := "sqlmap_old_" + from.Name
	if len(old) > 63 {
		old = old[:63]
	}
	out := []string{fmt.Sprintf("ALTER TYPE %s RENAME TO %s", QuoteIdent(from.Name), QuoteIdent(old)), createEnum(to)}
	for _, c := range cols {
		q := alterTable(c.Table, "ALTER COLUMN "+QuoteIdent(c.Column.Name))
		typ, via := QuoteIdent(to.Name), "text"
		if c.Array {
			typ, via = typ+"[]", "text[]"
		}
		if c.Column.Default != "" {
			out = append(out, q+" DROP DEFAULT")
		}
		out = append(out, fmt.Sprintf("%s TYPE %s USING %s::%s::%s", q, typ, QuoteIdent(c.Column.Name), via, typ))
		if c.Column.Default != "" {
			out = append(out, q+" SET DEFAULT "+c.Column.Default)
		}
	}
	return append(out, dropTypeSQL(old))
}

// createIndexConcurrently builds an index without blocking writes; it
// cannot run in a transaction.
func createIndexConcurrently(table string, ix *Index) string {
	sql := createIndex(table, ix)
	if rest, ok := strings.CutPrefix(sql, "CREATE UNIQUE INDEX "); ok {
		return "CREATE UNIQUE INDEX CONCURRENTLY " + rest
	}
	return "CREATE INDEX CONCURRENTLY " + strings.TrimPrefix(sql, "CREATE INDEX ")
}

func dropIndexConcurrently(name string) string { return "DROP INDEX CONCURRENTLY " + QuoteIdent(name) }

func validateSQL(table, constraint string) string {
	return alterTable(table, "VALIDATE CONSTRAINT "+QuoteIdent(constraint))
}

// swapIndexSQL replaces an index by ix without a moment without one: ix
// is built under a temporary name, the old one dropped, and ix renamed.
func swapIndexSQL(table string, ix *Index, prefix string) []string {
	tmp := *ix
	tmp.Name = prefix + ix.Name
	if len(tmp.Name) > 63 {
		tmp.Name = tmp.Name[:63]
	}
	return []string{
		createIndexConcurrently(table, &tmp),
		dropIndexConcurrently(ix.Name),
		fmt.Sprintf("ALTER INDEX %s RENAME TO %s", QuoteIdent(tmp.Name), QuoteIdent(ix.Name)),
	}
}

// withoutConcurrently is a later statement as it runs inside a
// transaction (the self-check's): the same index, built or dropped the
// ordinary way.
func withoutConcurrently(sql string) string {
	for _, p := range []string{"CREATE INDEX CONCURRENTLY ", "CREATE UNIQUE INDEX CONCURRENTLY ", "DROP INDEX CONCURRENTLY "} {
		if rest, ok := strings.CutPrefix(sql, p); ok {
			return strings.TrimSuffix(p, "CONCURRENTLY ") + rest
		}
	}
	return sql
}
