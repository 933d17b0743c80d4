-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add unique constraint users_password_key on users
ALTER TABLE users DROP CONSTRAINT users_password_key;

-- undo: add column users.password
ALTER TABLE users DROP COLUMN password;
