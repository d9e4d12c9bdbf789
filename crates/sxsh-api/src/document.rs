//! Export and import of one whole assessment as an [`AssessmentDocument`].

use crate::dto::*;
use crate::error::{ApiError, ErrorCode, Result};
use sxsh_store::{ImportOutcome, Store, Table, WriteTx, table};

/// Reads every live row of an assessment into a document.
pub fn export(store: &Store, id: &str) -> Result<AssessmentDocument> {
    let conn = store.conn();
    let assessment = table::get_live::<Assessment>(conn, id)?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("assessment {id} not found")))?;
    let enterprise = table::get_live::<Enterprise>(conn, &assessment.data.enterprise_id)?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("enterprise {} not found", assessment.data.enterprise_id),
            )
        })?;
    let programme = match &assessment.data.programme_id {
        Some(p) => table::get_live::<Programme>(conn, p)?,
        None => None,
    };
    /// Every live row of the assessment, list by list.
    struct Kids<'a>(&'a sxsh_store::Connection, &'a str);
    impl FillLists for Kids<'_> {
        fn list<T: Table>(&mut self, _field: &'static str) -> Result<Vec<Stored<T>>> {
            Ok(table::list_by::<T>(self.0, "assessment_id", self.1)?)
        }
    }
    let mut doc = AssessmentDocument::new(programme, enterprise, assessment);
    doc.fill_lists(&mut Kids(conn, id))?;
    Ok(doc)
}

fn malformed(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ImportMalformed, message)
}

/// Parses a document from the bytes of a file: UTF-8 (a leading byte-order mark is skipped);
/// bytes that are not UTF-8 text are `IMPORT_MALFORMED`, naming where.
pub fn parse_bytes(bytes: &[u8]) -> Result<AssessmentDocument> {
    let text = std::str::from_utf8(crate::strip_bom(bytes)).map_err(|e| {
        malformed(format!(
            "the file is not UTF-8 text (bad bytes at offset {})",
            e.valid_up_to()
        ))
    })?;
    parse(text)
}

/// Parses a document, telling a truncated or mis-shaped file from one of a newer version. The
/// header (`format`, `format_version`) is read first by a pass that keeps nothing else, then the
/// document straight into its types: no untyped copy of a large file is ever built.
pub fn parse(text: &str) -> Result<AssessmentDocument> {
    #[derive(serde::Deserialize)]
    struct Header {
        #[serde(default)]
        format: Option<String>,
        #[serde(default)]
        format_version: Option<serde_json::Value>,
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header: Header = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            malformed(format!("the file ends too early (truncated?): {e}"))
        } else {
            malformed(format!("not valid JSON: {e}"))
        }
    })?;
    if header.format.as_deref() != Some(DOCUMENT_FORMAT) {
        return Err(malformed("not an SXSH Field assessment document"));
    }
    match header.format_version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if v > u64::from(DOCUMENT_VERSION) => {
            return Err(ApiError::new(
                ErrorCode::ImportNewerVersion,
                format!(
                    "document format version {v} is newer than this app reads ({DOCUMENT_VERSION}); update SXSH Field"
                ),
            ));
        }
        Some(_) => {}
        None => return Err(malformed("format_version is missing")),
    }
    serde_json::from_str(text).map_err(|e| {
        malformed(format!(
            "document does not match format {DOCUMENT_VERSION}: {e}"
        ))
    })
}

/// Writes one row of a document, naming the row in any error (`flows[3].quantity`). Its
/// bookkeeping is checked like its fields: timestamps no later than `latest`, a one-line author.
fn put<T: Table>(
    tx: &mut WriteTx,
    row: &Stored<T>,
    field: &str,
    latest: &str,
    report: &mut ImportReport,
) -> Result<()> {
    let mut v = sxsh_domain::validate::Validator::default();
    row.meta.check(latest, &mut v);
    if let Err(e) = v.finish() {
        return Err(ApiError::from(e).prefixed(&format!("{field}.")));
    }
    match tx.upsert_imported(row) {
        Ok(ImportOutcome::Written) => report.written += 1,
        Ok(ImportOutcome::Unchanged) => report.unchanged += 1,
        Ok(ImportOutcome::KeptNewer) => report.kept_newer += 1,
        Err(e) => return Err(ApiError::from(e).prefixed(&format!("{field}."))),
    }
    Ok(())
}

/// Refuses a document that holds the same id twice among rows of one kind.
fn check_unique_ids<T: Table>(rows: &[Stored<T>], field: &str) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        if !seen.insert(row.data.id()) {
            return Err(ApiError::new(
                ErrorCode::ImportDuplicateId,
                format!(
                    "{field}[{i}] has the id {} of an earlier row of the document",
                    row.data.id()
                ),
            ));
        }
    }
    Ok(())
}

/// Writes the rows of one kind of a document (`field`: their name, e.g. `flows`); each must
/// belong to the document's assessment.
fn put_all<T: Table>(
    tx: &mut WriteTx,
    rows: &[Stored<T>],
    field: &str,
    assessment_id: &str,
    latest: &str,
    report: &mut ImportReport,
) -> Result<()> {
    for (i, row) in rows.iter().enumerate() {
        let owner = sxsh_store::table::to_fields(&row.data)?;
        if owner.get("assessment_id").and_then(|v| v.as_str()) != Some(assessment_id) {
            return Err(malformed(format!(
                "{field}[{i}] belongs to another assessment"
            )));
        }
        put(tx, row, &format!("{field}[{i}]"), latest, report)?;
    }
    Ok(())
}

/// Imports a document in one transaction: all of it or nothing.
pub fn import(store: &mut Store, doc: &AssessmentDocument) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let aid = doc.assessment.data.id.clone();
    if doc.assessment.data.enterprise_id != doc.enterprise.data.id {
        return Err(malformed(
            "assessment.enterprise_id does not match the enterprise",
        ));
    }
    if doc.assessment.data.programme_id.as_deref()
        != doc.programme.as_ref().map(|p| p.data.id.as_str())
        && doc.programme.is_some()
    {
        return Err(malformed(
            "assessment.programme_id does not match the programme",
        ));
    }
    /// Refuses a list holding one id twice.
    struct Unique;
    impl ReadLists for Unique {
        fn list<T: Table>(&mut self, field: &'static str, rows: &[Stored<T>]) -> Result<()> {
            check_unique_ids(rows, field)
        }
    }
    doc.each_list(&mut Unique)?;
    // Timestamps may run a day ahead of this clock (time zones, a fast clock), not more.
    let latest = (chrono::Utc::now() + chrono::Duration::days(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let latest = latest.as_str();
    store.write(|tx| -> Result<()> {
        let r = &mut report;
        if let Some(p) = &doc.programme {
            put(tx, p, "programme", latest, r)?;
        }
        put(tx, &doc.enterprise, "enterprise", latest, r)?;
        put(tx, &doc.assessment, "assessment", latest, r)?;
        /// Writes each list's rows, checking they belong to the assessment.
        struct Put<'a, 'b> {
            tx: &'a mut WriteTx<'b>,
            aid: &'a str,
            latest: &'a str,
            report: &'a mut ImportReport,
        }
        impl ReadLists for Put<'_, '_> {
            fn list<T: Table>(&mut self, field: &'static str, rows: &[Stored<T>]) -> Result<()> {
                put_all(self.tx, rows, field, self.aid, self.latest, self.report)
            }
        }
        doc.each_list(&mut Put {
            tx,
            aid: &aid,
            latest,
            report: r,
        })?;
        Ok(())
    })?;
    Ok(report)
}
