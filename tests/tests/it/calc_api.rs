//! Calculations through the API: one option, the options of a stored assessment (same
//! functions), roll-ups over the store, and the reference tables.

use crate::common;
use sxsh_api::calc::{GridChoice, Irr, OptionCalcInput, Payback, RollupQuery};
use sxsh_api::dto::*;
use sxsh_api::{Api, ErrorCode};
use sxsh_domain::FieldErrorCode;
use sxsh_domain::model::{Direction, FlowCategory, Resource};

fn demo() -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    sxsh_tests::load_demo_for_editing(&api);
    (dir, api)
}

fn saving(
    resource: Resource,
    fuel: &str,
    quantity: f64,
    unit: &str,
    price: Option<i64>,
) -> sxsh_domain::model::ResourceSaving {
    sxsh_domain::model::ResourceSaving {
        resource,
        name: String::new(),
        fuel_code: fuel.into(),
        quantity,
        unit: unit.into(),
        unit_price_vnd: price,
        added: false,
        coal_grade: String::new(),
    }
}

fn input() -> OptionCalcInput {
    OptionCalcInput {
        investment_vnd: Some(100_000_000),
        savings: vec![
            saving(Resource::Electricity, "", 6_300_000.0, "kWh", Some(0)),
            saving(Resource::Other, "", 30_000_000.0, "VND", Some(1)),
        ],
        opex_change_vnd: 0,
        life_years: 5,
        discount_rate: 0.10,
        tax_rate: 0.0,
        grid: Some(GridChoice::Year { year: 2021 }),
        gwp: None,
        cash_flows_vnd: None,
        irr_trial_rates: None,
    }
}

#[test]
fn one_option_with_hand_checked_figures_and_factors() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    let r = api.calc_option(&input()).unwrap();
    assert_eq!(r.economics.annual_net_savings_vnd, 30_000_000);
    assert!(
        matches!(r.economics.payback, Payback::Years { years } if (years - 10.0 / 3.0).abs() < 1e-12)
    );
    // 13.723.603,08 đ rounded once, to the đồng.
    assert_eq!(r.economics.npv_vnd, Some(13_723_603));
    assert!(matches!(r.economics.irr, Irr::Unique { rate } if (rate - 0.152_382_371).abs() < 1e-6));
    assert_eq!(r.impact.tco2.round(), 4549.0);
    let grid = r
        .impact
        .factors
        .iter()
        .find(|f| f.name == "grid_ef")
        .unwrap();
    assert_eq!((grid.value, grid.year), (0.7221, Some(2021)));
    assert_eq!(r.sensitivity.len(), 6);
}

#[test]
fn bad_option_inputs_are_refused_with_field_errors() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    type Mutation = Box<dyn Fn(&mut OptionCalcInput)>;
    let cases: Vec<(&str, Mutation, &str, FieldErrorCode)> = vec![
        (
            "NaN quantity",
            Box::new(|i| i.savings[0].quantity = f64::NAN),
            "savings[0].quantity",
            FieldErrorCode::NotFinite,
        ),
        (
            "negative investment",
            Box::new(|i| i.investment_vnd = Some(-1)),
            "investment_vnd",
            FieldErrorCode::Negative,
        ),
        (
            "life of 0 years",
            Box::new(|i| i.life_years = 0),
            "life_years",
            FieldErrorCode::OutOfRange,
        ),
        (
            "NaN rate",
            Box::new(|i| i.discount_rate = f64::NAN),
            "discount_rate",
            FieldErrorCode::NotFinite,
        ),
        (
            "energy in tonnes",
            Box::new(|i| i.savings[0].unit = "t".into()),
            "savings[0].unit",
            FieldErrorCode::WrongDimension,
        ),
        (
            "unknown fuel",
            Box::new(|i| {
                i.savings
                    .push(saving(Resource::Fuel, "unobtainium", 1.0, "t", None))
            }),
            "savings[2].fuel_code",
            FieldErrorCode::InvalidCode,
        ),
        (
            "unknown grid year",
            Box::new(|i| i.grid = Some(GridChoice::Year { year: 1990 })),
            "grid",
            FieldErrorCode::InvalidCode,
        ),
        (
            "unknown unit",
            Box::new(|i| i.savings[0].unit = "bao".into()),
            "savings[0].unit",
            FieldErrorCode::UnknownUnit,
        ),
    ];
    for (name, mutate, field, code) in cases {
        let mut x = input();
        mutate(&mut x);
        let err = api.calc_option(&x).expect_err(name);
        assert_eq!(err.code, ErrorCode::ValidationFailed, "{name}");
        assert!(
            err.field_errors
                .iter()
                .any(|e| e.field == field && e.code == code),
            "{name}: {:?}",
            err.field_errors
        );
    }
}

#[test]
fn stored_options_are_computed_with_their_assessment_parameters() {
    let (_dir, api) = demo();
    let pottery = api
        .recent_assessments(10)
        .unwrap()
        .into_iter()
        .find(|a| a.enterprise_name.contains("Đào Việt Bình"))
        .unwrap();
    let a = pottery.assessment.data;
    let results = api.option_results(&a.id).unwrap();
    assert_eq!(results.len(), 2);
    for r in &results {
        let o = api.get::<CpOption>(&r.option_id).unwrap().data;
        // The same numbers as the single-option use case with the assessment's parameters.
        let direct = api
            .calc_option(&OptionCalcInput {
                investment_vnd: o.investment_vnd,
                savings: o.savings.clone(),
                opex_change_vnd: o.opex_change_vnd,
                life_years: o.life_years.unwrap_or(a.life_years) as u32,
                discount_rate: a.discount_rate,
                tax_rate: a.tax_rate,
                grid: Some(GridChoice::Year {
                    year: a.grid_ef_year.unwrap(),
                }),
                gwp: None,
                cash_flows_vnd: o.cash_flows_vnd.clone(),
                irr_trial_rates: None,
            })
            .unwrap();
        assert_eq!(r.result, direct);
        assert!(r.result.economics.annual_net_savings_vnd > 0, "{}", r.title);
    }
    // The coal-dosing option saves 2.9 t of anthracite: 2.9 × 26.7 × 98 300 / 10⁶ tCO2.
    let coal = results.iter().find(|r| r.result.impact.tco2 > 0.0).unwrap();
    assert!((coal.result.impact.tco2 - 2.9 * 26.7 * 98_300.0 / 1e6).abs() < 1e-9);
}

#[test]
fn rollup_of_the_demo_and_a_warning_when_grid_years_mix() {
    let (_dir, api) = demo();
    let r = api.rollup(RollupQuery::default()).unwrap();
    assert_eq!(
        (
            r.figures.assessments,
            r.figures.quick_assessments,
            r.figures.detailed_assessments
        ),
        (3, 2, 1)
    );
    assert_eq!(r.figures.enterprises, 3);
    assert_eq!(r.by_technique.len(), 8);
    // The demo's one option rejected at screening is kept apart from the identified ones.
    assert_eq!(r.figures.options_rejected, 1);
    assert!(r.figures.options_identified >= 11);
    assert_eq!(r.grid_years, vec![2023]);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);

    let hanoi = api
        .rollup(RollupQuery {
            province: Some("ha noi".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hanoi.figures.assessments, 2);

    // Move the pottery assessment to the 2019 factor: the total now mixes years and says so.
    let pottery = api
        .recent_assessments(10)
        .unwrap()
        .into_iter()
        .find(|a| a.enterprise_name.contains("Đào Việt Bình"))
        .unwrap();
    let mut a = pottery.assessment.data;
    a.grid_ef_year = Some(2019);
    api.update(a).unwrap();
    let mixed = api.rollup(RollupQuery::default()).unwrap();
    assert_eq!(mixed.grid_years, vec![2019, 2023]);
    assert_eq!(mixed.warnings[0].code, "MIXED_GRID_FACTORS");

    let gh = api
        .rollup(RollupQuery {
            technique: Some("GH".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(gh.figures.options_identified < r.figures.options_identified);
    assert_eq!(
        gh.by_technique
            .iter()
            .find(|t| t.code == "GH")
            .unwrap()
            .identified,
        gh.figures.options_identified
    );
}

#[test]
fn reference_tables_are_loaded_once_per_version() {
    let dir = tempfile::tempdir().unwrap();
    drop(Api::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join("sxsh.db")).unwrap();
    let count = |t: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count("ref_techniques"), 8);
    assert_eq!(count("ref_tasks"), 18);
    assert!(
        count("ref_fuels") >= 14
            && count("ref_grid_factors") >= 12
            && count("ref_benchmarks") >= 70
    );
    let v: f64 = conn
        .query_row(
            "SELECT value FROM ref_grid_factors WHERE year = 2021",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, 0.7221);
    let loaded_at: String = conn
        .query_row("SELECT loaded_at FROM ref_dataset", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    drop(Api::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join("sxsh.db")).unwrap();
    let again: String = conn
        .query_row("SELECT loaded_at FROM ref_dataset", [], |r| r.get(0))
        .unwrap();
    assert_eq!(loaded_at, again, "the same version is not reloaded");
    // Reference rows are never change-logged.
    let logged: i64 = conn
        .query_row(
            "SELECT count(*) FROM change_log WHERE entity LIKE 'ref%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 0);
}

#[test]
fn figures_of_the_detailed_demo_assessment() {
    let (_dir, api) = demo();
    let seafood = api
        .recent_assessments(10)
        .unwrap()
        .into_iter()
        .find(|a| a.assessment.data.kind == AssessmentKind::Detailed)
        .unwrap();
    let id = seafood.assessment.data.id;
    let doc = api.export_assessment(&id).unwrap();
    let c = api.assessment_calcs(&id).unwrap();

    // Focus balance: sum the focus step's material flows by hand from the document.
    let focus = doc.process_steps.iter().find(|s| s.data.is_focus).unwrap();
    let (mut t_in, mut t_out) = (0.0, 0.0);
    for f in doc
        .flows
        .iter()
        .filter(|f| f.data.step_id.as_deref() == Some(focus.data.id.as_str()))
    {
        use sxsh_domain::model::FlowCategory::*;
        if matches!(
            f.data.category,
            RawMaterial | Auxiliary | Product | ByProduct | SolidWaste | Loss
        ) {
            let t = if f.data.unit == "kg" {
                f.data.quantity / 1000.0
            } else {
                f.data.quantity
            };
            match f.data.direction {
                sxsh_domain::model::Direction::In => t_in += t,
                sxsh_domain::model::Direction::Out => t_out += t,
            }
        }
    }
    let fb = c.balances.iter().find(|b| b.scope == "focus").unwrap();
    assert!(
        (fb.material.total_in - t_in).abs() < 1e-9 && (fb.material.total_out - t_out).abs() < 1e-9
    );
    assert!((fb.material.closure_pct.unwrap() - t_out / t_in * 100.0).abs() < 1e-9);
    assert!(fb.material.incompatible.is_empty());
    assert_eq!(
        c.balances.iter().filter(|b| b.scope == "step").count(),
        doc.process_steps.len()
    );

    // Electricity per tonne of product: every electricity input of the site and steps.
    let kwh: f64 = doc
        .flows
        .iter()
        .filter(|f| f.data.category == sxsh_domain::model::FlowCategory::Electricity)
        .map(|f| {
            if f.data.unit == "MWh" {
                f.data.quantity * 1000.0
            } else {
                f.data.quantity
            }
        })
        .sum();
    let elec = c
        .specific
        .iter()
        .find(|s| s.category == "electricity")
        .unwrap();
    assert_eq!(elec.unit, "kWh/t");
    assert!(
        (elec.value - kwh / 2400.0).abs() < 1e-9,
        "{} vs {}",
        elec.value,
        kwh / 2400.0
    );
    // Circular 52/2018/TT-BCT sets a norm of total energy (every carrier converted), so it is
    // compared with the total-energy line, never with electricity alone.
    assert!(
        elec.benchmarks
            .iter()
            .all(|b| b.id != "BM-SEAFOOD-VN-NORM-SHRIMP")
    );
    let total = c
        .specific
        .iter()
        .find(|s| s.indicator == "total_energy")
        .expect("a total-energy line");
    assert_eq!(total.unit, "MJ/t");
    let norm = total
        .benchmarks
        .iter()
        .find(|b| b.id == "BM-SEAFOOD-VN-NORM-SHRIMP")
        .unwrap();
    assert!(
        (norm.value - total.value / 3.6).abs() < 1e-6,
        "MJ/t → kWh/t"
    );
    assert_eq!(norm.max, Some(2050.0));
    assert_eq!(
        norm.position.position,
        sxsh_domain::calc::specific::Position::Above
    );

    // Waste costs: the wastewater stream is valued at its treatment cost and fees.
    let ww = c
        .waste_costs
        .iter()
        .find(|w| w.name.contains("Nước thải"))
        .unwrap();
    assert_eq!(
        ww.cost.treatment_disposal_fees_vnd,
        291_590_000 + 18_000_000
    );
    // Melted ice: 44,200 kWh at the plant's electricity price and 520 m3 at its water price.
    let ice = c
        .waste_costs
        .iter()
        .find(|w| w.name.contains("Đá vảy"))
        .unwrap();
    assert_eq!(ice.cost.energy_vnd, 44_200 * 1950);
    assert_eq!(ice.cost.water_vnd, 520 * 9500);
    assert_eq!(c.options.len(), doc.options.len());
}

#[test]
fn flow_costs_and_option_totals_are_computed_in_whole_vnd() {
    let (_dir, api, _e, aid) = common::seeded();
    // 12.5 t × 4.200.000 đ = 52.500.000 đ; 0.3333 t × 4.200.000 đ = 1.399.860 đ; no price: none.
    let coal = api
        .create(common::flow(&aid, "Than cám", 12.5))
        .unwrap()
        .data;
    let fines = api
        .create(common::flow(&aid, "Than vụn", 0.3333))
        .unwrap()
        .data;
    let mut unpriced = common::flow(&aid, "Củi", 3.0);
    unpriced.unit_price_vnd = None;
    let unpriced = api.create(unpriced).unwrap().data;
    let calcs = api.assessment_calcs(&aid).unwrap();
    let cost = |id: &str| {
        calcs
            .flow_costs
            .iter()
            .find(|c| c.flow_id == id)
            .map(|c| c.cost_vnd)
    };
    assert_eq!(cost(&coal.id), Some(52_500_000));
    assert_eq!(cost(&fines.id), Some(1_399_860));
    assert_eq!(cost(&unpriced.id), None, "no price, no cost");
    assert_eq!(
        calcs.option_totals.annual_net_savings_vnd, 0,
        "no options yet"
    );

    // Two options: the total is the sum of their net savings, rounded once.
    for (title, kwh) in [("Tắt máy khi nghỉ", 10_000.0), ("Thay động cơ", 2_500.5)] {
        let o = sxsh_domain::model::CpOption {
            investment_vnd: Some(10_000_000),
            savings: vec![saving(Resource::Electricity, "", kwh, "kWh", Some(2_000))],
            ..common::option(&aid, title)
        };
        api.create(o).unwrap();
    }
    let calcs = api.assessment_calcs(&aid).unwrap();
    let nets: Vec<i64> = calcs
        .options
        .iter()
        .map(|o| o.result.economics.annual_net_savings_vnd)
        .collect();
    assert_eq!(nets.len(), 2);
    // 12.501 MWh × 2.000 đ/kWh = 25.001.000 đ before tax (no opex, no tax in the seed).
    assert_eq!(
        calcs.option_totals.annual_net_savings_vnd, 25_001_000,
        "{nets:?}"
    );
    assert!(
        (calcs.option_totals.tco2
            - calcs
                .options
                .iter()
                .map(|o| o.result.impact.tco2)
                .sum::<f64>())
        .abs()
            < 1e-12
    );
    assert!(calcs.option_totals.tco2 > 0.0);
}

/// The stored assessment's figures take the new inputs: the energy of every carrier per tonne
/// (MOIT factor of the unit entered, the flow's coal grade), a step's stock change in its
/// balance (one too large names the step's field), and malformed inputs are refused with
/// field errors and store nothing.
#[test]
fn stored_figures_take_coal_grades_stock_changes_and_refuse_malformed_inputs() {
    let (dir, api, _, aid) = common::seeded();
    // 120 t of product a year (the seeded assessment), 2023 grid factor.
    let mut fuel = common::flow(&aid, "Than cám cấp 5", 30.0);
    fuel.fuel_code = "anthracite".into();
    fuel.coal_grade = "5_6".into();
    api.create(fuel).unwrap();
    let mut fo = common::flow(&aid, "Dầu FO", 1_000.0);
    fo.fuel_code = "residual_fuel_oil".into();
    fo.unit = "L".into();
    api.create(fo).unwrap();
    let mut power = common::flow(&aid, "Điện", 24_000.0);
    power.category = FlowCategory::Electricity;
    power.fuel_code = String::new();
    power.unit = "kWh".into();
    api.create(power).unwrap();
    // TOE: 30 t × 0.5 (grade 5–6) + 1,000 L × 0.94/1,000 L + 24,000 kWh × 0.0001543 = 15 + 0.94
    // + 3.7032 = 19.6432 → 0.163693 TOE/t; GJ: 30 × 26.7 + 0.944 t × 40.4 + 86.4 = 925.5376 →
    // 7.70448 GJ/t; 200 kWh/t.
    let e = api.assessment_calcs(&aid).unwrap().specific_energy.unwrap();
    assert!((e.toe - 19.6432 / 120.0).abs() < 1e-12, "{}", e.toe);
    assert!((e.gj - 925.5376 / 120.0).abs() < 1e-9, "{}", e.gj);
    assert_eq!(e.electricity_kwh, 200.0);

    // A step with 100 t in, 90 t out and 5 t more in stock: 5 t unidentified.
    let step = api
        .create(ProcessStep {
            id: String::new(),
            assessment_id: aid.clone(),
            seq: 1,
            name: "Nhào trộn".into(),
            description: String::new(),
            is_focus: false,
            focus_scores: vec![],
            stock_change_t: Some(5.0),
        })
        .unwrap();
    for (dir_, q) in [(Direction::In, 100.0), (Direction::Out, 90.0)] {
        let mut f = common::flow(&aid, "Đất", q);
        f.category = FlowCategory::RawMaterial;
        f.fuel_code = String::new();
        f.direction = dir_;
        f.step_id = Some(step.data.id.clone());
        api.create(f).unwrap();
    }
    let calcs = api.assessment_calcs(&aid).unwrap();
    let b = calcs
        .balances
        .iter()
        .find(|b| b.step_id.as_deref() == Some(step.data.id.as_str()))
        .unwrap();
    assert_eq!(
        (b.material.unidentified, b.material.stock_change),
        (5.0, 5.0)
    );
    let mut too_big = step.data.clone();
    too_big.stock_change_t = Some(150.0);
    api.update(too_big).unwrap();
    let err = api.assessment_calcs(&aid).unwrap_err();
    assert_eq!(err.code, ErrorCode::ValidationFailed);
    assert!(
        err.field_errors
            .iter()
            .any(|f| f.field == format!("process_steps[{}].stock_change_t", step.data.id)),
        "{err:?}"
    );

    // Malformed inputs: refused with their field, nothing stored.
    let before = sxsh_tests::dump_db(dir.path());
    let mut nan = step.data.clone();
    nan.stock_change_t = Some(f64::NAN);
    let mut grade = common::flow(&aid, "Than", 1.0);
    grade.coal_grade = "9_9".into();
    let option = |flows: Vec<i64>| sxsh_domain::model::CpOption {
        cash_flows_vnd: Some(flows),
        ..common::option(&aid, "Dòng tiền")
    };
    let errors = [
        (api.update(nan).unwrap_err(), "stock_change_t"),
        (api.create(grade).unwrap_err(), "coal_grade"),
        (api.create(option(vec![])).unwrap_err(), "cash_flows_vnd"),
        (
            api.create(option(vec![-1; 102])).unwrap_err(),
            "cash_flows_vnd",
        ),
    ];
    for (e, field) in errors {
        assert_eq!(e.code, ErrorCode::ValidationFailed, "{e:?}");
        assert!(
            e.field_errors.iter().any(|f| f.field == field),
            "{field}: {e:?}"
        );
    }
    assert_eq!(sxsh_tests::dump_db(dir.path()), before, "nothing stored");
}

/// A roll-up gives its savings as recorded (each assessment at its own grid year) and, when
/// asked, recomputed at one year, side by side: at the demo's own year (2023) both agree; at
/// 2019 only the electricity's CO2 changes (kWh, TOE and money do not).
#[test]
fn a_rollup_recomputes_every_figure_at_one_grid_year_beside_the_recorded_ones() {
    let (_dir, api) = demo();
    let at = |year: i64| {
        api.rollup(RollupQuery {
            recompute_year: Some(year),
            ..Default::default()
        })
        .unwrap()
    };
    let same = at(2023);
    assert_eq!(same.grid_years, vec![2023]);
    let x = same.recomputed.clone().unwrap();
    assert_eq!(x.year, 2023);
    assert_eq!(x.identified, same.figures.identified);
    assert_eq!(x.implemented, same.figures.implemented);
    let old = at(2019);
    let x = old.recomputed.unwrap();
    let (rec, then) = (&old.figures.identified, &x.identified);
    assert_eq!(
        (then.electricity_kwh, then.net_vnd, then.investment_vnd),
        (rec.electricity_kwh, rec.net_vnd, rec.investment_vnd)
    );
    assert!((then.toe - rec.toe).abs() < 1e-9);
    // 2019's factor is higher than 2023's, so the same kWh avoid more CO2.
    assert!(then.tco2 > rec.tco2 + 1.0, "{} vs {}", then.tco2, rec.tco2);
    assert!(at(1990).recomputed.is_none(), "no factor for 1990");
    assert!(
        api.rollup(RollupQuery::default())
            .unwrap()
            .recomputed
            .is_none()
    );
}
