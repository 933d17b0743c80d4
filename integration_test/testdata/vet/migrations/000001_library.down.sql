DROP TABLE books;
DROP TABLE authors;
DROP TYPE book_kind;
