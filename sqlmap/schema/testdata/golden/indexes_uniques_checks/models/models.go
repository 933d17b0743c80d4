package models

//sqlmap:table users
//sqlmap:index users_live_by_org (org) WHERE NOT deleted
//sqlmap:index users_lower_email (lower(email))
//sqlmap:unique users_org_username (org, username)
//sqlmap:check users_org_not_blank (length(org) > 0 OR deleted)
type User struct {
	ID       int64  `db:"id" sqlmap:"pk,identity"`
	Username string `db:"username" sqlmap:"type=varchar(80),unique"`
	Email    string `db:"email" sqlmap:"type=varchar(120)"`
	Org      string `db:"org" sqlmap:"default=''"`
	Deleted  bool   `db:"deleted" sqlmap:"default=false"`
}
