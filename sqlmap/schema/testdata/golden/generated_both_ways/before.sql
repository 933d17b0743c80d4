CREATE TABLE orders (
    id bigint PRIMARY KEY,
    price numeric NOT NULL,
    qty integer NOT NULL,
    total numeric GENERATED ALWAYS AS (price * qty) STORED,
    score integer NOT NULL DEFAULT 0 CHECK (score >= 0)
);
CREATE INDEX orders_total_idx ON orders (total);
CREATE INDEX orders_score_idx ON orders (score DESC);
INSERT INTO orders (id, price, qty, score) VALUES (1, 2.5, 4, 7), (2, 1, 1, 0);
