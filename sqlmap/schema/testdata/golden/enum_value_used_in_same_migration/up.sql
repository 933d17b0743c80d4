-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- recreate enum mood: ('sad', 'happy') → ('sad', 'ok', 'happy', 'ecstatic')
-- CAUTION: converts people.mood through text to the new mood
-- CAUTION: converting people.mood rewrites people under an ACCESS EXCLUSIVE lock
ALTER TYPE mood RENAME TO sqlmap_old_mood;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
ALTER TABLE people ALTER COLUMN mood DROP DEFAULT;
ALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::text::mood;
ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'sad'::mood;
DROP TYPE sqlmap_old_mood;

-- alter column people.mood: default
ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'ecstatic'::mood;
