DROP INDEX negotiations_meeting_effective;
DROP INDEX meetings_held_at;
CREATE INDEX meetings_held_at ON meetings (status, took_place_at);
