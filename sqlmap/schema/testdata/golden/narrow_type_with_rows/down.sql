-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: alter column posts.votes: type integer → smallint
ALTER TABLE posts ALTER COLUMN votes TYPE integer;
ANALYZE posts (votes);

-- undo: alter column posts.title: type character varying(200) → character varying(100)
ALTER TABLE posts ALTER COLUMN title TYPE character varying(200);
ANALYZE posts (title);

-- undo: alter column posts.price: type numeric(10,2) → numeric(4,2)
ALTER TABLE posts ALTER COLUMN price TYPE numeric(10,2);
ANALYZE posts (price);

-- undo: alter column posts.code: type text → character varying(8)
ALTER TABLE posts ALTER COLUMN code TYPE text;
ANALYZE posts (code);
