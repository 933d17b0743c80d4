-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- alter column items.big: type smallint → bigint
ALTER TABLE items ALTER COLUMN big TYPE bigint;
ANALYZE items (big);

-- alter column items.code: type character varying(40) → character varying(20)
-- CAUTION: changes items.code from character varying(40) to character varying(20), which fails on values longer than 20 (nothing is truncated)
ALTER TABLE items ALTER COLUMN code TYPE character varying(20);
ANALYZE items (code);

-- alter column items.name: type character varying(80) → character varying(200)
ALTER TABLE items ALTER COLUMN name TYPE character varying(200);
ANALYZE items (name);

-- alter column items.note: type character varying(10) → text
ALTER TABLE items ALTER COLUMN note TYPE text;
ANALYZE items (note);

-- alter column items.qty: type integer → smallint
-- CAUTION: changes items.qty from integer to smallint, which fails on values out of range for smallint (nothing is changed)
ALTER TABLE items ALTER COLUMN qty TYPE smallint;
ANALYZE items (qty);
