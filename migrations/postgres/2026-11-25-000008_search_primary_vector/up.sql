-- The catalogue ranks matches in titles, tags and company names first and reads each rank
-- with its own query (src/capabilities/store.rs). A weight-restricted query on
-- `search_vector` ('精密':*A) cannot be answered by its GIN index alone, which does not keep
-- weights: every row holding the term anywhere was fetched to be rechecked. The primary
-- terms get a vector and a GIN index of their own. (SQLite's FTS5 table already indexes
-- the two columns separately.)
ALTER TABLE capabilities ADD COLUMN search_primary_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', search_primary)
) STORED;
CREATE INDEX capabilities_search_primary ON capabilities USING GIN (search_primary_vector);
