-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop foreign key nodes_parent_id_fkey on nodes
ALTER TABLE nodes DROP CONSTRAINT nodes_parent_id_fkey;

-- drop unique constraint nodes_pos_key on nodes
ALTER TABLE nodes DROP CONSTRAINT nodes_pos_key;

-- add unique constraint nodes_pos_key on nodes
-- CAUTION: adding unique constraint nodes_pos_key builds its index on nodes under an ACCESS EXCLUSIVE lock
ALTER TABLE nodes ADD CONSTRAINT nodes_pos_key UNIQUE (pos) DEFERRABLE INITIALLY DEFERRED;

-- add foreign key nodes_parent_id_fkey on nodes
-- CAUTION: adding foreign key nodes_parent_id_fkey checks every row of nodes, blocking writes to it and to nodes
ALTER TABLE nodes ADD CONSTRAINT nodes_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES nodes(id) DEFERRABLE INITIALLY DEFERRED;
