//! Conflicts waiting for review, in the portal (`/portal/api/conflicts`): a field two devices
//! changed from the same version keeps both values until a person chooses one (the server's
//! `conflicts` table, as each device keeps its own). An office admin sees them all, with the
//! row they are in, and resolves one by choosing one of the competing values: an op of that
//! field whose base is every competing version (`office::write`), so every device takes the
//! choice on its next sync and the conflict ends everywhere.

use crate::db::Backend;
use crate::error::{Result, ServerError};
use crate::figures::live_rows_of;
use crate::http::{blocking, body, json};
use crate::office::{self, OfficeRow};
use crate::portal::{admin_only, reader, writer};
use crate::{Server, storage};
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::Arc;
use sxsh_sync_proto::OpKind;
use sxsh_sync_proto::wire::ErrorCode;

/// One competing value of a field.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ConflictVersion {
    pub value: Value,
    /// Who made it (`login@device`) and when.
    pub author: String,
    pub at: String,
}

/// A field in conflict, with the row it is in.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalConflict {
    pub entity: String,
    pub row_id: String,
    pub field: String,
    /// The row's name or title, as it reads now (empty when it has none).
    pub row_label: String,
    /// The assessment it is in, if any (its title), to find it.
    pub assessment_id: Option<String>,
    pub assessment_title: String,
    pub versions: Vec<ConflictVersion>,
}

/// The conflicts the server holds, as the page lists them.
fn list_in(tx: &mut dyn crate::db::Tx) -> Result<Vec<PortalConflict>> {
    let mut out = Vec::new();
    for (entity, row_id, field, heads) in storage::conflicts(tx)? {
        let rows = live_rows_of(tx, &entity, None, Some(std::slice::from_ref(&row_id)))?;
        let row = rows.get(&row_id);
        let text = |row: Option<&Map<String, Value>>, f: &str| {
            row.and_then(|r| r.get(f))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let row_label = ["name", "title", "topic", "indicator", "text"]
            .iter()
            .map(|f| text(row, f))
            .find(|s| !s.is_empty())
            .unwrap_or_default();
        let assessment_id = if entity == "assessment" {
            Some(row_id.clone())
        } else {
            row.and_then(|r| r.get("assessment_id"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let assessment_title = match &assessment_id {
            Some(aid) => {
                let a = live_rows_of(tx, "assessment", None, Some(std::slice::from_ref(aid)))?;
                text(a.get(aid), "title")
            }
            None => String::new(),
        };
        let versions = heads
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|h| ConflictVersion {
                        value: h["value"].clone(),
                        author: h["author"].as_str().unwrap_or_default().to_string(),
                        at: h["at"].as_str().unwrap_or_default().to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(PortalConflict {
            entity,
            row_id,
            field,
            row_label,
            assessment_id,
            assessment_title,
            versions,
        });
    }
    Ok(out)
}

/// `GET /portal/api/conflicts`: every conflict waiting for review. Admins only.
pub async fn list<B: Backend>(State(s): State<Arc<Server<B>>>, headers: HeaderMap) -> Response {
    json(
        blocking(&s, move |s| {
            let (_, account) = reader(s, &headers)?;
            admin_only(&account)?;
            s.db.read(list_in)
        })
        .await,
    )
}

/// What the page sends to resolve a conflict: the field, and the value chosen (one of the
/// competing values).
#[derive(Debug, Deserialize)]
struct Resolve {
    entity: String,
    row_id: String,
    field: String,
    value: Value,
}

/// `POST /portal/api/conflicts/resolve`: keeps the value chosen, written as the office's op
/// over every competing version. A value that is not one of them is refused. Admins only.
pub async fn resolve<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let r: Resolve = body(bytes)?;
        blocking(&s, move |s| {
            let (_, account) = writer(s, &headers)?;
            admin_only(&account)?;
            let Some(schema) = sxsh_domain::schema::entity(&r.entity) else {
                return Err(ServerError::new(
                    ErrorCode::NotFound,
                    format!("no entity {}", r.entity),
                ));
            };
            let open = s.db.read(storage::conflicts)?;
            let Some((_, _, _, heads)) = open
                .iter()
                .find(|(e, id, f, _)| *e == r.entity && *id == r.row_id && *f == r.field)
            else {
                return Err(ServerError::new(
                    ErrorCode::NotFound,
                    format!("no conflict on {} {} {}", r.entity, r.row_id, r.field),
                ));
            };
            let competing = heads.as_array().cloned().unwrap_or_default();
            if !competing.iter().any(|h| h["value"] == r.value) {
                return Err(ServerError::new(
                    ErrorCode::BadRequest,
                    "the value chosen is none of the competing values",
                ));
            }
            let mut fields = Map::new();
            fields.insert(r.field.clone(), r.value.clone());
            let row = OfficeRow {
                entity: schema.entity,
                row_id: r.row_id.clone(),
                kind: OpKind::Upsert,
                fields,
            };
            office::write(s, &account, vec![row])?;
            Ok(Value::Null)
        })
        .await
    };
    json(run.await)
}
