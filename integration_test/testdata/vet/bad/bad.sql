-- Each query here is wrong in one way; vet must report them all.

-- name: MisspeltColumn :one
SELECT id,
       nme
FROM authors WHERE id = :id;

-- name: TouchAuthor :one
UPDATE authors SET bio = bio WHERE id = :id;

-- name: RemoveAuthor :exec
DELETE FROM authors WHERE id = :id RETURNING id;

-- name: SameParamTwoTypes :exec
INSERT INTO authors (id, name) VALUES (:x, :x);

-- name: ExtraColumn :one
-- returns: Author
SELECT id, name, bio, 1 AS score FROM authors WHERE id = :id;

-- name: TextIntoInt :many
-- returns: AuthorCount
SELECT a.name, count(b.id) AS books FROM authors a JOIN books b ON b.author_id = a.id GROUP BY a.name;

-- name: NullableIntoValue :one
-- returns: AuthorBio
SELECT id, name, bio FROM authors WHERE id = :id;

-- name: UnknownType :one
-- returns: Nobody
SELECT id FROM authors WHERE id = :id;
