-- name: Towns :many
SELECT * FROM towns ORDER BY name;

-- name: Town :one
SELECT * FROM towns WHERE code = $1;

-- name: AddTown :one
-- Add a town; its code is its key.
-- A doc comment over several lines
-- stays with the query.
INSERT INTO towns (name, code)
VALUES ($1, $2)
RETURNING *;

-- name: RenameTown :exec
UPDATE towns SET name = $2 WHERE code = $1;

-- name: HallsIn :many
SELECT * FROM halls WHERE town = $1 ORDER BY name;

-- name: RemoveHall :exec
DELETE FROM halls WHERE code = $1 AND code = $1;

-- name: Hall :one
SELECT * FROM halls WHERE code = $1 AND town = $2;

-- name: AddHall :one
INSERT INTO halls (code, name, town, opened_at, playlist, door, door_log, labels)
VALUES ($1, $2, $3, now(), $4, $5, $6, $7)
RETURNING id;

-- name: RenameHall :one
UPDATE halls SET name = $2 WHERE code = $1 RETURNING id;

-- name: HallsPerTown :many
SELECT town, count(*) FROM halls GROUP BY 1 ORDER BY 1;

-- name: HallsInTowns :many
SELECT id, name, town FROM halls
WHERE town IN (sqlc.slice(towns)) AND door = @door;
