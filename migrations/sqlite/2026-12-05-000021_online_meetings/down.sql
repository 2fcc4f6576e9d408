PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK ((slot_id IS NULL) = (table_id IS NULL AND join_url IS NULL)),',
                  'CHECK ((slot_id IS NULL) = (table_id IS NULL)),')
WHERE type = 'table' AND name = 'meetings';
PRAGMA writable_schema = RESET;
PRAGMA writable_schema = OFF;
ALTER TABLE meetings DROP COLUMN join_url;
ALTER TABLE meetings DROP COLUMN mode;
