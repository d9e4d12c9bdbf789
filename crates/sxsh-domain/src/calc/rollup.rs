//! Roll-up of a set of assessments for a programme office: counts, savings, investment,
//! options by technique, grid-factor years used, and progress against targets.
//!
//! A roll-up is additive: the roll-up of two disjoint sets of assessments, [`Rollup::merge`]d,
//! equals the roll-up of their union (enterprises are counted once through sets; averages are
//! kept as sums and counts).

use crate::model::{AssessmentKind, TECHNIQUE_CODES};
use crate::reference::TargetSet;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Annual savings of a set of options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Savings {
    pub options: usize,
    /// Whole VND: the sum of the options' own figures, so totals add up exactly in any order.
    /// Options whose investment is not known add nothing (they are counted apart).
    pub investment_vnd: i64,
    /// Options whose investment is not known.
    pub options_without_investment: usize,
    /// Annual net savings, whole VND.
    pub net_vnd: i64,
    /// Annual net savings of the options with a known investment, whole VND: what the
    /// aggregate payback divides by.
    pub net_with_investment_vnd: i64,
    pub electricity_kwh: f64,
    pub water_m3: f64,
    pub material_t: f64,
    /// Fuel saved per fuel code, t.
    pub fuel_t: BTreeMap<String, f64>,
    pub toe: f64,
    pub tco2: f64,
}

impl Savings {
    /// Aggregate payback: Σ investment / Σ annual net savings of the options with a known
    /// investment; not computable when none has one (an empty set included).
    pub fn payback(&self) -> crate::calc::econ::Payback {
        if self.options == self.options_without_investment {
            return crate::calc::econ::Payback::NoInvestment;
        }
        crate::calc::econ::payback(
            self.investment_vnd as f64,
            self.net_with_investment_vnd as f64,
        )
    }

    pub(crate) fn add(&mut self, o: &RollupOption) {
        self.options += 1;
        match o.investment_vnd {
            Some(i) => {
                self.investment_vnd += i;
                self.net_with_investment_vnd += o.annual_net_savings_vnd;
            }
            None => self.options_without_investment += 1,
        }
        self.net_vnd += o.annual_net_savings_vnd;
        self.electricity_kwh += o.electricity_kwh;
        self.water_m3 += o.water_m3;
        self.material_t += o.material_t;
        for (k, v) in &o.fuel_t {
            add_fuel(&mut self.fuel_t, k, *v);
        }
        self.toe += o.toe;
        self.tco2 += o.tco2;
    }

    pub(crate) fn merge(&mut self, other: &Savings) {
        self.options += other.options;
        self.investment_vnd += other.investment_vnd;
        self.options_without_investment += other.options_without_investment;
        self.net_vnd += other.net_vnd;
        self.net_with_investment_vnd += other.net_with_investment_vnd;
        self.electricity_kwh += other.electricity_kwh;
        self.water_m3 += other.water_m3;
        self.material_t += other.material_t;
        for (k, v) in &other.fuel_t {
            add_fuel(&mut self.fuel_t, k, *v);
        }
        self.toe += other.toe;
        self.tco2 += other.tco2;
    }
}

/// Inserts `id` into a set, allocating only when it is new.
fn insert(set: &mut BTreeSet<String>, id: &str) {
    if !set.contains(id) {
        set.insert(id.to_string());
    }
}

/// Adds `t` tonnes of `fuel` to a per-fuel total, allocating the key only the first time.
pub fn add_fuel(totals: &mut BTreeMap<String, f64>, fuel: &str, t: f64) {
    match totals.get_mut(fuel) {
        Some(v) => *v += t,
        None => {
            totals.insert(fuel.to_string(), t);
        }
    }
}

/// The bit of each technique code (`TECHNIQUE_CODES[i]` ↔ bit i) in [`RollupOption::techniques`].
pub fn technique_mask<S: AsRef<str>>(codes: &[S]) -> u8 {
    codes
        .iter()
        .filter_map(|c| TECHNIQUE_CODES.iter().position(|t| *t == c.as_ref()))
        .fold(0, |m, i| m | (1 << i))
}

/// One option as the roll-up sees it (computed by the engine beforehand).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RollupOption {
    /// CP techniques as a bit set, see [`technique_mask`].
    pub techniques: u8,
    pub selected: bool,
    /// Status `done`.
    pub implemented: bool,
    /// Screened out (NV9 `reject`): not counted as identified, nor in any saving.
    pub rejected: bool,
    /// None when not known.
    pub investment_vnd: Option<i64>,
    /// Whole VND, as the option's own economics show it.
    pub annual_net_savings_vnd: i64,
    /// Net quantities: a resource the option uses more of (a fuel switch's new fuel) counts
    /// negative.
    pub electricity_kwh: f64,
    pub water_m3: f64,
    pub material_t: f64,
    /// Net fuel saved per fuel code, t (negative for the fuel a switch adds).
    pub fuel_t: BTreeMap<String, f64>,
    pub toe: f64,
    pub tco2: f64,
}

/// One assessment as the roll-up sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RollupAssessment {
    pub enterprise_id: String,
    pub kind: AssessmentKind,
    /// Grid-factor data year used for its electricity; none for a custom factor.
    pub grid_year: Option<i64>,
    pub options: Vec<RollupOption>,
    /// Measured cut in specific consumption, % (mean over its monitored ratio indicators).
    pub sc_cut_pct: Option<f64>,
}

/// Options identified, selected and implemented.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OptionCounts {
    pub identified: usize,
    pub selected: usize,
    pub implemented: usize,
    /// Screened out (NV9): kept apart from the identified ones.
    #[serde(default)]
    pub rejected: usize,
}

impl OptionCounts {
    /// The counts of one option: rejected at screening, or identified (and maybe selected
    /// and implemented).
    pub(crate) fn of(o: &RollupOption) -> OptionCounts {
        if o.rejected {
            OptionCounts {
                rejected: 1,
                ..Default::default()
            }
        } else {
            OptionCounts {
                identified: 1,
                selected: usize::from(o.selected),
                implemented: usize::from(o.implemented),
                rejected: 0,
            }
        }
    }

    pub(crate) fn merge(&mut self, o: &OptionCounts) {
        self.identified += o.identified;
        self.selected += o.selected;
        self.implemented += o.implemented;
        self.rejected += o.rejected;
    }
}

/// The roll-up of a set of assessments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Rollup {
    pub assessments: usize,
    pub quick_assessments: usize,
    pub detailed_assessments: usize,
    pub enterprises: BTreeSet<String>,
    pub enterprises_quick: BTreeSet<String>,
    pub enterprises_detailed: BTreeSet<String>,
    /// Enterprises with at least one implemented option: they apply CP.
    pub enterprises_applying: BTreeSet<String>,
    pub options: OptionCounts,
    /// Options per technique, in the order of `TECHNIQUE_CODES` (an option with two
    /// techniques counts under both).
    pub by_technique: [OptionCounts; 8],
    /// Savings of every identified option (potential).
    pub identified: Savings,
    /// Savings of implemented options (achieved).
    pub implemented: Savings,
    pub grid_years: BTreeSet<i64>,
    /// Assessments using a custom grid factor.
    pub custom_grid_factors: usize,
    pub sc_cut_sum_pct: f64,
    pub sc_cut_count: usize,
}

/// The headline figures of a roll-up (counts of sets instead of the sets), as hosts and
/// reports show them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RollupFigures {
    pub assessments: usize,
    pub quick_assessments: usize,
    pub detailed_assessments: usize,
    pub enterprises: usize,
    pub enterprises_with_quick: usize,
    pub enterprises_with_detailed: usize,
    pub enterprises_applying_cp: usize,
    pub options_identified: usize,
    pub options_selected: usize,
    pub options_implemented: usize,
    /// Screened out, not in `options_identified`.
    pub options_rejected: usize,
    pub identified: Savings,
    pub implemented: Savings,
}

impl Rollup {
    /// The headline figures of this roll-up.
    pub fn figures(&self) -> RollupFigures {
        RollupFigures {
            assessments: self.assessments,
            quick_assessments: self.quick_assessments,
            detailed_assessments: self.detailed_assessments,
            enterprises: self.enterprises.len(),
            enterprises_with_quick: self.enterprises_quick.len(),
            enterprises_with_detailed: self.enterprises_detailed.len(),
            enterprises_applying_cp: self.enterprises_applying.len(),
            options_identified: self.options.identified,
            options_selected: self.options.selected,
            options_implemented: self.options.implemented,
            options_rejected: self.options.rejected,
            identified: self.identified.clone(),
            implemented: self.implemented.clone(),
        }
    }

    /// Rolls up `assessments`.
    pub fn of(assessments: &[RollupAssessment]) -> Rollup {
        let mut r = Rollup::default();
        for a in assessments {
            r.add(a);
        }
        r
    }

    /// Adds one assessment with its options.
    pub fn add(&mut self, a: &RollupAssessment) {
        self.add_assessment(&a.enterprise_id, a.kind, a.grid_year, a.sc_cut_pct);
        for o in &a.options {
            self.add_option(&a.enterprise_id, o);
        }
    }

    /// Adds an assessment without its options (add those with [`Rollup::add_option`], possibly
    /// into another roll-up that is merged later).
    pub fn add_assessment(
        &mut self,
        enterprise_id: &str,
        kind: AssessmentKind,
        grid_year: Option<i64>,
        sc_cut_pct: Option<f64>,
    ) {
        self.assessments += 1;
        insert(&mut self.enterprises, enterprise_id);
        match kind {
            AssessmentKind::Quick => {
                self.quick_assessments += 1;
                insert(&mut self.enterprises_quick, enterprise_id);
            }
            AssessmentKind::Detailed => {
                self.detailed_assessments += 1;
                insert(&mut self.enterprises_detailed, enterprise_id);
            }
        }
        match grid_year {
            Some(y) => {
                self.grid_years.insert(y);
            }
            None => self.custom_grid_factors += 1,
        }
        if let Some(c) = sc_cut_pct {
            self.sc_cut_sum_pct += c;
            self.sc_cut_count += 1;
        }
    }

    /// Adds one option of an assessment of `enterprise_id`.
    pub fn add_option(&mut self, enterprise_id: &str, o: &RollupOption) {
        let counts = OptionCounts::of(o);
        self.options.merge(&counts);
        for (i, c) in self.by_technique.iter_mut().enumerate() {
            if o.techniques & (1 << i) != 0 {
                c.merge(&counts);
            }
        }
        if o.rejected {
            return;
        }
        self.identified.add(o);
        if o.implemented {
            self.implemented.add(o);
            insert(&mut self.enterprises_applying, enterprise_id);
        }
    }

    /// Adds another roll-up of a disjoint set of assessments.
    pub fn merge(&mut self, o: &Rollup) {
        self.enterprises.extend(o.enterprises.iter().cloned());
        self.enterprises_quick
            .extend(o.enterprises_quick.iter().cloned());
        self.enterprises_detailed
            .extend(o.enterprises_detailed.iter().cloned());
        self.enterprises_applying
            .extend(o.enterprises_applying.iter().cloned());
        self.merge_counts(o);
    }

    /// Merges everything of `o` but its sets of enterprises: counts, savings, grid years (a
    /// host that keeps the enterprises apart, as a server's read model does, fills the sets
    /// once at the end).
    pub fn merge_counts(&mut self, o: &Rollup) {
        self.assessments += o.assessments;
        self.quick_assessments += o.quick_assessments;
        self.detailed_assessments += o.detailed_assessments;
        self.options.merge(&o.options);
        for (mine, theirs) in self.by_technique.iter_mut().zip(&o.by_technique) {
            mine.merge(theirs);
        }
        self.identified.merge(&o.identified);
        self.implemented.merge(&o.implemented);
        self.grid_years.extend(o.grid_years.iter().copied());
        self.custom_grid_factors += o.custom_grid_factors;
        self.sc_cut_sum_pct += o.sc_cut_sum_pct;
        self.sc_cut_count += o.sc_cut_count;
    }

    /// Options of one technique code (zero for an unknown code).
    pub fn technique(&self, code: &str) -> OptionCounts {
        TECHNIQUE_CODES
            .iter()
            .position(|t| *t == code)
            .map(|i| self.by_technique[i])
            .unwrap_or_default()
    }

    /// True when the set mixes grid-factor years (or years and custom factors): its tCO2 total
    /// then adds figures made with different factors, and must say so.
    pub fn mixes_grid_factors(&self) -> bool {
        self.grid_years.len() + usize::from(self.custom_grid_factors > 0) > 1
    }

    /// Mean measured cut in specific consumption, %.
    pub fn avg_sc_cut_pct(&self) -> Option<f64> {
        (self.sc_cut_count > 0).then(|| self.sc_cut_sum_pct / self.sc_cut_count as f64)
    }

    /// Share of the enterprises in the set that apply CP, %.
    pub fn applying_share_pct(&self) -> Option<f64> {
        (!self.enterprises.is_empty())
            .then(|| self.enterprises_applying.len() as f64 / self.enterprises.len() as f64 * 100.0)
    }
}

/// Where a figure stands against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    Below,
    Within,
    Met,
    Above,
    NoData,
}

/// Progress of a roll-up against one target indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Progress {
    pub target_set: String,
    pub code: String,
    pub indicator_vi: String,
    pub indicator_en: String,
    pub actual: Option<f64>,
    pub target_min: Option<f64>,
    pub target_max: Option<f64>,
    /// The target's unit: `%` for shares, else a count's (e.g. enterprises).
    #[serde(default)]
    pub unit: String,
    pub status: TargetStatus,
}

/// Compares the roll-up and its outreach figures with a target set: the share of enterprises
/// applying CP (`apply_pct`), the share of surveyed enterprises aware of CP (`aware_pct`),
/// the enterprises with a quick / a detailed assessment (`quick_assessments_min`,
/// `detailed_assessments`), the share of extension officers trained
/// (`extension_staff_trained_pct`), each met when actual ≥ target, and the mean cut in
/// specific consumption against saving bands (`saving_pct`, e.g. 5–8 % or 8–13 %: below,
/// within or above the band). Targets it has no figure for are left out.
pub fn progress(
    r: &Rollup,
    outreach: &super::outreach::Outreach,
    targets: &TargetSet,
) -> Vec<Progress> {
    let mut out = Vec::new();
    for t in &targets.targets {
        let at_least = t.value.or(t.min);
        let (actual, min, max) = match (t.code.as_str(), t.kind.as_str()) {
            ("apply_pct", _) => (r.applying_share_pct(), at_least, None),
            ("aware_pct", _) => (outreach.aware_share_pct, at_least, None),
            ("quick_assessments_min", _) => {
                (Some(r.enterprises_quick.len() as f64), at_least, None)
            }
            ("detailed_assessments", _) => {
                (Some(r.enterprises_detailed.len() as f64), at_least, None)
            }
            ("extension_staff_trained_pct" | "cp_staff_trained_pct", _) => {
                (outreach.extension_staff_trained_pct, at_least, None)
            }
            (code, "percent_range") if code.contains("saving") || code.contains("reduction") => {
                (r.avg_sc_cut_pct(), t.min, t.max)
            }
            _ => continue,
        };
        let status = match (actual, min, max) {
            (None, ..) => TargetStatus::NoData,
            (Some(a), Some(lo), None) => {
                if a >= lo {
                    TargetStatus::Met
                } else {
                    TargetStatus::Below
                }
            }
            (Some(a), Some(lo), Some(hi)) => {
                if a < lo {
                    TargetStatus::Below
                } else if a > hi {
                    TargetStatus::Above
                } else {
                    TargetStatus::Within
                }
            }
            (Some(_), None, _) => TargetStatus::NoData,
        };
        out.push(Progress {
            target_set: targets.id.clone(),
            code: t.code.clone(),
            indicator_vi: t.indicator_vi.clone(),
            indicator_en: t.indicator_en.clone(),
            actual,
            target_min: min,
            target_max: max,
            unit: t.unit.clone(),
            status,
        });
    }
    out
}
