package models

// User names its table with a method instead of a directive.
type User struct {
	ID       int64  `db:"id" sqlmap:"pk,identity"`
	Username string `db:"username" sqlmap:"type=varchar(80),unique,comment='Shown to others'"`
	Email    string `db:"email" sqlmap:"type=varchar(120),unique"`
}

// TableName is the table the User model maps to.
func (User) TableName() string { return "users" }
