-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- create enum status
CREATE TYPE status AS ENUM ('new', 'doing', 'done');

-- alter column tasks.history: default, type old_status[] → status[]
-- CAUTION: changes tasks.history from old_status[] to status[], which converts each value by its label (USING history::text[]::status[]), there being no cast between enum types: it fails on a label status lacks
-- CAUTION: changing the type of tasks.history rewrites tasks, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE tasks ALTER COLUMN history DROP DEFAULT;
ALTER TABLE tasks ALTER COLUMN history TYPE status[] USING history::text[]::status[];
ALTER TABLE tasks ALTER COLUMN history SET DEFAULT '{}'::status[];
ANALYZE tasks (history);

-- alter column tasks.status: type old_status → status
-- CAUTION: changes tasks.status from old_status to status, which converts each value by its label (USING status::text::status), there being no cast between enum types: it fails on a label status lacks
-- CAUTION: changing the type of tasks.status rewrites tasks, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE tasks ALTER COLUMN status TYPE status USING status::text::status;
ANALYZE tasks (status);
