//! Reports of stored assessments end to end: sxsh-api gathers the data, sxsh-report builds and
//! renders, and the text is read back from the real PDF with pdftotext.

use crate::common;

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
    sxsh_tests::load_demo_for_editing(&api);
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
    // The grid factor used for CO2 is listed by name with its year and its publication, never
    // by its key.
    assert!(
        flat.contains("Hệ số phát thải lưới điện 2023"),
        "grid factor in the annex"
    );
    assert!(flat.contains("Cục Biến đổi khí hậu"));
    assert!(!flat.contains("grid_ef"));
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
        "CO₂ sinh học",
        "-600.000.000",
        // Every energy carrier together per tonne, beside the per-carrier lines.
        "Tổng năng lượng (điện và mọi",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
    let mj = sxsh_domain::format::format_figure(energy.gj * 1000.0, Lang::Vi);
    assert!(flat.contains(&format!("{mj} MJ/t;")), "{mj} MJ/t");
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

/// A new cassava-starch mill with electricity, coal, water and wastewater: each benchmark is
/// compared with the same indicator only (total energy with the total of every carrier,
/// electricity with electricity, water intake with water intake, wastewater with wastewater),
/// and the PDF lists both energy comparisons.
#[test]
fn a_cassava_mill_compares_each_benchmark_with_its_own_indicator() {
    use sxsh_domain::model::{Direction, FlowCategory};
    let dir = tempfile::tempdir().unwrap();
    let api = sxsh_api::Api::open(dir.path()).unwrap();
    let e = api
        .create(Enterprise {
            sector: "cassava_starch".into(),
            main_products: "Tinh bột sắn".into(),
            ..common::enterprise("Cơ sở tinh bột sắn Dương Liễu")
        })
        .unwrap();
    let a = api
        .create(Assessment {
            checklists: vec![],
            ..common::assessment(&e.data.id)
        })
        .unwrap();
    let aid = a.data.id.clone();
    let utility = |name: &str, category, direction, quantity, unit: &str| Flow {
        category,
        direction,
        unit: unit.into(),
        fuel_code: String::new(),
        unit_price_vnd: None,
        ..common::flow(&aid, name, quantity)
    };
    api.create(utility(
        "Điện lưới",
        FlowCategory::Electricity,
        Direction::In,
        60_000.0,
        "kWh",
    ))
    .unwrap();
    api.create(Flow {
        fuel_code: "anthracite".into(),
        ..common::flow(&aid, "Than cám sấy", 40.0)
    })
    .unwrap();
    api.create(utility(
        "Nước giếng",
        FlowCategory::Water,
        Direction::In,
        2_400.0,
        "m3",
    ))
    .unwrap();
    api.create(utility(
        "Nước thải ra mương",
        FlowCategory::Wastewater,
        Direction::Out,
        2_000.0,
        "m3",
    ))
    .unwrap();

    let calcs = api.assessment_calcs(&aid).unwrap();
    let ids = |indicator: &str| -> Vec<String> {
        let line = calcs
            .specific
            .iter()
            .find(|s| s.indicator == indicator)
            .unwrap_or_else(|| panic!("no {indicator} line in {:?}", calcs.specific));
        line.benchmarks.iter().map(|b| b.id.clone()).collect()
    };
    assert_eq!(ids("electricity"), ["BM-CASSAVA-VN-SMALL-ELEC"]);
    assert_eq!(ids("total_energy"), ["BM-CASSAVA-VN-LARGE-ENERGY"]);
    assert_eq!(ids("wastewater"), ["BM-CASSAVA-WW-VOLUME"]);
    let mut water = ids("water_intake");
    water.sort();
    assert_eq!(
        water,
        ["BM-CASSAVA-VN-LARGE-WATER", "BM-CASSAVA-VN-SMALL-WATER"]
    );
    assert!(ids("fuel").is_empty(), "no benchmark measures coal alone");
    // 60,000 kWh over 120 t is 1,800 MJ/t of electricity alone; the total adds the coal.
    let total = calcs
        .specific
        .iter()
        .find(|s| s.indicator == "total_energy")
        .unwrap();
    assert_eq!(total.unit, "MJ/t");
    let e = calcs.specific_energy.as_ref().unwrap();
    assert!((total.value - e.gj * 1000.0).abs() < 1e-6);
    assert!(
        total.value > 1_800.0 + 40.0 * 20_000.0 / 120.0,
        "{}",
        total.value
    );
    let elec = calcs
        .specific
        .iter()
        .find(|s| s.indicator == "electricity")
        .unwrap();
    assert!((elec.value - 500.0).abs() < 1e-9);

    let flat = squeeze(&pdftotext(
        &api.assessment_report(&aid, Quick, Lang::Vi).unwrap(),
    ));
    // Table cells wrap, so the row is matched by its first words and its figures.
    let total_at = flat
        .find("Tổng năng lượng (điện và mọi")
        .unwrap_or_else(|| panic!("no total energy line: {flat}"));
    let total_row: String = flat[total_at..].chars().take(220).collect();
    assert!(
        total_row.contains("Năng lượng tiêu") && total_row.contains("2.527 MJ/t"),
        "the total is compared with the total-energy reference: {total_row}"
    );
    let elec_at = flat
        .find("Điện năng 500 kWh/t")
        .expect("the electricity line");
    let elec_row: String = flat[elec_at..].chars().take(160).collect();
    assert!(
        elec_row.contains("Điện tiêu thụ, cơ sở") && elec_row.contains("tối đa 55"),
        "{elec_row}"
    );
    assert!(
        !elec_row.contains("MJ/t"),
        "electricity never against total energy"
    );
    // Each comparison cites its publication by number; the citations follow the table, with
    // the publisher's own address (a DOI here) and never a copy's.
    assert!(flat.contains("Nguồn của các giá trị tham chiếu:"), "{flat}");
    assert!(flat.contains("https://doi.org/10.1016/j.resconrec.2015.04.007"));
    assert!(flat.contains("Chavalparit O., Ongwandee M."));
    for copy in [
        "ilovetranslation",
        "scribd",
        "yumpu",
        "github",
        "liquisearch",
    ] {
        assert!(!flat.contains(copy), "{copy} cited: {flat}");
    }
    // The factor annex names factors as a reader knows them, never by key.
    assert!(flat.contains("Hệ số phát thải lưới") && flat.contains("0,6592"));
    for key in ["grid_ef", "ncv:", "toe:", "co2:", "density:"] {
        assert!(!flat.contains(key), "internal key {key} in the report");
    }
    // Three significant figures, the unit typeset: 2.000 m³ / 120 t.
    let ww_at = flat
        .find("Nước thải 16,7 m³/t")
        .expect("the wastewater line");
    let ww_row: String = flat[ww_at..].chars().take(120).collect();
    assert!(ww_row.contains("Lượng nước thải"), "{ww_row}");
    assert!(
        flat.contains("Nhiên liệu: "),
        "the fuel line names its fuel"
    );
}

/// What the owner reads: the full address and the team, each photo beside the checklist item
/// or observation it shows and captioned with it (never a file name), the quick wins beside
/// the items that failed, each option's own life in the NPV note, and a signature block on
/// the last page.
#[test]
fn the_owner_report_puts_photos_beside_their_items_and_ends_with_signatures() {
    let (_dir, api) = demo();
    const KILN_CRACKS: &str = "01958939-7900-70a1-abee-94a4e8f177c3"; // PK-FI-06, "Không"
    const KILN_OBSERVATION: &str = "01958942-a0c0-7bd4-b081-e4153a8eb5ef";
    for (entity, id, seed, name) in [
        ("checklist_response", KILN_CRACKS, 3, "IMG_1001.jpg"),
        ("observation", KILN_OBSERVATION, 4, "IMG_1002.jpg"),
        ("assessment", KIM_LAN, 5, "IMG_1003.jpg"),
    ] {
        api.import_attachment(
            AttachmentInput {
                owner_entity: entity.into(),
                owner_id: id.into(),
                caption: String::new(),
                original_name: name.into(),
                taken_at: None,
            },
            &sxsh_tests::phone_photo(seed),
        )
        .unwrap();
    }
    let pdf = api.assessment_report(KIM_LAN, Quick, Lang::Vi).unwrap();
    let text = pdftotext(&pdf);
    let flat = squeeze(&text);
    assert_eq!(sxsh_tests::pdfimages_list(&pdf).len(), 3);
    assert!(!flat.contains("IMG_100"), "no file name as a caption");
    // The item's photo comes after the findings table under the item (code, question,
    // answer), captioned with the question (the table's cell wraps it, so whole it appears in
    // the label and the caption).
    let question = "Tường, nóc và cửa lò có được cách nhiệt tốt, kín, không có vết nứt hoặc \
                    điểm nóng không?";
    assert_eq!(flat.matches(question).count(), 2, "{flat}");
    let label = flat
        .find(&format!("PK-FI-06 {question} (Chưa đạt)"))
        .expect("the item's label");
    let observations = flat.find("Ghi nhận khác").expect("the observations");
    assert!(label < observations);
    // The observation's photo is captioned with its text, right after it.
    let obs = "Khói đen dày kéo dài khoảng 2 giờ";
    assert_eq!(flat.matches(obs).count(), 2, "{flat}");
    // A photo of the site without a caption is numbered.
    assert!(flat.contains("Ảnh hiện trường 1"));
    // Quick wins beside the failed items they came from.
    assert_eq!(flat.matches("Giải pháp nhanh:").count(), 2, "{flat}");
    // Full address on the cover (page 1), the team, each option's life.
    let cover = text.split('\u{c}').next().unwrap();
    assert!(
        cover.contains("Gia Lâm") && cover.contains("Hà Nội"),
        "{cover}"
    );
    assert!(flat.contains("Trần Minh Đức"), "the team");
    assert!(flat.contains(
        "trong thời gian sử dụng của từng giải pháp: 5 năm; CO₂ tính với hệ số lưới điện năm 2023"
    ));
    // The signature block is on the last page, the consultant named.
    let last = text.split('\u{c}').rfind(|p| !p.trim().is_empty()).unwrap();
    let last = squeeze(last);
    for s in [
        "Hà Nội, ngày",
        "Đại diện cơ sở",
        "Chuyên gia tư vấn",
        "(Ký, ghi rõ họ tên)",
        "Đào Việt Bình",
    ] {
        assert!(last.contains(s), "{s:?} not on the last page: {last}");
    }
}

/// A title never leaves one word alone on its last line.
#[test]
fn a_cover_title_leaves_no_orphan_word() {
    let fonts = sxsh_report::pdf::Fonts::embedded();
    let face = sxsh_report::pdf::Face::Bold;
    let title = "Báo cáo đánh giá nhanh sản xuất sạch hơn của cơ sở";
    // A width at which the greedy wrap leaves "sở" alone.
    let width = (100..600)
        .map(|w| w as f32)
        .find(|w| {
            let l = fonts.wrap(face, title, 24.0, *w);
            l.len() >= 2 && !l.last().unwrap().contains(' ')
        })
        .expect("a width with an orphan");
    let lines = fonts.wrap_title(face, title, 24.0, width);
    assert!(lines.last().unwrap().contains(' '), "{lines:?}");
    assert_eq!(lines.join(" "), title);
    assert!(lines.iter().all(|l| fonts.width(face, l, 24.0) <= width));
}

/// Zero production leaves specific consumption undefined, and the report says why.
#[test]
fn zero_production_says_specific_consumption_cannot_be_computed() {
    let dir = tempfile::tempdir().unwrap();
    let api = sxsh_api::Api::open(dir.path()).unwrap();
    let e = api.create(common::enterprise("Hộ gốm Lê Văn An")).unwrap();
    let a = api
        .create(Assessment {
            production_volume: Some(0.0),
            ..common::assessment(&e.data.id)
        })
        .unwrap();
    api.create(common::flow(&a.data.id, "Than cám", 12.0))
        .unwrap();
    assert!(
        api.assessment_calcs(&a.data.id)
            .unwrap()
            .specific
            .is_empty()
    );
    let flat = squeeze(&pdftotext(
        &api.assessment_report(&a.data.id, Quick, Lang::Vi).unwrap(),
    ));
    assert!(
        flat.contains("Sản lượng bằng 0 — không tính được suất tiêu hao."),
        "{flat}"
    );
}
