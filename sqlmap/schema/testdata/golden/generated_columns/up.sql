-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- add column products.label
ALTER TABLE products ADD COLUMN label text GENERATED ALWAYS AS ((name || ' x'::text) || qty) STORED;
