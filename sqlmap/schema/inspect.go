package schema

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/sqlmap-go/sqlmap/internal/bookkeeping"
)

// Beginner starts a transaction (or a savepoint): *pgx.Conn, *pgxpool.Pool
// and pgx.Tx all satisfy it.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// MigrationsTable is golang-migrate's bookkeeping table, never managed
// (sqlmap's ledger beside it is not either).
const MigrationsTable = bookkeeping.VersionTable

// Inspect reads the tables and enum types of schema nsp (the connection's
// current schema when empty). It runs in a transaction of its own that is
// rolled back, with nsp first on the search_path, so that types, defaults
// and constraint definitions are printed exactly as they are for any other
// schema inspected the same way: the desired side (built in a throwaway
// schema) and the live side then compare as text.
func Inspect(ctx context.Context, db Beginner, nsp string) (*Schema, error) {
	return inspect(ctx, db, nsp, true)
}

// inspectScratch reads a scratch schema of the draft's own making: only
// what the diff compares, none of what Inspect also says of the schema's
// surroundings (other schemas, objects not compared, dependents), of
// which a scratch copy has none.
func inspectScratch(ctx context.Context, db Beginner, nsp string) (*Schema, error) {
	return inspect(ctx, db, nsp, false)
}

func inspect(ctx context.Context, db Beginner, nsp string, surroundings bool) (*Schema, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("schema: inspect: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if nsp, err = enterNamespace(ctx, tx, nsp); err != nil {
		return nil, fmt.Errorf("schema: inspect: %w", err)
	}
	in := &inspection{s: &Schema{}, tables: map[string]*Table{}}
	type query struct {
		what, sql string
		row       func(pgx.Rows) error
	}
	queries := []query{
		{"tables", tablesSQL, in.table},
		{"columns", columnsSQL, in.column},
		{"constraints", constraintsSQL, in.constraint},
		{"indexes", indexesSQL, in.index},
		{"enums", enumsSQL, in.enum},
	}
	if surroundings {
		queries = append(queries, query{"other schemas", otherSchemasSQL, in.otherSchema},
			query{"objects not compared", uncomparedSQL, in.uncompared},
			query{"dependents", dependentsSQL, in.dependent})
	}
	for _, q := range queries {
		if err := catalogRows(ctx, tx, q.what, q.sql, nsp, q.row); err != nil {
			return nil, err
		}
	}
	return in.s, nil
}

// inspection is an Inspect under way: the schema read so far, its tables
// by name, and one method per catalog query's rows.
type inspection struct {
	s      *Schema
	tables map[string]*Table
}

// onTable adds to the table of that name, if it is one Inspect keeps.
func (in *inspection) onTable(name string, add func(*Table)) error {
	if t := in.tables[name]; t != nil {
		add(t)
	}
	return nil
}

func (in *inspection) table(rows pgx.Rows) error {
	t := &Table{}
	var partitions int
	if err := rows.Scan(&t.Name, &t.Comment, &t.PartitionBy, &partitions); err != nil {
		return err
	}
	if partitions > 0 {
		in.s.NotCompared = append(in.s.NotCompared, fmt.Sprintf("the partitions of %s (%d): the partitioned table is compared, not its partitions", t.Name, partitions))
	}
	if !bookkeeping.Is(t.Name) {
		in.tables[t.Name] = t
		in.s.Tables = append(in.s.Tables, t)
	}
	return nil
}

func (in *inspection) otherSchema(rows pgx.Rows) error {
	var c SchemaCount
	if err := rows.Scan(&c.Name, &c.Tables); err != nil {
		return err
	}
	in.s.OtherSchemas = append(in.s.OtherSchemas, c)
	return nil
}

func (in *inspection) column(rows pgx.Rows) error {
	name, c, err := scanColumn(rows)
	if err != nil {
		return err
	}
	return in.onTable(name, func(t *Table) { t.Columns = append(t.Columns, c) })
}

func (in *inspection) constraint(rows pgx.Rows) error {
	var name string
	var add func(*Table)
	if err := scanConstraint(rows, &name, &add); err != nil {
		return err
	}
	return in.onTable(name, add)
}

func (in *inspection) index(rows pgx.Rows) error {
	var name, def string
	ix := &Index{}
	if err := rows.Scan(&name, &ix.Name, &ix.Unique, &ix.Method, &ix.Columns, &ix.Include, &ix.Where, &def); err != nil {
		return err
	}
	// CREATE [UNIQUE] INDEX name ON table USING method (...) ...: the
	// index and table names come first, so the first USING followed by
	// the method is the one.
	if i := strings.Index(def, " USING "+ix.Method+" "); i >= 0 {
		ix.def = def[i+len(" USING "):]
	}
	return in.onTable(name, func(t *Table) { t.Indexes = append(t.Indexes, ix) })
}

// uncompared notes the kinds of object the schema holds that no draft
// compares: views, functions, triggers and the like.
func (in *inspection) uncompared(rows pgx.Rows) error {
	var kind string
	var n int
	if err := rows.Scan(&kind, &n); err != nil {
		return err
	}
	in.s.NotCompared = append(in.s.NotCompared, fmt.Sprintf("%s (%d): sqlmap does not manage them", kind, n))
	return nil
}

// dependent records, on a table or enum, an object sqlmap does not
// manage that depends on it (a view, materialized view, policy,
// function), which a drop or a type change would break.
func (in *inspection) dependent(rows pgx.Rows) error {
	var kind, name, column, dependent string
	if err := rows.Scan(&kind, &name, &column, &dependent); err != nil {
		return err
	}
	// An object may depend on one thing twice (a function on its
	// argument's type and its body's): rows come sorted, so it
	// would be the last one kept.
	add := func(list []string) []string {
		if len(list) > 0 && list[len(list)-1] == dependent {
			return list
		}
		return append(list, dependent)
	}
	if kind == "type" {
		if e := in.s.Enum(name); e != nil {
			e.dependents = add(e.dependents)
		}
		return nil
	}
	if t := in.tables[name]; t != nil {
		if t.dependents == nil {
			t.dependents = map[string][]string{}
		}
		t.dependents[column] = add(t.dependents[column])
	}
	return nil
}

func (in *inspection) enum(rows pgx.Rows) error {
	e := &Enum{}
	if err := rows.Scan(&e.Name, &e.Values); err != nil {
		return err
	}
	in.s.Enums = append(in.s.Enums, e)
	return nil
}

// enterNamespace resolves nsp (the current schema when empty) and puts it
// first on the transaction's search_path.
func enterNamespace(ctx context.Context, tx pgx.Tx, nsp string) (string, error) {
	switch nsp {
	case "":
		if err := tx.QueryRow(ctx, `SELECT current_schema()`).Scan(&nsp); err != nil {
			return "", err
		}
	case "pg_temp":
		// An alias: the catalog knows the session's temporary schema as
		// pg_temp_N, and not at all before the session first uses it.
		if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT nspname::text FROM pg_namespace WHERE oid = pg_my_temp_schema()), 'pg_temp')`).Scan(&nsp); err != nil {
			return "", err
		}
	}
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, nsp).Scan(&exists); err != nil {
		return "", err
	}
	if !exists && nsp != "pg_temp" {
		// An empty schema would read as one with no tables: a draft
		// would say "in sync", or create everything, for a typo.
		return "", fmt.Errorf("the schema %q does not exist", nsp)
	}
	_, err := tx.Exec(ctx, `SELECT set_config('search_path', quote_ident($1::text) || ', ' || current_setting('search_path'), true)`, nsp)
	return nsp, err
}

// catalogRows runs one catalog query of Inspect and hands each row to row.
func catalogRows(ctx context.Context, tx pgx.Tx, what, sql, nsp string, row func(pgx.Rows) error) error {
	rows, err := tx.Query(ctx, sql, nsp)
	if err != nil {
		return fmt.Errorf("schema: inspect %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return fmt.Errorf("schema: inspect %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("schema: inspect %s: %w", what, err)
	}
	return nil
}

// scanColumn reads a row of columnsSQL: the table's name and the column.
func scanColumn(rows pgx.Rows) (string, *Column, error) {
	var table, identity, generated string
	var seq sequence
	c := &Column{}
	if err := rows.Scan(&table, &c.Name, &c.Type, &c.NotNull, &c.Default, &identity, &generated, &c.Comment,
		&c.Collation, &seq.start, &seq.increment, &seq.min, &seq.max, &seq.cache, &seq.cycle, &c.OwnedSequence, &c.sequenceType); err != nil {
		return "", nil, err
	}
	if generated == "s" {
		// pg_attrdef holds a stored generated column's expression, not a
		// default.
		c.Generated, c.Default = c.Default, ""
	}
	switch identity {
	case "a":
		c.Identity = IdentityAlways
	case "d":
		c.Identity = IdentityByDefault
	}
	if c.Identity != IdentityNone {
		c.IdentityOptions = seq.options(c.Type)
	}
	return table, c, nil
}

// scanConstraint reads a row of constraintsSQL: the table's name, and how
// to add the constraint to it.
func scanConstraint(rows pgx.Rows, table *string, add *func(*Table)) error {
	var name, typ, def, refTable, del, upd, deferrable string
	var cols, refCols []string
	if err := rows.Scan(table, &name, &typ, &def, &cols, &refTable, &refCols, &del, &upd, &deferrable); err != nil {
		return err
	}
	*add = func(t *Table) {
		switch typ {
		case "p":
			t.PrimaryKey = &PrimaryKey{Name: name, Columns: cols, Deferrable: deferrable}
		case "u":
			t.Uniques = append(t.Uniques, &Unique{Name: name, Columns: cols, Deferrable: deferrable, def: def})
		case "f":
			t.ForeignKeys = append(t.ForeignKeys, &ForeignKey{Name: name, Columns: cols, RefTable: refTable, RefColumns: refCols,
				OnDelete: fkAction(del), OnUpdate: fkAction(upd), Deferrable: deferrable, def: def})
		case "c":
			expr := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSuffix(def, " NOT VALID"), "CHECK ("), ")")
			t.Checks = append(t.Checks, &Check{Name: name, Expr: expr, def: def})
		}
	}
	return nil
}

// The catalog queries of Inspect: a fixed handful, whatever the number of
// tables.
const tablesSQL = `
SELECT c.relname, coalesce(obj_description(c.oid, 'pg_class'), ''),
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) ELSE '' END,
       (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid)::int
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname`

// otherSchemasSQL lists the other schemas that hold tables, which a draft
// does not compare: the system's, and every session's temporary ones, left
// out.
const otherSchemasSQL = `
SELECT n.nspname::text, count(*)::int
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname <> $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
GROUP BY n.nspname ORDER BY n.nspname`

const columnsSQL = `
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       coalesce(pg_get_expr(d.adbin, d.adrelid, true), ''), a.attidentity::text, a.attgenerated::text,
       coalesce(col_description(c.oid, a.attnum), ''),
       CASE WHEN a.attcollation <> ty.typcollation AND co.oid IS NOT NULL THEN
            CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname) ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
       ELSE '' END,
       coalesce(seq.seqstart, 0), coalesce(seq.seqincrement, 0), coalesce(seq.seqmin, 0), coalesce(seq.seqmax, 0),
       coalesce(seq.seqcache, 0), coalesce(seq.seqcycle, false),
       coalesce(owned.name, ''), coalesce(owned.typ, '')
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type ty ON ty.oid = a.atttypid
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_depend dep ON a.attidentity <> '' AND dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass
      AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'
LEFT JOIN pg_sequence seq ON seq.seqrelid = dep.objid
-- The sequence a serial column owns (OWNED BY): created with the column.
-- One pass over the sequences, joined by hash (a lookup per column costs
-- twice the rest of the query on 200 tables).
LEFT JOIN (
    SELECT DISTINCT ON (dp.refobjid, dp.refobjsubid) dp.refobjid, dp.refobjsubid,
           quote_ident(s.relname) AS name, format_type(sq.seqtypid, NULL) AS typ
    FROM pg_depend dp JOIN pg_class s ON s.oid = dp.objid AND s.relkind = 'S' JOIN pg_sequence sq ON sq.seqrelid = s.oid
    WHERE dp.classid = 'pg_class'::regclass AND dp.refclassid = 'pg_class'::regclass AND dp.deptype = 'a'
    ORDER BY dp.refobjid, dp.refobjsubid, s.relname) owned
  ON a.attidentity = '' AND owned.refobjid = c.oid AND owned.refobjsubid = a.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`

const constraintsSQL = `
SELECT c.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid, true),
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i),
       coalesce(fc.relname::text, ''),
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i),
       con.confdeltype::text, con.confupdtype::text,
       CASE WHEN con.condeferred THEN 'deferrable deferred' WHEN con.condeferrable THEN 'deferrable' ELSE '' END
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
WHERE n.nspname = $1 AND con.contype IN ('p', 'u', 'f', 'c')
  -- Not the copies PostgreSQL makes of a constraint for partitions (a
  -- key referring to a partitioned table gets one per partition).
  AND con.conparentid = 0
ORDER BY c.relname, con.conname`

const indexesSQL = `
SELECT c.relname, i.relname, ix.indisunique, am.amname::text,
       ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) FROM generate_series(1, ix.indnkeyatts) k ORDER BY k),
       ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) FROM generate_series(ix.indnkeyatts + 1, ix.indnatts) k ORDER BY k),
       coalesce(pg_get_expr(ix.indpred, ix.indrelid, true), ''),
       pg_get_indexdef(ix.indexrelid, 0, true)
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class c ON c.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = i.relam
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY c.relname, i.relname`

// uncomparedSQL counts, by kind, the objects of the schema that no
// draft compares (sequences a serial column owns, and the objects an
// extension installed, left out).
const uncomparedSQL = `
SELECT kind, n FROM (
    SELECT 'views' AS kind, count(*)::int AS n, 1 AS o FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = $1 AND c.relkind = 'v' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    UNION ALL SELECT 'materialized views', count(*)::int, 2 FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = $1 AND c.relkind = 'm'
    UNION ALL SELECT 'sequences of their own', count(*)::int, 3 FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = $1 AND c.relkind = 'S'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i', 'e'))
    UNION ALL SELECT 'functions and procedures', count(*)::int, 4 FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace
        WHERE s.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL SELECT 'triggers', count(*)::int, 5 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = $1 AND NOT t.tgisinternal
    UNION ALL SELECT 'policies', count(*)::int, 6 FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = $1
    UNION ALL SELECT 'domains and composite types', count(*)::int, 7 FROM pg_type t JOIN pg_namespace s ON s.oid = t.typnamespace
        WHERE s.nspname = $1 AND (t.typtype = 'd' OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')))
    UNION ALL SELECT 'exclusion constraints', count(*)::int, 8 FROM pg_constraint k JOIN pg_namespace s ON s.oid = k.connamespace
        WHERE s.nspname = $1 AND k.contype = 'x'
) counts WHERE n > 0 ORDER BY o`

const enumsSQL = `
SELECT t.typname::text, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
FROM pg_type t
JOIN pg_enum e ON e.enumtypid = t.oid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = $1
GROUP BY t.typname ORDER BY t.typname`

// dependentsSQL lists what depends, by a normal dependency (one that
// blocks a DROP without CASCADE), on a table, one of its columns, or an
// enum type of the schema: views and materialized views (by their rules),
// policies and functions. Indexes, constraints and triggers go with their
// table and are not listed.
const dependentsSQL = `
SELECT CASE WHEN dep.refclassid = 'pg_type'::regclass THEN 'type' ELSE 'table' END,
       coalesce(c.relname, t.typname)::text, coalesce(a.attname::text, ''),
       CASE dep.classid
           WHEN 'pg_rewrite'::regclass THEN (SELECT CASE v.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || quote_ident(v.relname)
                                             FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class WHERE r.oid = dep.objid)
           WHEN 'pg_policy'::regclass THEN (SELECT 'policy ' || quote_ident(p.polname) || ' on ' || quote_ident(pc.relname)
                                            FROM pg_policy p JOIN pg_class pc ON pc.oid = p.polrelid WHERE p.oid = dep.objid)
           ELSE 'function ' || dep.objid::regprocedure::text
       END
FROM pg_depend dep
LEFT JOIN pg_class c ON dep.refclassid = 'pg_class'::regclass AND c.oid = dep.refobjid AND c.relkind IN ('r', 'p')
LEFT JOIN pg_type t ON dep.refclassid = 'pg_type'::regclass AND t.oid = dep.refobjid AND t.typtype = 'e'
LEFT JOIN pg_attribute a ON c.oid IS NOT NULL AND a.attrelid = c.oid AND a.attnum = dep.refobjsubid AND dep.refobjsubid > 0
JOIN pg_namespace n ON n.oid = coalesce(c.relnamespace, t.typnamespace)
WHERE n.nspname = $1 AND dep.deptype = 'n'
  AND dep.classid IN ('pg_rewrite'::regclass, 'pg_policy'::regclass, 'pg_proc'::regclass)
  -- A view's own rule depends on the view: not a dependent of a table.
  AND NOT (dep.classid = 'pg_rewrite'::regclass AND EXISTS (SELECT 1 FROM pg_rewrite r WHERE r.oid = dep.objid AND r.ev_class = dep.refobjid))
ORDER BY 1, 2, 3, 4`

func fkAction(c string) string {
	switch c {
	case "c":
		return ActionCascade
	case "r":
		return ActionRestrict
	case "n":
		return ActionSetNull
	case "d":
		return ActionSetDefault
	}
	return ActionNoAction
}

// sequence is an identity column's sequence, as pg_sequence holds it.
type sequence struct {
	start, increment, min, max, cache int64
	cycle                             bool
}

// options spells the sequence's options that differ from what an identity
// column of type typ gets by default, in a fixed order, as CREATE TABLE
// takes them: "START WITH 1000 INCREMENT BY 10", "" for none.
func (s sequence) options(typ string) string {
	lo, hi := int64(1), map[string]int64{"smallint": math.MaxInt16, "integer": math.MaxInt32}[typ]
	if hi == 0 {
		hi = math.MaxInt64
	}
	if s.increment < 0 {
		lo, hi = map[string]int64{"smallint": math.MinInt16, "integer": math.MinInt32}[typ], -1
		if lo == 0 {
			lo = math.MinInt64
		}
	}
	start := lo
	if s.increment < 0 {
		start = hi
	}
	var parts []string
	if s.start != start {
		parts = append(parts, fmt.Sprintf("START WITH %d", s.start))
	}
	if s.increment != 1 {
		parts = append(parts, fmt.Sprintf("INCREMENT BY %d", s.increment))
	}
	if s.min != lo {
		parts = append(parts, fmt.Sprintf("MINVALUE %d", s.min))
	}
	if s.max != hi {
		parts = append(parts, fmt.Sprintf("MAXVALUE %d", s.max))
	}
	if s.cache != 1 {
		parts = append(parts, fmt.Sprintf("CACHE %d", s.cache))
	}
	if s.cycle {
		parts = append(parts, "CYCLE")
	}
	return strings.Join(parts, " ")
}
