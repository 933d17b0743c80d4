-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add column users.email
ALTER TABLE users DROP COLUMN email;

-- undo: rename table accounts to users
ALTER TABLE users RENAME TO accounts;
