package models

// Collations and identity sequence options, set, changed and reset.
//
//sqlmap:table items
//sqlmap:index items_name_key (name)
type Item struct {
	ID    int64  `db:"id" sqlmap:"pk,identity,identity_options=start with 100 increment by 5"`
	N     int32  `db:"n" sqlmap:"identity=always"`
	Name  string `db:"name" sqlmap:"collate=C"`
	Code  string `db:"code"`
	Label string `db:"label" sqlmap:"collate=C,default=''"`
}
