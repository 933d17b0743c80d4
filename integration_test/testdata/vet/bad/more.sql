-- A second file: lines are counted per file.

-- name: WrongTable :many
SELECT id
FROM author;
