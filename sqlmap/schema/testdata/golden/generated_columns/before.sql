CREATE TABLE products (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    price numeric NOT NULL,
    qty integer NOT NULL,
    total numeric GENERATED ALWAYS AS (price * qty) STORED,
    slug text GENERATED ALWAYS AS (lower(name)) STORED
);
INSERT INTO products (id, name, price, qty) VALUES (1, 'Tea', 2.5, 4);
