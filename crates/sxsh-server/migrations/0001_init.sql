-- The office server's data, in the SQL both backends share (TEXT and BIGINT only). Version
-- stamps sort byte by byte (`COLLATE "C"`; SQLite reads it as BINARY), whatever the locale.
-- Never edit a migration: add the next one.

CREATE TABLE server_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled      BIGINT NOT NULL DEFAULT 0,
    -- Bumped when what the account may see changes; devices then pull again from 0.
    scope_epoch   BIGINT NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE account_programmes (
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    programme_id TEXT NOT NULL,
    PRIMARY KEY (account_id, programme_id)
);

-- Login tokens, by the sha256 of the token (the token itself is never stored).
CREATE TABLE tokens (
    hash       TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    device_id  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked    BIGINT NOT NULL DEFAULT 0
);

-- Every op the server accepted, in the order it accepted them (seq), each once by op id.
CREATE TABLE ops (
    seq         BIGINT PRIMARY KEY,
    op_id       TEXT NOT NULL UNIQUE,
    entity      TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    body        TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX ops_row ON ops (entity, row_id);

-- Who made each row and which rows it hangs from (for what an account may see).
CREATE TABLE row_scope (
    entity        TEXT NOT NULL,
    row_id        TEXT NOT NULL,
    owner         TEXT NOT NULL,
    assessment_id TEXT,
    PRIMARY KEY (entity, row_id)
);
CREATE INDEX row_scope_assessment ON row_scope (assessment_id);

-- The programmes a row is visible in (it never leaves one it was in).
CREATE TABLE row_programmes (
    entity       TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    PRIMARY KEY (entity, row_id, programme_id)
);
CREATE INDEX row_programmes_programme ON row_programmes (programme_id);

-- Field versions as on the devices: the current versions (heads) of every field, the versions
-- some op replaced, and the fields whose heads disagree.
CREATE TABLE field_heads (
    entity TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field  TEXT NOT NULL,
    hlc    TEXT COLLATE "C" NOT NULL,
    op_id  TEXT NOT NULL,
    value  TEXT NOT NULL,
    author TEXT NOT NULL,
    at     TEXT NOT NULL,
    PRIMARY KEY (entity, row_id, field, hlc)
);

CREATE TABLE field_superseded (
    entity TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field  TEXT NOT NULL,
    hlc    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (entity, row_id, field, hlc)
);

CREATE TABLE conflicts (
    entity TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field  TEXT NOT NULL,
    heads  TEXT NOT NULL,
    PRIMARY KEY (entity, row_id, field)
);
