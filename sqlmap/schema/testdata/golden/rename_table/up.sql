-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- rename table accounts to users
ALTER TABLE accounts RENAME TO users;
