-- The programme office's list of administrative areas (issue 17): provinces, districts,
-- communes and craft villages, each named with the areas it is in. Made in the portal and
-- synced to the devices that see everything (an office admin's).
CREATE TABLE admin_areas (
    id         TEXT PRIMARY KEY,
    level      TEXT NOT NULL,
    name       TEXT NOT NULL,
    province   TEXT NOT NULL,
    district   TEXT NOT NULL,
    commune    TEXT NOT NULL,
    code       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0
) STRICT;
