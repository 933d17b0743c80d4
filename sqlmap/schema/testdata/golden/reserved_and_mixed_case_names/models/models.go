// Package models names tables, columns, indexes, constraints and an enum
// with reserved words and mixed case, in every tag option and directive:
// each must reach PostgreSQL quoted, as the model spells it.
package models

//sqlmap:enum Mood (sad, 'Very Happy')

// Users, keyed by id.
//
//sqlmap:table user
//sqlmap:unique user_group_order ("group", "order")
//sqlmap:unique user_select_name (select, UserName)
//sqlmap:index user_lower_name (lower("UserName")) WHERE "order" > 0
//sqlmap:index user_Group_Name (group, "UserName")
//sqlmap:check user_Order_Small ("order" < 1000)
//sqlmap:comment 'Users, by order'
type User struct {
	ID       int64  `db:"id" sqlmap:"pk,identity"`
	Group    string `db:"group" sqlmap:"index"`
	Order    int32  `db:"order" sqlmap:"check=\"order\" >= 0,default=0"`
	Select   string `db:"select" sqlmap:"unique,comment='the select'"`
	UserName string `db:"UserName" sqlmap:"index,type=varchar(80)"`
	Mood     string `db:"Mood" sqlmap:"type=\"Mood\",default='sad'"`
}

//sqlmap:table Group
//sqlmap:pk ("user", order)
//sqlmap:index Group_Where USING hash (Where)
type Group struct {
	User   int64  `db:"user" sqlmap:"references=user(id),ondelete=cascade"`
	Order  int32  `db:"order" sqlmap:"references=Tables(ID)"`
	Where  string `db:"Where" sqlmap:"generated=upper(\"Where2\")"`
	Where2 string `db:"Where2"`
}

//sqlmap:table Tables
type Table struct {
	ID int32 `db:"ID" sqlmap:"pk"`
}
