-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: alter column items.qty: default, type integer → text
-- CAUTION: changes items.qty back from text to integer, which converts with an explicit cast (USING qty::integer), there being no assignment cast: it fails on values that do not convert, and may turn others into values you do not expect (check it on a copy of the data)
ALTER TABLE items ALTER COLUMN qty DROP DEFAULT;
ALTER TABLE items ALTER COLUMN qty TYPE integer USING qty::integer;
ALTER TABLE items ALTER COLUMN qty SET DEFAULT 0;
ANALYZE items (qty);

-- undo: alter column items.code: default, type integer → text
-- CAUTION: changes items.code back from text to integer, which converts with an explicit cast (USING code::integer), there being no assignment cast: it fails on values that do not convert, and may turn others into values you do not expect (check it on a copy of the data)
ALTER TABLE items ALTER COLUMN code DROP DEFAULT;
ALTER TABLE items ALTER COLUMN code TYPE integer USING code::integer;
ALTER TABLE items ALTER COLUMN code SET DEFAULT 7;
ANALYZE items (code);
