ALTER TABLE meetings DROP COLUMN join_url;
ALTER TABLE meetings DROP COLUMN mode;
