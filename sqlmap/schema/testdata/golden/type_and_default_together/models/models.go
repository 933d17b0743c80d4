package models

// A type and a default changed together: the old default is of the old
// type, the new one of the new.
//
//sqlmap:table items
type Item struct {
	ID   int64   `db:"id" sqlmap:"pk"`
	Qty  string  `db:"qty" sqlmap:"default=''"`
	Code *string `db:"code" sqlmap:"default='x'"`
}
