-- The example application's queries: the seed's User model, SQL-first.

-- name: CreateUser :one
-- Insert a user and return it with its generated id.
INSERT INTO users (username, email)
VALUES (:username, :email)
RETURNING *;

-- name: GetUser :one
SELECT id, username, email FROM users WHERE id = :id;

-- name: GetUserByUsername :one
SELECT id, username, email FROM users WHERE username = :username;

-- name: ListUsers :many
SELECT id, username, email FROM users ORDER BY id;

-- name: ListUsersByIDs :many
SELECT id, username, email FROM users WHERE id = ANY(:ids) ORDER BY id;

-- name: UpdateEmail :execrows
UPDATE users SET email = :email WHERE id = :id;

-- name: DeleteUser :execrows
DELETE FROM users WHERE id = :id;

-- name: CountUsers :one
SELECT count(*) FROM users;
