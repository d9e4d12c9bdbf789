//! Label catalogs (`assets/i18n/*.json`, vi and en) for hosts that print text, and number
//! formatting for display.

pub use sxsh_domain::format::{Lang, format_number, significant_decimals};

pub use sxsh_domain::format::Catalog;

use std::sync::OnceLock;

fn parse(text: &str) -> Catalog {
    Catalog::parse(text).expect("catalogs are checked by tests")
}

/// The CLI catalog of `lang`.
pub fn cli(lang: Lang) -> &'static Catalog {
    static VI: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    match lang {
        Lang::Vi => VI.get_or_init(|| parse(include_str!("../../../assets/i18n/cli.vi.json"))),
        Lang::En => EN.get_or_init(|| parse(include_str!("../../../assets/i18n/cli.en.json"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogs_have_the_same_keys_and_nfc_text() {
        let mut vi: Vec<_> = cli(Lang::Vi).keys().cloned().collect();
        let mut en: Vec<_> = cli(Lang::En).keys().cloned().collect();
        vi.sort();
        en.sort();
        assert_eq!(vi, en);
        for k in &vi {
            assert!(sxsh_domain::text::is_nfc(cli(Lang::Vi).t(k)), "{k}");
        }
        assert_eq!(cli(Lang::Vi).t("option.payback"), "Thời gian hoàn vốn");
    }
}
