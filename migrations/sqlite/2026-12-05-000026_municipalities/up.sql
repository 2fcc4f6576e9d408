-- Partner municipalities in one installation (issue 25, items 1-2). The host municipality
-- (Sagamihara, 全国地方公共団体コード 141500) is created here and owns every company that
-- exists; staff accounts may be scoped to one municipality (NULL: the whole installation).
--
-- The host's id is fixed so that both backends, the demo and the tests agree on it.
CREATE TABLE municipalities (
    id          TEXT PRIMARY KEY NOT NULL,
    -- Six digits, the last one the check digit (checked by the service).
    code        TEXT NOT NULL CHECK (length(code) = 6 AND code NOT GLOB '*[^0-9]*'),
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
        CURRENT_TIMESTAMP);

-- SQLite cannot add a column with a REFERENCES clause and a non-NULL default while foreign
-- keys are on, so the reference is kept by triggers; the default backfills every existing
-- company with the host.
ALTER TABLE companies ADD COLUMN municipality_id TEXT NOT NULL
    DEFAULT '01900000-0000-7000-8000-000000141500';
CREATE INDEX companies_municipality ON companies (municipality_id, id);

CREATE TRIGGER companies_municipality_insert BEFORE INSERT ON companies
WHEN NOT EXISTS (SELECT 1 FROM municipalities WHERE id = NEW.municipality_id) BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;
CREATE TRIGGER companies_municipality_update BEFORE UPDATE OF municipality_id ON companies
WHEN NOT EXISTS (SELECT 1 FROM municipalities WHERE id = NEW.municipality_id) BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;

-- A staff account's scope: NULL is host-wide; set, the account acts for that municipality
-- only. Kept by triggers as well, so that the column can be dropped again.
ALTER TABLE users ADD COLUMN municipality_id TEXT;

CREATE TRIGGER users_municipality_insert BEFORE INSERT ON users
WHEN NEW.municipality_id IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM municipalities WHERE id = NEW.municipality_id) BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;
CREATE TRIGGER users_municipality_update BEFORE UPDATE OF municipality_id ON users
WHEN NEW.municipality_id IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM municipalities WHERE id = NEW.municipality_id) BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;
-- A municipality that companies or accounts name is never deleted.
CREATE TRIGGER municipalities_no_delete BEFORE DELETE ON municipalities
WHEN EXISTS (SELECT 1 FROM companies WHERE municipality_id = OLD.id)
  OR EXISTS (SELECT 1 FROM users WHERE municipality_id = OLD.id) BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;
