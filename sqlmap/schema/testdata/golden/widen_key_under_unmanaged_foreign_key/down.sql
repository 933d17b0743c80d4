-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add foreign key audit_user_id_fkey on audit
ALTER TABLE audit DROP CONSTRAINT audit_user_id_fkey;

-- undo: alter column users.id: type integer → bigint
-- CAUTION: changes users.id back from bigint to integer, which fails on values out of range for integer (nothing is changed)
ALTER TABLE users ALTER COLUMN id TYPE integer;
ANALYZE users (id);

-- undo: drop foreign key audit_user_id_fkey on audit
-- CAUTION: re-adds foreign key audit_user_id_fkey, which fails if rows written since the up break it
ALTER TABLE audit ADD CONSTRAINT audit_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id);
