DROP TABLE halls;
DROP TYPE door;
DROP TABLE towns;
