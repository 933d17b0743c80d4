// Package models holds names PostgreSQL cannot keep as written.
package models

//sqlmap:table app.users
type User struct {
	ID int64 `db:"id" sqlmap:"pk"`
}

//sqlmap:table a_table_name_that_is_far_too_long_for_postgresql_to_keep_whole_x
type Long struct {
	ID  int64 `db:"id" sqlmap:"pk"`
	Col int64 `db:"a_column_name_that_is_far_too_long_for_postgresql_to_keep_whole_"`
}

//sqlmap:table events
//sqlmap:index an_index_name_that_is_far_too_long_for_postgresql_to_keep_it_whole (id)
type Event struct {
	ID int64 `db:"id" sqlmap:"pk"`
}

// Schemaed says its table name through a method.
type Schemaed struct {
	ID int64 `db:"id" sqlmap:"pk"`
}

// TableName names the table with its schema.
func (Schemaed) TableName() string { return "audit.log" }
