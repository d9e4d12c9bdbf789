//! Every write appends exactly one change-log row per changed row, in the same transaction.

use crate::common;
use common::*;
use sxsh_api::dto::*;
use sxsh_api::{Api, ErrorCode};
use sxsh_tests::{change_count, changes_since, dump_db, last_seq};

#[test]
fn insert_update_delete_each_log_one_row_with_the_changed_fields() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    assert_eq!(change_count(dir.path()), 0);

    let e = api.create(enterprise("Hộ gốm Đào Việt Bình")).unwrap();
    let log = changes_since(dir.path(), 0);
    assert_eq!(log.len(), 1);
    let (entity, row_id, op, fields) = &log[0];
    assert_eq!(
        (entity.as_str(), row_id.as_str(), op.as_str()),
        ("enterprise", e.data.id.as_str(), "insert")
    );
    assert_eq!(fields["name"], "Hộ gốm Đào Việt Bình");
    assert_eq!(fields["design_capacity"], 50.0);

    let seq = last_seq(dir.path());
    let mut changed = e.data.clone();
    changed.employees = Some(7);
    changed.contact_phone = "0912 345 678".into();
    api.update(changed.clone()).unwrap();
    let log = changes_since(dir.path(), seq);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].2, "update");
    let keys: Vec<&String> = log[0].3.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        vec!["contact_phone", "employees"],
        "only the changed fields"
    );

    let seq = last_seq(dir.path());
    api.update(changed).unwrap();
    assert_eq!(
        last_seq(dir.path()),
        seq,
        "an update that changes nothing logs nothing"
    );

    api.delete::<Enterprise>(&e.data.id).unwrap();
    let log = changes_since(dir.path(), seq);
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].2.as_str(), &log[0].3),
        ("delete", &serde_json::json!({"deleted": true}))
    );
    assert_eq!(
        api.get::<Enterprise>(&e.data.id).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn deleting_an_assessment_logs_one_row_per_deleted_row() {
    let (dir, api, _e, a) = seeded();
    for i in 0..3 {
        api.create(flow(&a, &format!("Than {i}"), 10.0 + i as f64))
            .unwrap();
    }
    api.create(Observation {
        id: String::new(),
        assessment_id: a.clone(),
        area: "Lò nung".into(),
        text: "Cửa lò hở, khói thoát nhiều".into(),
    })
    .unwrap();
    let seq = last_seq(dir.path());
    api.delete::<Assessment>(&a).unwrap();
    let log = changes_since(dir.path(), seq);
    let mut entities: Vec<&str> = log.iter().map(|l| l.0.as_str()).collect();
    entities.sort();
    assert_eq!(
        entities,
        vec!["assessment", "flow", "flow", "flow", "observation"]
    );
    assert!(log.iter().all(|l| l.2 == "delete"));
}

#[test]
fn a_write_that_fails_validation_leaves_neither_row_nor_log() {
    let (dir, api, _e, a) = seeded();
    let before = dump_db(dir.path());
    let err = api.create(flow(&a, "Than", -5.0)).unwrap_err();
    assert_eq!(err.code, ErrorCode::ValidationFailed);
    assert_eq!(err.field_errors[0].field, "quantity");
    assert_eq!(dump_db(dir.path()), before);
}

#[test]
fn a_transaction_that_fails_part_way_rolls_back_its_rows_and_log() {
    // An import whose last row is invalid: the rows written before it must roll back too.
    let (dir, api, _e, a) = seeded();
    let mut doc = api.export_assessment(&a).unwrap();
    let good = api.create(flow(&a, "Than cám", 12.0)).unwrap();
    api.delete::<Flow>(&good.data.id).unwrap();
    let before = dump_db(dir.path());
    let mut bad = good.clone();
    bad.data.id = sxsh_api::uuid_v7();
    bad.data.quantity = -1.0;
    let mut ok = good.clone();
    ok.data.id = sxsh_api::uuid_v7();
    doc.flows = vec![ok, bad];
    doc.assessment.data.title = "Tiêu đề mới".into();
    let err = api.import_document(doc).unwrap_err();
    assert_eq!(err.code, ErrorCode::ValidationFailed);
    assert_eq!(err.field_errors[0].field, "flows[1].quantity");
    assert_eq!(dump_db(dir.path()), before);
}

#[test]
fn every_log_row_has_op_id_clock_device_and_schema_version() {
    let (dir, api, _e, _a) = seeded();
    let device = api.info().unwrap().device_id;
    let conn = rusqlite::Connection::open(dir.path().join("sxsh.db")).unwrap();
    let rows: Vec<(String, String, String, i64)> = conn
        .prepare("SELECT op_id, hlc, device_id, schema_version FROM change_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 2);
    for (op_id, hlc, dev, version) in &rows {
        assert_eq!(&op_id[14..15], "7", "op ids are UUIDv7");
        assert!(hlc.ends_with(&device));
        assert_eq!(dev, &device);
        assert_eq!(*version, sxsh_store::SCHEMA_VERSION);
    }
    assert!(rows[1].1 > rows[0].1, "clocks increase");
    // The device id is made once per database and survives reopening.
    drop(api);
    assert_eq!(
        Api::open(dir.path()).unwrap().info().unwrap().device_id,
        device
    );
}
