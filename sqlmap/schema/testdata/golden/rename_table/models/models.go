package models

//sqlmap:table users
type User struct {
	ID       int64  `db:"id" sqlmap:"pk,identity"`
	Username string `db:"username" sqlmap:"type=varchar(80),unique"`
	Email    string `db:"email" sqlmap:"type=varchar(120),unique"`
}

//sqlmap:table posts
type Post struct {
	ID       int64 `db:"id" sqlmap:"pk"`
	AuthorID int64 `db:"author_id" sqlmap:"references=users(id),ondelete=cascade"`
}
