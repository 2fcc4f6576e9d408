-- The Global I-turn programme: job postings, candidates (personal data, with consent),
-- applications whose hires are the foreign-talent KPI, and registrations to job fairs,
-- seminars and forums with their attendance.

CREATE TABLE job_postings (
    id               TEXT PRIMARY KEY NOT NULL,
    company_id       TEXT NOT NULL REFERENCES companies (id),
    title_ja         TEXT NOT NULL,
    title_en         TEXT NOT NULL,
    description_ja   TEXT NOT NULL DEFAULT '',
    description_en   TEXT NOT NULL DEFAULT '',
    occupation       TEXT NOT NULL,
    employment_type  TEXT NOT NULL CHECK (employment_type IN ('full_time', 'part_time', 'contract', 'internship')),
    visa_category    TEXT NOT NULL CHECK (visa_category IN ('engineer_specialist_humanities', 'specified_skilled_worker', 'highly_skilled_professional', 'designated_activities', 'other')),
    languages        TEXT NOT NULL DEFAULT '[]',
    jlpt_level       TEXT NOT NULL CHECK (jlpt_level IN ('n1', 'n2', 'n3', 'n4', 'n5', 'none')),
    location         TEXT NOT NULL DEFAULT '',
    salary_min_yen   BIGINT CHECK (salary_min_yen >= 0),
    salary_max_yen   BIGINT CHECK (salary_max_yen >= 0),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
    published_at     TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    CHECK (salary_min_yen IS NULL OR salary_max_yen IS NULL OR salary_min_yen <= salary_max_yen)
);
CREATE INDEX job_postings_company ON job_postings (company_id, id);
CREATE INDEX job_postings_status ON job_postings (status, id);

-- A candidate is personal data. `user_id` links a self-registered candidate to its account;
-- a candidate the desk registered at a job fair has none. `consent_given_at` is required:
-- no row exists without consent. Erasure blanks the personal columns and sets `erased_at`.
CREATE TABLE candidates (
    id                TEXT PRIMARY KEY NOT NULL,
    user_id           TEXT UNIQUE REFERENCES users (id),
    full_name         TEXT NOT NULL,
    nationality       TEXT NOT NULL CHECK (length(nationality) = 2),
    university        TEXT,
    graduation_year   INTEGER,
    field_of_study    TEXT,
    languages         TEXT NOT NULL DEFAULT '[]',
    visa_status       TEXT,
    email             TEXT,
    phone             TEXT,
    consent_given_at  TIMESTAMP NOT NULL,
    erased_at         TIMESTAMP,
    registered_by     TEXT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);

CREATE TABLE applications (
    id                 TEXT PRIMARY KEY NOT NULL,
    job_id             TEXT NOT NULL REFERENCES job_postings (id),
    candidate_id       TEXT NOT NULL REFERENCES candidates (id),
    status             TEXT NOT NULL CHECK (status IN ('applied', 'interviewing', 'offered', 'hired', 'rejected', 'withdrawn')),
    job_fair_event_id  TEXT REFERENCES events (id),
    hired_on           DATE,
    created_by         TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    CHECK ((status = 'hired') = (hired_on IS NOT NULL))
);
-- One open application per job and candidate, held by the database across instances.
CREATE UNIQUE INDEX applications_one_open ON applications (job_id, candidate_id)
    WHERE status IN ('applied', 'interviewing', 'offered');
CREATE INDEX applications_candidate ON applications (candidate_id, id);
CREATE INDEX applications_job ON applications (job_id, id);
-- The foreign-talent KPI: hires by `hired_on`.
CREATE INDEX applications_hired ON applications (status, hired_on);

-- Registrations to job fairs, seminars and forums: exactly one of a candidate, a company or
-- a buyer organisation, at most once per event.
CREATE TABLE event_registrations (
    id             TEXT PRIMARY KEY NOT NULL,
    event_id       TEXT NOT NULL REFERENCES events (id),
    candidate_id   TEXT REFERENCES candidates (id),
    company_id     TEXT REFERENCES companies (id),
    buyer_id       TEXT REFERENCES buyers (id),
    attended_at    TIMESTAMP,
    registered_by  TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    CHECK (num_nonnulls(candidate_id, company_id, buyer_id) = 1)
);
CREATE UNIQUE INDEX event_registrations_candidate ON event_registrations (event_id, candidate_id) WHERE candidate_id IS NOT NULL;
CREATE UNIQUE INDEX event_registrations_company ON event_registrations (event_id, company_id) WHERE company_id IS NOT NULL;
CREATE UNIQUE INDEX event_registrations_buyer ON event_registrations (event_id, buyer_id) WHERE buyer_id IS NOT NULL;
CREATE INDEX event_registrations_event ON event_registrations (event_id, id);
