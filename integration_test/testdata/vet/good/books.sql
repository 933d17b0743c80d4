-- name: BooksByTags :many
-- returns: Book
SELECT * FROM books WHERE tags && :tags::text[] ORDER BY title;

-- name: BookWithAuthor :one
-- returns: BookWithAuthor
SELECT b.*, a.id AS "author.id", a.name AS "author.name", a.bio AS "author.bio"
FROM books b LEFT JOIN authors a ON a.id = b.author_id
WHERE b.id = :id;

-- name: CountBooks :one
SELECT count(*) FROM books WHERE year >= :year;

-- name: TouchBook
UPDATE books SET title = title WHERE id = :id;
