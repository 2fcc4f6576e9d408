DROP TABLE check_ins;
ALTER TABLE events DROP COLUMN no_show_after_minutes;
