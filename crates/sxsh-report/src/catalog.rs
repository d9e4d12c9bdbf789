//! Report label catalogs (`assets/i18n/report.{vi,en}.json`).

use crate::data::date;
use crate::model::*;
use std::sync::OnceLock;
use sxsh_domain::calc::econ::{Irr, Payback};
use sxsh_domain::format::{Catalog, Lang, format_figure, format_number, format_quantity};

/// The report catalog of `lang`.
pub fn labels(lang: Lang) -> &'static Catalog {
    static VI: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    let parse = |t: &str| Catalog::parse(t).expect("report catalogs are checked by tests");
    match lang {
        Lang::Vi => VI.get_or_init(|| parse(include_str!("../../../assets/i18n/report.vi.json"))),
        Lang::En => EN.get_or_init(|| parse(include_str!("../../../assets/i18n/report.en.json"))),
    }
}

/// The labels of one language with the formatting every report uses: numbers, money,
/// percentages, dates, and blocks whose titles are label keys.
pub struct Labels {
    pub c: &'static Catalog,
    pub lang: Lang,
}

impl Labels {
    pub fn new(lang: Lang) -> Self {
        Labels {
            c: labels(lang),
            lang,
        }
    }

    /// The label of `key`. A missing label is a bug caught by the tests (debug builds panic);
    /// release builds print the key.
    pub fn t(&self, key: &str) -> String {
        debug_assert!(self.c.get(key).is_some(), "report label {key:?} missing");
        self.c.t(key).to_string()
    }

    /// A fixed-decimals number in the report's language.
    pub fn n(&self, v: f64, decimals: usize) -> String {
        format_number(v, decimals, self.lang)
    }

    /// A measured quantity: up to two decimals, no trailing zeros.
    pub fn q(&self, v: f64) -> String {
        format_quantity(v, 2, self.lang)
    }

    /// A computed figure that is not money (an intensity, a factor, a total of energy or
    /// CO2): three significant figures, whole units kept ([`format_figure`]).
    pub fn fig(&self, v: f64) -> String {
        format_figure(v, self.lang)
    }

    /// A percentage with one decimal, kept on one line: `12,5 %`.
    pub fn pct(&self, v: f64) -> String {
        format!("{}\u{a0}%", self.n(v, 1))
    }

    /// A whole-đồng amount.
    pub fn money(&self, v: i64) -> String {
        format_number(v as f64, 0, self.lang)
    }

    pub fn no_data(&self) -> String {
        self.t("no_data")
    }

    /// `s`, or "no data yet" when blank.
    pub fn or_no_data(&self, s: &str) -> String {
        if s.trim().is_empty() {
            self.no_data()
        } else {
            s.to_string()
        }
    }

    /// The label of a code: `code("dir", "in")` is the label `dir.in`.
    pub fn code(&self, prefix: &str, code: &str) -> String {
        self.t(&format!("{prefix}.{code}"))
    }

    pub fn date(&self, d: &str) -> String {
        date(d, self.lang)
    }

    /// A date range, or "no data yet".
    pub fn period(&self, from: &Option<String>, to: &Option<String>) -> String {
        match (from, to) {
            (Some(s), Some(t)) => format!("{} – {}", self.date(s), self.date(t)),
            (Some(s), None) => self.date(s),
            (None, Some(t)) => self.date(t),
            _ => self.no_data(),
        }
    }

    pub fn payback(&self, p: &Payback) -> String {
        match p {
            // A known zero investment with savings pays back at once.
            Payback::Years { years } if *years == 0.0 => self.t("options.payback_now"),
            Payback::Years { years } => {
                format!("{}\u{a0}{}", self.n(*years, 1), self.t("options.years"))
            }
            Payback::Undefined { .. } => self.t("options.undefined"),
            Payback::NoInvestment => self.t("options.no_investment"),
            Payback::NoSavings => self.t("options.no_savings"),
        }
    }

    /// An NPV, or why there is none: no savings data yet (`payback` says so) or no investment.
    pub fn npv(&self, npv: Option<i64>, payback: &Payback) -> String {
        let missing = if *payback == Payback::NoSavings {
            "options.no_savings"
        } else {
            "options.no_investment"
        };
        self.money_or(npv, missing)
    }

    /// A whole-đồng amount that may not be known (an option's NPV without its investment).
    pub fn money_or(&self, v: Option<i64>, missing: &str) -> String {
        match v {
            Some(v) => self.money(v),
            None => self.t(missing),
        }
    }

    pub fn irr(&self, irr: &Irr) -> String {
        match irr {
            Irr::Unique { rate } => self.pct(rate * 100.0),
            Irr::Multiple { rates } => format!(
                "{} ({})",
                self.t("irr.multiple"),
                rates
                    .iter()
                    .map(|r| self.pct(r * 100.0))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Irr::None { .. } => self.t("irr.none"),
            Irr::AboveMax => self.t("irr.above_max"),
            Irr::NoInvestment => self.t("options.no_investment"),
            Irr::NoSavings => self.t("options.no_savings"),
        }
    }

    /// A table whose column titles are catalog keys.
    pub fn table(&self, columns: &[(&str, Align)], rows: Vec<Vec<String>>) -> Block {
        Block::Table(Table {
            columns: columns
                .iter()
                .map(|(k, align)| Column {
                    title: self.t(k),
                    align: *align,
                })
                .collect(),
            rows,
            landscape: false,
        })
    }

    /// `table`, or a "no data yet" note when there are no rows.
    pub fn table_or_note(&self, columns: &[(&str, Align)], rows: Vec<Vec<String>>) -> Block {
        if rows.is_empty() {
            self.note_no_data()
        } else {
            self.table(columns, rows)
        }
    }

    pub fn note_no_data(&self) -> Block {
        Block::Note(self.no_data())
    }

    pub fn h1(&self, key: &str) -> Block {
        Block::Heading {
            level: 1,
            text: self.t(key),
        }
    }

    pub fn h2(&self, key: &str) -> Block {
        Block::Heading {
            level: 2,
            text: self.t(key),
        }
    }

    /// A whole report titled by the label `title_key` about `subject` (an enterprise, a
    /// programme): its cover with `lines`, its running header, and `blocks`.
    pub fn report(
        &self,
        title_key: &str,
        subject: &str,
        lines: Vec<(String, String)>,
        blocks: Vec<Block>,
        created_unix: Option<i64>,
    ) -> Report {
        let title = self.t(title_key);
        Report {
            header: format!("{subject} — {title}"),
            page_label: self.t("page"),
            title: format!("{title} — {subject}"),
            cover: Cover {
                kicker: self.t("kicker"),
                title,
                subtitle: subject.to_string(),
                lines,
            },
            blocks,
            lang: self.lang,
            created_unix,
        }
    }
}

/// The name of a sector code in `lang` (`seafood` → "Chế biến thủy sản"); an unknown code is
/// shown as it is.
pub fn sector_name(lang: Lang, code: &str) -> String {
    labels(lang)
        .get(&format!("sector.{code}"))
        .unwrap_or(code)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogs_have_the_same_keys() {
        let mut vi: Vec<_> = labels(Lang::Vi).keys().cloned().collect();
        let mut en: Vec<_> = labels(Lang::En).keys().cloned().collect();
        vi.sort();
        en.sort();
        assert_eq!(vi, en);
        assert_eq!(labels(Lang::Vi).t("options.payback"), "Thời gian hoàn vốn");
    }
}
