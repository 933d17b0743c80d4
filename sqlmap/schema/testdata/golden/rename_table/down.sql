-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: rename table accounts to users
ALTER TABLE users RENAME TO accounts;
