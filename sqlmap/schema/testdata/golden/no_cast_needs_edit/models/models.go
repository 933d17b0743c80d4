package models

import "time"

// at held Unix seconds; PostgreSQL has no cast from bigint to
// timestamptz, so the draft says to write the USING (to_timestamp(at)).
//
//sqlmap:table events
type Event struct {
	ID int64     `db:"id" sqlmap:"pk"`
	At time.Time `db:"at"`
}
