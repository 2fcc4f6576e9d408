DELETE FROM users WHERE role = 'expert';
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (role IN (''admin'', ''desk'', ''reviewer'', ''sme'', ''buyer'', ''candidate'', ''expert''))',
                  'CHECK (role IN (''admin'', ''desk'', ''reviewer'', ''sme'', ''buyer'', ''candidate''))')
WHERE type = 'table' AND name = 'users';
PRAGMA writable_schema = RESET;
PRAGMA writable_schema = OFF;
DROP TABLE brief_subscriptions;
DROP TABLE brief_reads;
DROP TABLE briefs;
DROP TABLE forum_members;
DROP TABLE consortium_contacts;
DROP TABLE consortium_members;
