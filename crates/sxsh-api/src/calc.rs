//! Calculations as use cases: one option's economics and impacts, the options of a stored
//! assessment, and roll-ups over the store. Every number comes from `sxsh_domain::calc`.

pub use sxsh_domain::calc::FactorUsed;
pub use sxsh_domain::calc::econ::{Economics, Irr, Payback, SensitivityCase};
pub use sxsh_domain::calc::emissions::{GridChoice, Impact};
pub use sxsh_domain::calc::rollup::{Progress, RollupFigures, Savings, TargetStatus};

use crate::error::{ApiError, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use sxsh_domain::calc::CalcError;
use sxsh_domain::calc::econ::{self, EconInput, SavingLine};
use sxsh_domain::calc::emissions;
use sxsh_domain::calc::rollup::{Rollup, RollupOption, progress, technique_mask};
use sxsh_domain::model::{AssessmentKind, Resource, ResourceSaving};
use sxsh_domain::reference::{Reference, TargetItem, TargetSet};
use sxsh_domain::units::{Unit, convert, parse_unit};
use sxsh_domain::{FieldError, FieldErrorCode};

/// One option to compute, with its prices and parameters (`sxsh calc option --input`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
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
/// have none. Impacts are linear in quantity, so the impact of one unit is computed once per
/// (resource, fuel, unit, grid factor) and scaled.
pub(crate) struct ImpactCalc<'r> {
    reference: &'r Reference,
    gwp: Option<&'r sxsh_domain::reference::GwpSet>,
    per_unit: Vec<(Resource, String, String, f64, Option<i64>, Impact)>,
}

impl<'r> ImpactCalc<'r> {
    pub(crate) fn new(
        reference: &'r Reference,
        gwp: Option<&'r sxsh_domain::reference::GwpSet>,
    ) -> Self {
        ImpactCalc {
            reference,
            gwp,
            per_unit: Vec::new(),
        }
    }

    /// The impact of one unit of a saved resource (zero for water, material and money).
    pub(crate) fn per_unit(
        &mut self,
        resource: Resource,
        fuel_code: &str,
        unit: &str,
        grid: &FactorUsed,
    ) -> std::result::Result<&Impact, CalcError> {
        let found = self.per_unit.iter().position(|(r, f, u, g, y, _)| {
            *r == resource && f == fuel_code && u == unit && *g == grid.value && *y == grid.year
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
                        emissions::fuel(self.reference, fuel, 1.0, unit, self.gwp)?
                    }
                    _ => Impact::default(),
                };
                self.per_unit.push((
                    resource,
                    fuel_code.to_string(),
                    unit.to_string(),
                    grid.value,
                    grid.year,
                    one,
                ));
                self.per_unit.len() - 1
            }
        };
        Ok(&self.per_unit[i].5)
    }

    /// Impact of one saving line with `grid` for electricity, with the factors it used.
    pub(crate) fn saving(
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
        let one = self.per_unit(s.resource, &s.fuel_code, &s.unit, grid)?;
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
pub(crate) struct SavingView<'a> {
    resource: Resource,
    #[serde(default, borrow)]
    fuel_code: std::borrow::Cow<'a, str>,
    quantity: f64,
    #[serde(borrow)]
    unit: std::borrow::Cow<'a, str>,
    unit_price_vnd: Option<i64>,
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RollupQuery {
    pub programme_id: Option<String>,
    pub province: Option<String>,
    pub sector: Option<String>,
    pub year: Option<i64>,
    /// Count only options tagged with this technique code.
    pub technique: Option<String>,
}

/// Options of one technique.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TechniqueLine {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub identified: usize,
    pub selected: usize,
    pub implemented: usize,
}

/// A warning attached to a roll-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RollupWarning {
    /// `MIXED_GRID_FACTORS`, `UNCOMPUTED_OPTIONS`.
    pub code: String,
    pub message: String,
}

/// A roll-up as hosts show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RollupReport {
    pub query: RollupQuery,
    /// Counts and savings; flattened, so the JSON keeps one level.
    #[serde(flatten)]
    pub figures: RollupFigures,
    pub applying_share_pct: Option<f64>,
    pub avg_sc_cut_pct: Option<f64>,
    pub by_technique: Vec<TechniqueLine>,
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
        figures: r.figures(),
        applying_share_pct: r.applying_share_pct(),
        avg_sc_cut_pct: r.avg_sc_cut_pct(),
        by_technique: reference
            .techniques
            .iter()
            .map(|t| {
                let c = r.technique(&t.code);
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
        grid_years: r.grid_years.iter().copied().collect(),
        custom_grid_factors: r.custom_grid_factors,
        progress: targets.iter().flat_map(|t| progress(r, t)).collect(),
        warnings,
    }
}

/// Builds the roll-up input of one option. Returns it and how many saving lines could not be
/// turned into quantities, energy or emissions.
pub(crate) fn rollup_option(
    calc: &mut ImpactCalc,
    grid: &FactorUsed,
    techniques: u8,
    selected: bool,
    implemented: bool,
    econ_in: &EconInput,
    savings: &[SavingView],
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
        let Ok(unit) = parse_unit(&s.unit) else {
            failed += 1;
            continue;
        };
        let target = match s.resource {
            Resource::Electricity => Some((Unit::Kwh, &mut o.electricity_kwh)),
            Resource::Water => Some((Unit::M3, &mut o.water_m3)),
            Resource::Material => Some((Unit::T, &mut o.material_t)),
            Resource::Fuel | Resource::Other => None,
        };
        if let Some((to, total)) = target {
            match convert(s.quantity, unit, to) {
                Ok(x) => *total += x,
                Err(_) => failed += 1,
            }
        }
        if s.resource == Resource::Fuel
            && let Ok(t) = convert(s.quantity, unit, Unit::T)
        {
            sxsh_domain::calc::rollup::add_fuel(&mut o.fuel_t, &s.fuel_code, t);
        }
        match calc.per_unit(s.resource, &s.fuel_code, &s.unit, grid) {
            Ok(one) => {
                o.toe += one.toe * s.quantity;
                o.tco2 += one.tco2 * s.quantity;
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

/// FNV-1a: a fast hash for the many short id strings of a roll-up (no untrusted keys here).
#[derive(Default)]
struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Fnv = std::hash::BuildHasherDefault<FnvHasher>;

/// What a thread scanning options for a roll-up shares with the others (all read-only).
struct OptionScan<'a> {
    reference: &'a Reference,
    rows: &'a [sxsh_store::repo::assessments::RollupRow],
    index: &'a HashMap<&'a str, usize, Fnv>,
    grids: &'a [FactorUsed],
    grid_of: &'a [usize],
    only: Option<u8>,
}

impl OptionScan<'_> {
    /// Folds the options with rowid in `[first, last]` into a roll-up of options only; returns it
    /// and the number of saving lines that could not be computed.
    fn scan(
        &self,
        conn: &sxsh_store::Connection,
        first: i64,
        last: i64,
    ) -> Result<(Rollup, usize)> {
        let mut part = Rollup::default();
        let mut calc = ImpactCalc::new(self.reference, None);
        let mut uncomputed = 0;
        let mut lines: Vec<SavingLine> = Vec::new();
        sxsh_store::repo::options::for_each_rollup_row(conn, first, last, |o| {
            let Some(&i) = self.index.get(o.assessment_id) else {
                return;
            };
            let codes: Vec<std::borrow::Cow<str>> =
                serde_json::from_str(o.techniques).unwrap_or_default();
            let techniques = technique_mask(&codes);
            if self.only.is_some_and(|m| techniques & m == 0) {
                return;
            }
            let savings: Vec<SavingView> = serde_json::from_str(o.savings).unwrap_or_default();
            let a = &self.rows[i];
            lines.clear();
            lines.extend(savings.iter().map(|s| SavingLine {
                quantity: s.quantity,
                unit_price_vnd: s.unit_price_vnd.unwrap_or(0) as f64,
            }));
            let econ_in = EconInput {
                investment_vnd: o.investment_vnd as f64,
                savings: std::mem::take(&mut lines),
                opex_change_vnd: o.opex_change_vnd as f64,
                life_years: o.life_years.unwrap_or(a.life_years).clamp(1, 50) as u32,
                discount_rate: a.discount_rate,
                tax_rate: a.tax_rate,
            };
            let grid = &self.grids[self.grid_of[i]];
            let (ro, failed) = rollup_option(
                &mut calc,
                grid,
                techniques,
                o.selected,
                o.status == "done",
                &econ_in,
                &savings,
            );
            lines = econ_in.savings;
            uncomputed += failed;
            part.add_option(&a.enterprise_id, &ro);
        })?;
        Ok((part, uncomputed))
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
    let index: HashMap<&str, usize, Fnv> = rows
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();

    // Grid factor per assessment (few distinct ones; resolved once each).
    let mut grids: Vec<(GridChoice, FactorUsed)> = Vec::new();
    let mut grid_of = Vec::with_capacity(rows.len());
    for a in &rows {
        let choice = assessment_grid(
            reference,
            a.grid_ef_year,
            a.custom_grid_ef,
            &a.custom_grid_ef_source,
        );
        let at = match grids.iter().position(|(c, _)| *c == choice) {
            Some(at) => at,
            None => {
                let g = emissions::grid_factor(reference, &choice).unwrap_or_else(|_| FactorUsed {
                    name: "grid_ef".into(),
                    value: 0.0,
                    unit: "tCO2/MWh".into(),
                    year: a.grid_ef_year,
                    source: "missing".into(),
                    verified: false,
                });
                grids.push((choice, g));
                grids.len() - 1
            }
        };
        grid_of.push(at);
    }
    let grids: Vec<FactorUsed> = grids.into_iter().map(|(_, g)| g).collect();

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
    for (a, cut) in rows.iter().zip(&cuts) {
        let sc = (cut.1 > 0).then(|| cut.0 / cut.1 as f64);
        let grid_year = if a.custom_grid_ef.is_some() {
            None
        } else {
            Some(a.grid_ef_year.unwrap_or(reference.default_grid_year))
        };
        rollup.add_assessment(&a.enterprise_id, kind(&a.kind), grid_year, sc);
    }

    // Options: the table is split in two rowid ranges, read on two connections by two threads
    // (the machine has two cores); each folds its options into its own roll-up, then they merge.
    let only = query.technique.as_deref().map(|t| technique_mask(&[t]));
    let (first, last) = options::rowid_range(conn)?;
    let mid = first + (last - first) / 2;
    let ctx = OptionScan {
        reference,
        rows: &rows,
        index: &index,
        grids: &grids,
        grid_of: &grid_of,
        only,
    };
    let reader = store.open_reader()?;
    let (mine, theirs) = std::thread::scope(|scope| {
        let ctx = &ctx;
        let other = scope.spawn(move || ctx.scan(&reader, mid + 1, last));
        let mine = ctx.scan(conn, first, mid);
        (mine, other.join().expect("roll-up worker panicked"))
    });
    let (part_a, failed_a) = mine?;
    let (part_b, failed_b) = theirs?;
    rollup.merge(&part_a);
    rollup.merge(&part_b);
    let uncomputed = failed_a + failed_b;

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
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

/// A balance of one scope of an assessment: a process step, the focus steps together, or the
/// site (flows not tied to a step).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ScopeBalance {
    /// `step`, `focus` or `site`.
    pub scope: String,
    pub step_id: Option<String>,
    pub name: String,
    /// Materials, products, by-products, solid waste and losses, in t.
    pub material: sxsh_domain::calc::balance::Balance,
    /// Water in and wastewater out, in m³.
    pub water: sxsh_domain::calc::balance::Balance,
}

/// A benchmark compared with a specific consumption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BenchmarkComparison {
    pub id: String,
    pub indicator_vi: String,
    pub indicator_en: String,
    /// The benchmark's unit as its source writes it (e.g. `kWh/t product`).
    pub unit: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Our value in the benchmark's unit.
    pub value: f64,
    pub position: sxsh_domain::calc::specific::BenchmarkPosition,
    pub source: String,
}

/// Specific consumption of one input against production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SpecificLine {
    /// Flow category: `electricity`, `water`, `fuel` or `raw_material`.
    pub category: String,
    /// Fuel code for fuels, else empty.
    pub fuel_code: String,
    /// Total input over the baseline, in the numerator unit.
    pub total: f64,
    pub value: f64,
    /// e.g. `kWh/t`.
    pub unit: String,
    pub benchmarks: Vec<BenchmarkComparison>,
}

/// The cost of one waste stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct WasteCostLine {
    pub waste_stream_id: String,
    pub name: String,
    pub cost: sxsh_domain::calc::waste::WasteCost,
}

/// Every figure of one stored assessment, computed by the calculation engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AssessmentCalcs {
    pub balances: Vec<ScopeBalance>,
    pub specific: Vec<SpecificLine>,
    pub waste_costs: Vec<WasteCostLine>,
    pub options: Vec<StoredOptionResult>,
}

/// Balances per step, for the focus and for the site; specific consumption of inputs per unit of
/// production (flows of the baseline period or per year) against the sector's benchmarks; cost of
/// each waste stream (electricity and water priced from the assessment's own flows); options.
pub(crate) fn assessment_calcs(
    store: &sxsh_store::Store,
    reference: &Reference,
    id: &str,
) -> Result<AssessmentCalcs> {
    use sxsh_domain::calc::balance::{BalanceFlow, balance};
    use sxsh_domain::calc::specific::{against_benchmark, specific_consumption};
    use sxsh_domain::calc::waste::{WasteCostInput, waste_cost};
    use sxsh_domain::model::{
        Assessment, Enterprise, Flow, FlowCategory, Period, ProcessStep, WasteStream,
    };
    use sxsh_domain::units::{Dimension, RatioUnit, convert_ratio};
    let conn = store.conn();
    let a = sxsh_store::table::get_live::<Assessment>(conn, id)?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("assessment {id} not found")))?
        .data;
    let sector = sxsh_store::table::get_live::<Enterprise>(conn, &a.enterprise_id)?
        .map(|e| e.data.sector)
        .unwrap_or_default();
    let steps: Vec<ProcessStep> =
        sxsh_store::table::list_by::<ProcessStep>(conn, "assessment_id", id)?
            .into_iter()
            .map(|s| s.data)
            .collect();
    let flows: Vec<Flow> = sxsh_store::table::list_by::<Flow>(conn, "assessment_id", id)?
        .into_iter()
        .map(|f| f.data)
        .collect();

    let material = |c: FlowCategory| {
        matches!(
            c,
            FlowCategory::RawMaterial
                | FlowCategory::Auxiliary
                | FlowCategory::Product
                | FlowCategory::ByProduct
                | FlowCategory::SolidWaste
                | FlowCategory::Loss
        )
    };
    let water = |c: FlowCategory| matches!(c, FlowCategory::Water | FlowCategory::Wastewater);
    let scope = |scope: &str,
                 step_id: Option<String>,
                 name: String,
                 pick: &dyn Fn(&Flow) -> bool|
     -> Result<ScopeBalance> {
        let of = |keep: &dyn Fn(FlowCategory) -> bool| -> Vec<BalanceFlow> {
            flows
                .iter()
                .filter(|f| pick(f) && keep(f.category))
                .map(|f| BalanceFlow {
                    name: f.name.clone(),
                    direction: f.direction,
                    quantity: f.quantity,
                    unit: f.unit.clone(),
                })
                .collect()
        };
        let internal = |e: CalcError| ApiError::new(ErrorCode::Internal, e.to_string());
        Ok(ScopeBalance {
            scope: scope.into(),
            step_id,
            name,
            material: balance(&of(&material), "t").map_err(internal)?,
            water: balance(&of(&water), "m3").map_err(internal)?,
        })
    };
    let mut balances = Vec::new();
    let mut ordered = steps.clone();
    ordered.sort_by_key(|s| s.seq);
    for s in &ordered {
        if flows
            .iter()
            .any(|f| f.step_id.as_deref() == Some(s.id.as_str()))
        {
            balances.push(scope(
                "step",
                Some(s.id.clone()),
                s.name.clone(),
                &|f: &Flow| f.step_id.as_deref() == Some(s.id.as_str()),
            )?);
        }
    }
    let focus: Vec<&str> = steps
        .iter()
        .filter(|s| s.is_focus)
        .map(|s| s.id.as_str())
        .collect();
    if !focus.is_empty() {
        let names = ordered
            .iter()
            .filter(|s| s.is_focus)
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
            .join(", ");
        balances.push(scope("focus", None, names, &|f: &Flow| {
            f.step_id.as_deref().is_some_and(|s| focus.contains(&s))
        })?);
    }
    if flows.iter().any(|f| f.step_id.is_none()) {
        balances.push(scope("site", None, String::new(), &|f: &Flow| {
            f.step_id.is_none()
        })?);
    }

    // Specific consumption over the production of the baseline: utilities (electricity, water,
    // each fuel) summed over every input flow of the site and the steps, since utilities are not
    // passed between steps; raw materials from site-level flows, or else from the first step
    // (later steps take in what earlier ones put out). Flows per year or per baseline only.
    let mut specific = Vec::new();
    let first_step = ordered.first().map(|s| s.id.as_str());
    let site_raw = flows
        .iter()
        .any(|f| f.step_id.is_none() && f.category == FlowCategory::RawMaterial);
    let mut totals: Vec<(FlowCategory, String, &'static str, f64)> = Vec::new();
    for f in &flows {
        let raw_ok = if site_raw {
            f.step_id.is_none()
        } else {
            f.step_id.as_deref() == first_step
        };
        let counted = f.direction == sxsh_domain::model::Direction::In
            && matches!(f.period, Period::Year | Period::Baseline)
            && match f.category {
                FlowCategory::Electricity | FlowCategory::Fuel | FlowCategory::Water => true,
                FlowCategory::RawMaterial => raw_ok,
                _ => false,
            };
        let Some(unit) = counted.then(|| Unit::parse(&f.unit)).flatten() else {
            continue;
        };
        let (num, to) = match unit.dimension() {
            Dimension::Energy => ("kWh", Unit::Kwh),
            Dimension::Volume => ("m3", Unit::M3),
            Dimension::Mass => ("t", Unit::T),
            _ => continue,
        };
        let Ok(q) = convert(f.quantity, unit, to) else {
            continue;
        };
        let fuel = if f.category == FlowCategory::Fuel {
            f.fuel_code.clone()
        } else {
            String::new()
        };
        match totals
            .iter_mut()
            .find(|t| t.0 == f.category && t.1 == fuel && t.2 == num)
        {
            Some(t) => t.3 += q,
            None => totals.push((f.category, fuel, num, q)),
        }
    }
    if let Some(production) = a.production_volume.filter(|p| *p > 0.0) {
        for (category, fuel_code, num, total) in totals {
            let unit = format!("{num}/{}", a.production_unit);
            let Ok(value) = specific_consumption(total, num, production, &a.production_unit, &unit)
            else {
                continue;
            };
            let ours = RatioUnit::parse(&unit);
            let benchmarks = reference
                .benchmarks
                .iter()
                .filter(|b| b.sector == sector)
                .filter_map(|b| {
                    let their = RatioUnit::parse(b.unit.split_whitespace().next()?)?;
                    let v = convert_ratio(value, ours?, their).ok()?;
                    let (min, max) = match (b.value, b.min, b.max) {
                        (Some(x), None, None) => (None, Some(x)),
                        (_, lo, hi) => (lo, hi),
                    };
                    let position = against_benchmark(v, min, max).ok()?;
                    Some(BenchmarkComparison {
                        id: b.id.clone(),
                        indicator_vi: b.indicator_vi.clone(),
                        indicator_en: b.indicator_en.clone(),
                        unit: b.unit.clone(),
                        min,
                        max,
                        value: v,
                        position,
                        source: b.source.clone(),
                    })
                })
                .collect();
            specific.push(SpecificLine {
                category: category.code().to_string(),
                fuel_code,
                total,
                value,
                unit,
                benchmarks,
            });
        }
    }

    // Waste streams, with electricity and water priced from the assessment's own input flows.
    let price_of = |c: FlowCategory| {
        flows
            .iter()
            .find(|f| {
                f.category == c
                    && f.direction == sxsh_domain::model::Direction::In
                    && f.unit_price_vnd.is_some()
            })
            .and_then(|f| {
                let per = match c {
                    FlowCategory::Electricity => {
                        convert(1.0, Unit::Kwh, Unit::parse(&f.unit)?).ok()?
                    }
                    _ => convert(1.0, Unit::M3, Unit::parse(&f.unit)?).ok()?,
                };
                Some(f.unit_price_vnd? as f64 * per)
            })
    };
    let (kwh_price, water_price) = (
        price_of(FlowCategory::Electricity),
        price_of(FlowCategory::Water),
    );
    let mut waste_costs = Vec::new();
    for w in sxsh_store::table::list_by::<WasteStream>(conn, "assessment_id", id)? {
        let w = w.data;
        let cost = waste_cost(&WasteCostInput {
            quantity: w.quantity,
            material_value_per_unit_vnd: w.material_value_per_unit_vnd.map(|x| x as f64),
            embedded_energy_kwh: w.embedded_energy_kwh,
            electricity_price_vnd_per_kwh: kwh_price,
            embedded_water_m3: w.embedded_water_m3,
            water_price_vnd_per_m3: water_price,
            treatment_vnd: w.treatment_cost_vnd.map(|x| x as f64),
            disposal_vnd: w.disposal_cost_vnd.map(|x| x as f64),
            fees_vnd: w.fees_vnd.map(|x| x as f64),
        })
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        waste_costs.push(WasteCostLine {
            waste_stream_id: w.id,
            name: w.name,
            cost,
        });
    }
    Ok(AssessmentCalcs {
        balances,
        specific,
        waste_costs,
        options: assessment_options(store, reference, id)?,
    })
}
