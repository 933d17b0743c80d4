package models

// The primary key moves from id to code; id stays unique, so the foreign
// key from orders still holds, but PostgreSQL cannot drop the key index
// it rests on while it stands: it is dropped before and re-added after.
//
//sqlmap:table accounts
type Account struct {
	ID   int64  `db:"id" sqlmap:"unique"`
	Code string `db:"code" sqlmap:"pk"`
}

//sqlmap:table orders
type Order struct {
	ID        int64 `db:"id" sqlmap:"pk"`
	AccountID int64 `db:"account_id" sqlmap:"references=accounts(id)"`
}
