//! The PDF renderer checked on real PDFs: text extracted with pdftotext, fonts listed with
//! pdffonts (poppler-utils, installed by scripts/setup.sh).

use sxsh_report::*;
use sxsh_tests::{pdffonts, pdftotext};

fn report(blocks: Vec<Block>) -> Report {
    Report {
        header: "Hộ gốm Đào Việt Bình — Làng gốm Kim Lan".into(),
        page_label: "Trang".into(),
        title: "Báo cáo thử".into(),
        cover: Cover {
            kicker: "Sản xuất sạch hơn".into(),
            title: "Báo cáo đánh giá nhanh".into(),
            subtitle: "Hộ gốm Đào Việt Bình".into(),
            lines: vec![("Ngày".into(), "23/11/2026".into())],
        },
        blocks,
        lang: sxsh_domain::format::Lang::Vi,
        created_unix: Some(1_795_000_000),
    }
}

#[test]
fn a_150_row_table_keeps_every_row_in_order_with_its_header_on_each_page() {
    let rows: Vec<Vec<String>> = (1..=150)
        .map(|i| {
            vec![
                format!("Dòng số {i:03}"),
                format!("Nguyên liệu đặc biệt {i}"),
                format!("{}", i * 1000),
            ]
        })
        .collect();
    let pdf = render(&report(vec![
        Block::Heading {
            level: 1,
            text: "Bảng kiểm".into(),
        },
        Block::Table(Table {
            columns: vec![
                Column {
                    title: "Mã dòng".into(),
                    align: Align::Left,
                },
                Column {
                    title: "Tên".into(),
                    align: Align::Left,
                },
                Column {
                    title: "Khối lượng".into(),
                    align: Align::Right,
                },
            ],
            rows,
            landscape: false,
        }),
    ]));
    let text = pdftotext(&pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(
        pages.len() >= 4,
        "150 rows need several pages, got {}",
        pages.len()
    );
    let mut last = 0;
    for (n, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains("Mã dòng") && page.contains("Khối lượng"),
            "header repeated on page {}",
            n + 1
        );
        assert!(
            page.contains(&format!("Trang {}/{}", n + 1, pages.len())),
            "footer on page {}",
            n + 1
        );
        assert!(
            page.contains("Hộ gốm Đào Việt Bình"),
            "running header on page {}",
            n + 1
        );
        for line in page.lines() {
            if let Some(pos) = line.find("Dòng số ") {
                let i: usize = line[pos + 11..pos + 14].parse().unwrap();
                assert_eq!(i, last + 1, "rows in order");
                last = i;
            }
        }
    }
    assert_eq!(last, 150, "every row is there");
}

#[test]
fn long_text_wraps_inside_the_margins_and_keeps_its_diacritics() {
    let long = "Thời gian hoàn vốn của những giải pháp được tính bằng vốn đầu tư chia cho tiết kiệm ròng hằng năm; ".repeat(12);
    let name = "Hợp tác xã gốm sứ ".to_string() + &"Đặng Thị Ngọc Ánh Nguyễn ".repeat(20);
    let pdf = render(&report(vec![
        Block::Heading {
            level: 1,
            text: "Giới thiệu".into(),
        },
        Block::Paragraph(long.clone()),
        Block::KeyValue(vec![("Tên cơ sở".into(), name)]),
        Block::Chart(Chart::Bars {
            title: "Tiết kiệm hằng năm".into(),
            unit: "VND".into(),
            bars: vec![("Định lượng than".into(), 12_470_000.0)],
        }),
    ]));
    let text = pdftotext(&pdf);
    assert!(text.contains("Thời gian hoàn vốn"));
    assert!(text.contains("12.470.000 VND"), "vi-VN numbers in charts");
    for word in ["ặ", "ộ", "ữ", "Đ", "Ánh"] {
        assert!(text.contains(word), "{word}");
    }
    // Wrapped lines: no extracted line is wider than the text block allows.
    let max = text
        .lines()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap();
    assert!(max < 140, "a line of {max} characters ran past the margin");
}

#[test]
fn fonts_are_embedded_subsets_only() {
    let pdf = render(&report(vec![
        Block::Paragraph("Giảm phát thải CO₂ — Tiết kiệm 1.234.567 ₫".into()),
        Block::Note("Ghi chú nghiêng".into()),
    ]));
    let listing = pdffonts(&pdf);
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert!(fonts.len() >= 2, "{listing}");
    for line in fonts {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert!(cols[0].contains('+'), "subset prefix: {line}");
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb sub uni: {line}"
        );
    }
}
