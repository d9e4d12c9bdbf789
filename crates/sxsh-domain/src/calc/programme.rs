//! Programme roll-ups: which assessments (the query), what is shown (the report) and the run
//! over a [`Repository`], the same on a device and on the office server.

use super::FactorUsed;
use super::breakdown::{BreakdownSum, Breakdowns};
use super::econ::{self, EconInput, SavingLine};
use super::emissions::{self, GridChoice};
use super::option::{ImpactCalc, SavingView, assessment_grid};
use super::outreach::Outreach;
use super::rollup::{Progress, Rollup, RollupFigures, RollupOption, progress, technique_mask};
use crate::model::{ImplStatus, Resource, ReviewState, Screening};
use crate::reference::{Reference, TargetItem, TargetSet};
use crate::repo::{MonitoringRow, OptionRow, Repository, RollupAssessmentRow, RollupFilter};
use crate::units::{RatioUnit, Unit, convert, parse_unit};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Which assessments to roll up (`sxsh calc rollup`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RollupQuery {
    pub programme_id: Option<String>,
    /// The enterprises' areas (compared without accents or case); a lower level narrows the
    /// one above it.
    pub province: Option<String>,
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub commune: Option<String>,
    #[serde(default)]
    pub craft_village: Option<String>,
    pub sector: Option<String>,
    pub year: Option<i64>,
    /// Count only options tagged with this technique code.
    pub technique: Option<String>,
    /// Also give the savings with every electricity figure recomputed at this grid-factor
    /// year, beside the totals as recorded (each assessment at its own year).
    #[serde(default)]
    pub recompute_year: Option<i64>,
    /// Which assessments count by the programme office's review (all by default).
    #[serde(default)]
    pub review: ReviewScope,
}

impl RollupQuery {
    /// Whether its breakdowns give districts: a roll-up of one province or district.
    pub fn shows_districts(&self) -> bool {
        self.province.is_some() || self.district.is_some()
    }
}

/// Which assessments a roll-up counts by the office's review of them (`Review`): the official
/// figures count the approved ones; the office may include those still pending (received and
/// not reviewed yet, or sent back for changes). A rejected assessment counts only in `All`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewScope {
    /// Every assessment, reviewed or not (a device's own roll-up).
    #[default]
    All,
    /// Approved assessments only (the office's official figures).
    Approved,
    /// Approved, and those pending: not reviewed yet or sent back for changes.
    WithPending,
}

impl ReviewScope {
    /// Whether an assessment whose latest review is `state` (`None`: not reviewed) counts.
    pub fn counts(self, state: Option<ReviewState>) -> bool {
        match self {
            ReviewScope::All => true,
            ReviewScope::Approved => state == Some(ReviewState::Approved),
            ReviewScope::WithPending => state != Some(ReviewState::Rejected),
        }
    }

    /// The scope a query text names: `all`, `approved`, `with_pending`.
    pub fn parse(s: &str) -> Option<ReviewScope> {
        match s {
            "all" => Some(ReviewScope::All),
            "approved" => Some(ReviewScope::Approved),
            "with_pending" => Some(ReviewScope::WithPending),
            _ => None,
        }
    }
}

/// How far an enterprise has come with CP, by its assessments that are not rejected (the
/// enterprise list's "status"): none yet, a quick assessment, a detailed one, or at least one
/// option implemented (it applies CP, as the dashboard's share counts it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseStage {
    NotAssessed,
    Quick,
    Detailed,
    Applying,
}

impl EnterpriseStage {
    /// The stage of an enterprise whose assessments have the roll-ups `parts`, each with its
    /// latest review (`None`: not reviewed); rejected assessments do not count.
    pub fn of<'a>(parts: impl IntoIterator<Item = (&'a Rollup, Option<ReviewState>)>) -> Self {
        parts
            .into_iter()
            .filter(|(_, state)| ReviewScope::WithPending.counts(*state))
            .map(|(r, _)| {
                if !r.enterprises_applying.is_empty() {
                    EnterpriseStage::Applying
                } else if r.detailed_assessments > 0 {
                    EnterpriseStage::Detailed
                } else if r.quick_assessments > 0 {
                    EnterpriseStage::Quick
                } else {
                    EnterpriseStage::NotAssessed
                }
            })
            .max()
            .unwrap_or(EnterpriseStage::NotAssessed)
    }

    /// Every stage, from the first to the furthest.
    pub const ALL: [EnterpriseStage; 4] = [
        EnterpriseStage::NotAssessed,
        EnterpriseStage::Quick,
        EnterpriseStage::Detailed,
        EnterpriseStage::Applying,
    ];

    /// Its code, as serialized and as queries name it.
    pub fn code(self) -> &'static str {
        match self {
            EnterpriseStage::NotAssessed => "not_assessed",
            EnterpriseStage::Quick => "quick",
            EnterpriseStage::Detailed => "detailed",
            EnterpriseStage::Applying => "applying",
        }
    }

    /// The stage a code names.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.code() == s)
    }
}

/// How many of the assessments a roll-up's other filters select are in each review state,
/// whichever of them `review` then counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewCounts {
    /// Received, not reviewed yet ("mới nhận").
    pub received: usize,
    pub needs_changes: usize,
    pub approved: usize,
    pub rejected: usize,
}

impl ReviewCounts {
    /// Counts one assessment whose latest review is `state`.
    pub fn add(&mut self, state: Option<ReviewState>) {
        self.add_many(state, 1);
    }

    /// Counts `n` assessments whose latest review is `state`.
    pub fn add_many(&mut self, state: Option<ReviewState>, n: usize) {
        match state {
            None => self.received += n,
            Some(ReviewState::NeedsChanges) => self.needs_changes += n,
            Some(ReviewState::Approved) => self.approved += n,
            Some(ReviewState::Rejected) => self.rejected += n,
        }
    }
}

/// The savings of a roll-up with every assessment's electricity at one grid-factor year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Recomputed {
    pub year: i64,
    pub identified: crate::calc::rollup::Savings,
    pub implemented: crate::calc::rollup::Savings,
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
    /// With `query.recompute_year`: the savings at that year, beside those as recorded.
    #[serde(default)]
    pub recomputed: Option<Recomputed>,
    /// The review states of the assessments the other filters select (`query.review` says
    /// which of them the figures count).
    #[serde(default)]
    pub reviews: ReviewCounts,
    /// The office's records over the same filter: training, awareness surveys, support
    /// (not subject to the review of assessments).
    #[serde(default)]
    pub outreach: Outreach,
    /// The figures split by sector, district and year (each breakdown adds up to the totals).
    #[serde(default)]
    pub breakdowns: Breakdowns,
}

/// Target sets to compare with: the programme's own, else the national sets in force in `year`
/// (or the latest national set).
pub fn targets_for(
    reference: &Reference,
    programme: Option<&crate::model::Programme>,
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
        let at_least = |code: &str, kind: &str, value: Option<f64>, unit: &str| {
            value.map(|v| TargetItem {
                code: code.into(),
                indicator_vi: String::new(),
                indicator_en: String::new(),
                kind: kind.into(),
                value: Some(v),
                min: None,
                max: None,
                unit: unit.into(),
                verified: true,
            })
        };
        items.extend(
            [
                at_least("aware_pct", "percent_target", t.facilities_aware_pct, "%"),
                at_least(
                    "quick_assessments_min",
                    "count_min",
                    t.quick_assessments_min.map(|n| n as f64),
                    "enterprises",
                ),
                at_least(
                    "detailed_assessments",
                    "count_min",
                    t.detailed_assessments_min.map(|n| n as f64),
                    "enterprises",
                ),
                at_least(
                    "extension_staff_trained_pct",
                    "percent_target",
                    t.extension_staff_trained_pct,
                    "%",
                ),
            ]
            .into_iter()
            .flatten(),
        );
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
pub fn report(
    reference: &Reference,
    query: RollupQuery,
    r: &Rollup,
    outreach: Outreach,
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
        progress: targets
            .iter()
            .flat_map(|t| progress(r, &outreach, t))
            .collect(),
        warnings,
        recomputed: None,
        reviews: ReviewCounts::default(),
        outreach,
        breakdowns: Breakdowns::default(),
    }
}

/// Builds the roll-up input of one option from `o` (its techniques, selection, status and
/// screening already set): its investment, net savings, quantities, TOE and CO2. Returns it and
/// how many saving lines could not be turned into quantities, energy or emissions.
pub fn rollup_option(
    calc: &mut ImpactCalc,
    grid: &FactorUsed,
    mut o: RollupOption,
    econ_in: &EconInput,
    savings: &[SavingView],
) -> (RollupOption, usize) {
    let (_, _, net) = econ::annual_net_savings(econ_in);
    o.investment_vnd = econ_in.investment_vnd;
    o.annual_net_savings_vnd = econ::round_vnd(net);
    let mut failed = 0;
    for s in savings {
        let Ok(unit) = parse_unit(&s.unit) else {
            failed += 1;
            continue;
        };
        // An added resource (a fuel switch's new fuel) counts against the savings.
        let quantity = if s.added { -s.quantity } else { s.quantity };
        let target = match s.resource {
            Resource::Electricity => Some((Unit::Kwh, &mut o.electricity_kwh)),
            Resource::Water => Some((Unit::M3, &mut o.water_m3)),
            Resource::Material => Some((Unit::T, &mut o.material_t)),
            Resource::Fuel | Resource::Other => None,
        };
        if let Some((to, total)) = target {
            match convert(quantity, unit, to) {
                Ok(x) => *total += x,
                Err(_) => failed += 1,
            }
        }
        if s.resource == Resource::Fuel
            && let Ok(t) = convert(quantity, unit, Unit::T)
        {
            crate::calc::rollup::add_fuel(&mut o.fuel_t, &s.fuel_code, t);
        }
        match calc.per_unit(s.resource, &s.fuel_code, &s.coal_grade, &s.unit, grid) {
            Ok(one) => {
                o.toe += one.toe * quantity;
                o.tco2 += one.tco2 * quantity;
            }
            Err(_) => failed += 1,
        }
    }
    (o, failed)
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

/// What every worker folding options shares (all read-only).
struct OptionScan<'a> {
    reference: &'a Reference,
    rows: &'a [RollupAssessmentRow],
    index: &'a HashMap<&'a str, usize, Fnv>,
    grids: &'a [FactorUsed],
    grid_of: &'a [usize],
    only: Option<u8>,
    /// Whether options are also summed by the assessment's place (the breakdowns).
    breakdown: bool,
}

/// One worker's part of a roll-up: the options it folded, the saving lines it could not
/// compute, and its caches.
struct Part<'r> {
    rollup: Rollup,
    uncomputed: usize,
    calc: ImpactCalc<'r>,
    lines: Vec<SavingLine>,
    breakdown: BreakdownSum,
}

impl<'r> OptionScan<'r> {
    fn part(&self) -> Part<'r> {
        Part {
            rollup: Rollup::default(),
            uncomputed: 0,
            calc: ImpactCalc::new(self.reference, None),
            lines: Vec::new(),
            breakdown: BreakdownSum::default(),
        }
    }

    /// Folds one option into `part` (options of assessments outside the roll-up are skipped).
    fn fold(&self, part: &mut Part<'r>, o: OptionRow<'_>) {
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
        let mut lines = std::mem::take(&mut part.lines);
        lines.clear();
        lines.extend(savings.iter().map(|s| SavingLine {
            quantity: s.quantity,
            unit_price_vnd: s.unit_price_vnd.unwrap_or(0),
            added: s.added,
        }));
        let econ_in = EconInput {
            investment_vnd: o.investment_vnd,
            savings: lines,
            opex_change_vnd: o.opex_change_vnd,
            life_years: o.life_years.unwrap_or(a.life_years).clamp(1, 50) as u32,
            discount_rate: a.discount_rate,
            tax_rate: a.tax_rate,
            cash_flows_vnd: None,
            irr_trial_rates: None,
        };
        let grid = &self.grids[self.grid_of[i]];
        let implemented = ImplStatus::parse(o.status) == Some(ImplStatus::Done);
        let rejected = o.screening.and_then(Screening::parse) == Some(Screening::Reject);
        let base = RollupOption {
            techniques,
            selected: o.selected,
            implemented,
            rejected,
            ..Default::default()
        };
        let (ro, failed) = rollup_option(&mut part.calc, grid, base, &econ_in, &savings);
        part.lines = econ_in.savings;
        part.uncomputed += failed;
        part.rollup.add_option(&a.enterprise_id, &ro);
        if self.breakdown {
            part.breakdown.add_option(&a.place, &ro);
        }
    }
}

/// Rolls up the assessments of `repo` that match `query`: counts, savings, techniques, grid
/// years (a warning when they mix), the mean measured cut in specific consumption and progress
/// against the programme's targets (else the national ones in force).
pub fn rollup<R: Repository>(
    repo: &R,
    reference: &Reference,
    query: RollupQuery,
) -> Result<RollupReport, R::Error> {
    let filter = query.filter();
    // The office's review of each assessment: counted, then the scope asked for kept.
    let states: HashMap<String, ReviewState> = repo.rollup_reviews()?.into_iter().collect();
    let mut reviews = ReviewCounts::default();
    let rows: Vec<RollupAssessmentRow> = repo
        .rollup_assessments(&filter)?
        .into_iter()
        .filter(|a| {
            let state = states.get(&a.id).copied();
            reviews.add(state);
            query.review.counts(state)
        })
        .collect();
    let index: HashMap<&str, usize, Fnv> = rows
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();

    // Grid factor per assessment (few distinct ones; resolved once each).
    let mut grids: Vec<(GridChoice, FactorUsed)> = Vec::new();
    let mut grid_of = Vec::with_capacity(rows.len());
    for a in &rows {
        let choice = grid_choice(reference, a);
        let at = match grids.iter().position(|(c, _)| *c == choice) {
            Some(at) => at,
            None => {
                grids.push((choice.clone(), grid_factor(reference, &choice, a)));
                grids.len() - 1
            }
        };
        grid_of.push(at);
    }
    let grids: Vec<FactorUsed> = grids.into_iter().map(|(_, g)| g).collect();

    // Mean measured cut of monitored ratio indicators (e.g. kWh/t), per assessment.
    let mut cuts: Vec<(f64, usize)> = vec![(0.0, 0); rows.len()];
    for m in repo.rollup_monitoring()? {
        if let (Some(&i), Some(cut)) = (index.get(m.assessment_id.as_str()), cut_of(&m)) {
            cuts[i].0 += cut;
            cuts[i].1 += 1;
        }
    }
    let mut rollup = Rollup::default();
    let mut breakdown = BreakdownSum::default();
    for (a, cut) in rows.iter().zip(&cuts) {
        let sc = (cut.1 > 0).then(|| cut.0 / cut.1 as f64);
        rollup.add_assessment(&a.enterprise_id, a.kind, grid_year(reference, a), sc);
        breakdown.add_assessment(&a.place);
    }

    // Options: folded by the repository's workers, each into its own part, then merged.
    let only = query.technique.as_deref().map(|t| technique_mask(&[t]));
    let scan = OptionScan {
        reference,
        rows: &rows,
        index: &index,
        grids: &grids,
        grid_of: &grid_of,
        only,
        breakdown: true,
    };
    let parts = repo.fold_options(&|| scan.part(), &|part, o| scan.fold(part, o))?;
    let mut uncomputed = 0;
    for part in &parts {
        rollup.merge(&part.rollup);
        uncomputed += part.uncomputed;
        breakdown.merge(&part.breakdown);
    }
    // The same options again with every assessment at one grid year.
    let recomputed = match query.recompute_year {
        Some(year) => match emissions::grid_factor(reference, &GridChoice::Year { year }) {
            Ok(g) => {
                let one = [g];
                let at_year = vec![0; rows.len()];
                let scan = OptionScan {
                    grids: &one,
                    grid_of: &at_year,
                    breakdown: false,
                    ..scan
                };
                let parts = repo.fold_options(&|| scan.part(), &|part, o| scan.fold(part, o))?;
                let mut r = Rollup::default();
                for part in &parts {
                    r.merge(&part.rollup);
                }
                Some(Recomputed {
                    year,
                    identified: r.identified,
                    implemented: r.implemented,
                })
            }
            // No factor for that year: no recomputed figures (said by their absence).
            Err(_) => None,
        },
        None => None,
    };

    let programme = match &query.programme_id {
        Some(id) => repo.programme(id)?,
        None => None,
    };
    let districts = query.shows_districts();
    let mut out = finish(
        reference,
        query,
        &rollup,
        uncomputed,
        programme.as_ref(),
        &repo.office_records()?,
    );
    out.recomputed = recomputed;
    out.reviews = reviews;
    out.breakdowns = breakdown.finish(districts);
    Ok(out)
}

/// The report of a roll-up made: its targets (the programme's own, else the national ones),
/// the outreach figures of the office's records over the same filter, progress and warnings.
pub fn finish(
    reference: &Reference,
    query: RollupQuery,
    rollup: &Rollup,
    uncomputed: usize,
    programme: Option<&crate::model::Programme>,
    records: &crate::repo::OfficeRecords,
) -> RollupReport {
    let targets = targets_for(reference, programme, query.year);
    let outreach = super::outreach::outreach(
        records,
        &query.filter(),
        programme.and_then(|p| p.targets.extension_staff),
    );
    report(reference, query, rollup, outreach, &targets, uncomputed)
}

impl RollupQuery {
    /// The assessments (and records) the query's filters select.
    pub fn filter(&self) -> RollupFilter {
        RollupFilter {
            programme_id: self.programme_id.clone(),
            province: self.province.clone(),
            district: self.district.clone(),
            commune: self.commune.clone(),
            craft_village: self.craft_village.clone(),
            sector: self.sector.clone(),
            year: self.year,
        }
        .folded()
    }
}

/// Which grid factor assessment `a` uses.
fn grid_choice(reference: &Reference, a: &RollupAssessmentRow) -> GridChoice {
    assessment_grid(
        reference,
        a.grid_ef_year,
        a.custom_grid_ef,
        &a.custom_grid_ef_source,
    )
}

/// The factor of `choice` (a zero factor named "missing" when the reference has none).
fn grid_factor(reference: &Reference, choice: &GridChoice, a: &RollupAssessmentRow) -> FactorUsed {
    emissions::grid_factor(reference, choice).unwrap_or_else(|_| FactorUsed {
        name: "grid_ef".into(),
        value: 0.0,
        unit: "tCO2/MWh".into(),
        year: a.grid_ef_year,
        source: "missing".into(),
        verified: false,
    })
}

/// The grid-factor year a roll-up lists for `a`; none for a custom factor.
fn grid_year(reference: &Reference, a: &RollupAssessmentRow) -> Option<i64> {
    if a.custom_grid_ef.is_some() {
        None
    } else {
        Some(a.grid_ef_year.unwrap_or(reference.default_grid_year))
    }
}

/// The measured cut in specific consumption of a monitored ratio indicator (e.g. kWh/t), %.
fn cut_of(m: &MonitoringRow) -> Option<f64> {
    (RatioUnit::parse(&m.unit).is_some() && m.baseline > 0.0)
        .then(|| (m.baseline - m.after) / m.baseline * 100.0)
}

/// One assessment's share of every roll-up that counts it: the roll-up of that assessment
/// alone and its saving lines that could not be computed. Roll-ups are additive, so a
/// server can keep one per assessment and [`Rollup::merge`] those a query selects (only a
/// query by technique or recomputed at one grid year needs the options again).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssessmentPart {
    pub rollup: Rollup,
    pub uncomputed: usize,
}

/// The part of assessment `a`, from its live monitoring records and options.
pub fn assessment_part(
    reference: &Reference,
    a: &RollupAssessmentRow,
    monitoring: &[MonitoringRow],
    options: &[OptionRow<'_>],
) -> AssessmentPart {
    let index: HashMap<&str, usize, Fnv> = [(a.id.as_str(), 0)].into_iter().collect();
    let choice = grid_choice(reference, a);
    let grids = [grid_factor(reference, &choice, a)];
    let scan = OptionScan {
        reference,
        rows: std::slice::from_ref(a),
        index: &index,
        grids: &grids,
        grid_of: &[0],
        only: None,
        breakdown: false,
    };
    let cuts: Vec<f64> = monitoring.iter().filter_map(cut_of).collect();
    let sc = (!cuts.is_empty()).then(|| cuts.iter().sum::<f64>() / cuts.len() as f64);
    let mut part = scan.part();
    part.rollup
        .add_assessment(&a.enterprise_id, a.kind, grid_year(reference, a), sc);
    for o in options {
        scan.fold(&mut part, *o);
    }
    AssessmentPart {
        rollup: part.rollup,
        uncomputed: part.uncomputed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One assessment's roll-up: quick or detailed, with or without an implemented option.
    fn part(detailed: bool, applying: bool) -> Rollup {
        let mut r = Rollup {
            assessments: 1,
            ..Rollup::default()
        };
        if detailed {
            r.detailed_assessments = 1;
        } else {
            r.quick_assessments = 1;
        }
        if applying {
            r.enterprises_applying.insert("e1".into());
        }
        r
    }

    #[test]
    fn an_enterprises_stage_is_the_furthest_of_its_assessments_not_rejected() {
        use EnterpriseStage::*;
        let (quick, detailed, applying) = (part(false, false), part(true, false), part(true, true));
        assert_eq!(EnterpriseStage::of([]), NotAssessed);
        assert_eq!(EnterpriseStage::of([(&quick, None)]), Quick);
        assert_eq!(
            EnterpriseStage::of([(&quick, Some(ReviewState::Approved)), (&detailed, None)]),
            Detailed
        );
        // A quick assessment whose option was implemented: the enterprise applies CP.
        assert_eq!(
            EnterpriseStage::of([(&part(false, true), Some(ReviewState::NeedsChanges))]),
            Applying
        );
        // A rejected assessment does not move the enterprise on.
        assert_eq!(
            EnterpriseStage::of([
                (&applying, Some(ReviewState::Rejected)),
                (&quick, Some(ReviewState::Approved))
            ]),
            Quick
        );
        assert_eq!(
            EnterpriseStage::of([(&detailed, Some(ReviewState::Rejected))]),
            NotAssessed
        );
        assert_eq!(EnterpriseStage::parse("applying"), Some(Applying));
        assert_eq!(EnterpriseStage::parse("not_assessed"), Some(NotAssessed));
        assert_eq!(EnterpriseStage::parse("Applying"), None);
        for st in EnterpriseStage::ALL {
            assert_eq!(serde_json::to_value(st).unwrap(), st.code());
        }
    }
}
