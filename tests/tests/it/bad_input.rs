//! Bad input, table-driven: each case gets its own error code (and field code where a field is
//! at fault) and changes nothing, checked by comparing a dump of the database before and after.

use crate::common;
use common::*;
use std::path::Path;
use sxsh_api::dto::*;
use sxsh_api::{Api, ApiError, ErrorCode};
use sxsh_domain::FieldErrorCode;
use sxsh_tests::dump_db;

/// One bad input: how to submit it, against an API on a data dir and an assessment id.
type Run = Box<dyn Fn(&Api, &Path, &str) -> Result<(), ApiError>>;

type Case = (
    &'static str,
    Run,
    ErrorCode,
    Option<(&'static str, FieldErrorCode)>,
);

fn with_flow(f: impl Fn(&mut Flow) + 'static) -> Run {
    Box::new(move |api, _, a| {
        let mut row = flow(a, "Than cám", 10.0);
        f(&mut row);
        api.create(row).map(|_| ())
    })
}

fn exported(api: &Api, a: &str) -> String {
    serde_json::to_string_pretty(&api.export_assessment(a).unwrap()).unwrap()
}

#[test]
fn bad_input_gets_its_own_code_and_changes_nothing() {
    let (dir, api, e, a) = seeded();
    api.create(flow(&a, "Điện lưới", 100.0)).unwrap();
    let backup_file = backup_path(dir.path(), "ok.sxshbak");
    api.backup(&backup_file, &mut |_, _| {}).unwrap();

    let cases: Vec<Case> = vec![
        (
            "NaN quantity",
            with_flow(|f| f.quantity = f64::NAN),
            ErrorCode::ValidationFailed,
            Some(("quantity", FieldErrorCode::NotFinite)),
        ),
        (
            "infinite quantity",
            with_flow(|f| f.quantity = f64::INFINITY),
            ErrorCode::ValidationFailed,
            Some(("quantity", FieldErrorCode::NotFinite)),
        ),
        (
            "negative quantity",
            with_flow(|f| f.quantity = -0.5),
            ErrorCode::ValidationFailed,
            Some(("quantity", FieldErrorCode::Negative)),
        ),
        (
            "1 MB note",
            with_flow(|f| f.note = "ệ".repeat(1 << 20)),
            ErrorCode::ValidationFailed,
            Some(("note", FieldErrorCode::TooLong)),
        ),
        (
            "1 MB name",
            Box::new(|api, _, _| api.create(enterprise(&"Đ".repeat(1 << 20))).map(|_| ())),
            ErrorCode::ValidationFailed,
            Some(("name", FieldErrorCode::TooLong)),
        ),
        (
            "unknown unit",
            with_flow(|f| f.unit = "bao tải".into()),
            ErrorCode::ValidationFailed,
            Some(("unit", FieldErrorCode::UnknownUnit)),
        ),
        (
            "negative price",
            with_flow(|f| f.unit_price_vnd = Some(-1)),
            ErrorCode::ValidationFailed,
            Some(("unit_price_vnd", FieldErrorCode::Negative)),
        ),
        (
            "unknown assessment id",
            with_flow(|f| f.assessment_id = "0190f5a2-7c1e-7a10-8000-00000000dead".into()),
            ErrorCode::NotFound,
            None,
        ),
        (
            "unknown id on update",
            Box::new(|api, _, _| {
                let mut row = enterprise("Không có");
                row.id = "0190f5a2-7c1e-7a10-8000-00000000beef".into();
                api.update(row).map(|_| ())
            }),
            ErrorCode::NotFound,
            None,
        ),
        (
            "unknown id on delete",
            Box::new(|api, _, _| api.delete::<Flow>("0190f5a2-7c1e-7a10-8000-00000000beef")),
            ErrorCode::NotFound,
            None,
        ),
        (
            "malformed id",
            Box::new(|api, _, _| api.get::<Enterprise>("not-an-id").map(|_| ())),
            ErrorCode::NotFound,
            None,
        ),
        (
            "truncated import JSON",
            Box::new(|api, _, a| {
                let text = exported(api, a);
                api.import_json(&text[..text.len() / 2]).map(|_| ())
            }),
            ErrorCode::ImportMalformed,
            None,
        ),
        (
            "import of another format",
            Box::new(|api, _, _| {
                api.import_json(r#"{"format":"xlsx","rows":[]}"#)
                    .map(|_| ())
            }),
            ErrorCode::ImportMalformed,
            None,
        ),
        (
            "import from a future version",
            Box::new(|api, _, a| {
                let text =
                    exported(api, a).replacen("\"format_version\": 1", "\"format_version\": 99", 1);
                api.import_json(&text).map(|_| ())
            }),
            ErrorCode::ImportNewerVersion,
            None,
        ),
        (
            "import with NaN-like text",
            Box::new(|api, _, a| {
                let text = exported(api, a).replacen("\"quantity\": 100.0", "\"quantity\": NaN", 1);
                api.import_json(&text).map(|_| ())
            }),
            ErrorCode::ImportMalformed,
            None,
        ),
        (
            "import with a negative quantity",
            Box::new(|api, _, a| {
                let text =
                    exported(api, a).replacen("\"quantity\": 100.0", "\"quantity\": -100.0", 1);
                api.import_json(&text).map(|_| ())
            }),
            ErrorCode::ValidationFailed,
            Some(("flows[0].quantity", FieldErrorCode::Negative)),
        ),
        (
            "backup with one flipped byte",
            Box::new(|api, dir, _| {
                let mut bytes = std::fs::read(dir.join("backups/ok.sxshbak")).unwrap();
                let mid = bytes.len() / 3;
                bytes[mid] ^= 0x40;
                let damaged = dir.join("damaged.sxshbak");
                std::fs::write(&damaged, bytes).unwrap();
                api.restore(&damaged).map(|_| ())
            }),
            ErrorCode::BackupCorrupt,
            None,
        ),
        (
            "backup that is not a zip",
            Box::new(|api, dir, _| {
                let f = dir.join("text.sxshbak");
                std::fs::write(&f, "xin chào").unwrap();
                api.restore(&f).map(|_| ())
            }),
            ErrorCode::BackupCorrupt,
            None,
        ),
        (
            "attachment owner that does not exist",
            Box::new(|api, _, _| {
                let input = AttachmentInput {
                    owner_entity: "observation".into(),
                    owner_id: "0190f5a2-7c1e-7a10-8000-00000000beef".into(),
                    caption: String::new(),
                    original_name: "a.jpg".into(),
                    taken_at: None,
                };
                api.import_attachment(input, b"\xFF\xD8\xFF\xE0 not really")
                    .map(|_| ())
            }),
            ErrorCode::NotFound,
            None,
        ),
    ];

    // Run each case and compare the database before and after.
    for (name, run, code, field) in cases {
        let before = dump_db(dir.path());
        let err = run(&api, dir.path(), &a).expect_err(name);
        assert_eq!(err.code, code, "{name}: {err}");
        if let Some((f, fc)) = field {
            assert_eq!(
                err.field_errors
                    .iter()
                    .map(|e| (e.field.as_str(), e.code))
                    .collect::<Vec<_>>(),
                vec![(f, fc)],
                "{name}"
            );
        }
        assert_eq!(dump_db(dir.path()), before, "{name} changed the database");
    }
    // The enterprise is untouched by all of it.
    assert_eq!(
        api.get::<Enterprise>(&e).unwrap().data.name,
        "Hộ gốm Đào Việt Bình"
    );
}

#[test]
fn a_backup_with_any_single_flipped_byte_in_its_data_is_refused() {
    let (dir, api, _e, a) = seeded();
    api.create(flow(&a, "Than cám", 10.0)).unwrap();
    let file = backup_path(dir.path(), "b.sxshbak");
    api.backup(&file, &mut |_, _| {}).unwrap();
    let good = std::fs::read(&file).unwrap();
    let before = dump_db(dir.path());
    // Flip one byte at a time across the whole file: headers, data, manifest, directory, seal.
    let mut refused = 0;
    let positions = (0..good.len())
        .step_by(good.len() / 60)
        .chain(good.len() - 70..good.len());
    for pos in positions {
        let mut bytes = good.clone();
        bytes[pos] ^= 0x01;
        std::fs::write(&file, &bytes).unwrap();
        let err = api.restore(&file).expect_err(&format!(
            "a flipped byte at {pos} of {} must be refused",
            bytes.len()
        ));
        assert_eq!(err.code, ErrorCode::BackupCorrupt, "byte {pos}");
        refused += 1;
    }
    assert!(refused >= 60);
    assert_eq!(dump_db(dir.path()), before);
}
