DROP TABLE event_registrations;
DROP TABLE applications;
DROP TABLE candidates;
DROP TABLE job_postings;
