//! Migrations on an empty database, upgrade of a committed schema-1 fixture, and refusal of
//! files we must not open (newer version, not a database, another app's database, corrupt).

use std::path::Path;
use sxsh_api::{Api, ErrorCode};
use sxsh_store::{SCHEMA_VERSION, Store};

// The fixture test needs at least one migration after version 1.
const _: () = assert!(SCHEMA_VERSION >= 2);

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn migrations_run_on_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    store.integrity_check().unwrap();
    let tables: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('enterprises', 'change_log', 'settings')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 3);
}

#[test]
fn a_schema_1_fixture_is_upgraded_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("schema_v1.db"), dir.path().join("sxsh.db")).unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join("sxsh.db")).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1, "the fixture must stay at schema version 1");
    }
    let api = Api::open(dir.path()).unwrap();
    assert_eq!(api.info().unwrap().schema_version, SCHEMA_VERSION);
    let found = api.search_enterprises("kim lan").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].data.name, "Hộ gốm Nguyễn Văn Lâm");
    let recent = api.recent_assessments(10).unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].enterprise_name, "Hộ gốm Nguyễn Văn Lâm");
    // Version-2 features work on the upgraded file.
    api.set_setting("language", "vi").unwrap();
    assert_eq!(api.setting("language").unwrap().as_deref(), Some("vi"));
}

fn refused(bytes: &[u8]) -> (ErrorCode, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sxsh.db");
    std::fs::write(&path, bytes).unwrap();
    let err = Api::open(dir.path()).expect_err("must be refused");
    (err.code, std::fs::read(&path).unwrap())
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store
            .conn()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        store.close().unwrap();
    }
    let bytes = std::fs::read(dir.path().join("sxsh.db")).unwrap();
    let (code, after) = refused(&bytes);
    assert_eq!(code, ErrorCode::DbNewerVersion);
    assert_eq!(after, bytes, "the refused file must not change");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_byte_identical() {
    let text = "Đây là một tệp văn bản, không phải cơ sở dữ liệu.\n".repeat(200);
    let (code, after) = refused(text.as_bytes());
    assert_eq!(code, ErrorCode::DbNotADatabase);
    assert_eq!(after, text.as_bytes());
    let (code, _) = refused(b"SQLite");
    assert_eq!(code, ErrorCode::DbNotADatabase, "a short file");
}

#[test]
fn another_applications_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('Bèo dạt mây trôi');",
        )
        .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let (code, after) = refused(&bytes);
    assert_eq!(code, ErrorCode::DbForeign);
    assert_eq!(after, bytes);
}

#[test]
fn a_corrupt_database_is_refused_with_its_code() {
    let dir = tempfile::tempdir().unwrap();
    {
        let api = Api::open(dir.path()).unwrap();
        api.load_demo().unwrap();
    }
    let mut bytes = std::fs::read(dir.path().join("sxsh.db")).unwrap();
    // Overwrite the schema page (page 1 after the 100-byte header) with garbage.
    for b in bytes.iter_mut().take(4096).skip(100) {
        *b = 0xA5;
    }
    let (code, after) = refused(&bytes);
    assert_eq!(code, ErrorCode::DbCorrupt);
    assert_eq!(after, bytes);
}
