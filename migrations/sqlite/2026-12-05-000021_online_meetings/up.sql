-- Online meetings (issue 23, item 5): a meeting takes place at a table (`on_site`, as
-- before) or online, by a link the desk gives (`join_url`, stored as data, never fetched).
-- An online meeting has no table; only an online meeting has a link.
ALTER TABLE meetings ADD COLUMN mode TEXT NOT NULL DEFAULT 'on_site'
    CHECK (mode IN ('on_site', 'online'));
ALTER TABLE meetings ADD COLUMN join_url TEXT
    CHECK ((mode = 'online' AND table_id IS NULL) OR (mode = 'on_site' AND join_url IS NULL));
-- A place was a slot and a table together; now a slot and a table or a link. SQLite drops
-- no CHECK but by rebuilding the table (and every table that refers to it): its stored
-- definition is rewritten instead, as SQLite documents for changes that leave the file's
-- format alone (no stored row breaks the new rule, which only lets more in).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK ((slot_id IS NULL) = (table_id IS NULL)),',
                  'CHECK ((slot_id IS NULL) = (table_id IS NULL AND join_url IS NULL)),')
WHERE type = 'table' AND name = 'meetings';
PRAGMA writable_schema = RESET;
PRAGMA writable_schema = OFF;
