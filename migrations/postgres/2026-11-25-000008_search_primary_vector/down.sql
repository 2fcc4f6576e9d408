DROP INDEX capabilities_search_primary;
ALTER TABLE capabilities DROP COLUMN search_primary_vector;
