ALTER TABLE meetings DROP CONSTRAINT meetings_online_has_no_table;
ALTER TABLE meetings DROP COLUMN join_url;
ALTER TABLE meetings DROP COLUMN mode;
