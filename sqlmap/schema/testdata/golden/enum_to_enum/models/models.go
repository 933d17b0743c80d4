package models

// The column moves to another enum type: there is no cast between enum
// types, so the values go through their labels.
//
//sqlmap:enum status (new, doing, done)

//sqlmap:table tasks
type Task struct {
	ID      int64    `db:"id" sqlmap:"pk"`
	Status  string   `db:"status" sqlmap:"type=status"`
	History []string `db:"history" sqlmap:"type=status[],default='{}'"`
}
