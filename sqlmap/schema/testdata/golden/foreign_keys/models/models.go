package models

//sqlmap:table users
type User struct {
	ID         int64  `db:"id" sqlmap:"pk,identity"`
	Username   string `db:"username" sqlmap:"type=varchar(80),unique"`
	Email      string `db:"email" sqlmap:"type=varchar(120),unique"`
	BestPostID *int64 `db:"best_post_id" sqlmap:"references=posts(id),ondelete=setnull"`
}

//sqlmap:table posts
type Post struct {
	ID     int64  `db:"id" sqlmap:"pk,identity"`
	UserID int64  `db:"user_id" sqlmap:"references=users(id),ondelete=cascade"`
	Title  string `db:"title"`
}
