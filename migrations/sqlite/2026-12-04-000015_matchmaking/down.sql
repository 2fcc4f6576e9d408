DROP TABLE match_preferences;
ALTER TABLE meetings DROP COLUMN initiated_by;
ALTER TABLE events DROP COLUMN initiators;
ALTER TABLE events DROP COLUMN preferences_close_at;
