package schema

// ChangeKind names a kind of change, for programs (and the plan's JSON).
type ChangeKind string

// The kinds of change: one per type that implements [Change].
const (
	KindAddTable       ChangeKind = "add-table"
	KindDropTable      ChangeKind = "drop-table"
	KindRenameTable    ChangeKind = "rename-table"
	KindCommentTable   ChangeKind = "comment-table"
	KindAddColumn      ChangeKind = "add-column"
	KindDropColumn     ChangeKind = "drop-column"
	KindRenameColumn   ChangeKind = "rename-column"
	KindAlterColumn    ChangeKind = "alter-column"
	KindRebuildColumn  ChangeKind = "rebuild-column"
	KindCommentColumn  ChangeKind = "comment-column"
	KindAddPrimaryKey  ChangeKind = "add-primary-key"
	KindDropPrimaryKey ChangeKind = "drop-primary-key"
	KindAddConstraint  ChangeKind = "add-constraint" // unique or check
	KindDropConstraint ChangeKind = "drop-constraint"
	KindAddIndex       ChangeKind = "add-index"
	KindDropIndex      ChangeKind = "drop-index"
	KindAddForeignKey  ChangeKind = "add-foreign-key"
	KindDropForeignKey ChangeKind = "drop-foreign-key"
	KindAddEnum        ChangeKind = "add-enum"
	KindAddEnumValue   ChangeKind = "add-enum-value"
	KindRecreateEnum   ChangeKind = "recreate-enum"
	KindDropEnum       ChangeKind = "drop-enum"
)

// Change is one difference [Diff] found between two schemas, as a plain
// value: what changes, with the objects before and after, and no SQL.
// [PlanChanges] turns changes into ordered steps with their SQL both ways
// and their hazards. The types that implement it are the ones below; a
// program switches on them.
type Change interface {
	// Kind names the change.
	Kind() ChangeKind
	// TableName is the table the change is made to, "" for an enum.
	TableName() string
	// change keeps the set closed: the planner renders every kind.
	change()
}

// AddTable creates a table, its indexes and comments (its foreign keys
// are changes of their own, so tables referring to each other can be
// created in any order).
type AddTable struct{ T *Table }

// DropTable drops a table (its foreign keys first, as changes of their
// own).
type DropTable struct{ T *Table }

// RenameTable renames a table.
type RenameTable struct{ From, To string }

// CommentTable changes a table's comment ("" for none).
type CommentTable struct{ Table, From, To string }

// AddColumn adds a column to a table.
type AddColumn struct {
	Table string
	C     *Column
}

// DropColumn drops a column from a table.
type DropColumn struct {
	Table string
	C     *Column
}

// RenameColumn renames a column.
type RenameColumn struct{ Table, From, To string }

// AlterColumn changes a column in place: What lists what changes, From
// and To are the column before and after.
type AlterColumn struct {
	Table    string
	From, To *Column
	What     []ColumnChange
	// ThroughText is set for a type change between two enum types,
	// which PostgreSQL does not cast between: the values go through
	// their labels (USING col::text::new).
	ThroughText bool
}

// RebuildColumn drops a column and adds it back as To: what PostgreSQL
// cannot change in place (an ordinary column made generated, a new
// generation expression). The indexes and constraints on the column are
// changes of their own, dropped before and re-created after.
type RebuildColumn struct {
	Table    string
	From, To *Column
}

// ColumnChange is one thing an [AlterColumn] changes; From and To say in
// which direction.
type ColumnChange string

// The things an AlterColumn changes.
const (
	ColumnIdentity ColumnChange = "identity" // added, dropped, or ALWAYS ↔ BY DEFAULT
	ColumnDefault  ColumnChange = "default"
	ColumnType     ColumnChange = "type"
	ColumnNotNull  ColumnChange = "not-null"
	// ColumnGenerated: a generated column becomes an ordinary one,
	// keeping its values (DROP EXPRESSION).
	ColumnGenerated ColumnChange = "generated"
	// ColumnCollation: the column's collation.
	ColumnCollation ColumnChange = "collation"
	// ColumnIdentityOptions: the identity sequence's options (START,
	// INCREMENT, MINVALUE, MAXVALUE, CACHE, CYCLE).
	ColumnIdentityOptions ColumnChange = "identity-options"
)

// Has reports whether the column change includes w.
func (c AlterColumn) Has(w ColumnChange) bool {
	for _, x := range c.What {
		if x == w {
			return true
		}
	}
	return false
}

// CommentColumn changes a column's comment ("" for none).
type CommentColumn struct{ Table, Column, From, To string }

// AddPrimaryKey adds a primary key to a table.
type AddPrimaryKey struct {
	Table string
	PK    *PrimaryKey
}

// DropPrimaryKey drops a table's primary key.
type DropPrimaryKey struct {
	Table string
	PK    *PrimaryKey
}

// AddConstraint adds a unique or check constraint; Def is its definition
// as PostgreSQL prints it (UNIQUE (email), CHECK (age > 0)).
type AddConstraint struct {
	Table, Name string
	// What is "unique constraint" or "check constraint".
	What string
	Def  string
}

// DropConstraint drops a unique or check constraint; Def is what the
// down re-adds.
type DropConstraint struct {
	Table, Name string
	What        string
	Def         string
}

// AddIndex creates an index.
type AddIndex struct {
	Table string
	Index *Index
}

// DropIndex drops an index.
type DropIndex struct {
	Table string
	Index *Index
}

// AddForeignKey adds a foreign key.
type AddForeignKey struct {
	Table string
	FK    *ForeignKey
}

// DropForeignKey drops a foreign key.
type DropForeignKey struct {
	Table string
	FK    *ForeignKey
}

// AddEnum creates an enum type.
type AddEnum struct{ E *Enum }

// AddEnumValue adds Value to an enum, After or Before an existing value
// (both "" to append). Pos is its place in the enum's desired order.
type AddEnumValue struct {
	Enum, Value   string
	After, Before string
	Pos           int
}

// RecreateEnum replaces an enum whose values were removed or reordered,
// which PostgreSQL cannot do in place: the old type is renamed, the new
// one created, every column of the database that uses it converted
// through text, and the old type dropped.
type RecreateEnum struct {
	From, To *Enum
	// Columns are the columns of the database that use the enum, by the
	// names they have before the plan runs.
	Columns []EnumColumn
}

// EnumColumn is a column that holds an enum, or an array of one.
type EnumColumn struct {
	Table  string
	Column *Column
	Array  bool
}

// DropEnum drops an enum type.
type DropEnum struct{ E *Enum }

// Kind implements Change.
func (AddTable) Kind() ChangeKind       { return KindAddTable }
func (DropTable) Kind() ChangeKind      { return KindDropTable }
func (RenameTable) Kind() ChangeKind    { return KindRenameTable }
func (CommentTable) Kind() ChangeKind   { return KindCommentTable }
func (AddColumn) Kind() ChangeKind      { return KindAddColumn }
func (DropColumn) Kind() ChangeKind     { return KindDropColumn }
func (RenameColumn) Kind() ChangeKind   { return KindRenameColumn }
func (AlterColumn) Kind() ChangeKind    { return KindAlterColumn }
func (RebuildColumn) Kind() ChangeKind  { return KindRebuildColumn }
func (CommentColumn) Kind() ChangeKind  { return KindCommentColumn }
func (AddPrimaryKey) Kind() ChangeKind  { return KindAddPrimaryKey }
func (DropPrimaryKey) Kind() ChangeKind { return KindDropPrimaryKey }
func (AddConstraint) Kind() ChangeKind  { return KindAddConstraint }
func (DropConstraint) Kind() ChangeKind { return KindDropConstraint }
func (AddIndex) Kind() ChangeKind       { return KindAddIndex }
func (DropIndex) Kind() ChangeKind      { return KindDropIndex }
func (AddForeignKey) Kind() ChangeKind  { return KindAddForeignKey }
func (DropForeignKey) Kind() ChangeKind { return KindDropForeignKey }
func (AddEnum) Kind() ChangeKind        { return KindAddEnum }
func (AddEnumValue) Kind() ChangeKind   { return KindAddEnumValue }
func (RecreateEnum) Kind() ChangeKind   { return KindRecreateEnum }
func (DropEnum) Kind() ChangeKind       { return KindDropEnum }

// TableName implements Change.
func (c AddTable) TableName() string       { return c.T.Name }
func (c DropTable) TableName() string      { return c.T.Name }
func (c RenameTable) TableName() string    { return c.To }
func (c CommentTable) TableName() string   { return c.Table }
func (c AddColumn) TableName() string      { return c.Table }
func (c DropColumn) TableName() string     { return c.Table }
func (c RenameColumn) TableName() string   { return c.Table }
func (c AlterColumn) TableName() string    { return c.Table }
func (c RebuildColumn) TableName() string  { return c.Table }
func (c CommentColumn) TableName() string  { return c.Table }
func (c AddPrimaryKey) TableName() string  { return c.Table }
func (c DropPrimaryKey) TableName() string { return c.Table }
func (c AddConstraint) TableName() string  { return c.Table }
func (c DropConstraint) TableName() string { return c.Table }
func (c AddIndex) TableName() string       { return c.Table }
func (c DropIndex) TableName() string      { return c.Table }
func (c AddForeignKey) TableName() string  { return c.Table }
func (c DropForeignKey) TableName() string { return c.Table }
func (AddEnum) TableName() string          { return "" }
func (AddEnumValue) TableName() string     { return "" }
func (RecreateEnum) TableName() string     { return "" }
func (DropEnum) TableName() string         { return "" }

func (AddTable) change()       {}
func (DropTable) change()      {}
func (RenameTable) change()    {}
func (CommentTable) change()   {}
func (AddColumn) change()      {}
func (DropColumn) change()     {}
func (RenameColumn) change()   {}
func (RebuildColumn) change()  {}
func (AlterColumn) change()    {}
func (CommentColumn) change()  {}
func (AddPrimaryKey) change()  {}
func (DropPrimaryKey) change() {}
func (AddConstraint) change()  {}
func (DropConstraint) change() {}
func (AddIndex) change()       {}
func (DropIndex) change()      {}
func (AddForeignKey) change()  {}
func (DropForeignKey) change() {}
func (AddEnum) change()        {}
func (RecreateEnum) change()   {}
func (AddEnumValue) change()   {}
func (DropEnum) change()       {}

// Difference is what [Diff] finds: the changes, in the order found (the
// planner orders them), and what it leaves alone or only mentions.
type Difference struct {
	Changes []Change
	// Unmanaged lists tables (and "enum NAME"s) of the database that no
	// model describes: left alone unless pruning.
	Unmanaged []string
	// Hints are things worth telling the user that change nothing, such
	// as a drop and an add that look like a rename.
	Hints []Hint
}
