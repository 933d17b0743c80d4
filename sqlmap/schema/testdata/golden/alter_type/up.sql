-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- alter column items.big: type smallint → bigint
ALTER TABLE items ALTER COLUMN big TYPE bigint USING big::bigint;

-- alter column items.code: type character varying(40) → character varying(20)
-- CAUTION: changes items.code from character varying(40) to character varying(20), which may fail on existing values or lose precision
ALTER TABLE items ALTER COLUMN code TYPE character varying(20) USING code::character varying(20);

-- alter column items.name: type character varying(80) → character varying(200)
ALTER TABLE items ALTER COLUMN name TYPE character varying(200) USING name::character varying(200);

-- alter column items.note: type character varying(10) → text
ALTER TABLE items ALTER COLUMN note TYPE text USING note::text;

-- alter column items.qty: type integer → smallint
-- CAUTION: changes items.qty from integer to smallint, which may fail on existing values or lose precision
ALTER TABLE items ALTER COLUMN qty TYPE smallint USING qty::smallint;
