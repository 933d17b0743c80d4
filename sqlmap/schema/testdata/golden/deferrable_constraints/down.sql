-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add foreign key nodes_parent_id_fkey on nodes
ALTER TABLE nodes DROP CONSTRAINT nodes_parent_id_fkey;

-- undo: add unique constraint nodes_pos_key on nodes
ALTER TABLE nodes DROP CONSTRAINT nodes_pos_key;

-- undo: drop unique constraint nodes_pos_key on nodes
-- CAUTION: re-adds unique constraint nodes_pos_key, which fails if rows written since the up break it
ALTER TABLE nodes ADD CONSTRAINT nodes_pos_key UNIQUE (pos);

-- undo: drop foreign key nodes_parent_id_fkey on nodes
-- CAUTION: re-adds foreign key nodes_parent_id_fkey, which fails if rows written since the up break it
ALTER TABLE nodes ADD CONSTRAINT nodes_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES nodes(id);
