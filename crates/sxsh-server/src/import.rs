//! The office's enterprise list, imported from the spreadsheet it keeps (XLSX or CSV) and
//! exported as XLSX (`/portal/api/enterprises/import`, `/portal/api/enterprises.xlsx`).
//!
//! An import is read whole and checked row by row before anything is written: every row
//! becomes an [`Enterprise`] checked by the domain's rules (and against the tax codes already
//! held and those earlier in the file); the preview lists each row with its refused fields by
//! row number. Only a file with no refused row is written, all rows as change ops in one
//! transaction (`office::write`): nothing is ever half-imported.
//!
//! Hostile files: the body is capped ([`MAX_UPLOAD_BYTES`]); an XLSX is a zip whose entries
//! are first unpacked into a counting sink with a cap ([`MAX_UNPACKED_BYTES`]), so a zip bomb
//! is refused before calamine reads it; at most [`MAX_ROWS`] rows and [`MAX_COLUMNS`] columns;
//! a CSV must be UTF-8 text.

use crate::Server;
use crate::db::Backend;
use crate::error::{Result, ServerError};
use crate::office::{self, OfficeRow};
use crate::storage::{self, Account};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::io::{Cursor, Read};
use sxsh_domain::model::Enterprise;
use sxsh_domain::text::fold;
use sxsh_domain::validate::Validate;
use sxsh_report::worksheets::{Cell, Sheet};
use sxsh_sync_proto::wire::{ErrorCode, WireFieldError};

/// Largest file the portal takes.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// Most bytes an XLSX may unpack to (all its entries together).
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// Most data rows an import holds.
pub const MAX_ROWS: usize = 5_000;
/// Most columns read.
pub const MAX_COLUMNS: usize = 60;

/// The enterprise fields an import fills, each with the headers that name it (compared
/// without accents or case): the Vietnamese headers of the export first.
pub const COLUMNS: &[(&str, &[&str])] = &[
    ("name", &["Tên doanh nghiệp", "Tên cơ sở", "Tên", "Name"]),
    ("kind", &["Loại hình", "Kind", "Type"]),
    ("tax_code", &["Mã số thuế", "MST", "Tax code"]),
    ("address", &["Địa chỉ", "Address"]),
    ("province", &["Tỉnh/thành phố", "Tỉnh", "Province"]),
    ("district", &["Quận/huyện", "Huyện", "District"]),
    ("commune", &["Xã/phường", "Xã", "Commune"]),
    ("craft_village", &["Làng nghề", "Craft village"]),
    ("sector", &["Ngành", "Sector"]),
    ("main_products", &["Sản phẩm chính", "Main products"]),
    ("employees", &["Số lao động", "Lao động", "Employees"]),
    ("contact_name", &["Người liên hệ", "Contact"]),
    ("contact_phone", &["Điện thoại", "Phone"]),
    ("contact_email", &["Email", "Thư điện tử"]),
];

/// How a column of the file was read.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportColumn {
    pub header: String,
    /// The enterprise field it fills; `None`: not read (an unknown header).
    pub field: Option<String>,
}

/// One data row of the file as read, with what the domain refused in it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportRow {
    /// The row's number in the spreadsheet (the header is row 1).
    pub row: usize,
    pub name: String,
    pub province: String,
    pub district: String,
    pub sector: String,
    pub tax_code: String,
    /// Refused fields (codes as the domain's: `required`, `invalid_tax_code`, `duplicate`, …).
    pub errors: Vec<ImportError>,
}

/// A refused field of a row.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportError {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// What an import read, and what it wrote.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportPreview {
    pub columns: Vec<ImportColumn>,
    pub rows: Vec<ImportRow>,
    /// Rows with no refused field.
    pub ok: usize,
    /// Rows with one or more.
    pub refused: usize,
    /// Enterprises written (0 for a preview, and whenever a row is refused).
    pub imported: usize,
}

/// The query of an import.
#[derive(Debug, Default, Deserialize)]
pub struct ImportQuery {
    /// `xlsx` or `csv`, from the file's name.
    pub format: Option<String>,
    /// Write the rows (else only the preview).
    #[serde(default)]
    pub commit: bool,
    /// The programme whose accounts see the imported enterprises.
    pub programme_id: Option<String>,
}

/// A refusal of the whole file, with a code the portal shows in its language.
fn file_error(code: &str, message: impl Into<String>) -> ServerError {
    let message = message.into();
    ServerError {
        field_errors: vec![WireFieldError {
            field: "file".into(),
            code: code.into(),
            message: message.clone(),
            min: None,
            max: None,
        }],
        ..ServerError::new(ErrorCode::BadRequest, message)
    }
}

/// Unpacks every entry of the zip into a counting sink, refusing more than
/// [`MAX_UNPACKED_BYTES`] in all (whatever the entries declare).
fn check_unpacked(bytes: &[u8]) -> Result<()> {
    let not_xlsx = || {
        file_error(
            "not_xlsx",
            "not an XLSX workbook (save the sheet from Excel as .xlsx)",
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|_| not_xlsx())?;
        let left = MAX_UNPACKED_BYTES - total;
        let n = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink())
            .map_err(|_| not_xlsx())?;
        total += n;
        if total > MAX_UNPACKED_BYTES {
            return Err(file_error(
                "too_large_unpacked",
                format!("the workbook unpacks to over {MAX_UNPACKED_BYTES} bytes"),
            ));
        }
    }
    Ok(())
}

/// The cells of the first sheet of an XLSX, as text.
fn xlsx_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    use calamine::{Data, Reader, Xlsx};
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(file_error(
            "not_xlsx",
            "not an XLSX workbook (save the sheet from Excel as .xlsx)",
        ));
    }
    check_unpacked(bytes)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| file_error("not_xlsx", format!("not an XLSX workbook: {e}")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| file_error("empty", "the workbook has no sheet"))?
        .map_err(|e| file_error("not_xlsx", format!("the first sheet: {e}")))?;
    if range.height() > MAX_ROWS + 1 {
        return Err(file_error(
            "too_many_rows",
            format!("over {MAX_ROWS} rows: split the list"),
        ));
    }
    Ok(range
        .rows()
        .map(|r| {
            r.iter()
                .take(MAX_COLUMNS)
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

/// The cells of a CSV (UTF-8, with or without a byte-order mark; `,` or `;` between cells).
fn csv_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        file_error(
            "not_utf8_csv",
            "not UTF-8 text: save the sheet as \"CSV UTF-8\"",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\0') {
        return Err(file_error("not_utf8_csv", "not a CSV file"));
    }
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| file_error("not_utf8_csv", format!("CSV: {e}")))?;
        if rows.len() > MAX_ROWS {
            return Err(file_error(
                "too_many_rows",
                format!("over {MAX_ROWS} rows: split the list"),
            ));
        }
        rows.push(
            record
                .iter()
                .take(MAX_COLUMNS)
                .map(str::to_string)
                .collect(),
        );
    }
    Ok(rows)
}

/// The enterprise field a header names, if any.
fn field_of(header: &str) -> Option<&'static str> {
    let h = fold(header.trim());
    COLUMNS
        .iter()
        .find(|(f, names)| fold(f) == h || names.iter().any(|n| fold(n) == h))
        .map(|(f, _)| *f)
}

/// The kind code a cell names (its code, or its Vietnamese or English name); empty: an
/// enterprise.
fn kind_of(cell: &str) -> Option<&'static str> {
    let c = fold(cell.trim());
    let names: &[(&str, &[&str])] = &[
        ("enterprise", &["", "doanh nghiep", "cong ty", "enterprise"]),
        (
            "craft_household",
            &[
                "ho san xuat",
                "ho kinh doanh",
                "ho gia dinh",
                "craft household",
                "craft_household",
            ],
        ),
        ("cooperative", &["hop tac xa", "htx", "cooperative"]),
    ];
    names
        .iter()
        .find(|(code, ns)| fold(code) == c || ns.contains(&c.as_str()))
        .map(|(code, _)| *code)
}

/// The sector code a cell names (its code, or its name in the report catalogs); empty: none.
fn sector_of(cell: &str) -> Option<String> {
    let c = fold(cell.trim());
    if c.is_empty() {
        return Some(String::new());
    }
    sxsh_domain::reference::SECTORS
        .iter()
        .find(|code| {
            fold(code) == c
                || [sxsh_domain::format::Lang::Vi, sxsh_domain::format::Lang::En]
                    .iter()
                    .any(|l| fold(&sxsh_report::catalog::sector_name(*l, code)) == c)
        })
        .map(|c| c.to_string())
}

/// A data row as read, and the enterprise it makes.
type ReadRow = (ImportRow, Enterprise);

/// Reads `rows` (the header first) as enterprises, each with its refused fields; `taken`:
/// the tax codes already held (folded).
fn read_enterprises(
    rows: &[Vec<String>],
    taken: &HashSet<String>,
) -> Result<(Vec<ImportColumn>, Vec<ReadRow>)> {
    let Some(header) = rows.first() else {
        return Err(file_error("empty", "the file is empty"));
    };
    let fields: Vec<Option<&'static str>> = header.iter().map(|h| field_of(h)).collect();
    if !fields.contains(&Some("name")) {
        return Err(file_error(
            "no_name_column",
            "no column of names (a header \"Tên doanh nghiệp\" or \"Name\")",
        ));
    }
    let columns = header
        .iter()
        .zip(&fields)
        .map(|(h, f)| ImportColumn {
            header: h.clone(),
            field: f.map(str::to_string),
        })
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for (i, cells) in rows.iter().enumerate().skip(1) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |field: &str| -> String {
            fields
                .iter()
                .position(|f| *f == Some(field))
                .and_then(|at| cells.get(at))
                .map(|s| sxsh_domain::text::nfc(s.trim()))
                .unwrap_or_default()
        };
        let mut errors: Vec<ImportError> = Vec::new();
        let mut refuse = |field: &str, code: &str, message: &str| {
            errors.push(ImportError {
                field: field.into(),
                code: code.into(),
                message: message.into(),
            })
        };
        let kind = kind_of(&cell("kind")).unwrap_or_else(|| {
            refuse(
                "kind",
                "invalid_code",
                "a kind: doanh nghiệp, hộ sản xuất or hợp tác xã",
            );
            "enterprise"
        });
        let sector = sector_of(&cell("sector")).unwrap_or_else(|| {
            refuse(
                "sector",
                "invalid_code",
                "not a sector of the reference list",
            );
            String::new()
        });
        let employees = match cell("employees").replace(['.', ' '], "") {
            t if t.is_empty() => None,
            t => match t.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    refuse("employees", "not_a_number", "not a whole number");
                    None
                }
            },
        };
        let mut row = Map::new();
        row.insert("id".into(), uuid::Uuid::now_v7().to_string().into());
        row.insert("kind".into(), kind.into());
        row.insert("sector".into(), sector.into());
        row.insert("employees".into(), employees.into());
        row.insert("design_capacity".into(), Value::Null);
        for f in [
            "name",
            "tax_code",
            "address",
            "province",
            "district",
            "commune",
            "craft_village",
            "main_products",
            "contact_name",
            "contact_phone",
            "contact_email",
        ] {
            row.insert(f.into(), cell(f).into());
        }
        let e: Enterprise = serde_json::from_value(Value::Object(row))?;
        if let Err(sxsh_domain::DomainError::Validation(errs)) = e.validate() {
            for fe in errs {
                refuse(&fe.field, fe.code.as_str(), &fe.message);
            }
        }
        if !e.tax_code.is_empty() {
            let key = fold(&e.tax_code);
            if taken.contains(&key) {
                refuse(
                    "tax_code",
                    "duplicate",
                    "an enterprise with this tax code is held already",
                );
            } else if !seen.insert(key) {
                refuse(
                    "tax_code",
                    "duplicate",
                    "this tax code is on an earlier row",
                );
            }
        }
        out.push((
            ImportRow {
                row: i + 1,
                name: e.name.clone(),
                province: e.province.clone(),
                district: e.district.clone(),
                sector: e.sector.clone(),
                tax_code: e.tax_code.clone(),
                errors,
            },
            e,
        ));
    }
    Ok((columns, out))
}

/// Reads an uploaded file and, with `commit` and no refused row, writes its enterprises as
/// `account` (an admin), visible in `programme_id` when given.
pub fn import<B: Backend>(
    s: &Server<B>,
    account: &Account,
    bytes: &[u8],
    q: &ImportQuery,
) -> Result<ImportPreview> {
    let rows = match q.format.as_deref() {
        Some("xlsx") => xlsx_rows(bytes)?,
        Some("csv") => csv_rows(bytes)?,
        _ if bytes.starts_with(b"PK\x03\x04") => xlsx_rows(bytes)?,
        _ => csv_rows(bytes)?,
    };
    let taken: HashSet<String> = crate::figures::live_of::<Enterprise>(&s.db, "enterprise")?
        .into_iter()
        .filter(|e| !e.tax_code.is_empty())
        .map(|e| fold(&e.tax_code))
        .collect();
    let (columns, read) = read_enterprises(&rows, &taken)?;
    let refused = read.iter().filter(|(r, _)| !r.errors.is_empty()).count();
    let mut preview = ImportPreview {
        columns,
        ok: read.len() - refused,
        refused,
        imported: 0,
        rows: Vec::new(),
    };
    let (rows, enterprises): (Vec<ImportRow>, Vec<Enterprise>) = read.into_iter().unzip();
    preview.rows = rows;
    if !q.commit {
        return Ok(preview);
    }
    if refused > 0 || enterprises.is_empty() {
        return Err(ServerError::new(
            ErrorCode::BadRequest,
            format!("{refused} row(s) refused: nothing imported"),
        ));
    }
    if let Some(p) = &q.programme_id
        && !s.db.read(|tx| storage::is_live(tx, "programme", p))?
    {
        return Err(ServerError::new(
            ErrorCode::NotFound,
            format!("no programme {p}"),
        ));
    }
    let rows = enterprises
        .iter()
        .map(|e| OfficeRow::new("enterprise", &e.id, e))
        .collect::<Result<Vec<_>>>()?;
    let ids: Vec<String> = enterprises.iter().map(|e| e.id.clone()).collect();
    office::write_then(s, account, rows, |tx| match &q.programme_id {
        Some(p) => storage::share(tx, "enterprise", &ids, p),
        None => Ok(()),
    })?;
    preview.imported = enterprises.len();
    Ok(preview)
}

/// `POST /portal/api/enterprises/import?format=xlsx|csv&commit=…&programme_id=…`: the file
/// as the body. The preview (or, with `commit`, the rows written); admins only.
pub async fn import_route<B: Backend>(
    axum::extract::State(s): axum::extract::State<std::sync::Arc<Server<B>>>,
    headers: axum::http::HeaderMap,
    query: std::result::Result<
        axum::extract::Query<ImportQuery>,
        axum::extract::rejection::QueryRejection,
    >,
    bytes: std::result::Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> axum::response::Response {
    let run = async {
        let q = crate::http::query(query)?;
        let bytes = bytes.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ServerError::new(
                    ErrorCode::TooLarge,
                    format!("the file is over {} MB", MAX_UPLOAD_BYTES / (1024 * 1024)),
                )
            } else {
                ServerError::new(ErrorCode::BadRequest, e.body_text())
            }
        })?;
        crate::http::blocking(&s, move |s| {
            let (_, account) = crate::portal::writer(s, &headers)?;
            crate::portal::admin_only(&account)?;
            import(s, &account, &bytes, &q)
        })
        .await
    };
    crate::http::json(run.await)
}

/// The XLSX content type.
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// One text cell.
fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A list of the account's snapshot as an XLSX file named `file`.
async fn export<B: Backend>(
    s: std::sync::Arc<Server<B>>,
    headers: axum::http::HeaderMap,
    query: std::result::Result<
        axum::extract::Query<crate::portal::SearchQuery>,
        axum::extract::rejection::QueryRejection,
    >,
    file: &'static str,
    sheets: fn(&crate::readmodel::Pages, &crate::portal::SearchQuery) -> Result<Vec<Sheet>>,
) -> axum::response::Response {
    let run = async {
        let q = crate::http::query(query)?;
        crate::http::blocking(&s, move |s| {
            let (_, account) = crate::portal::reader(s, &headers)?;
            let pages = s.read_model.pages(&s.db, &account)?;
            sxsh_report::worksheets::to_xlsx(&sheets(&pages, &q)?)
                .map_err(|e| ServerError::internal(format!("xlsx: {e}")))
        })
        .await
    };
    crate::portal::download(run.await, XLSX, file)
}

/// `GET /portal/api/enterprises.xlsx?q=`: the enterprise list (the search's), with the
/// import's headers, so the file can be edited and imported again.
pub(crate) async fn enterprises_xlsx<B: Backend>(
    axum::extract::State(s): axum::extract::State<std::sync::Arc<Server<B>>>,
    headers: axum::http::HeaderMap,
    query: std::result::Result<
        axum::extract::Query<crate::portal::SearchQuery>,
        axum::extract::rejection::QueryRejection,
    >,
) -> axum::response::Response {
    export(s, headers, query, "doanh-nghiep.xlsx", |pages, q| {
        let snap = pages.snap();
        let mut headers: Vec<String> = COLUMNS.iter().map(|(_, n)| n[0].to_string()).collect();
        headers.push("Số đánh giá".into());
        headers.push("Tình trạng".into());
        let vi = sxsh_report::catalog::labels(sxsh_domain::format::Lang::Vi);
        let rows = pages
            .enterprise_list(q)?
            .into_iter()
            .filter_map(|p| {
                let e = snap.enterprise(&p.id)?;
                let kind = match e.kind.code() {
                    "craft_household" => "Hộ sản xuất",
                    "cooperative" => "Hợp tác xã",
                    _ => "Doanh nghiệp",
                };
                let sector = if e.sector.is_empty() {
                    String::new()
                } else {
                    sxsh_report::catalog::sector_name(sxsh_domain::format::Lang::Vi, &e.sector)
                };
                Some(vec![
                    text(&e.name),
                    text(kind),
                    text(&e.tax_code),
                    text(&e.address),
                    text(&e.province),
                    text(&e.district),
                    text(&e.commune),
                    text(&e.craft_village),
                    text(&sector),
                    text(&e.main_products),
                    e.employees.map_or(Cell::Empty, |n| Cell::Number(n as f64)),
                    text(&e.contact_name),
                    text(&e.contact_phone),
                    text(&e.contact_email),
                    Cell::Number(p.assessments as f64),
                    text(vi.t(&format!("stage.{}", p.stage.code()))),
                ])
            })
            .collect();
        Ok(vec![Sheet {
            file_name: "enterprises",
            title: "Doanh nghiệp".into(),
            headers,
            rows,
        }])
    })
    .await
}
/// `GET /portal/api/assessments.xlsx?q=`: the assessment list (the search's) with each one's
/// review state.
pub(crate) async fn assessments_xlsx<B: Backend>(
    axum::extract::State(s): axum::extract::State<std::sync::Arc<Server<B>>>,
    headers: axum::http::HeaderMap,
    query: std::result::Result<
        axum::extract::Query<crate::portal::SearchQuery>,
        axum::extract::rejection::QueryRejection,
    >,
) -> axum::response::Response {
    export(s, headers, query, "danh-gia.xlsx", |pages, q| {
        let snap = pages.snap();
        let state = |r: Option<sxsh_domain::model::ReviewState>| match r {
            None => "Mới nhận",
            Some(sxsh_domain::model::ReviewState::NeedsChanges) => "Cần bổ sung",
            Some(sxsh_domain::model::ReviewState::Approved) => "Đã duyệt",
            Some(sxsh_domain::model::ReviewState::Rejected) => "Từ chối",
        };
        let rows = snap
            .assessment_list(q)
            .into_iter()
            .map(|a| {
                vec![
                    text(&a.enterprise_name),
                    text(&a.province),
                    text(&a.title),
                    text(if a.kind == "quick" {
                        "Nhanh"
                    } else {
                        "Chi tiết"
                    }),
                    Cell::Number(a.cycle as f64),
                    text(a.start_date.as_deref().unwrap_or("")),
                    text(&a.consultant),
                    text(state(a.review_state)),
                ]
            })
            .collect();
        Ok(vec![Sheet {
            file_name: "assessments",
            title: "Đánh giá".into(),
            headers: [
                "Doanh nghiệp",
                "Tỉnh/thành phố",
                "Đánh giá",
                "Loại",
                "Chu kỳ",
                "Bắt đầu",
                "Tư vấn viên",
                "Duyệt",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }])
    })
    .await
}

/// `GET /portal/api/records.xlsx`: the office's records, a sheet each (training events with
/// one row per attendee).
pub(crate) async fn records_xlsx<B: Backend>(
    axum::extract::State(s): axum::extract::State<std::sync::Arc<Server<B>>>,
    headers: axum::http::HeaderMap,
    query: std::result::Result<
        axum::extract::Query<crate::portal::SearchQuery>,
        axum::extract::rejection::QueryRejection,
    >,
) -> axum::response::Response {
    export(s, headers, query, "ho-tro-dao-tao.xlsx", |pages, q| {
        let r = pages.snap().records(q, pages.places());
        let yes = |b: bool| text(if b { "có" } else { "không" });
        let heads = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Ok(vec![
            Sheet {
                file_name: "training",
                title: "Tập huấn".into(),
                headers: heads(&[
                    "Ngày",
                    "Chủ đề",
                    "Địa điểm",
                    "Quận/huyện",
                    "Tỉnh/thành phố",
                    "Giảng viên",
                    "Họ và tên",
                    "Đơn vị",
                    "Đối tượng",
                ]),
                rows: r
                    .trainings
                    .iter()
                    .map(|t| &t.row)
                    .flat_map(|t| {
                        let event = vec![
                            text(&t.date),
                            text(&t.topic),
                            text(&t.place),
                            text(&t.district),
                            text(&t.province),
                            text(&t.trainers),
                        ];
                        if t.attendees.is_empty() {
                            return vec![event];
                        }
                        t.attendees
                            .iter()
                            .map(|a| {
                                let mut row = event.clone();
                                row.extend([
                                    text(&a.name),
                                    text(&a.organisation),
                                    text(a.role.code()),
                                ]);
                                row
                            })
                            .collect()
                    })
                    .collect(),
            },
            Sheet {
                file_name: "surveys",
                title: "Khảo sát nhận thức".into(),
                headers: heads(&[
                    "Ngày khảo sát",
                    "Doanh nghiệp",
                    "Nhận thức được lợi ích SXSH",
                    "Đang áp dụng SXSH",
                    "Có kế hoạch áp dụng",
                    "Ghi chú",
                ]),
                rows: r
                    .surveys
                    .iter()
                    .map(|w| {
                        vec![
                            text(&w.row.survey_date),
                            text(&w.enterprise_name),
                            yes(w.row.aware),
                            yes(w.row.applying),
                            yes(w.row.planning),
                            text(&w.row.note),
                        ]
                    })
                    .collect(),
            },
            Sheet {
                file_name: "support",
                title: "Hỗ trợ doanh nghiệp".into(),
                headers: heads(&[
                    "Ngày",
                    "Doanh nghiệp",
                    "Hình thức",
                    "Số tiền (đồng)",
                    "Tổ chức cho vay",
                    "Mô tả",
                ]),
                rows: r
                    .support
                    .iter()
                    .map(|w| {
                        vec![
                            text(&w.row.date),
                            text(&w.enterprise_name),
                            text(w.row.kind.code()),
                            w.row.amount_vnd.map_or(Cell::Empty, Cell::Money),
                            text(&w.row.lender),
                            text(&w.row.description),
                        ]
                    })
                    .collect(),
            },
        ])
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn headers_kinds_and_sectors_are_read_without_accents_and_bad_rows_say_why() {
        let rows = vec![
            row(&[
                "TEN DOANH NGHIEP",
                "Loai hinh",
                "Mã số thuế",
                "Nganh",
                "So lao dong",
                "Ghi chú",
            ]),
            row(&[
                "Hộ gốm Đào Việt Bình",
                "hộ sản xuất",
                "",
                "Gốm sứ",
                "12",
                "x",
            ]),
            row(&["", "", "", "", "", ""]),
            row(&["Công ty A", "", "0101234567", "seafood", "1.250", ""]),
            row(&["", "HTX", "0101234567", "đồ chơi", "nhiều", ""]),
        ];
        let taken = HashSet::new();
        let (columns, read) = read_enterprises(&rows, &taken).unwrap();
        assert_eq!(columns[0].field.as_deref(), Some("name"));
        assert_eq!(columns[5].field, None);
        assert_eq!(read.len(), 3, "the blank row is skipped");
        let (r, e) = &read[0];
        assert_eq!((r.row, r.errors.len()), (2, 0), "{:?}", r.errors);
        assert_eq!(e.kind.code(), "craft_household");
        assert_eq!((e.sector.as_str(), e.employees), ("pottery", Some(12)));
        assert_eq!(read[1].1.employees, Some(1250));
        let (bad, _) = &read[2];
        assert_eq!(bad.row, 5);
        let codes: Vec<(&str, &str)> = bad
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        for want in [
            ("name", "required"),
            ("sector", "invalid_code"),
            ("employees", "not_a_number"),
            ("tax_code", "duplicate"),
        ] {
            assert!(codes.contains(&want), "{want:?} in {codes:?}");
        }
        let held: HashSet<String> = ["0101234567".to_string()].into();
        let (_, again) = read_enterprises(&rows, &held).unwrap();
        assert_eq!(again[1].0.errors[0].code, "duplicate");
    }

    #[test]
    fn files_that_are_not_spreadsheets_are_refused_with_their_reason() {
        let code = |r: Result<Vec<Vec<String>>>| r.unwrap_err().field_errors[0].code.clone();
        assert_eq!(code(xlsx_rows(b"name,province\nA,B\n")), "not_xlsx");
        assert_eq!(code(xlsx_rows(b"PK\x03\x04 broken")), "not_xlsx");
        assert_eq!(code(csv_rows(&[0xff, 0xfe, 0x41, 0x00])), "not_utf8_csv");
        let (_, read) = read_enterprises(
            &csv_rows("\u{feff}Tên;Tỉnh\nCơ sở A;Hà Nội\n".as_bytes()).unwrap(),
            &HashSet::new(),
        )
        .unwrap();
        assert_eq!(read[0].1.province, "Hà Nội");
        let err = read_enterprises(&[row(&["Tỉnh"])], &HashSet::new()).unwrap_err();
        assert_eq!(err.field_errors[0].code, "no_name_column");
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_read() {
        // 100 MB of zeros in one entry packs to ~100 KB.
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
            let zeros = vec![0u8; 1024 * 1024];
            for _ in 0..100 {
                std::io::Write::write_all(&mut w, &zeros).unwrap();
            }
            w.finish().unwrap();
        }
        let bytes = buf.into_inner();
        assert!(bytes.len() < 1024 * 1024, "{}", bytes.len());
        let err = xlsx_rows(&bytes).unwrap_err();
        assert_eq!(err.field_errors[0].code, "too_large_unpacked");
    }
}
