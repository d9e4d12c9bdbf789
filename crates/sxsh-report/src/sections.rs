//! Report sections shared by the quick and the detailed report: each turns part of an
//! [`AssessmentData`] into blocks, and says "no data yet" instead of vanishing when empty.

use crate::catalog::Labels;
use crate::data::*;
use crate::model::*;
use sxsh_domain::calc::econ::{Irr, Payback};
use sxsh_domain::format::{format_quantity, significant_decimals, typeset_unit};
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

    /// The full address: the street address followed by the commune, district and province it
    /// does not already name (compared without accents), so the cover always says where.
    fn address(&self) -> String {
        let e = &self.x.enterprise;
        let street = e.address.trim();
        let folded = sxsh_domain::text::fold(street);
        let place = std::iter::once(street)
            .chain(
                [&e.commune, &e.district, &e.province]
                    .into_iter()
                    .map(|s| s.trim())
                    .filter(|s| !folded.contains(&sxsh_domain::text::fold(s))),
            )
            .filter(|s| !s.is_empty())
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
                        // The quick win beside the item that failed.
                        let note = match (l.note.is_empty(), l.quick_win.is_empty()) {
                            (_, true) => l.note.clone(),
                            (true, false) => {
                                format!("{} {}", x.t("findings.quick_win"), l.quick_win)
                            }
                            (false, false) => {
                                format!("{}\n{} {}", l.note, x.t("findings.quick_win"), l.quick_win)
                            }
                        };
                        vec![
                            l.code.clone(),
                            l.question.clone(),
                            x.code("answer", l.answer.code()),
                            note,
                        ]
                    })
                    .collect(),
            ),
        );
        // Each item's photos right after the table, under the item they show.
        for l in f {
            let photos = photos_of(x, "checklist_response", &l.response_id, &l.question);
            if !photos.is_empty() {
                b.push(Block::Paragraph(format!(
                    "{} {} ({})",
                    l.code,
                    l.question,
                    x.code("answer", l.answer.code())
                )));
                b.push(Block::Photos(photos));
            }
        }
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
            let photos = photos_of(x, "observation", &o.id, &o.text);
            if !photos.is_empty() {
                b.push(Block::Photos(photos));
            }
        }
    }
    b
}

/// The photos of one row, each captioned with its own caption or else with `what` (the item's
/// question, the observation's text).
fn photos_of(x: &Ctx, entity: &str, id: &str, what: &str) -> Vec<Photo> {
    x.x.photos
        .iter()
        .filter(|p| p.owner_entity == entity && p.owner_id == id)
        .map(|p| {
            let mut p = p.clone();
            if p.caption.is_empty() {
                p.caption = what.to_string();
            }
            p
        })
        .collect()
}

/// True when a photo is printed beside its checklist item or observation by [`findings`].
fn beside_an_item(x: &Ctx, p: &Photo) -> bool {
    (p.owner_entity == "checklist_response"
        && x.x.findings.iter().any(|f| f.response_id == p.owner_id))
        || (p.owner_entity == "observation" && x.x.observations.iter().any(|o| o.id == p.owner_id))
}

/// The photos not printed beside an item (of the site, the assessment, a flow…), captioned
/// "Ảnh hiện trường n" when they have no caption, and a note naming any photo that could not
/// be read; nothing when there are none (the findings say what was seen).
pub fn photos(x: &Ctx) -> Vec<Block> {
    let mut b = Vec::new();
    let rest: Vec<Photo> =
        x.x.photos
            .iter()
            .filter(|p| !beside_an_item(x, p))
            .enumerate()
            .map(|(i, p)| {
                let mut p = p.clone();
                if p.caption.is_empty() {
                    p.caption = x.t("photos.site").replace("{n}", &(i + 1).to_string());
                }
                p
            })
            .collect();
    if !rest.is_empty() {
        b.push(Block::Photos(rest));
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
                    typeset_unit(&f.unit),
                    price,
                    value,
                ]
            })
            .collect(),
    )
}

/// Specific consumption against the sector's benchmarks.
pub fn specific(x: &Ctx) -> Vec<Block> {
    // Zero production leaves every specific consumption undefined: said so, not "no data".
    if x.x.assessment.production_volume == Some(0.0) {
        return vec![Block::Note(x.t("specific.production_zero"))];
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for s in &x.x.specific {
        let mut name = x.code("category", &s.category);
        if !s.fuel.is_empty() {
            name = format!("{name}: {}", s.fuel);
        }
        let mut value = format!("{} {}", x.fig(s.value), typeset_unit(&s.unit));
        // The total of every carrier also in TOE, as MOIT reports it.
        if s.category == "total_energy"
            && let Some(e) = &x.x.specific_energy
        {
            value = format!("{value}; {} TOE/{}", x.fig(e.toe), e.per);
        }
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
    let mut b = vec![x.table_or_note(
        &[
            ("specific.indicator", L),
            ("specific.value", R),
            ("specific.benchmark", L),
            ("specific.position", L),
        ],
        rows,
    )];
    if !x.x.benchmark_sources.is_empty() {
        let list: Vec<String> =
            x.x.benchmark_sources
                .iter()
                .enumerate()
                .map(|(i, c)| format!("[{}] {c}", i + 1))
                .collect();
        b.push(Block::Note(format!(
            "{}\n{}",
            x.t("specific.sources"),
            list.join("\n")
        )));
    }
    b
}

/// Options with investment, savings, payback, NPV, IRR and CO2; totals, charts and the basis.
pub fn options_economics(x: &Ctx) -> Vec<Block> {
    let opts = &x.x.options;
    if opts.is_empty() {
        return vec![x.note_no_data()];
    }
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
                x.fig(o.impact.tco2),
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
        x.fig(totals.tco2),
    ]);
    let grid_year = x.x.grid_year;
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
            (x.t("summary.energy"), format!("{} TOE", x.fig(totals.toe))),
            (x.t("summary.co2"), format!("{} tCO₂", x.fig(totals.tco2))),
        ]),
        Block::Note(npv_note(x, grid_year)),
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

/// How NPV and CO2 were computed: the discount rate, each option's own life (its life, the
/// length of its cash flows, or the assessment's default), and the grid factor's year.
fn npv_note(x: &Ctx, grid_year: Option<i64>) -> String {
    let a = &x.x.assessment;
    let life_of = |o: &OptionLine| match &o.option.cash_flows_vnd {
        Some(flows) if flows.len() > 1 => flows.len() as i64 - 1,
        _ => o.option.life_years.unwrap_or(a.life_years),
    };
    let lives: Vec<i64> = x.x.options.iter().map(life_of).collect();
    let life = if lives.iter().all(|l| Some(l) == lives.first()) {
        x.t("options.life_years").replace(
            "{life}",
            &lives.first().copied().unwrap_or(a.life_years).to_string(),
        )
    } else {
        x.x.options
            .iter()
            .map(|o| {
                format!(
                    "«{}» {}",
                    o.option.title,
                    x.t("options.life_years")
                        .replace("{life}", &life_of(o).to_string())
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    x.t("options.npv_note")
        .replace("{rate}", &x.n(a.discount_rate * 100.0, 1))
        .replace("{life}", &life)
        .replace(
            "{year}",
            &grid_year.map_or_else(|| "–".into(), |y| y.to_string()),
        )
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
                x.fig(i.toe),
                x.fig(i.tco2),
                x.fig(i.biogenic_tco2),
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
                    // A factor is data: shown as published, like an entered quantity.
                    format_quantity(f.value, significant_decimals(f.value), x.lang),
                    typeset_unit(&f.unit),
                    f.year.map(|y| y.to_string()).unwrap_or_default(),
                    format!("{}{flag}", f.source),
                ]
            })
            .collect(),
    )
}

/// The signature block on the last page: the enterprise's representative (its contact person
/// where known) and the consultant who led the assessment, under the place and date.
pub fn signatures(x: &Ctx) -> Vec<Block> {
    let e = &x.x.enterprise;
    let place = [e.province.as_str(), e.district.as_str()]
        .into_iter()
        .find(|p| !p.is_empty())
        .unwrap_or_default();
    let dated = x
        .t("sign.dated")
        .replace("{place}", place)
        .replace("{date}", &x.x.prepared_on);
    vec![
        Block::Paragraph(dated.trim_start_matches([',', ' ']).to_string()),
        Block::Signatures(vec![
            Signature {
                role: x.t("sign.enterprise"),
                instruction: x.t("sign.instruction"),
                name: e.contact_name.clone(),
            },
            Signature {
                role: x.t("sign.consultant"),
                instruction: x.t("sign.instruction"),
                name: x.x.assessment.consultant.clone(),
            },
        ]),
    ]
}
