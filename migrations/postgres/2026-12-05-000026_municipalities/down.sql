ALTER TABLE users DROP COLUMN municipality_id;
DROP INDEX companies_municipality;
ALTER TABLE companies DROP COLUMN municipality_id;
DROP TABLE municipalities;
