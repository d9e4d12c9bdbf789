-- The programme office's records (issue 17), made in the portal and synced to the devices
-- that see their programme or enterprise: training events with their attendance lists,
-- awareness surveys of enterprises, and support given to enterprises. They feed the
-- dashboard's indicators (facilities aware, extension officers trained, support given).
CREATE TABLE training_events (
    id           TEXT PRIMARY KEY,
    programme_id TEXT REFERENCES programmes (id),
    date         TEXT NOT NULL,
    topic        TEXT NOT NULL,
    place        TEXT NOT NULL,
    province     TEXT NOT NULL,
    district     TEXT NOT NULL,
    trainers     TEXT NOT NULL,
    attendees    TEXT NOT NULL,
    note         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX training_events_programme ON training_events (programme_id);

CREATE TABLE awareness_surveys (
    id            TEXT PRIMARY KEY,
    enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
    programme_id  TEXT REFERENCES programmes (id),
    survey_date   TEXT NOT NULL,
    aware         INTEGER NOT NULL,
    applying      INTEGER NOT NULL,
    planning      INTEGER NOT NULL,
    note          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX awareness_surveys_enterprise ON awareness_surveys (enterprise_id);

CREATE TABLE support_records (
    id            TEXT PRIMARY KEY,
    enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
    programme_id  TEXT REFERENCES programmes (id),
    kind          TEXT NOT NULL,
    date          TEXT NOT NULL,
    amount_vnd    INTEGER,
    lender        TEXT NOT NULL,
    description   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX support_records_enterprise ON support_records (enterprise_id);
