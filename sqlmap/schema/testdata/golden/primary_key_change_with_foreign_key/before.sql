CREATE TABLE accounts (id bigint PRIMARY KEY, code text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts(id));
INSERT INTO accounts VALUES (1, 'a'), (2, 'b');
INSERT INTO orders VALUES (10, 1), (11, 2);
