//! Report label catalogs (`assets/i18n/report.{vi,en}.json`).

use std::sync::OnceLock;
use sxsh_domain::format::{Catalog, Lang};

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
