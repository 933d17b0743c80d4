-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add primary key slots_pkey on slots
ALTER TABLE slots DROP CONSTRAINT slots_pkey;

-- undo: drop primary key slots_pkey on slots
-- CAUTION: re-adds primary key slots_pkey, which fails if rows written since the up break it
ALTER TABLE slots ADD CONSTRAINT slots_pkey PRIMARY KEY (id);
