-- Which categories of mail an account has turned off (GET/PUT /me/notifications, or the
-- one-click unsubscribe link of a mail). No row: the category is on. Account and security
-- mail has no row: it cannot be turned off.
CREATE TABLE notification_preferences (
    user_id TEXT NOT NULL REFERENCES users (id),
    category TEXT NOT NULL CHECK (category IN ('meetings', 'reminders', 'negotiations', 'talent', 'programme')),
    email BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, category)
);
