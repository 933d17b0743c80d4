-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add foreign key orders_account_id_fkey on orders
ALTER TABLE orders DROP CONSTRAINT orders_account_id_fkey;

-- undo: add primary key accounts_pkey on accounts
ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;

-- undo: add unique constraint accounts_id_key on accounts
ALTER TABLE accounts DROP CONSTRAINT accounts_id_key;

-- undo: drop primary key accounts_pkey on accounts
-- CAUTION: re-adds primary key accounts_pkey, which fails if rows written since the up break it
ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);

-- undo: drop foreign key orders_account_id_fkey on orders
-- CAUTION: re-adds foreign key orders_account_id_fkey, which fails if rows written since the up break it
ALTER TABLE orders ADD CONSTRAINT orders_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id);
