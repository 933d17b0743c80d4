-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- add column users.full_name
ALTER TABLE users ADD COLUMN full_name text;

-- drop column users.name
-- DESTRUCTIVE: drops column users.name and the data in it
ALTER TABLE users DROP COLUMN name;
