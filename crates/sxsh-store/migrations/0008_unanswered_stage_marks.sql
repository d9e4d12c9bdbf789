-- A checklist response may exist before its item is answered (a note or a photo first): the
-- answer becomes nullable, which SQLite allows only by rebuilding the table (foreign keys are
-- off while migrations run and checked before they commit). The consultant's marks on the
-- stages of a quick assessment and the tasks of a detailed one get their own table, and an
-- assessment keeps its sustaining measures (NV17).
CREATE TABLE checklist_responses_new (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    item_code     TEXT NOT NULL,
    answer        TEXT,
    note          TEXT NOT NULL,
    reading       REAL,
    reading_unit  TEXT NOT NULL,
    option_id     TEXT REFERENCES options (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO checklist_responses_new (id, assessment_id, item_code, answer, note, reading,
    reading_unit, option_id, created_at, updated_at, updated_by, deleted)
SELECT id, assessment_id, item_code, answer, note, reading, reading_unit, option_id, created_at,
    updated_at, updated_by, deleted
FROM checklist_responses;
DROP TABLE checklist_responses;
ALTER TABLE checklist_responses_new RENAME TO checklist_responses;
CREATE INDEX checklist_responses_assessment ON checklist_responses (assessment_id);

CREATE TABLE stage_marks (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    stage         TEXT NOT NULL,
    state         TEXT NOT NULL,
    reason        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX stage_marks_assessment ON stage_marks (assessment_id);

ALTER TABLE assessments ADD COLUMN sustaining_measures TEXT NOT NULL DEFAULT '';
