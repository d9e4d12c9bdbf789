//! Table-driven tests of every formula with hand-checked values, and property tests.

use proptest::prelude::*;
use sxsh_domain::calc::CalcError;
use sxsh_domain::calc::balance::{BalanceFlow, balance};
use sxsh_domain::calc::econ::*;
use sxsh_domain::calc::emissions::{self, GridChoice};
use sxsh_domain::calc::rollup::*;
use sxsh_domain::calc::score::{rank, weighted_scores};
use sxsh_domain::calc::specific::{Position, against_benchmark, specific_consumption};
use sxsh_domain::calc::waste::{WasteCostInput, waste_cost};
use sxsh_domain::model::{AssessmentKind, Direction};
use sxsh_domain::reference::{BUILTIN_FILES, Reference, ReferenceFiles};
use sxsh_domain::units::{Unit, UnitError, convert};

fn reference() -> Reference {
    Reference::parse(BUILTIN_FILES).expect("reference data loads")
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1.0)
}

/// A money figure rounded once from `want`: within half a đồng of it (and the float error of a
/// hand-computed expectation).
fn vnd(got: i64, want: f64) -> bool {
    (got as f64 - want).abs() <= 0.5 + 1e-12 * want.abs()
}

fn input(investment: f64, annual: f64, life: u32, rate: f64) -> EconInput {
    EconInput {
        investment_vnd: Some(investment as i64),
        savings: vec![SavingLine {
            quantity: annual,
            unit_price_vnd: 1,
            added: false,
        }],
        opex_change_vnd: 0,
        life_years: life,
        discount_rate: rate,
        tax_rate: 0.0,
        cash_flows_vnd: None,
        irr_trial_rates: None,
    }
}

#[test]
fn electricity_at_the_2021_factor() {
    let r = reference();
    let grid = emissions::grid_factor(&r, &GridChoice::Year { year: 2021 }).unwrap();
    let e = emissions::electricity(&r, 6_300_000.0, "kWh", &grid).unwrap();
    assert!(close(e.tco2, 4549.23, 1e-9), "{}", e.tco2);
    assert_eq!(e.tco2.round(), 4549.0);
    assert!(close(e.toe, 972.09, 1e-9), "MOIT 0.1543 TOE/MWh");
    let ef = &e.factors[0];
    assert_eq!(
        (ef.name.as_str(), ef.value, ef.year),
        ("grid_ef", 0.7221, Some(2021))
    );
    assert!(ef.source.contains("Biến đổi khí hậu"), "{}", ef.source);
    assert!(e.factors.iter().all(|f| !f.source.is_empty()));
    // The same in MWh gives the same tonnes.
    let mwh = emissions::electricity(&r, 6300.0, "MWh", &grid).unwrap();
    assert!(close(mwh.tco2, e.tco2, 1e-12));
}

#[test]
fn unofficial_and_custom_grid_factors_say_so() {
    let r = reference();
    let g2025 = emissions::grid_factor(&r, &GridChoice::Year { year: 2025 }).unwrap();
    assert!(!g2025.verified);
    let custom = emissions::grid_factor(
        &r,
        &GridChoice::Custom {
            value: 0.7,
            source: "EVN SPC 2024 report".into(),
        },
    )
    .unwrap();
    assert_eq!(
        (custom.value, custom.year, custom.source.as_str()),
        (0.7, None, "EVN SPC 2024 report")
    );
    assert!(matches!(
        emissions::grid_factor(&r, &GridChoice::Year { year: 1999 }),
        Err(CalcError::MissingFactor(_))
    ));
    assert!(
        emissions::grid_factor(
            &r,
            &GridChoice::Custom {
                value: 0.7,
                source: " ".into()
            }
        )
        .is_err()
    );
}

#[test]
fn fuel_energy_and_co2_by_hand() {
    let r = reference();
    let coal = r.fuel("anthracite").unwrap();
    // 42 t × 26.7 GJ/t = 1121.4 GJ; × 98 300 kg/TJ = 110.234 t CO2; MOIT grades 3–4: 0.6 TOE/t.
    let e = emissions::fuel(&r, coal, 42.0, "t", None).unwrap();
    assert!(close(e.gj, 1121.4, 1e-12));
    assert!(close(e.tco2, 110.23362, 1e-9));
    assert!(close(e.toe, 25.2, 1e-12));
    assert_eq!(e.tco2e, None);
    // The same coal in kg.
    assert!(close(
        emissions::fuel(&r, coal, 42_000.0, "kg", None)
            .unwrap()
            .tco2,
        e.tco2,
        1e-12
    ));
    // CO2e with AR5: + 1121.4 GJ × (10 × 28 + 1.5 × 265) kg/TJ = 0.7597485 t.
    let ar5 = r.gwp("AR5").unwrap();
    let e2 = emissions::fuel(&r, coal, 42.0, "t", Some(ar5)).unwrap();
    assert!(close(e2.tco2e.unwrap(), 110.23362 + 0.7597485, 1e-9));
    assert!(
        e2.factors
            .iter()
            .any(|f| f.name == "gwp_ch4:AR5" && f.value == 28.0)
    );
    assert!(
        e2.factors
            .iter()
            .any(|f| f.name == "gwp_n2o:AR5" && f.value == 265.0)
    );
    // Diesel by volume goes through its density (0.844 kg/L): 1000 L = 0.844 t.
    let diesel = r.fuel("gas_diesel_oil").unwrap();
    let d = emissions::fuel(&r, diesel, 1000.0, "L", None).unwrap();
    assert!(close(d.gj, 0.844 * 43.0, 1e-12));
    assert!(close(d.tco2, 0.844 * 43.0 * 74_100.0 / 1e6, 1e-12));
    assert!(d.factors.iter().any(|f| f.name == "density:gas_diesel_oil"));
}

#[test]
fn biogenic_co2_is_reported_apart() {
    let r = reference();
    let wood = r.fuel("wood").unwrap();
    let e = emissions::fuel(&r, wood, 10.0, "t", None).unwrap();
    assert_eq!(e.tco2, 0.0);
    assert!(close(e.biogenic_tco2, 10.0 * 15.6 * 112_000.0 / 1e6, 1e-12));
    // No MOIT factor: TOE from NCV, and the factor says it was derived.
    assert!(close(e.toe, 156.0 / 41.868, 1e-12));
    assert!(
        e.factors
            .iter()
            .any(|f| f.name == "toe:wood" && !f.verified)
    );
}

#[test]
fn a_unit_mismatch_is_an_error_never_a_number() {
    let r = reference();
    let grid = emissions::grid_factor(&r, &GridChoice::Year { year: 2023 }).unwrap();
    assert!(matches!(
        emissions::electricity(&r, 100.0, "t", &grid),
        Err(CalcError::Unit(UnitError::Incompatible { .. }))
    ));
    let coal = r.fuel("anthracite").unwrap();
    assert!(matches!(
        emissions::fuel(&r, coal, 100.0, "L", None),
        Err(CalcError::MissingFactor(_))
    ));
    assert!(matches!(
        emissions::fuel(&r, coal, 100.0, "kWh", None),
        Err(CalcError::Unit(_))
    ));
    assert!(emissions::fuel(&r, coal, f64::NAN, "t", None).is_err());
    assert!(emissions::electricity(&r, -1.0, "kWh", &grid).is_err());
    let biogas = r.fuel("biogas").unwrap();
    assert!(matches!(
        emissions::fuel(&r, biogas, 1.0, "t", None),
        Err(CalcError::MissingFactor(_))
    ));
}

#[test]
fn option_economics_by_hand() {
    struct Case {
        name: &'static str,
        input: EconInput,
        net: f64,
        payback: Option<f64>,
        npv: f64,
        irr: Option<f64>,
    }
    let with_tax = EconInput {
        tax_rate: 0.2,
        ..input(100e6, 30e6, 5, 0.10)
    };
    let with_opex = EconInput {
        opex_change_vnd: 5_000_000,
        ..input(100e6, 35e6, 5, 0.10)
    };
    let cases = [
        Case {
            name: "positive",
            input: input(100e6, 30e6, 5, 0.10),
            net: 30e6,
            payback: Some(100.0 / 30.0),
            npv: 13_723_603.08,
            irr: Some(0.152_382_371),
        },
        Case {
            name: "negative NPV",
            input: input(100e6, 10e6, 5, 0.10),
            net: 10e6,
            payback: Some(10.0),
            npv: -62_092_132.31,
            irr: Some(-0.194_018_520),
        },
        // (30 − 0.2 × (30 − 20)) = 28 million after tax.
        Case {
            name: "with tax",
            input: with_tax,
            net: 28e6,
            payback: Some(100.0 / 28.0),
            npv: 28e6 * 3.790_786_769_408_45 - 100e6,
            irr: None,
        },
        Case {
            name: "opex change",
            input: with_opex,
            net: 30e6,
            payback: Some(100.0 / 30.0),
            npv: 13_723_603.08,
            irr: Some(0.152_382_371),
        },
        Case {
            name: "zero rate",
            input: input(100e6, 30e6, 5, 0.0),
            net: 30e6,
            payback: Some(100.0 / 30.0),
            npv: 50e6,
            irr: Some(0.152_382_371),
        },
    ];
    for c in cases {
        let e = economics(&c.input);
        assert!(
            vnd(e.annual_net_savings_vnd, c.net),
            "{}: net {}",
            c.name,
            e.annual_net_savings_vnd
        );
        match (e.payback, c.payback) {
            (Payback::Years { years }, Some(want)) => {
                assert!(close(years, want, 1e-12), "{}", c.name)
            }
            (got, want) => panic!("{}: payback {got:?} vs {want:?}", c.name),
        }
        let npv = e.npv_vnd.unwrap();
        assert!(vnd(npv, c.npv), "{}: npv {npv}", c.name);
        if let Some(want) = c.irr {
            match e.irr {
                Irr::Unique { rate } => {
                    assert!((rate - want).abs() < 1e-6, "{}: irr {rate}", c.name)
                }
                other => panic!("{}: {other:?}", c.name),
            }
        }
    }
}

#[test]
fn payback_is_undefined_without_savings() {
    let zero = economics(&input(50e6, 0.0, 5, 0.1));
    assert!(matches!(zero.payback, Payback::Undefined { ref reason } if reason.contains("zero")));
    assert!(matches!(zero.irr, Irr::None { .. }));
    let mut costly = input(50e6, 1e6, 5, 0.1);
    costly.opex_change_vnd = 3_000_000;
    let e = economics(&costly);
    assert_eq!(e.annual_net_savings_vnd, -2_000_000);
    assert!(matches!(e.payback, Payback::Undefined { ref reason } if reason.contains("negative")));
}

#[test]
fn irr_without_sign_change_and_with_two_roots() {
    assert!(
        matches!(irr(&[100.0, 50.0, 20.0]), Irr::None { ref reason } if reason.contains("sign"))
    );
    assert!(matches!(irr(&[-100.0, -50.0]), Irr::None { .. }));
    // −100 + 230/(1+r) − 132/(1+r)² = 0 at r = 10 % and r = 20 %.
    match irr(&[-100.0, 230.0, -132.0]) {
        Irr::Multiple { rates } => {
            assert_eq!(rates.len(), 2);
            assert!(
                (rates[0] - 0.10).abs() < 1e-9 && (rates[1] - 0.20).abs() < 1e-9,
                "{rates:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    // One sign change but the root is beyond 1000 %: −1 then +100 → r = 9900 %.
    // It is said so ("above 1000 %"), by both paths, never "no sign change".
    assert_eq!(irr(&[-1.0, 100.0]), Irr::AboveMax);
    assert_eq!(irr_annuity(1.0, 100.0, 1), Irr::AboveMax);
    // −100 then +0.5 → r = −99.5 %, below the range.
    assert!(matches!(irr(&[-100.0, 0.5]), Irr::None { ref reason } if reason.contains("below")));
    assert!(
        matches!(irr_annuity(100.0, 0.5, 1), Irr::None { ref reason } if reason.contains("below"))
    );
    // The general and the annuity paths agree.
    let flows = cash_flows(100.0, 30.0, 5);
    match (irr(&flows), irr_annuity(100.0, 30.0, 5)) {
        (Irr::Unique { rate: a }, Irr::Unique { rate: b }) => assert!((a - b).abs() < 1e-9),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_economic_inputs_are_refused_with_field_errors() {
    let mut x = input(-5.0, 10.0, 0, 0.1);
    x.savings[0].quantity = f64::NAN;
    x.discount_rate = 1.5;
    let errs = x.check().unwrap_err();
    let got: Vec<(&str, &str)> = errs.iter().map(|e| (e.field.as_str(), e.problem)).collect();
    assert_eq!(
        got,
        vec![
            ("investment_vnd", "negative"),
            ("savings[0].quantity", "not_finite"),
            ("life_years", "out_of_range"),
            ("discount_rate", "out_of_range"),
        ]
    );
    assert!(input(1.0, 1.0, 5, 0.1).check().is_ok());
}

#[test]
fn sensitivity_moves_one_factor_at_a_time() {
    let base = input(100e6, 30e6, 5, 0.10);
    let cases = sensitivity(&base);
    assert_eq!(cases.len(), 6);
    let npv = |f: &str, c: f64| {
        cases
            .iter()
            .find(|x| x.factor == f && x.change_pct == c)
            .unwrap()
            .npv_vnd
            .unwrap()
    };
    // +20 % investment: NPV falls by 20 million.
    assert!(vnd(npv("investment", 20.0), 13_723_603.08 - 20e6));
    // ±20 % on quantities or prices scale the savings the same way.
    assert!(vnd(
        npv("savings", -20.0),
        24e6 * 3.790_786_769_408_45 - 100e6
    ));
    assert!((npv("price", -20.0) - npv("savings", -20.0)).abs() <= 1);
}

#[test]
fn balance_closing_at_92_percent() {
    let flows = vec![
        BalanceFlow {
            name: "Đất sét".into(),
            direction: Direction::In,
            quantity: 80.0,
            unit: "t".into(),
        },
        BalanceFlow {
            name: "Men".into(),
            direction: Direction::In,
            quantity: 20_000.0,
            unit: "kg".into(),
        },
        BalanceFlow {
            name: "Sản phẩm".into(),
            direction: Direction::Out,
            quantity: 85.0,
            unit: "t".into(),
        },
        BalanceFlow {
            name: "Hàng vỡ".into(),
            direction: Direction::Out,
            quantity: 7.0,
            unit: "t".into(),
        },
        BalanceFlow {
            name: "Điện".into(),
            direction: Direction::In,
            quantity: 6000.0,
            unit: "kWh".into(),
        },
    ];
    let b = balance(&flows, "t").unwrap();
    assert!(close(b.total_in, 100.0, 1e-12) && close(b.total_out, 92.0, 1e-12));
    assert!(close(b.closure_pct.unwrap(), 92.0, 1e-12));
    assert!(close(b.unidentified, 8.0, 1e-12));
    assert!(close(b.unidentified_pct.unwrap(), 8.0, 1e-12));
    assert_eq!(
        b.incompatible,
        vec!["Điện"],
        "kWh is listed, never summed with tonnes"
    );
    // 92 % is 8 points off 100 %: outside the ±5 % a balance may miss by.
    assert!(b.outside_tolerance);
    let empty = balance(&[], "t").unwrap();
    assert_eq!((empty.closure_pct, empty.unidentified_pct), (None, None));
    assert!(!empty.outside_tolerance, "no closure, nothing to flag");
    assert!(balance(&flows, "furlong").is_err());
}

#[test]
fn specific_consumption_and_benchmark() {
    // 5,304 MWh for 2,400 t of shrimp = 2,210 kWh/t against the 2,050 kWh/t norm.
    let sc = specific_consumption(5304.0, "MWh", 2400.0, "t", "kWh/t").unwrap();
    assert!(close(sc, 2210.0, 1e-12));
    let p = against_benchmark(sc, None, Some(2050.0)).unwrap();
    assert_eq!(p.position, Position::Above);
    assert!(close(p.gap_pct, 160.0 / 2050.0 * 100.0, 1e-12));
    // 11.2 m3/t of raw fish against UNEP 5–11.
    assert_eq!(
        against_benchmark(9.6, Some(5.0), Some(11.0))
            .unwrap()
            .position,
        Position::Within
    );
    assert_eq!(
        against_benchmark(4.0, Some(5.0), Some(11.0))
            .unwrap()
            .position,
        Position::Below
    );
    assert!(matches!(
        specific_consumption(1.0, "kWh", 0.0, "t", "kWh/t"),
        Err(CalcError::Input { .. })
    ));
    assert!(matches!(
        specific_consumption(1.0, "kWh", 1.0, "m3", "kWh/t"),
        Err(CalcError::Unit(_))
    ));
    assert!(against_benchmark(1.0, Some(3.0), Some(2.0)).is_err());
}

#[test]
fn cost_of_a_waste_stream() {
    // 7 t broken ware at 2.2 million/t + 1,200 kWh at 2,710 + 30 m3 at 9,500 + 1.5 million disposal.
    let c = waste_cost(&WasteCostInput {
        quantity: 7.0,
        material_value_per_unit_vnd: Some(2_200_000),
        embedded_energy_kwh: Some(1200.0),
        electricity_price_vnd_per_kwh: Some(2710.0),
        embedded_water_m3: Some(30.0),
        water_price_vnd_per_m3: None,
        treatment_vnd: None,
        disposal_vnd: Some(1_500_000),
        fees_vnd: Some(0),
    })
    .unwrap();
    assert_eq!(c.material_vnd, 15_400_000);
    assert_eq!(c.energy_vnd, 3_252_000);
    assert_eq!(c.water_vnd, 0);
    assert_eq!(c.missing, vec!["water_price"]);
    assert_eq!(c.total_vnd, 15_400_000 + 3_252_000 + 1_500_000);
    assert!(
        waste_cost(&WasteCostInput {
            quantity: -1.0,
            material_value_per_unit_vnd: Some(1),
            ..Default::default()
        })
        .is_err()
    );
}

#[test]
fn weighted_scoring_and_ranking() {
    let s = weighted_scores(
        &[3.0, 2.0, 1.0],
        &[
            vec![5.0, 3.0, 1.0],
            vec![1.0, 5.0, 5.0],
            vec![4.0, 4.0, 4.0],
        ],
    )
    .unwrap();
    assert!(
        close(s[0], 22.0 / 6.0, 1e-12) && close(s[1], 18.0 / 6.0, 1e-12) && close(s[2], 4.0, 1e-12)
    );
    assert_eq!(rank(&s), vec![2, 0, 1]);
    assert!(weighted_scores(&[0.0, 0.0], &[vec![1.0, 1.0]]).is_err());
    assert!(weighted_scores(&[1.0], &[vec![1.0, 2.0]]).is_err());
    assert!(weighted_scores(&[1.0], &[vec![f64::NAN]]).is_err());
}

fn assessment(
    enterprise: &str,
    kind: AssessmentKind,
    year: Option<i64>,
    options: Vec<RollupOption>,
) -> RollupAssessment {
    RollupAssessment {
        enterprise_id: enterprise.into(),
        kind,
        grid_year: year,
        options,
        sc_cut_pct: None,
    }
}

fn option(techniques: &[&str], implemented: bool, tco2: f64) -> RollupOption {
    RollupOption {
        techniques: technique_mask(techniques),
        selected: implemented,
        implemented,
        investment_vnd: Some(10_000_000),
        annual_net_savings_vnd: 4_000_000,
        electricity_kwh: 1000.0,
        tco2,
        ..Default::default()
    }
}

#[test]
fn rollup_counts_and_warns_on_mixed_grid_years() {
    let set = vec![
        assessment(
            "e1",
            AssessmentKind::Quick,
            Some(2019),
            vec![
                option(&["GH"], true, 0.85),
                option(&["EM", "PC"], false, 2.0),
            ],
        ),
        assessment(
            "e1",
            AssessmentKind::Detailed,
            Some(2023),
            vec![option(&["PC"], true, 0.66)],
        ),
        assessment("e2", AssessmentKind::Quick, Some(2023), vec![]),
    ];
    let r = Rollup::of(&set);
    assert_eq!(
        (r.assessments, r.quick_assessments, r.detailed_assessments),
        (3, 2, 1)
    );
    assert_eq!(
        (
            r.enterprises.len(),
            r.enterprises_quick.len(),
            r.enterprises_detailed.len()
        ),
        (2, 2, 1)
    );
    assert_eq!(
        r.options,
        OptionCounts {
            identified: 3,
            selected: 2,
            implemented: 2,
            rejected: 0
        }
    );
    assert_eq!(
        r.technique("PC"),
        OptionCounts {
            identified: 2,
            selected: 1,
            implemented: 1,
            rejected: 0
        }
    );
    assert_eq!(
        r.technique("EM"),
        OptionCounts {
            identified: 1,
            selected: 0,
            implemented: 0,
            rejected: 0
        }
    );
    assert_eq!(r.technique("IM"), OptionCounts::default());
    assert!(close(r.implemented.tco2, 1.51, 1e-12) && close(r.identified.tco2, 3.51, 1e-12));
    assert!(
        r.mixes_grid_factors(),
        "2019 and 2023 in one total must warn"
    );
    assert_eq!(r.applying_share_pct(), Some(50.0));
    let same_year = Rollup::of(&set[1..]);
    assert!(!same_year.mixes_grid_factors());
}

#[test]
fn rollup_progress_against_targets() {
    let refs = reference();
    let target = refs.targets.iter().find(|t| t.id == "QD1419-2015").unwrap();
    let mut a = assessment(
        "e1",
        AssessmentKind::Quick,
        Some(2023),
        vec![option(&["GH"], true, 1.0)],
    );
    a.sc_cut_pct = Some(6.5);
    let b = assessment("e2", AssessmentKind::Quick, Some(2023), vec![]);
    let c = assessment("e3", AssessmentKind::Quick, Some(2023), vec![]);
    let d = assessment("e4", AssessmentKind::Quick, Some(2023), vec![]);
    let r = Rollup::of(&[a, b, c, d]);
    let p = progress(&r, &Default::default(), target);
    let apply = p.iter().find(|x| x.code == "apply_pct").unwrap();
    assert_eq!(
        (apply.actual, apply.target_min, apply.status),
        (Some(25.0), Some(25.0), TargetStatus::Met)
    );
    let saving = p.iter().find(|x| x.code == "saving_pct").unwrap();
    assert_eq!(
        (saving.target_min, saving.target_max, saving.status),
        (Some(5.0), Some(8.0), TargetStatus::Within)
    );
}

#[test]
fn every_reference_file_loads_and_every_factor_has_a_source() {
    let r = reference();
    assert_eq!(r.techniques.len(), 8);
    assert_eq!(r.tasks.len(), 18);
    assert!(r.fuels.len() >= 14 && r.grid_factors.len() >= 12 && r.toe_factors.len() >= 16);
    assert!(r.benchmarks.len() >= 70 && r.targets.len() >= 10 && r.conversions.len() >= 18);
    assert!(r.fuels.iter().all(|f| !f.co2_kg_per_tj.source.is_empty()
        && f.ncv_gj_per_t.as_ref().is_none_or(|n| !n.source.is_empty())));
    assert!(r.grid_factors.iter().all(|g| !g.source.is_empty()));
    assert!(r.toe_factors.iter().all(|t| !t.source.is_empty()));
    assert!(r.benchmarks.iter().all(|b| !b.source.is_empty()));
    assert_eq!(r.grid_factor(2021).unwrap().value, 0.7221);
    assert_eq!(r.default_grid_year, 2023);
}

#[test]
fn reference_data_without_a_source_is_refused() {
    let ef = include_str!("../../../assets/reference/emission_factors.json").replacen(
        "\"source_urls\": [",
        "\"no_source\": [",
        1,
    );
    let err = Reference::parse(ReferenceFiles {
        emission_factors: &ef,
        toe_factors: include_str!("../../../assets/reference/toe_factors.json"),
        fuel_map: include_str!("../../../assets/reference/fuel_map.json"),
        benchmarks: include_str!("../../../assets/reference/benchmarks.json"),
        techniques: include_str!("../../../assets/reference/techniques.json"),
        methodology: include_str!("../../../assets/reference/methodology.json"),
        targets: include_str!("../../../assets/reference/targets.json"),
        sources: BUILTIN_FILES.sources,
    })
    .unwrap_err();
    assert!(err.problem.contains("no source"), "{err}");
}

/// Every address a value of the reference data was read at belongs to a publication of
/// sources.json, so every benchmark and factor can be cited by title, publisher and year.
#[test]
fn every_source_address_of_the_reference_data_belongs_to_a_publication() {
    let r = reference();
    let files = [
        BUILTIN_FILES.benchmarks,
        BUILTIN_FILES.emission_factors,
        BUILTIN_FILES.toe_factors,
        BUILTIN_FILES.fuel_map,
    ];
    let mut urls: Vec<String> = Vec::new();
    for text in files {
        for part in text.split('"').filter(|p| p.starts_with("http")) {
            if !urls.iter().any(|u| u == part) {
                urls.push(part.to_string());
            }
        }
    }
    assert!(urls.len() > 30, "{urls:?}");
    let orphans: Vec<&String> = urls
        .iter()
        .filter(|u| r.publication_of(u).is_none())
        .collect();
    assert!(
        orphans.is_empty(),
        "addresses in no publication: {orphans:?}"
    );
    // A mirror or a code file is never the address a report cites.
    for p in &r.publications {
        for bad in [
            "yumpu.com",
            "scribd.com",
            "ilovetranslation",
            "liquisearch",
            "github.com",
        ] {
            assert!(!p.url.contains(bad), "{} cites {}", p.id, p.url);
        }
        if p.citable {
            assert!(!p.cite(true).is_empty() && p.cite(false).contains(&p.publisher_en));
        }
    }
}

#[test]
fn a_benchmark_read_at_an_unknown_address_is_refused() {
    let bm = BUILTIN_FILES
        .benchmarks
        .replacen("https://evn.com.vn/", "https://example.org/", 1);
    let err = Reference::parse(ReferenceFiles {
        benchmarks: &bm,
        ..BUILTIN_FILES
    })
    .unwrap_err();
    assert!(err.problem.contains("in no publication"), "{err}");
}

#[test]
fn reference_unit_conversions_agree_with_the_unit_system() {
    let r = reference();
    let mut checked = 0;
    for c in &r.conversions {
        if let (Some(from), Some(to)) = (Unit::parse(&c.from), Unit::parse(&c.to)) {
            let ours = convert(1.0, from, to).unwrap();
            let tol = if c.exact { 1e-12 } else { 1e-5 };
            assert!(
                close(ours, c.factor, tol),
                "{} → {}: {ours} vs {}",
                c.from,
                c.to,
                c.factor
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked}");
}

proptest! {
    #[test]
    fn npv_at_the_irr_is_zero(investment in 1e3f64..1e10, ratio in 0.05f64..3.0, life in 1u32..30) {
        let annual = investment * ratio;
        let flows = cash_flows(investment, annual, life);
        if let Irr::Unique { rate } = irr(&flows) {
            prop_assert!(npv(rate, &flows).abs() < 1e-6 * investment);
            // The fast annuity path finds the same root.
            match irr_annuity(investment, annual, life) {
                Irr::Unique { rate: fast } => prop_assert!((fast - rate).abs() < 1e-8, "{fast} vs {rate}"),
                other => prop_assert!(false, "{other:?}"),
            }
        }
    }

    #[test]
    fn npv_falls_as_the_rate_rises(investment in 1e3f64..1e10, annual in 1.0f64..1e9, life in 1u32..30, r1 in -0.5f64..2.0, dr in 0.001f64..1.0) {
        let flows = cash_flows(investment, annual, life);
        prop_assert!(npv(r1 + dr, &flows) < npv(r1, &flows));
        prop_assert!(close(npv_annuity(investment, annual, r1, life), npv(r1, &flows), 1e-9));
    }

    #[test]
    fn conversions_round_trip(v in -1e12f64..1e12, i in 0usize..18, j in 0usize..18) {
        let (a, b) = (Unit::ALL[i], Unit::ALL[j]);
        match convert(v, a, b) {
            Ok(x) => prop_assert!(close(convert(x, b, a).unwrap(), v, 1e-12)),
            Err(_) => prop_assert!(a.dimension() != b.dimension()),
        }
    }

    #[test]
    fn rollup_of_a_union_is_the_sum_of_rollups(
        sizes in proptest::collection::vec((0usize..4, any::<bool>(), 2019i64..2024, 0.0f64..100.0), 0..20),
        split in 0usize..20,
    ) {
        let set: Vec<RollupAssessment> = sizes.iter().enumerate().map(|(i, (n, detailed, year, t))| {
            let kind = if *detailed { AssessmentKind::Detailed } else { AssessmentKind::Quick };
            let opts = (0..*n).map(|k| option(&[["GH", "PC", "EM", "RR"][k % 4]], k % 2 == 0, *t)).collect();
            let mut a = assessment(&format!("e{}", i % 7), kind, Some(*year), opts);
            a.sc_cut_pct = Some(*t / 10.0);
            a
        }).collect();
        let split = split.min(set.len());
        let mut merged = Rollup::of(&set[..split]);
        merged.merge(&Rollup::of(&set[split..]));
        let whole = Rollup::of(&set);
        prop_assert_eq!(&merged.enterprises, &whole.enterprises);
        prop_assert_eq!(&merged.by_technique, &whole.by_technique);
        prop_assert_eq!(merged.options, whole.options);
        prop_assert_eq!(&merged.grid_years, &whole.grid_years);
        prop_assert!(close(merged.identified.tco2, whole.identified.tco2, 1e-9));
        prop_assert_eq!(merged.implemented.net_vnd, whole.implemented.net_vnd);
        prop_assert!(close(merged.sc_cut_sum_pct, whole.sc_cut_sum_pct, 1e-9));
        prop_assert_eq!(merged.sc_cut_count, whole.sc_cut_count);
    }
}

#[test]
fn impacts_add_co2e_with_parts_that_have_only_co2() {
    let r = reference();
    let grid = emissions::grid_factor(&r, &GridChoice::Year { year: 2023 }).unwrap();
    let coal = r.fuel("anthracite").unwrap();
    let mut total = emissions::fuel(&r, coal, 42.0, "t", r.gwp("AR5")).unwrap();
    let elec = emissions::electricity(&r, 10_000.0, "kWh", &grid).unwrap();
    total.add(&elec);
    assert!(close(total.tco2, 110.23362 + 6.592, 1e-9));
    assert!(close(
        total.tco2e.unwrap(),
        110.23362 + 0.7597485 + 6.592,
        1e-9
    ));
    assert!(total.tco2e.unwrap() > total.tco2);
}
