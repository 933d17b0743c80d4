package models

// accounts becomes users and gains a NOT NULL column without a default:
// whether that fails is a question about the rows of accounts, the name
// the table has when the migration starts.
//
//sqlmap:table users
type User struct {
	ID       int64  `db:"id" sqlmap:"pk,identity"`
	Username string `db:"username" sqlmap:"type=varchar(80),unique"`
	Email    string `db:"email"`
}
