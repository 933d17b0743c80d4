package models

import "time"

// Event is one event; its indexes use every option a key entry has.
//
//sqlmap:table events
//sqlmap:index events_kind_at (kind, at DESC NULLS LAST)
//sqlmap:index events_cover (kind) INCLUDE (score)
//sqlmap:index events_fill (at) WITH (fillfactor = 70)
//sqlmap:index events_ops (body text_pattern_ops)
//sqlmap:index events_coll (kind COLLATE "C")
//sqlmap:index events_hash USING hash (score)
//sqlmap:index events_lower (lower(body) DESC) WHERE score > 0
//sqlmap:index events_same (score DESC NULLS LAST)
type Event struct {
	ID    int64     `db:"id" sqlmap:"pk,identity"`
	Kind  string    `db:"kind"`
	At    time.Time `db:"at"`
	Body  *string   `db:"body"`
	Score *int32    `db:"score"`
}
