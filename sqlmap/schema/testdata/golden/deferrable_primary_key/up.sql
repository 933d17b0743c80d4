-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop primary key slots_pkey on slots
ALTER TABLE slots DROP CONSTRAINT slots_pkey;

-- add primary key slots_pkey on slots
-- CAUTION: adding primary key slots_pkey builds its index on slots under an ACCESS EXCLUSIVE lock
ALTER TABLE slots ADD CONSTRAINT slots_pkey PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED;
