-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop foreign key orders_account_id_fkey on orders
ALTER TABLE orders DROP CONSTRAINT orders_account_id_fkey;

-- drop primary key accounts_pkey on accounts
ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;

-- add unique constraint accounts_id_key on accounts
-- CAUTION: adding unique constraint accounts_id_key builds its index on accounts under an ACCESS EXCLUSIVE lock
ALTER TABLE accounts ADD CONSTRAINT accounts_id_key UNIQUE (id);

-- add primary key accounts_pkey on accounts
-- CAUTION: adding primary key accounts_pkey builds its index on accounts under an ACCESS EXCLUSIVE lock
ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (code);

-- add foreign key orders_account_id_fkey on orders
-- CAUTION: adding foreign key orders_account_id_fkey checks every row of orders, blocking writes to it and to accounts
ALTER TABLE orders ADD CONSTRAINT orders_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id);
