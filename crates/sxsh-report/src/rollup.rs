//! The programme roll-up report for a programme office: totals over a set of assessments, the
//! same figures by sector and by CP technique, and progress against the programme's targets,
//! with charts. Built from the calculation engine's roll-ups over any repository ([`rollup_data`]:
//! a device's store through sxsh-api, the office's synced rows through sxsh-server).

use crate::catalog::Labels;
use crate::model::*;
use sxsh_domain::calc::programme::{ReviewScope, RollupQuery, rollup};
pub use sxsh_domain::calc::rollup::RollupFigures;
use sxsh_domain::calc::rollup::{Progress, Savings, TargetStatus};
use sxsh_domain::format::Lang;
use sxsh_domain::reference::Reference;
use sxsh_domain::repo::Repository;

/// Option counts of one CP technique.
#[derive(Debug, Clone, PartialEq)]
pub struct TechniqueCounts {
    pub code: String,
    pub name: String,
    pub identified: usize,
    pub selected: usize,
    pub implemented: usize,
}

/// Everything the roll-up report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupData {
    pub lang: Lang,
    /// The office or programme the report is for (the cover's subtitle).
    pub subject: String,
    /// The filters that chose the set, as label–value pairs.
    pub scope: Vec<(String, String)>,
    pub total: RollupFigures,
    /// (sector code, figures), largest first.
    pub by_sector: Vec<(String, RollupFigures)>,
    pub by_technique: Vec<TechniqueCounts>,
    pub applying_share_pct: Option<f64>,
    pub avg_sc_cut_pct: Option<f64>,
    pub progress: Vec<Progress>,
    pub grid_years: Vec<i64>,
    /// The savings with every electricity figure at one grid year, when asked.
    pub recomputed: Option<sxsh_domain::calc::programme::Recomputed>,
    /// (fuel code, its name in the report's language).
    pub fuel_names: Vec<(String, String)>,
    pub warnings: Vec<String>,
    pub prepared_on: String,
    pub created_unix: Option<i64>,
}

/// What the programme roll-up report shows, over any [`Repository`]: the roll-up of `query`,
/// the same for each sector present (when no sector is asked for), options per technique,
/// progress to targets, the grid-factor years, and which assessments count by the office's
/// review (`query.review`, said in the scope). `prepared_on` is the cover's date.
pub fn rollup_data<R: Repository>(
    repo: &R,
    refs: &Reference,
    query: RollupQuery,
    lang: Lang,
    prepared_on: String,
) -> Result<RollupData, R::Error> {
    let labels = crate::catalog::labels(lang);
    let in_lang = |vi: &str, en: &str| match lang {
        Lang::Vi => vi.to_string(),
        Lang::En => en.to_string(),
    };
    let total = rollup(repo, refs, query.clone())?;
    let mut by_sector = Vec::new();
    if query.sector.is_none() {
        for sector in repo.sectors()? {
            let q = RollupQuery {
                sector: Some(sector.clone()),
                ..query.clone()
            };
            let r = rollup(repo, refs, q)?;
            if r.figures.assessments > 0 {
                by_sector.push((sector, r.figures));
            }
        }
        by_sector.sort_by_key(|s| std::cmp::Reverse(s.1.identified.net_vnd));
    }
    let programme = match &query.programme_id {
        Some(id) => repo.programme(id)?.map(|p| p.name),
        None => None,
    };
    let mut scope = Vec::new();
    let mut add = |key: &str, v: Option<String>| {
        if let Some(v) = v {
            scope.push((labels.t(key).to_string(), v));
        }
    };
    add("cover.scope_programme", programme.clone());
    add("cover.scope_province", query.province.clone());
    add("cover.scope_sector", query.sector.clone());
    add("cover.scope_year", query.year.map(|y| y.to_string()));
    add("cover.scope_technique", query.technique.clone());
    add(
        "cover.scope_review",
        match query.review {
            ReviewScope::All => None,
            ReviewScope::Approved => Some(labels.t("cover.review_approved").to_string()),
            ReviewScope::WithPending => Some(labels.t("cover.review_with_pending").to_string()),
        },
    );
    let subject = programme
        .or(query.province.clone())
        .unwrap_or_else(|| labels.t("roll.scope_all").trim_end_matches('.').to_string());
    Ok(RollupData {
        lang,
        subject,
        scope,
        total: total.figures.clone(),
        by_sector,
        by_technique: total
            .by_technique
            .iter()
            .map(|t| TechniqueCounts {
                code: t.code.clone(),
                name: in_lang(&t.name_vi, &t.name_en),
                identified: t.identified,
                selected: t.selected,
                implemented: t.implemented,
            })
            .collect(),
        applying_share_pct: total.applying_share_pct,
        avg_sc_cut_pct: total.avg_sc_cut_pct,
        progress: total.progress.clone(),
        grid_years: total.grid_years.clone(),
        recomputed: total.recomputed.clone(),
        fuel_names: refs
            .fuels
            .iter()
            .map(|f| (f.code.clone(), in_lang(&f.name_vi, &f.name_en)))
            .collect(),
        warnings: total.warnings.iter().map(|w| w.message.clone()).collect(),
        prepared_on,
        created_unix: None,
    })
}

const L: Align = Align::Left;
const R: Align = Align::Right;

/// Builds the programme roll-up report.
pub fn rollup_report(d: &RollupData) -> Report {
    let x = Labels::new(d.lang);
    let t = &d.total;
    let mut b = Vec::new();

    b.push(x.h1("roll.scope"));
    if d.scope.is_empty() {
        b.push(Block::Paragraph(x.t("roll.scope_all")));
    } else {
        b.push(Block::KeyValue(d.scope.clone()));
    }
    for w in &d.warnings {
        b.push(Block::Note(format!("{} {w}", x.t("roll.warning"))));
    }

    b.push(x.h1("roll.totals"));
    if t.assessments == 0 {
        b.push(Block::Note(x.t("no_data")));
    }
    b.push(Block::KeyValue(vec![
        (
            x.t("roll.enterprises"),
            format!(
                "{} ({} {}, {} {})",
                int(&x, t.enterprises),
                int(&x, t.enterprises_with_quick),
                x.t("roll.with_quick"),
                int(&x, t.enterprises_with_detailed),
                x.t("roll.with_detailed")
            ),
        ),
        (
            x.t("roll.assessments"),
            format!(
                "{} ({} {}, {} {})",
                int(&x, t.assessments),
                int(&x, t.quick_assessments),
                x.t("roll.quick"),
                int(&x, t.detailed_assessments),
                x.t("roll.detailed")
            ),
        ),
        (
            x.t("roll.applying"),
            format!(
                "{} ({})",
                int(&x, t.enterprises_applying_cp),
                opt_pct(&x, d.applying_share_pct)
            ),
        ),
        (
            x.t("roll.options"),
            format!(
                "{} / {} / {}",
                int(&x, t.options_identified),
                int(&x, t.options_selected),
                int(&x, t.options_implemented)
            ),
        ),
        (x.t("roll.options_rejected"), int(&x, t.options_rejected)),
        (x.t("roll.sc_cut"), opt_pct(&x, d.avg_sc_cut_pct)),
        (
            x.t("roll.grid_years"),
            if d.grid_years.is_empty() {
                "–".into()
            } else {
                d.grid_years
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
    ]));
    b.push(savings_table(
        &x,
        &t.identified,
        &t.implemented,
        &d.fuel_names,
    ));
    if let Some(r) = &d.recomputed {
        b.push(Block::Note(
            x.t("roll.recomputed_note")
                .replace("{year}", &r.year.to_string()),
        ));
        b.push(x.table(
            &[
                ("roll.resource", L),
                ("roll.as_recorded", R),
                ("roll.recomputed", R),
            ],
            vec![
                vec![
                    format!("{} ({})", x.t("roll.tco2"), x.t("roll.identified")),
                    x.n(t.identified.tco2, 1),
                    x.n(r.identified.tco2, 1),
                ],
                vec![
                    format!("{} ({})", x.t("roll.tco2"), x.t("roll.implemented")),
                    x.n(t.implemented.tco2, 1),
                    x.n(r.implemented.tco2, 1),
                ],
            ],
        ));
    }

    b.push(x.h1("roll.progress"));
    if d.progress.is_empty() {
        b.push(Block::Note(x.t("no_data")));
    } else {
        b.push(
            x.table(
                &[
                    ("roll.target_set", L),
                    ("roll.indicator", L),
                    ("roll.actual", R),
                    ("roll.target", R),
                    ("roll.status", L),
                ],
                d.progress
                    .iter()
                    .map(|p| {
                        // Shares carry "%"; counts (enterprises) are plain numbers.
                        let pct = if p.unit == "%" || p.unit.is_empty() {
                            "\u{a0}%"
                        } else {
                            ""
                        };
                        let target = match (p.target_min, p.target_max) {
                            (Some(lo), Some(hi)) if lo != hi => {
                                format!("{}–{}{pct}", x.n(lo, 0), x.n(hi, 0))
                            }
                            (Some(v), None) if pct.is_empty() => format!("≥ {}", x.n(v, 0)),
                            (Some(v), _) | (None, Some(v)) => format!("{}{pct}", x.n(v, 0)),
                            _ => "–".into(),
                        };
                        let actual = match p.actual {
                            Some(v) if pct.is_empty() => x.n(v, 0),
                            v => opt_pct(&x, v),
                        };
                        let indicator = if x.lang == Lang::Vi {
                            &p.indicator_vi
                        } else {
                            &p.indicator_en
                        };
                        let indicator = if indicator.is_empty() {
                            x.t(&format!("target.{}", p.code))
                        } else {
                            indicator.clone()
                        };
                        vec![
                            p.target_set.clone(),
                            indicator,
                            actual,
                            target,
                            status(&x, p.status),
                        ]
                    })
                    .collect(),
            ),
        );
    }

    b.push(x.h1("roll.by_sector"));
    if d.by_sector.is_empty() {
        b.push(Block::Note(x.t("no_data")));
    } else {
        let sector = |code: &str| {
            if code.is_empty() {
                x.t("roll.no_sector")
            } else {
                crate::catalog::sector_name(x.lang, code)
            }
        };
        b.push(
            x.table(
                &[
                    ("roll.sector", L),
                    ("roll.enterprises", R),
                    ("roll.assessments", R),
                    ("roll.options_short", R),
                    ("roll.investment", R),
                    ("roll.savings_vnd", R),
                    ("roll.tco2", R),
                ],
                d.by_sector
                    .iter()
                    .map(|(code, f)| {
                        vec![
                            sector(code),
                            int(&x, f.enterprises),
                            int(&x, f.assessments),
                            format!(
                                "{} / {}",
                                int(&x, f.options_identified),
                                int(&x, f.options_implemented)
                            ),
                            x.money(f.identified.investment_vnd),
                            x.money(f.identified.net_vnd),
                            x.n(f.identified.tco2, 1),
                        ]
                    })
                    .collect(),
            ),
        );
        b.push(Block::Chart(Chart::Bars {
            title: x.t("roll.chart_sector"),
            unit: x.t("unit.vnd"),
            bars: d
                .by_sector
                .iter()
                .map(|(code, f)| (sector(code), f.identified.net_vnd as f64))
                .collect(),
        }));
    }

    b.push(x.h1("roll.by_technique"));
    b.push(
        x.table(
            &[
                ("opp.technique", L),
                ("roll.identified", R),
                ("roll.selected", R),
                ("roll.implemented", R),
            ],
            d.by_technique
                .iter()
                .map(|tc| {
                    vec![
                        format!("{} – {}", tc.code, tc.name),
                        int(&x, tc.identified),
                        int(&x, tc.selected),
                        int(&x, tc.implemented),
                    ]
                })
                .collect(),
        ),
    );
    if d.by_technique.iter().any(|tc| tc.identified > 0) {
        b.push(Block::Chart(Chart::BeforeAfter {
            title: x.t("roll.chart_technique"),
            before_label: x.t("roll.identified"),
            after_label: x.t("roll.implemented"),
            items: d
                .by_technique
                .iter()
                .map(|tc| {
                    (
                        format!("{} – {}", tc.code, tc.name),
                        tc.identified as f64,
                        tc.implemented as f64,
                        String::new(),
                    )
                })
                .collect(),
        }));
    }

    let mut lines = d.scope.clone();
    lines.push((x.t("cover.prepared"), d.prepared_on.clone()));
    x.report("roll.title", &d.subject, lines, b, d.created_unix)
}

/// A whole number in the report's language.
fn int(x: &Labels, v: usize) -> String {
    x.n(v as f64, 0)
}

/// A percentage, or "–" when there is none.
fn opt_pct(x: &Labels, v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| x.pct(v))
}

fn status(x: &Labels, s: TargetStatus) -> String {
    x.t(match s {
        TargetStatus::Below => "tstatus.below",
        TargetStatus::Within => "tstatus.within",
        TargetStatus::Met => "tstatus.met",
        TargetStatus::Above => "tstatus.above",
        TargetStatus::NoData => "no_data",
    })
}

/// Identified (potential) and implemented (achieved) annual savings per resource: each fuel on
/// its own row (tonnes of different fuels are never added; a fuel a switch adds is negative),
/// the aggregate payback over the options with an investment, and how many have none.
fn savings_table(
    x: &Labels,
    identified: &Savings,
    implemented: &Savings,
    fuel_names: &[(String, String)],
) -> Block {
    let row = |key: &str, unit: &String, f: &dyn Fn(&Savings) -> f64, d: usize| {
        vec![
            x.t(key),
            unit.clone(),
            x.n(f(identified), d),
            x.n(f(implemented), d),
        ]
    };
    let year = x.t("period.year");
    let mut fuels: Vec<&String> = identified
        .fuel_t
        .keys()
        .chain(implemented.fuel_t.keys())
        .collect();
    fuels.sort();
    fuels.dedup();
    let fuel_rows = fuels.into_iter().map(|code| {
        let name = fuel_names
            .iter()
            .find(|(c, _)| c == code)
            .map_or(code.as_str(), |(_, n)| n.as_str());
        let t = |s: &Savings| x.n(s.fuel_t.get(code).copied().unwrap_or(0.0), 1);
        vec![
            format!("{} – {name}", x.t("category.fuel")),
            format!("t/{year}"),
            t(identified),
            t(implemented),
        ]
    });
    x.table(
        &[
            ("roll.resource", L),
            ("flows.unit", L),
            ("roll.identified", R),
            ("roll.implemented", R),
        ],
        vec![
            row(
                "roll.investment",
                &x.t("unit.vnd"),
                &|s| s.investment_vnd as f64,
                0,
            ),
            row(
                "roll.savings_vnd",
                &format!("{}/{year}", x.t("unit.vnd")),
                &|s| s.net_vnd as f64,
                0,
            ),
            row(
                "category.electricity",
                &format!("kWh/{year}"),
                &|s| s.electricity_kwh,
                0,
            ),
            row("category.water", &format!("m³/{year}"), &|s| s.water_m3, 0),
            row(
                "category.raw_material",
                &format!("t/{year}"),
                &|s| s.material_t,
                1,
            ),
            row("roll.toe", &format!("TOE/{year}"), &|s| s.toe, 1),
            row("roll.tco2", &format!("tCO₂/{year}"), &|s| s.tco2, 1),
            vec![
                x.t("options.payback"),
                String::new(),
                x.payback(&identified.payback()),
                x.payback(&implemented.payback()),
            ],
            vec![
                x.t("roll.without_investment"),
                String::new(),
                int(x, identified.options_without_investment),
                int(x, implemented.options_without_investment),
            ],
        ]
        .into_iter()
        .chain(fuel_rows)
        .collect(),
    )
}
