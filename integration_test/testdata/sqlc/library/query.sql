-- name: Novelist :one
SELECT * FROM novelists WHERE novelist_id = $1;

-- name: Novel :one
SELECT * FROM novels WHERE novel_id = $1;

-- name: NovelsByTitleAndYear :many
SELECT * FROM novels WHERE title = $1 AND published = $2;

-- name: NovelsInGenres :many
SELECT n.novel_id, n.title, w.full_name, n.isbn, n.genres
FROM novels n
LEFT JOIN novelists w ON w.novelist_id = n.novelist_id
WHERE n.genres && $1::varchar[];

-- name: AddNovelist :one
INSERT INTO novelists (full_name) VALUES ($1) RETURNING *;

-- name: AddNovel :one
INSERT INTO novels (novelist_id, isbn, format, title, published, on_shelf, genres)
VALUES (@novelist_id, @isbn, @format, @title, @published, @on_shelf, @genres)
RETURNING *;

-- name: Retitle :exec
UPDATE novels
SET title = sqlc.arg(title), genres = sqlc.arg(genres), format = sqlc.arg(format)
WHERE novel_id = sqlc.arg(novel_id);

-- name: SetISBN :exec
UPDATE novels SET title = $1, genres = $2, isbn = $4 WHERE novel_id = $3;

-- name: WeedOut :execrows
DELETE FROM novels
WHERE published < @before AND novelist_id NOT IN (sqlc.slice(keep));

-- name: Blurb :one
SELECT blurb(@title::text) AS blurb;
