package models

// users.id widens to bigint. audit has no model: its key to users is
// dropped before and re-added as it was after (an integer column can
// refer to a bigint one).
//
//sqlmap:table users
type User struct {
	ID   int64  `db:"id" sqlmap:"pk"`
	Name string `db:"name"`
}
