-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: alter column users.status: default
ALTER TABLE users ALTER COLUMN status SET DEFAULT 'new'::text;

-- undo: alter column users.score: default, set not null
ALTER TABLE users ALTER COLUMN score DROP NOT NULL;
ALTER TABLE users ALTER COLUMN score SET DEFAULT 0;

-- undo: alter column users.nick: drop not null
-- CAUTION: SET NOT NULL on users.nick fails if a row written since the up holds NULL there
ALTER TABLE users ALTER COLUMN nick SET NOT NULL;

-- undo: alter column users.email: set not null
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
