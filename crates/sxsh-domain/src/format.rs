//! Number formatting for people: vi-VN groups thousands with "." and writes decimals after
//! ","; en groups with "," and uses ".". Never used for data, only for display.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Labels of one language by key, read from a JSON object of strings (`assets/i18n/*.json`).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    labels: HashMap<String, String>,
}

impl Catalog {
    /// Parses a catalog; `None` when the text is not a JSON object of strings.
    pub fn parse(text: &str) -> Option<Catalog> {
        serde_json::from_str(text)
            .ok()
            .map(|labels| Catalog { labels })
    }

    /// The label of `key`; the key itself when missing (tests keep catalogs complete).
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.labels.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The label of `key`, if the catalog has one.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.labels.get(key).map(String::as_str)
    }

    /// Every key.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.labels.keys()
    }
}

/// A display language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Parses `vi` or `en`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Text that is not a number in the language it was typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// Parses a number as a person types it in `lang`: vi `1.234.567,5`, en `1,234,567.5`; spaces
/// (also non-breaking) may group thousands, a leading `-` or `+` is kept. Empty (or blank)
/// text is `Ok(None)`. Anything else — letters, two decimal marks, a misplaced group
/// separator, a value that is not finite — is `Err(NotANumber)`.
pub fn parse_number(text: &str, lang: Lang) -> Result<Option<f64>, NotANumber> {
    let (group, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t.strip_prefix('+').unwrap_or(&t)),
    };
    let (int, frac) = match body.split_once(point) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // Groups after the first must have exactly three digits: "1.234.567" but not "1.23".
    let mut groups = int.split(group);
    let first = groups.next().unwrap_or_default();
    let grouped_ok = groups.all(|g| g.len() == 3 && digits(g));
    let int_ok = (digits(first) || (first.is_empty() && frac.is_some() && !int.contains(group)))
        && grouped_ok;
    let frac_ok = frac.is_none_or(digits);
    if !int_ok || !frac_ok {
        return Err(NotANumber);
    }
    let plain = format!(
        "{sign}{}.{}",
        if int.is_empty() {
            "0".to_string()
        } else {
            int.replace(group, "")
        },
        frac.unwrap_or("0")
    );
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(NotANumber),
    }
}

/// The one rule for a computed figure that is not money: an intensity (kWh/t, MJ/t, m³/t), a
/// benchmark compared with it, a total of energy or CO2. (Data is shown as given: an entered
/// quantity as entered, a published factor as published.) Three significant figures, but whole units
/// are never rounded away, and no trailing zeros: 30 238,1 → `30.238`, 158,73 → `159`,
/// 16,667 → `16,7`, 0,28346 → `0,283`, 7,6114 → `7,61` (vi). Money is whole đồng
/// ([`format_number`] with 0 decimals).
pub fn format_figure(value: f64, lang: Lang) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let decimals = if value == 0.0 {
        0
    } else {
        (2 - value.abs().log10().floor() as i64).clamp(0, 8) as usize
    };
    let factor = 10f64.powi(decimals as i32);
    let sig = if value.abs() < 1.0 && decimals > 0 {
        // 3 significant figures of a small value: round at its own magnitude.
        let mag = 10f64.powi(2 - value.abs().log10().floor() as i32);
        (value * mag).round() / mag
    } else {
        (value * factor).round() / factor
    };
    format_quantity(sig, decimals, lang)
}

/// A unit as it is printed: `m3` → `m³`, `m2` → `m²`, `CO2` → `CO₂` (also inside `m3/t`,
/// `tCO2/MWh`, `kgCO2e/t`), and `1000m3` → `1000 m³`; every glyph is one the embedded report
/// font has, so the UI and the PDF typeset units the same way.
pub fn typeset_unit(unit: &str) -> String {
    let chars: Vec<char> = unit.chars().collect();
    let mut out = String::with_capacity(unit.len() + 2);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        let ends = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        let prev_alpha = i > 0 && chars[i - 1].is_ascii_alphabetic();
        if c == 'm' && matches!(next, Some('2' | '3')) && ends(after) && !prev_alpha {
            if i > 0 && chars[i - 1].is_ascii_digit() {
                out.push(' ');
            }
            out.push('m');
            out.push(if next == Some('2') { '²' } else { '³' });
            i += 2;
        } else if c == 'C' && next == Some('O') && after == Some('2') {
            out.push_str("CO₂");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Decimals that show `v` with about five significant digits (0.7221 → 4, 4549.2 → 1).
pub fn significant_decimals(v: f64) -> usize {
    if v == 0.0 || !v.is_finite() {
        return 0;
    }
    (4 - v.abs().log10().floor() as i64).clamp(0, 8) as usize
}

/// Formats a measured quantity with at most `max_decimals` places and no trailing zeros:
/// `42000.0` → `"42.000"`, `62.5` → `"62,5"`, `1.64` → `"1,64"` (vi).
pub fn format_quantity(value: f64, max_decimals: usize, lang: Lang) -> String {
    let text = format_number(value, max_decimals, lang);
    let point = match lang {
        Lang::Vi => ',',
        Lang::En => '.',
    };
    match text.split_once(point) {
        Some((int, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                int.to_string()
            } else {
                format!("{int}{point}{frac}")
            }
        }
        None => text,
    }
}

/// Formats `value` rounded to `decimals` places: `format_number(1234567.891, 2, Vi)` is
/// `"1.234.567,89"`, and `"1,234,567.89"` in English. Non-finite values give `"–"`.
pub fn format_number(value: f64, decimals: usize, lang: Lang) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let (group, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    let is_zero = text.bytes().all(|b| b == b'0' || b == b'.');
    if value < 0.0 && !is_zero {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_as_typed() {
        let ok = [
            ("1.234.567,5", Lang::Vi, 1_234_567.5),
            ("1,234,567.5", Lang::En, 1_234_567.5),
            ("1234,5", Lang::Vi, 1234.5),
            ("1234.5", Lang::En, 1234.5),
            ("  12 500 ", Lang::Vi, 12_500.0),
            ("-3,25", Lang::Vi, -3.25),
            (",5", Lang::Vi, 0.5),
            ("0", Lang::En, 0.0),
            ("2.000", Lang::Vi, 2000.0),
        ];
        for (text, lang, want) in ok {
            assert_eq!(
                parse_number(text, lang),
                Ok(Some(want)),
                "{text:?} {lang:?}"
            );
        }
        assert_eq!(parse_number("   ", Lang::Vi), Ok(None));
        let bad = [
            ("12abc", Lang::Vi),
            ("abc", Lang::En),
            ("1,2,3", Lang::Vi),
            ("1.23", Lang::Vi),
            ("1.234,5,6", Lang::Vi),
            ("1e400", Lang::En),
            ("NaN", Lang::En),
            ("--1", Lang::Vi),
            ("1.", Lang::En),
            (".", Lang::Vi),
        ];
        for (text, lang) in bad {
            assert_eq!(
                parse_number(text, lang),
                Err(NotANumber),
                "{text:?} {lang:?}"
            );
        }
    }

    #[test]
    fn vietnamese_and_english_formats() {
        let cases = [
            (1_234_567.0, 0, "1.234.567", "1,234,567"),
            (0.7221, 4, "0,7221", "0.7221"),
            (4549.23, 1, "4.549,2", "4,549.2"),
            (-62_092_132.3, 0, "-62.092.132", "-62,092,132"),
            (999.999, 2, "1.000,00", "1,000.00"),
            (-0.001, 2, "0,00", "0.00"),
            (12.0, 0, "12", "12"),
        ];
        for (v, d, vi, en) in cases {
            assert_eq!(format_number(v, d, Lang::Vi), vi);
            assert_eq!(format_number(v, d, Lang::En), en);
        }
        assert_eq!(format_number(f64::NAN, 0, Lang::Vi), "–");
    }

    #[test]
    fn quantities_drop_trailing_zeros() {
        let cases = [
            (42_000.0, 1, "42.000", "42,000"),
            (62.5, 2, "62,5", "62.5"),
            (1.6428, 2, "1,64", "1.64"),
            (1200.0, 0, "1.200", "1,200"),
            (0.04, 1, "0", "0"),
        ];
        for (v, d, vi, en) in cases {
            assert_eq!(format_quantity(v, d, Lang::Vi), vi);
            assert_eq!(format_quantity(v, d, Lang::En), en);
        }
    }

    /// The same cases as ui/src/test/format.test.ts: one rule in Rust and in the UI.
    #[test]
    fn figures_have_three_significant_figures_and_keep_whole_units() {
        for (v, vi) in [
            (30238.1, "30.238"),
            (158.73, "159"),
            (16.6667, "16,7"),
            (0.28346, "0,283"),
            (7.6114, "7,61"),
            (0.0001543, "0,000154"),
            (2527.0, "2.527"),
            (500.0, "500"),
            (0.0, "0"),
            (-1.23456, "-1,23"),
        ] {
            assert_eq!(format_figure(v, Lang::Vi), vi, "{v}");
        }
        assert_eq!(format_figure(16.6667, Lang::En), "16.7");
    }

    #[test]
    fn units_are_typeset_with_the_report_fonts_glyphs() {
        for (code, shown) in [
            ("m3", "m³"),
            ("m3/t starch", "m³/t starch"),
            ("1000m3", "1000 m³"),
            ("tCO2/MWh", "tCO₂/MWh"),
            ("kgCO2e/t", "kgCO₂e/t"),
            ("m2", "m²"),
            ("MJ/t", "MJ/t"),
            ("mm3x", "mm3x"),
            ("kWh", "kWh"),
        ] {
            assert_eq!(typeset_unit(code), shown, "{code}");
        }
    }
}
