-- Schema version 2: per-database settings (language, consultant, defaults) and an index for
-- "recent assessments" on the home screen.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX assessments_recent ON assessments (deleted, updated_at, id);
