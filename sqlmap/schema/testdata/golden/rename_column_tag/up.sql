-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- rename column users.name to full_name
ALTER TABLE users RENAME COLUMN name TO full_name;
