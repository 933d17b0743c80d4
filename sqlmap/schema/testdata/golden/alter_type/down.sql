-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: alter column items.qty: type integer → smallint
ALTER TABLE items ALTER COLUMN qty TYPE integer;
ANALYZE items (qty);

-- undo: alter column items.note: type character varying(10) → text
-- CAUTION: changes items.note back from text to character varying(10), which fails on values longer than 10 (nothing is truncated)
ALTER TABLE items ALTER COLUMN note TYPE character varying(10);
ANALYZE items (note);

-- undo: alter column items.name: type character varying(80) → character varying(200)
-- CAUTION: changes items.name back from character varying(200) to character varying(80), which fails on values longer than 80 (nothing is truncated)
ALTER TABLE items ALTER COLUMN name TYPE character varying(80);
ANALYZE items (name);

-- undo: alter column items.code: type character varying(40) → character varying(20)
ALTER TABLE items ALTER COLUMN code TYPE character varying(40);
ANALYZE items (code);

-- undo: alter column items.big: type smallint → bigint
-- CAUTION: changes items.big back from bigint to smallint, which fails on values out of range for smallint (nothing is changed)
ALTER TABLE items ALTER COLUMN big TYPE smallint;
ANALYZE items (big);
