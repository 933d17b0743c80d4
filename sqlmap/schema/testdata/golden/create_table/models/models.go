package models

import (
	"encoding/json"
	"time"
)

// Account has one of each kind of column.
//
//sqlmap:table accounts
//sqlmap:index accounts_lower_email (lower(email))
//sqlmap:unique accounts_owner_slug (owner, slug)
//sqlmap:check accounts_balance_sane (balance > -1000 AND balance < 1000000)
type Account struct {
	ID        int64           `db:"id" sqlmap:"pk,identity"`
	Owner     string          `db:"owner" sqlmap:"type=varchar(80),index"`
	Slug      string          `db:"slug"`
	Email     *string         `db:"email" sqlmap:"type=varchar(120),unique,comment='Where we write to, if anywhere'"`
	Balance   float64         `db:"balance" sqlmap:"default=0,check=balance <> 'NaN'"`
	Qty       int32           `db:"qty" sqlmap:"default=1"`
	Rank      int16           `db:"rank"`
	Active    bool            `db:"active" sqlmap:"default=true"`
	Tags      []string        `db:"tags"`
	Settings  json.RawMessage `db:"settings" sqlmap:"default='{}'"`
	Avatar    []byte          `db:"avatar"`
	Price     *string         `db:"price" sqlmap:"type=numeric(10,2)"`
	CreatedAt time.Time       `db:"created_at" sqlmap:"default=now()"`
	DeletedAt *time.Time      `db:"deleted_at"`
}
