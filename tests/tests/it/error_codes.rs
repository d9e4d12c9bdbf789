//! The error codes no other test reaches: each situation gets its own code and changes nothing.
//! With `bad_input.rs`, `hostile.rs`, `migrations.rs` and the CLI's `hostile.rs` every
//! [`ErrorCode`] a host may see is shown by a test (the table in ARCHITECTURE.md names which).

use crate::common;
use common::*;
use std::path::Path;
use sxsh_api::dto::*;
use sxsh_api::{Api, ApiError, ErrorCode};
use sxsh_tests::{dump_db, file_list};

fn err<T: std::fmt::Debug>(r: Result<T, ApiError>) -> ApiError {
    r.expect_err("must be refused")
}

#[test]
fn a_row_with_an_existing_id_is_duplicate() {
    let (dir, api, e, _a) = seeded();
    let before = dump_db(dir.path());
    let mut again = enterprise("Hộ khác");
    again.id = e;
    let e = err(api.create(again));
    assert_eq!(e.code, ErrorCode::Duplicate, "{e}");
    assert_eq!(dump_db(dir.path()), before);
}

#[test]
fn a_missing_attachment_file_is_attachment_missing() {
    let (dir, api, _e, a) = seeded();
    let stored = api
        .import_attachment(
            AttachmentInput {
                owner_entity: "assessment".into(),
                owner_id: a,
                caption: "Biên bản".into(),
                original_name: "bien-ban.txt".into(),
                taken_at: None,
            },
            "biên bản khảo sát".as_bytes(),
        )
        .unwrap();
    let sha = &stored.data.sha256;
    std::fs::remove_file(dir.path().join("attachments").join(&sha[..2]).join(sha)).unwrap();
    let e = err(api.attachment_bytes(&stored.data.id));
    assert_eq!(e.code, ErrorCode::AttachmentMissing, "{e}");
}

#[test]
fn a_file_over_the_limit_is_file_too_large_without_being_read() {
    let (dir, api, _e, _a) = seeded();
    let outside = tempfile::tempdir().unwrap();
    // A sparse file: 300 MB by its size, no disk space used.
    let big = outside.path().join("lon.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    let before = (dump_db(dir.path()), file_list(dir.path()));
    let e = err(sxsh_api::read_import_file(&big));
    assert_eq!(e.code, ErrorCode::FileTooLarge, "{e}");
    let e = err(api.import_attachment_file(
        AttachmentInput {
            owner_entity: "enterprise".into(),
            owner_id: "x".into(),
            caption: String::new(),
            original_name: String::new(),
            taken_at: None,
        },
        &big,
    ));
    assert_eq!(e.code, ErrorCode::FileTooLarge, "{e}");
    assert!((dump_db(dir.path()), file_list(dir.path())) == before);
}

#[test]
fn a_write_while_another_connection_holds_the_database_is_db_busy() {
    let (dir, api, e, _a) = seeded();
    // Something outside SXSH Field (a DB browser) holds a write lock past the busy timeout.
    let other = rusqlite::Connection::open(dir.path().join("sxsh.db")).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let mut row = api.get::<Enterprise>(&e).unwrap().data;
    row.name = "Tên mới".into();
    let err = err(api.update(row));
    assert_eq!(err.code, ErrorCode::DbBusy, "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        api.get::<Enterprise>(&e).unwrap().data.name,
        "Hộ gốm Đào Việt Bình"
    );
}

#[test]
fn a_reader_of_an_older_database_is_db_older_version_and_a_writer_upgrades_it() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema_v1.db");
    std::fs::copy(fixture, dir.path().join("sxsh.db")).unwrap();
    let before = dump_db(dir.path());
    let e = err(Api::open_read_only(dir.path()));
    assert_eq!(e.code, ErrorCode::DbOlderVersion, "{e}");
    assert!(e.message.contains("sxsh init"), "says what to do: {e}");
    assert_eq!(dump_db(dir.path()), before, "a reader never migrates");
    Api::open(dir.path()).unwrap();
    Api::open_read_only(dir.path()).unwrap();
}

#[test]
fn permission_and_missing_file_errors_keep_their_own_codes() {
    let p = Path::new("/x");
    let code = |kind| ApiError::io(p, std::io::Error::from(kind)).code;
    assert_eq!(
        code(std::io::ErrorKind::PermissionDenied),
        ErrorCode::PermissionDenied
    );
    assert_eq!(code(std::io::ErrorKind::NotFound), ErrorCode::FileNotFound);
    assert_eq!(code(std::io::ErrorKind::StorageFull), ErrorCode::DiskFull);
    assert_eq!(
        code(std::io::ErrorKind::ReadOnlyFilesystem),
        ErrorCode::ReadOnly
    );
    assert_eq!(
        code(std::io::ErrorKind::IsADirectory),
        ErrorCode::NotARegularFile
    );
    assert_eq!(code(std::io::ErrorKind::ConnectionReset), ErrorCode::Io);
}

#[test]
fn a_second_open_in_the_same_process_is_data_dir_in_use() {
    let (dir, _api, _e, _a) = seeded();
    let e = err(Api::open(dir.path()));
    assert_eq!(e.code, ErrorCode::DataDirInUse, "{e}");
    assert!(e.message.contains("pid"), "names the holder: {e}");
    let e = err(Api::open_read_only(dir.path()));
    assert_eq!(e.code, ErrorCode::DataDirInUse, "{e}");
}
