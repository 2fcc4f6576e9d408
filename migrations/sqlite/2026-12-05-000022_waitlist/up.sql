-- Seminars, forums and job fairs with a capacity keep a waitlist (issue 23, item 4): an
-- event may hold at most `capacity` confirmed registrations (NULL: unlimited); who registers
-- beyond it waits, oldest first, and is promoted when a seat frees. Registrations are never
-- deleted: a cancelled one keeps its row, with the moment it was cancelled.
ALTER TABLE events ADD COLUMN capacity INTEGER CHECK (capacity > 0);
ALTER TABLE event_registrations ADD COLUMN status TEXT NOT NULL DEFAULT 'confirmed'
    CHECK (status IN ('confirmed', 'waitlisted', 'cancelled'));
ALTER TABLE event_registrations ADD COLUMN cancelled_at TIMESTAMP;
-- The confirmed count and the waitlist's order, per event.
CREATE INDEX event_registrations_event_status ON event_registrations (event_id, status, id);
