//! The detailed cleaner-production report, in the order of the Vietnamese CP report:
//! introduction (enterprise, CP team, process, main inputs, norms), assessment (focus, flow
//! diagram, balances, cost of waste, causes), CP opportunities (by technique, screening),
//! feasibility (technical, economic, environmental), implementation plan, monitoring and results,
//! sustaining and next steps; annexes: worksheets, photos, factors used. A section without data
//! says so instead of vanishing.

use crate::data::{AssessmentData, BalanceLine};
use crate::model::*;
use crate::sections::{self, Ctx};
use sxsh_domain::model::*;

const L: Align = Align::Left;
const R: Align = Align::Right;

/// Builds the detailed CP report.
pub fn detailed_report(data: &AssessmentData) -> Report {
    let x = Ctx::new(data);
    let a = &data.assessment;
    let mut b = Vec::new();

    // 1. Introduction.
    b.push(x.h1("det.intro"));
    b.push(x.h2("sec.profile"));
    b.extend(sections::profile(&x));
    b.push(x.h2("det.team"));
    b.push(sections::team(&x));
    b.push(Block::KeyValue(vec![(
        x.t("team.scope"),
        x.or_no_data(&a.scope),
    )]));
    b.push(x.h2("det.process"));
    b.push(steps_table(&x));
    b.push(x.h2("det.inputs"));
    let inputs: Vec<&Flow> = data
        .flows
        .iter()
        .filter(|f| f.direction == Direction::In)
        .collect();
    b.push(sections::flows(&x, &inputs));
    b.push(x.h2("det.norms"));
    b.extend(sections::specific(&x));

    // 2. Assessment.
    b.push(x.h1("det.assessment"));
    b.push(x.h2("det.focus"));
    b.push(focus(&x));
    b.push(x.h2("det.flow_diagram"));
    b.push(flow_diagram(&x));
    b.push(x.h2("det.balance"));
    b.extend(balances(&x));
    b.push(x.h2("det.waste_cost"));
    b.extend(waste_costs(&x));
    b.push(x.h2("det.causes"));
    b.push(causes(&x));
    if !data.findings.is_empty() || !data.observations.is_empty() {
        b.push(x.h2("sec.findings"));
        b.extend(sections::findings(&x));
    }

    // 3. CP opportunities.
    b.push(x.h1("det.opportunities"));
    b.push(x.h2("det.by_technique"));
    b.push(by_technique(&x));
    b.push(x.h2("det.screening"));
    b.push(screening(&x));

    // 4. Feasibility.
    b.push(x.h1("det.feasibility"));
    b.push(x.h2("det.technical"));
    b.extend(technical(&x));
    b.push(x.h2("det.economic"));
    b.extend(sections::options_economics(&x));
    b.extend(sensitivity(&x));
    b.push(x.h2("det.environmental"));
    b.push(environmental(&x));
    b.push(x.h2("det.before_after"));
    b.push(before_after(&x));
    b.push(x.h2("det.selection"));
    b.extend(selection(&x));

    // 5. Implementation plan.
    b.push(x.h1("det.plan"));
    b.push(actions(&x));

    // 6. Monitoring and results.
    b.push(x.h1("det.monitoring"));
    b.extend(monitoring(&x));

    // 7. Sustaining and next steps.
    b.push(x.h1("det.sustain"));
    b.push(x.h2("det.sustaining_measures"));
    b.push(Block::Paragraph(x.or_no_data(&a.sustaining_measures)));
    b.push(x.h2("det.next_focus"));
    b.push(Block::Paragraph(x.or_no_data(&a.next_steps)));

    // Annexes.
    b.push(Block::PageBreak);
    b.push(x.h1("det.annex_worksheets"));
    b.push(x.h2("det.annex_flows"));
    b.push(flow_worksheet(&x));
    b.push(x.h2("det.annex_waste"));
    b.push(waste_worksheet(&x));
    b.push(x.h1("det.annex_photos"));
    let photos = sections::photos(&x);
    if photos.is_empty() {
        b.push(x.note_no_data());
    }
    b.extend(photos);
    if let Some(annex) = sections::irr_annex(&x) {
        b.push(x.h1("sec.irr_annex"));
        b.extend(annex);
    }
    b.push(x.h1("sec.factors"));
    b.push(sections::factors(&x));
    b.extend(sections::signatures(&x));
    x.report("detailed.title", b)
}

fn yes_no(x: &Ctx, v: bool) -> String {
    if v { x.t("yes") } else { String::new() }
}

fn steps_table(x: &Ctx) -> Block {
    x.table_or_note(
        &[
            ("steps.seq", R),
            ("steps.name", L),
            ("steps.description", L),
            ("steps.focus", L),
        ],
        x.x.steps
            .iter()
            .map(|s| {
                vec![
                    s.seq.to_string(),
                    s.name.clone(),
                    s.description.clone(),
                    yes_no(x, s.is_focus),
                ]
            })
            .collect(),
    )
}

fn focus(x: &Ctx) -> Block {
    let names: Vec<&str> =
        x.x.steps
            .iter()
            .filter(|s| s.is_focus)
            .map(|s| s.name.as_str())
            .collect();
    let recommended = &x.x.assessment.focus_recommendation;
    match (names.is_empty(), recommended.trim().is_empty()) {
        (true, true) => x.note_no_data(),
        _ => {
            let mut pairs = Vec::new();
            if !names.is_empty() {
                pairs.push((x.t("det.focus_steps"), names.join(", ")));
            }
            if !recommended.trim().is_empty() {
                pairs.push((x.t("det.focus_reason"), recommended.clone()));
            }
            Block::KeyValue(pairs)
        }
    }
}

/// The process-flow diagram: every step with its input flows above and its outputs below.
fn flow_diagram(x: &Ctx) -> Block {
    if x.x.steps.is_empty() {
        return x.note_no_data();
    }
    let named = |step: &str, dir: Direction| -> Vec<String> {
        x.x.flows
            .iter()
            .filter(|f| f.step_id.as_deref() == Some(step) && f.direction == dir)
            .map(|f| f.name.clone())
            .collect()
    };
    Block::Chart(Chart::Flow {
        title: x.t("det.flow_legend"),
        steps: x
            .x
            .steps
            .iter()
            .map(|s| FlowStep {
                name: s.name.clone(),
                focus: s.is_focus,
                inputs: named(&s.id, Direction::In),
                outputs: named(&s.id, Direction::Out),
            })
            .collect(),
    })
}

fn balance_row(
    x: &Ctx,
    line: &BalanceLine,
    kind: &str,
    bal: &sxsh_domain::calc::balance::Balance,
) -> Option<Vec<String>> {
    if bal.total_in == 0.0 && bal.total_out == 0.0 {
        return None;
    }
    let pct = |p: Option<f64>| p.map_or_else(|| "–".into(), |p| x.pct(p));
    let scope = if line.scope == "step" {
        line.name.clone()
    } else {
        x.code("scope", &line.scope)
    };
    Some(vec![
        scope,
        x.t(kind),
        format!("{} {}", x.q(bal.total_in), bal.unit),
        format!("{} {}", x.q(bal.total_out), bal.unit),
        pct(bal.closure_pct),
        pct(bal.unidentified_pct),
    ])
}

fn balances(x: &Ctx) -> Vec<Block> {
    let rows: Vec<Vec<String>> =
        x.x.balances
            .iter()
            .flat_map(|l| {
                [
                    balance_row(x, l, "balance.material", &l.material),
                    balance_row(x, l, "balance.water", &l.water),
                ]
            })
            .flatten()
            .collect();
    let mut b = vec![x.table_or_note(
        &[
            ("balance.scope", L),
            ("balance.kind", L),
            ("balance.in", R),
            ("balance.out", R),
            ("balance.closure", R),
            ("balance.unidentified", R),
        ],
        rows,
    )];
    let incompatible: Vec<String> =
        x.x.balances
            .iter()
            .flat_map(|l| l.material.incompatible.iter().chain(&l.water.incompatible))
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
    if !incompatible.is_empty() {
        b.push(Block::Note(format!(
            "{} {}",
            x.t("balance.incompatible"),
            incompatible.join(", ")
        )));
    }
    b
}

fn waste_costs(x: &Ctx) -> Vec<Block> {
    let mut missing = false;
    let rows: Vec<Vec<String>> =
        x.x.waste_streams
            .iter()
            .map(|w| {
                let cost =
                    x.x.waste_costs
                        .iter()
                        .find(|c| c.waste_stream_id == w.id)
                        .map(|c| &c.cost);
                let cell = |v: Option<i64>| v.map_or_else(|| "–".into(), |v| x.money(v));
                missing |= cost.is_none_or(|c| !c.missing.is_empty());
                vec![
                    w.name.clone(),
                    x.code("waste", w.kind.code()),
                    format!("{} {}", x.q(w.quantity), w.unit),
                    cell(cost.map(|c| c.material_vnd)),
                    cell(cost.map(|c| c.energy_vnd + c.water_vnd)),
                    cell(cost.map(|c| c.treatment_disposal_fees_vnd)),
                    cell(cost.map(|c| c.total_vnd)),
                ]
            })
            .collect();
    let mut b = vec![x.table_or_note(
        &[
            ("waste.name", L),
            ("waste.kind", L),
            ("waste.quantity", R),
            ("waste.material", R),
            ("waste.energy_water", R),
            ("waste.treatment", R),
            ("waste.total", R),
        ],
        rows,
    )];
    if missing {
        b.push(Block::Note(x.t("waste.missing_note")));
    }
    b
}

fn causes(x: &Ctx) -> Block {
    x.table_or_note(
        &[
            ("causes.waste", L),
            ("causes.category", L),
            ("causes.description", L),
        ],
        x.x.causes
            .iter()
            .map(|c| {
                let waste = c
                    .waste_stream_id
                    .as_ref()
                    .and_then(|id| x.x.waste_streams.iter().find(|w| &w.id == id))
                    .map_or_else(|| "–".into(), |w| w.name.clone());
                let category =
                    x.x.cause_categories
                        .iter()
                        .find(|(code, _)| code == &c.category)
                        .map_or_else(|| c.category.clone(), |(_, name)| name.clone());
                vec![waste, category, c.description.clone()]
            })
            .collect(),
    )
}

/// Options grouped by CP technique, in the reference order of the techniques.
fn by_technique(x: &Ctx) -> Block {
    let mut rows = Vec::new();
    for (code, name) in &x.x.techniques {
        for o in
            x.x.options
                .iter()
                .filter(|o| o.option.techniques.first() == Some(code))
        {
            rows.push(vec![
                format!("{code} – {name}"),
                o.option.title.clone(),
                o.option.description.clone(),
            ]);
        }
    }
    x.table_or_note(
        &[
            ("opp.technique", L),
            ("opp.option", L),
            ("opp.description", L),
        ],
        rows,
    )
}

fn screening(x: &Ctx) -> Block {
    x.table_or_note(
        &[
            ("opp.option", L),
            ("opp.screening", L),
            ("opp.reason", L),
            ("opp.score", R),
            ("opp.selected", L),
        ],
        x.x.options
            .iter()
            .map(|o| {
                let o = &o.option;
                vec![
                    o.title.clone(),
                    o.screening
                        .map_or_else(|| x.no_data(), |s| x.code("screening", s.code())),
                    o.screening_reason.clone(),
                    o.score.map_or_else(|| "–".into(), |s| x.n(s, 1)),
                    yes_no(x, o.selected),
                ]
            })
            .collect(),
    )
}

/// NV10: each option's checklist (space, skills, supply, quality, safety, downtime), then its
/// notes and those of the points that raise a concern.
fn technical(x: &Ctx) -> Vec<Block> {
    let assessed: Vec<_> =
        x.x.options
            .iter()
            .map(|o| &o.option)
            .filter(|o| !o.technical_notes.trim().is_empty() || !o.technical_checks.is_empty())
            .collect();
    if assessed.is_empty() {
        return vec![x.note_no_data()];
    }
    let mut columns = vec![("opp.option", L)];
    let keys: Vec<String> = TECHNICAL_CHECK_CODES
        .iter()
        .map(|c| format!("tech.{c}"))
        .collect();
    columns.extend(keys.iter().map(|k| (k.as_str(), L)));
    let rows = assessed
        .iter()
        .map(|o| {
            let mut row = vec![o.title.clone()];
            row.extend(TECHNICAL_CHECK_CODES.iter().map(|c| {
                o.technical_checks
                    .iter()
                    .find(|k| k.criterion == *c)
                    .map_or_else(|| "–".to_string(), |k| x.code("check", k.state.code()))
            }));
            row
        })
        .collect();
    let mut blocks = vec![x.table(&columns, rows)];
    for o in &assessed {
        let mut notes: Vec<(String, String)> = o
            .technical_checks
            .iter()
            .filter(|k| !k.note.trim().is_empty())
            .map(|k| {
                (
                    format!("{} — {}", o.title, x.code("tech", &k.criterion)),
                    k.note.clone(),
                )
            })
            .collect();
        if !o.technical_notes.trim().is_empty() {
            notes.insert(0, (o.title.clone(), o.technical_notes.clone()));
        }
        if !notes.is_empty() {
            blocks.push(Block::KeyValue(notes));
        }
    }
    blocks
}

/// NV12: each resource an option changes, per year, before and after, with the tCO2 it avoids
/// and the factors behind it (year, source in the factor annex).
fn before_after(x: &Ctx) -> Block {
    let title = |id: &str| {
        x.x.options
            .iter()
            .find(|o| o.option.id == id)
            .map(|o| o.option.title.clone())
            .unwrap_or_default()
    };
    let opt = |v: Option<f64>| v.map_or_else(|| x.no_data(), |v| x.q(v));
    x.table_or_note(
        &[
            ("opp.option", L),
            ("env.resource", L),
            ("env.before", R),
            ("env.change", R),
            ("env.after", R),
            ("env.cut", R),
            ("env.tco2", R),
            ("env.factor", L),
        ],
        x.x.environment
            .iter()
            .map(|e| {
                let what = if e.name.is_empty() {
                    x.code("resource", e.resource.code())
                } else {
                    e.name.clone()
                };
                let factors = e
                    .factors
                    .iter()
                    .filter(|f| f.unit.contains("CO2") || f.unit.contains("CO₂"))
                    .map(|f| match f.year {
                        // A readable grid factor's name already says its year.
                        Some(y) if !f.name.contains(&y.to_string()) => {
                            format!("{} ({y})", f.name)
                        }
                        _ => f.name.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                vec![
                    title(&e.option_id),
                    format!("{what} ({})", sxsh_domain::format::typeset_unit(&e.unit)),
                    opt(e.before),
                    x.q(e.change),
                    opt(e.after),
                    e.cut_pct.map_or_else(|| "–".into(), |c| x.pct(c)),
                    x.fig(e.tco2),
                    if factors.is_empty() {
                        "–".into()
                    } else {
                        factors
                    },
                ]
            })
            .collect(),
    )
}

/// NV13: the criteria with their weights, then each option's scores, weighted score and rank.
fn selection(x: &Ctx) -> Vec<Block> {
    let criteria = &x.x.assessment.selection_criteria;
    if criteria.is_empty() {
        return vec![x.note_no_data()];
    }
    let mut blocks = vec![Block::KeyValue(
        criteria
            .iter()
            .map(|c| (c.name.clone(), x.pct(c.weight)))
            .collect(),
    )];
    let rows =
        x.x.selection_ranking
            .iter()
            .filter_map(|r| {
                let o =
                    &x.x.options
                        .iter()
                        .find(|o| o.option.id == r.option_id)?
                        .option;
                let scores = criteria
                    .iter()
                    .map(|c| {
                        let s = o.selection_scores.iter().find(|s| s.criterion_id == c.id);
                        format!(
                            "{} {}",
                            c.name,
                            s.map_or_else(|| "–".into(), |s| x.q(s.score))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" · ");
                Some(vec![
                    o.title.clone(),
                    scores,
                    r.score.map_or_else(|| x.no_data(), |s| x.n(s, 2)),
                    r.rank.map_or_else(|| "–".into(), |k| k.to_string()),
                    yes_no(x, o.selected),
                ])
            })
            .collect();
    blocks.push(x.table_or_note(
        &[
            ("opp.option", L),
            ("sel.scores", L),
            ("sel.weighted", R),
            ("sel.rank", R),
            ("opp.selected", L),
        ],
        rows,
    ));
    blocks
}

/// NPV and payback with investment, savings and prices moved by ±20 %.
fn sensitivity(x: &Ctx) -> Vec<Block> {
    let rows: Vec<Vec<String>> =
        x.x.options
            .iter()
            .flat_map(|o| {
                o.sensitivity.iter().map(|s| {
                    let sign = if s.change_pct > 0.0 { "+" } else { "" };
                    vec![
                        o.option.title.clone(),
                        format!(
                            "{} {sign}{}\u{a0}%",
                            x.code("sens", &s.factor),
                            x.n(s.change_pct, 0)
                        ),
                        x.npv(s.npv_vnd, &s.payback),
                        x.payback(&s.payback),
                    ]
                })
            })
            .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    vec![
        x.h2("det.sensitivity"),
        x.table(
            &[
                ("opp.option", L),
                ("sens.case", L),
                ("options.npv", R),
                ("options.payback", R),
            ],
            rows,
        ),
    ]
}

fn environmental(x: &Ctx) -> Block {
    x.table_or_note(
        &[
            ("opp.option", L),
            ("env.gj", R),
            ("env.toe", R),
            ("env.tco2", R),
            ("env.biogenic", R),
        ],
        x.x.options
            .iter()
            .map(|o| {
                vec![
                    o.option.title.clone(),
                    x.n(o.impact.gj, 1),
                    x.n(o.impact.toe, 2),
                    x.n(o.impact.tco2, 2),
                    x.n(o.impact.biogenic_tco2, 2),
                ]
            })
            .collect(),
    )
}

fn actions(x: &Ctx) -> Block {
    x.table_or_note(
        &[
            ("plan.action", L),
            ("plan.owner", L),
            ("plan.dates", L),
            ("plan.budget", R),
            ("plan.status", L),
        ],
        x.x.actions
            .iter()
            .map(|a| {
                vec![
                    a.title.clone(),
                    a.owner.clone(),
                    x.period(&a.start_date, &a.end_date),
                    a.budget_vnd.map_or_else(|| "–".into(), |v| x.money(v)),
                    x.code("status", a.status.code()),
                ]
            })
            .collect(),
    )
}

fn monitoring(x: &Ctx) -> Vec<Block> {
    let m = &x.x.monitoring;
    if m.is_empty() {
        return vec![x.note_no_data()];
    }
    // The engine's figures of each record (change, realised saving normalised to the
    // production after); the report adds up nothing.
    let line = |r: &MonitoringRecord| {
        x.x.monitoring_lines
            .iter()
            .find(|l| l.figure.record_id == r.id)
    };
    let saving = |v: Option<f64>, unit: &str| {
        v.map_or_else(|| "–".to_string(), |v| format!("{} {unit}", x.q(v)))
    };
    let mut blocks = vec![
        x.table(
            &[
                ("mon.indicator", L),
                ("mon.unit", L),
                ("mon.before", R),
                ("mon.after", R),
                ("mon.change", R),
                ("mon.realised", R),
                ("mon.expected", R),
            ],
            m.iter()
                .map(|r| {
                    let l = line(r);
                    let f = l.map(|l| &l.figure);
                    vec![
                        r.indicator.clone(),
                        r.unit.clone(),
                        x.q(r.baseline),
                        x.q(r.after),
                        f.and_then(|f| f.change_pct)
                            .map_or_else(|| "–".to_string(), |c| x.pct(c)),
                        f.and_then(|f| f.realised.as_ref()).map_or_else(
                            || "–".to_string(),
                            |s| {
                                format!(
                                    "{} {}",
                                    x.q(s.saving),
                                    s.sc_unit.split('/').next().unwrap_or_default()
                                )
                            },
                        ),
                        l.map_or_else(|| "–".to_string(), |l| saving(l.expected, &l.unit)),
                    ]
                })
                .collect(),
        ),
        Block::Note(x.t("mon.realised_note")),
        Block::Chart(Chart::BeforeAfter {
            title: x.t("mon.chart"),
            before_label: x.t("mon.before"),
            after_label: x.t("mon.after"),
            items: m
                .iter()
                .map(|r| (r.indicator.clone(), r.baseline, r.after, r.unit.clone()))
                .collect(),
        }),
    ];
    // Realised beside expected, for the indicators that have both.
    let compared: Vec<(String, f64, f64, String)> = m
        .iter()
        .filter_map(|r| {
            let l = line(r)?;
            Some((
                r.indicator.clone(),
                l.expected?,
                l.realised?,
                l.unit.clone(),
            ))
        })
        .collect();
    if !compared.is_empty() {
        blocks.push(Block::Chart(Chart::BeforeAfter {
            title: x.t("mon.compare_chart"),
            before_label: x.t("mon.expected"),
            after_label: x.t("mon.realised"),
            items: compared,
        }));
    }
    blocks
}

/// Every flow with its step, category, source and note: the NV6 worksheet, on landscape pages.
fn flow_worksheet(x: &Ctx) -> Block {
    let rows: Vec<Vec<String>> =
        x.x.flows
            .iter()
            .map(|f| {
                vec![
                    x.step_name(&f.step_id),
                    f.name.clone(),
                    x.code("dir", f.direction.code()),
                    x.code("flowcat", f.category.code()),
                    x.q(f.quantity),
                    f.unit.clone(),
                    x.code("period", f.period.code()),
                    f.unit_price_vnd.map_or_else(|| "–".into(), |p| x.money(p)),
                    x.code("source", f.source.code()),
                    f.note.clone(),
                ]
            })
            .collect();
    match x.table_or_note(
        &[
            ("steps.name", L),
            ("flows.name", L),
            ("flows.direction", L),
            ("flows.category", L),
            ("flows.quantity", R),
            ("flows.unit", L),
            ("flows.period", L),
            ("flows.price", R),
            ("flows.source", L),
            ("flows.note", L),
        ],
        rows,
    ) {
        Block::Table(t) => Block::Table(Table {
            landscape: true,
            ..t
        }),
        other => other,
    }
}

fn waste_worksheet(x: &Ctx) -> Block {
    x.table_or_note(
        &[
            ("steps.name", L),
            ("waste.name", L),
            ("waste.kind", L),
            ("waste.quantity", R),
            ("flows.period", L),
            ("flows.note", L),
        ],
        x.x.waste_streams
            .iter()
            .map(|w| {
                vec![
                    x.step_name(&w.step_id),
                    w.name.clone(),
                    x.code("waste", w.kind.code()),
                    format!("{} {}", x.q(w.quantity), w.unit),
                    x.code("period", w.period.code()),
                    w.note.clone(),
                ]
            })
            .collect(),
    )
}
