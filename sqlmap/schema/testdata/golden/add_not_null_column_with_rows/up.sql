-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- add column users.age
-- CAUTION: adds NOT NULL column users.age without a default; it fails while users has rows (add a default, or add it nullable, backfill, then SET NOT NULL)
ALTER TABLE users ADD COLUMN age integer NOT NULL;

-- add column users.level
ALTER TABLE users ADD COLUMN level integer NOT NULL DEFAULT 1;
