-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop check constraint orders_score_check on orders
ALTER TABLE orders DROP CONSTRAINT orders_score_check;

-- drop index orders_score_idx on orders
DROP INDEX orders_score_idx;

-- drop index orders_total_idx on orders
DROP INDEX orders_total_idx;

-- rebuild column orders.score: ordinary → generated as (qty * 2)
-- DESTRUCTIVE: drops column orders.score and the data in it, and adds it back generated as (qty * 2): PostgreSQL cannot make an ordinary column generated in place
-- CAUTION: a stored generated column rewrites orders, every row copied under an ACCESS EXCLUSIVE lock
ALTER TABLE orders DROP COLUMN score;
ALTER TABLE orders ADD COLUMN score integer GENERATED ALWAYS AS (qty * 2) STORED;

-- alter column orders.total: drop expression
ALTER TABLE orders ALTER COLUMN total DROP EXPRESSION;

-- add check constraint orders_score_check on orders
-- CAUTION: adding check constraint orders_score_check checks every row of orders under an ACCESS EXCLUSIVE lock
ALTER TABLE orders ADD CONSTRAINT orders_score_check CHECK (score >= 0);

-- create index orders_score_idx on orders
-- CAUTION: building index orders_score_idx blocks writes to orders until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX orders_score_idx ON orders (score DESC);

-- create index orders_total_idx on orders
-- CAUTION: building index orders_total_idx blocks writes to orders until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX orders_total_idx ON orders (total);
