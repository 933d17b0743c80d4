-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- add column items.label
ALTER TABLE items ADD COLUMN label text COLLATE "C" NOT NULL DEFAULT ''::text;

-- alter column items.code: collation "C" → default
-- CAUTION: changes how items.code sorts and compares (its indexes are rebuilt, and a unique one may now find duplicates)
ALTER TABLE items ALTER COLUMN code TYPE text;

-- alter column items.id: identity options
-- CAUTION: sets the options of items.id's sequence (START WITH 100 INCREMENT BY 5): new bounds fail if the sequence's current value lies outside them, and a new START takes effect only on a RESTART
ALTER TABLE items ALTER COLUMN id SET INCREMENT BY 5 SET NO MINVALUE SET NO MAXVALUE SET START WITH 100 SET CACHE 1 SET NO CYCLE;

-- alter column items.n: identity options
-- CAUTION: sets the options of items.n's sequence (the defaults): new bounds fail if the sequence's current value lies outside them, and a new START takes effect only on a RESTART
ALTER TABLE items ALTER COLUMN n SET INCREMENT BY 1 SET NO MINVALUE SET NO MAXVALUE SET START WITH 1 SET CACHE 1 SET NO CYCLE;

-- alter column items.name: collation default → "C"
-- CAUTION: changes how items.name sorts and compares (its indexes are rebuilt, and a unique one may now find duplicates)
ALTER TABLE items ALTER COLUMN name TYPE text COLLATE "C";
