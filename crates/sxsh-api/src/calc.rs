//! Calculations as use cases: one option's economics and impacts, the options of a stored
//! assessment, and roll-ups over the store. Every number comes from `sxsh_domain::calc`.

pub use sxsh_domain::calc::FactorUsed;
pub use sxsh_domain::calc::econ::{Economics, Irr, Payback, SensitivityCase};
pub use sxsh_domain::calc::emissions::{GridChoice, Impact};
pub use sxsh_domain::calc::rollup::{Progress, Savings, TargetStatus};

use crate::error::{ApiError, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use sxsh_domain::calc::CalcError;
use sxsh_domain::calc::econ::{self, EconInput, SavingLine};
use sxsh_domain::calc::emissions;
use sxsh_domain::calc::rollup::{Rollup, RollupAssessment, RollupOption, progress};
use sxsh_domain::model::{AssessmentKind, Resource, ResourceSaving};
use sxsh_domain::reference::{Reference, TargetItem, TargetSet};
use sxsh_domain::units::{Unit, convert, parse_unit};
use sxsh_domain::{FieldError, FieldErrorCode};

/// One option to compute, with its prices and parameters (`sxsh calc option --input`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionCalcInput {
    pub investment_vnd: i64,
    #[serde(default)]
    pub savings: Vec<ResourceSaving>,
    #[serde(default)]
    pub opex_change_vnd: i64,
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
}

/// Everything computed for one option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionCalcResult {
    pub economics: Economics,
    pub sensitivity: Vec<SensitivityCase>,
    /// Energy and emissions avoided per year, with every factor used.
    pub impact: Impact,
    /// Saving lines left out of the money total for lack of a price.
    pub unpriced: Vec<String>,
}

fn field_error(field: String, code: FieldErrorCode, message: &str) -> FieldError {
    FieldError {
        field,
        code,
        message: message.to_string(),
    }
}

fn validation(errors: Vec<FieldError>) -> ApiError {
    ApiError {
        code: ErrorCode::ValidationFailed,
        message: format!(
            "invalid {}",
            errors
                .iter()
                .map(|e| format!("{} ({})", e.field, e.code.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        field_errors: errors,
    }
}

fn problem_code(problem: &str) -> FieldErrorCode {
    match problem {
        "not_finite" => FieldErrorCode::NotFinite,
        "negative" => FieldErrorCode::Negative,
        "required" => FieldErrorCode::Required,
        _ => FieldErrorCode::OutOfRange,
    }
}

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
/// have none. A cache makes repeated factors cheap (impacts are linear in quantity).
pub(crate) struct ImpactCalc<'r> {
    reference: &'r Reference,
    gwp: Option<&'r sxsh_domain::reference::GwpSet>,
    per_unit: HashMap<(String, String, String), Impact>,
}

impl<'r> ImpactCalc<'r> {
    pub(crate) fn new(
        reference: &'r Reference,
        gwp: Option<&'r sxsh_domain::reference::GwpSet>,
    ) -> Self {
        ImpactCalc {
            reference,
            gwp,
            per_unit: HashMap::new(),
        }
    }

    /// Impact of one saving line with `grid` for electricity.
    pub(crate) fn saving(
        &mut self,
        s: &ResourceSaving,
        grid: &FactorUsed,
    ) -> std::result::Result<Impact, CalcError> {
        if !matches!(s.resource, Resource::Electricity | Resource::Fuel) {
            return Ok(Impact::default());
        }
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
        let grid_key = format!("{}@{:?}", grid.value, grid.year);
        let key = (s.fuel_code.clone(), s.unit.clone(), grid_key);
        if !self.per_unit.contains_key(&key) {
            let one = match s.resource {
                Resource::Electricity => {
                    emissions::electricity(self.reference, 1.0, &s.unit, grid)?
                }
                _ => {
                    let fuel = self.reference.fuel(&s.fuel_code).ok_or_else(|| {
                        CalcError::MissingFactor(format!("fuel {:?}", s.fuel_code))
                    })?;
                    emissions::fuel(self.reference, fuel, 1.0, &s.unit, self.gwp)?
                }
            };
            self.per_unit.insert(key.clone(), one);
        }
        let one = &self.per_unit[&key];
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

fn econ_input(
    investment: i64,
    savings: &[ResourceSaving],
    opex: i64,
    life: u32,
    rate: f64,
    tax: f64,
) -> (EconInput, Vec<String>) {
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
                unit_price_vnd: s.unit_price_vnd.unwrap_or(0) as f64,
            }
        })
        .collect();
    (
        EconInput {
            investment_vnd: investment as f64,
            savings: lines,
            opex_change_vnd: opex as f64,
            life_years: life,
            discount_rate: rate,
            tax_rate: tax,
        },
        unpriced,
    )
}

/// Computes one option: economics, sensitivity, energy and emissions with their factors.
pub fn option(reference: &Reference, input: &OptionCalcInput) -> Result<OptionCalcResult> {
    let (econ_in, unpriced) = econ_input(
        input.investment_vnd,
        &input.savings,
        input.opex_change_vnd,
        input.life_years,
        input.discount_rate,
        input.tax_rate,
    );
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
    let mut impact = Impact::default();
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
                Ok(x) => impact.add(&x),
                Err(e) => errors.push(saving_error(i, e)),
            }
        }
        if input.gwp.is_some() && impact.tco2e.is_none() {
            impact.tco2e = Some(impact.tco2);
        }
    }
    if !errors.is_empty() {
        return Err(validation(errors));
    }
    Ok(OptionCalcResult {
        economics: econ::economics(&econ_in),
        sensitivity: econ::sensitivity(&econ_in),
        impact,
        unpriced,
    })
}

/// The grid choice of an assessment: its custom factor, its year, or the default year.
pub(crate) fn assessment_grid(
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

/// Which assessments to roll up (`sxsh calc rollup`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RollupQuery {
    pub programme_id: Option<String>,
    pub province: Option<String>,
    pub sector: Option<String>,
    pub year: Option<i64>,
    /// Count only options tagged with this technique code.
    pub technique: Option<String>,
}

/// Options of one technique.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TechniqueLine {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub identified: usize,
    pub selected: usize,
    pub implemented: usize,
}

/// A warning attached to a roll-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RollupWarning {
    /// `MIXED_GRID_FACTORS`, `UNCOMPUTED_OPTIONS`.
    pub code: String,
    pub message: String,
}

/// A roll-up as hosts show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RollupReport {
    pub query: RollupQuery,
    pub assessments: usize,
    pub quick_assessments: usize,
    pub detailed_assessments: usize,
    pub enterprises: usize,
    pub enterprises_with_quick: usize,
    pub enterprises_with_detailed: usize,
    pub enterprises_applying_cp: usize,
    pub applying_share_pct: Option<f64>,
    pub avg_sc_cut_pct: Option<f64>,
    pub options_identified: usize,
    pub options_selected: usize,
    pub options_implemented: usize,
    pub by_technique: Vec<TechniqueLine>,
    pub identified: Savings,
    pub implemented: Savings,
    pub grid_years: Vec<i64>,
    pub custom_grid_factors: usize,
    pub progress: Vec<Progress>,
    pub warnings: Vec<RollupWarning>,
}

/// Target sets to compare with: the programme's own, else the national sets in force in `year`
/// (or the latest national set).
pub(crate) fn targets_for(
    reference: &Reference,
    programme: Option<&sxsh_domain::model::Programme>,
    year: Option<i64>,
) -> Vec<TargetSet> {
    if let Some(p) = programme {
        let t = &p.targets;
        let mut items = Vec::new();
        if let Some(v) = t.facilities_applying_cp_pct {
            items.push(TargetItem {
                code: "apply_pct".into(),
                indicator_vi: String::new(),
                indicator_en: String::new(),
                kind: "percent_target".into(),
                value: Some(v),
                min: None,
                max: None,
                unit: "%".into(),
                verified: true,
            });
        }
        if t.saving_pct_min.is_some() || t.saving_pct_max.is_some() {
            items.push(TargetItem {
                code: "saving_pct".into(),
                indicator_vi: String::new(),
                indicator_en: String::new(),
                kind: "percent_range".into(),
                value: None,
                min: t.saving_pct_min,
                max: t.saving_pct_max,
                unit: "%".into(),
                verified: true,
            });
        }
        if !items.is_empty() {
            return vec![TargetSet {
                id: p.name.clone(),
                level: "programme".into(),
                province: p.province.clone(),
                document: t.reference.clone(),
                period_start: 0,
                period_end: 0,
                targets: items,
                source: t.reference.clone(),
            }];
        }
    }
    let national: Vec<&TargetSet> = reference
        .targets
        .iter()
        .filter(|t| t.level == "national")
        .collect();
    let in_force: Vec<TargetSet> = match year {
        Some(y) => national
            .iter()
            .filter(|t| t.period_start <= y && y <= t.period_end)
            .map(|t| (*t).clone())
            .collect(),
        None => vec![],
    };
    if !in_force.is_empty() {
        return in_force;
    }
    national
        .iter()
        .max_by_key(|t| t.period_end)
        .map(|t| vec![(*t).clone()])
        .unwrap_or_default()
}

/// Turns a domain roll-up into the report hosts show.
pub(crate) fn report(
    reference: &Reference,
    query: RollupQuery,
    r: &Rollup,
    targets: &[TargetSet],
    uncomputed: usize,
) -> RollupReport {
    let mut warnings = Vec::new();
    if r.mixes_grid_factors() {
        let years = r
            .grid_years
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(RollupWarning {
            code: "MIXED_GRID_FACTORS".into(),
            message: format!(
                "tCO2 adds figures made with different grid factors (years {years}{})",
                if r.custom_grid_factors > 0 {
                    format!("; {} custom", r.custom_grid_factors)
                } else {
                    String::new()
                }
            ),
        });
    }
    if uncomputed > 0 {
        warnings.push(RollupWarning {
            code: "UNCOMPUTED_OPTIONS".into(),
            message: format!(
                "{uncomputed} saving line(s) had no usable factor or unit and count for money only"
            ),
        });
    }
    RollupReport {
        query,
        assessments: r.assessments,
        quick_assessments: r.quick_assessments,
        detailed_assessments: r.detailed_assessments,
        enterprises: r.enterprises.len(),
        enterprises_with_quick: r.enterprises_quick.len(),
        enterprises_with_detailed: r.enterprises_detailed.len(),
        enterprises_applying_cp: r.enterprises_applying.len(),
        applying_share_pct: r.applying_share_pct(),
        avg_sc_cut_pct: r.avg_sc_cut_pct(),
        options_identified: r.options.identified,
        options_selected: r.options.selected,
        options_implemented: r.options.implemented,
        by_technique: reference
            .techniques
            .iter()
            .map(|t| {
                let c = r.by_technique.get(&t.code).copied().unwrap_or_default();
                TechniqueLine {
                    code: t.code.clone(),
                    name_vi: t.name_vi.clone(),
                    name_en: t.name_en.clone(),
                    identified: c.identified,
                    selected: c.selected,
                    implemented: c.implemented,
                }
            })
            .collect(),
        identified: r.identified.clone(),
        implemented: r.implemented.clone(),
        grid_years: r.grid_years.iter().copied().collect(),
        custom_grid_factors: r.custom_grid_factors,
        progress: targets.iter().flat_map(|t| progress(r, t)).collect(),
        warnings,
    }
}

/// Builds the roll-up input of one option. Returns it and how many saving lines could not be
/// turned into energy or emissions.
pub(crate) fn rollup_option(
    calc: &mut ImpactCalc,
    grid: &FactorUsed,
    techniques: Vec<String>,
    selected: bool,
    implemented: bool,
    econ_in: &EconInput,
    savings: &[ResourceSaving],
) -> (RollupOption, usize) {
    let (_, _, net) = econ::annual_net_savings(econ_in);
    let mut o = RollupOption {
        techniques,
        selected,
        implemented,
        investment_vnd: econ_in.investment_vnd,
        annual_net_savings_vnd: net,
        ..Default::default()
    };
    let mut failed = 0;
    for s in savings {
        let unit = match parse_unit(&s.unit) {
            Ok(u) => u,
            Err(_) => {
                failed += 1;
                continue;
            }
        };
        match s.resource {
            Resource::Electricity => match convert(s.quantity, unit, Unit::Kwh) {
                Ok(k) => o.electricity_kwh += k,
                Err(_) => failed += 1,
            },
            Resource::Water => match convert(s.quantity, unit, Unit::M3) {
                Ok(m) => o.water_m3 += m,
                Err(_) => failed += 1,
            },
            Resource::Material => match convert(s.quantity, unit, Unit::T) {
                Ok(t) => o.material_t += t,
                Err(_) => failed += 1,
            },
            Resource::Fuel => {
                if let Ok(t) = convert(s.quantity, unit, Unit::T) {
                    *o.fuel_t.entry(s.fuel_code.clone()).or_default() += t;
                }
            }
            Resource::Other => {}
        }
        match calc.saving(s, grid) {
            Ok(i) => {
                o.toe += i.toe;
                o.tco2 += i.tco2;
            }
            Err(_) => failed += 1,
        }
    }
    (o, failed)
}

/// The kind code of a stored assessment.
pub(crate) fn kind(code: &str) -> AssessmentKind {
    AssessmentKind::parse(code).unwrap_or(AssessmentKind::Quick)
}

/// Assembles the roll-up input of one assessment.
pub(crate) fn rollup_assessment(
    enterprise_id: String,
    kind: AssessmentKind,
    grid_year: Option<i64>,
    options: Vec<RollupOption>,
    sc_cut_pct: Option<f64>,
) -> RollupAssessment {
    RollupAssessment {
        enterprise_id,
        kind,
        grid_year,
        options,
        sc_cut_pct,
    }
}

/// Rolls up the assessments of the store that match `query`.
pub(crate) fn rollup_store(
    store: &sxsh_store::Store,
    reference: &Reference,
    query: RollupQuery,
) -> Result<RollupReport> {
    use sxsh_store::repo::{assessments, monitoring_records, options};
    let conn = store.conn();
    let filter = assessments::RollupFilter {
        programme_id: query.programme_id.clone(),
        province: query.province.clone(),
        sector: query.sector.clone(),
        year: query.year,
    };
    let rows = assessments::rollup_rows(conn, &filter)?;
    let index: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();

    // Grid factor per assessment (few distinct ones; resolved once each).
    let mut grids: HashMap<String, FactorUsed> = HashMap::new();
    let mut grid_of = Vec::with_capacity(rows.len());
    for a in &rows {
        let choice = assessment_grid(
            reference,
            a.grid_ef_year,
            a.custom_grid_ef,
            &a.custom_grid_ef_source,
        );
        let key = format!("{choice:?}");
        if !grids.contains_key(&key) {
            let g = emissions::grid_factor(reference, &choice).unwrap_or_else(|_| FactorUsed {
                name: "grid_ef".into(),
                value: 0.0,
                unit: "tCO2/MWh".into(),
                year: a.grid_ef_year,
                source: "missing".into(),
                verified: false,
            });
            grids.insert(key.clone(), g);
        }
        grid_of.push(key);
    }

    let mut opts: Vec<Vec<RollupOption>> = vec![Vec::new(); rows.len()];
    let mut calc = ImpactCalc::new(reference, None);
    let mut uncomputed = 0;
    for o in options::rollup_rows(conn)? {
        let Some(&i) = index.get(o.assessment_id.as_str()) else {
            continue;
        };
        let techniques: Vec<String> = serde_json::from_str(&o.techniques).unwrap_or_default();
        if let Some(t) = &query.technique
            && !techniques.contains(t)
        {
            continue;
        }
        let savings: Vec<ResourceSaving> = serde_json::from_str(&o.savings).unwrap_or_default();
        let a = &rows[i];
        let life = o.life_years.unwrap_or(a.life_years).clamp(1, 50) as u32;
        let (econ_in, _) = econ_input(
            o.investment_vnd,
            &savings,
            o.opex_change_vnd,
            life,
            a.discount_rate,
            a.tax_rate,
        );
        let grid = &grids[&grid_of[i]];
        let (ro, failed) = rollup_option(
            &mut calc,
            grid,
            techniques,
            o.selected,
            o.status == "done",
            &econ_in,
            &savings,
        );
        uncomputed += failed;
        opts[i].push(ro);
    }

    // Mean measured cut of monitored ratio indicators (e.g. kWh/t), per assessment.
    let mut cuts: Vec<(f64, usize)> = vec![(0.0, 0); rows.len()];
    for (aid, unit, baseline, after) in monitoring_records::rollup_rows(conn)? {
        if let Some(&i) = index.get(aid.as_str())
            && sxsh_domain::units::RatioUnit::parse(&unit).is_some()
            && baseline > 0.0
        {
            cuts[i].0 += (baseline - after) / baseline * 100.0;
            cuts[i].1 += 1;
        }
    }

    let mut rollup = Rollup::default();
    for (i, (a, options)) in rows.iter().zip(opts).enumerate() {
        let sc = (cuts[i].1 > 0).then(|| cuts[i].0 / cuts[i].1 as f64);
        let grid_year = if a.custom_grid_ef.is_some() {
            None
        } else {
            Some(a.grid_ef_year.unwrap_or(reference.default_grid_year))
        };
        rollup.add(&rollup_assessment(
            a.enterprise_id.clone(),
            kind(&a.kind),
            grid_year,
            options,
            sc,
        ));
    }
    let programme = match &query.programme_id {
        Some(id) => {
            sxsh_store::table::get_live::<sxsh_domain::model::Programme>(conn, id)?.map(|p| p.data)
        }
        None => None,
    };
    let targets = targets_for(reference, programme.as_ref(), query.year);
    Ok(report(reference, query, &rollup, &targets, uncomputed))
}

/// The computed economics and impacts of one stored option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredOptionResult {
    pub option_id: String,
    pub title: String,
    pub result: OptionCalcResult,
}

/// Computes every option of an assessment with the assessment's parameters, through the same
/// functions as [`option`].
pub(crate) fn assessment_options(
    store: &sxsh_store::Store,
    reference: &Reference,
    assessment_id: &str,
) -> Result<Vec<StoredOptionResult>> {
    use sxsh_domain::model::{Assessment, CpOption};
    let conn = store.conn();
    let a = sxsh_store::table::get_live::<Assessment>(conn, assessment_id)?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("assessment {assessment_id} not found"),
            )
        })?
        .data;
    let grid = assessment_grid(
        reference,
        a.grid_ef_year,
        a.custom_grid_ef,
        &a.custom_grid_ef_source,
    );
    sxsh_store::table::list_by::<CpOption>(conn, "assessment_id", assessment_id)?
        .into_iter()
        .map(|o| {
            let o = o.data;
            let input = OptionCalcInput {
                investment_vnd: o.investment_vnd,
                savings: o.savings.clone(),
                opex_change_vnd: o.opex_change_vnd,
                life_years: o.life_years.unwrap_or(a.life_years).clamp(1, 50) as u32,
                discount_rate: a.discount_rate,
                tax_rate: a.tax_rate,
                grid: Some(grid.clone()),
                gwp: None,
            };
            let result = option(reference, &input)
                .map_err(|e| e.prefixed(&format!("options[{}].", o.id)))?;
            Ok(StoredOptionResult {
                option_id: o.id,
                title: o.title,
                result,
            })
        })
        .collect()
}
