-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: recreate enum mood: ('sad', 'meh', 'ok', 'happy') → ('happy', 'ok', 'sad')
ALTER TYPE mood RENAME TO sqlmap_old_mood;
CREATE TYPE mood AS ENUM ('sad', 'meh', 'ok', 'happy');
ALTER TABLE people ALTER COLUMN mood DROP DEFAULT;
ALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::text::mood;
ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'ok'::mood;
ALTER TABLE people ALTER COLUMN past DROP DEFAULT;
ALTER TABLE people ALTER COLUMN past TYPE mood[] USING past::text[]::mood[];
ALTER TABLE people ALTER COLUMN past SET DEFAULT '{}'::mood[];
DROP TYPE sqlmap_old_mood;
