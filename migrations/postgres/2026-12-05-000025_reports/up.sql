-- The council's yearly published report (issue 24, part 4): a draft opened per fiscal year,
-- the reviewers' signed opinions on it, and its published versions.
--
-- A published version is a snapshot: its canonical JSON and the SHA-256 of those bytes,
-- never changed and never deleted (the triggers below refuse it, whoever writes, as the
-- audit log's and the invoices' do, migrations 000004 and 000024). A correction is a new
-- version naming what changed and why. An opinion written for a version that is published
-- is frozen with it.

-- A fiscal year's report, opened by an admin; its content is computed from the records
-- whenever the draft is read, and frozen only by publishing.
CREATE TABLE report_drafts (
    fiscal_year  INTEGER PRIMARY KEY NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
    opened_by    TEXT NOT NULL REFERENCES users (id),
    opened_at    TIMESTAMP NOT NULL,
    -- The last opinion signed or version published. Each of those writes this first, so
    -- that on PostgreSQL they take turns on the row: an opinion signed while a version is
    -- being published goes into that version or the next, never into neither.
    changed_at   TIMESTAMP NOT NULL
);

-- A reviewer's opinion on the version about to be published: one per reviewer and version,
-- signed with the reviewer's account and name as they were when signing.
CREATE TABLE report_opinions (
    id             TEXT PRIMARY KEY NOT NULL,
    fiscal_year    INTEGER NOT NULL REFERENCES report_drafts (fiscal_year),
    version        INTEGER NOT NULL CHECK (version >= 1),
    reviewer_id    TEXT NOT NULL REFERENCES users (id),
    reviewer_name  TEXT NOT NULL,
    language       TEXT NOT NULL CHECK (language IN ('en', 'ja')),
    body           TEXT NOT NULL,
    signed_at      TIMESTAMP NOT NULL,
    UNIQUE (fiscal_year, version, reviewer_id)
);

-- The published versions: 1, then one per correction. `content` is the canonical JSON
-- (keys sorted, no insignificant whitespace) and `sha256` the hex digest of its bytes.
CREATE TABLE published_reports (
    fiscal_year   INTEGER NOT NULL REFERENCES report_drafts (fiscal_year),
    version       INTEGER NOT NULL CHECK (version >= 1),
    content       TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    what_changed  TEXT,
    why           TEXT,
    published_at  TIMESTAMP NOT NULL,
    published_by  TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (fiscal_year, version),
    -- The first version corrects nothing; every later one says what changed and why.
    CHECK ((version = 1) = (what_changed IS NULL)),
    CHECK ((what_changed IS NULL) = (why IS NULL))
);

CREATE FUNCTION published_reports_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'a published report never changes';
    END IF;
    RAISE EXCEPTION 'a published report is never deleted';
END;
$$;
CREATE TRIGGER published_reports_no_update BEFORE UPDATE ON published_reports
    FOR EACH ROW EXECUTE FUNCTION published_reports_unchanged();
CREATE TRIGGER published_reports_no_delete BEFORE DELETE ON published_reports
    FOR EACH ROW EXECUTE FUNCTION published_reports_unchanged();
CREATE TRIGGER published_reports_no_truncate BEFORE TRUNCATE ON published_reports
    FOR EACH STATEMENT EXECUTE FUNCTION published_reports_unchanged();

-- A trigger's WHEN cannot hold a subquery in PostgreSQL: the function asks.
CREATE FUNCTION report_opinions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    opinion report_opinions;
BEGIN
    IF TG_OP = 'INSERT' THEN
        opinion := NEW;
    ELSE
        opinion := OLD;
    END IF;
    IF EXISTS (SELECT 1 FROM published_reports p
               WHERE p.fiscal_year = opinion.fiscal_year AND p.version = opinion.version) THEN
        RAISE EXCEPTION 'the opinions of a published report are frozen';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER report_opinions_frozen BEFORE INSERT OR UPDATE OR DELETE ON report_opinions
    FOR EACH ROW EXECUTE FUNCTION report_opinions_frozen();
