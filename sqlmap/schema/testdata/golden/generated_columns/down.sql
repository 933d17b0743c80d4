-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add column products.label
ALTER TABLE products DROP COLUMN label;
