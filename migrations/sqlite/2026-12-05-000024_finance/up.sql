-- The programme's own books (issue 24, part 3): fee schedules per fiscal year, invoices to
-- companies (their contributions, 企業負担金), subsidies received, programme costs by
-- funding source, and the self-financing ratio's target per year.
--
-- Invoices are never deleted, and a paid or cancelled one never changes again: the
-- triggers below refuse it, whoever writes, as the audit log's do (migration 000004).

-- What the programme charges in a fiscal year: per event (booth, interpreter, a meeting)
-- and per year (membership, no event). One amount per year, kind and event.
CREATE TABLE fee_schedules (
    id           TEXT PRIMARY KEY NOT NULL,
    fiscal_year  INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
    kind         TEXT NOT NULL CHECK (kind IN ('booth', 'interpreter', 'per_meeting', 'membership')),
    event_id     TEXT REFERENCES events (id),
    amount_jpy   BIGINT NOT NULL CHECK (amount_jpy >= 0),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    CHECK ((kind = 'membership') = (event_id IS NULL))
);
CREATE UNIQUE INDEX fee_schedules_one ON fee_schedules (fiscal_year, kind, COALESCE(event_id, ''));

-- An invoice to a company. `total_jpy` is the sum of its items, computed by the service.
-- `paid_at` is the moment the payment was received (UTC): the self-financing ratio counts
-- it in the fiscal year (Japan time) of that moment.
CREATE TABLE invoices (
    id             TEXT PRIMARY KEY NOT NULL,
    company_id     TEXT NOT NULL REFERENCES companies (id),
    status         TEXT NOT NULL CHECK (status IN ('issued', 'paid', 'cancelled')),
    total_jpy      BIGINT NOT NULL CHECK (total_jpy >= 0),
    issued_on      DATE NOT NULL,
    due_on         DATE NOT NULL CHECK (due_on >= issued_on),
    paid_at        TIMESTAMP,
    cancelled_at   TIMESTAMP,
    cancel_reason  TEXT,
    note           TEXT,
    created_by     TEXT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    CHECK ((status = 'paid') = (paid_at IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX invoices_company ON invoices (company_id, id);
CREATE INDEX invoices_issued_on ON invoices (issued_on);
-- The ratio's contributions: a range of payments, summed from the index alone.
CREATE INDEX invoices_paid ON invoices (paid_at, total_jpy) WHERE paid_at IS NOT NULL;

CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices BEGIN
    SELECT RAISE(ABORT, 'invoices are never deleted');
END;
CREATE TRIGGER invoices_final BEFORE UPDATE ON invoices WHEN OLD.status <> 'issued' BEGIN
    SELECT RAISE(ABORT, 'a paid or cancelled invoice is final');
END;

-- The lines of an invoice, written with it and never changed.
CREATE TABLE invoice_items (
    invoice_id       TEXT NOT NULL REFERENCES invoices (id),
    position         INTEGER NOT NULL,
    description      TEXT NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_amount_jpy  BIGINT NOT NULL CHECK (unit_amount_jpy >= 0),
    amount_jpy       BIGINT NOT NULL CHECK (amount_jpy = quantity * unit_amount_jpy),
    fee_schedule_id  TEXT REFERENCES fee_schedules (id),
    event_id         TEXT REFERENCES events (id),
    PRIMARY KEY (invoice_id, position)
);
CREATE TRIGGER invoice_items_no_delete BEFORE DELETE ON invoice_items BEGIN
    SELECT RAISE(ABORT, 'invoices are never deleted');
END;
CREATE TRIGGER invoice_items_no_update BEFORE UPDATE ON invoice_items BEGIN
    SELECT RAISE(ABORT, 'invoice items never change');
END;

-- Subsidies received (the national grant 地方創生推進交付金, the city's budget).
CREATE TABLE subsidies (
    id           TEXT PRIMARY KEY NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('national_grant', 'city_budget')),
    amount_jpy   BIGINT NOT NULL CHECK (amount_jpy >= 0),
    received_on  DATE NOT NULL,
    description  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX subsidies_received_on ON subsidies (received_on);

-- What the programme spent, by the source that paid for it.
CREATE TABLE programme_costs (
    id              TEXT PRIMARY KEY NOT NULL,
    funding_source  TEXT NOT NULL CHECK (funding_source IN ('national_grant', 'city_budget', 'own_revenue')),
    amount_jpy      BIGINT NOT NULL CHECK (amount_jpy >= 0),
    spent_on        DATE NOT NULL,
    description     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX programme_costs_spent_on ON programme_costs (spent_on, funding_source, amount_jpy);

-- The self-financing ratio the admins aim at in a year, in hundredths of a percent.
CREATE TABLE self_financing_targets (
    fiscal_year        INTEGER PRIMARY KEY NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
    ratio_hundredths   BIGINT NOT NULL CHECK (ratio_hundredths >= 0),
    updated_at         TIMESTAMP NOT NULL
);
