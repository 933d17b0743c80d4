-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- comment on column users.email
COMMENT ON COLUMN users.email IS NULL;

-- comment on column users.username
COMMENT ON COLUMN users.username IS 'Shown to others';
