//! Vietnamese text rules: NFC normalisation, accent-insensitive folding, collation key.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// Returns `s` in Unicode NFC, the form every stored string must have.
pub fn nfc(s: &str) -> String {
    if is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// True when `s` is already NFC.
pub fn is_nfc(s: &str) -> bool {
    match is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => true,
        unicode_normalization::IsNormalized::No => false,
        unicode_normalization::IsNormalized::Maybe => s.nfc().eq(s.chars()),
    }
}

/// Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069):
/// they make text display in another order than it is stored, so a name could forge what a
/// report or a terminal shows.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first character of `s` that single-line text must not hold: a C0 or C1 control
/// (newline, tab and escape included), DEL, or a bidirectional control. `multi_line` allows
/// newline, carriage return and tab.
pub fn forbidden_char(s: &str, multi_line: bool) -> Option<char> {
    s.chars().find(|&c| {
        let allowed_space = multi_line && matches!(c, '\n' | '\r' | '\t');
        (c.is_control() && !allowed_space) || is_bidi_control(c)
    })
}

/// `s` with every control and bidirectional character written as an escape (`\u{1b}`), for
/// printing text that came from outside to a terminal: escape sequences cannot move the
/// cursor, recolour or hide what follows. Newlines are escaped too, so one value stays one line.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if forbidden_char(s, false).is_none() {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() || is_bidi_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Folds text for accent-insensitive search: NFD, combining marks removed, `đ`/`Đ` → `d`,
/// lower case, runs of whitespace collapsed to one space, trimmed.
///
/// `fold("Làng gốm Kim Lân") == "lang gom kim lan"`, `fold("Đa Sỹ") == "da sy"`.
pub fn fold(s: &str) -> String {
    // Already folded (ASCII, no capitals, single spaces inside only): as it is. Filters are
    // folded once and compared with thousands of folded names.
    let bytes = s.as_bytes();
    let folded_already = bytes.iter().all(|b| {
        b.is_ascii() && !b.is_ascii_uppercase() && (*b == b' ' || !b.is_ascii_whitespace())
    }) && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !s.contains("  ");
    if folded_already {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// True when every word of `query` (folded) occurs in `haystack` (folded).
///
/// "dao viet binh" matches "Hộ gốm Đào Việt Bình"; word order does not matter.
pub fn matches_folded(haystack_folded: &str, query: &str) -> bool {
    fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .all(|w| haystack_folded.contains(w))
}

/// Rank of a base letter in the Vietnamese alphabet
/// (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), letters outside it after.
fn letter_rank(base: char, marks: &[char]) -> u32 {
    const BREVE: char = '\u{306}';
    const CIRCUMFLEX: char = '\u{302}';
    const HORN: char = '\u{31B}';
    let has = |m: char| marks.contains(&m);
    let lower = base.to_lowercase().next().unwrap_or(base);
    // Each letter gets a slot of 4 so that ă/â, ê, ô/ơ, ư sort right after their base.
    let slot = |c: char| (c as u32 - 'a' as u32) * 4 + 1;
    match lower {
        'a' if has(BREVE) => slot('a') + 1,
        'a' if has(CIRCUMFLEX) => slot('a') + 2,
        'e' if has(CIRCUMFLEX) => slot('e') + 1,
        'o' if has(CIRCUMFLEX) => slot('o') + 1,
        'o' if has(HORN) => slot('o') + 2,
        'u' if has(HORN) => slot('u') + 1,
        'đ' => slot('d') + 1,
        'a'..='z' => slot(lower),
        c if c.is_ascii_digit() => c as u32 - '0' as u32 + 0x10000,
        c => 0x20000 + c as u32,
    }
}

/// Tone of a syllable letter: 0 none, then huyền, hỏi, ngã, sắc, nặng (dictionary order).
fn tone_rank(marks: &[char]) -> u32 {
    for m in marks {
        match *m {
            '\u{300}' => return 1, // huyền
            '\u{309}' => return 2, // hỏi
            '\u{303}' => return 3, // ngã
            '\u{301}' => return 4, // sắc
            '\u{323}' => return 5, // nặng
            _ => {}
        }
    }
    0
}

/// A sort key that orders Vietnamese words as a dictionary does: letters first (with ă, â,
/// đ, ê, ô, ơ, ư as letters of their own), then tones, then case. Compare keys with `Ord`.
pub fn vi_sort_key(s: &str) -> Vec<u32> {
    let decomposed: Vec<char> = s.nfd().collect();
    let mut letters = Vec::new();
    let mut tones = Vec::new();
    let mut cases = Vec::new();
    let mut i = 0;
    while i < decomposed.len() {
        let base = decomposed[i];
        let mut j = i + 1;
        while j < decomposed.len() && is_combining_mark(decomposed[j]) {
            j += 1;
        }
        let marks = &decomposed[i + 1..j];
        if base.is_whitespace() {
            letters.push(0);
        } else {
            letters.push(letter_rank(base, marks));
            tones.push(tone_rank(marks));
            cases.push(u32::from(base.is_uppercase()));
        }
        i = j;
    }
    letters.push(0);
    letters.extend(tones);
    letters.push(0);
    letters.extend(cases);
    letters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_strips_marks_and_maps_d_bar() {
        let cases = [
            ("Làng gốm Kim Lân", "lang gom kim lan"),
            ("Đa Sỹ", "da sy"),
            ("  ĐÀO   Việt\tBình ", "dao viet binh"),
            ("KIM LAN", "kim lan"),
            ("Thủy sản Sóc Trăng", "thuy san soc trang"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn folding_is_idempotent_and_the_folded_fast_path_changes_nothing() {
        for input in [
            "Làng gốm Kim Lân",
            "  ĐÀO   Việt\tBình ",
            "ha noi",
            "tinh 07",
            "a-b.c, d/e (f)",
            " ha noi",
            "ha noi ",
            "ha  noi",
            "ha\tnoi",
            "Ha noi",
            "",
        ] {
            let once = fold(input);
            assert_eq!(fold(&once), once, "{input:?}");
        }
        // Inputs the fast path must not take as they are.
        assert_eq!(fold(" ha noi"), "ha noi");
        assert_eq!(fold("ha  noi"), "ha noi");
        assert_eq!(fold("ha\tnoi"), "ha noi");
        assert_eq!(fold("Ha noi"), "ha noi");
        assert_eq!(fold("ha noi\n"), "ha noi");
    }

    #[test]
    fn fold_of_nfd_input_equals_fold_of_nfc_input() {
        let nfc_s = "Hộ gốm Đào Việt Bình";
        let nfd_s: String = nfc_s.nfd().collect();
        assert_ne!(nfc_s, nfd_s);
        assert_eq!(fold(nfc_s), fold(&nfd_s));
    }

    #[test]
    fn matches_any_word_order() {
        let hay = fold("Hộ gốm Đào Việt Bình, làng gốm Kim Lan");
        assert!(matches_folded(&hay, "dao viet binh"));
        assert!(matches_folded(&hay, "kim lan dao"));
        assert!(!matches_folded(&hay, "da sy"));
    }

    #[test]
    fn control_and_bidi_characters_are_found_and_escaped() {
        assert_eq!(forbidden_char("Hộ gốm Đào Việt Bình", false), None);
        assert_eq!(forbidden_char("a\u{1b}[2Jb", false), Some('\u{1b}'));
        assert_eq!(forbidden_char("dòng 1\ndòng 2", false), Some('\n'));
        assert_eq!(forbidden_char("dòng 1\r\ndòng 2\tx", true), None);
        assert_eq!(forbidden_char("abc\u{202E}gpj.exe", true), Some('\u{202E}'));
        assert_eq!(forbidden_char("\u{85}", true), Some('\u{85}'));
        assert_eq!(escape_controls("Đa Sỹ"), "Đa Sỹ");
        assert_eq!(escape_controls("x\u{1b}[31my"), "x\\u{1b}[31my");
        assert_eq!(escape_controls("a\nb\u{2066}"), "a\\u{a}b\\u{2066}");
    }

    #[test]
    fn nfc_normalises_decomposed_text() {
        let nfd_s: String = "Việt".nfd().collect();
        assert!(!is_nfc(&nfd_s));
        assert_eq!(nfc(&nfd_s), "Việt");
        assert!(is_nfc(&nfc(&nfd_s)));
    }

    #[test]
    fn vietnamese_collation_orders_letters_then_tones() {
        let mut words = vec![
            "đá", "da", "dạ", "Ăn", "an", "âm", "bò", "ơi", "ô", "o", "ư", "u", "dà",
        ];
        words.sort_by_key(|w| vi_sort_key(w));
        assert_eq!(
            words,
            vec![
                "an", "Ăn", "âm", "bò", "da", "dà", "dạ", "đá", "o", "ô", "ơi", "u", "ư"
            ]
        );
    }
}
