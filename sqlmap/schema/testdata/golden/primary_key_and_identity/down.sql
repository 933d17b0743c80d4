-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add primary key memberships_pkey on memberships
ALTER TABLE memberships DROP CONSTRAINT memberships_pkey;

-- undo: alter column memberships.seq: add identity
ALTER TABLE memberships ALTER COLUMN seq DROP IDENTITY;

-- undo: drop primary key memberships_pkey on memberships
-- CAUTION: re-adds primary key memberships_pkey, which fails if rows written since the up break it
ALTER TABLE memberships ADD CONSTRAINT memberships_pkey PRIMARY KEY (user_id);
