-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: rebuild column products.slug: generated as (lower(name)) → generated as (upper(name))
-- CAUTION: drops products.slug and adds it back generated as (lower(name)): every value is recomputed
ALTER TABLE products DROP COLUMN slug;
ALTER TABLE products ADD COLUMN slug text GENERATED ALWAYS AS (lower(name)) STORED;

-- undo: add column products.label
ALTER TABLE products DROP COLUMN label;
