package models

//sqlmap:enum mood (sad, ok, happy)

//sqlmap:table people
type Person struct {
	ID   int64  `db:"id" sqlmap:"pk,identity"`
	Mood string `db:"mood" sqlmap:"type=mood,default='ok'"`
}
