-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop foreign key audit_log_user_id_fkey on audit_log
ALTER TABLE audit_log DROP CONSTRAINT audit_log_user_id_fkey;

-- drop table audit_log
-- DESTRUCTIVE: drops table audit_log and every row in it
DROP TABLE audit_log;

-- drop enum audit_kind
-- DESTRUCTIVE: drops enum type audit_kind
DROP TYPE audit_kind;
