-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop column users.bio
-- DESTRUCTIVE: drops column users.bio and the data in it
ALTER TABLE users DROP COLUMN bio;

-- drop column users.legacy_code
-- DESTRUCTIVE: drops column users.legacy_code and the data in it
ALTER TABLE users DROP COLUMN legacy_code;
