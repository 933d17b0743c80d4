-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- alter column events.at: type bigint → timestamp with time zone
-- CAUTION: changes events.at from bigint to timestamp with time zone, which converts with an explicit cast (USING at::timestamp with time zone), there being no assignment cast: it fails on values that do not convert, and may turn others into values you do not expect (check it on a copy of the data)
-- TODO: events.at: PostgreSQL has no cast from bigint to timestamp with time zone: replace the USING expression with one that converts the values (the statement fails as it stands)
-- CAUTION: changing the type of events.at rewrites events, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE events ALTER COLUMN at TYPE timestamp with time zone USING at::timestamp with time zone;
ANALYZE events (at);
