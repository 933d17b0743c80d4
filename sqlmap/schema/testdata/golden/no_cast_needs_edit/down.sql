-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: alter column events.at: type bigint → timestamp with time zone
-- CAUTION: changes events.at back from timestamp with time zone to bigint, which converts with an explicit cast (USING at::bigint), there being no assignment cast: it fails on values that do not convert, and may turn others into values you do not expect (check it on a copy of the data)
-- TODO: events.at: PostgreSQL has no cast from timestamp with time zone to bigint: replace the USING expression with one that converts the values (the statement fails as it stands)
ALTER TABLE events ALTER COLUMN at TYPE bigint USING at::bigint;
ANALYZE events (at);
