DROP INDEX event_registrations_event_status;
ALTER TABLE event_registrations DROP COLUMN cancelled_at;
ALTER TABLE event_registrations DROP COLUMN status;
ALTER TABLE events DROP COLUMN capacity;
