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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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
}
