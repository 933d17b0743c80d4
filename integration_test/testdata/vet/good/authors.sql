-- The sqlc syntaxes, each once: :name, @name, sqlc.arg, sqlc.narg,
-- sqlc.slice, and every kind.

-- name: GetAuthor :one
-- returns: Author
SELECT id, name, bio FROM authors WHERE id = :id;

-- name: ListAuthors :many
-- returns: models.Author
SELECT * FROM authors ORDER BY name;

-- name: CreateAuthor :one
-- returns: Author
INSERT INTO authors (name, bio) VALUES (@name, sqlc.narg(bio)) RETURNING *;

-- name: UpdateAuthorBio :exec
UPDATE authors SET bio = sqlc.narg('bio') WHERE id = sqlc.arg(id);

-- name: DeleteAuthor :execrows
DELETE FROM authors WHERE id = @id;

-- name: AuthorsByIDs :many
-- returns: Author
SELECT id, name, bio FROM authors WHERE id IN (sqlc.slice(ids)) ORDER BY id;
