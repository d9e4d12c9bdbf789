//! Calculation benchmarks; they print figures and assert nothing.
//! Run: `cargo bench -p sxsh-tests --bench calc`.
//!
//! 1. Option economics (net savings, payback, NPV, IRR) on one core. Target ≥ 1,000,000 options/s.
//! 2. Roll-up over a store of 20,000 assessments with 100,000 options. Target ≤ 200 ms.

use std::hint::black_box;
use std::time::Instant;
use sxsh_api::Api;
use sxsh_api::calc::RollupQuery;
use sxsh_domain::calc::econ::{EconInput, SavingLine, economics};
use sxsh_domain::model::*;

fn option_throughput() {
    let inputs: Vec<EconInput> = (0..1_000_000u32)
        .map(|i| EconInput {
            investment_vnd: Some(1_000_000 + i64::from(i % 997) * 100_000),
            savings: vec![
                SavingLine {
                    quantity: 100.0 + f64::from(i % 89),
                    unit_price_vnd: 2_000,
                    added: false,
                },
                SavingLine {
                    quantity: f64::from(i % 13),
                    unit_price_vnd: 4_300_000,
                    added: false,
                },
            ],
            opex_change_vnd: i64::from(i % 7) * 10_000,
            life_years: 3 + i % 12,
            discount_rate: 0.08 + f64::from(i % 5) * 0.01,
            tax_rate: if i % 3 == 0 { 0.2 } else { 0.0 },
            cash_flows_vnd: None,
            irr_trial_rates: None,
        })
        .collect();
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t = Instant::now();
        let mut acc: i64 = 0;
        for x in &inputs {
            let e = economics(black_box(x));
            acc = acc.wrapping_add(e.npv_vnd.unwrap_or(0));
        }
        black_box(acc);
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "option economics (net savings, payback, NPV, IRR), one core: {:.0} options/s ({:.0} ns each; best of 3 over 1,000,000) (target >= 1,000,000/s)",
        inputs.len() as f64 / best,
        best / inputs.len() as f64 * 1e9
    );
}

fn rollup() {
    let dir = match std::env::var_os("SXSH_BENCH_DIR") {
        Some(d) => tempfile::tempdir_in(d).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };
    let data = dir.path().join("data");
    let t = Instant::now();
    {
        let mut store = sxsh_store::Store::open(&data).unwrap();
        store
            .write(|tx| {
                let mut enterprises = Vec::new();
                for i in 0..5_000 {
                    let e = Enterprise {
                        id: sxsh_api::uuid_v7(),
                        kind: EnterpriseKind::CraftHousehold,
                        name: format!("Cơ sở {i}"),
                        tax_code: String::new(),
                        address: String::new(),
                        province: ["Hà Nội", "Bắc Ninh", "Sóc Trăng", "Đồng Tháp"][i % 4].into(),
                        district: String::new(),
                        commune: String::new(),
                        craft_village: String::new(),
                        sector: ["pottery", "forging", "seafood", "cassava_starch"][i % 4].into(),
                        main_products: String::new(),
                        design_capacity: None,
                        capacity_unit: String::new(),
                        employees: None,
                        contact_name: String::new(),
                        contact_phone: String::new(),
                        contact_email: String::new(),
                    };
                    enterprises.push(tx.insert(&e)?.data.id);
                }
                for i in 0..20_000 {
                    let a = Assessment {
                        id: sxsh_api::uuid_v7(),
                        enterprise_id: enterprises[i % 5_000].clone(),
                        programme_id: None,
                        kind: if i % 4 == 0 {
                            AssessmentKind::Detailed
                        } else {
                            AssessmentKind::Quick
                        },
                        cycle: 1,
                        title: format!("Đánh giá {i}"),
                        status: AssessmentStatus::Completed,
                        start_date: Some(format!("{}-03-01", 2019 + i % 6)),
                        end_date: None,
                        consultant: String::new(),
                        baseline_start: None,
                        baseline_end: None,
                        production_volume: Some(100.0),
                        production_unit: "t".into(),
                        discount_rate: 0.1,
                        life_years: 5,
                        tax_rate: 0.0,
                        grid_ef_year: Some([2019, 2021, 2023][i % 3]),
                        custom_grid_ef: None,
                        custom_grid_ef_source: String::new(),
                        checklists: vec![],
                        scope: String::new(),
                        focus_recommendation: String::new(),
                        next_steps: String::new(),
                        sustaining_measures: String::new(),
                        selection_criteria: Vec::new(),
                    };
                    let aid = tx.insert(&a)?.data.id;
                    for k in 0..5 {
                        let o = CpOption {
                            id: sxsh_api::uuid_v7(),
                            assessment_id: aid.clone(),
                            title: format!("Giải pháp {k}"),
                            description: String::new(),
                            techniques: vec![["GH", "PC", "EM", "RR", "TC"][k].into()],
                            cause_ids: vec![],
                            waste_stream_ids: vec![],
                            screening: Some(Screening::ImplementNow),
                            technical_notes: String::new(),
                            investment_vnd: Some(5_000_000 * (k as i64 + 1)),
                            savings: vec![
                                ResourceSaving {
                                    resource: Resource::Electricity,
                                    name: String::new(),
                                    fuel_code: String::new(),
                                    quantity: 1200.0,
                                    unit: "kWh".into(),
                                    unit_price_vnd: Some(2_000),
                                    added: false,
                                    coal_grade: String::new(),
                                },
                                ResourceSaving {
                                    resource: Resource::Fuel,
                                    name: String::new(),
                                    fuel_code: "anthracite".into(),
                                    quantity: 1.5,
                                    unit: "t".into(),
                                    unit_price_vnd: Some(4_300_000),
                                    added: false,
                                    coal_grade: String::new(),
                                },
                            ],
                            opex_change_vnd: 0,
                            life_years: None,
                            score: None,
                            selected: k < 3,
                            status: if k < 2 {
                                ImplStatus::Done
                            } else {
                                ImplStatus::NotStarted
                            },
                            source_item: String::new(),
                            cash_flows_vnd: None,
                            technical_checks: Vec::new(),
                            selection_scores: Vec::new(),
                            screening_reason: String::new(),
                        };
                        tx.insert(&o)?;
                    }
                }
                Ok::<_, sxsh_store::StoreError>(())
            })
            .unwrap();
        store.close().unwrap();
    }
    println!(
        "built 5,000 enterprises, 20,000 assessments, 100,000 options in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let api = Api::open(&data).unwrap();
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let t = Instant::now();
        let r = api.rollup(RollupQuery::default()).unwrap();
        times.push(t.elapsed().as_secs_f64());
        last = Some(r);
    }
    times.sort_by(f64::total_cmp);
    let r = last.unwrap();
    println!(
        "roll-up of {} assessments, {} options: median {:.1} ms, best {:.1} ms (target <= 200 ms); {:.0} tCO2 identified, grid years {:?}, warnings {}",
        r.figures.assessments,
        r.figures.options_identified,
        times[times.len() / 2] * 1e3,
        times[0] * 1e3,
        r.figures.identified.tco2,
        r.grid_years,
        r.warnings.len()
    );
    let t = Instant::now();
    let p = api
        .rollup(RollupQuery {
            province: Some("ha noi".into()),
            year: Some(2023),
            ..Default::default()
        })
        .unwrap();
    println!(
        "roll-up filtered to Hà Nội, 2023 ({} assessments): {:.1} ms",
        p.figures.assessments,
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let r = api
            .rollup(RollupQuery {
                recompute_year: Some(2023),
                ..Default::default()
            })
            .unwrap();
        times.push(t.elapsed().as_secs_f64());
        assert!(r.recomputed.is_some());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "roll-up with every figure also recomputed at 2023: median {:.1} ms, best {:.1} ms",
        times[times.len() / 2] * 1e3,
        times[0] * 1e3
    );
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    option_throughput();
    rollup();
}
