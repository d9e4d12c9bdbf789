//! Writes `tests/fixtures/schema_v1.db`: a database at schema version 1 with one craft
//! household and one assessment, for the upgrade test. Run once when the fixture is created:
//! `cargo run -p sxsh-tests --example make_fixture_v1`. Never regenerate it with a newer schema.

use sxsh_domain::model::*;
use sxsh_store::Store;

fn main() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_at_version(dir.path(), 1).unwrap();
    let enterprise = Enterprise {
        id: "0190f5a2-7c1e-7a10-8000-000000000001".into(),
        kind: EnterpriseKind::CraftHousehold,
        name: "Hộ gốm Nguyễn Văn Lâm".into(),
        tax_code: String::new(),
        address: "Thôn Kim Lan".into(),
        province: "Hà Nội".into(),
        district: "Gia Lâm".into(),
        commune: "Kim Lan".into(),
        craft_village: "Làng gốm Kim Lan".into(),
        sector: "pottery".into(),
        main_products: "Bình, lọ gốm".into(),
        design_capacity: Some(60.0),
        capacity_unit: "t".into(),
        employees: Some(6),
        contact_name: "Nguyễn Văn Lâm".into(),
        contact_phone: String::new(),
        contact_email: String::new(),
    };
    let assessment = Assessment {
        id: "0190f5a2-7c1e-7a10-8000-000000000002".into(),
        enterprise_id: enterprise.id.clone(),
        programme_id: None,
        kind: AssessmentKind::Quick,
        cycle: 1,
        title: "Đánh giá nhanh lò nung than".into(),
        status: AssessmentStatus::Draft,
        start_date: Some("2024-05-06".into()),
        end_date: None,
        consultant: "Trần Thị Hồng".into(),
        baseline_start: None,
        baseline_end: None,
        production_volume: None,
        production_unit: String::new(),
        discount_rate: 0.1,
        life_years: 5,
        tax_rate: 0.0,
        grid_ef_year: Some(2022),
        custom_grid_ef: None,
        custom_grid_ef_source: String::new(),
        checklists: vec!["pottery_kiln".into()],
        scope: String::new(),
        focus_recommendation: String::new(),
        next_steps: String::new(),
        sustaining_measures: String::new(),
        selection_criteria: Vec::new(),
    };
    store
        .write(|tx| {
            tx.insert(&enterprise)?;
            tx.insert(&assessment)
        })
        .unwrap();
    store.close().unwrap();
    std::fs::create_dir_all(&out).unwrap();
    std::fs::copy(dir.path().join("sxsh.db"), out.join("schema_v1.db")).unwrap();
    println!("wrote {}", out.join("schema_v1.db").display());
}
