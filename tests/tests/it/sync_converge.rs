//! Convergence of 2–4 stores that change the same data offline and then exchange their ops in
//! random order, in partial batches, with duplicates: all end identical (every row, field,
//! version and conflict), every op is applied, and two edits of one field made concurrently
//! leave exactly one conflict with both values on every store, which a person's resolution on
//! one store clears everywhere. Also the clock: a device a year ahead is refused.

use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use serde_json::json;
use sxsh_api::Api;
use sxsh_api::dto::*;
use sxsh_store::Store;
use sxsh_store::sync::{OpStatus, RejectCode};
use sxsh_sync_proto::ChangeOp;
use sxsh_tests::{assert_same_dump, synced_dump};

use crate::common;

/// Every op a store holds.
fn all_ops(dir: &std::path::Path) -> Vec<ChangeOp> {
    let store = Store::open(dir).unwrap();
    let page = store.changes_since(0, usize::MAX >> 1, false).unwrap();
    page.ops.into_iter().map(|(_, op)| op).collect()
}

/// Random local edits on one store (see [`common::edit_offline`]).
fn edit_offline(dir: &std::path::Path, aid: &str, seed: u64, n: usize) {
    common::edit_offline(&Api::open(dir).unwrap(), aid, seed, n);
}

/// Delivers `ops` to the store in `dir` in random order, random partial batches, with
/// duplicates, then once more whole; returns how many were applied (not duplicates).
fn deliver(dir: &std::path::Path, ops: &[ChangeOp], seed: u64) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut store = Store::open(dir).unwrap();
    let mut shuffled = ops.to_vec();
    for i in (1..shuffled.len()).rev() {
        shuffled.swap(i, rng.random_range(0..=i));
    }
    let mut i = 0;
    while i < shuffled.len() {
        let n = rng.random_range(1..=8).min(shuffled.len() - i);
        let mut batch = shuffled[i..i + n].to_vec();
        if rng.random_bool(0.3) {
            batch.push(shuffled[rng.random_range(0..shuffled.len())].clone());
        }
        for s in store.apply_remote(&batch).unwrap() {
            assert!(!matches!(s, OpStatus::Rejected(_)), "{s:?}");
        }
        i += n;
    }
    for s in store.apply_remote(ops).unwrap() {
        assert!(
            matches!(s, OpStatus::Duplicate),
            "every op was applied before: {s:?}"
        );
    }
    let pending: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM pending_ops", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0, "nothing is left pending");
}

/// Lets every store receive every other store's ops.
fn exchange(dirs: &[tempfile::TempDir], seed: u64) {
    let ops: Vec<Vec<ChangeOp>> = dirs.iter().map(|d| all_ops(d.path())).collect();
    for (i, d) in dirs.iter().enumerate() {
        let others: Vec<ChangeOp> = ops
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, o)| o.iter().cloned())
            .collect();
        deliver(d.path(), &others, seed ^ i as u64);
    }
}

/// `n` stores holding the same seeded assessment (made on the first and synced to the others).
fn stores(n: usize) -> (Vec<tempfile::TempDir>, String) {
    let dirs: Vec<tempfile::TempDir> = (0..n).map(|_| tempfile::tempdir().unwrap()).collect();
    let aid = {
        let api = Api::open(dirs[0].path()).unwrap();
        let e = api
            .create(common::enterprise("Hộ gốm Đào Việt Bình"))
            .unwrap();
        let a = api.create(common::assessment(&e.data.id)).unwrap();
        for (name, q) in [
            ("Than cám", 42.0),
            ("Điện lưới", 9_500.0),
            ("Đất sét", 60.0),
        ] {
            api.create(common::flow(&a.data.id, name, q)).unwrap();
        }
        a.data.id
    };
    let base = all_ops(dirs[0].path());
    for d in &dirs[1..] {
        deliver(d.path(), &base, 1);
    }
    (dirs, aid)
}

fn assert_converged(dirs: &[tempfile::TempDir]) {
    let first = synced_dump(dirs[0].path());
    for d in &dirs[1..] {
        assert_same_dump(&synced_dump(d.path()), &first);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn stores_that_edit_offline_converge_after_exchanging_ops(
        n in 2usize..=4,
        edits in 3usize..25,
        seed in any::<u64>(),
    ) {
        let (dirs, aid) = stores(n);
        for round in 0..2u64 {
            for (i, d) in dirs.iter().enumerate() {
                edit_offline(d.path(), &aid, seed ^ (round * 31 + i as u64), edits);
            }
            exchange(&dirs, seed ^ round);
            assert_converged(&dirs);
        }
    }
}

#[test]
fn a_concurrent_edit_of_one_field_is_one_conflict_everywhere_until_a_person_resolves_it() {
    let (dirs, aid) = stores(3);
    let flow_id = {
        let api = Api::open(dirs[0].path()).unwrap();
        api.children::<Flow>(&aid).unwrap()[0].data.id.clone()
    };
    // Two devices change the same field, a third another field of the same row.
    for (i, d) in dirs.iter().enumerate() {
        let api = Api::open(d.path()).unwrap();
        let mut f = api.get::<Flow>(&flow_id).unwrap().data;
        match i {
            0 => f.quantity = 40.0,
            1 => f.quantity = 44.0,
            _ => f.note = "đo lại ngày 12/3".into(),
        }
        api.update(f).unwrap();
    }
    exchange(&dirs, 9);
    assert_converged(&dirs);
    for d in &dirs {
        let store = Store::open(d.path()).unwrap();
        let conflicts = store.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        let (entity, row, field, heads) = &conflicts[0];
        assert_eq!(
            (entity.as_str(), row.as_str(), field.as_str()),
            ("flow", flow_id.as_str(), "quantity")
        );
        let values: Vec<_> = heads
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["value"].clone())
            .collect();
        assert!(
            values.contains(&json!(40.0)) && values.contains(&json!(44.0)),
            "{values:?}"
        );
        // The edits of different fields merged.
        let f: String = store
            .conn()
            .query_row("SELECT note FROM flows WHERE id = ?1", [&flow_id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(f, "đo lại ngày 12/3");
    }
    // A person reviews it on the third device, as the app's conflict screen does (through the
    // RPC), and keeps 44; once synced, no store has a conflict.
    {
        let rpc = sxsh_api::rpc::Rpc::new(std::sync::Arc::new(Api::open(dirs[2].path()).unwrap()));
        let listed = rpc.call("conflicts.list", json!({})).unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
        assert_eq!(listed[0]["field"], "quantity");
        let heads = listed[0]["heads"].as_array().unwrap();
        assert_eq!(heads.len(), 2);
        assert!(
            heads
                .iter()
                .all(|h| h["author"].is_string() && h["hlc"].is_string())
        );
        // A value of the wrong kind, or a field with no conflict, is refused and changes nothing.
        let bad =
            json!({"entity": "flow", "row_id": flow_id, "field": "quantity", "value": "bốn mươi"});
        let e = rpc.call("conflicts.resolve", bad).unwrap_err();
        assert_eq!(e.code, sxsh_api::ErrorCode::InvalidInput, "{e}");
        let none = json!({"entity": "flow", "row_id": flow_id, "field": "note", "value": "x"});
        let e = rpc.call("conflicts.resolve", none).unwrap_err();
        assert_eq!(e.code, sxsh_api::ErrorCode::NotFound, "{e}");
        assert_eq!(rpc.call("conflicts.list", json!({})).unwrap(), listed);
        let keep = json!({"entity": "flow", "row_id": flow_id, "field": "quantity", "value": 44.0});
        assert_eq!(rpc.call("conflicts.resolve", keep).unwrap(), json!(null));
        assert_eq!(rpc.call("conflicts.list", json!({})).unwrap(), json!([]));
    }
    exchange(&dirs, 10);
    assert_converged(&dirs);
    for d in &dirs {
        let store = Store::open(d.path()).unwrap();
        assert!(store.conflicts().unwrap().is_empty());
        let q: f64 = store
            .conn()
            .query_row(
                "SELECT quantity FROM flows WHERE id = ?1",
                [&flow_id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(q, 44.0);
    }
}

#[test]
fn a_device_a_year_ahead_is_refused_and_changes_nothing() {
    let (dirs, aid) = stores(2);
    let mut ops = all_ops(dirs[0].path());
    let last = ops.last().unwrap().clone();
    let mut ahead = last.clone();
    ahead.op_id = "01a2379e-0a00-7060-a409-1a3f66000001".into();
    let stamp = ahead.stamp().unwrap();
    ahead.hlc = sxsh_sync_proto::Stamp {
        hlc: sxsh_sync_proto::Hlc {
            ms: stamp.hlc.ms + 365 * 24 * 3600 * 1000,
            counter: 0,
        },
        device: "a-device-a-year-ahead".into(),
    }
    .format();
    ops.clear();
    let before = synced_dump(dirs[1].path());
    let mut store = Store::open(dirs[1].path()).unwrap();
    assert_eq!(
        store.apply_remote(&[ahead]).unwrap(),
        vec![OpStatus::Rejected(RejectCode::ClockSkew)]
    );
    drop(store);
    assert_eq!(synced_dump(dirs[1].path()), before);
    let _ = aid;
}

#[test]
fn a_flow_added_while_another_device_deletes_its_assessment_is_kept_and_flagged() {
    let (dirs, aid) = stores(2);
    {
        let api = Api::open(dirs[0].path()).unwrap();
        api.delete::<Assessment>(&aid).unwrap();
    }
    let added = {
        let api = Api::open(dirs[1].path()).unwrap();
        api.create(common::flow(&aid, "Củi bổ sung", 3.0))
            .unwrap()
            .data
            .id
    };
    exchange(&dirs, 5);
    assert_converged(&dirs);
    for d in &dirs {
        let store = Store::open(d.path()).unwrap();
        let deleted: i64 = store
            .conn()
            .query_row("SELECT deleted FROM flows WHERE id = ?1", [&added], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(deleted, 0, "the new flow is kept");
        assert_eq!(
            store.orphans().unwrap(),
            vec![(
                "flow".to_string(),
                added.clone(),
                "assessment".to_string(),
                aid.clone()
            )]
        );
    }
}
