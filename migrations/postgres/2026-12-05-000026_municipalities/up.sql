-- Partner municipalities in one installation (issue 25, items 1-2). The host municipality
-- (Sagamihara, 全国地方公共団体コード 141500) is created here and owns every company that
-- exists; staff accounts may be scoped to one municipality (NULL: the whole installation).
--
-- The host's id is fixed so that both backends, the demo and the tests agree on it.
CREATE TABLE municipalities (
    id          TEXT PRIMARY KEY NOT NULL,
    -- Six digits, the last one the check digit (checked by the service).
    code        TEXT NOT NULL CHECK (code ~ '^[0-9]{6}$'),
    name_ja     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    is_host     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX municipalities_code ON municipalities (code);
-- One host per installation.
CREATE UNIQUE INDEX municipalities_one_host ON municipalities (is_host) WHERE is_host;

INSERT INTO municipalities (id, code, name_ja, name_en, is_host, created_at)
VALUES ('01900000-0000-7000-8000-000000141500', '141500', '相模原市', 'Sagamihara', TRUE,
        CURRENT_TIMESTAMP AT TIME ZONE 'UTC');

-- Every existing company is the host's; the default does the backfill, as on SQLite.
ALTER TABLE companies ADD COLUMN municipality_id TEXT NOT NULL
    DEFAULT '01900000-0000-7000-8000-000000141500' REFERENCES municipalities (id);
CREATE INDEX companies_municipality ON companies (municipality_id, id);

-- A staff account's scope: NULL is host-wide; set, the account acts for that municipality
-- only.
ALTER TABLE users ADD COLUMN municipality_id TEXT REFERENCES municipalities (id);
