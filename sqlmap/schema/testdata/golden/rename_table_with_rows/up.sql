-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- rename table accounts to users
ALTER TABLE accounts RENAME TO users;

-- add column users.email
-- CAUTION: adds NOT NULL column users.email without a default; it fails while users has rows (add a default, or add it nullable, backfill, then SET NOT NULL)
ALTER TABLE users ADD COLUMN email text NOT NULL;
