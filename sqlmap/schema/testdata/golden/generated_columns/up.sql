-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- add column products.label
-- CAUTION: a stored generated column rewrites products, every row copied under an ACCESS EXCLUSIVE lock
ALTER TABLE products ADD COLUMN label text GENERATED ALWAYS AS ((name || ' x'::text) || qty) STORED;

-- rebuild column products.slug: generated as (lower(name)) → generated as (upper(name))
-- CAUTION: drops products.slug and adds it back generated as (upper(name)) (PostgreSQL cannot change a generation expression in place): every value is recomputed, the table rewritten, and the indexes and constraints on the column rebuilt
-- CAUTION: a stored generated column rewrites products, every row copied under an ACCESS EXCLUSIVE lock
ALTER TABLE products DROP COLUMN slug;
ALTER TABLE products ADD COLUMN slug text GENERATED ALWAYS AS (upper(name)) STORED;
