-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- alter column posts.code: type text → character varying(8)
-- CAUTION: changes posts.code from text to character varying(8), which fails on values longer than 8 (nothing is truncated)
-- CAUTION: changing the type of posts.code rewrites posts, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE posts ALTER COLUMN code TYPE character varying(8);
ANALYZE posts (code);

-- alter column posts.price: type numeric(10,2) → numeric(4,2)
-- CAUTION: changes posts.price from numeric(10,2) to numeric(4,2), which fails on values of 3 or more digits before the decimal point
-- CAUTION: changing the type of posts.price rewrites posts, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE posts ALTER COLUMN price TYPE numeric(4,2);
ANALYZE posts (price);

-- alter column posts.title: type character varying(200) → character varying(100)
-- CAUTION: changes posts.title from character varying(200) to character varying(100), which fails on values longer than 100 (nothing is truncated)
-- CAUTION: changing the type of posts.title rewrites posts, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE posts ALTER COLUMN title TYPE character varying(100);
ANALYZE posts (title);

-- alter column posts.votes: type integer → smallint
-- CAUTION: changes posts.votes from integer to smallint, which fails on values out of range for smallint (nothing is changed)
-- CAUTION: changing the type of posts.votes rewrites posts, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE posts ALTER COLUMN votes TYPE smallint;
ANALYZE posts (votes);
