-- The catalogue ranks matches in titles, tags and company names first and reads each rank
-- with its own query (src/capabilities/store.rs), asking first whether anything matches
-- there at all. On the combined index a column-filtered query ('search_primary : …') reads
-- every document holding the term anywhere and its column list, to find none for a word
-- that only descriptions or materials hold. The primary terms get an FTS5 index of their
-- own, as PostgreSQL's get a tsvector and GIN index (same migration number there).
CREATE VIRTUAL TABLE capability_primary_fts USING fts5(
    search_primary,
    content = 'capabilities', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO capability_primary_fts (capability_primary_fts) VALUES ('rebuild');
CREATE TRIGGER capability_primary_fts_insert AFTER INSERT ON capabilities BEGIN
    INSERT INTO capability_primary_fts (rowid, search_primary) VALUES (new.rowid, new.search_primary);
END;
CREATE TRIGGER capability_primary_fts_delete AFTER DELETE ON capabilities BEGIN
    INSERT INTO capability_primary_fts (capability_primary_fts, rowid, search_primary)
    VALUES ('delete', old.rowid, old.search_primary);
END;
CREATE TRIGGER capability_primary_fts_update AFTER UPDATE OF search_primary ON capabilities BEGIN
    INSERT INTO capability_primary_fts (capability_primary_fts, rowid, search_primary)
    VALUES ('delete', old.rowid, old.search_primary);
    INSERT INTO capability_primary_fts (rowid, search_primary) VALUES (new.rowid, new.search_primary);
END;
