-- The catalogue: company profiles, capabilities with their search index, buyer profiles.
-- Lists (certifications, languages, countries, tags…) are JSON arrays in text columns;
-- tags are also kept one per row in capability_tags so the tag filter uses an index.

ALTER TABLE companies ADD COLUMN description_ja TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN employees INTEGER CHECK (employees >= 0);
ALTER TABLE companies ADD COLUMN founded_year INTEGER;
ALTER TABLE companies ADD COLUMN website TEXT;
ALTER TABLE companies ADD COLUMN ward TEXT CHECK (ward IN ('midori', 'chuo', 'minami'));
ALTER TABLE companies ADD COLUMN certifications TEXT NOT NULL DEFAULT '[]';
ALTER TABLE companies ADD COLUMN export_countries TEXT NOT NULL DEFAULT '[]';
ALTER TABLE companies ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE companies ADD COLUMN status_reason TEXT;
CREATE INDEX companies_status ON companies (status, id);

-- Every approval and suspension, with who and why: the reason is kept, not overwritten.
CREATE TABLE company_status_changes (
    id           TEXT PRIMARY KEY NOT NULL,
    company_id   TEXT NOT NULL REFERENCES companies (id),
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL,
    reason       TEXT,
    actor_id     TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX company_status_changes_company ON company_status_changes (company_id, created_at);

CREATE TABLE capabilities (
    id                TEXT PRIMARY KEY NOT NULL,
    company_id        TEXT NOT NULL REFERENCES companies (id),
    title_ja          TEXT NOT NULL,
    title_en          TEXT NOT NULL,
    description_ja    TEXT NOT NULL,
    description_en    TEXT NOT NULL,
    category          TEXT NOT NULL CHECK (category IN ('machining', 'stamping', 'casting', 'welding',
                          'surface_treatment', 'assembly', 'electronics', 'plastics', 'software_ai', 'other')),
    tags              TEXT NOT NULL DEFAULT '[]',
    materials         TEXT NOT NULL DEFAULT '[]',
    certifications    TEXT NOT NULL DEFAULT '[]',
    min_lot           INTEGER CHECK (min_lot >= 1),
    lead_time_days    INTEGER CHECK (lead_time_days >= 0),
    status            TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    -- Normalised search terms (src/search.rs): titles, tags and company names rank first.
    search_primary    TEXT NOT NULL DEFAULT '',
    search_secondary  TEXT NOT NULL DEFAULT '',
    published_at      TIMESTAMP,
    archived_at       TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX capabilities_company ON capabilities (company_id, id);
CREATE INDEX capabilities_status_category ON capabilities (status, category, id);

CREATE TABLE capability_tags (
    capability_id  TEXT NOT NULL REFERENCES capabilities (id),
    tag            TEXT NOT NULL,
    PRIMARY KEY (tag, capability_id)
);
CREATE INDEX capability_tags_capability ON capability_tags (capability_id);

-- The full-text index over the search columns, kept in step by triggers (external content:
-- the text lives once, in capabilities). unicode61 splits on what src/search.rs splits on.
CREATE VIRTUAL TABLE capability_fts USING fts5(
    search_primary, search_secondary,
    content = 'capabilities', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER capability_fts_insert AFTER INSERT ON capabilities BEGIN
    INSERT INTO capability_fts (rowid, search_primary, search_secondary)
    VALUES (new.rowid, new.search_primary, new.search_secondary);
END;
CREATE TRIGGER capability_fts_delete AFTER DELETE ON capabilities BEGIN
    INSERT INTO capability_fts (capability_fts, rowid, search_primary, search_secondary)
    VALUES ('delete', old.rowid, old.search_primary, old.search_secondary);
END;
CREATE TRIGGER capability_fts_update AFTER UPDATE OF search_primary, search_secondary ON capabilities BEGIN
    INSERT INTO capability_fts (capability_fts, rowid, search_primary, search_secondary)
    VALUES ('delete', old.rowid, old.search_primary, old.search_secondary);
    INSERT INTO capability_fts (rowid, search_primary, search_secondary)
    VALUES (new.rowid, new.search_primary, new.search_secondary);
END;

ALTER TABLE buyers ADD COLUMN industry TEXT NOT NULL DEFAULT '';
ALTER TABLE buyers ADD COLUMN interest_categories TEXT NOT NULL DEFAULT '[]';
ALTER TABLE buyers ADD COLUMN interest_tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE buyers ADD COLUMN website TEXT;
ALTER TABLE buyers ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE buyers ADD COLUMN verified_by TEXT REFERENCES users (id);
