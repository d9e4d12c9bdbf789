//! The office's own writes from the portal — reviews of assessments, training events,
//! awareness surveys, support records — each a change op applied by the same
//! [`storage::push`] as a device's (validated, scoped, versioned per field, logged), every op
//! of one request in one transaction: all applied, or nothing written.

use crate::Server;
use crate::db::Backend;
use crate::error::{Result, ServerError};
use crate::storage::{self, Account};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use sxsh_domain::validate::Validate;
use sxsh_sync_proto::wire::{ErrorCode, PushStatus};
use sxsh_sync_proto::{ChangeOp, Hlc, OpKind, Stamp};

/// One row the office writes: a whole new row (`Upsert`) or a tombstone (`Delete`).
#[derive(Debug, Clone)]
pub struct OfficeRow {
    pub entity: &'static str,
    pub row_id: String,
    pub kind: OpKind,
    pub fields: Map<String, Value>,
}

impl OfficeRow {
    /// A new row of `entity` holding `value`'s fields (its `id` is the row id).
    pub fn new<T: Serialize>(entity: &'static str, id: &str, value: &T) -> Result<OfficeRow> {
        let Value::Object(fields) = serde_json::to_value(value)? else {
            return Err(ServerError::internal(format!(
                "a {entity} is not an object"
            )));
        };
        Ok(OfficeRow {
            entity,
            row_id: id.to_string(),
            kind: OpKind::Upsert,
            fields,
        })
    }

    /// The deletion of row `id` of `entity`.
    pub fn delete(entity: &'static str, id: &str) -> OfficeRow {
        let mut fields = Map::new();
        fields.insert("deleted".into(), Value::Bool(true));
        OfficeRow {
            entity,
            row_id: id.to_string(),
            kind: OpKind::Delete,
            fields,
        }
    }
}

/// Reads a form's row as `T`, with every text in NFC and trimmed, and validates it: the
/// row, or the fields refused (`bad_request` with their codes).
pub fn checked<T: DeserializeOwned + Validate>(what: &str, mut row: Value) -> Result<T> {
    fn tidy(v: &mut Value) {
        match v {
            Value::String(s) => *s = sxsh_domain::text::nfc(s.trim()),
            Value::Array(a) => a.iter_mut().for_each(tidy),
            Value::Object(m) => m.values_mut().for_each(tidy),
            _ => {}
        }
    }
    tidy(&mut row);
    let value: T = serde_json::from_value(row)
        .map_err(|e| ServerError::new(ErrorCode::BadRequest, format!("{what}: {e}")))?;
    value.validate().map_err(|e| ServerError::domain(what, e))?;
    Ok(value)
}

/// Writes `rows` as the office (`account`, an admin): one change op each, stamped with the
/// server's clock and device id, pushed in one transaction. Any op not applied (refused,
/// held for a missing parent) rolls the whole request back: nothing is half-written.
pub fn write<B: Backend>(s: &Server<B>, account: &Account, rows: Vec<OfficeRow>) -> Result<()> {
    write_then(s, account, rows, |_| Ok(()))
}

/// [`write`], then `after` in the same transaction (an error from it rolls everything back).
pub fn write_then<B: Backend>(
    s: &Server<B>,
    account: &Account,
    rows: Vec<OfficeRow>,
    after: impl FnOnce(&mut dyn crate::db::Tx) -> Result<()>,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let now = chrono::Utc::now();
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let now_ms = now.timestamp_millis().max(0) as u64;
    let device = format!("office-{}", s.info()?.server_id);
    let mut ops: Vec<ChangeOp> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| ChangeOp {
            op_id: uuid::Uuid::now_v7().to_string(),
            entity: r.entity.into(),
            row_id: r.row_id,
            kind: r.kind,
            fields: r.fields,
            hlc: Stamp {
                hlc: Hlc {
                    ms: now_ms,
                    counter: u32::try_from(i).unwrap_or(u32::MAX),
                },
                device: device.clone(),
            }
            .format(),
            base: Default::default(),
            device_id: device.clone(),
            author: format!("{}@office", account.login),
            at: at.clone(),
            created_at: Some(at.clone()),
            schema_version: sxsh_domain::schema::SCHEMA_VERSION,
        })
        .collect();
    s.db.write(|tx| {
        // A change of a row that exists replaces the versions the server holds now.
        for op in &mut ops {
            op.base = storage::base_of(tx, &op.entity, &op.row_id, op.fields.keys())?;
        }
        let results = storage::push(tx, account, &ops, now_ms)?;
        for (r, op) in results.iter().zip(&ops) {
            match &r.status {
                PushStatus::Applied => {}
                PushStatus::Rejected { message, .. } => {
                    return Err(ServerError::new(
                        ErrorCode::BadRequest,
                        format!("{} {}: {message}", op.entity, op.row_id),
                    ));
                }
                other => {
                    return Err(ServerError::new(
                        ErrorCode::BadRequest,
                        format!("{} {}: not applied ({other:?})", op.entity, op.row_id),
                    ));
                }
            }
        }
        after(tx)
    })
}

/// A new row's form as the portal sends it (a JSON object), with a fresh id the server gives:
/// the id, and the form with it. `what` names the row in the refusal of anything else.
pub fn new_form(
    bytes: std::result::Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
    what: &str,
) -> Result<(String, Value)> {
    let mut form: Value = crate::http::body(bytes)?;
    let Some(fields) = form.as_object_mut() else {
        return Err(ServerError::new(
            ErrorCode::BadRequest,
            format!("a {what} is an object"),
        ));
    };
    let id = uuid::Uuid::now_v7().to_string();
    fields.insert("id".into(), Value::String(id.clone()));
    Ok((id, form))
}

/// Deletes row `id` of the office-only `entity` as the session's admin (a tombstone op, as a
/// device deletes): `forbidden` for anyone else, `not_found` for a row that is not live.
pub fn delete_as_admin<B: Backend>(
    s: &Server<B>,
    headers: &axum::http::HeaderMap,
    entity: &'static str,
    id: &str,
) -> Result<Value> {
    let (_, account) = crate::portal::writer(s, headers)?;
    crate::portal::admin_only(&account)?;
    if !s.db.read(|tx| storage::is_live(tx, entity, id))? {
        return Err(ServerError::new(
            ErrorCode::NotFound,
            format!("no {entity} {id}"),
        ));
    }
    write(s, &account, vec![OfficeRow::delete(entity, id)])?;
    Ok(Value::Null)
}
