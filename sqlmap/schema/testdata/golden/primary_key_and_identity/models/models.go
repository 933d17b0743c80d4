package models

//sqlmap:table memberships
type Membership struct {
	UserID int64 `db:"user_id" sqlmap:"pk"`
	OrgID  int64 `db:"org_id" sqlmap:"pk"`
	Seq    int64 `db:"seq" sqlmap:"identity"`
}
