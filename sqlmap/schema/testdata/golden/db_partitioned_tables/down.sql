-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add column marks.note
ALTER TABLE marks DROP COLUMN note;

-- undo: create table readings
DROP TABLE readings;
