-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop foreign key audit_user_id_fkey on audit
ALTER TABLE audit DROP CONSTRAINT audit_user_id_fkey;

-- alter column users.id: type integer → bigint
ALTER TABLE users ALTER COLUMN id TYPE bigint;

-- add foreign key audit_user_id_fkey on audit
ALTER TABLE audit ADD CONSTRAINT audit_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id);
