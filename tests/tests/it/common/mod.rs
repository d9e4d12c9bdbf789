//! Row builders shared by the integration tests.
#![allow(dead_code)]

pub mod office;

use sxsh_api::dto::*;
use sxsh_domain::model::{DataSource, Direction, FlowCategory, Period};

/// A programme of the Hà Nội office, 2026–2030.
pub fn programme(name: &str) -> Programme {
    Programme {
        id: String::new(),
        name: name.into(),
        funder: "Bộ Công Thương".into(),
        office: "Sở Công Thương Hà Nội".into(),
        province: "Hà Nội".into(),
        period_start: Some("2026-01-01".into()),
        period_end: Some("2030-12-31".into()),
        targets: Default::default(),
        public: false,
    }
}

pub fn enterprise(name: &str) -> Enterprise {
    Enterprise {
        id: String::new(),
        kind: EnterpriseKind::CraftHousehold,
        name: name.into(),
        tax_code: String::new(),
        address: String::new(),
        province: "Hà Nội".into(),
        district: "Gia Lâm".into(),
        commune: "Kim Lan".into(),
        craft_village: "Làng gốm Kim Lan".into(),
        sector: "pottery".into(),
        main_products: "Gốm gia dụng".into(),
        design_capacity: Some(50.0),
        capacity_unit: "t".into(),
        employees: Some(5),
        contact_name: String::new(),
        contact_phone: String::new(),
        contact_email: String::new(),
    }
}

pub fn assessment(enterprise_id: &str) -> Assessment {
    Assessment {
        id: String::new(),
        enterprise_id: enterprise_id.into(),
        programme_id: None,
        kind: AssessmentKind::Quick,
        cycle: 1,
        title: "Đánh giá nhanh".into(),
        status: AssessmentStatus::Draft,
        start_date: Some("2026-03-10".into()),
        end_date: None,
        consultant: "Lê Minh Đức".into(),
        baseline_start: Some("2025-01-01".into()),
        baseline_end: Some("2025-12-31".into()),
        production_volume: Some(120.0),
        production_unit: "t".into(),
        discount_rate: 0.1,
        life_years: 5,
        tax_rate: 0.0,
        grid_ef_year: Some(2023),
        custom_grid_ef: None,
        custom_grid_ef_source: String::new(),
        checklists: vec!["pottery_kiln".into()],
        scope: String::new(),
        focus_recommendation: String::new(),
        next_steps: String::new(),
        sustaining_measures: String::new(),
        selection_criteria: Vec::new(),
    }
}

pub fn flow(assessment_id: &str, name: &str, quantity: f64) -> Flow {
    Flow {
        id: String::new(),
        assessment_id: assessment_id.into(),
        step_id: None,
        direction: Direction::In,
        category: FlowCategory::Fuel,
        name: name.into(),
        quantity,
        unit: "t".into(),
        period: Period::Year,
        unit_price_vnd: Some(4_200_000),
        fuel_code: "coal_bituminous".into(),
        source: DataSource::Records,
        note: String::new(),
        coal_grade: String::new(),
    }
}

/// An API on a fresh temporary data directory with one enterprise and one assessment.
pub fn seeded() -> (tempfile::TempDir, sxsh_api::Api, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let api = sxsh_api::Api::open(dir.path()).unwrap();
    let e = api.create(enterprise("Hộ gốm Đào Việt Bình")).unwrap();
    let a = api.create(assessment(&e.data.id)).unwrap();
    (dir, api, e.data.id, a.data.id)
}

/// A path for a backup file in the data folder's own `backups/` folder (the one place inside a
/// data folder a backup may be written).
pub fn backup_path(data_dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let dir = data_dir.join("backups");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A timestamp one second after `now` (RFC 3339 with milliseconds), for "edited later".
pub fn later_than(ts: &str) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(ts).unwrap() + chrono::Duration::seconds(1);
    t.with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Random local edits on one store: flow quantities and notes, the assessment's next steps, a
/// new flow, a delete.
pub fn edit_offline(api: &sxsh_api::Api, aid: &str, seed: u64, n: usize) {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    for i in 0..n {
        let flows = api.children::<Flow>(aid).unwrap();
        match rng.random_range(0..6) {
            0..=2 => {
                let mut f = flows[rng.random_range(0..flows.len())].data.clone();
                f.quantity = rng.random_range(1..1000) as f64;
                api.update(f).unwrap();
            }
            3 => {
                let mut f = flows[rng.random_range(0..flows.len())].data.clone();
                f.note = format!("ghi chú {seed}-{i}");
                api.update(f).unwrap();
            }
            4 => {
                let mut f = flows[0].data.clone();
                f.id = String::new();
                f.name = format!("Dòng {seed}-{i}");
                api.create(f).unwrap();
            }
            _ if flows.len() > 2 => {
                api.delete::<Flow>(&flows[rng.random_range(0..flows.len())].data.id)
                    .unwrap();
            }
            _ => {
                let mut a = api.get::<Assessment>(aid).unwrap().data;
                a.next_steps = format!("bước {seed}-{i}");
                api.update(a).unwrap();
            }
        }
    }
}

/// A new good-housekeeping option of `aid` with no investment, savings or cash flows yet.
pub fn option(aid: &str, title: &str) -> CpOption {
    CpOption {
        id: String::new(),
        assessment_id: aid.into(),
        title: title.into(),
        description: String::new(),
        techniques: vec!["GH".into()],
        cause_ids: vec![],
        waste_stream_ids: vec![],
        screening: None,
        technical_notes: String::new(),
        investment_vnd: None,
        savings: vec![],
        opex_change_vnd: 0,
        life_years: None,
        score: None,
        selected: false,
        status: sxsh_domain::model::ImplStatus::NotStarted,
        source_item: String::new(),
        cash_flows_vnd: None,
        technical_checks: Vec::new(),
        selection_scores: Vec::new(),
        screening_reason: String::new(),
    }
}
