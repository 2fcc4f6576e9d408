-- Negotiation outcomes, both sides' reports, follow-up contacts, KPI targets and the audit
-- log: what the programme's KPIs are computed from.

-- When a held meeting took place: its slot's start, or the moment it was marked held for a
-- meeting held off the timetable (DESIGN.md, "The KPIs, defined from the data").
ALTER TABLE meetings ADD COLUMN took_place_at TIMESTAMP;
CREATE INDEX meetings_held_at ON meetings (status, took_place_at);

CREATE TABLE negotiations (
    id             TEXT PRIMARY KEY NOT NULL,
    meeting_id     TEXT NOT NULL UNIQUE REFERENCES meetings (id),
    status         TEXT NOT NULL CHECK (status IN ('open', 'prospect', 'won', 'lost')),
    amount_minor   BIGINT CHECK (amount_minor >= 0),
    currency       TEXT CHECK (char_length(currency) = 3),
    exchange_rate  TEXT,
    amount_jpy     BIGINT CHECK (amount_jpy >= 0),
    closed_on      DATE,
    notes          TEXT NOT NULL DEFAULT '',
    -- The outcome the KPIs count: the desk-confirmed report, else the company's latest
    -- report, else this record. Kept here, in the same transaction as every change, so that
    -- the KPI report is one indexed aggregation.
    effective_status      TEXT NOT NULL CHECK (effective_status IN ('open', 'prospect', 'won', 'lost')),
    effective_amount_jpy  BIGINT,
    effective_closed_on   DATE,
    confirmed_report_id   TEXT,
    -- Whether the two sides' latest reports disagree (outcome or yen amount).
    reports_disagree      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    CHECK (status NOT IN ('won', 'lost') OR closed_on IS NOT NULL),
    CHECK (status <> 'won' OR (amount_minor IS NOT NULL AND currency IS NOT NULL AND amount_jpy IS NOT NULL))
);
CREATE INDEX negotiations_effective ON negotiations (effective_status, effective_closed_on);

CREATE TABLE negotiation_reports (
    id             TEXT PRIMARY KEY NOT NULL,
    meeting_id     TEXT NOT NULL REFERENCES meetings (id),
    side           TEXT NOT NULL CHECK (side IN ('company', 'buyer')),
    status         TEXT NOT NULL CHECK (status IN ('open', 'prospect', 'won', 'lost')),
    amount_minor   BIGINT CHECK (amount_minor >= 0),
    currency       TEXT CHECK (char_length(currency) = 3),
    exchange_rate  TEXT,
    amount_jpy     BIGINT CHECK (amount_jpy >= 0),
    closed_on      DATE,
    reported_by    TEXT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    CHECK (status NOT IN ('won', 'lost') OR closed_on IS NOT NULL),
    CHECK (status <> 'won' OR (amount_minor IS NOT NULL AND currency IS NOT NULL AND amount_jpy IS NOT NULL))
);
CREATE INDEX negotiation_reports_meeting ON negotiation_reports (meeting_id, side, created_at);

CREATE TABLE negotiation_contacts (
    id            TEXT PRIMARY KEY NOT NULL,
    meeting_id    TEXT NOT NULL REFERENCES meetings (id),
    contacted_on  DATE NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('email', 'phone', 'video', 'visit', 'other')),
    summary       TEXT NOT NULL,
    recorded_by   TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX negotiation_contacts_meeting ON negotiation_contacts (meeting_id, contacted_on);

-- Targets per fiscal year and KPI, as the plan states them: the yearly increment in the
-- KPI's unit (close rate: hundredths of a percentage point; sales: thousand yen; talent:
-- people). The close rate's starting level is its baseline row.
CREATE TABLE kpi_targets (
    fiscal_year  INTEGER NOT NULL,
    kpi          TEXT NOT NULL CHECK (kpi IN ('close_rate_baseline', 'close_rate', 'overseas_sales', 'foreign_talent')),
    value        BIGINT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (fiscal_year, kpi)
);
-- The plan's figures: close rate 13 % (baseline, the year before the programme) and +3
-- points in FY2019, FY2020 and FY2021; overseas sales +5,000 thousand yen a year; foreign
-- talent hired +5, +15, +15.
INSERT INTO kpi_targets (fiscal_year, kpi, value, updated_at) VALUES
    (2018, 'close_rate_baseline', 1300, CURRENT_TIMESTAMP),
    (2019, 'close_rate', 300, CURRENT_TIMESTAMP),
    (2020, 'close_rate', 300, CURRENT_TIMESTAMP),
    (2021, 'close_rate', 300, CURRENT_TIMESTAMP),
    (2019, 'overseas_sales', 5000, CURRENT_TIMESTAMP),
    (2020, 'overseas_sales', 5000, CURRENT_TIMESTAMP),
    (2021, 'overseas_sales', 5000, CURRENT_TIMESTAMP),
    (2019, 'foreign_talent', 5, CURRENT_TIMESTAMP),
    (2020, 'foreign_talent', 15, CURRENT_TIMESTAMP),
    (2021, 'foreign_talent', 15, CURRENT_TIMESTAMP);

-- Who changed what, when, before and after. Written in the same transaction as the change;
-- no route edits or deletes it, and the database refuses to.
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY NOT NULL,
    actor_id    TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before      TEXT,
    after       TEXT,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are immutable';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
