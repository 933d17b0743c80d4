package models

// Every column narrowed: the drafted up must fail on the rows of
// before.sql rather than truncate or round them.
//
//sqlmap:table posts
type Post struct {
	ID    int64   `db:"id" sqlmap:"pk"`
	Title string  `db:"title" sqlmap:"type=varchar(100)"`
	Code  string  `db:"code" sqlmap:"type=varchar(8)"`
	Votes int16   `db:"votes"`
	Price float64 `db:"price" sqlmap:"type=numeric(4,2)"`
}
