package models

// accounts renamed to users and its name column to full_name, in the
// same draft as dropping their unique constraints and changing the key
// that points at the table: every statement must name the table and the
// column as they are when it runs, both ways.
//
//sqlmap:table users
type User struct {
	ID       int64   `db:"id" sqlmap:"pk"`
	Email    *string `db:"email"`
	FullName *string `db:"full_name"`
}

//sqlmap:table posts
type Post struct {
	ID     int64  `db:"id" sqlmap:"pk"`
	UserID *int64 `db:"user_id" sqlmap:"references=users(id),ondelete=cascade"`
}
