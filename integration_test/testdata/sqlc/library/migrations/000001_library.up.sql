CREATE TYPE format AS ENUM ('hardback', 'paperback', 'ebook');

CREATE TABLE novelists (
    novelist_id serial PRIMARY KEY,
    full_name   text NOT NULL DEFAULT ''
);

CREATE TABLE novels (
    novel_id    serial PRIMARY KEY,
    novelist_id integer NOT NULL REFERENCES novelists (novelist_id),
    isbn        text NOT NULL UNIQUE,
    format      format NOT NULL DEFAULT 'paperback',
    title       text NOT NULL,
    published   integer NOT NULL,
    on_shelf    timestamptz NOT NULL DEFAULT now(),
    genres      varchar[] NOT NULL DEFAULT '{}'
);

CREATE FUNCTION blurb(title text) RETURNS text AS $$
BEGIN
    -- a semicolon and a $ inside the body: the splitter must keep it whole
    RETURN 'Read ' || title || '; only $9.99';
END;
$$ LANGUAGE plpgsql;
