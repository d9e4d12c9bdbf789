//! Export and import of one whole assessment as an [`AssessmentDocument`].

use crate::dto::*;
use crate::error::{ApiError, ErrorCode, Result};
use sxsh_store::{Store, Table, WriteTx, table};

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
    fn kids<T: Table>(conn: &sxsh_store::Connection, id: &str) -> Result<Vec<Stored<T>>> {
        Ok(table::list_by::<T>(conn, "assessment_id", id)?)
    }
    Ok(AssessmentDocument {
        format: DOCUMENT_FORMAT.into(),
        format_version: DOCUMENT_VERSION,
        programme,
        enterprise,
        team_members: kids(conn, id)?,
        process_steps: kids(conn, id)?,
        flows: kids(conn, id)?,
        waste_streams: kids(conn, id)?,
        causes: kids(conn, id)?,
        options: kids(conn, id)?,
        actions: kids(conn, id)?,
        monitoring_records: kids(conn, id)?,
        checklist_responses: kids(conn, id)?,
        observations: kids(conn, id)?,
        attachments: kids(conn, id)?,
        assessment,
    })
}

fn malformed(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ImportMalformed, message)
}

/// Parses a document, telling a truncated or mis-shaped file from one of a newer version.
pub fn parse(text: &str) -> Result<AssessmentDocument> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            malformed(format!("the file ends too early (truncated?): {e}"))
        } else {
            malformed(format!("not valid JSON: {e}"))
        }
    })?;
    if value.get("format").and_then(|f| f.as_str()) != Some(DOCUMENT_FORMAT) {
        return Err(malformed("not an SXSH Field assessment document"));
    }
    let version = value.get("format_version").and_then(|v| v.as_u64());
    match version {
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
    serde_json::from_value(value).map_err(|e| {
        malformed(format!(
            "document does not match format {DOCUMENT_VERSION}: {e}"
        ))
    })
}

/// Writes one row of a document, naming the row in any error (`flows[3].quantity`).
fn put<T: Table>(
    tx: &mut WriteTx,
    row: &Stored<T>,
    field: &str,
    report: &mut ImportReport,
) -> Result<()> {
    match tx.upsert_imported(row) {
        Ok(true) => report.written += 1,
        Ok(false) => report.unchanged += 1,
        Err(e) => return Err(ApiError::from(e).prefixed(&format!("{field}."))),
    }
    Ok(())
}

fn put_all<T: Table>(
    tx: &mut WriteTx,
    rows: &[Stored<T>],
    field: &str,
    assessment_id: &str,
    owner: impl Fn(&T) -> &str,
    report: &mut ImportReport,
) -> Result<()> {
    for (i, row) in rows.iter().enumerate() {
        if owner(&row.data) != assessment_id {
            return Err(malformed(format!(
                "{field}[{i}] belongs to another assessment"
            )));
        }
        put(tx, row, &format!("{field}[{i}]"), report)?;
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
    store.write(|tx| -> Result<()> {
        if let Some(p) = &doc.programme {
            put(tx, p, "programme", &mut report)?;
        }
        put(tx, &doc.enterprise, "enterprise", &mut report)?;
        put(tx, &doc.assessment, "assessment", &mut report)?;
        let r = &mut report;
        put_all(
            tx,
            &doc.team_members,
            "team_members",
            &aid,
            |x| &x.assessment_id,
            r,
        )?;
        put_all(
            tx,
            &doc.process_steps,
            "process_steps",
            &aid,
            |x| &x.assessment_id,
            r,
        )?;
        put_all(
            tx,
            &doc.waste_streams,
            "waste_streams",
            &aid,
            |x| &x.assessment_id,
            r,
        )?;
        put_all(tx, &doc.causes, "causes", &aid, |x| &x.assessment_id, r)?;
        put_all(tx, &doc.options, "options", &aid, |x| &x.assessment_id, r)?;
        put_all(tx, &doc.flows, "flows", &aid, |x| &x.assessment_id, r)?;
        put_all(tx, &doc.actions, "actions", &aid, |x| &x.assessment_id, r)?;
        put_all(
            tx,
            &doc.monitoring_records,
            "monitoring_records",
            &aid,
            |x| &x.assessment_id,
            r,
        )?;
        put_all(
            tx,
            &doc.checklist_responses,
            "checklist_responses",
            &aid,
            |x| &x.assessment_id,
            r,
        )?;
        put_all(
            tx,
            &doc.observations,
            "observations",
            &aid,
            |x| &x.assessment_id,
            r,
        )?;
        put_all(
            tx,
            &doc.attachments,
            "attachments",
            &aid,
            attachment_assessment,
            r,
        )?;
        Ok(())
    })?;
    Ok(report)
}

fn attachment_assessment(a: &Attachment) -> &str {
    a.assessment_id.as_deref().unwrap_or("")
}
