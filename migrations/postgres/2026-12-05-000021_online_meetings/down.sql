ALTER TABLE meetings DROP CONSTRAINT meetings_place_has_a_venue;
ALTER TABLE meetings ADD CONSTRAINT meetings_check CHECK ((slot_id IS NULL) = (table_id IS NULL));
ALTER TABLE meetings DROP CONSTRAINT meetings_online_has_no_table;
ALTER TABLE meetings DROP COLUMN join_url;
ALTER TABLE meetings DROP COLUMN mode;
