-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add foreign key members_account_id_fkey on members
ALTER TABLE members DROP CONSTRAINT members_account_id_fkey;

-- undo: add primary key members_pkey on members
ALTER TABLE members DROP CONSTRAINT members_pkey;

-- undo: add unique constraint accounts_slug_key on accounts
ALTER TABLE accounts DROP CONSTRAINT accounts_slug_key;

-- undo: alter column members.id: identity options
ALTER TABLE members ALTER COLUMN id SET INCREMENT BY 1 SET NO MINVALUE SET NO MAXVALUE SET START WITH 10 SET CACHE 1 SET NO CYCLE;

-- undo: alter column accounts.name: collation default → "C"
ALTER TABLE accounts ALTER COLUMN name TYPE text;

-- undo: alter column accounts.id: identity options
ALTER TABLE accounts ALTER COLUMN id SET INCREMENT BY 1 SET NO MINVALUE SET NO MAXVALUE SET START WITH 1 SET CACHE 1 SET NO CYCLE;

-- undo: drop primary key members_pkey on members
-- CAUTION: re-adds primary key members_pkey, which fails if rows written since the up break it
ALTER TABLE members ADD CONSTRAINT members_pkey PRIMARY KEY (id);

-- undo: drop unique constraint accounts_slug_key on accounts
-- CAUTION: re-adds unique constraint accounts_slug_key, which fails if rows written since the up break it
ALTER TABLE accounts ADD CONSTRAINT accounts_slug_key UNIQUE (slug);

-- undo: drop foreign key members_account_id_fkey on members
-- CAUTION: re-adds foreign key members_account_id_fkey, which fails if rows written since the up break it
ALTER TABLE members ADD CONSTRAINT members_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id);
