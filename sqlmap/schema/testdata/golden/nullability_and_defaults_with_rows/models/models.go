package models

//sqlmap:table users
type User struct {
	ID     int64   `db:"id" sqlmap:"pk"`
	Email  string  `db:"email"`
	Nick   *string `db:"nick"`
	Status string  `db:"status" sqlmap:"default='active'"`
	Score  int32   `db:"score"`
}
