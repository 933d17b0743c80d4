-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop foreign key audit_user_id_fkey on audit
ALTER TABLE audit DROP CONSTRAINT audit_user_id_fkey;

-- alter column users.id: type integer → bigint
-- CAUTION: changing the type of users.id rewrites users, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE users ALTER COLUMN id TYPE bigint;
ANALYZE users (id);

-- add foreign key audit_user_id_fkey on audit
-- CAUTION: adding foreign key audit_user_id_fkey checks every row of audit, blocking writes to it and to users
ALTER TABLE audit ADD CONSTRAINT audit_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id);
