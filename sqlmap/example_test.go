package sqlmap_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

func ExampleParseFile() {
	qs, err := sqlmap.ParseFile("users.sql", `
-- name: GetUser :one
-- Fetch one user by id.
SELECT id, username FROM users WHERE id = :id AND status <> 'x:y'::text;
`)
	if err != nil {
		panic(err)
	}
	q := qs[0]
	fmt.Println(q.Name, q.Kind, q.Params)
	fmt.Println(q.SQL)
	fmt.Printf("%s:%d %s\n", q.File, q.Line, q.Doc)
	// Output:
	// GetUser one [id]
	// SELECT id, username FROM users WHERE id = $1 AND status <> 'x:y'::text
	// users.sql:2 Fetch one user by id.
}

func ExampleOne() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, "postgres://localhost/app")
	if err != nil {
		panic(err)
	}
	qs := sqlmap.MustLoad(exampleFS) // an embed.FS of queries/*.sql
	db := sqlmap.New(pool, qs)

	type User struct {
		ID       int64
		Username string
		Email    string
	}
	u, err := sqlmap.One[User](ctx, db, "GetUser", sqlmap.Args{"id": 1})
	if err != nil {
		panic(err)
	}
	fmt.Println(u.Username)
}

func ExampleDB_InTx() {
	ctx := context.Background()
	var db *sqlmap.DB // from sqlmap.New
	err := db.InTx(ctx, func(tx *sqlmap.DB) error {
		if _, err := tx.Exec(ctx, "DebitAccount", sqlmap.Args{"id": 1, "amount": 10}); err != nil {
			return err // rolls back
		}
		_, err := tx.Exec(ctx, "CreditAccount", sqlmap.Args{"id": 2, "amount": 10})
		return err // commits when nil
	})
	if err != nil {
		fmt.Println(err)
	}
}

var exampleFS = fstest.MapFS{"users.sql": {Data: []byte("-- name: GetUser :one\nSELECT * FROM users WHERE id = :id")}}
