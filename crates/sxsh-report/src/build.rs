//! The data an assessment report shows ([`AssessmentData`]), from the assessment's rows and the
//! figures the calculation engine computed for them — the same on a device (sxsh-api reads its
//! store) and at the office (sxsh-server reads its synced rows): labels from the reference data,
//! benchmarks with their publications, factors named and cited.

use crate::data::{
    AssessmentData, BalanceLine, BenchmarkLine, FindingLine, OptionLine, SpecificLine,
    WasteCostLine,
};
use sxsh_domain::calc::FactorUsed;
use sxsh_domain::calc::figures::AssessmentCalcs;
use sxsh_domain::calc::specific::Position;
use sxsh_domain::format::{Lang, format_figure, format_quantity, typeset_unit};
use sxsh_domain::model::{
    Action, Assessment, Cause, ChecklistResponse, CpOption, Enterprise, Flow, MonitoringRecord,
    Observation, ProcessStep, TeamMember, WasteStream,
};
use sxsh_domain::reference::Reference;

/// The rows of one assessment a report reads, as stored (each list in its stored order).
#[derive(Debug, Clone)]
pub struct ReportRows {
    /// The name of the assessment's programme, if it has one.
    pub programme: Option<String>,
    pub enterprise: Enterprise,
    pub assessment: Assessment,
    pub team: Vec<TeamMember>,
    pub steps: Vec<ProcessStep>,
    pub flows: Vec<Flow>,
    pub waste_streams: Vec<WasteStream>,
    pub causes: Vec<Cause>,
    pub options: Vec<CpOption>,
    pub actions: Vec<Action>,
    pub monitoring: Vec<MonitoringRecord>,
    pub checklist_responses: Vec<ChecklistResponse>,
    pub observations: Vec<Observation>,
}

fn position_code(p: Position) -> &'static str {
    match p {
        Position::Below => "below",
        Position::Within => "within",
        Position::Above => "above",
    }
}

/// The factors used by any figure of the assessment, each once.
fn factors_used(calcs: &AssessmentCalcs, grid: Option<FactorUsed>) -> Vec<FactorUsed> {
    let mut out: Vec<FactorUsed> = grid.into_iter().collect();
    for o in &calcs.options {
        for f in &o.result.impact.factors {
            if !out.contains(f) {
                out.push(f.clone());
            }
        }
    }
    out
}

/// Everything an assessment report shows but its photos (added at print size by the caller):
/// `rows`, the figures `calcs` computed for them, labels and factors from `refs`, in `lang`;
/// `prepared_on` is the cover's date.
pub fn assessment_data(
    rows: ReportRows,
    calcs: &AssessmentCalcs,
    refs: &Reference,
    lang: Lang,
    prepared_on: String,
) -> AssessmentData {
    let a = &rows.assessment;
    let grid_choice = sxsh_domain::calc::option::assessment_grid(
        refs,
        a.grid_ef_year,
        a.custom_grid_ef,
        &a.custom_grid_ef_source,
    );
    let grid = sxsh_domain::calc::emissions::grid_factor(refs, &grid_choice).ok();
    let grid_year = grid.as_ref().and_then(|g| g.year);
    let findings = rows
        .checklist_responses
        .iter()
        // An item with a note or a photo but no answer yet is no finding.
        .filter_map(|r| Some((r, r.answer?)))
        .map(|(r, answer)| {
            let question = sxsh_domain::reference::checklist_item(&r.item_code)
                .map(|i| in_lang(lang, &i.question_vi, &i.question_en))
                .unwrap_or_default();
            let mut note = r.note.clone();
            if let Some(v) = r.reading {
                let reading = format!("{} {}", format_quantity(v, 2, lang), r.reading_unit);
                note = if note.is_empty() {
                    reading
                } else {
                    format!("{note} ({reading})")
                };
            }
            let quick_win = r
                .option_id
                .as_deref()
                .and_then(|id| rows.options.iter().find(|o| o.id == id))
                .map(|o| o.title.clone())
                .unwrap_or_default();
            FindingLine {
                response_id: r.id.clone(),
                code: r.item_code.clone(),
                question,
                answer,
                note,
                quick_win,
            }
        })
        .collect();
    let options = rows
        .options
        .iter()
        .filter_map(|o| {
            let r = calcs.options.iter().find(|r| r.option_id == o.id)?;
            Some(OptionLine {
                option: o.clone(),
                economics: r.result.economics.clone(),
                sensitivity: r.result.sensitivity.clone(),
                impact: r.result.impact.clone(),
                impact_saved: r.result.impact_saved.clone(),
                impact_added: r.result.impact_added.clone(),
            })
        })
        .collect();
    // Benchmarks whose publication can be named, each with a numbered reference to it; the
    // citations follow the table.
    let mut benchmark_sources: Vec<String> = Vec::new();
    let labels = crate::catalog::Labels::new(lang);
    let fig = |v: f64| format_figure(v, lang);
    let specific = calcs
        .specific
        .iter()
        .map(|s| SpecificLine {
            category: s.category.clone(),
            fuel: refs
                .fuels
                .iter()
                .find(|f| !s.fuel_code.is_empty() && f.code == s.fuel_code)
                .map(|f| in_lang(lang, &f.name_vi, &f.name_en))
                .unwrap_or_else(|| s.fuel_code.clone()),
            value: s.value,
            unit: s.unit.clone(),
            // In the engine's order: the furthest above first.
            benchmarks: s
                .benchmarks
                .iter()
                .filter(|b| b.citable)
                .map(|b| {
                    // Ranges in words ("tối đa 55"), so UI and PDF say them the same way with
                    // glyphs the report font has.
                    let range = match (b.min, b.max) {
                        (Some(lo), Some(hi)) if lo != hi => format!("{}–{}", fig(lo), fig(hi)),
                        (_, Some(hi)) => labels.t("specific.at_most").replace("{v}", &fig(hi)),
                        (Some(lo), None) => labels.t("specific.at_least").replace("{v}", &fig(lo)),
                        _ => String::new(),
                    };
                    let indicator = in_lang(lang, &b.indicator_vi, &b.indicator_en);
                    let citation = in_lang(lang, &b.citation_vi, &b.citation_en);
                    let n = match benchmark_sources.iter().position(|c| *c == citation) {
                        Some(i) => i + 1,
                        None => {
                            benchmark_sources.push(citation);
                            benchmark_sources.len()
                        }
                    };
                    BenchmarkLine {
                        text: format!("{indicator}: {range} {} [{n}]", typeset_unit(&b.unit)),
                        legal_norm: b.kind == "regulatory_norm",
                        position: position_code(b.position.position).to_string(),
                    }
                })
                .collect(),
        })
        .collect();
    let balances = calcs
        .balances
        .iter()
        .map(|b| BalanceLine {
            scope: b.scope.clone(),
            name: b.name.clone(),
            material: b.material.clone(),
            water: b.water.clone(),
        })
        .collect();
    let waste_costs = calcs
        .waste_costs
        .iter()
        .map(|w| WasteCostLine {
            waste_stream_id: w.waste_stream_id.clone(),
            cost: w.cost.clone(),
        })
        .collect();
    AssessmentData {
        lang,
        enterprise: rows.enterprise.clone(),
        assessment: a.clone(),
        programme: rows.programme.clone(),
        team: rows.team.clone(),
        steps: rows.steps.clone(),
        flows: rows.flows.clone(),
        waste_streams: rows.waste_streams.clone(),
        causes: rows.causes.clone(),
        options,
        actions: rows.actions.clone(),
        monitoring: rows.monitoring.clone(),
        monitoring_lines: calcs.monitoring.clone(),
        selection_ranking: calcs.selection_ranking.clone(),
        environment: calcs
            .environment
            .iter()
            .map(|e| sxsh_domain::calc::feasibility::EnvironmentLine {
                factors: e
                    .factors
                    .iter()
                    .map(|f| readable_factor(f, lang, refs))
                    .collect(),
                ..e.clone()
            })
            .collect(),
        findings,
        observations: rows.observations.clone(),
        specific,
        specific_energy: calcs.specific_energy.clone(),
        balances,
        waste_costs,
        flow_costs: calcs.flow_costs.clone(),
        option_totals: calcs.option_totals.clone(),
        techniques: refs
            .techniques
            .iter()
            .map(|t| (t.code.clone(), in_lang(lang, &t.name_vi, &t.name_en)))
            .collect(),
        cause_categories: refs
            .cause_categories
            .iter()
            .map(|c| (c.code.clone(), in_lang(lang, &c.name_vi, &c.name_en)))
            .collect(),
        factors: factors_used(calcs, grid)
            .iter()
            .map(|f| readable_factor(f, lang, refs))
            .collect(),
        benchmark_sources,
        grid_year,
        photos: Vec::new(),
        unreadable_photos: Vec::new(),
        prepared_on,
        created_unix: None,
    }
}

/// A factor as a reader knows it: its name ("Hệ số phát thải lưới điện 2023", "Nhiệt trị
/// thấp: Than antraxit"), never its key, and its source cited as the publication where the
/// reference data knows it (else as recorded, e.g. a consultant's own grid factor).
fn readable_factor(
    f: &FactorUsed,
    lang: Lang,
    refs: &sxsh_domain::reference::Reference,
) -> FactorUsed {
    let labels = crate::catalog::Labels::new(lang);
    let (kind, code) = f.name.split_once(':').unwrap_or((f.name.as_str(), ""));
    let fuel = refs
        .fuels
        .iter()
        .find(|x| x.code == code)
        .map(|x| in_lang(lang, &x.name_vi, &x.name_en));
    let carrier = refs
        .toe_factors
        .iter()
        .find(|x| x.carrier == code)
        .map(|x| in_lang(lang, &x.name_vi, &x.name_en));
    let what = fuel.or(carrier).unwrap_or_else(|| code.to_string());
    let name = match kind {
        "grid_ef" => match f.year {
            Some(y) => labels.t("factor.grid_ef").replace("{year}", &y.to_string()),
            None => labels.t("factor.grid_ef_custom"),
        },
        "toe" | "ncv" | "co2" | "ch4" | "n2o" | "density" => {
            format!("{}: {what}", labels.t(&format!("factor.{kind}")))
        }
        k if k.starts_with("gwp_") => labels
            .t("factor.gwp")
            .replace("{gas}", &k["gwp_".len()..].to_uppercase())
            .replace("{set}", code),
        _ => f.name.clone(),
    };
    let source = refs
        .publication_of(&f.source)
        .map(|p| p.cite(lang == Lang::Vi))
        .unwrap_or_else(|| f.source.clone());
    FactorUsed {
        name,
        source,
        ..f.clone()
    }
}

/// The Vietnamese or the English text of a bilingual reference entry.
fn in_lang(lang: Lang, vi: &str, en: &str) -> String {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
    .to_string()
}
