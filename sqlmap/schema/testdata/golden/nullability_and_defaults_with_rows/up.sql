-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- alter column users.email: set not null
-- CAUTION: SET NOT NULL on users.email fails if any row holds NULL there, and scans users under an exclusive lock
-- CAUTION: SET NOT NULL scans users under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE users ALTER COLUMN email SET NOT NULL;

-- alter column users.nick: drop not null
ALTER TABLE users ALTER COLUMN nick DROP NOT NULL;

-- alter column users.score: default, set not null
-- CAUTION: SET NOT NULL on users.score fails if any row holds NULL there, and scans users under an exclusive lock
-- CAUTION: SET NOT NULL scans users under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE users ALTER COLUMN score DROP DEFAULT;
ALTER TABLE users ALTER COLUMN score SET NOT NULL;

-- alter column users.status: default
ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active'::text;
