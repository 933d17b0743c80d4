-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- add value 'ok' to enum mood
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad';

-- add value 'ecstatic' to enum mood
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ecstatic' AFTER 'happy';
