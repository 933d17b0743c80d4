package models

// Renumbering slots (UPDATE slots SET id = id + 1) passes through
// duplicates: the key is checked at commit.
//
//sqlmap:table slots
type Slot struct {
	ID    int32  `db:"id" sqlmap:"pk,deferrable=deferred"`
	Label string `db:"label"`
}
