-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add foreign key Group_user_fkey on Group
ALTER TABLE "Group" DROP CONSTRAINT "Group_user_fkey";

-- undo: add foreign key Group_order_fkey on Group
ALTER TABLE "Group" DROP CONSTRAINT "Group_order_fkey";

-- undo: create table user
DROP TABLE "user";

-- undo: create table Tables
DROP TABLE "Tables";

-- undo: create table Group
DROP TABLE "Group";

-- undo: create enum Mood
DROP TYPE "Mood";
