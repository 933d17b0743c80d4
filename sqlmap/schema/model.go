package schema

import "fmt"

// Schema is a set of tables and enum types.
type Schema struct {
	Enums  []*Enum
	Tables []*Table
	// NotCompared says what Inspect saw in the schema and left out: the
	// partitions of a partitioned table.
	NotCompared []string
	// OtherSchemas are the other schemas of the database that hold
	// tables, none of which Inspect read.
	OtherSchemas []SchemaCount
}

// SchemaCount is a schema and how many tables it holds.
type SchemaCount struct {
	Name   string `json:"name"`
	Tables int    `json:"tables"`
}

func (c SchemaCount) String() string {
	if c.Tables == 1 {
		return fmt.Sprintf("schema %s (1 table)", c.Name)
	}
	return fmt.Sprintf("schema %s (%d tables)", c.Name, c.Tables)
}

// Table finds a table by name.
func (s *Schema) Table(name string) *Table {
	for _, t := range s.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Enum finds an enum type by name.
func (s *Schema) Enum(name string) *Enum {
	for _, e := range s.Enums {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Enum is a PostgreSQL enum type.
type Enum struct {
	Name   string
	Values []string
	Source string // file:line of the declaring directive, for messages
	// dependents are the views and functions that depend on the type.
	dependents []string
}

// Table is a table with its columns and constraints.
type Table struct {
	Name        string
	Columns     []*Column
	PrimaryKey  *PrimaryKey
	Uniques     []*Unique
	Indexes     []*Index
	ForeignKeys []*ForeignKey
	Checks      []*Check
	Comment     string
	// PartitionBy is the partition key of a partitioned table as
	// PostgreSQL prints it ("RANGE (at)"); empty for an ordinary table.
	PartitionBy string
	// Source is where the table is defined: "models/user.go:12" for a
	// model read from source, "models.User" for one read by reflection.
	Source string
	// dependents are the objects sqlmap leaves alone that depend on the
	// table ("" key) or a column, read from a database: "view
	// active_users", "policy own_rows on users".
	dependents map[string][]string
}

// Column finds a column by name.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Identity kinds of a column.
const (
	IdentityNone      = ""
	IdentityByDefault = "by default"
	IdentityAlways    = "always"
)

// Column is one column.
type Column struct {
	Name string
	// Type is the SQL type. From models it is what the tag or the Go type
	// says ("varchar(80)"); read from a database it is format_type's
	// spelling ("character varying(80)").
	Type     string
	NotNull  bool
	Default  string // SQL expression; empty for none
	Identity string // IdentityNone, IdentityByDefault or IdentityAlways
	// IdentityOptions are the identity sequence's options that differ
	// from the defaults, as CREATE TABLE takes them ("START WITH 1000
	// INCREMENT BY 10").
	IdentityOptions string
	// Collation is the column's collation when it is not its type's
	// default, quoted ("\"C\"").
	Collation string
	// OwnedSequence is the sequence the column owns, quoted, read from a
	// database (a serial column's t_id_seq, which its default calls):
	// a draft that creates the column creates it first.
	OwnedSequence string
	sequenceType  string
	// Generated is the expression of a stored generated column (GENERATED
	// ALWAYS AS (expr) STORED); empty for an ordinary column.
	Generated string
	Comment   string
	// RenamedFrom is the column's previous name (tag renamed_from=old):
	// the diff drafts a RENAME instead of a drop and an add.
	RenamedFrom string
	Source      string // file:line (or Type.Field) of the field
}

// Deferral of a constraint's checks.
const (
	NotDeferrable     = ""
	DeferrableInitImm = "deferrable"          // DEFERRABLE (INITIALLY IMMEDIATE)
	DeferrableDefer   = "deferrable deferred" // DEFERRABLE INITIALLY DEFERRED
)

// PrimaryKey of a table. Name is empty in models: PostgreSQL names it.
type PrimaryKey struct {
	Name    string
	Columns []string
	// Deferrable is NotDeferrable, DeferrableInitImm or DeferrableDefer.
	Deferrable string
}

// Unique constraint. Name is empty for a column's unique tag.
type Unique struct {
	Name       string
	Columns    []string
	Deferrable string
	def        string // pg_get_constraintdef, when read from a database
}

// Index that is not a constraint. Columns hold column names or expressions.
type Index struct {
	Name string
	// Columns are the key entries: a column or an expression, with any of
	// COLLATE, an operator class, ASC/DESC and NULLS FIRST/LAST after it
	// ("email text_pattern_ops", "created_at DESC NULLS LAST").
	Columns []string
	Unique  bool
	// Include are the INCLUDE columns of a covering index.
	Include []string
	// With is the storage parameters, without WITH and its parentheses
	// ("fillfactor=70").
	With   string
	Where  string // partial index predicate, without WHERE
	Method string // "btree" when empty
	Source string // file:line of the tag or directive, for messages
	// def is what follows USING in pg_get_indexdef, when read from a
	// database: the method, key entries with every option, INCLUDE, WITH
	// and WHERE, exactly as PostgreSQL prints them. It is what indexes
	// are compared by, and what a dropped index is re-created from.
	def string
}

// Foreign key actions as the tag spells them.
const (
	ActionNoAction   = ""
	ActionCascade    = "cascade"
	ActionRestrict   = "restrict"
	ActionSetNull    = "setnull"
	ActionSetDefault = "setdefault"
)

// ForeignKey constraint.
type ForeignKey struct {
	Name       string
	Columns    []string
	RefTable   string
	RefColumns []string
	OnDelete   string // one of the Action constants
	OnUpdate   string
	Deferrable string
	def        string
}

// Check constraint. Column is set for a column's check tag, which
// PostgreSQL names <table>_<column>_check.
type Check struct {
	Name   string
	Expr   string // the boolean expression, without CHECK
	Column string
	Source string // file:line of the tag or directive, for messages
	def    string
}
