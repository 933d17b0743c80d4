package models

//sqlmap:table products
type Product struct {
	ID    int64    `db:"id" sqlmap:"pk"`
	Name  string   `db:"name"`
	Price float64  `db:"price" sqlmap:"type=numeric"`
	Qty   int32    `db:"qty"`
	Total *float64 `db:"total" sqlmap:"type=numeric,generated=price * qty"`
	// The expression changed: the column is dropped and added back.
	Slug *string `db:"slug" sqlmap:"generated=upper(name)"`
	// A new generated column, computed for the existing row.
	Label *string `db:"label" sqlmap:"generated=name || ' x' || qty"`
}
