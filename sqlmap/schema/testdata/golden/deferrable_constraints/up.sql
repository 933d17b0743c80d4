-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop foreign key nodes_parent_id_fkey on nodes
ALTER TABLE nodes DROP CONSTRAINT nodes_parent_id_fkey;

-- drop unique constraint nodes_pos_key on nodes
ALTER TABLE nodes DROP CONSTRAINT nodes_pos_key;

-- add unique constraint nodes_pos_key on nodes
ALTER TABLE nodes ADD CONSTRAINT nodes_pos_key UNIQUE (pos) DEFERRABLE INITIALLY DEFERRED;

-- add foreign key nodes_parent_id_fkey on nodes
ALTER TABLE nodes ADD CONSTRAINT nodes_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES nodes(id) DEFERRABLE INITIALLY DEFERRED;
