-- Online meetings (issue 23, item 5): a meeting takes place at a table (`on_site`, as
-- before) or online, by a link the desk gives (`join_url`, stored as data, never fetched).
-- An online meeting has no table; only an online meeting has a link.
ALTER TABLE meetings ADD COLUMN mode TEXT NOT NULL DEFAULT 'on_site'
    CHECK (mode IN ('on_site', 'online'));
ALTER TABLE meetings ADD COLUMN join_url TEXT
    CHECK ((mode = 'online' AND table_id IS NULL) OR (mode = 'on_site' AND join_url IS NULL));
