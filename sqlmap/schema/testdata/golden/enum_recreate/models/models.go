package models

// 'meh' is gone and the order is new: PostgreSQL cannot do either in
// place, so the enum is recreated and every column converted.
//
//sqlmap:enum mood (happy, ok, sad)

//sqlmap:table people
//sqlmap:index people_mood_idx (mood)
type Person struct {
	ID   int64    `db:"id" sqlmap:"pk"`
	Mood string   `db:"mood" sqlmap:"type=mood,default='ok'"`
	Past []string `db:"past" sqlmap:"type=mood[],default='{}'"`
}
