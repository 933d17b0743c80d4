-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: alter column people.mood: default
ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'sad'::mood;

-- undo: recreate enum mood: ('sad', 'happy') → ('sad', 'ok', 'happy', 'ecstatic')
-- CAUTION: recreates mood without 'ok', 'ecstatic': it fails if a row written to people.mood since the up holds one
ALTER TYPE mood RENAME TO sqlmap_old_mood;
CREATE TYPE mood AS ENUM ('sad', 'happy');
ALTER TABLE people ALTER COLUMN mood DROP DEFAULT;
ALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::text::mood;
ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'sad'::mood;
DROP TYPE sqlmap_old_mood;
