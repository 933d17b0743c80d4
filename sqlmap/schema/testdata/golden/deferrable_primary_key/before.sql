CREATE TABLE slots (id integer PRIMARY KEY, label text NOT NULL);
INSERT INTO slots VALUES (1, 'a'), (2, 'b');
