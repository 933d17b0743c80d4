-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- create table readings
CREATE TABLE readings (
    sensor integer NOT NULL,
    at timestamp with time zone NOT NULL,
    value double precision
) PARTITION BY LIST (sensor);

-- add column marks.note
ALTER TABLE marks ADD COLUMN note text;
