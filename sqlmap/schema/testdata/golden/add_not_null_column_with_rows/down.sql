-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add column users.level
ALTER TABLE users DROP COLUMN level;

-- undo: add column users.age
ALTER TABLE users DROP COLUMN age;
