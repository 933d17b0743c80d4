-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop primary key slots_pkey on slots
ALTER TABLE slots DROP CONSTRAINT slots_pkey;

-- add primary key slots_pkey on slots
ALTER TABLE slots ADD CONSTRAINT slots_pkey PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED;
