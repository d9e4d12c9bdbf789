//! Calculations as Vietnamese CP practice needs them (issue 15): fuel switches with the added
//! resource netted, unknown investments, uneven cash flows, the textbook (interpolated) IRR and
//! roll-ups that keep rejected options and unknown investments apart. Hand-checked values; the
//! working is in the comments.

use proptest::prelude::*;
use sxsh_domain::calc::econ::*;
use sxsh_domain::calc::emissions::GridChoice;
use sxsh_domain::calc::option::{OptionCalcInput, OptionCalcResult, option};
use sxsh_domain::calc::rollup::{OptionCounts, Rollup, RollupAssessment, RollupOption};
use sxsh_domain::error::DomainError;
use sxsh_domain::model::{AssessmentKind, Resource, ResourceSaving};
use sxsh_domain::reference::{BUILTIN_FILES, Reference};

fn reference() -> Reference {
    Reference::parse(BUILTIN_FILES).expect("reference data loads")
}

fn line(fuel: &str, quantity: f64, unit: &str, price: Option<i64>, added: bool) -> ResourceSaving {
    ResourceSaving {
        resource: if fuel.is_empty() {
            Resource::Electricity
        } else {
            Resource::Fuel
        },
        name: String::new(),
        fuel_code: fuel.into(),
        quantity,
        unit: unit.into(),
        unit_price_vnd: price,
        added,
        coal_grade: String::new(),
    }
}

fn input(investment: Option<i64>, savings: Vec<ResourceSaving>) -> OptionCalcInput {
    OptionCalcInput {
        investment_vnd: investment,
        savings,
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

fn calc(i: &OptionCalcInput) -> OptionCalcResult {
    option(&reference(), i).expect("computes")
}

fn round(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (x * k).round() / k
}

/// A coal kiln replaced by an LPG kiln (Bát Tràng, Kim Lan): 15 t anthracite saved, 5 t LPG
/// added. CO2: anthracite 15 t × 26.7 GJ/t × 98,300 kg/TJ = 39.37 t; LPG 5 t × 47.3 GJ/t ×
/// 63,100 kg/TJ = 14.92 t; net 24.45 t. TOE (MOIT): 15 t × 0.6 (coal fines 3–4) = 9; 5 t ×
/// 1.09 = 5.45; net 3.55. Money: 15 × 3,000,000 − 5 × 17,000,000 = −40,000,000 VND a year.
#[test]
fn a_coal_to_lpg_kiln_nets_the_added_fuel() {
    let r = calc(&input(
        Some(200_000_000),
        vec![
            line("anthracite", 15.0, "t", Some(3_000_000), false),
            line("lpg", 5.0, "t", Some(17_000_000), true),
        ],
    ));
    assert_eq!(round(r.impact.tco2, 2), 24.45);
    assert_eq!(round(r.impact.toe, 2), 3.55);
    assert_eq!(round(r.impact_saved.tco2, 2), 39.37);
    assert_eq!(round(r.impact_added.tco2, 2), 14.92);
    assert_eq!(round(r.impact_saved.toe, 2), 9.0);
    assert_eq!(round(r.impact_added.toe, 2), 5.45);
    // The added fuel's cost counts against the savings: this switch costs money to run.
    assert_eq!(r.economics.gross_savings_vnd, -40_000_000);
    assert!(matches!(r.economics.payback, Payback::Undefined { .. }));
    assert!(r.impact.factors.iter().any(|f| f.name.contains("lpg")));
}

/// A coal boiler replaced by a rice-husk boiler: 300 t other bituminous coal saved (300 ×
/// 25.8 GJ/t × 94,600 kg/TJ = 732.2 tCO2), 700 t husk added (700 × 11.6 GJ/t × 100,000 kg/TJ =
/// 812 t of biogenic CO2, a memo item only).
#[test]
fn a_rice_husk_boiler_reports_the_husk_as_biogenic_only() {
    let r = calc(&input(
        Some(1_500_000_000),
        vec![
            line("other_bituminous_coal", 300.0, "t", Some(2_500_000), false),
            line(
                "other_primary_solid_biomass",
                700.0,
                "t",
                Some(500_000),
                true,
            ),
        ],
    ));
    assert_eq!(round(r.impact.tco2, 1), 732.2);
    assert_eq!(round(r.impact_saved.tco2, 1), 732.2);
    assert_eq!(r.impact_added.tco2, 0.0, "no fossil CO2 from husk");
    assert_eq!(round(r.impact_added.biogenic_tco2, 1), 812.0);
    assert_eq!(round(r.impact.biogenic_tco2, 1), -812.0);
    // 300 × 2,500,000 − 700 × 500,000 = 400,000,000 VND a year; payback 1.5 M / 0.4 M = 3.75.
    assert_eq!(r.economics.annual_net_savings_vnd, 400_000_000);
    assert!(
        matches!(r.economics.payback, Payback::Years { years } if (years - 3.75).abs() < 1e-12)
    );
}

/// Published results often give savings without the investment: payback, NPV and IRR are
/// then not computable, never 0.
#[test]
fn savings_without_an_investment_are_not_computable_never_zero() {
    let r = calc(&input(
        None,
        vec![line("", 50_000.0, "kWh", Some(2_000), false)],
    ));
    assert_eq!(r.economics.annual_net_savings_vnd, 100_000_000);
    assert_eq!(r.economics.payback, Payback::NoInvestment);
    assert_eq!(r.economics.npv_vnd, None);
    assert_eq!(r.economics.irr, Irr::NoInvestment);
    assert_eq!(r.economics.irr_interpolated, None);
    assert!(
        r.sensitivity
            .iter()
            .all(|s| s.npv_vnd.is_none() && s.payback == Payback::NoInvestment)
    );
    // Its energy and CO2 are still computed: 50 MWh × 0.7221 tCO2/MWh (2021).
    assert_eq!(round(r.impact.tco2, 3), 36.105);
    // A zero investment is known: it pays back at once.
    let zero = calc(&input(
        Some(0),
        vec![line("", 50_000.0, "kWh", Some(2_000), false)],
    ));
    assert!(matches!(zero.economics.payback, Payback::Years { years } if years == 0.0));
}

/// Cash flows −600, 200, 200, −40 (a mid-life repair), 200, 200, 250 (with salvage), million
/// VND, at 10 %. By hand: discount factors 1, 0.909091, 0.826446, 0.751315, 0.683013,
/// 0.620921, 0.564474 → NPV = −600 + 181.818 + 165.289 − 30.053 + 136.603 + 124.184 + 141.118 =
/// 118.960 million. The cumulative flows −600, −400, −200, −240, −40, +160: payback 4 + 40/200
/// = 4.2 years. NPV(16 %) = +3.711 M, NPV(17 %) = −12.520 M: interpolated IRR = 16 % + 1 % ×
/// 3.711 / (3.711 + 12.520) = 16.229 %; the exact root is 16.225 %.
#[test]
fn uneven_cash_flows_give_npv_irr_and_payback_from_the_series() {
    let m = 1_000_000i64;
    let mut i = input(Some(600 * m), vec![line("", 1.0, "kWh", Some(1), false)]);
    i.cash_flows_vnd = Some(
        [-600, 200, 200, -40, 200, 200, 250]
            .iter()
            .map(|x| x * m)
            .collect(),
    );
    let e = calc(&i).economics;
    assert!(e.from_cash_flows);
    assert_eq!(e.npv_vnd, Some(118_960_284));
    match e.irr {
        Irr::Unique { rate } => assert!((rate - 0.162_246_46).abs() < 1e-7, "{rate}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(e.payback, Payback::Years { years } if (years - 4.2).abs() < 1e-12));
    let t = e.irr_interpolated.expect("a bracketing pair");
    assert_eq!((t.r1, t.r2, t.chosen), (0.16, 0.17, false));
    assert_eq!((t.npv1_vnd, t.npv2_vnd), (3_711_453, -12_520_053));
    assert!((t.rate - 0.162_286_57).abs() < 1e-7, "{}", t.rate);

    // The consultant's own pair of trial rates, as a bank appraisal quotes them.
    i.irr_trial_rates = Some((0.15, 0.20));
    let t = calc(&i)
        .economics
        .irr_interpolated
        .expect("15 % and 20 % bracket it");
    assert!(t.chosen && t.rate > 0.15 && t.rate < 0.20);
    // A pair that does not bracket the root gives none, not a wrong figure.
    i.irr_trial_rates = Some((0.17, 0.20));
    assert_eq!(calc(&i).economics.irr_interpolated, None);
}

/// A series whose cumulative sum ends below zero never pays back; one that never goes below
/// zero pays back at once; the interpolated IRR of a plain annuity matches the textbook's.
#[test]
fn payback_from_cumulative_flows_and_the_annuity_textbook_irr() {
    assert!(matches!(
        payback_of_flows(&[-100.0, 30.0, 30.0]),
        Payback::Undefined { .. }
    ));
    assert_eq!(
        payback_of_flows(&[0.0, 30.0, 30.0]),
        Payback::Years { years: 0.0 }
    );
    // Paid back in year 2, then a replacement in year 3 takes it below zero again, and year 4
    // brings it back: payback is counted to the last crossing, 3 + 10/40 = 3.25 years.
    assert_eq!(
        payback_of_flows(&[-100.0, 60.0, 50.0, -20.0, 40.0]),
        Payback::Years { years: 3.25 }
    );
    // −100 M then 30 M for 5 years at 10 %: the exact IRR 15.24 %; NPV(15 %) = +0.565 M,
    // NPV(16 %) = −1.771 M → 15 % + 1 % × 0.565 / 2.336 = 15.242 %.
    let e = economics(&EconInput {
        investment_vnd: Some(100_000_000),
        savings: vec![SavingLine {
            quantity: 30_000_000.0,
            unit_price_vnd: 1,
            added: false,
        }],
        opex_change_vnd: 0,
        life_years: 5,
        discount_rate: 0.10,
        tax_rate: 0.0,
        cash_flows_vnd: None,
        irr_trial_rates: None,
    });
    let t = e.irr_interpolated.unwrap();
    assert_eq!((t.r1, t.r2), (0.15, 0.16));
    assert!((t.rate - 0.152_420).abs() < 1e-5, "{}", t.rate);
}

/// Malformed new inputs are refused with field errors.
#[test]
fn malformed_series_and_trial_rates_are_refused() {
    let mut i = input(Some(1), vec![]);
    for (flows, field) in [
        (vec![], "cash_flows_vnd"),
        (vec![-1; 102], "cash_flows_vnd"),
    ] {
        i.cash_flows_vnd = Some(flows);
        match option(&reference(), &i) {
            Err(DomainError::Validation(errors)) => {
                assert!(errors.iter().any(|e| e.field == field), "{errors:?}")
            }
            other => panic!("{other:?}"),
        }
    }
    i.cash_flows_vnd = None;
    for (pair, field) in [
        ((f64::NAN, 0.2), "irr_trial_rates[0]"),
        ((0.2, 0.1), "irr_trial_rates[1]"),
        ((0.1, 20.0), "irr_trial_rates[1]"),
    ] {
        i.irr_trial_rates = Some(pair);
        match option(&reference(), &i) {
            Err(DomainError::Validation(errors)) => {
                assert!(errors.iter().any(|e| e.field == field), "{errors:?}")
            }
            other => panic!("{other:?}"),
        }
    }
}

fn rollup_option(investment: Option<i64>, net: i64, rejected: bool) -> RollupOption {
    RollupOption {
        investment_vnd: investment,
        annual_net_savings_vnd: net,
        rejected,
        electricity_kwh: 1_000.0,
        ..Default::default()
    }
}

/// Three options, one rejected at screening and one without an investment: identified 2
/// (the rejected one apart), investment 100 M, aggregate payback 100 M / 40 M = 2.5 years
/// (the option without an investment is left out of both sums and counted apart).
#[test]
fn a_rollup_keeps_rejected_options_and_unknown_investments_apart() {
    let r = Rollup::of(&[RollupAssessment {
        enterprise_id: "e1".into(),
        kind: AssessmentKind::Quick,
        grid_year: Some(2021),
        options: vec![
            rollup_option(Some(100_000_000), 40_000_000, false),
            rollup_option(None, 25_000_000, false),
            rollup_option(Some(900_000_000), 10_000_000, true),
        ],
        sc_cut_pct: None,
    }]);
    assert_eq!(
        r.options,
        OptionCounts {
            identified: 2,
            selected: 0,
            implemented: 0,
            rejected: 1
        }
    );
    let s = &r.identified;
    assert_eq!(s.options, 2);
    assert_eq!(s.investment_vnd, 100_000_000);
    assert_eq!(s.options_without_investment, 1);
    assert_eq!(s.net_vnd, 65_000_000);
    assert_eq!(s.electricity_kwh, 2_000.0);
    assert_eq!(s.payback(), Payback::Years { years: 2.5 });
    // An empty set: zeros and no payback.
    let empty = Rollup::default();
    assert_eq!(empty.identified.net_vnd, 0);
    assert_eq!(empty.identified.payback(), Payback::NoInvestment);
}

proptest! {
    /// Netting is linear: an option saving A and adding B has A's impact less B's.
    #[test]
    fn netting_is_linear(
        a in 0.0f64..10_000.0,
        b in 0.0f64..10_000.0,
        fa in 0usize..4,
        fb in 0usize..4,
    ) {
        let fuels = ["anthracite", "lpg", "residual_fuel_oil", "other_primary_solid_biomass"];
        let both = calc(&input(Some(1), vec![
            line(fuels[fa], a, "t", None, false),
            line(fuels[fb], b, "t", None, true),
        ]));
        let only_a = calc(&input(Some(1), vec![line(fuels[fa], a, "t", None, false)]));
        let only_b = calc(&input(Some(1), vec![line(fuels[fb], b, "t", None, false)]));
        let tol = 1e-9 * (1.0 + a + b);
        prop_assert!((both.impact.tco2 - (only_a.impact.tco2 - only_b.impact.tco2)).abs() < tol);
        prop_assert!((both.impact.toe - (only_a.impact.toe - only_b.impact.toe)).abs() < tol);
        prop_assert!((both.impact.gj - (only_a.impact.gj - only_b.impact.gj)).abs() < tol);
        prop_assert!(
            (both.impact.biogenic_tco2 - (only_a.impact.biogenic_tco2 - only_b.impact.biogenic_tco2)).abs() < tol
        );
    }

    /// The interpolated IRR lies between its trial rates, and converges to the exact IRR as
    /// they narrow around it.
    #[test]
    fn the_interpolated_irr_lies_between_its_rates_and_converges(
        investment in 1.0f64..1e9,
        ratio in 0.05f64..2.0,
        life in 1u32..30,
    ) {
        let flows = cash_flows(investment, investment * ratio, life);
        let Irr::Unique { rate } = irr(&flows) else {
            return Err(TestCaseError::fail("one sign change, a root in range"));
        };
        if let Some(t) = textbook_irr(|r| npv(r, &flows), &Irr::Unique { rate }) {
            prop_assert!(t.r1 <= t.rate && t.rate <= t.r2, "{t:?}");
        }
        let mut last = f64::INFINITY;
        for h in [0.05, 0.01, 0.001, 0.0001] {
            let lo = (rate - h / 3.0).max(IRR_MIN);
            let t = interpolated_irr(|r| npv(r, &flows), lo, lo + h, true)
                .expect("a pair around the root brackets it");
            prop_assert!(t.r1 <= t.rate && t.rate <= t.r2);
            let err = (t.rate - rate).abs();
            prop_assert!(err <= last + 1e-12, "h {h}: {err} after {last}");
            last = err;
        }
        prop_assert!(last < 1e-6 * (1.0 + rate.abs()), "{last}");
    }
}

/// The MOIT table has factors per tonne and per 1,000 litres for DO, FO and gasoline: the factor
/// of the unit entered is used, and named. 5,000 L of FO × 0.94 TOE/1,000 L = 4.7 TOE (through
/// the density it would be 5,000 × 0.944 / 1000 × 0.99 = 4.67). 2,000 L of DO × 0.88 = 1.76;
/// 1.5 t of DO × 1.02 = 1.53.
#[test]
fn moit_factors_follow_the_unit_entered() {
    let r = reference();
    let toe = |fuel: &str, q: f64, unit: &str| {
        let f = r.fuel(fuel).unwrap();
        let e = sxsh_domain::calc::emissions::fuel(&r, f, q, unit, None).unwrap();
        let used = e
            .factors
            .iter()
            .find(|f| f.name.starts_with("toe:"))
            .unwrap()
            .clone();
        (round(e.toe, 4), used.unit)
    };
    assert_eq!(
        toe("residual_fuel_oil", 5_000.0, "L"),
        (4.7, "TOE/1000 L".into())
    );
    assert_eq!(
        toe("residual_fuel_oil", 5.0, "m3"),
        (4.7, "TOE/1000 L".into())
    );
    assert_eq!(
        toe("gas_diesel_oil", 2_000.0, "L"),
        (1.76, "TOE/1000 L".into())
    );
    assert_eq!(toe("gas_diesel_oil", 1.5, "t"), (1.53, "TOE/t".into()));
    assert_eq!(
        toe("motor_gasoline", 1_000.0, "L"),
        (0.83, "TOE/1000 L".into())
    );
}

/// Coal fines grades 1–2, 3–4 and 5–6 carry their own MOIT factors (0.7, 0.6, 0.5 TOE/t);
/// grade 3–4 is the default and the factor used is named. A grade on a fuel that is not coal
/// fines is refused, naming the field.
#[test]
fn coal_fines_grades_are_chosen_per_line() {
    let r = reference();
    let graded = |grade: &str| {
        let mut l = line("anthracite", 10.0, "t", None, false);
        l.coal_grade = grade.into();
        let res = calc(&input(Some(1), vec![l]));
        let used = res
            .impact
            .factors
            .iter()
            .find(|f| f.name.starts_with("toe:"))
            .unwrap()
            .name
            .clone();
        (round(res.impact.toe, 4), used)
    };
    assert_eq!(graded(""), (6.0, "toe:coal_fines_grade_3_4".into()));
    assert_eq!(graded("1_2"), (7.0, "toe:coal_fines_grade_1_2".into()));
    assert_eq!(graded("3_4"), (6.0, "toe:coal_fines_grade_3_4".into()));
    assert_eq!(graded("5_6"), (5.0, "toe:coal_fines_grade_5_6".into()));
    let mut lpg = line("lpg", 1.0, "t", None, false);
    lpg.coal_grade = "1_2".into();
    match option(&r, &input(Some(1), vec![lpg])) {
        Err(DomainError::Validation(errors)) => assert!(
            errors.iter().any(|e| e.field == "savings[0].coal_grade"),
            "{errors:?}"
        ),
        other => panic!("{other:?}"),
    }
}

/// A plant that grew: 3,600,000 kWh for 4,000 t before (900 kWh/t) and the same 3,600,000 kWh
/// for 4,500 t after (800 kWh/t). Normalised, it saved (900 − 800) × 4,500 = 450,000 kWh, an
/// 11.1 % cut — not "0 kWh" as the raw consumptions suggest. Zero production is undefined.
#[test]
fn realised_savings_are_normalised_to_production() {
    use sxsh_domain::calc::energy::{Period, realised_saving, realised_saving_of_periods};
    let r = realised_saving(900.0, 800.0, "kWh/t", 4_500.0).unwrap();
    assert_eq!(r.saving, 450_000.0);
    let r = realised_saving_of_periods(
        &Period {
            consumption: 3_600_000.0,
            production: 4_000.0,
        },
        &Period {
            consumption: 3_600_000.0,
            production: 4_500.0,
        },
        "kWh",
        "t",
        "kWh/t",
    )
    .unwrap();
    assert_eq!(
        (r.sc_before, r.sc_after, r.saving),
        (900.0, 800.0, 450_000.0)
    );
    assert!((r.cut_pct.unwrap() - 100.0 / 9.0).abs() < 1e-12);
    // The same in MWh/t: 0.9 → 0.8 MWh/t × 4,500 t = 450 MWh.
    let mwh = realised_saving_of_periods(
        &Period {
            consumption: 3_600.0,
            production: 4_000.0,
        },
        &Period {
            consumption: 3_600.0,
            production: 4_500.0,
        },
        "MWh",
        "t",
        "MWh/t",
    )
    .unwrap();
    assert!((mwh.saving - 450.0).abs() < 1e-9);
    let zero = realised_saving_of_periods(
        &Period {
            consumption: 1.0,
            production: 4_000.0,
        },
        &Period {
            consumption: 1.0,
            production: 0.0,
        },
        "kWh",
        "t",
        "kWh/t",
    );
    assert!(
        matches!(&zero, Err(sxsh_domain::calc::CalcError::Input { field, problem }) if field == "after.production" && problem == "zero"),
        "{zero:?}"
    );
}

/// A step's stock change enters its balance: 100 t in, 90 t out, 5 t more in stock → 5 t
/// unidentified, 95 % closure. Outputs above inputs are a measurement error, flagged. A stock
/// change larger than the inputs, or not a number, is refused.
#[test]
fn balances_take_the_stock_change_and_flag_outputs_above_inputs() {
    use sxsh_domain::calc::balance::{BalanceFlow, StockChange, balance_with_stock};
    use sxsh_domain::model::Direction;
    let flow = |d, q: f64| BalanceFlow {
        name: "x".into(),
        direction: d,
        quantity: q,
        unit: "t".into(),
    };
    let flows = [flow(Direction::In, 100.0), flow(Direction::Out, 90.0)];
    let stock = |q: f64, unit: &str| StockChange {
        quantity: q,
        unit: unit.into(),
    };
    let b = balance_with_stock(&flows, "t", Some(&stock(5.0, "t"))).unwrap();
    assert_eq!(
        (b.unidentified, b.closure_pct, b.stock_change),
        (5.0, Some(95.0), 5.0)
    );
    assert!(!b.measurement_error);
    // Stock drawn down by 2,000 kg: 12 t unidentified.
    let b = balance_with_stock(&flows, "t", Some(&stock(-2_000.0, "kg"))).unwrap();
    assert_eq!(b.unidentified, 12.0);
    let over = [flow(Direction::In, 100.0), flow(Direction::Out, 103.0)];
    let b = balance_with_stock(&over, "t", None).unwrap();
    assert_eq!(b.unidentified, -3.0);
    assert!(b.measurement_error);
    for bad in [stock(150.0, "t"), stock(f64::NAN, "t"), stock(5.0, "kWh")] {
        assert!(
            balance_with_stock(&flows, "t", Some(&bad)).is_err(),
            "{bad:?}"
        );
    }
}

/// Energy across carriers and per tonne: 1,000 kWh (3.6 GJ, 0.1543 TOE, 0.7221 tCO2 at the
/// 2021 factor) and 2 t anthracite (53.4 GJ, 1.2 TOE, 5.249 tCO2) for 10 t of product → 5.7
/// GJ/t, 0.13543 TOE/t, 100 kWh/t. Zero production gives no specific energy, not infinity.
#[test]
fn energy_across_carriers_and_per_tonne() {
    use sxsh_domain::calc::energy::{EnergyInput, EnergyItem, Production, energy};
    let item = |resource, fuel: &str, q: f64, unit: &str| EnergyItem {
        resource,
        name: String::new(),
        fuel_code: fuel.into(),
        quantity: q,
        unit: unit.into(),
        coal_grade: String::new(),
    };
    let mut input = EnergyInput {
        items: vec![
            item(Resource::Electricity, "", 1_000.0, "kWh"),
            item(Resource::Fuel, "anthracite", 2.0, "t"),
        ],
        grid: Some(GridChoice::Year { year: 2021 }),
        gwp: None,
        production: Some(Production {
            quantity: 10.0,
            unit: "t".into(),
        }),
    };
    let e = energy(&reference(), &input).unwrap();
    assert_eq!(round(e.total.gj, 6), 57.0);
    assert_eq!(round(e.total.toe, 6), 1.3543);
    assert_eq!(
        round(e.total.tco2, 5),
        round(0.7221 + 2.0 * 26.7 * 0.0983, 5)
    );
    let s = e.specific.unwrap();
    assert_eq!(
        (round(s.gj, 9), round(s.toe, 9), s.electricity_kwh),
        (5.7, 0.13543, 100.0)
    );
    input.production = Some(Production {
        quantity: 0.0,
        unit: "t".into(),
    });
    assert_eq!(energy(&reference(), &input).unwrap().specific, None);
    input.items[1].unit = "kWh".into();
    match energy(&reference(), &input) {
        Err(sxsh_domain::calc::CalcError::Input { field, .. }) => {
            assert_eq!(field, "items[1].unit")
        }
        other => panic!("{other:?}"),
    }
}

/// An option with no saving line yet is "no savings data yet" — not "never paid back", not an
/// NPV of −I — and a known zero investment with savings pays back at once (0 years). Totals
/// leave an option without savings data out of the payback basis.
#[test]
fn an_option_without_savings_data_says_so() {
    let none = calc(&input(Some(50_000_000), vec![])).economics;
    assert_eq!(none.payback, Payback::NoSavings);
    assert_eq!(none.irr, Irr::NoSavings);
    assert_eq!(none.npv_vnd, None);
    assert_eq!(none.annual_net_savings_vnd, 0);
    let free = calc(&input(
        Some(0),
        vec![line("", 1_000.0, "kWh", Some(2_000), false)],
    ))
    .economics;
    assert_eq!(free.payback, Payback::Years { years: 0.0 });
}
