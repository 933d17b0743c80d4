package models

// With --online, nothing here holds a lock that blocks writes while it
// scans or builds: the index is built concurrently, the replaced one
// built under a temporary name first, the foreign key and the check are
// validated in the second migration, and SET NOT NULL rests on a check
// validated there.
//
//sqlmap:table users
//sqlmap:index users_email_idx (email)
type User struct {
	ID    int64  `db:"id" sqlmap:"pk"`
	Email string `db:"email"`
	Nick  string `db:"nick"`
	Age   *int32 `db:"age" sqlmap:"check=(age >= 0)"`
}

//sqlmap:table posts
//sqlmap:index posts_title_idx (lower(title))
type Post struct {
	ID     int64  `db:"id" sqlmap:"pk"`
	UserID int64  `db:"user_id" sqlmap:"references=users(id)"`
	Title  string `db:"title"`
}
