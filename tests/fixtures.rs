//! Files the tests upload: an office's enterprise list as a spreadsheet.

/// The Vietnamese headers of an enterprise list, as offices write them (and as the portal
/// exports them).
pub const ENTERPRISE_HEADERS: [&str; 9] = [
    "Tên doanh nghiệp",
    "Loại hình",
    "Mã số thuế",
    "Tỉnh/thành phố",
    "Quận/huyện",
    "Làng nghề",
    "Ngành",
    "Số lao động",
    "Email",
];

/// An enterprise list of `n` data rows (the header first). Rows whose spreadsheet number
/// (the header is row 1) is in `bad` carry one fault each, in turn: no name, a tax code of
/// 5 digits, an e-mail address without `@`.
pub fn enterprise_list(n: usize, bad: &[usize]) -> Vec<Vec<String>> {
    let mut rows = vec![ENTERPRISE_HEADERS.map(String::from).to_vec()];
    for i in 1..=n {
        let sheet_row = i + 1;
        let (province, district, village, sector, kind) = if i % 2 == 0 {
            ("Hà Nội", "Gia Lâm", "Bát Tràng", "Gốm sứ", "Hộ sản xuất")
        } else {
            (
                "Sơn La",
                "Mai Sơn",
                "",
                "Chế biến thực phẩm",
                "Doanh nghiệp",
            )
        };
        let mut row = vec![
            format!("Cơ sở sản xuất số {i:03} {village}")
                .trim()
                .to_string(),
            kind.to_string(),
            format!("09{:08}", 41_000 + i),
            province.to_string(),
            district.to_string(),
            village.to_string(),
            sector.to_string(),
            (5 + i % 40).to_string(),
            format!("coso{i:03}@example.vn"),
        ];
        match bad.iter().position(|b| *b == sheet_row) {
            Some(0) => row[0] = String::new(),
            Some(1) => row[2] = "01012".into(),
            Some(_) => row[8] = "khong-co-a-cong".into(),
            None => {}
        }
        rows.push(row);
    }
    rows
}

/// `rows` as the first sheet of an XLSX workbook (numbers-looking cells stay text, as an
/// office's tax codes do).
pub fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}
