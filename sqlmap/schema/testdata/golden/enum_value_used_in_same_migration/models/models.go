package models

// 'ecstatic' is new and already the default: a value added by ALTER TYPE
// ... ADD VALUE cannot be used before it commits (55P04), so the enum is
// recreated in the migration's own transaction instead.
//
//sqlmap:enum mood (sad, ok, happy, ecstatic)

//sqlmap:table people
type Person struct {
	ID   int64  `db:"id" sqlmap:"pk"`
	Mood string `db:"mood" sqlmap:"type=mood,default='ecstatic'"`
}
