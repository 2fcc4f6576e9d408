-- The fair day (issue 23): arrivals scanned at the desk, and when an absent side counts as
-- a probable no-show.

-- Minutes into a slot after which a meeting whose sides have not both arrived is a
-- probable no-show on the live board.
ALTER TABLE events ADD COLUMN no_show_after_minutes INTEGER NOT NULL DEFAULT 5
    CHECK (no_show_after_minutes BETWEEN 0 AND 240);

-- One arrival per participant and event: the primary key makes a second scan (on another
-- device, or from an offline batch) a no-op whatever the timing. `participant_id` is the
-- company's, buyer organisation's or candidate's id, as the check-in code names it.
-- `checked_in_at` is the earliest known arrival: the scan's device time for offline scans
-- (`scanned_at`, as the device reported it), the server's time otherwise.
CREATE TABLE check_ins (
    event_id         TEXT NOT NULL REFERENCES events (id),
    participant_id   TEXT NOT NULL,
    participant_kind TEXT NOT NULL CHECK (participant_kind IN ('company', 'buyer', 'candidate')),
    checked_in_at    TIMESTAMP NOT NULL,
    scanned_at       TIMESTAMP,
    recorded_by      TEXT NOT NULL REFERENCES users (id),
    recorded_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, participant_id)
);
