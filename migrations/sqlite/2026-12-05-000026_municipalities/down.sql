DROP TRIGGER municipalities_no_delete;
DROP TRIGGER users_municipality_update;
DROP TRIGGER users_municipality_insert;
ALTER TABLE users DROP COLUMN municipality_id;
DROP TRIGGER companies_municipality_update;
DROP TRIGGER companies_municipality_insert;
DROP INDEX companies_municipality;
ALTER TABLE companies DROP COLUMN municipality_id;
DROP TABLE municipalities;
