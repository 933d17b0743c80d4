-- name: CreateBook :one
INSERT INTO books (author_id, title, book_type, tags)
VALUES (
  sqlc.arg(author_id),
  sqlc.arg(
    -- the title as written
    title
  ),
  sqlc.arg("book_type"),
  sqlc.arg(/* all of them */ tags)
)
RETURNING book_id;

-- name: BooksByTags :many
SELECT book_id, title FROM books WHERE tags && @tags::text[] ORDER BY book_id;

-- name: LockBooks :exec
SELECT pg_advisory_lock(@key);

-- name: UnlockBooks :exec
SELECT pg_advisory_unlock(@key);

-- name: AllBooks :many
SELECT * FROM books ORDER BY book_id;
