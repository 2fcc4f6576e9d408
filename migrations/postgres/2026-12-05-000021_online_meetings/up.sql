-- Online meetings (issue 23, item 5): a meeting takes place at a table (`on_site`, as
-- before) or online, by a link the desk gives (`join_url`, stored as data, never fetched).
-- An online meeting has no table; only an online meeting has a link.
ALTER TABLE meetings ADD COLUMN mode TEXT NOT NULL DEFAULT 'on_site'
    CONSTRAINT meetings_mode_known CHECK (mode IN ('on_site', 'online'));
ALTER TABLE meetings ADD COLUMN join_url TEXT;
ALTER TABLE meetings ADD CONSTRAINT meetings_online_has_no_table
    CHECK ((mode = 'online' AND table_id IS NULL) OR (mode = 'on_site' AND join_url IS NULL));
-- A place was a slot and a table together; now a slot and a table or a link.
ALTER TABLE meetings DROP CONSTRAINT meetings_check;
ALTER TABLE meetings ADD CONSTRAINT meetings_place_has_a_venue
    CHECK ((slot_id IS NULL) = (table_id IS NULL AND join_url IS NULL));
