//! The change-op path: every op a store holds, read with `changes_since` and applied with
//! `apply_remote` into an empty store, rebuilds the same store (every row, field, version and
//! conflict); applying them again changes nothing.

use rand::{RngExt, SeedableRng};
use sxsh_api::Api;
use sxsh_api::dto::*;
use sxsh_store::Store;
use sxsh_store::sync::OpStatus;
use sxsh_tests::synced_dump;

/// Random local changes through the API: edits of flows, options and assessments, new flows,
/// deletes.
fn workload(api: &Api, n: usize, seed: u64) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let assessments: Vec<String> = api
        .recent_assessments(10)
        .unwrap()
        .into_iter()
        .map(|a| a.assessment.data.id)
        .collect();
    let mut done = 0;
    while done < n {
        let a = &assessments[rng.random_range(0..assessments.len())];
        let flows = api.children::<Flow>(a).unwrap();
        match rng.random_range(0..10) {
            0..=4 if !flows.is_empty() => {
                let mut f = flows[rng.random_range(0..flows.len())].data.clone();
                f.quantity = rng.random_range(0..100_000) as f64 / 10.0;
                if rng.random_bool(0.3) {
                    f.note = format!("ghi chú {done}");
                }
                api.update(f).unwrap();
            }
            5 => {
                let opts = api.children::<CpOption>(a).unwrap();
                if let Some(o) = opts.first() {
                    let mut o = o.data.clone();
                    o.investment_vnd = Some(rng.random_range(0..1_000_000_000));
                    api.update(o).unwrap();
                }
            }
            6 | 7 => {
                let mut f = flows
                    .first()
                    .map(|f| f.data.clone())
                    .unwrap_or_else(|| panic!("flows"));
                f.id = String::new();
                f.name = format!("Dòng mới {done}");
                api.create(f).unwrap();
            }
            8 if flows.len() > 3 => {
                api.delete::<Flow>(&flows[rng.random_range(0..flows.len())].data.id)
                    .unwrap();
            }
            _ => {
                let mut x = api.get::<Assessment>(a).unwrap().data;
                x.next_steps = format!("Bước {done}");
                api.update(x).unwrap();
            }
        }
        done += 1;
    }
}

#[test]
fn ops_replayed_into_an_empty_store_rebuild_it_and_a_second_replay_changes_nothing() {
    let src = tempfile::tempdir().unwrap();
    {
        let api = Api::open(src.path()).unwrap();
        sxsh_tests::load_demo_for_editing(&api);
        workload(&api, 2_500, 7);
    }
    let source = Store::open(src.path()).unwrap();
    let mut ops = Vec::new();
    let mut cursor = 0;
    loop {
        let page = source.changes_since(cursor, 1000, false).unwrap();
        if page.ops.is_empty() {
            break;
        }
        cursor = page.next_cursor;
        ops.extend(page.ops.into_iter().map(|(_, op)| op));
    }
    assert!(ops.len() > 2_500, "{} ops", ops.len());
    drop(source);

    let dst = tempfile::tempdir().unwrap();
    let mut store = Store::open(dst.path()).unwrap();
    for batch in ops.chunks(700) {
        let status = store.apply_remote(batch).unwrap();
        assert!(
            status.iter().all(|s| *s == OpStatus::Applied),
            "{:?}",
            status.iter().find(|s| **s != OpStatus::Applied)
        );
    }
    drop(store);
    sxsh_tests::assert_same_dump(&synced_dump(dst.path()), &synced_dump(src.path()));

    let mut store = Store::open(dst.path()).unwrap();
    let status = store.apply_remote(&ops).unwrap();
    assert!(status.iter().all(|s| *s == OpStatus::Duplicate));
    drop(store);
    sxsh_tests::assert_same_dump(&synced_dump(dst.path()), &synced_dump(src.path()));
}
