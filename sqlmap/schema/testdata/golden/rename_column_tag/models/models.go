package models

//sqlmap:table users
//sqlmap:index users_name_lower (lower(full_name))
type User struct {
	ID       int64   `db:"id" sqlmap:"pk,identity"`
	Username string  `db:"username" sqlmap:"type=varchar(80),unique"`
	Email    string  `db:"email" sqlmap:"type=varchar(120),unique"`
	FullName *string `db:"full_name" sqlmap:"renamed_from=name,index"`
	// PostgreSQL rewrites the expression with the column's new name.
	NameUpper *string `db:"name_upper" sqlmap:"generated=upper(full_name)"`
}
