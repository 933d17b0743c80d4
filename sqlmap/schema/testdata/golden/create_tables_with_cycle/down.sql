-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add foreign key teams_leader_id_fkey on teams
ALTER TABLE teams DROP CONSTRAINT teams_leader_id_fkey;

-- undo: add foreign key members_team_id_fkey on members
ALTER TABLE members DROP CONSTRAINT members_team_id_fkey;

-- undo: create table teams
DROP TABLE teams;

-- undo: create table members
DROP TABLE members;
