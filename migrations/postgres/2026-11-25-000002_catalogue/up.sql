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

-- The full-text index: a weighted tsvector (primary terms 'A') generated from the search
-- columns, so it can never fall out of step, with a GIN index. The 'simple' configuration
-- neither stems nor drops words: src/search.rs has already normalised them.
ALTER TABLE capabilities ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', search_primary), 'A') || to_tsvector('simple', search_secondary)
) STORED;
CREATE INDEX capabilities_search ON capabilities USING GIN (search_vector);

ALTER TABLE buyers ADD COLUMN industry TEXT NOT NULL DEFAULT '';
ALTER TABLE buyers ADD COLUMN interest_categories TEXT NOT NULL DEFAULT '[]';
ALTER TABLE buyers ADD COLUMN interest_tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE buyers ADD COLUMN website TEXT;
ALTER TABLE buyers ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE buyers ADD COLUMN verified_by TEXT REFERENCES users (id);
