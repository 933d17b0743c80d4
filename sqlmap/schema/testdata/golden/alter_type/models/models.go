package models

//sqlmap:table items
type Item struct {
	ID   int64   `db:"id" sqlmap:"pk"`
	Name string  `db:"name" sqlmap:"type=varchar(200)"`
	Code string  `db:"code" sqlmap:"type=varchar(20)"`
	Qty  int16   `db:"qty"`
	Big  int64   `db:"big"`
	Note *string `db:"note"`
}
