-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add value 'ecstatic' to enum mood
-- IRREVERSIBLE: PostgreSQL cannot remove a value from an enum; 'ecstatic' stays in mood

-- undo: add value 'ok' to enum mood
-- IRREVERSIBLE: PostgreSQL cannot remove a value from an enum; 'ok' stays in mood
