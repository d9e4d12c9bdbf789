-- Schema version 1: every entity of DESIGN.md §3, the change log and store metadata.
-- Never edit this file once released: add a new numbered migration instead.

PRAGMA application_id = 1398297416; -- 'SXSH'

CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- One row per changed row, appended in the same transaction as the write. Sync pushes these.
CREATE TABLE change_log (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id          TEXT NOT NULL UNIQUE,
    entity         TEXT NOT NULL,
    row_id         TEXT NOT NULL,
    op             TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    fields         TEXT NOT NULL,
    hlc            TEXT NOT NULL,
    device_id      TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    pushed_at      TEXT
) STRICT;
CREATE INDEX change_log_row ON change_log (entity, row_id);

CREATE TABLE programmes (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    funder       TEXT NOT NULL,
    office       TEXT NOT NULL,
    province     TEXT NOT NULL,
    period_start TEXT,
    period_end   TEXT,
    targets      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE enterprises (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    tax_code        TEXT NOT NULL,
    address         TEXT NOT NULL,
    province        TEXT NOT NULL,
    district        TEXT NOT NULL,
    commune         TEXT NOT NULL,
    craft_village   TEXT NOT NULL,
    sector          TEXT NOT NULL,
    main_products   TEXT NOT NULL,
    design_capacity REAL,
    capacity_unit   TEXT NOT NULL,
    employees       INTEGER,
    contact_name    TEXT NOT NULL,
    contact_phone   TEXT NOT NULL,
    contact_email   TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE assessments (
    id                    TEXT PRIMARY KEY,
    enterprise_id         TEXT NOT NULL REFERENCES enterprises (id),
    programme_id          TEXT REFERENCES programmes (id),
    kind                  TEXT NOT NULL,
    cycle                 INTEGER NOT NULL,
    title                 TEXT NOT NULL,
    status                TEXT NOT NULL,
    start_date            TEXT,
    end_date              TEXT,
    consultant            TEXT NOT NULL,
    baseline_start        TEXT,
    baseline_end          TEXT,
    production_volume     REAL,
    production_unit       TEXT NOT NULL,
    discount_rate         REAL NOT NULL,
    life_years            INTEGER NOT NULL,
    tax_rate              REAL NOT NULL,
    grid_ef_year          INTEGER,
    custom_grid_ef        REAL,
    custom_grid_ef_source TEXT NOT NULL,
    checklists            TEXT NOT NULL,
    scope                 TEXT NOT NULL,
    focus_recommendation  TEXT NOT NULL,
    next_steps            TEXT NOT NULL,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    updated_by            TEXT NOT NULL,
    deleted               INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX assessments_enterprise ON assessments (enterprise_id);

CREATE TABLE team_members (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    name          TEXT NOT NULL,
    position      TEXT NOT NULL,
    role          TEXT NOT NULL,
    organisation  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX team_members_assessment ON team_members (assessment_id);

CREATE TABLE process_steps (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    seq           INTEGER NOT NULL,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL,
    is_focus      INTEGER NOT NULL,
    focus_scores  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX process_steps_assessment ON process_steps (assessment_id);

CREATE TABLE flows (
    id             TEXT PRIMARY KEY,
    assessment_id  TEXT NOT NULL REFERENCES assessments (id),
    step_id        TEXT REFERENCES process_steps (id),
    direction      TEXT NOT NULL,
    category       TEXT NOT NULL,
    name           TEXT NOT NULL,
    quantity       REAL NOT NULL,
    unit           TEXT NOT NULL,
    period         TEXT NOT NULL,
    unit_price_vnd INTEGER,
    fuel_code      TEXT NOT NULL,
    source         TEXT NOT NULL,
    note           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX flows_assessment ON flows (assessment_id);

CREATE TABLE waste_streams (
    id                          TEXT PRIMARY KEY,
    assessment_id               TEXT NOT NULL REFERENCES assessments (id),
    step_id                     TEXT REFERENCES process_steps (id),
    name                        TEXT NOT NULL,
    kind                        TEXT NOT NULL,
    quantity                    REAL NOT NULL,
    unit                        TEXT NOT NULL,
    period                      TEXT NOT NULL,
    material_value_per_unit_vnd INTEGER,
    embedded_energy_kwh         REAL,
    embedded_water_m3           REAL,
    treatment_cost_vnd          INTEGER,
    disposal_cost_vnd           INTEGER,
    fees_vnd                    INTEGER,
    note                        TEXT NOT NULL,
    created_at                  TEXT NOT NULL,
    updated_at                  TEXT NOT NULL,
    updated_by                  TEXT NOT NULL,
    deleted                     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX waste_streams_assessment ON waste_streams (assessment_id);

CREATE TABLE causes (
    id              TEXT PRIMARY KEY,
    assessment_id   TEXT NOT NULL REFERENCES assessments (id),
    waste_stream_id TEXT REFERENCES waste_streams (id),
    category        TEXT NOT NULL,
    description     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX causes_assessment ON causes (assessment_id);

CREATE TABLE options (
    id               TEXT PRIMARY KEY,
    assessment_id    TEXT NOT NULL REFERENCES assessments (id),
    title            TEXT NOT NULL,
    description      TEXT NOT NULL,
    techniques       TEXT NOT NULL,
    cause_ids        TEXT NOT NULL,
    waste_stream_ids TEXT NOT NULL,
    screening        TEXT,
    technical_notes  TEXT NOT NULL,
    investment_vnd   INTEGER NOT NULL,
    savings          TEXT NOT NULL,
    opex_change_vnd  INTEGER NOT NULL,
    life_years       INTEGER,
    score            REAL,
    selected         INTEGER NOT NULL,
    status           TEXT NOT NULL,
    source_item      TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL,
    deleted          INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX options_assessment ON options (assessment_id);

CREATE TABLE actions (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    option_id     TEXT REFERENCES options (id),
    title         TEXT NOT NULL,
    owner         TEXT NOT NULL,
    start_date    TEXT,
    end_date      TEXT,
    budget_vnd    INTEGER,
    status        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX actions_assessment ON actions (assessment_id);

CREATE TABLE monitoring_records (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    option_id     TEXT REFERENCES options (id),
    indicator     TEXT NOT NULL,
    unit          TEXT NOT NULL,
    baseline      REAL NOT NULL,
    after         REAL NOT NULL,
    period        TEXT NOT NULL,
    note          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX monitoring_records_assessment ON monitoring_records (assessment_id);

CREATE TABLE checklist_responses (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    item_code     TEXT NOT NULL,
    answer        TEXT NOT NULL,
    note          TEXT NOT NULL,
    reading       REAL,
    reading_unit  TEXT NOT NULL,
    option_id     TEXT REFERENCES options (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX checklist_responses_assessment ON checklist_responses (assessment_id);

CREATE TABLE observations (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    area          TEXT NOT NULL,
    text          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX observations_assessment ON observations (assessment_id);

-- Metadata only: the bytes live in files named by sha256 under the data directory.
CREATE TABLE attachments (
    id            TEXT PRIMARY KEY,
    sha256        TEXT NOT NULL,
    mime          TEXT NOT NULL,
    size          INTEGER NOT NULL,
    caption       TEXT NOT NULL,
    taken_at      TEXT,
    owner_entity  TEXT NOT NULL,
    owner_id      TEXT NOT NULL,
    assessment_id TEXT REFERENCES assessments (id),
    original_name TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX attachments_owner ON attachments (owner_entity, owner_id);
CREATE INDEX attachments_assessment ON attachments (assessment_id);
CREATE INDEX attachments_sha256 ON attachments (sha256);
