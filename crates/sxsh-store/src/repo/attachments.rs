//! Repository of `attachments`: the [`Attachment`] table.

use crate::error::Result;
use rusqlite::OptionalExtension;

/// For a live owner row of an attachment: `Some(assessment id it belongs to, if any)`;
/// `None` when there is no such live row. Unknown owner kinds give `None` too.
pub fn owner_assessment(
    conn: &rusqlite::Connection,
    owner_entity: &str,
    owner_id: &str,
) -> Result<Option<Option<String>>> {
    let (table, column) = match owner_entity {
        "enterprise" => ("enterprises", "NULL"),
        "assessment" => ("assessments", "id"),
        "checklist_response" => ("checklist_responses", "assessment_id"),
        "observation" => ("observations", "assessment_id"),
        "option" => ("options", "assessment_id"),
        "waste_stream" => ("waste_streams", "assessment_id"),
        "monitoring_record" => ("monitoring_records", "assessment_id"),
        "team_member" => ("team_members", "assessment_id"),
        "process_step" => ("process_steps", "assessment_id"),
        "flow" => ("flows", "assessment_id"),
        "cause" => ("causes", "assessment_id"),
        "action" => ("actions", "assessment_id"),
        _ => return Ok(None),
    };
    let sql = format!("SELECT {column} FROM {table} WHERE id = ?1 AND deleted = 0");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([owner_id], |r| r.get::<_, Option<String>>(0))
        .optional()?)
}
