-- Each account's language, for the messages the service will send it: Japanese for the
-- SMEs' staff and the city's, English for overseas buyers and candidates.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en'));
UPDATE users SET locale = 'en' WHERE role IN ('buyer', 'candidate');
