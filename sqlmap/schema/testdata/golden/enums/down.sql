-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: create table people
DROP TABLE people;

-- undo: create enum mood
DROP TYPE mood;
