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

/// Migration 6 rebuilds `options` (its investment may be unknown) while actions, monitoring
/// records and checklist answers refer to it: a schema-5 database holding the demo's rows is
/// upgraded with every option, field and reference kept, foreign keys enforced again after.
#[test]
fn the_options_rebuild_of_schema_6_keeps_every_option_and_reference() {
    let dir = tempfile::tempdir().unwrap();
    let (src, old) = (dir.path().join("src"), dir.path().join("old"));
    Api::open(&src).unwrap().load_demo().unwrap();
    std::fs::create_dir_all(&old).unwrap();
    let tables = [
        "programmes",
        "enterprises",
        "assessments",
        "process_steps",
        "waste_streams",
        "causes",
        "options",
        "actions",
        "monitoring_records",
        "checklist_responses",
    ];
    {
        let mut conn = rusqlite::Connection::open(old.join("sxsh.db")).unwrap();
        conn.pragma_update(None, "application_id", 0x5358_5348)
            .unwrap();
        sxsh_store::migrate::migrate_to(&mut conn, 5).unwrap();
        conn.execute("ATTACH ?1 AS src", [src.join("sxsh.db").to_str().unwrap()])
            .unwrap();
        for t in tables {
            // The schema-5 columns of each table, taken from the schema-6 rows.
            let cols: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let cols = cols.join(", ");
            conn.execute_batch(&format!(
                "INSERT INTO main.{t} ({cols}) SELECT {cols} FROM src.{t}"
            ))
            .unwrap();
        }
        conn.execute_batch("DETACH src").unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 5);
    }
    let api = Api::open(&old).unwrap();
    assert_eq!(api.info().unwrap().schema_version, SCHEMA_VERSION);
    drop(api);
    let conn = rusqlite::Connection::open(old.join("sxsh.db")).unwrap();
    conn.execute("ATTACH ?1 AS src", [src.join("sxsh.db").to_str().unwrap()])
        .unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let options = count("SELECT count(*) FROM src.options");
    assert!(options >= 12);
    // Every option, with every field, is there; none has a cash-flow series yet.
    assert_eq!(
        count(
            "SELECT count(*) FROM main.options o JOIN src.options s USING (id)
             WHERE o.title = s.title AND o.investment_vnd IS s.investment_vnd
               AND o.savings = s.savings AND o.status = s.status AND o.selected = s.selected
               AND o.cash_flows_vnd IS NULL"
        ),
        options
    );
    let linked = count("SELECT count(*) FROM main.actions WHERE option_id IS NOT NULL");
    assert!(linked > 0, "the demo's actions refer to options");
    assert_eq!(
        count("SELECT count(*) FROM main.actions a JOIN main.options o ON o.id = a.option_id"),
        linked
    );
    let broken: Option<String> = conn
        .query_row("PRAGMA main.foreign_key_check", [], |r| r.get(0))
        .ok();
    assert_eq!(broken, None);
    let indexes = count(
        "SELECT count(*) FROM main.sqlite_master WHERE type = 'index' AND tbl_name = 'options'
           AND name IN ('options_assessment', 'options_assessment_live')",
    );
    assert_eq!(indexes, 2);
    drop(conn);
    // Through the store again: references are enforced, and an unknown investment is stored.
    let api = Api::open(&old).unwrap();
    let recent = api.recent_assessments(10).unwrap();
    let aid = &recent[0].assessment.data.id;
    let mut o = api.children::<sxsh_api::dto::CpOption>(aid).unwrap()[0]
        .data
        .clone();
    o.investment_vnd = None;
    api.update(o.clone()).unwrap();
    assert_eq!(
        api.get::<sxsh_api::dto::CpOption>(&o.id)
            .unwrap()
            .data
            .investment_vnd,
        None
    );
    let conn = rusqlite::Connection::open(old.join("sxsh.db")).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let bad = conn.execute(
        "UPDATE actions SET option_id = 'no-such-option' WHERE option_id IS NOT NULL",
        [],
    );
    assert!(bad.is_err(), "a reference to a missing option is refused");
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
