-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: drop enum audit_kind
CREATE TYPE audit_kind AS ENUM ('login', 'logout');

-- undo: drop table audit_log
-- IRREVERSIBLE: the structure of audit_log comes back, its rows do not
CREATE TABLE audit_log (
    id bigint NOT NULL,
    user_id bigint,
    msg text NOT NULL DEFAULT ''::text,
    kind audit_kind,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id)
);
CREATE INDEX audit_log_user_idx ON audit_log (user_id);
COMMENT ON COLUMN audit_log.msg IS 'what happened';

-- undo: drop foreign key audit_log_user_id_fkey on audit_log
ALTER TABLE audit_log ADD CONSTRAINT audit_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id);
