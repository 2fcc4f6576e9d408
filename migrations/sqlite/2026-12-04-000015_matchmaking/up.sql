-- Two-sided matchmaking before a fair (issue 22).

-- Until when members may change their wishes (NULL: until the fair closes), and who may
-- propose meetings at the fair.
ALTER TABLE events ADD COLUMN preferences_close_at TIMESTAMP;
ALTER TABLE events ADD COLUMN initiators TEXT NOT NULL DEFAULT 'both'
    CHECK (initiators IN ('buyers', 'companies', 'both'));

-- Which side asked for a meeting. Meetings the desk requested before this migration are
-- the desk's; all others were buyers' (companies could not propose yet).
ALTER TABLE meetings ADD COLUMN initiated_by TEXT NOT NULL DEFAULT 'buyer'
    CHECK (initiated_by IN ('buyer', 'company', 'desk'));
UPDATE meetings SET initiated_by = 'desk'
    WHERE requested_by IN (SELECT id FROM users WHERE role IN ('desk', 'admin'));

-- One side's wish about one counterpart at one fair: `side` says whose wish it is (the
-- company's about the buyer, or the buyer's about the company). No row: no wish.
CREATE TABLE match_preferences (
    event_id    TEXT NOT NULL REFERENCES events (id),
    side        TEXT NOT NULL CHECK (side IN ('company', 'buyer')),
    company_id  TEXT NOT NULL REFERENCES companies (id),
    buyer_id    TEXT NOT NULL REFERENCES buyers (id),
    level       TEXT NOT NULL CHECK (level IN ('must', 'want', 'no_thanks')),
    set_by      TEXT NOT NULL REFERENCES users (id),
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, side, company_id, buyer_id)
);
CREATE INDEX match_preferences_pair ON match_preferences (event_id, company_id, buyer_id);
CREATE INDEX match_preferences_buyer ON match_preferences (event_id, side, buyer_id);
