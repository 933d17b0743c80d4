-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: create table accounts
DROP TABLE accounts;
