-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: comment on column users.username
COMMENT ON COLUMN users.username IS NULL;

-- undo: comment on column users.email
COMMENT ON COLUMN users.email IS 'old words';
