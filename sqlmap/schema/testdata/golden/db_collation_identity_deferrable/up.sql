-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop foreign key members_account_id_fkey on members
ALTER TABLE members DROP CONSTRAINT members_account_id_fkey;

-- drop unique constraint accounts_slug_key on accounts
ALTER TABLE accounts DROP CONSTRAINT accounts_slug_key;

-- drop primary key members_pkey on members
ALTER TABLE members DROP CONSTRAINT members_pkey;

-- alter column accounts.id: identity options
-- CAUTION: sets the options of accounts.id's sequence (START WITH 1000 INCREMENT BY 10 CACHE 5 CYCLE): new bounds fail if the sequence's current value lies outside them, and a new START takes effect only on a RESTART
ALTER TABLE accounts ALTER COLUMN id SET INCREMENT BY 10 SET NO MINVALUE SET NO MAXVALUE SET START WITH 1000 SET CACHE 5 SET CYCLE;

-- alter column accounts.name: collation default → "C"
-- CAUTION: changes how accounts.name sorts and compares (its indexes are rebuilt, and a unique one may now find duplicates)
ALTER TABLE accounts ALTER COLUMN name TYPE text COLLATE "C";

-- alter column members.id: identity options
-- CAUTION: sets the options of members.id's sequence (INCREMENT BY 2 MAXVALUE 1000000): new bounds fail if the sequence's current value lies outside them, and a new START takes effect only on a RESTART
ALTER TABLE members ALTER COLUMN id SET INCREMENT BY 2 SET NO MINVALUE SET MAXVALUE 1000000 SET START WITH 1 SET CACHE 1 SET NO CYCLE;

-- add unique constraint accounts_slug_key on accounts
-- CAUTION: adding unique constraint accounts_slug_key builds its index on accounts under an ACCESS EXCLUSIVE lock
ALTER TABLE accounts ADD CONSTRAINT accounts_slug_key UNIQUE (slug) DEFERRABLE INITIALLY DEFERRED;

-- add primary key members_pkey on members
-- CAUTION: adding primary key members_pkey builds its index on members under an ACCESS EXCLUSIVE lock
ALTER TABLE members ADD CONSTRAINT members_pkey PRIMARY KEY (id) DEFERRABLE;

-- add foreign key members_account_id_fkey on members
-- CAUTION: adding foreign key members_account_id_fkey checks every row of members, blocking writes to it and to accounts
ALTER TABLE members ADD CONSTRAINT members_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id) DEFERRABLE INITIALLY DEFERRED;
