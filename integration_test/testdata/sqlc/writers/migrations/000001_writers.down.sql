DROP TABLE writers;
