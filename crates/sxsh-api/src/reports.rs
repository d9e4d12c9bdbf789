//! Report use cases: gather an assessment's data and figures, hand them to a report builder of
//! sxsh-report, render the PDF.

use crate::calc::{self, AssessmentCalcs};
use crate::error::Result;
use crate::{document, reference};
use sxsh_domain::calc::FactorUsed;
use sxsh_domain::calc::specific::Position;
use sxsh_domain::format::{Lang, format_figure, format_quantity, typeset_unit};
use sxsh_report::data::{
    AssessmentData, BalanceLine, BenchmarkLine, FindingLine, OptionLine, SpecificLine,
    WasteCostLine,
};
use sxsh_report::rollup::RollupData;

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

/// Which assessment report to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentReport {
    Quick,
    Detailed,
}

/// The report model of an assessment from what [`gather`] read: photos are added at print size
/// (decoded and cached outside the store's lock) and the report is built.
pub(crate) fn assessment_model(
    data_dir: &std::path::Path,
    mut data: AssessmentData,
    attachments: &[sxsh_store::Stored<sxsh_domain::model::Attachment>],
    kind: AssessmentReport,
) -> sxsh_report::Report {
    let (photos, unreadable) = crate::photos::report_photos(data_dir, attachments);
    data.photos = photos;
    data.unreadable_photos = unreadable;
    match kind {
        AssessmentReport::Quick => sxsh_report::quick::quick_report(&data),
        AssessmentReport::Detailed => sxsh_report::detailed::detailed_report(&data),
    }
}

/// Everything an assessment report shows but its photos: the assessment's rows, the figures the
/// calculation engine computes for it and labels from the reference data; with the attachments,
/// whose print copies [`assessment_model`] adds. The only part of a report that reads the store.
pub(crate) fn gather(
    store: &sxsh_store::Store,
    id: &str,
    lang: Lang,
) -> Result<(
    AssessmentData,
    Vec<sxsh_store::Stored<sxsh_domain::model::Attachment>>,
)> {
    let refs = reference::get();
    let doc = document::export(store, id)?;
    let calcs = calc::assessment_calcs(store, refs, id)?;
    let a = &doc.assessment.data;
    let grid_choice = calc::assessment_grid(
        refs,
        a.grid_ef_year,
        a.custom_grid_ef,
        &a.custom_grid_ef_source,
    );
    let grid = sxsh_domain::calc::emissions::grid_factor(refs, &grid_choice).ok();
    let grid_year = grid.as_ref().and_then(|g| g.year);
    let findings = doc
        .checklist_responses
        .iter()
        // An item with a note or a photo but no answer yet is no finding.
        .filter_map(|r| Some((&r.data, r.data.answer?)))
        .map(|(r, answer)| {
            let question = reference::checklist_item(&r.item_code)
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
                .and_then(|id| doc.options.iter().find(|o| o.data.id == id))
                .map(|o| o.data.title.clone())
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
    let options = doc
        .options
        .iter()
        .filter_map(|o| {
            let r = calcs.options.iter().find(|r| r.option_id == o.data.id)?;
            Some(OptionLine {
                option: o.data.clone(),
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
    let labels = sxsh_report::catalog::Labels::new(lang);
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
    let data = AssessmentData {
        lang,
        enterprise: doc.enterprise.data.clone(),
        assessment: a.clone(),
        programme: doc.programme.as_ref().map(|p| p.data.name.clone()),
        team: rows(&doc.team_members),
        steps: rows(&doc.process_steps),
        flows: rows(&doc.flows),
        waste_streams: rows(&doc.waste_streams),
        causes: rows(&doc.causes),
        options,
        actions: rows(&doc.actions),
        monitoring: rows(&doc.monitoring_records),
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
        observations: rows(&doc.observations),
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
        factors: factors_used(&calcs, grid)
            .iter()
            .map(|f| readable_factor(f, lang, refs))
            .collect(),
        benchmark_sources,
        grid_year,
        photos: Vec::new(),
        unreadable_photos: Vec::new(),
        prepared_on: today(lang),
        created_unix: None,
    };
    Ok((data, doc.attachments))
}

/// A factor as a reader knows it: its name ("Hệ số phát thải lưới điện 2023", "Nhiệt trị
/// thấp: Than antraxit"), never its key, and its source cited as the publication where the
/// reference data knows it (else as recorded, e.g. a consultant's own grid factor).
fn readable_factor(
    f: &FactorUsed,
    lang: Lang,
    refs: &sxsh_domain::reference::Reference,
) -> FactorUsed {
    let labels = sxsh_report::catalog::Labels::new(lang);
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

/// The data of stored rows, in their stored order.
fn rows<T: Clone>(stored: &[sxsh_store::Stored<T>]) -> Vec<T> {
    stored.iter().map(|r| r.data.clone()).collect()
}

/// Today's date for the cover, dd/mm/yyyy in Vietnamese and yyyy-mm-dd in English.
fn today(lang: Lang) -> String {
    let d = chrono::Local::now().date_naive();
    sxsh_report::data::date(&d.format("%Y-%m-%d").to_string(), lang)
}

/// What the programme roll-up report shows, read from the store (rendered outside its lock):
/// `sxsh_report::rollup::rollup_data` over it; `NOT_FOUND` for a programme it does not hold.
pub(crate) fn rollup_data(
    store: &sxsh_store::Store,
    query: calc::RollupQuery,
    lang: Lang,
) -> Result<RollupData> {
    if let Some(id) = &query.programme_id
        && sxsh_domain::repo::Repository::programme(store, id)?.is_none()
    {
        return Err(crate::error::ApiError::new(
            crate::error::ErrorCode::NotFound,
            format!("programme {id} not found"),
        ));
    }
    Ok(sxsh_report::rollup::rollup_data(
        store,
        reference::get(),
        query,
        lang,
        today(lang),
    )?)
}

/// The worksheets of an assessment as an XLSX workbook.
pub(crate) fn worksheets_xlsx(store: &sxsh_store::Store, id: &str, lang: Lang) -> Result<Vec<u8>> {
    let (data, _) = gather(store, id, lang)?;
    sxsh_report::worksheets::to_xlsx(&sxsh_report::worksheets::worksheets(&data))
        .map_err(|e| crate::error::ApiError::new(crate::error::ErrorCode::Io, format!("XLSX: {e}")))
}

/// The worksheets of an assessment as CSV files: (file name, bytes).
pub(crate) fn worksheets_csv(
    store: &sxsh_store::Store,
    id: &str,
    lang: Lang,
) -> Result<Vec<(String, Vec<u8>)>> {
    let (data, _) = gather(store, id, lang)?;
    Ok(sxsh_report::worksheets::worksheets(&data)
        .iter()
        .map(|s| {
            (
                format!("{}.csv", s.file_name),
                sxsh_report::worksheets::to_csv(s),
            )
        })
        .collect())
}
