-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: alter column tasks.status: type old_status → status
-- CAUTION: changes tasks.status back from status to old_status, which converts each value by its label (USING status::text::old_status), there being no cast between enum types: it fails on a label old_status lacks
ALTER TABLE tasks ALTER COLUMN status TYPE old_status USING status::text::old_status;
ANALYZE tasks (status);

-- undo: alter column tasks.history: default, type old_status[] → status[]
-- CAUTION: changes tasks.history back from status[] to old_status[], which converts each value by its label (USING history::text[]::old_status[]), there being no cast between enum types: it fails on a label old_status lacks
ALTER TABLE tasks ALTER COLUMN history DROP DEFAULT;
ALTER TABLE tasks ALTER COLUMN history TYPE old_status[] USING history::text[]::old_status[];
ALTER TABLE tasks ALTER COLUMN history SET DEFAULT '{}'::old_status[];
ANALYZE tasks (history);

-- undo: create enum status
DROP TYPE status;
