package models

//sqlmap:table teams
type Team struct {
	ID       int64  `db:"id" sqlmap:"pk,identity"`
	Name     string `db:"name" sqlmap:"unique"`
	LeaderID *int64 `db:"leader_id" sqlmap:"references=members(id),ondelete=setnull"`
}

//sqlmap:table members
type Member struct {
	ID     int64  `db:"id" sqlmap:"pk,identity"`
	TeamID int64  `db:"team_id" sqlmap:"references=teams(id),ondelete=cascade,onupdate=cascade"`
	Name   string `db:"name"`
}
