DROP FUNCTION blurb(text);
DROP TABLE novels;
DROP TABLE novelists;
DROP TYPE format;
