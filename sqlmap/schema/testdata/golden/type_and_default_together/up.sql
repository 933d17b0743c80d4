-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- alter column items.code: default, type integer → text
-- CAUTION: changing the type of items.code rewrites items, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE items ALTER COLUMN code DROP DEFAULT;
ALTER TABLE items ALTER COLUMN code TYPE text;
ALTER TABLE items ALTER COLUMN code SET DEFAULT 'x'::text;
ANALYZE items (code);

-- alter column items.qty: default, type integer → text
-- CAUTION: changing the type of items.qty rewrites items, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE items ALTER COLUMN qty DROP DEFAULT;
ALTER TABLE items ALTER COLUMN qty TYPE text;
ALTER TABLE items ALTER COLUMN qty SET DEFAULT ''::text;
ANALYZE items (qty);
