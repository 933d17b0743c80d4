-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- create table notes
CREATE SEQUENCE notes_id_seq AS bigint;
CREATE TABLE notes (
    id bigint NOT NULL DEFAULT nextval('notes_id_seq'::regclass),
    ticket_id integer NOT NULL,
    body text,
    CONSTRAINT notes_pkey PRIMARY KEY (id)
);
ALTER SEQUENCE notes_id_seq OWNED BY notes.id;

-- add column tickets.seqno
CREATE SEQUENCE tickets_seqno_seq AS bigint;
ALTER TABLE tickets ADD COLUMN seqno bigint NOT NULL DEFAULT nextval('tickets_seqno_seq'::regclass);
ALTER SEQUENCE tickets_seqno_seq OWNED BY tickets.seqno;

-- add foreign key notes_ticket_id_fkey on notes
ALTER TABLE notes ADD CONSTRAINT notes_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets(id);
