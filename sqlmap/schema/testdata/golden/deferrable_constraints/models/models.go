package models

// Swapping two positions, or inserting a child before its parent, in one
// transaction: the checks wait for the commit.
//
//sqlmap:table nodes
type Node struct {
	ID       int64  `db:"id" sqlmap:"pk"`
	ParentID *int64 `db:"parent_id" sqlmap:"references=nodes(id),deferrable=deferred"`
	Pos      int32  `db:"pos" sqlmap:"unique,deferrable=deferred"`
}
