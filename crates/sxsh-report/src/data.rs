//! What the assessment report builders take: an assessment's rows and the figures the
//! calculation engine computed for it, gathered by sxsh-api. Builders never read a database.

use crate::model::Photo;
use sxsh_domain::calc::FactorUsed;
use sxsh_domain::calc::balance::Balance;
use sxsh_domain::calc::econ::{Economics, SensitivityCase};
use sxsh_domain::calc::emissions::Impact;
use sxsh_domain::calc::waste::WasteCost;
use sxsh_domain::format::Lang;
use sxsh_domain::model::*;

/// One checklist answer with its question text.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingLine {
    /// The checklist response's id (the owner of its photos).
    pub response_id: String,
    pub code: String,
    pub question: String,
    pub answer: Answer,
    pub note: String,
    /// The title of the quick-win option made from this item, else empty.
    pub quick_win: String,
}

/// One option with its computed figures.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionLine {
    pub option: CpOption,
    pub economics: Economics,
    pub sensitivity: Vec<SensitivityCase>,
    /// Net of the saved and the added lines.
    pub impact: Impact,
    /// The saved lines alone, and the added ones (a fuel switch's new fuel) alone.
    pub impact_saved: Impact,
    pub impact_added: Impact,
}

/// A specific consumption against a benchmark (already computed).
#[derive(Debug, Clone, PartialEq)]
pub struct SpecificLine {
    /// `electricity`, `water`, `fuel`, `raw_material`, `wastewater` or `total_energy`.
    pub category: String,
    /// The fuel's name for a fuel line, else empty.
    pub fuel: String,
    pub value: f64,
    pub unit: String,
    /// Every benchmark of the same indicator it is compared with, the furthest above first.
    pub benchmarks: Vec<BenchmarkLine>,
}

/// One comparison of a specific consumption with a benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchmarkLine {
    /// Indicator, range and unit.
    pub text: String,
    /// A legal norm (định mức, e.g. Circular 52/2018/TT-BCT) rather than a typical value from a
    /// survey or a plant (giá trị tham chiếu).
    pub legal_norm: bool,
    /// `below`, `within` or `above`.
    pub position: String,
}

/// The balances of one scope: a process step, the focus, or the site.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceLine {
    /// `step`, `focus` or `site`.
    pub scope: String,
    pub name: String,
    pub material: Balance,
    pub water: Balance,
}

/// The cost of one waste stream.
#[derive(Debug, Clone, PartialEq)]
pub struct WasteCostLine {
    pub waste_stream_id: String,
    pub cost: WasteCost,
}

/// Everything an assessment report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentData {
    pub lang: Lang,
    pub enterprise: Enterprise,
    pub assessment: Assessment,
    pub programme: Option<String>,
    pub team: Vec<TeamMember>,
    pub steps: Vec<ProcessStep>,
    pub flows: Vec<Flow>,
    pub waste_streams: Vec<WasteStream>,
    pub causes: Vec<Cause>,
    pub options: Vec<OptionLine>,
    pub actions: Vec<Action>,
    pub monitoring: Vec<MonitoringRecord>,
    /// The engine's figures of each monitoring record (change, realised and expected saving),
    /// in the same order.
    pub monitoring_lines: Vec<sxsh_domain::calc::feasibility::MonitoringLine>,
    /// The options scored against the selection criteria (NV13), highest score first.
    pub selection_ranking: Vec<sxsh_domain::calc::feasibility::OptionRank>,
    /// Each resource the options change, before and after (NV12), factors named for readers.
    pub environment: Vec<sxsh_domain::calc::feasibility::EnvironmentLine>,
    pub findings: Vec<FindingLine>,
    pub observations: Vec<Observation>,
    pub specific: Vec<SpecificLine>,
    /// The citations of the benchmarks' publications; a benchmark's text ends with its number
    /// (`[1]` is the first).
    pub benchmark_sources: Vec<String>,
    /// The data year of the grid factor the CO2 figures use (none for a consultant's own).
    pub grid_year: Option<i64>,
    /// Energy of every carrier per unit of production (GJ, TOE, kWh), computed by the engine;
    /// none without energy flows or production.
    pub specific_energy: Option<sxsh_domain::calc::energy::SpecificEnergy>,
    pub balances: Vec<BalanceLine>,
    pub waste_costs: Vec<WasteCostLine>,
    /// The cost of each priced flow, computed by the engine.
    pub flow_costs: Vec<sxsh_domain::calc::figures::FlowCost>,
    /// The options added up, computed by the engine.
    pub option_totals: sxsh_domain::calc::figures::OptionTotals,
    /// (technique code, its name in the report's language), in the reference order.
    pub techniques: Vec<(String, String)>,
    /// (cause category code, its name in the report's language).
    pub cause_categories: Vec<(String, String)>,
    pub factors: Vec<FactorUsed>,
    pub photos: Vec<Photo>,
    /// Captions of photos whose file is missing or unreadable.
    pub unreadable_photos: Vec<String>,
    /// Date printed on the cover.
    pub prepared_on: String,
    pub created_unix: Option<i64>,
}

impl AssessmentData {
    /// The engine's cost of a priced flow.
    pub fn flow_cost(&self, flow_id: &str) -> Option<i64> {
        self.flow_costs
            .iter()
            .find(|c| c.flow_id == flow_id)
            .map(|c| c.cost_vnd)
    }
}

/// Formats an ISO date `YYYY-MM-DD` as `dd/mm/yyyy` (vi) or leaves it (en).
pub fn date(d: &str, lang: Lang) -> String {
    match (lang, d.split('-').collect::<Vec<_>>().as_slice()) {
        (Lang::Vi, [y, m, day]) => format!("{day}/{m}/{y}"),
        _ => d.to_string(),
    }
}
