-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: create index orders_total_idx on orders
DROP INDEX orders_total_idx;

-- undo: create index orders_score_idx on orders
DROP INDEX orders_score_idx;

-- undo: add check constraint orders_score_check on orders
ALTER TABLE orders DROP CONSTRAINT orders_score_check;

-- undo: alter column orders.total: drop expression
-- DESTRUCTIVE: the down drops orders.total and adds it back generated as (price * qty::numeric): values written to it since the up are replaced by computed ones, and its indexes and constraints are rebuilt
ALTER TABLE orders DROP COLUMN total;
ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty::numeric) STORED;

-- undo: rebuild column orders.score: ordinary → generated as (qty * 2)
-- IRREVERSIBLE: the ordinary column orders.score comes back, its data does not
ALTER TABLE orders DROP COLUMN score;
ALTER TABLE orders ADD COLUMN score integer NOT NULL DEFAULT 0;

-- undo: drop index orders_total_idx on orders
CREATE INDEX orders_total_idx ON orders (total);

-- undo: drop index orders_score_idx on orders
CREATE INDEX orders_score_idx ON orders (score DESC);

-- undo: drop check constraint orders_score_check on orders
-- CAUTION: re-adds check constraint orders_score_check, which fails if rows written since the up break it
ALTER TABLE orders ADD CONSTRAINT orders_score_check CHECK (score >= 0);
