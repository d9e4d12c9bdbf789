-- An option's investment may be unknown (published results often give savings only): the
-- column becomes nullable, which SQLite allows only by rebuilding the table (foreign keys are
-- off while migrations run and checked before they commit). An option may also carry an
-- explicit cash-flow series (JSON array of whole VND, year 0..n).
CREATE TABLE options_new (
    id               TEXT PRIMARY KEY,
    assessment_id    TEXT NOT NULL REFERENCES assessments (id),
    title            TEXT NOT NULL,
    description      TEXT NOT NULL,
    techniques       TEXT NOT NULL,
    cause_ids        TEXT NOT NULL,
    waste_stream_ids TEXT NOT NULL,
    screening        TEXT,
    technical_notes  TEXT NOT NULL,
    investment_vnd   INTEGER,
    savings          TEXT NOT NULL,
    opex_change_vnd  INTEGER NOT NULL,
    life_years       INTEGER,
    score            REAL,
    selected         INTEGER NOT NULL,
    status           TEXT NOT NULL,
    source_item      TEXT NOT NULL,
    cash_flows_vnd   TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL,
    deleted          INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO options_new (id, assessment_id, title, description, techniques, cause_ids,
    waste_stream_ids, screening, technical_notes, investment_vnd, savings, opex_change_vnd,
    life_years, score, selected, status, source_item, cash_flows_vnd, created_at, updated_at,
    updated_by, deleted)
SELECT id, assessment_id, title, description, techniques, cause_ids, waste_stream_ids,
    screening, technical_notes, investment_vnd, savings, opex_change_vnd, life_years, score,
    selected, status, source_item, NULL, created_at, updated_at, updated_by, deleted
FROM options;
DROP TABLE options;
ALTER TABLE options_new RENAME TO options;
CREATE INDEX options_assessment ON options (assessment_id);
CREATE INDEX options_assessment_live ON options (deleted, assessment_id);
