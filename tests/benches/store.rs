//! Store benchmarks; they print figures and assert nothing. Run: `cargo bench -p sxsh-tests`.
//!
//! 1. Autosave-sized edit (update one field + its change-log row, committed) against a bare
//!    single-row INSERT commit into a plain SQLite table on the same disk, same pragmas.
//!    Target: ratio ≤ 2×.
//! 2. A database of 5,000 enterprises, 20,000 assessments and 1,000,000 flows: open it and
//!    list the 50 latest assessments. Target: < 50 ms for open + list.
//!
//! 3. `apply_remote` of 10,000 ops (new flows, then edits of them) from another device against
//!    writing the same 10,000 rows locally in one transaction. Target: ≤ 3×.
//!
//! Set `SXSH_BENCH_DIR` to build the databases somewhere other than the system temp dir;
//! `SXSH_BENCH_ONLY=autosave,apply,large` runs only those parts.

use std::time::{Duration, Instant};
use sxsh_api::Api;
use sxsh_api::dto::*;
use sxsh_domain::model::{DataSource, Direction, FlowCategory, Period};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench_dir() -> tempfile::TempDir {
    match std::env::var_os("SXSH_BENCH_DIR") {
        Some(d) => tempfile::tempdir_in(d).unwrap(),
        None => tempfile::tempdir().unwrap(),
    }
}

fn enterprise(i: usize) -> Enterprise {
    Enterprise {
        id: String::new(),
        kind: EnterpriseKind::CraftHousehold,
        name: format!("Hộ sản xuất số {i}"),
        tax_code: String::new(),
        address: String::new(),
        province: ["Hà Nội", "Bắc Ninh", "Sóc Trăng", "Đồng Tháp"][i % 4].into(),
        district: String::new(),
        commune: String::new(),
        craft_village: ["Kim Lan", "Đa Sỹ", "Bát Tràng", ""][i % 4].into(),
        sector: ["pottery", "forging", "seafood", "cassava_starch"][i % 4].into(),
        main_products: String::new(),
        design_capacity: None,
        capacity_unit: String::new(),
        employees: Some((i % 50) as i64),
        contact_name: String::new(),
        contact_phone: String::new(),
        contact_email: String::new(),
    }
}

fn assessment(enterprise_id: &str, i: usize) -> Assessment {
    Assessment {
        id: sxsh_api::uuid_v7(),
        enterprise_id: enterprise_id.into(),
        programme_id: None,
        kind: if i.is_multiple_of(5) {
            AssessmentKind::Detailed
        } else {
            AssessmentKind::Quick
        },
        cycle: 1,
        title: format!("Đánh giá số {i}"),
        status: AssessmentStatus::InProgress,
        start_date: Some("2026-01-15".into()),
        end_date: None,
        consultant: "Nguyễn Thị Hà".into(),
        baseline_start: None,
        baseline_end: None,
        production_volume: Some(100.0 + i as f64),
        production_unit: "t".into(),
        discount_rate: 0.1,
        life_years: 5,
        tax_rate: 0.0,
        grid_ef_year: Some(2023),
        custom_grid_ef: None,
        custom_grid_ef_source: String::new(),
        checklists: vec![],
        scope: String::new(),
        focus_recommendation: String::new(),
        next_steps: String::new(),
        sustaining_measures: String::new(),
        selection_criteria: Vec::new(),
    }
}

fn flow(assessment_id: &str, i: usize) -> Flow {
    Flow {
        id: sxsh_api::uuid_v7(),
        assessment_id: assessment_id.into(),
        step_id: None,
        direction: if i.is_multiple_of(2) {
            Direction::In
        } else {
            Direction::Out
        },
        category: FlowCategory::RawMaterial,
        name: format!("Dòng {i}"),
        quantity: (i % 1000) as f64 * 1.5,
        unit: "t".into(),
        period: Period::Year,
        unit_price_vnd: Some(1_000_000),
        fuel_code: String::new(),
        source: DataSource::Estimated,
        note: String::new(),
        coal_grade: String::new(),
    }
}

fn autosave_vs_bare_insert() {
    let dir = bench_dir();
    let api = Api::open(&dir.path().join("data")).unwrap();
    let e = api.create(enterprise(1)).unwrap();
    let a = api.create(assessment(&e.data.id, 1)).unwrap();

    let plain = rusqlite::Connection::open(dir.path().join("plain.db")).unwrap();
    let _: String = plain
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .unwrap();
    plain.pragma_update(None, "synchronous", "FULL").unwrap();
    plain
        .execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        .unwrap();

    let n = 400;
    let mut edits = Vec::with_capacity(n);
    let mut patches = Vec::with_capacity(n);
    let mut inserts = Vec::with_capacity(n);
    let mut row = a.data.clone();
    let mut base = std::collections::BTreeMap::new();
    base.insert("*".to_string(), a.meta.versions["*"].clone());
    let named = vec!["next_steps".to_string()];
    for i in 0..n {
        // Interleave so all three see the same disk state.
        row.scope = format!("Phạm vi đánh giá, bản sửa {i}");
        let t = Instant::now();
        api.update(row.clone()).unwrap();
        edits.push(t.elapsed());

        // The UI's save: a patch of one field from the version it was read at.
        let text = format!("Bước tiếp theo, bản sửa {i}");
        // The whole-row edit above must not write an old `next_steps` back.
        row.next_steps = text.clone();
        let t = Instant::now();
        let stored = api
            .patch::<Assessment>(&a.data.id, &base, &named, |old| {
                let mut d = old.data;
                d.next_steps = text;
                Ok(d)
            })
            .unwrap();
        patches.push(t.elapsed());
        base.insert(
            "next_steps".to_string(),
            stored.meta.versions["next_steps"].clone(),
        );

        let t = Instant::now();
        plain
            .execute("INSERT INTO t (v) VALUES (?1)", [format!("giá trị {i}")])
            .unwrap();
        inserts.push(t.elapsed());
    }
    let (e, p, b) = (median(edits), median(patches), median(inserts));
    println!(
        "autosave edit (update 1 field + change log, committed): median {:.3} ms over {n}",
        e.as_secs_f64() * 1e3
    );
    println!(
        "autosave patch (the UI's row.patch of 1 field with its base version, committed): median {:.3} ms over {n}",
        p.as_secs_f64() * 1e3
    );
    println!(
        "bare single-row INSERT commit (plain table, same pragmas): median {:.3} ms over {n}",
        b.as_secs_f64() * 1e3
    );
    println!(
        "ratio edit / bare insert: {:.2}x, patch / bare insert: {:.2}x (target <= 1.5x)",
        e.as_secs_f64() / b.as_secs_f64(),
        p.as_secs_f64() / b.as_secs_f64()
    );
}

/// Writes 10,000 rows locally in one transaction (5,000 new flows, then 5,000 edits of them)
/// and applies the same 10,000 ops on another store, timed the same way.
fn apply_remote_vs_local_bulk() {
    let dir = bench_dir();
    let src = dir.path().join("src");
    let aid = {
        let api = Api::open(&src).unwrap();
        let e = api.create(enterprise(1)).unwrap();
        api.create(assessment(&e.data.id, 1)).unwrap().data.id
    };
    let mut store = sxsh_store::Store::open(&src).unwrap();
    let base_cursor = store.changes_since(0, 1_000, false).unwrap().next_cursor;
    let t = Instant::now();
    store
        .write(|tx| -> sxsh_store::Result<()> {
            let mut rows = Vec::with_capacity(5_000);
            for i in 0..5_000 {
                rows.push(tx.insert(&flow(&aid, i))?.data);
            }
            for mut f in rows {
                f.quantity += 1.0;
                tx.update(&f)?;
            }
            Ok(())
        })
        .unwrap();
    let local = t.elapsed();
    let base: Vec<_> = store
        .changes_since(0, usize::MAX >> 1, false)
        .unwrap()
        .ops
        .into_iter()
        .collect();
    drop(store);
    let (head, ops): (Vec<_>, Vec<_>) = base.into_iter().partition(|(seq, _)| *seq <= base_cursor);
    let head: Vec<_> = head.into_iter().map(|(_, op)| op).collect();
    let ops: Vec<_> = ops.into_iter().map(|(_, op)| op).collect();
    let mut dst = sxsh_store::Store::open(&dir.path().join("dst")).unwrap();
    dst.apply_remote(&head).unwrap();
    let t = Instant::now();
    let status = dst.apply_remote(&ops).unwrap();
    let remote = t.elapsed();
    assert_eq!(status.len(), 10_000);
    println!(
        "local write of 10,000 rows (5,000 inserts + 5,000 edits) in one transaction: {:.0} ms",
        local.as_secs_f64() * 1e3
    );
    println!(
        "apply_remote of the same 10,000 ops in one call: {:.0} ms; ratio {:.2}x (target <= 3x)",
        remote.as_secs_f64() * 1e3,
        remote.as_secs_f64() / local.as_secs_f64()
    );
}

fn large_database() {
    let dir = bench_dir();
    let data = dir.path().join("data");
    let (n_ent, n_ass, n_flows) = (5_000, 20_000, 1_000_000);
    let t = Instant::now();
    {
        let mut store = sxsh_store::Store::open(&data).unwrap();
        let mut ent_ids = Vec::with_capacity(n_ent);
        store
            .write(|tx| {
                for i in 0..n_ent {
                    let mut e = enterprise(i);
                    e.id = sxsh_api::uuid_v7();
                    ent_ids.push(tx.insert(&e)?.data.id);
                }
                Ok::<_, sxsh_store::StoreError>(())
            })
            .unwrap();
        let mut ass_ids = Vec::with_capacity(n_ass);
        store
            .write(|tx| {
                for i in 0..n_ass {
                    ass_ids.push(tx.insert(&assessment(&ent_ids[i % n_ent], i))?.data.id);
                }
                Ok::<_, sxsh_store::StoreError>(())
            })
            .unwrap();
        for chunk in (0..n_flows).collect::<Vec<_>>().chunks(100_000) {
            store
                .write(|tx| {
                    for &i in chunk {
                        tx.insert(&flow(&ass_ids[i % n_ass], i))?;
                    }
                    Ok::<_, sxsh_store::StoreError>(())
                })
                .unwrap();
        }
        store.close().unwrap();
    }
    let size = std::fs::metadata(data.join("sxsh.db")).unwrap().len();
    println!(
        "built {n_ent} enterprises, {n_ass} assessments, {n_flows} flows (+ change log) in {:.1} s; database {:.0} MB",
        t.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let api = Api::open(&data).unwrap();
        let recent = api.recent_assessments(50).unwrap();
        times.push(t.elapsed());
        assert_eq!(recent.len(), 50);
    }
    println!(
        "open + list 50 latest assessments: median {:.2} ms, first (cold) {:.2} ms (target < 50 ms)",
        median(times.clone()).as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
    let api = Api::open(&data).unwrap();
    let t = Instant::now();
    let hits = api.search_enterprises("da sy").unwrap();
    println!(
        "search \"da sy\" over {n_ent} enterprises: {:.2} ms, {} hits",
        t.elapsed().as_secs_f64() * 1e3,
        hits.len()
    );
}

fn main() {
    // `cargo test --benches` runs bench targets with --bench absent; do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let only = std::env::var("SXSH_BENCH_ONLY").unwrap_or_default();
    let run = |part: &str| only.is_empty() || only.split(',').any(|p| p == part);
    if run("autosave") {
        autosave_vs_bare_insert();
    }
    if run("apply") {
        apply_remote_vs_local_bulk();
    }
    if run("large") {
        large_database();
    }
}
