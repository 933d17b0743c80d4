-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add foreign key notes_ticket_id_fkey on notes
ALTER TABLE notes DROP CONSTRAINT notes_ticket_id_fkey;

-- undo: add column tickets.seqno
ALTER TABLE tickets DROP COLUMN seqno;

-- undo: create table notes
DROP TABLE notes;
