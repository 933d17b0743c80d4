CREATE TABLE writers (
    id       bigserial PRIMARY KEY,
    pen_name text NOT NULL,
    bio      text
);
