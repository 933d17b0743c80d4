package models

import "time"

//sqlmap:table users
type User struct {
	ID        int64     `db:"id" sqlmap:"pk,identity"`
	Username  string    `db:"username" sqlmap:"type=varchar(80),unique"`
	Email     string    `db:"email" sqlmap:"type=character varying(120),unique"`
	Age       int32     `db:"age" sqlmap:"default=0,check=age >= 0"`
	Score     *float64  `db:"score"`
	Ratio     *float32  `db:"ratio"`
	Active    bool      `db:"active" sqlmap:"default=true"`
	CreatedAt time.Time `db:"created_at" sqlmap:"default=now(),index"`
	Note      *string   `db:"note" sqlmap:"default=''"`
}
