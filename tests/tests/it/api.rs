//! sxsh-api end to end without a window: search, export/import, demo, attachments,
//! backup/restore, NFC, concurrency.

use crate::common;
use common::*;
use sxsh_api::dto::*;
use sxsh_api::{Api, ErrorCode};
use sxsh_tests::{change_count, dump_db};
use unicode_normalization::UnicodeNormalization;

fn demo_api() -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    api.load_demo().unwrap();
    (dir, api)
}

/// The id of the most recently edited assessment.
fn latest_assessment(api: &Api) -> String {
    api.recent_assessments(1).unwrap()[0]
        .assessment
        .data
        .id
        .clone()
}

fn names(rows: &[Stored<Enterprise>]) -> Vec<String> {
    rows.iter().map(|r| r.data.name.clone()).collect()
}

#[test]
fn search_ignores_case_diacritics_and_d_bar() {
    let (_dir, api) = demo_api();
    api.create(enterprise("Làng gốm Kim Lan — Hợp tác xã"))
        .unwrap();
    let pottery = names(&api.search_enterprises("Hộ gốm Đào Việt Bình").unwrap());
    assert_eq!(pottery, vec!["Hộ gốm Đào Việt Bình"]);
    for q in [
        "dao viet binh",
        "DAO VIET BINH",
        "Đào Việt Bình",
        "binh dao",
    ] {
        assert_eq!(names(&api.search_enterprises(q).unwrap()), pottery, "{q}");
    }
    for q in ["kim lan", "KIM LAN", "Kim Lân"] {
        let found = names(&api.search_enterprises(q).unwrap());
        assert!(
            found.contains(&"Làng gốm Kim Lan — Hợp tác xã".to_string()),
            "{q}: {found:?}"
        );
        assert!(
            found.contains(&"Hộ gốm Đào Việt Bình".to_string()),
            "{q}: {found:?}"
        );
    }
    let forging = api.search_enterprises("da sy").unwrap();
    assert_eq!(forging.len(), 1);
    assert!(forging[0].data.craft_village.contains("Đa Sỹ"));
    assert!(api.search_enterprises("hai phong").unwrap().is_empty());
}

#[test]
fn demo_has_three_assessments_and_loading_it_again_changes_nothing() {
    let (dir, api) = demo_api();
    let recent = api.recent_assessments(50).unwrap();
    assert_eq!(recent.len(), 3);
    let kinds: Vec<_> = recent.iter().map(|r| r.assessment.data.kind).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == AssessmentKind::Detailed)
            .count(),
        1
    );
    let before = dump_db(dir.path());
    let r = api.load_demo().unwrap();
    assert_eq!(r.written, 0);
    assert!(r.unchanged > 50);
    assert_eq!(dump_db(dir.path()), before);

    let detailed = recent
        .iter()
        .find(|r| r.assessment.data.kind == AssessmentKind::Detailed)
        .unwrap();
    let doc = api.export_assessment(&detailed.assessment.data.id).unwrap();
    assert!(doc.team_members.len() >= 3);
    assert!(doc.process_steps.iter().any(|s| s.data.is_focus));
    assert!(!doc.waste_streams.is_empty() && !doc.causes.is_empty());
    assert!(!doc.actions.is_empty() && !doc.monitoring_records.is_empty());
    let mut techniques: Vec<&String> = doc
        .options
        .iter()
        .flat_map(|o| &o.data.techniques)
        .collect();
    techniques.sort();
    techniques.dedup();
    assert!(
        techniques.len() >= 4,
        "options across several techniques: {techniques:?}"
    );

    let pottery = recent
        .iter()
        .find(|r| r.enterprise_name.contains("Đào Việt Bình"))
        .unwrap();
    let doc = api.export_assessment(&pottery.assessment.data.id).unwrap();
    assert!(!doc.checklist_responses.is_empty());
    assert_eq!(doc.options.len(), 2);
    assert!(doc.flows.len() >= 5);
}

/// The document's child lists come from the entity schema: every entity whose parent is the
/// assessment has its list (named as its table) and the list holds the rows stored for it.
#[test]
fn the_document_holds_a_list_for_every_child_entity_of_the_assessment() {
    let (dir, api) = demo_api();
    let conn = rusqlite::Connection::open(dir.path().join("sxsh.db")).unwrap();
    let recent = api.recent_assessments(50).unwrap();
    assert!(recent.len() >= 3);
    for r in &recent {
        let doc = api.export_assessment(&r.assessment.data.id).unwrap();
        let json = serde_json::to_value(&doc).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        let children: Vec<&str> = sxsh_domain::schema::ENTITIES
            .iter()
            .filter(|e| e.parents.contains(&("assessment_id", "assessment")))
            .map(|e| e.table)
            .collect();
        assert_eq!(children.len(), 14, "{children:?}");
        for table in &children {
            assert!(keys.contains(table), "no list {table} in {keys:?}");
            let n = json[*table].as_array().unwrap().len();
            let stored: i64 = conn
                .query_row(
                    &format!(
                        "SELECT count(*) FROM {table} WHERE assessment_id = ?1 AND deleted = 0"
                    ),
                    [&r.assessment.data.id],
                    |row| row.get(0),
                )
                .unwrap();
            assert_eq!(n as i64, stored, "{table} of {}", r.assessment.data.title);
        }
        assert_eq!(keys.len(), children.len() + 5, "{keys:?}");
    }
}

#[test]
fn export_import_export_gives_an_identical_document_and_no_duplicates() {
    let (_dir, api) = demo_api();
    let src = tempfile::tempdir().unwrap();
    for summary in api.recent_assessments(10).unwrap() {
        let id = summary.assessment.data.id;
        let first = serde_json::to_string_pretty(&api.export_assessment(&id).unwrap()).unwrap();

        let fresh = Api::open(&src.path().join(&id)).unwrap();
        let r = fresh.import_json(&first).unwrap();
        assert!(r.written > 0 && r.unchanged == 0);
        let second = serde_json::to_string_pretty(&fresh.export_assessment(&id).unwrap()).unwrap();
        // The import keeps the origin's versions: the new store's export is the same, byte
        // for byte, versions included.
        assert_eq!(first, second, "export → import → export must be identical");
        assert!(
            first.contains("\"versions\""),
            "the export names each row's versions"
        );

        let logs = change_count(&src.path().join(&id));
        let again = fresh.import_json(&first).unwrap();
        assert_eq!(again.written, 0, "importing twice creates nothing new");
        assert_eq!(change_count(&src.path().join(&id)), logs);
        assert_eq!(fresh.recent_assessments(10).unwrap().len(), 1);
        assert_eq!(fresh.list_enterprises().unwrap().len(), 1);
    }
}

#[test]
fn documents_swapped_between_two_devices_keep_both_edits_of_one_row() {
    // Two consultants share an assessment by file, then each edits another field of the same
    // flow offline and sends the file back: each import keeps the other's edit and its own.
    let (dir_a, a) = demo_api();
    let id = latest_assessment(&a);
    let dir_b = tempfile::tempdir().unwrap();
    let b = Api::open(dir_b.path()).unwrap();
    b.import_document(a.export_assessment(&id).unwrap())
        .unwrap();
    let flow_id = a.export_assessment(&id).unwrap().flows[0].data.id.clone();

    let mut on_a = a.get::<Flow>(&flow_id).unwrap().data;
    on_a.quantity = 4321.0;
    a.update(on_a).unwrap();
    let mut on_b = b.get::<Flow>(&flow_id).unwrap().data;
    on_b.note = "Đo lại bằng đồng hồ mới".into();
    b.update(on_b).unwrap();

    let from_a = a.export_assessment(&id).unwrap();
    let from_b = b.export_assessment(&id).unwrap();
    let rb = a.import_document(from_b).unwrap();
    let ra = b.import_document(from_a).unwrap();
    assert_eq!((rb.written, ra.written), (1, 1), "{rb:?} {ra:?}");
    for (who, api) in [("A", &a), ("B", &b)] {
        let flow = api.get::<Flow>(&flow_id).unwrap().data;
        assert_eq!(flow.quantity, 4321.0, "{who} keeps A's edit");
        assert_eq!(flow.note, "Đo lại bằng đồng hồ mới", "{who} keeps B's edit");
    }
    // Both now hold the same versions: their exports are the same, byte for byte.
    assert_eq!(
        serde_json::to_string(&a.export_assessment(&id).unwrap()).unwrap(),
        serde_json::to_string(&b.export_assessment(&id).unwrap()).unwrap()
    );
    // The origin's stamps came along: B's change log holds A's edit under A's device.
    let a_device = a.info().unwrap().device_id;
    let conn = rusqlite::Connection::open(dir_b.path().join("sxsh.db")).unwrap();
    let from_a_device: i64 = conn
        .query_row(
            "SELECT count(*) FROM change_log WHERE device_id = ?1 AND row_id = ?2
               AND json_extract(fields, '$.quantity') = 4321.0",
            [&a_device, &flow_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        from_a_device, 1,
        "B logs A's edit under A's device and stamp"
    );
    drop(dir_a);
}

#[test]
fn a_document_stamped_a_year_ahead_is_refused_with_the_skew_code() {
    let (_dir, api) = demo_api();
    let id = latest_assessment(&api);
    let mut doc = api.export_assessment(&id).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let other = Api::open(fresh.path()).unwrap();
    let year_ms: u64 = 365 * 24 * 3600 * 1000;
    let stamp = doc.flows[0].meta.versions["*"].clone();
    let ms: u64 = stamp[..15].parse().unwrap();
    let ahead = format!("{:015}{}", ms + year_ms, &stamp[15..]);
    doc.flows[0]
        .meta
        .versions
        .insert("quantity".into(), ahead.clone());
    let before = dump_db(fresh.path());
    let e = other.import_document(doc).unwrap_err();
    assert_eq!(e.code, ErrorCode::ClockSkew, "{e}");
    assert!(e.message.contains(&ahead), "{e}");
    assert_eq!(
        dump_db(fresh.path()),
        before,
        "nothing of the document was written"
    );
}

#[test]
fn an_edited_document_updates_only_what_changed() {
    let (dir, api) = demo_api();
    let id = latest_assessment(&api);
    let mut doc = api.export_assessment(&id).unwrap();
    // Edited elsewhere after this copy was made: a later `updated_at`.
    doc.assessment.data.next_steps = "Lắp đồng hồ điện riêng cho lò".into();
    doc.assessment.meta.updated_at = later_than(&doc.assessment.meta.updated_at);
    let before = change_count(dir.path());
    let r = api.import_document(doc).unwrap();
    assert_eq!(r.written, 1);
    assert_eq!(change_count(dir.path()), before + 1);
    assert_eq!(
        api.get::<Assessment>(&id).unwrap().data.next_steps,
        "Lắp đồng hồ điện riêng cho lò"
    );
}

#[test]
fn text_is_stored_in_nfc() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    let nfd: String = "Hộ rèn Nguyễn Đức Thắng".nfd().collect();
    let row = api.create(enterprise(&nfd)).unwrap();
    assert_eq!(row.data.name, "Hộ rèn Nguyễn Đức Thắng");
    assert_eq!(
        api.get::<Enterprise>(&row.data.id).unwrap().data.name,
        "Hộ rèn Nguyễn Đức Thắng"
    );
    assert_eq!(api.search_enterprises("duc thang").unwrap().len(), 1);
}

/// Bytes of a tiny JPEG (1×1 px, hand-assembled): enough for type sniffing and hashing.
const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x03, 0x02, 0x02, 0x02, 0x02, 0x02, 0x03,
    0x02, 0x02, 0x02, 0x03, 0x03, 0x03, 0x03, 0x04, 0x06, 0x04, 0x04, 0x04, 0x04, 0x04, 0x08, 0x06,
    0x06, 0x05, 0x06, 0x09, 0x08, 0x0A, 0x0A, 0x09, 0x08, 0x09, 0x09, 0x0A, 0x0C, 0x0F, 0x0C, 0x0A,
    0x0B, 0x0E, 0x0B, 0x09, 0x09, 0x0D, 0x11, 0x0D, 0x0E, 0x0F, 0x10, 0x10, 0x11, 0x10, 0x0A, 0x0C,
    0x12, 0x13, 0x12, 0x10, 0x13, 0x0F, 0x10, 0x10, 0x10, 0xFF, 0xC9, 0x00, 0x0B, 0x08, 0x00, 0x01,
    0x00, 0x01, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xCC, 0x00, 0x06, 0x00, 0x10, 0x10, 0x05, 0xFF, 0xDA,
    0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0xD2, 0xCF, 0x20, 0xFF, 0xD9,
];

#[test]
fn the_same_photo_imported_twice_is_stored_once() {
    let (dir, api, _e, a) = seeded();
    let obs = api
        .create(Observation {
            id: String::new(),
            assessment_id: a.clone(),
            area: "Khu nung".into(),
            text: "Xỉ than đổ ngay cạnh lò".into(),
        })
        .unwrap();
    let input = AttachmentInput {
        owner_entity: "observation".into(),
        owner_id: obs.data.id.clone(),
        caption: "Bãi xỉ cạnh lò".into(),
        original_name: "IMG_0412.jpg".into(),
        taken_at: Some("2026-03-10T08:15:00.000Z".into()),
    };
    let first = api.import_attachment(input.clone(), JPEG).unwrap();
    let second = api.import_attachment(input.clone(), JPEG).unwrap();
    assert_eq!(first.data.id, second.data.id);
    assert_eq!(first.data.mime, "image/jpeg");
    assert_eq!(first.data.assessment_id.as_deref(), Some(a.as_str()));
    // Attached to the assessment as well: a second row, still one file.
    let mut on_assessment = input;
    on_assessment.owner_entity = "assessment".into();
    on_assessment.owner_id = a.clone();
    let third = api.import_attachment(on_assessment, JPEG).unwrap();
    assert_ne!(third.data.id, first.data.id);
    let files: Vec<_> = walk(&dir.path().join("attachments"));
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(api.attachment_bytes(&first.data.id).unwrap(), JPEG);
    assert_eq!(api.children::<Attachment>(&a).unwrap().len(), 2);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn backup_then_restore_brings_back_rows_and_files() {
    let (dir, api, _e, a) = seeded();
    api.create(flow(&a, "Than cám", 42.0)).unwrap();
    api.import_attachment(
        AttachmentInput {
            owner_entity: "assessment".into(),
            owner_id: a.clone(),
            caption: "Lò nung".into(),
            original_name: "lo.jpg".into(),
            taken_at: None,
        },
        JPEG,
    )
    .unwrap();
    let saved = sxsh_tests::synced_dump(dir.path());
    let device = api.info().unwrap().device_id;
    let file = backup_path(dir.path(), "sao-luu.sxshbak");
    let mut calls = Vec::new();
    let info = api
        .backup(&file, &mut |done, total| calls.push((done, total)))
        .unwrap();
    assert_eq!(info.files, 2);
    assert_eq!(
        calls.last().map(|c| c.0),
        calls.last().map(|c| c.1),
        "progress ends at the total"
    );

    // Change everything after the backup, and lose the attachment file.
    api.delete::<Assessment>(&a).unwrap();
    api.create(enterprise("Hộ mới sau sao lưu")).unwrap();
    std::fs::remove_dir_all(dir.path().join("attachments")).unwrap();
    assert_ne!(sxsh_tests::synced_dump(dir.path()), saved);

    api.restore(&file).unwrap();
    assert_eq!(sxsh_tests::synced_dump(dir.path()), saved);
    // The restored copy is a new replica, with a device id of its own.
    assert_ne!(api.info().unwrap().device_id, device);
    let att = api.children::<Attachment>(&a).unwrap();
    assert_eq!(api.attachment_bytes(&att[0].data.id).unwrap(), JPEG);
    // Writes keep working after a restore.
    api.create(flow(&a, "Củi", 3.0)).unwrap();
}

#[test]
fn the_api_can_be_shared_across_threads() {
    let (_dir, api, _e, a) = seeded();
    let api = std::sync::Arc::new(api);
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let api = api.clone();
            let a = a.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    api.create(flow(&a, &format!("Than {t}-{i}"), i as f64))
                        .unwrap();
                    api.search_enterprises("dao").unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(api.children::<Flow>(&a).unwrap().len(), 100);
}

#[test]
fn unknown_rows_are_not_found() {
    let (_dir, api, _e, _a) = seeded();
    let err = api
        .export_assessment("0190f5a2-7c1e-7a10-8000-00000000beef")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = api
        .children::<Flow>("0190f5a2-7c1e-7a10-8000-00000000beef")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn the_consultant_name_of_the_settings_signs_changes_after_the_app_is_reopened() {
    let dir = tempfile::tempdir().unwrap();
    {
        let api = Api::open(dir.path()).unwrap();
        let settings = api.settings().unwrap();
        api.save_settings(sxsh_api::settings::Settings {
            consultant: "Nguyễn Thị Lan".into(),
            ..settings
        })
        .unwrap();
    }
    let api = Api::open(dir.path()).unwrap();
    let e = api.create(enterprise("Lò gốm Kim Lan")).unwrap();
    let device = api.info().unwrap().device_id;
    assert_eq!(e.meta.updated_by, format!("Nguyễn Thị Lan@{device}"));
}

/// Undo of a delete: the row comes back as it was, logged as one restore per row; an
/// assessment brings back the children its delete took and not those deleted before; a row
/// whose owner is deleted, or a live row, is refused and nothing is written.
#[test]
fn a_deleted_row_comes_back_with_what_its_delete_took_and_nothing_else() {
    let (dir, api, _e, aid) = seeded();
    let coal = api.create(flow(&aid, "Than cám 4a", 42.0)).unwrap();
    let early = api.create(flow(&aid, "Củi", 3.0)).unwrap();
    let obs = api
        .create(Observation {
            id: String::new(),
            assessment_id: aid.clone(),
            area: "Lò nung".into(),
            text: "Vỏ lò nứt".into(),
        })
        .unwrap();

    // A flow deleted and restored is the same row, live again, with one logged restore.
    api.delete::<Flow>(&coal.data.id).unwrap();
    let seq = sxsh_tests::last_seq(dir.path());
    let back = api.undelete::<Flow>(&coal.data.id).unwrap();
    assert_eq!(back.data, coal.data);
    let ops = sxsh_tests::changes_since(dir.path(), seq);
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert_eq!(ops[0].1, coal.data.id);
    assert_eq!(ops[0].3, serde_json::json!({"deleted": false}));
    // A live row cannot be restored.
    let before = dump_db(dir.path());
    let live = api.undelete::<Flow>(&coal.data.id).unwrap_err();
    assert_eq!(live.code, ErrorCode::NotFound);

    // The assessment takes its flows and observation with it; restoring it brings back those,
    // not the flow deleted earlier on its own.
    api.delete::<Flow>(&early.data.id).unwrap();
    let after_early = dump_db(dir.path());
    assert_ne!(before, after_early);
    api.delete::<Assessment>(&aid).unwrap();
    // A child cannot come back while its assessment is deleted.
    let orphan = api.undelete::<Flow>(&coal.data.id).unwrap_err();
    assert_eq!(orphan.code, ErrorCode::ParentDeleted);
    api.undelete::<Assessment>(&aid).unwrap();
    let flows = api.children::<Flow>(&aid).unwrap();
    assert_eq!(
        flows.iter().map(|f| f.data.id.as_str()).collect::<Vec<_>>(),
        [coal.data.id.as_str()]
    );
    let observations = api.children::<Observation>(&aid).unwrap();
    assert_eq!(observations.len(), 1);
    assert_eq!(observations[0].data, obs.data);
    assert_eq!(
        api.get::<Flow>(&early.data.id).unwrap_err().code,
        ErrorCode::NotFound
    );
}
