/* name: GetAuthor :one */
SELECT author_id, name, group_name FROM authors
WHERE author_id = $1;

-- name: CreateAuthor :one
INSERT INTO authors (name, group_name)
VALUES (sqlc.arg(name), sqlc.narg('groupName'))
RETURNING author_id, name, group_name;

/* name: CreateAuthorPlain :exec */
INSERT INTO authors (name) VALUES (@name);
-- name: CreateAuthorUpper :exec
INSERT INTO authors (name) VALUES (SQLC.ARG(name));

-- name: AuthorsInGroup :many
SELECT author_id, name, group_name FROM authors
WHERE group_name = sqlc . arg ( groupName )
ORDER BY author_id;

-- name: AuthorsInGroupAt :many
SELECT author_id, name, group_name FROM authors
WHERE group_name = @groupName
ORDER BY author_id;

-- name: AuthorsByIDs :many
SELECT author_id, name FROM authors
WHERE author_id = ANY(sqlc.slice(ids))
ORDER BY author_id;

-- name: AuthorsByIDsIn :many
SELECT author_id, name FROM authors
WHERE author_id IN (sqlc.slice('ids'))
ORDER BY author_id;
