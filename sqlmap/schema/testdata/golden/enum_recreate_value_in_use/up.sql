-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- recreate enum mood: ('sad', 'meh', 'ok', 'happy') → ('happy', 'ok', 'sad')
-- CAUTION: converts people.mood through text to the new mood
-- CAUTION: converts people.past through text to the new mood
-- CAUTION: recreates mood without 'meh': it fails if a row of people.mood holds one
-- CAUTION: recreates mood without 'meh': it fails if a row of people.past holds one
-- CAUTION: converting people.mood rewrites people under an ACCESS EXCLUSIVE lock
-- CAUTION: converting people.past rewrites people under an ACCESS EXCLUSIVE lock
ALTER TYPE mood RENAME TO sqlmap_old_mood;
CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad');
ALTER TABLE people ALTER COLUMN mood DROP DEFAULT;
ALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::text::mood;
ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'ok'::mood;
ALTER TABLE people ALTER COLUMN past DROP DEFAULT;
ALTER TABLE people ALTER COLUMN past TYPE mood[] USING past::text[]::mood[];
ALTER TABLE people ALTER COLUMN past SET DEFAULT '{}'::mood[];
DROP TYPE sqlmap_old_mood;
