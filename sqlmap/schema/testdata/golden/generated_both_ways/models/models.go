package models

// Order is an order whose total is now stored as written, and whose score
// is now computed.
//
//sqlmap:table orders
//sqlmap:index orders_total_idx (total)
//sqlmap:index orders_score_idx (score DESC)
type Order struct {
	ID    int64   `db:"id" sqlmap:"pk"`
	Price float64 `db:"price" sqlmap:"type=numeric"`
	Qty   int32   `db:"qty"`
	// Generated before: it keeps its values (DROP EXPRESSION).
	Total *float64 `db:"total" sqlmap:"type=numeric"`
	// Ordinary before: dropped and added back, its index and check with it.
	Score *int32 `db:"score" sqlmap:"generated=qty * 2,check=(score >= 0)"`
}
