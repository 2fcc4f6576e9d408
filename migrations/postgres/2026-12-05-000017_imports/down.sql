DROP TABLE imports;
DROP INDEX companies_name_ja;
DROP INDEX buyers_country_name;
DROP INDEX companies_corporate_number;
ALTER TABLE companies DROP COLUMN corporate_number;
