-- Versions of every synced field, for last-writer-wins and conflicts (see sxsh-sync-proto).
-- A change op records, per field, the versions it replaces (`base`), who made it and when.
ALTER TABLE change_log ADD COLUMN base TEXT NOT NULL DEFAULT '{}';
ALTER TABLE change_log ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE change_log ADD COLUMN at TEXT NOT NULL DEFAULT '';
-- An insert's `created_at` (an imported row keeps the one of its origin).
ALTER TABLE change_log ADD COLUMN created_at TEXT;
-- 'remote': applied from another device; never pushed again as this device's own change.
ALTER TABLE change_log ADD COLUMN origin TEXT NOT NULL DEFAULT 'local'
    CHECK (origin IN ('local', 'remote'));

-- The current versions of each field: one head normally, several while concurrent changes of
-- the field compete (a conflict). The head with the greatest stamp is the field's value.
CREATE TABLE field_heads (
    entity  TEXT NOT NULL,
    row_id  TEXT NOT NULL,
    field   TEXT NOT NULL,
    hlc     TEXT NOT NULL,
    op_id   TEXT NOT NULL,
    value   TEXT NOT NULL,
    author  TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (entity, row_id, field, hlc)
) STRICT, WITHOUT ROWID;

-- Versions some change has replaced: such a version never becomes a head again, even when the
-- op that made it arrives after the op that replaced it.
CREATE TABLE field_superseded (
    entity  TEXT NOT NULL,
    row_id  TEXT NOT NULL,
    field   TEXT NOT NULL,
    hlc     TEXT NOT NULL,
    PRIMARY KEY (entity, row_id, field, hlc)
) STRICT, WITHOUT ROWID;

-- Fields whose concurrent changes wait for a person: the competing heads (JSON, by stamp, the
-- winner last). A pure function of the ops a store holds, so every store that holds the same
-- ops holds the same conflicts.
CREATE TABLE conflicts (
    entity  TEXT NOT NULL,
    row_id  TEXT NOT NULL,
    field   TEXT NOT NULL,
    heads   TEXT NOT NULL,
    PRIMARY KEY (entity, row_id, field)
) STRICT;

-- Remote ops that cannot be applied yet (their row or a parent has not arrived); retried after
-- every batch.
CREATE TABLE pending_ops (
    op_id   TEXT PRIMARY KEY,
    op      TEXT NOT NULL,
    reason  TEXT NOT NULL
) STRICT;
