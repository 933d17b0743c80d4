package models

// Users get text ids: both sides of the key from posts change type,
// which PostgreSQL refuses while the key stands, so it is dropped before
// and re-added after.
//
//sqlmap:table users
type User struct {
	ID   string `db:"id" sqlmap:"pk"`
	Name string `db:"name"`
}

//sqlmap:table posts
type Post struct {
	ID     int64  `db:"id" sqlmap:"pk"`
	UserID string `db:"user_id" sqlmap:"references=users(id),ondelete=cascade"`
	Title  string `db:"title"`
}
