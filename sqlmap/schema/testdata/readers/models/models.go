// Package models is the fixture of the readers' agreement test: LoadModels
// reads it from source, FromStructs from the compiled types, and the two
// schemas must be equal. Every directive in a doc comment is repeated by
// the type's SqlmapDirectives method, which is how reflection sees it.
package models

import (
	"database/sql"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

//sqlmap:enum mood (sad, ok, 'very happy', 'it''s, fine')

// UUID is shaped like github.com/google/uuid.UUID: a uuid by its name and
// underlying type.
type UUID [16]byte

// NullUUID is shaped like github.com/google/uuid.NullUUID.
type NullUUID struct {
	UUID  UUID
	Valid bool
}

// Scan makes NullUUID one column for the scanner.
func (u *NullUUID) Scan(any) error { return nil }

// Decimal is shaped like github.com/shopspring/decimal.Decimal.
type Decimal struct{ value string }

// Scan makes Decimal one column for the scanner.
func (d *Decimal) Scan(any) error { return nil }

// Status maps through its underlying type.
//
//sqlmap:enum status (active, disabled)
type Status string

// Tags maps through its underlying type.
type Tags []string

// Attrs maps through its underlying type.
type Attrs map[string]any

// Address is stored as JSON.
type Address struct {
	Street string
	City   string
}

// Timestamps is embedded by value in Base.
type Timestamps struct {
	CreatedAt time.Time `sqlmap:"default=now()"`
	UpdatedAt *time.Time
	Note      string // shadowed by the embedding struct's Note
}

// Base is embedded through a pointer.
type Base struct {
	ID int64 `db:"id" sqlmap:"pk,identity"`
	Timestamps
}

// User has the struct directives.
//
//sqlmap:table users
//sqlmap:unique users_name_key (first_name, last_name)
//sqlmap:index users_email_lower (lower(email), id) WHERE deleted_at IS NULL
//sqlmap:index users_tags USING gin (tags)
//sqlmap:check users_names_check (length(first_name) + length(last_name) > (0))
//sqlmap:comment 'People who log in'
type User struct {
	*Base
	FirstName string     `sqlmap:"type=varchar(80)"`
	LastName  string     `sqlmap:"type=varchar(80),comment='It''s, fine'"`
	Email     string     `db:"email" sqlmap:"type=varchar(120),unique,check=email LIKE '%@%'"`
	Mood      string     `sqlmap:"type=mood,default='ok'"`
	Tags      Tags       `sqlmap:"default='{a,b}'"`
	DeletedAt *time.Time `sqlmap:"index"`
	Note      string     `sqlmap:"renamed_from=remark"`
	Skipped   string     `db:"-"`
	hidden    string
}

// SqlmapDirectives repeats the doc comment's directives for reflection.
func (User) SqlmapDirectives() []string {
	return []string{
		"//sqlmap:enum mood (sad, ok, 'very happy', 'it''s, fine')",
		"sqlmap:enum status (active, disabled)",
		"//sqlmap:table users",
		"//sqlmap:unique users_name_key (first_name, last_name)",
		"//sqlmap:index users_email_lower (lower(email), id) WHERE deleted_at IS NULL",
		"//sqlmap:index users_tags USING gin (tags)",
		"//sqlmap:check users_names_check (length(first_name) + length(last_name) > (0))",
		"//sqlmap:comment 'People who log in'",
	}
}

// Order has the column options.
//
//sqlmap:table orders
type Order struct {
	OrderID  int64    `sqlmap:"pk"`
	Line     int32    `sqlmap:"pk"`
	UserID   int64    `sqlmap:"references=users(id),ondelete=cascade,onupdate=restrict"`
	Reviewer *int64   `sqlmap:"references=users,ondelete=setnull"`
	Shop     int64    `sqlmap:"references=shop.shops(code),ondelete=setdefault,onupdate=noaction,default=0"`
	Seq      int64    `sqlmap:"identity=always,index"`
	Qty      int16    `sqlmap:"check=qty IN (1,2)"`
	Label    string   `sqlmap:"default='a,b'"`
	Amount   Decimal  `sqlmap:"type=numeric(10,2)"`
	Counter  uint64   `sqlmap:"type=numeric(20)"`
	Shipping Address  `sqlmap:"json"`
	Billing  *Address `sqlmap:"json"`
	Extra    any      `sqlmap:"type=jsonb"`
}

// SqlmapDirectives repeats the doc comment's directives for reflection.
func (*Order) SqlmapDirectives() []string { return []string{"sqlmap:table orders"} }

// Everything has one field per type mapping.
//
//sqlmap:table everything
//sqlmap:pk (id)
type Everything struct {
	ID           int
	I64          int64
	I32          int32
	I16          int16
	I8           int8
	S            string
	B            bool
	F64          float64
	F32          float32
	T            time.Time
	Bytes        []byte
	Raw          json.RawMessage
	Map          map[string]int
	Strs         []string
	Ints         []int64
	Blobs        [][]byte
	Raws         []json.RawMessage
	UUID         UUID
	UUIDs        []UUID
	NullUUID     NullUUID
	Dec          Decimal
	PgUUID       pgtype.UUID
	PgNumeric    pgtype.Numeric
	PgText       pgtype.Text
	PgInt8       pgtype.Int8
	PgInt4       pgtype.Int4
	PgInt2       pgtype.Int2
	PgBool       pgtype.Bool
	PgFloat8     pgtype.Float8
	PgFloat4     pgtype.Float4
	PgTstz       pgtype.Timestamptz
	PgTs         pgtype.Timestamp
	PgDate       pgtype.Date
	PgInterval   pgtype.Interval
	PgTime       pgtype.Time
	NString      sql.NullString
	NInt64       sql.NullInt64
	NInt32       sql.NullInt32
	NInt16       sql.NullInt16
	NByte        sql.NullByte
	NBool        sql.NullBool
	NFloat64     sql.NullFloat64
	NTime        sql.NullTime
	NGeneric     sql.Null[string]
	PString      *string
	PInt         *int64
	PStrs        *[]string
	PTime        *time.Time
	Status       Status
	Tags         Tags
	Attrs        Attrs
	FinalAppURLs []string
	UserID       int64
	HTTPServer   string
}

// SqlmapDirectives repeats the doc comment's directives for reflection.
func (Everything) SqlmapDirectives() []string {
	return []string{"sqlmap:table everything", "sqlmap:pk (id)"}
}

const prefix = "app_"

// Account is named by a value-receiver TableName with a constant
// expression.
type Account struct {
	ID   int64 `sqlmap:"pk"`
	Name string
}

// TableName names the table.
func (Account) TableName() string { return prefix + "accounts" }

// AccountView embeds a model: the promoted TableName does not make it one.
type AccountView struct {
	Account
	Posts int
}

// Tag is named by a pointer-receiver TableName, and agrees with its
// directive.
//
//sqlmap:table tags
type Tag struct {
	Slug     string `sqlmap:"pk"`
	TenantID int64
}

// TableName names the table.
func (*Tag) TableName() string { return "tags" }

// SqlmapDirectives repeats the doc comment's directives for reflection.
func (*Tag) SqlmapDirectives() []string { return []string{"sqlmap:table tags"} }
