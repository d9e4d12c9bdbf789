//! What `sxsh calc balance|specific|energy|rollup --input FILE.json` read and give: the same
//! engine functions as the app, over figures an analyst types or pastes from a spreadsheet.
//! A JSON number written `1000.0` where a whole number is expected is accepted ([`whole`]).

use super::balance::{Balance, BalanceFlow, StockChange, balance_with_stock};
use super::econ::{EconInput, Payback, SavingLine};
use super::emissions::{GridChoice, grid_factor};
use super::energy::{Period, RealisedSaving, realised_saving_of_periods};
use super::option::{ImpactCalc, SavingView};
use super::programme::rollup_option;
use super::rollup::{Rollup, RollupFigures, RollupOption, technique_mask};
use super::specific::{BenchmarkPosition, against_benchmark, specific_consumption};
use super::{CalcError, input_err};
use crate::model::{ImplStatus, ResourceSaving, Screening};
use crate::reference::Reference;
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;

/// Serde helpers that accept a whole number written as a float (`1000.0`) where an integer is
/// expected, and refuse `1000.5`.
pub mod whole {
    use super::*;

    fn to_i64<E: serde::de::Error>(v: serde_json::Number) -> Result<i64, E> {
        if let Some(i) = v.as_i64() {
            return Ok(i);
        }
        match v.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() <= 9.0e15 => Ok(f as i64),
            _ => Err(E::custom(format!("{v} is not a whole number"))),
        }
    }

    /// An `i64`.
    pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        to_i64(serde_json::Number::deserialize(d)?)
    }

    /// An `Option<i64>` (`null` or absent: none).
    pub fn opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        Option::<serde_json::Number>::deserialize(d)?
            .map(to_i64)
            .transpose()
    }

    /// A `u32` (a number of years).
    pub fn years<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let v = int(d)?;
        u32::try_from(v).map_err(|_| serde::de::Error::custom(format!("{v} is out of range")))
    }

    /// An `Option<Vec<i64>>`.
    pub fn opt_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<i64>>, D::Error> {
        Option::<Vec<serde_json::Number>>::deserialize(d)?
            .map(|v| v.into_iter().map(to_i64).collect())
            .transpose()
    }
}

/// `calc balance`: flows of a step or site, the unit to balance in, the stock change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BalanceInput {
    pub flows: Vec<BalanceFlow>,
    pub unit: String,
    #[serde(default)]
    pub stock_change: Option<StockChange>,
}

/// Computes a [`BalanceInput`].
pub fn balance_file(input: &BalanceInput) -> Result<Balance, CalcError> {
    balance_with_stock(&input.flows, &input.unit, input.stock_change.as_ref())
}

/// A benchmark range (either bound may be open).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Range {
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
}

/// `calc specific`: a consumption and a production over one period, the result unit, an
/// optional benchmark, and optionally the period after an option for the realised saving.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SpecificInput {
    pub consumption: f64,
    pub consumption_unit: String,
    pub production: f64,
    pub production_unit: String,
    /// A ratio unit such as `kWh/t`.
    pub result_unit: String,
    #[serde(default)]
    pub benchmark: Option<Range>,
    /// The monitored period after (same units): gives the realised saving normalised to its
    /// production.
    #[serde(default)]
    pub after: Option<Period>,
}

/// What `calc specific` gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SpecificResult {
    pub value: f64,
    pub unit: String,
    pub benchmark: Option<BenchmarkPosition>,
    pub realised: Option<RealisedSaving>,
}

/// Computes a [`SpecificInput`]. Zero production is refused as `production: zero` (undefined).
pub fn specific_file(input: &SpecificInput) -> Result<SpecificResult, CalcError> {
    let value = specific_consumption(
        input.consumption,
        &input.consumption_unit,
        input.production,
        &input.production_unit,
        &input.result_unit,
    )?;
    let benchmark = input
        .benchmark
        .as_ref()
        .map(|b| against_benchmark(value, b.min, b.max))
        .transpose()?;
    let realised = input
        .after
        .as_ref()
        .map(|after| {
            realised_saving_of_periods(
                &Period {
                    consumption: input.consumption,
                    production: input.production,
                },
                after,
                &input.consumption_unit,
                &input.production_unit,
                &input.result_unit,
            )
        })
        .transpose()?;
    Ok(SpecificResult {
        value,
        unit: input.result_unit.clone(),
        benchmark,
        realised,
    })
}

fn default_life() -> u32 {
    10
}

fn default_rate() -> f64 {
    0.10
}

/// One option as an office pastes it from a spreadsheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RollupFileOption {
    /// The enterprise, counted once however many options it has.
    #[serde(default)]
    pub enterprise: String,
    #[serde(default)]
    pub title: String,
    /// `not_started`, `in_progress`, `done`, `on_hold`, `dropped`.
    pub status: ImplStatus,
    #[serde(default)]
    pub screening: Option<Screening>,
    #[serde(default)]
    pub selected: bool,
    #[serde(default)]
    pub techniques: Vec<String>,
    /// None (or absent) when not known.
    #[serde(default, deserialize_with = "whole::opt")]
    pub investment_vnd: Option<i64>,
    #[serde(default)]
    pub savings: Vec<ResourceSaving>,
    #[serde(default, deserialize_with = "whole::int")]
    pub opex_change_vnd: i64,
    #[serde(default = "default_life", deserialize_with = "whole::years")]
    pub life_years: u32,
    #[serde(default = "default_rate")]
    pub discount_rate: f64,
    /// Grid-factor data year its electricity was reported with; none: the suggested year.
    #[serde(default, deserialize_with = "whole::opt")]
    pub grid_year: Option<i64>,
}

/// `calc rollup --input`: options, and a year to recompute every electricity figure at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RollupFileInput {
    pub options: Vec<RollupFileOption>,
    #[serde(default, deserialize_with = "whole::opt")]
    pub recompute_year: Option<i64>,
}

/// Roll-up figures with their aggregate paybacks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct FileRollupTotals {
    pub figures: RollupFigures,
    pub payback_identified: Payback,
    pub payback_implemented: Payback,
    /// Grid-factor years the electricity figures were computed with.
    pub grid_years: Vec<i64>,
}

/// What `calc rollup --input` gives: totals as recorded (each option at its own grid year,
/// `mixed_grid_years` when they differ) and, when asked, recomputed at one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct FileRollup {
    pub as_recorded: FileRollupTotals,
    pub mixed_grid_years: bool,
    pub recomputed: Option<FileRollupTotals>,
    /// Saving lines that could not be turned into quantities, energy or CO2.
    pub uncomputed_lines: usize,
}

fn totals(r: &Rollup) -> FileRollupTotals {
    let figures = r.figures();
    FileRollupTotals {
        payback_identified: figures.identified.payback(),
        payback_implemented: figures.implemented.payback(),
        grid_years: r.grid_years.iter().copied().collect(),
        figures,
    }
}

/// Rolls up the options of a file; `at`: the grid year for every option instead of its own.
fn rollup_at(
    reference: &Reference,
    input: &RollupFileInput,
    at: Option<i64>,
) -> Result<(Rollup, usize), CalcError> {
    let mut calc = ImpactCalc::new(reference, None);
    let mut r = Rollup::default();
    let mut failed = 0;
    let mut enterprises = std::collections::BTreeSet::new();
    for (i, o) in input.options.iter().enumerate() {
        let year = at.or(o.grid_year).unwrap_or(reference.default_grid_year);
        let grid = grid_factor(reference, &GridChoice::Year { year }).map_err(|_| {
            input_err(
                &format!("options[{i}].grid_year"),
                &format!("no grid factor for {year}"),
            )
        })?;
        let econ = EconInput {
            investment_vnd: o.investment_vnd,
            savings: o
                .savings
                .iter()
                .map(|s| SavingLine {
                    quantity: s.quantity,
                    unit_price_vnd: s.unit_price_vnd.unwrap_or(0),
                    added: s.added,
                })
                .collect(),
            opex_change_vnd: o.opex_change_vnd,
            life_years: o.life_years,
            discount_rate: o.discount_rate,
            tax_rate: 0.0,
            cash_flows_vnd: None,
            irr_trial_rates: None,
        };
        if let Err(errors) = econ.check() {
            let e = &errors[0];
            return Err(input_err(&format!("options[{i}].{}", e.field), e.problem));
        }
        let views: Vec<SavingView> = o
            .savings
            .iter()
            .map(|s| SavingView {
                resource: s.resource,
                fuel_code: Cow::Borrowed(&s.fuel_code),
                quantity: s.quantity,
                unit: Cow::Borrowed(&s.unit),
                unit_price_vnd: s.unit_price_vnd,
                added: s.added,
                coal_grade: Cow::Borrowed(&s.coal_grade),
            })
            .collect();
        let base = RollupOption {
            techniques: technique_mask(&o.techniques),
            selected: o.selected,
            implemented: o.status == ImplStatus::Done,
            rejected: o.screening == Some(Screening::Reject),
            ..Default::default()
        };
        let (ro, n) = rollup_option(&mut calc, &grid, base, &econ, &views);
        failed += n;
        let enterprise = if o.enterprise.is_empty() {
            format!("#{i}")
        } else {
            o.enterprise.clone()
        };
        if enterprises.insert(enterprise.clone()) {
            r.add_assessment(
                &enterprise,
                crate::model::AssessmentKind::Quick,
                Some(year),
                None,
            );
        } else {
            r.grid_years.insert(year);
        }
        r.add_option(&enterprise, &ro);
    }
    Ok((r, failed))
}

/// Computes a [`RollupFileInput`]: as recorded, and recomputed at `recompute_year` if given.
/// Each enterprise counts as one assessment.
pub fn rollup_file(
    reference: &Reference,
    input: &RollupFileInput,
) -> Result<FileRollup, CalcError> {
    let (recorded, failed) = rollup_at(reference, input, None)?;
    let recomputed = input
        .recompute_year
        .map(|y| rollup_at(reference, input, Some(y)).map(|(r, _)| totals(&r)))
        .transpose()?;
    Ok(FileRollup {
        mixed_grid_years: recorded.grid_years.len() > 1,
        as_recorded: totals(&recorded),
        recomputed,
        uncomputed_lines: failed,
    })
}
