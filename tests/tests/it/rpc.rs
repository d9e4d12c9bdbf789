//! The UI's JSON methods (`sxsh_api::rpc::Rpc`), as the desktop shell and `sxsh serve-ui` call
//! them: typed numbers parsed and judged in Rust, settings, quick wins, photos, reports and
//! backup jobs, on real data folders.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};
use std::sync::Arc;
use sxsh_api::rpc::Rpc;
use sxsh_api::{Api, ApiError, ErrorCode};
use sxsh_tests::{dump_db, pdftotext, phone_photo, wait_job};

fn demo_rpc() -> (tempfile::TempDir, Rpc) {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    api.load_demo().unwrap();
    (dir, Rpc::new(Arc::new(api)))
}

fn call(rpc: &Rpc, method: &str, params: Value) -> Value {
    rpc.call(method, params)
        .unwrap_or_else(|e| panic!("{method}: {e}"))
}

fn fails(rpc: &Rpc, method: &str, params: Value) -> ApiError {
    match rpc.call(method, params) {
        Ok(v) => panic!("{method} should fail, gave {v}"),
        Err(e) => e,
    }
}

fn field_codes(e: &ApiError) -> Vec<(String, String)> {
    let mut v: Vec<_> = e
        .field_errors
        .iter()
        .map(|f| (f.field.clone(), f.code.as_str().to_string()))
        .collect();
    v.sort();
    v
}

fn pottery_assessment(rpc: &Rpc) -> (String, Value) {
    let list = call(rpc, "enterprise.list", json!({"query": "kim lan"}));
    let enterprise = list[0]["id"].as_str().unwrap().to_string();
    let a = call(
        rpc,
        "assessment.create",
        json!({"enterprise_id": enterprise}),
    );
    (a["id"].as_str().unwrap().to_string(), a)
}

#[test]
fn typed_numbers_are_parsed_in_the_settings_language_and_bad_ones_save_nothing() {
    let (dir, rpc) = demo_rpc();
    let new = json!({"id": "", "kind": "craft_household", "name": "Hộ gốm Lê Văn Tám",
                     "capacity_unit": "t"});
    let saved = call(
        &rpc,
        "row.create",
        json!({"entity": "enterprise", "row": new,
               "raw": {"design_capacity": {"text": "1.234,5"},
                       "employees": {"text": "12", "integer": true}}}),
    );
    assert_eq!(saved["design_capacity"], json!(1234.5));
    assert_eq!(saved["employees"], json!(12));

    // In English the same text means something else.
    let mut settings = call(&rpc, "settings.get", json!({}));
    settings["lang"] = json!("en");
    call(&rpc, "settings.save", json!({"settings": settings}));
    let again = call(
        &rpc,
        "row.patch",
        json!({"entity": "enterprise", "id": saved["id"], "fields": {"design_capacity": 0},
               "raw": {"design_capacity": {"text": "1,234.5"}}, "base": saved["versions"]}),
    );
    assert_eq!(again["design_capacity"], json!(1234.5));
    assert_eq!(
        again["name"],
        json!("Hộ gốm Lê Văn Tám"),
        "fields not patched are kept"
    );

    // Letters, a fraction of a person, a negative quantity and an empty name: every field error
    // at once, and the database is byte-for-byte unchanged.
    let before = dump_db(dir.path());
    let e = fails(
        &rpc,
        "row.patch",
        json!({"entity": "enterprise", "id": again["id"],
               "fields": {"name": "", "design_capacity": 1, "employees": 1},
               "raw": {"design_capacity": {"text": "12abc"},
                       "employees": {"text": "2.5", "integer": true}},
               "base": again["versions"]}),
    );
    assert_eq!(e.code, ErrorCode::ValidationFailed);
    assert_eq!(
        field_codes(&e),
        vec![
            ("design_capacity".into(), "not_a_number".into()),
            ("employees".into(), "not_a_number".into()),
            ("name".into(), "required".into()),
        ]
    );
    assert_eq!(dump_db(dir.path()), before, "a refused save writes nothing");
    let (a, _) = pottery_assessment(&rpc);
    let before_flow = dump_db(dir.path());
    let flow = json!({"id": "", "assessment_id": a, "step_id": null, "direction": "in",
                      "category": "water", "name": "Nước giếng", "quantity": 0, "unit": "m3",
                      "period": "month", "unit_price_vnd": null, "source": "measured"});
    let e = fails(
        &rpc,
        "row.create",
        json!({"entity": "flow", "row": flow, "raw": {"quantity": {"text": "-5", "required": true}}}),
    );
    assert_eq!(
        field_codes(&e),
        vec![("quantity".into(), "negative".into())]
    );
    assert_eq!(dump_db(dir.path()), before_flow);
}

#[test]
fn a_huge_text_is_refused_as_too_long() {
    let (dir, rpc) = demo_rpc();
    let before = dump_db(dir.path());
    let e = fails(
        &rpc,
        "row.create",
        json!({"entity": "enterprise",
               "row": {"id": "", "kind": "enterprise", "name": "Hộ thử",
                       "main_products": "gốm ".repeat(2_500_000)}}),
    );
    assert_eq!(
        field_codes(&e),
        vec![("main_products".into(), "too_long".into())]
    );
    assert_eq!(dump_db(dir.path()), before);
}

#[test]
fn settings_are_validated_and_used_for_new_assessments() {
    let (_dir, rpc) = demo_rpc();
    let defaults = call(&rpc, "settings.get", json!({}));
    assert_eq!(defaults["lang"], json!("vi"));
    let e = fails(
        &rpc,
        "settings.save",
        json!({"settings": {"lang": "vi", "consultant": "", "discount_rate": 0.1,
                            "life_years": 5, "grid_ef_year": 1990},
               "raw": {"discount_rate": {"text": "150", "percent": true}}}),
    );
    assert_eq!(
        field_codes(&e),
        vec![
            ("discount_rate".into(), "out_of_range".into()),
            ("grid_ef_year".into(), "invalid_code".into())
        ]
    );
    assert_eq!(call(&rpc, "settings.get", json!({})), defaults);
    let saved = call(
        &rpc,
        "settings.save",
        json!({"settings": {"lang": "vi", "consultant": "Trần Thu Hà", "discount_rate": 0.1,
                            "life_years": 5, "grid_ef_year": 2021},
               "raw": {"discount_rate": {"text": "12,5", "percent": true},
                       "life_years": {"text": "7", "integer": true}}}),
    );
    assert_eq!(saved["discount_rate"], json!(0.125));
    let (_, a) = pottery_assessment(&rpc);
    assert_eq!(a["consultant"], json!("Trần Thu Hà"));
    assert_eq!(a["discount_rate"], json!(0.125));
    assert_eq!(a["life_years"], json!(7));
    assert_eq!(a["grid_ef_year"], json!(2021));
    assert_eq!(
        a["checklists"],
        json!(["pottery_kiln"]),
        "the sector's checklist"
    );
    assert!(
        a["title"]
            .as_str()
            .unwrap()
            .starts_with("Đánh giá nhanh — ")
    );
}

#[test]
fn a_no_answer_becomes_an_option_tagged_with_its_technique_once() {
    let (_dir, rpc) = demo_rpc();
    let (a, _) = pottery_assessment(&rpc);
    let response = call(
        &rpc,
        "row.create",
        json!({"entity": "checklist_response",
               "row": {"id": "", "assessment_id": a, "item_code": "PK-CP-02", "answer": "no",
                       "reading": null, "option_id": null}}),
    );
    let id = response["id"].as_str().unwrap();
    let won = call(&rpc, "checklist.quick_win", json!({"response_id": id}));
    assert_eq!(
        won["option"]["title"],
        json!("Dùng một cân bàn và sổ ghi theo mẻ.")
    );
    assert_eq!(won["option"]["techniques"], json!(["PC"]));
    assert_eq!(won["option"]["source_item"], json!("PK-CP-02"));
    assert_eq!(won["response"]["option_id"], won["option"]["id"]);
    let twice = call(&rpc, "checklist.quick_win", json!({"response_id": id}));
    assert_eq!(twice["option"]["id"], won["option"]["id"]);
    // A patch of the answer made from the version before the quick win keeps the link: it
    // carries only the field it changed.
    let late = call(
        &rpc,
        "row.patch",
        json!({"entity": "checklist_response", "id": id,
               "fields": {"note": "Không có cân; ước lượng theo xô."},
               "base": response["versions"]}),
    );
    assert_eq!(late["option_id"], won["option"]["id"]);
    assert_eq!(late["note"], json!("Không có cân; ước lượng theo xô."));
    let doc = call(&rpc, "assessment.open", json!({"id": a}));
    assert_eq!(doc["options"].as_array().unwrap().len(), 1);
    // The engine computes it at once (no saving yet: no payback).
    let calcs = call(&rpc, "assessment.calcs", json!({"id": a}));
    assert_eq!(calcs["options"].as_array().unwrap().len(), 1);
}

#[test]
fn photos_are_checked_thumbnailed_and_printed() {
    let (dir, rpc) = demo_rpc();
    let (a, _) = pottery_assessment(&rpc);
    let input = json!({"owner_entity": "assessment", "owner_id": a, "caption": "Lò nung",
                       "original_name": "", "taken_at": null});
    let before = dump_db(dir.path());
    for (name, bytes) in [
        ("ghi-chu.txt", b"khong phai anh".to_vec()),
        // JPEG's magic number, then no image at all.
        (
            "hong.jpg",
            [&[0xff, 0xd8, 0xff, 0xe0][..], &[0x41; 600][..]].concat(),
        ),
    ] {
        let e = fails(
            &rpc,
            "attachment.import",
            json!({"input": input, "name": name,
                   "data_base64": BASE64.encode(&bytes)}),
        );
        assert_eq!(
            field_codes(&e),
            vec![("file".into(), "not_an_image".into())],
            "{name}"
        );
    }
    // An iPhone's HEIC photo (its ISO-BMFF 'ftyp heic' box) is refused with its own code,
    // whose message says how to send it as JPEG.
    let mut heic = vec![0, 0, 0, 0x18];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    heic.extend_from_slice(&[0u8; 400]);
    let e = fails(
        &rpc,
        "attachment.import",
        json!({"input": input, "name": "IMG_0001.HEIC", "data_base64": BASE64.encode(&heic)}),
    );
    assert_eq!(field_codes(&e), vec![("file".into(), "heic_photo".into())]);
    assert_eq!(dump_db(dir.path()), before);

    let path = dir.path().join("lo-nung.jpg");
    std::fs::write(&path, phone_photo(2)).unwrap();
    let stored = call(
        &rpc,
        "attachment.import_file",
        json!({"input": input, "path": path}),
    );
    assert_eq!(stored["original_name"], json!("lo-nung.jpg"));
    let thumb = call(
        &rpc,
        "attachment.image",
        json!({"id": stored["id"], "size": "thumb"}),
    );
    assert_eq!(
        (thumb["width"].as_u64(), thumb["height"].as_u64()),
        (Some(320), Some(240))
    );
    assert!(
        thumb["data_url"]
            .as_str()
            .unwrap()
            .starts_with("data:image/jpeg;base64,/9j/")
    );
    let view = call(
        &rpc,
        "attachment.image",
        json!({"id": stored["id"], "size": "view"}),
    );
    assert_eq!(view["width"].as_u64(), Some(1200));

    let out = dir.path().join("bao-cao.pdf");
    let saved = call(
        &rpc,
        "report.save",
        json!({"assessment_id": a, "kind": "quick", "path": out}),
    );
    assert!(saved["bytes"].as_u64().unwrap() > 10_000);
    let text = pdftotext(&std::fs::read(&out).unwrap());
    assert!(text.contains("Hộ gốm Đào Việt Bình"), "{text}");
    let file = call(
        &rpc,
        "report.pdf",
        json!({"assessment_id": a, "lang": "en"}),
    );
    // An English report gets an English file name; a Vietnamese one a Vietnamese name.
    assert_eq!(
        file["file_name"],
        json!("cp-quick-assessment-ho-gom-dao-viet-binh.pdf")
    );
    let vi = call(
        &rpc,
        "report.file_name",
        json!({"assessment_id": a, "lang": "vi"}),
    );
    assert_eq!(vi, json!("bao-cao-danh-gia-nhanh-ho-gom-dao-viet-binh.pdf"));
}

#[test]
fn backup_and_restore_run_as_jobs_and_a_damaged_backup_changes_nothing() {
    let (dir, rpc) = demo_rpc();
    let job = call(&rpc, "backup.start", json!({}));
    assert_eq!(job["state"], json!("running"));
    let done = wait_job(&rpc, &job);
    assert_eq!(done["state"], json!("done"), "{done}");
    assert_eq!(done["done"], done["total"]);
    let file = std::path::PathBuf::from(done["path"].as_str().unwrap());
    assert!(file.starts_with(dir.path().join("backups")));

    // A change after the backup, undone by the restore.
    let (a, _) = pottery_assessment(&rpc);
    let damaged = dir.path().join("damaged.sxshbak");
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&damaged, bytes).unwrap();
    let failed = wait_job(&rpc, &call(&rpc, "restore.start", json!({"path": damaged})));
    assert_eq!(failed["state"], json!("failed"));
    assert_eq!(failed["error"]["code"], json!("BACKUP_CORRUPT"));
    call(&rpc, "assessment.open", json!({"id": a}));

    let restored = wait_job(&rpc, &call(&rpc, "restore.start", json!({"path": file})));
    assert_eq!(restored["state"], json!("done"), "{restored}");
    assert_eq!(
        fails(&rpc, "assessment.open", json!({"id": a})).code,
        ErrorCode::NotFound
    );
}

#[test]
fn unknown_methods_and_malformed_params_are_invalid_input() {
    let (_dir, rpc) = demo_rpc();
    assert_eq!(
        fails(&rpc, "no.such", json!({})).code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        fails(&rpc, "enterprise.get", json!({"id": 5})).code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        fails(&rpc, "row.create", json!({"entity": "no_such", "row": {}})).code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        fails(
            &rpc,
            "enterprise.get",
            json!({"id": "01890a5d-ac96-774b-bcce-b302099a8057"})
        )
        .code,
        ErrorCode::NotFound
    );
    let info = call(&rpc, "info", json!(null));
    assert_eq!(info["version"], json!(env!("CARGO_PKG_VERSION")));
    let reference = call(&rpc, "reference.get", json!({}));
    assert_eq!(reference["checklists"].as_array().unwrap().len(), 7);
}

/// The competing values of each conflicting field: (entity, row, field) → values, winner last.
fn conflicts(dir: &std::path::Path) -> Vec<(String, String, String, Vec<Value>)> {
    let conn = rusqlite::Connection::open(dir.join("sxsh.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT entity, row_id, field, heads FROM conflicts ORDER BY 1, 2, 3")
        .unwrap();
    stmt.query_map([], |r| {
        let heads: Value = serde_json::from_str(&r.get::<_, String>(3)?).unwrap();
        let values = heads
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["value"].clone())
            .collect();
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, values))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn a_patch_from_an_old_version_never_writes_back_fields_it_did_not_change() {
    let (dir, rpc) = demo_rpc();
    let (a, assessment) = pottery_assessment(&rpc);
    let flow = call(
        &rpc,
        "row.create",
        json!({"entity": "flow", "row": {"id": "", "assessment_id": a, "step_id": null,
               "direction": "in", "category": "water", "name": "Nước giếng", "quantity": 10,
               "unit": "m3", "period": "month", "unit_price_vnd": null, "source": "measured"}}),
    );
    let id = flow["id"].as_str().unwrap();
    let shown = flow["versions"].clone();
    // The row changes underneath the open screen (a sync pull, another window).
    let pulled = call(
        &rpc,
        "row.patch",
        json!({"entity": "flow", "id": id, "fields": {"name": "Nước giếng khoan"},
               "base": shown}),
    );
    assert_eq!(pulled["name"], json!("Nước giếng khoan"));
    assert_ne!(
        pulled["versions"]["name"], shown["*"],
        "the new version of the field"
    );
    // The screen, still at the old version, changes the quantity only.
    let saved = call(
        &rpc,
        "row.patch",
        json!({"entity": "flow", "id": id, "fields": {"quantity": 0},
               "raw": {"quantity": {"text": "12,5", "required": true}}, "base": shown}),
    );
    assert_eq!(saved["quantity"], json!(12.5));
    assert_eq!(
        saved["name"],
        json!("Nước giếng khoan"),
        "the other edit is kept"
    );
    assert!(
        conflicts(dir.path()).is_empty(),
        "different fields merge: {:?}",
        conflicts(dir.path())
    );

    // The same field changed from the same old version on two screens: the later wins and a
    // conflict keeps both values for a person.
    let later = call(
        &rpc,
        "row.patch",
        json!({"entity": "flow", "id": id, "fields": {"name": "Nước máy"}, "base": shown}),
    );
    assert_eq!(later["name"], json!("Nước máy"));
    assert_eq!(
        conflicts(dir.path()),
        vec![(
            "flow".to_string(),
            id.to_string(),
            "name".to_string(),
            vec![json!("Nước giếng khoan"), json!("Nước máy")]
        )]
    );
    // A patch made from the version the first screen wrote, with the same value: the two
    // versions left agree, so there is nothing left to review.
    call(
        &rpc,
        "row.patch",
        json!({"entity": "flow", "id": id, "fields": {"name": "Nước máy"},
               "base": {"name": pulled["versions"]["name"]}}),
    );
    assert!(
        conflicts(dir.path()).is_empty(),
        "{:?}",
        conflicts(dir.path())
    );

    // The assessment is patched the same way; its other fields stay.
    let patched = call(
        &rpc,
        "row.patch",
        json!({"entity": "assessment", "id": a, "fields": {"next_steps": "Đo lại nước"},
               "base": assessment["versions"]}),
    );
    assert_eq!(patched["title"], assessment["title"]);
    assert_eq!(patched["next_steps"], json!("Đo lại nước"));
}

#[test]
fn a_patch_never_recreates_a_deleted_row_nor_changes_what_is_fixed() {
    let (dir, rpc) = demo_rpc();
    let (a, _) = pottery_assessment(&rpc);
    let obs = call(
        &rpc,
        "row.create",
        json!({"entity": "observation", "row": {"id": "", "assessment_id": a,
               "text": "Khói đen ở lò", "area": ""}}),
    );
    let id = obs["id"].as_str().unwrap();
    for (fields, what) in [
        (json!({"id": "x"}), "the id"),
        (
            json!({"assessment_id": "01890a5d-ac96-774b-bcce-b302099a8057"}),
            "the owner",
        ),
        (json!({"no_such": 1}), "an unknown field"),
    ] {
        let before = dump_db(dir.path());
        let e = fails(
            &rpc,
            "row.patch",
            json!({"entity": "observation", "id": id, "fields": fields}),
        );
        assert_eq!(e.code, ErrorCode::InvalidInput, "{what}: {e}");
        assert_eq!(dump_db(dir.path()), before, "{what}");
    }
    let e = fails(
        &rpc,
        "row.patch",
        json!({"entity": "observation", "id": id, "fields": {"text": "x"},
               "base": {"text": "not a stamp"}}),
    );
    assert_eq!(e.code, ErrorCode::InvalidInput, "{e}");
    call(
        &rpc,
        "row.delete",
        json!({"entity": "observation", "id": id}),
    );
    let before = dump_db(dir.path());
    let e = fails(
        &rpc,
        "row.patch",
        json!({"entity": "observation", "id": id, "fields": {"text": "Sửa sau khi xoá"},
               "base": obs["versions"]}),
    );
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(dump_db(dir.path()), before, "nothing re-created");
}

#[test]
fn the_change_feed_names_changed_rows_wakes_a_waiting_reader_and_resets_after_a_restore() {
    let (dir, rpc) = demo_rpc();
    let rpc = Arc::new(rpc);
    let (a, assessment) = pottery_assessment(&rpc);
    let start = call(&rpc, "changes.wait", json!({}));
    assert_eq!(start["rows"], json!([]));
    let cursor = start["cursor"].clone();
    // Nothing changed: the reader waits its time and gets the same cursor back.
    let t = std::time::Instant::now();
    let idle = call(
        &rpc,
        "changes.wait",
        json!({"cursor": cursor, "wait_ms": 300}),
    );
    assert!(t.elapsed() >= std::time::Duration::from_millis(300));
    assert_eq!(idle["cursor"], cursor);
    assert_eq!(idle["rows"], json!([]));
    // A waiting reader wakes as soon as another thread commits.
    let reader = {
        let rpc = rpc.clone();
        let cursor = cursor.clone();
        std::thread::spawn(move || {
            let t = std::time::Instant::now();
            let v = call(
                &rpc,
                "changes.wait",
                json!({"cursor": cursor, "wait_ms": 20_000}),
            );
            (v, t.elapsed())
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(200));
    call(
        &rpc,
        "row.patch",
        json!({"entity": "assessment", "id": a, "fields": {"next_steps": "Đo điện"},
               "base": assessment["versions"]}),
    );
    let (woke, waited) = reader.join().unwrap();
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
    assert_eq!(woke["reset"], json!(false));
    assert_eq!(woke["rows"].as_array().unwrap().len(), 1, "{woke}");
    assert_eq!(woke["rows"][0]["entity"], json!("assessment"));
    assert_eq!(woke["rows"][0]["row"]["next_steps"], json!("Đo điện"));
    // A deleted row comes as null.
    call(&rpc, "row.delete", json!({"entity": "assessment", "id": a}));
    let deleted = call(&rpc, "changes.wait", json!({"cursor": woke["cursor"]}));
    let mine = deleted["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == json!(a))
        .unwrap();
    assert_eq!(mine["row"], Value::Null);
    // After a restore every screen reloads.
    let backup = dir.path().join("backups").join("b.sxshbak");
    let job = call(&rpc, "backup.start", json!({"path": backup}));
    wait_job(&rpc, &job);
    let job = call(&rpc, "restore.start", json!({"path": backup}));
    wait_job(&rpc, &job);
    let after = call(&rpc, "changes.wait", json!({"cursor": deleted["cursor"]}));
    assert_eq!(after["reset"], json!(true), "{after}");
    assert_ne!(after["cursor"]["epoch"], deleted["cursor"]["epoch"]);
}
