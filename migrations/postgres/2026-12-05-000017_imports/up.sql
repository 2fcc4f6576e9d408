-- A company's 13-digit corporate number (法人番号, National Tax Agency), optional; an import
-- matches companies by it, so no two companies share one.
ALTER TABLE companies ADD COLUMN corporate_number TEXT;
CREATE UNIQUE INDEX companies_corporate_number ON companies (corporate_number)
    WHERE corporate_number IS NOT NULL;

-- An import matches buyers by name and country and companies by their Japanese name.
CREATE INDEX buyers_country_name ON buyers (country, name);
CREATE INDEX companies_name_ja ON companies (name_ja);

-- One bulk import that was run for real (a dry run leaves nothing): who, when, what kind,
-- its counts and each row's outcome (JSON: row number, outcome, the record's id or errors).
CREATE TABLE imports (
    id          TEXT PRIMARY KEY NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('companies', 'buyers', 'exhibitors', 'registrations')),
    event_id    TEXT REFERENCES events (id),
    actor_id    TEXT NOT NULL REFERENCES users (id),
    total_rows  INTEGER NOT NULL,
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    outcomes    TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX imports_created_at ON imports (created_at);
