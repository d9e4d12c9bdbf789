//! Writes the enterprise list the portal's Playwright spec imports: 200 rows, of which rows 17,
//! 58 and 133 are bad (no name, a 5-digit tax code, an e-mail without `@`), or with `--fixed`
//! the same list with those rows mended.
//!
//! Usage: enterprise-list OUT.xlsx [--fixed]

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .expect("usage: enterprise-list OUT.xlsx [--fixed]");
    let bad: &[usize] = if args.next().as_deref() == Some("--fixed") {
        &[]
    } else {
        &[17, 58, 133]
    };
    let rows = sxsh_tests::fixtures::enterprise_list(200, bad);
    std::fs::write(&out, sxsh_tests::fixtures::xlsx(&rows)).expect("write the list");
}
