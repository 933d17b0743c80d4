package models

//sqlmap:enum mood (sad, ok, happy, ecstatic)

//sqlmap:table people
type Person struct {
	ID   int64  `db:"id" sqlmap:"pk"`
	Mood string `db:"mood" sqlmap:"type=mood"`
}
