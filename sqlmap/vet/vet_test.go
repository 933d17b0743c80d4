package vet_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap"
	"github.com/sqlmap-go/sqlmap/sqlmap/vet"
)

func vetConn(t *testing.T, ddl string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	schema, _ := pgtest.Schema(t)
	conn, err := pgx.Connect(ctx, pgtest.URL(t))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	_, err = conn.Exec(ctx, "SET search_path TO "+pgx.Identifier{schema}.Sanitize())
	require.NoError(t, err)
	_, err = conn.Exec(ctx, ddl)
	require.NoError(t, err)
	return conn
}

func TestVetResultTypes(t *testing.T) {
	conn := vetConn(t, `CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
		CREATE TABLE people (id bigint PRIMARY KEY, email email NOT NULL, age int, tags text[])`)
	qs, err := sqlmap.NewQueries(map[string]string{"q.sql": `
-- name: Person :one
-- returns: Person
SELECT id, email, age, tags FROM people WHERE id = $1;

-- name: Ambiguous :many
-- returns: Person
SELECT id FROM people;

-- name: Positional :one
SELECT id FROM people WHERE id = $1 AND email = $1;

-- name: Anything
SELECT id FROM people;
`})
	require.NoError(t, err)
	person := vet.ResultType{Name: "Person", Package: "a", Source: "a.Person", Fields: []vet.ResultField{
		{Column: "id", Source: "a.Person.ID", GoType: "int64", SQLType: "bigint"},
		{Column: "email", Source: "a.Person.Email", GoType: "int64", SQLType: "bigint"},
		{Column: "age", Source: "a.Person.Age", GoType: "*int32", SQLType: "integer", Nullable: true},
		{Column: "tags", Source: "a.Person.Tags", GoType: "[]int64", SQLType: "bigint[]", Nullable: true},
	}}
	other := person
	other.Package = "b"
	ps := vet.Check(context.Background(), conn, qs, vet.WithResultTypes(person))
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{
		`q.sql:2: query Person: column "email" is text, which a.Person.Email (int64) cannot hold`,
		`q.sql:2: query Person: column "tags" is text[], which a.Person.Tags ([]int64) cannot hold`,
		`q.sql:11: query Positional: operator does not exist: email = bigint [SQLSTATE 42883]; hint: No operator matches the given name and argument types. You might need to add explicit type casts.`,
	}, got, "a domain is described as its base type, an array is checked by its elements; $n stays $n in a positional query")
	var pe *pgconn.PgError
	require.ErrorAs(t, ps[2].Err, &pe)
	assert.Equal(t, "42883", pe.Code)

	ps = vet.Check(context.Background(), conn, qs, vet.WithResultTypes(person, other))
	require.NotEmpty(t, ps)
	assert.Equal(t, "q.sql:2: query Person: returns Person: Person is ambiguous: a.Person (a.Person), b.Person (a.Person); qualify it with its package", ps[0].String())
}

func TestVetOnABrokenConnection(t *testing.T) {
	conn := vetConn(t, `SELECT 1`)
	qs, err := sqlmap.NewQueries(map[string]string{"q.sql": "-- name: A :one\nSELECT 1"})
	require.NoError(t, err)
	require.NoError(t, conn.Close(context.Background()))
	_, err = vet.Describe(context.Background(), conn, qs)
	var ve *vet.Error
	require.True(t, errors.As(err, &ve), "%v", err)
	assert.Equal(t, "A", ve.Query.Name)
	ps := vet.Check(context.Background(), conn, qs)
	require.Len(t, ps, 1)
	assert.Contains(t, ps[0].String(), "q.sql:1: query A: ")
}
