//! One option's figures: economics, sensitivity, energy and emissions with their factors, from
//! its own inputs (`sxsh calc option`) or as a stored option of an assessment.

use super::econ::{self, EconInput, Economics, SavingLine, SensitivityCase};
use super::emissions::{self, GridChoice, Impact};
use super::{CalcError, FactorUsed};
use crate::error::DomainError;
use crate::model::{Assessment, CpOption, Resource, ResourceSaving};
use crate::reference::Reference;
use crate::units::parse_unit;
use crate::{FieldError, FieldErrorCode};
use serde::{Deserialize, Serialize};

/// One option to compute, with its prices and parameters (`sxsh calc option --input`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct OptionCalcInput {
    /// None (or absent) when the investment is not known.
    #[serde(default, deserialize_with = "super::files::whole::opt")]
    pub investment_vnd: Option<i64>,
    #[serde(default)]
    pub savings: Vec<ResourceSaving>,
    #[serde(default, deserialize_with = "super::files::whole::int")]
    pub opex_change_vnd: i64,
    #[serde(deserialize_with = "super::files::whole::years")]
    pub life_years: u32,
    /// Fraction, 0.10 = 10 %.
    pub discount_rate: f64,
    #[serde(default)]
    pub tax_rate: f64,
    /// Grid factor for electricity; default: the reference data's suggested year.
    #[serde(default)]
    pub grid: Option<GridChoice>,
    /// GWP set (`AR5`, `AR4`) to report CO2e with CH4 and N2O; none = CO2 only.
    #[serde(default)]
    pub gwp: Option<String>,
    /// An explicit cash-flow series, year 0..n, VND, instead of the investment and the annual
    /// savings for NPV, IRR and payback.
    #[serde(default, deserialize_with = "super::files::whole::opt_vec")]
    pub cash_flows_vnd: Option<Vec<i64>>,
    /// The trial rates (fractions, r1 < r2) of the interpolated IRR; none: the 1-point grid.
    #[serde(default)]
    pub irr_trial_rates: Option<(f64, f64)>,
}

/// Everything computed for one option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct OptionCalcResult {
    pub economics: Economics,
    pub sensitivity: Vec<SensitivityCase>,
    /// Energy and emissions avoided per year, net (saved lines less added lines), with every
    /// factor used. Its `biogenic_tco2` is the net biogenic CO2 avoided (negative when the
    /// option burns more biomass): a memo item, never in `tco2`.
    pub impact: Impact,
    /// The saved lines alone.
    pub impact_saved: Impact,
    /// The added lines alone (what the option uses more of), as positive figures.
    pub impact_added: Impact,
    /// Saving lines left out of the money total for lack of a price.
    pub unpriced: Vec<String>,
}

fn field_error(field: String, code: FieldErrorCode, message: &str) -> FieldError {
    FieldError {
        field,
        code,
        message: message.to_string(),
        min: None,
        max: None,
    }
}

use crate::error::problem_code;

/// Maps a calculation error on saving `i` to a field error.
fn saving_error(i: usize, e: CalcError) -> FieldError {
    match e {
        CalcError::Unit(u) => field_error(
            format!("savings[{i}].unit"),
            FieldErrorCode::WrongDimension,
            &u.to_string(),
        ),
        CalcError::MissingFactor(what) => field_error(
            format!("savings[{i}].fuel_code"),
            FieldErrorCode::InvalidCode,
            &what,
        ),
        CalcError::Input { field, problem } => field_error(
            format!("savings[{i}].{field}"),
            problem_code(&problem),
            &problem,
        ),
    }
}

/// The impact of saving lines per year: electricity and fuels; water, material and money lines
/// have none. Impacts are linear in quantity, so the impact of one unit is computed once per
/// (resource, fuel, unit, grid factor) and scaled.
pub struct ImpactCalc<'r> {
    reference: &'r Reference,
    gwp: Option<&'r crate::reference::GwpSet>,
    /// (resource, fuel, coal grade, unit, grid factor, its year) → the impact of one unit.
    per_unit: Vec<PerUnit>,
}

/// A cached impact of one unit of a resource line.
struct PerUnit {
    resource: Resource,
    fuel: String,
    grade: String,
    unit: String,
    grid: f64,
    grid_year: Option<i64>,
    one: Impact,
}

impl<'r> ImpactCalc<'r> {
    pub fn new(reference: &'r Reference, gwp: Option<&'r crate::reference::GwpSet>) -> Self {
        ImpactCalc {
            reference,
            gwp,
            per_unit: Vec::new(),
        }
    }

    /// The impact of one unit of a saved resource (zero for water, material and money);
    /// `grade` is the coal-fines grade of an anthracite line (`""`: the default).
    pub fn per_unit(
        &mut self,
        resource: Resource,
        fuel_code: &str,
        grade: &str,
        unit: &str,
        grid: &FactorUsed,
    ) -> std::result::Result<&Impact, CalcError> {
        let found = self.per_unit.iter().position(|p| {
            p.resource == resource
                && p.fuel == fuel_code
                && p.grade == grade
                && p.unit == unit
                && p.grid == grid.value
                && p.grid_year == grid.year
        });
        let i = match found {
            Some(i) => i,
            None => {
                let one = match resource {
                    Resource::Electricity => {
                        emissions::electricity(self.reference, 1.0, unit, grid)?
                    }
                    Resource::Fuel => {
                        let fuel = self.reference.fuel(fuel_code).ok_or_else(|| {
                            CalcError::MissingFactor(format!("fuel {fuel_code:?}"))
                        })?;
                        emissions::fuel_graded(self.reference, fuel, grade, 1.0, unit, self.gwp)?
                    }
                    _ => Impact::default(),
                };
                self.per_unit.push(PerUnit {
                    resource,
                    fuel: fuel_code.to_string(),
                    grade: grade.to_string(),
                    unit: unit.to_string(),
                    grid: grid.value,
                    grid_year: grid.year,
                    one,
                });
                self.per_unit.len() - 1
            }
        };
        Ok(&self.per_unit[i].one)
    }

    /// Impact of one saving line with `grid` for electricity, with the factors it used.
    pub fn saving(
        &mut self,
        s: &ResourceSaving,
        grid: &FactorUsed,
    ) -> std::result::Result<Impact, CalcError> {
        if !s.quantity.is_finite() || s.quantity < 0.0 {
            return Err(CalcError::Input {
                field: "quantity".into(),
                problem: if s.quantity.is_finite() {
                    "negative".into()
                } else {
                    "not_finite".into()
                },
            });
        }
        let one = self.per_unit(s.resource, &s.fuel_code, &s.coal_grade, &s.unit, grid)?;
        Ok(Impact {
            gj: one.gj * s.quantity,
            toe: one.toe * s.quantity,
            tco2: one.tco2 * s.quantity,
            tco2e: one.tco2e.map(|x| x * s.quantity),
            biogenic_tco2: one.biogenic_tco2 * s.quantity,
            factors: one.factors.clone(),
        })
    }
}

/// A saving line read from stored JSON without copying its strings (roll-ups read many).
#[derive(Debug, Deserialize)]
pub struct SavingView<'a> {
    pub resource: Resource,
    #[serde(default, borrow)]
    pub fuel_code: std::borrow::Cow<'a, str>,
    pub quantity: f64,
    #[serde(borrow)]
    pub unit: std::borrow::Cow<'a, str>,
    pub unit_price_vnd: Option<i64>,
    #[serde(default)]
    pub added: bool,
    #[serde(default, borrow)]
    pub coal_grade: std::borrow::Cow<'a, str>,
}

fn econ_input(input: &OptionCalcInput, savings: &[ResourceSaving]) -> (EconInput, Vec<String>) {
    let mut unpriced = Vec::new();
    let lines = savings
        .iter()
        .map(|s| {
            if s.unit_price_vnd.is_none() && s.resource != Resource::Other {
                unpriced.push(if s.name.is_empty() {
                    s.resource.code().to_string()
                } else {
                    s.name.clone()
                });
            }
            SavingLine {
                quantity: s.quantity,
                unit_price_vnd: s.unit_price_vnd.unwrap_or(0),
                added: s.added,
            }
        })
        .collect();
    (
        EconInput {
            investment_vnd: input.investment_vnd,
            savings: lines,
            opex_change_vnd: input.opex_change_vnd,
            life_years: input.life_years,
            discount_rate: input.discount_rate,
            tax_rate: input.tax_rate,
            cash_flows_vnd: input.cash_flows_vnd.clone(),
            irr_trial_rates: input.irr_trial_rates,
        },
        unpriced,
    )
}

/// Computes one option: economics, sensitivity, energy and emissions with their factors.
pub fn option(
    reference: &Reference,
    input: &OptionCalcInput,
) -> Result<OptionCalcResult, DomainError> {
    let (econ_in, unpriced) = econ_input(input, &input.savings);
    let mut errors: Vec<FieldError> = match econ_in.check() {
        Ok(()) => vec![],
        Err(es) => es
            .into_iter()
            .map(|e| field_error(e.field, problem_code(e.problem), e.problem))
            .collect(),
    };
    let grid_choice = input.grid.clone().unwrap_or(GridChoice::Year {
        year: reference.default_grid_year,
    });
    let grid = match emissions::grid_factor(reference, &grid_choice) {
        Ok(g) => Some(g),
        Err(e) => {
            errors.push(field_error(
                "grid".into(),
                FieldErrorCode::InvalidCode,
                &e.to_string(),
            ));
            None
        }
    };
    let gwp = match &input.gwp {
        Some(code) => match reference.gwp(code) {
            Some(g) => Some(g),
            None => {
                errors.push(field_error(
                    "gwp".into(),
                    FieldErrorCode::InvalidCode,
                    "unknown GWP set",
                ));
                None
            }
        },
        None => None,
    };
    let (mut saved, mut added) = (Impact::default(), Impact::default());
    if let Some(grid) = &grid {
        let mut calc = ImpactCalc::new(reference, gwp);
        for (i, s) in input.savings.iter().enumerate() {
            if parse_unit(&s.unit).is_err() {
                errors.push(field_error(
                    format!("savings[{i}].unit"),
                    FieldErrorCode::UnknownUnit,
                    "unknown unit",
                ));
                continue;
            }
            match calc.saving(s, grid) {
                Ok(x) if s.added => added.add(&x),
                Ok(x) => saved.add(&x),
                Err(e) => errors.push(saving_error(i, e)),
            }
        }
        if input.gwp.is_some() {
            for side in [&mut saved, &mut added] {
                side.tco2e = side.tco2e.or(Some(side.tco2));
            }
        }
    }
    let impact = saved.net_of(&added);
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    Ok(OptionCalcResult {
        economics: econ::economics(&econ_in),
        sensitivity: econ::sensitivity(&econ_in),
        impact,
        impact_saved: saved,
        impact_added: added,
        unpriced,
    })
}

/// The grid choice of an assessment: its custom factor, its year, or the default year.
pub fn assessment_grid(
    reference: &Reference,
    year: Option<i64>,
    custom: Option<f64>,
    source: &str,
) -> GridChoice {
    match (custom, year) {
        (Some(value), _) => GridChoice::Custom {
            value,
            source: source.to_string(),
        },
        (None, Some(year)) => GridChoice::Year { year },
        (None, None) => GridChoice::Year {
            year: reference.default_grid_year,
        },
    }
}

/// The computed economics and impacts of one stored option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct StoredOptionResult {
    pub option_id: String,
    pub title: String,
    pub result: OptionCalcResult,
}

/// Computes every option of an assessment with the assessment's discount rate, life, tax and
/// grid factor, through the same functions as [`option`]. An error names the option
/// (`options[ID].savings[0].unit`).
pub fn assessment_options(
    reference: &Reference,
    a: &Assessment,
    options: &[CpOption],
) -> Result<Vec<StoredOptionResult>, DomainError> {
    let grid = assessment_grid(
        reference,
        a.grid_ef_year,
        a.custom_grid_ef,
        &a.custom_grid_ef_source,
    );
    options
        .iter()
        .map(|o| {
            let input = OptionCalcInput {
                investment_vnd: o.investment_vnd,
                savings: o.savings.clone(),
                opex_change_vnd: o.opex_change_vnd,
                life_years: o.life_years.unwrap_or(a.life_years).clamp(1, 50) as u32,
                discount_rate: a.discount_rate,
                tax_rate: a.tax_rate,
                grid: Some(grid.clone()),
                gwp: None,
                cash_flows_vnd: o.cash_flows_vnd.clone(),
                irr_trial_rates: None,
            };
            let result = option(reference, &input)
                .map_err(|e| e.prefixed(&format!("options[{}].", o.id)))?;
            Ok(StoredOptionResult {
                option_id: o.id.clone(),
                title: o.title.clone(),
                result,
            })
        })
        .collect()
}
