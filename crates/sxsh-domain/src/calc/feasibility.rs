//! The figures of the feasibility, selection and monitoring worksheets of a detailed assessment:
//! each option's weighted selection score and rank (NV13); each resource an option changes,
//! before and after, with its tCO2 and the factors' year and source (NV12); and each monitored
//! indicator's realised saving beside the saving its option expected (NV16).

use super::FactorUsed;
use super::emissions::grid_factor;
use super::energy::{MonitoringFigure, monitoring_figure};
use super::option::{ImpactCalc, assessment_grid};
use crate::model::{
    Assessment, CpOption, Direction, Flow, FlowCategory, MonitoringRecord, Period, Resource,
    Screening,
};
use crate::reference::Reference;
use crate::units::{RatioUnit, Unit, convert};
use serde::{Deserialize, Serialize};

/// An option's place in the weighted selection (NV13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct OptionRank {
    pub option_id: String,
    /// Σ weightᵢ · scoreᵢ / Σ weightᵢ over the criteria, 0–10; none until the option is scored
    /// on every criterion.
    pub score: Option<f64>,
    /// 1 for the highest score; equal scores share a rank; none when not scored.
    pub rank: Option<usize>,
    /// Criteria the option has no score for yet, by criterion id.
    pub unscored: Vec<String>,
}

/// The options not rejected at screening, scored against the assessment's criteria: ranked
/// ones first (highest score first), then those not fully scored, in their stored order.
/// Empty when the assessment has no criteria.
pub fn selection_ranking(a: &Assessment, options: &[CpOption]) -> Vec<OptionRank> {
    let criteria = &a.selection_criteria;
    if criteria.is_empty() {
        return Vec::new();
    }
    let total_weight: f64 = criteria.iter().map(|c| c.weight).sum();
    let mut out: Vec<OptionRank> = options
        .iter()
        .filter(|o| o.screening != Some(Screening::Reject))
        .map(|o| {
            let mut sum = 0.0;
            let mut unscored = Vec::new();
            for c in criteria {
                match o.selection_scores.iter().find(|s| s.criterion_id == c.id) {
                    Some(s) => sum += c.weight * s.score,
                    None => unscored.push(c.id.clone()),
                }
            }
            let score = (unscored.is_empty() && total_weight > 0.0).then(|| sum / total_weight);
            OptionRank {
                option_id: o.id.clone(),
                score,
                rank: None,
                unscored,
            }
        })
        .collect();
    // Stable: options not scored keep their order after the scored ones.
    out.sort_by(|a, b| match (a.score, b.score) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    for i in 0..out.len() {
        if out[i].score.is_none() {
            break;
        }
        out[i].rank = Some(if i > 0 && out[i].score == out[i - 1].score {
            out[i - 1].rank.unwrap_or(i + 1)
        } else {
            i + 1
        });
    }
    out
}

/// One resource an option changes, before and after it (NV12), per year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EnvironmentLine {
    pub option_id: String,
    pub resource: Resource,
    /// The option's name for the line (e.g. "Than cám 4a").
    pub name: String,
    pub fuel_code: String,
    /// The unit of the option's line, in which `before`, `change` and `after` are given.
    pub unit: String,
    /// What the site uses per year before the option (its input flows per year, per month
    /// × 12, or over a baseline of known dates scaled to 365 days); none when the baseline
    /// holds no such flow ("no data yet").
    pub before: Option<f64>,
    /// The change per year: negative for a saving, positive for a resource used more.
    pub change: f64,
    pub after: Option<f64>,
    /// The cut in % of `before` (negative when more is used); none without `before`.
    pub cut_pct: Option<f64>,
    /// Fossil CO2 avoided per year by this line, t (negative when more is emitted).
    pub tco2: f64,
    /// The factors behind `tco2`, each with its year and source (none for water, material).
    pub factors: Vec<FactorUsed>,
}

/// The site's yearly use of what `line` measures, in `line`'s unit; none when no input flow of
/// it has a yearly figure.
fn yearly_use(a: &Assessment, flows: &[Flow], s: &crate::model::ResourceSaving) -> Option<f64> {
    let to = Unit::parse(&s.unit)?;
    let baseline_years = match (&a.baseline_start, &a.baseline_end) {
        (Some(b), Some(e)) => {
            let b = chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d").ok()?;
            let e = chrono::NaiveDate::parse_from_str(e, "%Y-%m-%d").ok()?;
            let days = (e - b).num_days() + 1;
            (days > 0).then(|| days as f64 / 365.0)
        }
        _ => None,
    };
    let fold = crate::text::fold;
    let mut total = None;
    for f in flows.iter().filter(|f| f.direction == Direction::In) {
        let same = match s.resource {
            Resource::Electricity => f.category == FlowCategory::Electricity,
            Resource::Water => f.category == FlowCategory::Water,
            Resource::Fuel => f.category == FlowCategory::Fuel && f.fuel_code == s.fuel_code,
            Resource::Material => {
                matches!(
                    f.category,
                    FlowCategory::RawMaterial | FlowCategory::Auxiliary
                ) && !s.name.is_empty()
                    && fold(&f.name) == fold(&s.name)
            }
            Resource::Other => false,
        };
        let per_year = match f.period {
            Period::Year => Some(1.0),
            Period::Month => Some(12.0),
            Period::Baseline => baseline_years.map(|y| 1.0 / y),
            Period::Day | Period::Batch => None,
        };
        let (true, Some(k), Some(from)) = (same, per_year, Unit::parse(&f.unit)) else {
            continue;
        };
        if let Ok(q) = convert(f.quantity, from, to) {
            total = Some(total.unwrap_or(0.0) + q * k);
        }
    }
    total
}

/// Every resource line of the options not rejected, before and after (NV12). Lines whose unit
/// or fuel the engine cannot read are left out (the option's own figures report them).
pub fn environment(
    reference: &Reference,
    a: &Assessment,
    flows: &[Flow],
    options: &[CpOption],
) -> Vec<EnvironmentLine> {
    let choice = assessment_grid(
        reference,
        a.grid_ef_year,
        a.custom_grid_ef,
        &a.custom_grid_ef_source,
    );
    let Ok(grid) = grid_factor(reference, &choice) else {
        return Vec::new();
    };
    let mut calc = ImpactCalc::new(reference, None);
    let mut out = Vec::new();
    for o in options
        .iter()
        .filter(|o| o.screening != Some(Screening::Reject))
    {
        for s in o.savings.iter().filter(|s| s.resource != Resource::Other) {
            let Ok(impact) = calc.saving(s, &grid) else {
                continue;
            };
            let sign = if s.added { -1.0 } else { 1.0 };
            let before = yearly_use(a, flows, s);
            let change = -sign * s.quantity;
            out.push(EnvironmentLine {
                option_id: o.id.clone(),
                resource: s.resource,
                name: s.name.clone(),
                fuel_code: s.fuel_code.clone(),
                unit: s.unit.clone(),
                before,
                change,
                after: before.map(|b| b + change),
                cut_pct: before.filter(|b| *b > 0.0).map(|b| -change / b * 100.0),
                tco2: sign * impact.tco2,
                factors: impact.factors,
            });
        }
    }
    out
}

/// A monitored indicator (NV16): its figures, and the saving its option expected over the same
/// production, so the realised saving can be set beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct MonitoringLine {
    pub figure: MonitoringFigure,
    /// What the option's lines of the indicator's resource promised over the period monitored,
    /// in the indicator's numerator unit: the yearly saving × the period's share of a year
    /// (a month: 1/12); none when the record has no option, its period is not a year or a
    /// month, or the option saves nothing in that unit.
    pub expected: Option<f64>,
    /// The realised saving over the period in the same unit as `expected`: for a ratio, from
    /// [`MonitoringFigure::realised`] (normalised to the production after); for an absolute
    /// indicator, before − after.
    pub realised: Option<f64>,
    /// The numerator unit both are in (`kWh` of `kWh/t`).
    pub unit: String,
    /// Realised / expected × 100; none without both or when nothing was expected.
    pub realised_pct: Option<f64>,
}

/// [`MonitoringLine`] of each record.
pub fn monitoring(records: &[MonitoringRecord], options: &[CpOption]) -> Vec<MonitoringLine> {
    records
        .iter()
        .map(|r| {
            let figure = monitoring_figure(r);
            // A ratio (kWh/t) is in its numerator's unit; an absolute indicator (m3 per
            // month) in its own.
            let ratio = RatioUnit::parse(&r.unit);
            let num = ratio
                .as_ref()
                .map(|u| u.num)
                .or_else(|| Unit::parse(&r.unit));
            let unit = num.map(|u| u.code().to_string()).unwrap_or_default();
            let share = match r.period {
                Period::Year => Some(1.0),
                Period::Month => Some(1.0 / 12.0),
                _ => None,
            };
            let expected = match (num, share, r.option_id.as_deref()) {
                (Some(num), Some(share), Some(oid)) => options
                    .iter()
                    .find(|o| o.id == oid)
                    .and_then(|o| {
                        let mut sum = None;
                        for s in &o.savings {
                            let Some(from) = Unit::parse(&s.unit) else {
                                continue;
                            };
                            if let Ok(q) = convert(s.quantity, from, num) {
                                let q = if s.added { -q } else { q };
                                sum = Some(sum.unwrap_or(0.0) + q);
                            }
                        }
                        sum
                    })
                    .map(|yearly| yearly * share),
                _ => None,
            };
            let realised = match ratio {
                Some(_) => figure.realised.as_ref().map(|x| x.saving),
                None => num.map(|_| r.baseline - r.after),
            };
            MonitoringLine {
                realised_pct: match (realised, expected) {
                    (Some(r), Some(e)) if e > 0.0 => Some(r / e * 100.0),
                    _ => None,
                },
                figure,
                expected,
                realised,
                unit,
            }
        })
        .collect()
}
