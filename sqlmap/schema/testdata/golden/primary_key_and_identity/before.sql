CREATE TABLE memberships (
    user_id bigint NOT NULL,
    org_id bigint NOT NULL,
    seq bigint NOT NULL,
    CONSTRAINT memberships_pkey PRIMARY KEY (user_id)
);
