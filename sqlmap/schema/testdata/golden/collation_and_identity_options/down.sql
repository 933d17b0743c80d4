-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: alter column items.name: collation default → "C"
ALTER TABLE items ALTER COLUMN name TYPE text;

-- undo: alter column items.n: identity options
ALTER TABLE items ALTER COLUMN n SET INCREMENT BY 1 SET NO MINVALUE SET NO MAXVALUE SET START WITH 1000 SET CACHE 20 SET NO CYCLE;

-- undo: alter column items.id: identity options
ALTER TABLE items ALTER COLUMN id SET INCREMENT BY 1 SET NO MINVALUE SET NO MAXVALUE SET START WITH 1 SET CACHE 1 SET NO CYCLE;

-- undo: alter column items.code: collation "C" → default
ALTER TABLE items ALTER COLUMN code TYPE text COLLATE "C";

-- undo: add column items.label
ALTER TABLE items DROP COLUMN label;
