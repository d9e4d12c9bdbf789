//! Reports of stored assessments end to end: sxsh-api gathers the data, sxsh-report builds and
//! renders, and the text is read back from the real PDF with pdftotext.

mod common;

use sxsh_api::AssessmentReport::{Detailed, Quick};
use sxsh_api::ErrorCode;
use sxsh_api::dto::*;
use sxsh_api::i18n::Lang;
use sxsh_domain::model::{Resource, ResourceSaving};
use sxsh_tests::{pdf_pages, pdftotext};

const KIM_LAN: &str = "019582ce-19e0-7f35-bcef-81f0b907e3b4";
const DA_SY: &str = "01963703-8620-7ac9-8fd2-9b4e21034e60";

fn demo() -> (tempfile::TempDir, sxsh_api::Api) {
    let dir = tempfile::tempdir().unwrap();
    let api = sxsh_api::Api::open(dir.path()).unwrap();
    api.load_demo().unwrap();
    (dir, api)
}

/// Text with the layout's runs of spaces collapsed, so phrases split into table cells still match.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn quick_report_of_the_kim_lan_demo_in_vietnamese() {
    let (_dir, api) = demo();
    let pdf = api.assessment_report(KIM_LAN, Quick, Lang::Vi).unwrap();
    let pages = pdf_pages(&pdf);
    assert!((4..=8).contains(&pages), "4–8 pages, got {pages}");
    let text = pdftotext(&pdf);
    let flat = squeeze(&text);
    for s in [
        "Hộ gốm Đào Việt Bình",
        "Báo cáo đánh giá nhanh sản xuất sạch hơn",
        "Thời gian hoàn vốn",
        "Trang 1/",
        "Phụ lục: hệ số đã sử dụng",
        "Suất tiêu hao so với tham chiếu",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
    // Every page after the cover carries its footer "Trang X/Y".
    for p in 1..=pages {
        assert!(
            flat.contains(&format!("Trang {p}/{pages}")),
            "footer of page {p}"
        );
    }
    // vi-VN money: the demo coal price 4.200.000 đ/t appears with dots as thousands separators.
    assert!(
        regex_like_vnd(&flat),
        "a vi-VN formatted amount such as 1.234.567"
    );
    // The grid factor used for CO2 is listed with its year and source.
    assert!(flat.contains("grid_ef"), "grid factor in the annex");
}

/// True when the text holds a number written 1.234.567 (at least two dot groups).
fn regex_like_vnd(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .any(|w| {
            let groups: Vec<&str> = w.split('.').collect();
            groups.len() >= 3
                && !groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3)
        })
}

#[test]
fn quick_report_in_english_uses_english_labels_and_page_footer() {
    let (_dir, api) = demo();
    let pdf = api.assessment_report(DA_SY, Quick, Lang::En).unwrap();
    let flat = squeeze(&pdftotext(&pdf));
    for s in [
        "Cleaner production quick assessment report",
        "Payback",
        "Page 1/",
        "Đa Sỹ",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
    assert!(
        !flat.contains("Trang 1/"),
        "no Vietnamese footer in English"
    );
}

#[test]
fn quick_report_with_missing_data_says_so_and_wraps_a_500_character_name() {
    let dir = tempfile::tempdir().unwrap();
    let api = sxsh_api::Api::open(dir.path()).unwrap();
    let long_name = format!("Hợp tác xã gốm sứ {}", "Đặng Thị Ngọc Ánh ".repeat(30));
    let long_name: String = long_name
        .chars()
        .take(500)
        .collect::<String>()
        .trim_end()
        .to_string();
    assert!(long_name.chars().count() >= 490);
    let e = api.create(common::enterprise(&long_name)).unwrap();
    let mut a = common::assessment(&e.data.id);
    a.production_volume = None;
    let a = api.create(a).unwrap();
    // A flow without a price, and no options at all.
    let mut f = common::flow(&a.data.id, "Than cám", 80.0);
    f.unit_price_vnd = None;
    api.create(f).unwrap();

    let pdf = api.assessment_report(&a.data.id, Quick, Lang::Vi).unwrap();
    let text = pdftotext(&pdf);
    let flat = squeeze(&text);
    assert!(flat.contains("Chưa có số liệu"), "explicit no-data marks");
    assert!(
        flat.contains("Các giải pháp sản xuất sạch hơn"),
        "the options section stays"
    );
    assert!(flat.contains("Than cám"));
    // The long name is all there, wrapped: its last words appear and no line runs wide.
    assert!(flat.contains("Ngọc Ánh"));
    let widest = text
        .lines()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap();
    assert!(
        widest < 140,
        "a line of {widest} characters ran past the margin"
    );
}

#[test]
fn a_report_of_an_unknown_assessment_is_not_found() {
    let (_dir, api) = demo();
    let err = api
        .assessment_report("no-such-id", Detailed, Lang::Vi)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn names_may_be_500_characters_but_not_501() {
    let (_dir, api, _, _) = common::seeded();
    let ok = "ạ".repeat(500);
    api.create(common::enterprise(&ok)).unwrap();
    let err = api
        .create(common::enterprise(&"ạ".repeat(501)))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ValidationFailed);
    assert!(err.field_errors.iter().any(|f| f.field == "name"));
    let names: Vec<Stored<Enterprise>> = api.list_enterprises().unwrap();
    assert!(names.iter().any(|e| e.data.name == ok));
    assert!(names.iter().all(|e| e.data.name.chars().count() <= 500));
}

const SEAFOOD: &str = "019511ab-64c0-7310-910a-0ab227ff8d49";

#[test]
fn detailed_report_of_the_seafood_demo_follows_the_vietnamese_cp_report() {
    let (_dir, api) = demo();
    let pdf = api.assessment_report(SEAFOOD, Detailed, Lang::Vi).unwrap();
    let flat = squeeze(&pdftotext(&pdf));
    let sections = [
        "1. Giới thiệu",
        "2. Đánh giá",
        "3. Cơ hội sản xuất sạch hơn",
        "4. Phân tích khả thi",
        "5. Kế hoạch thực hiện",
        "6. Quan trắc và kết quả",
        "7. Duy trì sản xuất sạch hơn và các bước tiếp theo",
        "Phụ lục: các bảng tính",
        "Phụ lục: hệ số đã sử dụng",
    ];
    let mut at = 0;
    for s in sections {
        let pos = flat[at..]
            .find(s)
            .unwrap_or_else(|| panic!("{s:?} missing or out of order"));
        at += pos + s.len();
    }
    for s in [
        "Cân bằng vật chất và nước",
        "Mức khép kín",
        "Chi phí dòng thải",
        "Phân tích độ nhạy",
        "Thời gian hoàn vốn",
        "Trang 1/",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
}

#[test]
fn detailed_report_without_data_keeps_every_section_and_says_no_data() {
    let (_dir, api, _, aid) = common::seeded();
    let mut a: Assessment = api.get::<Assessment>(&aid).unwrap().data;
    a.kind = AssessmentKind::Detailed;
    api.update(a).unwrap();
    let pdf = api.assessment_report(&aid, Detailed, Lang::En).unwrap();
    let flat = squeeze(&pdftotext(&pdf));
    for s in [
        "Feasibility analysis",
        "Implementation plan",
        "Monitoring and results",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
    assert!(
        flat.matches("No data yet").count() >= 10,
        "explicit no-data marks"
    );
}

#[test]
fn photos_are_embedded_at_print_size_with_their_captions() {
    let (dir, api) = demo();
    let original = sxsh_tests::phone_photo(7);
    api.import_attachment(
        AttachmentInput {
            owner_entity: "assessment".into(),
            owner_id: KIM_LAN.into(),
            caption: "Lò nung than, vết nứt ở mặt sau".into(),
            original_name: "IMG_0042.jpg".into(),
            taken_at: None,
        },
        &original,
    )
    .unwrap();
    // A damaged photo does not stop the report; it is named in a note.
    api.import_attachment(
        AttachmentInput {
            owner_entity: "assessment".into(),
            owner_id: KIM_LAN.into(),
            caption: "Ảnh bị hỏng".into(),
            original_name: "IMG_0043.jpg".into(),
            taken_at: None,
        },
        &[&[0xFF, 0xD8, 0xFF, 0xE0][..], &[0u8; 2000][..]].concat(),
    )
    .unwrap();
    let pdf = api.assessment_report(KIM_LAN, Quick, Lang::Vi).unwrap();
    let flat = squeeze(&pdftotext(&pdf));
    assert!(flat.contains("Lò nung than, vết nứt ở mặt sau"), "caption");
    assert!(flat.contains("Không đọc được ảnh"), "damaged photo named");
    assert!(flat.contains("Ảnh bị hỏng"));
    let images = sxsh_tests::pdfimages_list(&pdf);
    assert_eq!(images.len(), 1, "{images:?}");
    let (w, h, enc) = &images[0];
    assert_eq!((*w, *h), (1200, 900), "downscaled to the print size");
    assert_eq!(enc, "jpeg", "embedded as JPEG");
    assert!(
        pdf.len() < original.len(),
        "the PDF does not carry the original"
    );
    // The print copy is cached and the original is kept byte for byte.
    assert!(dir.path().join("cache/print").read_dir().unwrap().count() == 1);
    let stored = sxsh_store::attachments::sha256_hex(&original);
    assert_eq!(
        std::fs::read(sxsh_store::attachments::path_for(dir.path(), &stored)).unwrap(),
        original
    );
}

#[test]
fn rollup_report_totals_sectors_techniques_and_targets() {
    let (dir, api) = demo();
    let pdf = api
        .rollup_report(sxsh_api::calc::RollupQuery::default(), Lang::Vi)
        .unwrap();
    let flat = squeeze(&pdftotext(&pdf));
    for s in [
        "Báo cáo tổng hợp kết quả sản xuất sạch hơn",
        "Kết quả chung",
        "Tiến độ so với mục tiêu",
        "Kết quả theo ngành",
        "Chế biến thủy sản",
        "Gốm sứ",
        "Kết quả theo nhóm kỹ thuật SXSH",
        "Trang 1/",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
    // The report's totals are the engine's roll-up, printed in vi-VN format.
    let r = api.rollup(sxsh_api::calc::RollupQuery::default()).unwrap();
    let investment =
        sxsh_domain::format::format_number(r.figures.identified.investment_vnd as f64, 0, Lang::Vi);
    assert!(flat.contains(&investment), "total investment {investment}");
    // Each fuel on its own row (tonnes of different fuels are never added), the aggregate
    // payback and the rejected options apart.
    assert!(
        flat.contains("Nhiên liệu – Than antraxit"),
        "a row per fuel"
    );
    assert!(
        flat.contains("Giải pháp bị loại khi sàng lọc"),
        "rejected apart"
    );
    // Recomputed at one grid year, beside the recorded CO2.
    let q = sxsh_api::calc::RollupQuery {
        recompute_year: Some(2019),
        ..Default::default()
    };
    let at_2019 = api.rollup(q.clone()).unwrap().recomputed.unwrap();
    let flat = squeeze(&pdftotext(&api.rollup_report(q, Lang::Vi).unwrap()));
    let tco2 = sxsh_domain::format::format_number(at_2019.identified.tco2, 1, Lang::Vi);
    assert!(
        flat.contains("hệ số lưới điện năm 2019"),
        "the recomputation is named"
    );
    assert!(flat.contains(&tco2), "recomputed tCO2 {tco2}");
    // A roll-up of an empty data directory still renders and says so.
    drop(api);
    let empty = tempfile::tempdir().unwrap();
    let api = sxsh_api::Api::open(empty.path()).unwrap();
    let pdf = api
        .rollup_report(sxsh_api::calc::RollupQuery::default(), Lang::En)
        .unwrap();
    assert!(squeeze(&pdftotext(&pdf)).contains("No data yet"));
    drop(dir);
}

#[test]
fn worksheets_export_to_xlsx_with_numbers_as_numbers_and_to_csv() {
    use std::io::Read;
    let (_dir, api) = demo();
    let doc = api.export_assessment(KIM_LAN).unwrap();
    let xlsx = api.worksheets_xlsx(KIM_LAN, Lang::Vi).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let book = read("xl/workbook.xml");
    for sheet in [
        "Bảng dòng vào, dòng ra",
        "Bảng dòng thải",
        "Các giải pháp sản xuất sạch hơn",
        "Kế hoạch thực hiện",
        "Quan trắc và kết quả",
    ] {
        assert!(
            book.contains(&format!("name=\"{sheet}\"")),
            "sheet {sheet}: {book}"
        );
    }
    let strings = read("xl/sharedStrings.xml");
    for f in &doc.flows {
        assert!(
            strings.contains(&f.data.name.replace('&', "&amp;")),
            "{}",
            f.data.name
        );
    }
    // The coal flow's quantity is a numeric cell, not text.
    let flows_sheet = read("xl/worksheets/sheet1.xml");
    let coal = doc
        .flows
        .iter()
        .find(|f| f.data.quantity == 42_000.0)
        .expect("demo coal flow");
    assert!(
        flows_sheet.contains("<v>42000</v>"),
        "numeric quantity of {}",
        coal.data.name
    );
    assert_eq!(flows_sheet.matches("<row ").count(), doc.flows.len() + 1);

    let files = api.worksheets_csv(KIM_LAN, Lang::En).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "flows.csv",
            "waste_streams.csv",
            "options.csv",
            "actions.csv",
            "monitoring.csv"
        ]
    );
    let flows = &files[0].1;
    assert!(
        flows.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 BOM for spreadsheets"
    );
    let mut reader = csv::Reader::from_reader(&flows[3..]);
    assert_eq!(&reader.headers().unwrap()[1], "Material or energy flow");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), doc.flows.len());
    assert!(
        rows.iter().any(|r| &r[4] == "42000"),
        "plain numbers in CSV"
    );
}

/// A coal-to-LPG kiln with no known investment and a second option with a cash-flow series:
/// the quick report says "not computable" (never 0) for the first, prints both sides of the
/// fuel switch with the biogenic memo column, and the interpolated IRR with its trial rates
/// and NPVs beside the exact IRR for the second; the assessment's totals count the option
/// without an investment apart. Figures are the engine's (checked in sxsh-domain's tests).
#[test]
fn fuel_switch_unknown_investment_and_cash_flows_are_printed_as_computed() {
    let (_dir, api) = demo();
    let saving = |fuel: &str, q: f64, price: i64, added: bool| ResourceSaving {
        resource: Resource::Fuel,
        name: String::new(),
        fuel_code: fuel.into(),
        quantity: q,
        unit: "t".into(),
        unit_price_vnd: Some(price),
        added,
        coal_grade: String::new(),
    };
    let option = |title: &str, investment: Option<i64>, savings, flows| CpOption {
        techniques: vec!["TC".into()],
        investment_vnd: investment,
        savings,
        selected: true,
        cash_flows_vnd: flows,
        ..common::option(KIM_LAN, title)
    };
    let switch = api
        .create(option(
            "Chuyển lò than sang lò gas",
            None,
            vec![
                saving("anthracite", 15.0, 3_000_000, false),
                saving("lpg", 5.0, 17_000_000, true),
            ],
            None,
        ))
        .unwrap();
    let m = 1_000_000i64;
    let series = api
        .create(option(
            "Lò gas có dòng tiền theo năm",
            Some(600 * m),
            vec![saving("anthracite", 1.0, 1, false)],
            Some(vec![
                -600 * m,
                200 * m,
                200 * m,
                -40 * m,
                200 * m,
                200 * m,
                250 * m,
            ]),
        ))
        .unwrap();
    let calcs = api.assessment_calcs(KIM_LAN).unwrap();
    assert_eq!(calcs.option_totals.options_without_investment, 1);
    let energy = calcs
        .specific_energy
        .clone()
        .expect("Kim Lan's coal and electricity per tonne");

    let of = |id: &str| {
        calcs
            .options
            .iter()
            .find(|o| o.option_id == id)
            .unwrap()
            .result
            .clone()
    };
    assert_eq!(of(&switch.data.id).economics.npv_vnd, None);
    let t = of(&series.data.id)
        .economics
        .irr_interpolated
        .expect("16 % and 17 % bracket the root");

    let flat = squeeze(&pdftotext(
        &api.assessment_report(KIM_LAN, Quick, Lang::Vi).unwrap(),
    ));
    for s in [
        "Chuyển lò than sang lò gas",
        // The table cells wrap: "chưa biết" (investment), "chưa tính được (chưa có chi phí
        // đầu tư)" (payback, NPV, IRR).
        "chưa biết",
        "chưa tính",
        "1 giải pháp chưa có chi phí đầu tư",
        "IRR nội suy",
        "tiết kiệm",
        "dùng thêm",
        "ròng",
        "CO2 sinh học",
        "-600.000.000",
        // Every energy carrier together per tonne, beside the per-carrier lines (the cell
        // wraps after "quy").
        "Năng lượng (điện và mọi nhiên liệu, quy",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
    let gj = sxsh_domain::format::format_number(energy.gj, 2, Lang::Vi);
    assert!(flat.contains(&format!("{gj} GJ/t;")), "{gj} GJ/t");
    // The interpolated IRR row: its trial rates and their NPVs as computed.
    let npv1 = sxsh_domain::format::format_number(t.npv1_vnd as f64, 0, Lang::Vi);
    assert!(flat.contains(&npv1), "NPV at r1 {npv1}");
    // In its own annex, before the factors' annex.
    let annex = flat.find("Phụ lục: IRR nội suy").expect("the IRR annex");
    assert!(annex < flat.find("Phụ lục: hệ số đã sử dụng").unwrap());
    // r1 16 %, NPV1, r2 17 %, NPV2, the interpolated 16,23 % and the exact 16,22 %.
    let npv2 = sxsh_domain::format::format_number(t.npv2_vnd as f64, 0, Lang::Vi);
    let row = format!("16,0 % {npv1} 17,0 % {npv2} 16,23 % 16,22 %");
    assert!(flat.contains(&row), "{row}");
}

/// The detailed report's monitoring table shows the engine's realised saving of a ratio
/// indicator once the production after is entered: water 11.2 → 9.6 m³/t with 1,250 t of
/// shrimp after → (11.2 − 9.6) × 1,250 = 2,000 m³, and "–" where it cannot be computed.
#[test]
fn monitoring_shows_the_realised_saving_normalised_to_production() {
    let (_dir, api) = demo();
    let doc = api.export_assessment(SEAFOOD).unwrap();
    let mut water = doc
        .monitoring_records
        .iter()
        .find(|m| m.data.unit == "m3/t")
        .unwrap()
        .data
        .clone();
    assert_eq!((water.baseline, water.after), (11.2, 9.6));
    water.production_after = Some(1_250.0);
    api.update(water).unwrap();
    let flat = squeeze(&pdftotext(
        &api.assessment_report(SEAFOOD, Detailed, Lang::Vi).unwrap(),
    ));
    assert!(flat.contains("Tiết kiệm thực tế"), "column");
    assert!(
        flat.contains("2.000 m3"),
        "(11,2 − 9,6) × 1.250 t = 2.000 m3"
    );
    assert!(
        flat.contains("sản lượng kỳ sau"),
        "the note on how it is computed"
    );
}

/// The owner's report says "no savings data yet" for an option without savings (never "never
/// paid back" or an NPV of −I) and "at once" for a known zero investment with savings.
#[test]
fn options_without_savings_data_or_investment_cost_are_worded_honestly() {
    let (_dir, api) = demo();
    let base = |title: &str| CpOption {
        investment_vnd: Some(8_000_000),
        ..common::option(KIM_LAN, title)
    };
    api.create(base("Che chắn gió lò")).unwrap();
    let mut free = base("Tắt đèn");
    free.investment_vnd = Some(0);
    free.savings = vec![ResourceSaving {
        resource: Resource::Electricity,
        name: String::new(),
        fuel_code: String::new(),
        quantity: 1_000.0,
        unit: "kWh".into(),
        unit_price_vnd: Some(2_000),
        added: false,
        coal_grade: String::new(),
    }];
    api.create(free).unwrap();
    let flat = squeeze(&pdftotext(
        &api.assessment_report(KIM_LAN, Quick, Lang::Vi).unwrap(),
    ));
    let at = |s: &str| flat.find(s).unwrap_or_else(|| panic!("missing {s:?}"));
    let row = &flat[at("Che chắn gió lò")..];
    let row = &row[..row.find("Tắt đèn").unwrap_or(row.len()).min(400)];
    // Net savings, payback, NPV and IRR each say so (the cells wrap the phrase).
    assert_eq!(row.matches("chưa có số").count(), 4, "{row}");
    assert!(!row.contains("không hoàn vốn"), "{row}");
    // The table's row: title, technique, investment 0, savings, payback "ngay".
    let free_row: String = flat[at("Tắt đèn GH")..].chars().take(60).collect();
    assert!(free_row.contains(" ngay "), "{free_row}");
}

/// Each comparison says whether it is a legal norm (định mức) or a typical value (giá trị tham
/// chiếu), every applicable comparison is listed, and the engine orders them furthest above
/// first.
#[test]
fn benchmarks_say_norm_or_reference_and_come_furthest_above_first() {
    let (_dir, api) = demo();
    let calcs = api.assessment_calcs(SEAFOOD).unwrap();
    let with: Vec<_> = calcs
        .specific
        .iter()
        .filter(|s| !s.benchmarks.is_empty())
        .collect();
    assert!(
        !with.is_empty(),
        "the seafood demo has benchmarked indicators"
    );
    for s in &with {
        let gaps: Vec<f64> = s.benchmarks.iter().map(|b| b.position.gap_pct).collect();
        assert!(gaps.windows(2).all(|w| w[0] >= w[1]), "{gaps:?}");
    }
    let norms = with
        .iter()
        .flat_map(|s| &s.benchmarks)
        .filter(|b| b.kind == "regulatory_norm")
        .count();
    let typical = with.iter().flat_map(|s| &s.benchmarks).count() - norms;
    let flat = squeeze(&pdftotext(
        &api.assessment_report(SEAFOOD, Detailed, Lang::Vi).unwrap(),
    ));
    assert_eq!(
        flat.matches("Định mức:").count(),
        norms,
        "one line per legal norm"
    );
    assert_eq!(
        flat.matches("Giá trị tham chiếu:").count(),
        typical,
        "one line per typical value"
    );
}
