DROP TABLE brief_subscriptions;
DROP TABLE brief_reads;
DROP TABLE briefs;
DROP TABLE forum_members;
DROP TABLE consortium_contacts;
DROP TABLE consortium_members;
DELETE FROM users WHERE role = 'expert';
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'desk', 'reviewer', 'sme', 'buyer', 'candidate'));
