-- Schema version 3: read-only reference tables, loaded from the product's reference files
-- (assets/reference) and replaced as a whole when the data set's version changes. No API writes
-- them; they are not change-logged (the programme office ships them, devices never edit them).

CREATE TABLE ref_dataset (
    name      TEXT PRIMARY KEY,
    version   TEXT NOT NULL,
    loaded_at TEXT NOT NULL
) STRICT;

CREATE TABLE ref_fuels (
    code     TEXT PRIMARY KEY,
    biogenic INTEGER NOT NULL,
    data     TEXT NOT NULL
) STRICT;

CREATE TABLE ref_grid_factors (
    year     INTEGER PRIMARY KEY,
    value    REAL NOT NULL,
    official INTEGER NOT NULL,
    verified INTEGER NOT NULL,
    source   TEXT NOT NULL
) STRICT;

CREATE TABLE ref_toe_factors (
    carrier TEXT NOT NULL,
    unit    TEXT NOT NULL,
    min     REAL NOT NULL,
    max     REAL NOT NULL,
    source  TEXT NOT NULL,
    PRIMARY KEY (carrier, unit)
) STRICT;

CREATE TABLE ref_unit_conversions (
    from_unit TEXT NOT NULL,
    to_unit   TEXT NOT NULL,
    factor    REAL NOT NULL,
    exact     INTEGER NOT NULL,
    PRIMARY KEY (from_unit, to_unit)
) STRICT;

CREATE TABLE ref_benchmarks (
    id     TEXT PRIMARY KEY,
    sector TEXT NOT NULL,
    unit   TEXT NOT NULL,
    data   TEXT NOT NULL
) STRICT;

CREATE TABLE ref_techniques (
    code TEXT PRIMARY KEY,
    data TEXT NOT NULL
) STRICT;

CREATE TABLE ref_tasks (
    id   TEXT PRIMARY KEY,
    step INTEGER NOT NULL,
    data TEXT NOT NULL
) STRICT;

CREATE TABLE ref_targets (
    id   TEXT PRIMARY KEY,
    data TEXT NOT NULL
) STRICT;

CREATE TABLE ref_gwp_sets (
    code TEXT PRIMARY KEY,
    ch4  REAL NOT NULL,
    n2o  REAL NOT NULL,
    data TEXT NOT NULL
) STRICT;

-- Roll-ups read options and monitoring records of many assessments at once.
CREATE INDEX options_assessment_live ON options (deleted, assessment_id);
