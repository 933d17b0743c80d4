CREATE TABLE items (
    id bigint PRIMARY KEY,
    name varchar(80) NOT NULL,
    code varchar(40) NOT NULL,
    qty integer NOT NULL,
    big smallint NOT NULL,
    note varchar(10)
);
