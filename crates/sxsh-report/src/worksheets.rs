//! The worksheets of an assessment (flows, waste streams, options, actions, monitoring) as
//! tables of typed cells, written as XLSX (rust_xlsxwriter) or CSV (csv). Numbers stay numbers
//! in XLSX, so consultants can keep calculating in a spreadsheet.

use crate::data::AssessmentData;
use crate::sections::Ctx;
use rust_xlsxwriter::{Format, Workbook};
use sxsh_domain::calc::econ::{Irr, Payback};

/// One cell of a worksheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// Whole đồng.
    Money(i64),
    Empty,
}

/// A named worksheet with a header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Also the CSV file's stem; ASCII, at most 31 characters.
    pub file_name: &'static str,
    /// The sheet's title in the report's language.
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn opt_money(v: Option<i64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Money)
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The five worksheets of an assessment.
pub fn worksheets(data: &AssessmentData) -> Vec<Sheet> {
    let x = Ctx::new(data);
    let heads = |keys: &[&str]| keys.iter().map(|k| x.t(k)).collect::<Vec<_>>();
    let flows = Sheet {
        file_name: "flows",
        title: x.t("det.annex_flows"),
        headers: heads(&[
            "steps.name",
            "flows.name",
            "flows.direction",
            "flows.category",
            "flows.quantity",
            "flows.unit",
            "flows.period",
            "flows.price",
            "flows.value",
            "flows.source",
            "flows.note",
        ]),
        rows: data
            .flows
            .iter()
            .map(|f| {
                vec![
                    text(x.step_name(&f.step_id)),
                    text(&f.name),
                    text(x.code("dir", f.direction.code())),
                    text(x.code("flowcat", f.category.code())),
                    Cell::Number(f.quantity),
                    text(&f.unit),
                    text(x.code("period", f.period.code())),
                    opt_money(f.unit_price_vnd),
                    opt_money(data.flow_cost(&f.id)),
                    text(x.code("source", f.source.code())),
                    text(&f.note),
                ]
            })
            .collect(),
    };
    let waste = Sheet {
        file_name: "waste_streams",
        title: x.t("det.annex_waste"),
        headers: heads(&[
            "steps.name",
            "waste.name",
            "waste.kind",
            "waste.quantity",
            "flows.unit",
            "flows.period",
            "waste.material",
            "waste.energy_water",
            "waste.treatment",
            "waste.total",
            "flows.note",
        ]),
        rows: data
            .waste_streams
            .iter()
            .map(|w| {
                let cost = data
                    .waste_costs
                    .iter()
                    .find(|c| c.waste_stream_id == w.id)
                    .map(|c| &c.cost);
                let m = |f: &dyn Fn(&sxsh_domain::calc::waste::WasteCost) -> i64| {
                    cost.map_or(Cell::Empty, |c| Cell::Money(f(c)))
                };
                vec![
                    text(x.step_name(&w.step_id)),
                    text(&w.name),
                    text(x.code("waste", w.kind.code())),
                    Cell::Number(w.quantity),
                    text(&w.unit),
                    text(x.code("period", w.period.code())),
                    m(&|c| c.material_vnd),
                    m(&|c| c.energy_vnd + c.water_vnd),
                    m(&|c| c.treatment_disposal_fees_vnd),
                    m(&|c| c.total_vnd),
                    text(&w.note),
                ]
            })
            .collect(),
    };
    let rank = |id: &str| data.selection_ranking.iter().find(|r| r.option_id == id);
    let options = Sheet {
        file_name: "options",
        title: x.t("sec.options"),
        headers: heads(&[
            "options.title",
            "options.techniques",
            "opp.screening",
            "opp.selected",
            "plan.status",
            "options.investment",
            "options.savings",
            "options.payback",
            "options.npv",
            "options.irr",
            "env.toe",
            "env.tco2",
            "det.technical",
            "sel.weighted",
            "sel.rank",
        ]),
        rows: data
            .options
            .iter()
            .map(|o| {
                let payback = match o.economics.payback {
                    Payback::Years { years } => Cell::Number(years),
                    ref other => text(x.payback(other)),
                };
                let irr = match &o.economics.irr {
                    Irr::Unique { rate } => Cell::Number(*rate),
                    other => text(x.irr(other)),
                };
                vec![
                    text(&o.option.title),
                    text(o.option.techniques.join(", ")),
                    o.option
                        .screening
                        .map_or(Cell::Empty, |s| text(x.code("screening", s.code()))),
                    text(if o.option.selected {
                        x.t("yes")
                    } else {
                        String::new()
                    }),
                    text(x.code("status", o.option.status.code())),
                    o.option
                        .investment_vnd
                        .map_or_else(|| text(x.t("options.investment_unknown")), Cell::Money),
                    Cell::Money(o.economics.annual_net_savings_vnd),
                    payback,
                    o.economics
                        .npv_vnd
                        .map_or_else(|| text(x.npv(None, &o.economics.payback)), Cell::Money),
                    irr,
                    Cell::Number(o.impact.toe),
                    Cell::Number(o.impact.tco2),
                    text(
                        o.option
                            .technical_checks
                            .iter()
                            .map(|k| {
                                format!(
                                    "{}: {}",
                                    x.code("tech", &k.criterion),
                                    x.code("check", k.state.code())
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    rank(o.option.id.as_str())
                        .and_then(|r| r.score)
                        .map_or(Cell::Empty, Cell::Number),
                    rank(o.option.id.as_str())
                        .and_then(|r| r.rank)
                        .map_or(Cell::Empty, |k| Cell::Number(k as f64)),
                ]
            })
            .collect(),
    };
    let actions = Sheet {
        file_name: "actions",
        title: x.t("det.plan"),
        headers: heads(&[
            "plan.action",
            "plan.owner",
            "plan.dates",
            "plan.budget",
            "plan.status",
        ]),
        rows: data
            .actions
            .iter()
            .map(|a| {
                vec![
                    text(&a.title),
                    text(&a.owner),
                    text(x.period(&a.start_date, &a.end_date)),
                    opt_money(a.budget_vnd),
                    text(x.code("status", a.status.code())),
                ]
            })
            .collect(),
    };
    let line = |id: &str| {
        data.monitoring_lines
            .iter()
            .find(|l| l.figure.record_id == id)
    };
    let monitoring = Sheet {
        file_name: "monitoring",
        title: x.t("det.monitoring"),
        headers: heads(&[
            "mon.indicator",
            "mon.unit",
            "mon.before",
            "mon.after",
            "flows.period",
            "mon.realised",
            "mon.expected",
            "flows.note",
        ]),
        rows: data
            .monitoring
            .iter()
            .map(|m| {
                vec![
                    text(&m.indicator),
                    text(&m.unit),
                    Cell::Number(m.baseline),
                    Cell::Number(m.after),
                    text(x.code("period", m.period.code())),
                    line(&m.id)
                        .and_then(|l| l.realised)
                        .map_or(Cell::Empty, Cell::Number),
                    line(&m.id)
                        .and_then(|l| l.expected)
                        .map_or(Cell::Empty, Cell::Number),
                    text(&m.note),
                ]
            })
            .collect(),
    };
    vec![flows, waste, options, actions, monitoring]
}

/// A workbook with one sheet per worksheet: bold frozen header row, thousands-grouped money,
/// columns sized to their content.
pub fn to_xlsx(sheets: &[Sheet]) -> crate::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0");
    let number = Format::new().set_num_format("#,##0.##");
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&s.title))?;
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => ws.write_string(r, c, t).map(|_| ())?,
                    Cell::Number(v) if v.is_finite() => {
                        ws.write_number_with_format(r, c, *v, &number).map(|_| ())?
                    }
                    Cell::Money(v) => ws
                        .write_number_with_format(r, c, *v as f64, &money)
                        .map(|_| ())?,
                    _ => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofit();
    }
    Ok(book.save_to_buffer()?)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect()
}

/// One worksheet as CSV (UTF-8 with a byte-order mark so spreadsheet programs read the
/// diacritics; numbers with a decimal point, no grouping).
pub fn to_csv(sheet: &Sheet) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(&sheet.headers).expect("writing to memory");
    for row in &sheet.rows {
        let cells = row.iter().map(|c| match c {
            Cell::Text(t) => t.clone(),
            Cell::Number(v) if v.is_finite() => v.to_string(),
            Cell::Money(v) => v.to_string(),
            _ => String::new(),
        });
        w.write_record(cells).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
