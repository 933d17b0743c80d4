package sqlmap_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

func ExampleDB_Batch() {
	ctx := context.Background()
	var db *sqlmap.DB // from sqlmap.New

	type User struct {
		ID       int64
		Username string
	}
	b := db.Batch()
	user := sqlmap.QueueOne[User](b, "GetUser", sqlmap.Args{"id": 7})
	posts := sqlmap.QueueMany[string](b, "PostTitles", sqlmap.Args{"user_id": 7})
	seen := b.QueueExec("TouchUser", sqlmap.Args{"id": 7})
	if err := b.Send(ctx); err != nil { // one round trip
		fmt.Println(err)
		return
	}
	u, err := user.Value()
	if errors.Is(err, sqlmap.ErrNoRows) {
		fmt.Println("no user 7")
		return
	}
	titles, _ := posts.Values()
	n, _ := seen.RowsAffected()
	fmt.Println(u.Username, len(titles), n)
}

func ExampleCopyFrom() {
	ctx := context.Background()
	var db *sqlmap.DB // from sqlmap.New

	type Event struct {
		ID      int64     `db:"id" sqlmap:"pk,identity"` // filled by PostgreSQL: not copied
		Kind    string    `db:"kind"`
		Payload *string   `db:"payload"` // nil is NULL
		At      time.Time `db:"at"`
		Seen    bool      `db:"-"` // not a column
	}
	events := make([]Event, 50_000)
	// ... fill events
	n, err := sqlmap.CopyFrom(ctx, db, "public.events", events)
	var ce *sqlmap.CopyError
	if errors.As(err, &ce) && ce.Row >= 0 {
		fmt.Printf("events[%d] was rejected: %v\n", ce.Row, ce.Err)
		return
	}
	fmt.Println(n, err)
}
