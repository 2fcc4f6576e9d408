-- Accounts and the two organisations a user can belong to. The catalogue migrations add the
-- profile fields; this one holds what registration needs.
-- IDs are UUIDv7 as text; timestamps are UTC, stored as text by Diesel.

CREATE TABLE companies (
    id          TEXT PRIMARY KEY NOT NULL,
    name_ja     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    industry    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'suspended')),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE buyers (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    country      TEXT NOT NULL CHECK (length(country) = 2),
    verified_at  TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id             TEXT PRIMARY KEY NOT NULL,
    email          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'desk', 'reviewer', 'sme', 'buyer', 'candidate')),
    company_id     TEXT REFERENCES companies (id),
    buyer_id       TEXT REFERENCES buyers (id),
    disabled_at    TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    -- An sme user always belongs to one company and a buyer user to one organisation;
    -- nobody else belongs to either.
    CHECK ((role = 'sme') = (company_id IS NOT NULL)),
    CHECK ((role = 'buyer') = (buyer_id IS NOT NULL))
);
CREATE INDEX users_company_id ON users (company_id);
CREATE INDEX users_buyer_id ON users (buyer_id);

-- Opaque refresh tokens, stored as SHA-256 hashes. Each login starts a family; every refresh
-- marks the presented token used and issues the next one in the same family, so presenting a
-- used token again (a stolen copy) revokes the whole family.
CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id),
    family_id   TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP,
    revoked_at  TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX refresh_tokens_family_id ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_id ON refresh_tokens (user_id);
