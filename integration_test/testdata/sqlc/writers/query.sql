-- name: WriterByID :one
SELECT * FROM writers WHERE id = $1 LIMIT 1;

-- name: AllWriters :many
SELECT * FROM writers ORDER BY pen_name;

-- name: AddWriter :one
INSERT INTO writers (pen_name, bio)
VALUES ($1, $2)
RETURNING *;

-- name: RenameWriter :exec
UPDATE writers
   SET pen_name = $2,
       bio = $3
 WHERE id = $1;

-- name: RenameWriterNamed :one
UPDATE writers
   SET pen_name = @pen_name,
       bio = sqlc.narg(bio)
 WHERE id = sqlc.arg(id)
RETURNING *;

-- name: RemoveWriter :exec
DELETE FROM writers WHERE id = $1;

-- name: RemoveWriters :execrows
DELETE FROM writers WHERE id IN (sqlc.slice(ids));
