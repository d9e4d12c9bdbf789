//! Report sections shared by the quick and the detailed report: each turns part of an
//! [`AssessmentData`] into blocks, and says "no data yet" instead of vanishing when empty.

use crate::catalog::Labels;
use crate::data::*;
use crate::model::*;
use sxsh_domain::calc::econ::{Irr, Payback};
use sxsh_domain::format::{format_quantity, significant_decimals};
use sxsh_domain::model::*;

/// The labels of the report's language and the data of the report being built; the label and
/// formatting helpers of [`Labels`] are reached through it.
pub struct Ctx<'a> {
    pub l: Labels,
    pub x: &'a AssessmentData,
}

impl std::ops::Deref for Ctx<'_> {
    type Target = Labels;
    fn deref(&self) -> &Labels {
        &self.l
    }
}

impl<'a> Ctx<'a> {
    pub fn new(x: &'a AssessmentData) -> Self {
        Ctx {
            l: Labels::new(x.lang),
            x,
        }
    }

    /// The name of a process step by id, or "–".
    pub fn step_name(&self, id: &Option<String>) -> String {
        id.as_ref()
            .and_then(|id| self.x.steps.iter().find(|s| &s.id == id))
            .map_or_else(|| "–".into(), |s| s.name.clone())
    }

    /// A whole report titled by `title_key`: its cover, its running header with the enterprise's
    /// name, and `blocks`.
    pub fn report(&self, title_key: &str, blocks: Vec<Block>) -> Report {
        let e = &self.x.enterprise;
        let a = &self.x.assessment;
        let mut lines = vec![
            (self.t("cover.enterprise"), e.name.clone()),
            (self.t("cover.address"), self.address()),
        ];
        if let Some(p) = &self.x.programme {
            lines.push((self.t("cover.programme"), p.clone()));
        }
        lines.push((self.t("cover.consultant"), self.or_no_data(&a.consultant)));
        lines.push((
            self.t("cover.dates"),
            self.period(&a.start_date, &a.end_date),
        ));
        lines.push((self.t("cover.prepared"), self.x.prepared_on.clone()));
        self.l
            .report(title_key, &e.name, lines, blocks, self.x.created_unix)
    }

    /// The street address, or the commune, district and province when there is none.
    fn address(&self) -> String {
        let e = &self.x.enterprise;
        if !e.address.trim().is_empty() {
            return e.address.clone();
        }
        let place = [&e.commune, &e.district, &e.province]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        self.or_no_data(&place)
    }
}

const L: Align = Align::Left;
const R: Align = Align::Right;

/// The enterprise's profile and the baseline.
pub fn profile(x: &Ctx) -> Vec<Block> {
    let e = &x.x.enterprise;
    let a = &x.x.assessment;
    let with_unit = |v: Option<f64>, unit: &str| match v {
        Some(v) => format!("{} {unit}", x.q(v)),
        None => x.no_data(),
    };
    let contact = [
        e.contact_name.as_str(),
        e.contact_phone.as_str(),
        e.contact_email.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    vec![Block::KeyValue(vec![
        (x.t("cover.enterprise"), e.name.clone()),
        (x.t("profile.kind"), x.code("kind", e.kind.code())),
        (x.t("cover.address"), x.address()),
        (x.t("profile.village"), x.or_no_data(&e.craft_village)),
        (
            x.t("profile.sector"),
            x.or_no_data(&crate::catalog::sector_name(x.lang, &e.sector)),
        ),
        (x.t("profile.products"), x.or_no_data(&e.main_products)),
        (
            x.t("profile.capacity"),
            with_unit(e.design_capacity, &e.capacity_unit),
        ),
        (
            x.t("profile.employees"),
            e.employees.map_or_else(|| x.no_data(), |v| v.to_string()),
        ),
        (x.t("profile.contact"), x.or_no_data(&contact)),
        (
            x.t("profile.baseline"),
            x.period(&a.baseline_start, &a.baseline_end),
        ),
        (
            x.t("profile.production"),
            with_unit(a.production_volume, &a.production_unit),
        ),
    ])]
}

/// The assessment team.
pub fn team(x: &Ctx) -> Block {
    x.table_or_note(
        &[
            ("team.name", L),
            ("team.position", L),
            ("team.role", L),
            ("team.organisation", L),
        ],
        x.x.team
            .iter()
            .map(|t| {
                vec![
                    t.name.clone(),
                    t.position.clone(),
                    t.role.clone(),
                    t.organisation.clone(),
                ]
            })
            .collect(),
    )
}

/// Walk-through findings: a summary, the answers, free observations and photos.
pub fn findings(x: &Ctx) -> Vec<Block> {
    let f = &x.x.findings;
    let mut b = Vec::new();
    if f.is_empty() {
        b.push(x.note_no_data());
    } else {
        let count = |ans: Answer| f.iter().filter(|l| l.answer == ans).count().to_string();
        b.push(Block::Paragraph(
            x.t("findings.summary")
                .replace("{n}", &f.len().to_string())
                .replace("{yes}", &count(Answer::Yes))
                .replace("{no}", &count(Answer::No))
                .replace("{na}", &count(Answer::Na)),
        ));
        b.push(
            x.table(
                &[
                    ("findings.code", L),
                    ("findings.question", L),
                    ("findings.answer", L),
                    ("findings.note", L),
                ],
                f.iter()
                    .map(|l| {
                        vec![
                            l.code.clone(),
                            l.question.clone(),
                            x.code("answer", l.answer.code()),
                            l.note.clone(),
                        ]
                    })
                    .collect(),
            ),
        );
    }
    if !x.x.observations.is_empty() {
        b.push(x.h2("findings.observations"));
        for o in &x.x.observations {
            let text = if o.area.is_empty() {
                o.text.clone()
            } else {
                format!("{}: {}", o.area, o.text)
            };
            b.push(Block::Paragraph(format!("• {text}")));
        }
    }
    b
}

/// The photos, or nothing when there are none (the findings say what was seen), and a note
/// naming any photo that could not be read.
pub fn photos(x: &Ctx) -> Vec<Block> {
    let mut b = Vec::new();
    if !x.x.photos.is_empty() {
        b.push(Block::Photos(x.x.photos.clone()));
    }
    if !x.x.unreadable_photos.is_empty() {
        b.push(Block::Note(format!(
            "{} {}",
            x.t("photos.unreadable"),
            x.x.unreadable_photos.join("; ")
        )));
    }
    b
}

/// Flows with quantities, prices and values.
pub fn flows(x: &Ctx, flows: &[&Flow]) -> Block {
    x.table_or_note(
        &[
            ("flows.name", L),
            ("flows.direction", L),
            ("flows.quantity", R),
            ("flows.unit", L),
            ("flows.price", R),
            ("flows.value", R),
        ],
        flows
            .iter()
            .map(|f| {
                // A missing price matters for inputs; outputs often have none (waste, emissions).
                let missing = if f.direction == Direction::In {
                    x.no_data()
                } else {
                    "–".into()
                };
                let price = f.unit_price_vnd.map_or(missing, |p| x.money(p));
                let value =
                    x.x.flow_cost(&f.id)
                        .map_or_else(|| "–".into(), |v| x.money(v));
                vec![
                    f.name.clone(),
                    x.code("dir", f.direction.code()),
                    x.q(f.quantity),
                    f.unit.clone(),
                    price,
                    value,
                ]
            })
            .collect(),
    )
}

/// Specific consumption against the sector's benchmarks.
pub fn specific(x: &Ctx) -> Block {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for s in &x.x.specific {
        let name = x.code("category", &s.category);
        let value = format!("{} {}", x.q(s.value), s.unit);
        if s.benchmarks.is_empty() {
            rows.push(vec![name, value, x.t("specific.none"), "–".into()]);
            continue;
        }
        // Every comparison, the furthest above first; the indicator and value once.
        for (i, b) in s.benchmarks.iter().enumerate() {
            let kind = x.t(if b.legal_norm {
                "specific.norm"
            } else {
                "specific.reference"
            });
            let (n, v) = if i == 0 {
                (name.clone(), value.clone())
            } else {
                (String::new(), String::new())
            };
            rows.push(vec![
                n,
                v,
                format!("{kind}: {}", b.text),
                x.code("position", &b.position),
            ]);
        }
    }
    // Every energy carrier together, converted (the engine's figures), beside the per-carrier
    // lines above.
    if let Some(e) = &x.x.specific_energy {
        rows.push(vec![
            x.t("specific.energy_total"),
            format!("{} GJ/{p}; {} TOE/{p}", x.q(e.gj), x.q(e.toe), p = e.per),
            x.t("specific.none"),
            "–".into(),
        ]);
    }
    x.table_or_note(
        &[
            ("specific.indicator", L),
            ("specific.value", R),
            ("specific.benchmark", L),
            ("specific.position", L),
        ],
        rows,
    )
}

/// Options with investment, savings, payback, NPV, IRR and CO2; totals, charts and the basis.
pub fn options_economics(x: &Ctx) -> Vec<Block> {
    let opts = &x.x.options;
    if opts.is_empty() {
        return vec![x.note_no_data()];
    }
    let a = &x.x.assessment;
    let mut rows: Vec<Vec<String>> = opts
        .iter()
        .map(|o| {
            vec![
                o.option.title.clone(),
                o.option.techniques.join(", "),
                x.money_or(o.option.investment_vnd, "options.investment_unknown"),
                if o.economics.payback == Payback::NoSavings {
                    x.t("options.no_savings")
                } else {
                    x.money(o.economics.annual_net_savings_vnd)
                },
                x.payback(&o.economics.payback),
                x.npv(o.economics.npv_vnd, &o.economics.payback),
                x.irr(&o.economics.irr),
                x.n(o.impact.tco2, 2),
            ]
        })
        .collect();
    // The totals are the engine's (the report adds up no figure).
    let totals = &x.x.option_totals;
    rows.push(vec![
        x.t("options.total"),
        String::new(),
        x.money(totals.investment_vnd),
        x.money(totals.annual_net_savings_vnd),
        x.payback(&totals.payback),
        x.npv(totals.npv_vnd, &totals.payback),
        String::new(),
        x.n(totals.tco2, 2),
    ]);
    let grid_year =
        x.x.factors
            .iter()
            .find(|f| f.name == "grid_ef")
            .and_then(|f| f.year);
    let mut b = vec![
        x.table(
            &[
                ("options.title", L),
                ("options.techniques", L),
                ("options.investment", R),
                ("options.savings", R),
                ("options.payback", R),
                ("options.npv", R),
                ("options.irr", R),
                ("options.co2", R),
            ],
            rows,
        ),
        Block::KeyValue(vec![
            (
                x.t("summary.investment"),
                format!("{} {}", x.money(totals.investment_vnd), x.t("unit.vnd")),
            ),
            (
                x.t("summary.savings"),
                format!(
                    "{} {}",
                    x.money(totals.annual_net_savings_vnd),
                    x.t("unit.vnd")
                ),
            ),
            (x.t("options.payback"), x.payback(&totals.payback)),
            (x.t("summary.energy"), format!("{} TOE", x.n(totals.toe, 2))),
            (x.t("summary.co2"), format!("{} tCO2", x.n(totals.tco2, 2))),
        ]),
        Block::Note(
            x.t("options.npv_note")
                .replace("{rate}", &x.n(a.discount_rate * 100.0, 1))
                .replace("{life}", &a.life_years.to_string())
                .replace(
                    "{year}",
                    &grid_year.map_or_else(|| "–".into(), |y| y.to_string()),
                ),
        ),
        Block::Chart(Chart::Bars {
            title: x.t("options.chart"),
            unit: x.t("unit.vnd"),
            bars: opts
                .iter()
                .map(|o| {
                    (
                        o.option.title.clone(),
                        o.economics.annual_net_savings_vnd as f64,
                    )
                })
                .collect(),
        }),
    ];
    b.extend(options_detail(x));
    let by_technique = savings_by_technique(x);
    if !by_technique.is_empty() {
        b.push(Block::Chart(Chart::Bars {
            title: x.t("options.chart_technique"),
            unit: x.t("unit.vnd"),
            bars: by_technique,
        }));
    }
    b
}

/// What the options table cannot hold: options without an investment, the sides of a fuel
/// switch (with the biogenic memo) and cash-flow series (the interpolated IRR is in its annex,
/// [`irr_annex`]). Every figure is the engine's.
fn options_detail(x: &Ctx) -> Vec<Block> {
    let opts = &x.x.options;
    let totals = &x.x.option_totals;
    let mut b = Vec::new();
    if totals.options_without_investment > 0 {
        b.push(Block::Note(x.t("options.without_investment_note").replace(
            "{n}",
            &totals.options_without_investment.to_string(),
        )));
    }
    let mut switch_rows = Vec::new();
    for o in opts
        .iter()
        .filter(|o| o.option.savings.iter().any(|s| s.added))
    {
        for (side, i) in [
            ("options.side_saved", &o.impact_saved),
            ("options.side_added", &o.impact_added),
            ("options.side_net", &o.impact),
        ] {
            switch_rows.push(vec![
                o.option.title.clone(),
                x.t(side),
                x.n(i.toe, 2),
                x.n(i.tco2, 2),
                x.n(i.biogenic_tco2, 2),
            ]);
        }
    }
    if !switch_rows.is_empty() {
        b.push(Block::Note(x.t("options.switch_note")));
        b.push(x.table(
            &[
                ("options.title", L),
                ("options.side", L),
                ("options.toe", R),
                ("options.co2", R),
                ("options.biogenic", R),
            ],
            switch_rows,
        ));
    }
    for o in opts {
        if let Some(flows) = &o.option.cash_flows_vnd {
            b.push(Block::Note(
                x.t("options.cash_flows_note")
                    .replace("{title}", &o.option.title)
                    .replace(
                        "{flows}",
                        &flows
                            .iter()
                            .enumerate()
                            .map(|(t, cf)| format!("{t}: {}", x.money(*cf)))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
            ));
        }
    }
    b
}

/// The annex of the interpolated ("textbook") IRR of each option that has one: its trial rates,
/// their NPVs, the interpolated and the exact IRR (the engine's figures). None when no option
/// has one.
pub fn irr_annex(x: &Ctx) -> Option<Vec<Block>> {
    let opts = &x.x.options;
    let irr_rows: Vec<Vec<String>> = opts
        .iter()
        .filter_map(|o| {
            let t = o.economics.irr_interpolated.as_ref()?;
            // Two decimals: the two methods differ in the second.
            let pct2 = |r: f64| format!("{}\u{a0}%", x.n(r * 100.0, 2));
            Some(vec![
                o.option.title.clone(),
                x.pct(t.r1 * 100.0),
                x.money(t.npv1_vnd),
                x.pct(t.r2 * 100.0),
                x.money(t.npv2_vnd),
                pct2(t.rate),
                match o.economics.irr {
                    Irr::Unique { rate } => pct2(rate),
                    ref other => x.irr(other),
                },
            ])
        })
        .collect();
    if irr_rows.is_empty() {
        return None;
    }
    Some(vec![
        Block::Note(x.t("options.irr_textbook_note")),
        x.table(
            &[
                ("options.title", L),
                ("options.irr_r1", R),
                ("options.irr_npv1", R),
                ("options.irr_r2", R),
                ("options.irr_npv2", R),
                ("options.irr_textbook", R),
                ("options.irr_exact", R),
            ],
            irr_rows,
        ),
    ])
}

/// Annual savings per CP technique (the engine's, see `OptionTotals::by_technique`), named.
fn savings_by_technique(x: &Ctx) -> Vec<(String, f64)> {
    x.x.option_totals
        .by_technique
        .iter()
        .map(|t| {
            let name =
                x.x.techniques
                    .iter()
                    .find(|(c, _)| *c == t.code)
                    .map_or("", |(_, n)| n.as_str());
            (
                format!("{} – {name}", t.code),
                t.annual_net_savings_vnd as f64,
            )
        })
        .collect()
}

/// The annex of every factor used, with value, unit, year and source.
pub fn factors(x: &Ctx) -> Block {
    x.table_or_note(
        &[
            ("factors.name", L),
            ("factors.value", R),
            ("factors.unit", L),
            ("factors.year", L),
            ("factors.source", L),
        ],
        x.x.factors
            .iter()
            .map(|f| {
                let flag = if f.verified {
                    String::new()
                } else {
                    format!(" {}", x.t("factors.unverified"))
                };
                vec![
                    f.name.clone(),
                    format_quantity(f.value, significant_decimals(f.value), x.lang),
                    f.unit.clone(),
                    f.year.map(|y| y.to_string()).unwrap_or_default(),
                    format!("{}{flag}", f.source),
                ]
            })
            .collect(),
    )
}
