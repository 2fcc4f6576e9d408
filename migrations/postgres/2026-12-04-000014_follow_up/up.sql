-- Follow-up surveys (issue 21): for each held meeting one survey per side and kind
-- (+1 day feedback, +3 and +6 months outcome), and for seminar, forum and job-fair
-- registrations a +1 day questionnaire. A survey is `pending` until answered, `ended` when an
-- earlier answer of its side closed the negotiation (won or lost). The answers are kept here
-- (feedback) or become the side's negotiation report (`report_id`, outcome).
CREATE TABLE surveys (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('meeting_feedback', 'outcome_3m', 'outcome_6m', 'event_feedback')),
    event_id TEXT NOT NULL REFERENCES events (id),
    meeting_id TEXT REFERENCES meetings (id),
    registration_id TEXT REFERENCES event_registrations (id),
    side TEXT NOT NULL CHECK (side IN ('company', 'buyer', 'attendee')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'ended')),
    due_at TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    answered_by TEXT REFERENCES users (id),
    rating INTEGER CHECK (rating BETWEEN 1 AND 5),
    interpreter_rating INTEGER CHECK (interpreter_rating BETWEEN 1 AND 5),
    next_step TEXT CHECK (next_step IN ('none', 'samples', 'quotation', 'visit', 'negotiating')),
    would_recommend BOOLEAN,
    comment TEXT,
    outcome TEXT CHECK (outcome IN ('open', 'prospect', 'won', 'lost')),
    report_id TEXT REFERENCES negotiation_reports (id),
    created_at TIMESTAMP NOT NULL,
    CHECK ((meeting_id IS NOT NULL)::int + (registration_id IS NOT NULL)::int = 1)
);
CREATE UNIQUE INDEX surveys_meeting ON surveys (meeting_id, side, kind) WHERE meeting_id IS NOT NULL;
CREATE UNIQUE INDEX surveys_registration ON surveys (registration_id, kind) WHERE registration_id IS NOT NULL;
CREATE INDEX surveys_event ON surveys (event_id, kind);
CREATE INDEX surveys_due ON surveys (due_at) WHERE status = 'pending';

-- The personal links of the survey mails: minted when the mail is sent, one per recipient,
-- stored as the SHA-256 of the random token only; a link answers once (its survey is then
-- answered) and expires 60 days after it was sent.
CREATE TABLE survey_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    survey_id TEXT NOT NULL REFERENCES surveys (id),
    respondent_id TEXT NOT NULL REFERENCES users (id),
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX survey_links_survey ON survey_links (survey_id);

-- The company support log (伴走型支援): the desk's visits, consultations, calls and mails.
CREATE TABLE support_log (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id),
    occurred_on DATE NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('visit', 'meeting', 'call', 'mail', 'online')),
    topic TEXT NOT NULL CHECK (topic IN ('market_entry', 'certification', 'logistics', 'hiring', 'funding', 'other')),
    notes TEXT NOT NULL,
    internal BOOLEAN NOT NULL,
    next_action_on DATE,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX support_log_company ON support_log (company_id, occurred_on, id);
CREATE INDEX support_log_next_action ON support_log (next_action_on) WHERE next_action_on IS NOT NULL;

-- The desk's follow-up queue: one item per reason and subject (a survey, a negotiation, a
-- support-log entry), opened when its condition starts to hold and closed by a contact, a
-- confirmation, an answer or the desk's explicit `done` with a note.
CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('survey_unanswered', 'prospect_silent', 'reports_disagree', 'support_action_due')),
    subject_id TEXT NOT NULL,
    meeting_id TEXT REFERENCES meetings (id),
    company_id TEXT REFERENCES companies (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'done')),
    due_at TIMESTAMP NOT NULL,
    assignee_id TEXT REFERENCES users (id),
    resolution TEXT CHECK (resolution IN ('contact', 'confirmed', 'answered', 'done')),
    note TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    closed_by TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX follow_ups_subject ON follow_ups (reason, subject_id);
CREATE INDEX follow_ups_status ON follow_ups (status, due_at, id);
