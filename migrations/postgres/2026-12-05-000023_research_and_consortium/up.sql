-- Research briefs fed back to companies, and the consortium (issue 24, items 1 and 2).

-- The consortium's member organisations: universities, financial institutions, support
-- bodies, companies and individual experts. Their names and kinds are public; their contacts
-- (below) never are.
CREATE TABLE consortium_members (
    id          TEXT PRIMARY KEY NOT NULL,
    name_ja     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('university', 'financial_institution', 'support_body', 'company', 'expert')),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- The people the desk reaches at a member: personal data, the desk's only.
CREATE TABLE consortium_contacts (
    id          TEXT PRIMARY KEY NOT NULL,
    member_id   TEXT NOT NULL REFERENCES consortium_members (id),
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    phone       TEXT,
    title       TEXT,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX consortium_contacts_member_id ON consortium_contacts (member_id);

-- A forum's links to the consortium: the members that take part in it, each with the
-- expert account that speaks for it, if one does.
CREATE TABLE forum_members (
    event_id         TEXT NOT NULL REFERENCES events (id),
    member_id        TEXT NOT NULL REFERENCES consortium_members (id),
    speaker_user_id  TEXT REFERENCES users (id),
    PRIMARY KEY (event_id, member_id)
);

-- Research briefs: bilingual Markdown (rendered to sanitised HTML when read), the
-- technology tags and capability categories it concerns (JSON arrays of their API names),
-- `draft -> published`, seen by anyone (`public`) or by signed-in accounts (`members`).
CREATE TABLE briefs (
    id           TEXT PRIMARY KEY NOT NULL,
    title_ja     TEXT NOT NULL,
    title_en     TEXT NOT NULL,
    summary_ja   TEXT NOT NULL,
    summary_en   TEXT NOT NULL,
    body_ja      TEXT NOT NULL,
    body_en      TEXT NOT NULL,
    country      TEXT,
    region       TEXT,
    tags         TEXT NOT NULL,
    categories   TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES users (id),
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    visibility   TEXT NOT NULL CHECK (visibility IN ('public', 'members')),
    published_at TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    CHECK ((status = 'published') = (published_at IS NOT NULL))
);
CREATE INDEX briefs_published_at ON briefs (published_at);

-- A company member's first read of a published brief, once per brief and account: what
-- the research reached (companies and members per fiscal year, by `read_at`).
CREATE TABLE brief_reads (
    brief_id    TEXT NOT NULL REFERENCES briefs (id),
    user_id     TEXT NOT NULL REFERENCES users (id),
    company_id  TEXT NOT NULL REFERENCES companies (id),
    read_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (brief_id, user_id)
);
CREATE INDEX brief_reads_read_at ON brief_reads (read_at);

-- What a company wants to hear of: a technology tag or a capability category.
CREATE TABLE brief_subscriptions (
    company_id  TEXT NOT NULL REFERENCES companies (id),
    topic_kind  TEXT NOT NULL CHECK (topic_kind IN ('tag', 'category')),
    topic       TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (company_id, topic_kind, topic)
);
CREATE INDEX brief_subscriptions_topic ON brief_subscriptions (topic_kind, topic);

-- Consortium experts sign in with their own role.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'desk', 'reviewer', 'sme', 'buyer', 'candidate', 'expert'));
