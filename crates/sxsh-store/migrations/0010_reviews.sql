-- The programme office's reviews of synced assessments (issue 17): each a decision —
-- needs_changes with comments for the consultant, approved, or rejected — made on the office
-- server and synced to the devices, never changed after. The latest review of an assessment
-- is its review state; official roll-ups count approved assessments.
CREATE TABLE reviews (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    state         TEXT NOT NULL,
    comment       TEXT NOT NULL,
    reviewer      TEXT NOT NULL,
    reviewed_at   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX reviews_assessment ON reviews (assessment_id);
