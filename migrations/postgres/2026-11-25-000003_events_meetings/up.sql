-- Trade fairs and other events, their exhibitors, slots, tables and interpreters, and the
-- business meetings scheduled into them. The rules that must hold under concurrency and
-- across instances are constraints here, not only checks in code:
--   * one open request per (event, buyer, company);
--   * in one slot, a company, a buyer, a table and an interpreter each in one meeting.

CREATE TABLE events (
    id                        TEXT PRIMARY KEY NOT NULL,
    kind                      TEXT NOT NULL CHECK (kind IN ('trade_fair', 'job_fair', 'seminar', 'forum')),
    name                      TEXT NOT NULL,
    city                      TEXT NOT NULL,
    country                   TEXT NOT NULL CHECK (char_length(country) = 2),
    venue                     TEXT NOT NULL,
    time_zone                 TEXT NOT NULL,
    starts_on                 DATE NOT NULL,
    ends_on                   DATE NOT NULL CHECK (ends_on >= starts_on),
    status                    TEXT NOT NULL CHECK (status IN ('planned', 'open', 'closed', 'cancelled')),
    slot_minutes              INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
    max_meetings_per_buyer    INTEGER CHECK (max_meetings_per_buyer >= 1),
    max_meetings_per_company  INTEGER CHECK (max_meetings_per_company >= 1),
    requires_acceptance       BOOLEAN NOT NULL,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL
);
CREATE INDEX events_starts_on ON events (starts_on, id);

CREATE TABLE event_exhibitors (
    event_id    TEXT NOT NULL REFERENCES events (id),
    company_id  TEXT NOT NULL REFERENCES companies (id),
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, company_id)
);

CREATE TABLE event_slots (
    id         TEXT PRIMARY KEY NOT NULL,
    event_id   TEXT NOT NULL REFERENCES events (id),
    starts_at  TIMESTAMP NOT NULL,
    ends_at    TIMESTAMP NOT NULL CHECK (ends_at > starts_at),
    UNIQUE (event_id, starts_at)
);

CREATE TABLE event_tables (
    id        TEXT PRIMARY KEY NOT NULL,
    event_id  TEXT NOT NULL REFERENCES events (id),
    label     TEXT NOT NULL,
    UNIQUE (event_id, label)
);

CREATE TABLE interpreters (
    id         TEXT PRIMARY KEY NOT NULL,
    event_id   TEXT NOT NULL REFERENCES events (id),
    name       TEXT NOT NULL,
    languages  TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX interpreters_event ON interpreters (event_id);

-- Slots a company or a buyer cannot attend.
CREATE TABLE availability_blocks (
    id          TEXT PRIMARY KEY NOT NULL,
    event_id    TEXT NOT NULL REFERENCES events (id),
    slot_id     TEXT NOT NULL REFERENCES event_slots (id),
    company_id  TEXT REFERENCES companies (id),
    buyer_id    TEXT REFERENCES buyers (id),
    CHECK ((company_id IS NULL) <> (buyer_id IS NULL))
);
CREATE UNIQUE INDEX availability_company ON availability_blocks (slot_id, company_id) WHERE company_id IS NOT NULL;
CREATE UNIQUE INDEX availability_buyer ON availability_blocks (slot_id, buyer_id) WHERE buyer_id IS NOT NULL;
CREATE INDEX availability_event ON availability_blocks (event_id);

CREATE TABLE meetings (
    id                TEXT PRIMARY KEY NOT NULL,
    event_id          TEXT NOT NULL REFERENCES events (id),
    company_id        TEXT NOT NULL REFERENCES companies (id),
    buyer_id          TEXT NOT NULL REFERENCES buyers (id),
    capability_id     TEXT REFERENCES capabilities (id),
    requested_by      TEXT NOT NULL REFERENCES users (id),
    message           TEXT NOT NULL,
    languages_needed  TEXT NOT NULL DEFAULT '[]',
    status            TEXT NOT NULL CHECK (status IN ('requested', 'accepted', 'declined', 'withdrawn',
                          'scheduled', 'held', 'no_show', 'cancelled')),
    slot_id           TEXT REFERENCES event_slots (id),
    table_id          TEXT REFERENCES event_tables (id),
    interpreter_id    TEXT REFERENCES interpreters (id),
    held_at           TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    -- A place is a slot and a table together; an interpreter only comes with a place; a
    -- meeting in the timetable has one. (Held meetings may have none: a walk-in meeting.)
    CHECK ((slot_id IS NULL) = (table_id IS NULL)),
    CHECK (interpreter_id IS NULL OR slot_id IS NOT NULL),
    CHECK (status NOT IN ('scheduled', 'no_show') OR slot_id IS NOT NULL)
);
CREATE UNIQUE INDEX meetings_one_open_request ON meetings (event_id, buyer_id, company_id)
    WHERE status IN ('requested', 'accepted', 'scheduled');
CREATE UNIQUE INDEX meetings_company_slot ON meetings (slot_id, company_id)
    WHERE status IN ('scheduled', 'held', 'no_show') AND slot_id IS NOT NULL;
CREATE UNIQUE INDEX meetings_buyer_slot ON meetings (slot_id, buyer_id)
    WHERE status IN ('scheduled', 'held', 'no_show') AND slot_id IS NOT NULL;
CREATE UNIQUE INDEX meetings_table_slot ON meetings (slot_id, table_id)
    WHERE status IN ('scheduled', 'held', 'no_show') AND slot_id IS NOT NULL;
CREATE UNIQUE INDEX meetings_interpreter_slot ON meetings (slot_id, interpreter_id)
    WHERE status IN ('scheduled', 'held', 'no_show') AND interpreter_id IS NOT NULL;
CREATE INDEX meetings_event_status ON meetings (event_id, status);
CREATE INDEX meetings_company ON meetings (company_id, id);
CREATE INDEX meetings_buyer ON meetings (buyer_id, id);

-- Every move of a meeting, with who and when.
CREATE TABLE meeting_transitions (
    id           TEXT PRIMARY KEY NOT NULL,
    meeting_id   TEXT NOT NULL REFERENCES meetings (id),
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    actor_id     TEXT NOT NULL REFERENCES users (id),
    note         TEXT,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX meeting_transitions_meeting ON meeting_transitions (meeting_id, created_at);
