CREATE TABLE towns (
    code text PRIMARY KEY,
    name text NOT NULL
);

CREATE TYPE door AS ENUM ('open', 'closed', 'sold-out!');
COMMENT ON TYPE door IS 'Whether a hall takes bookings';

CREATE TABLE halls (
    id          serial PRIMARY KEY,
    door        door NOT NULL,
    door_log    door[],
    code        text NOT NULL,
    name        varchar(200) NOT NULL,
    town        text NOT NULL REFERENCES towns (code),
    playlist    varchar NOT NULL,
    booking_ref text,
    labels      text[],
    opened_at   timestamp NOT NULL DEFAULT now()
);
COMMENT ON TABLE halls IS 'Places that host gigs';
COMMENT ON COLUMN halls.code IS 'Shown in public links';
