CREATE TABLE tickets (id serial PRIMARY KEY, title text NOT NULL, seqno bigserial);
CREATE TABLE notes (id bigserial PRIMARY KEY, ticket_id integer NOT NULL REFERENCES tickets(id), body text);
