-- The programme office's list of administrative areas (issue 17): provinces, districts,
-- communes and craft villages, each named with the areas it is in. Made in the portal and
-- synced to the devices that see everything (an office admin's). Also: whether a programme's
-- results are public, and the case studies enterprises agreed to publish.
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

ALTER TABLE programmes ADD COLUMN public INTEGER NOT NULL DEFAULT 0;

CREATE TABLE case_studies (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    consent_date  TEXT NOT NULL,
    consent_ref   TEXT NOT NULL,
    summary       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX case_studies_assessment ON case_studies (assessment_id);
