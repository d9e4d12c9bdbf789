//! The office's programmes in the portal (`/portal/api/programmes`): every account reads the
//! programmes it sees, with their periods and targets; admins make a programme and change its
//! name, funder, office, province, period and targets. A save is checked by the domain's rules
//! (refused fields come back with their codes) and written as one change op through
//! `office::write`, so the consultants' devices of that programme receive it on their next
//! sync and the dashboard's progress is measured against the new targets.

use crate::db::Backend;
use crate::error::ServerError;
use crate::http::{blocking, body, json};
use crate::office::{self, OfficeRow};
use crate::portal::{admin_only, reader, writer};
use crate::{Server, storage};
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;
use std::sync::Arc;
use sxsh_domain::model::Programme;
use sxsh_sync_proto::wire::ErrorCode;

/// `GET /portal/api/programmes`: the programmes the account sees, whole, by name.
pub async fn list<B: Backend>(State(s): State<Arc<Server<B>>>, headers: HeaderMap) -> Response {
    json(
        blocking(&s, move |s| {
            let (_, account) = reader(s, &headers)?;
            let pages = s.read_model.pages(&s.db, &account)?;
            let mut list: Vec<Programme> = pages.snap().programmes().cloned().collect();
            list.sort_by_cached_key(|p| sxsh_domain::text::vi_sort_key(&p.name));
            Ok(list)
        })
        .await,
    )
}

/// `POST /portal/api/programmes`: a programme from the form — a new one when its `id` is
/// empty or missing (the server gives the id), else a change of that programme (which must
/// exist). Admins only. Answers the programme as stored.
pub async fn save<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let mut form: Value = body(bytes)?;
        let Some(fields) = form.as_object_mut() else {
            return Err(ServerError::new(
                ErrorCode::BadRequest,
                "a programme is an object",
            ));
        };
        let given = fields
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let id = if given.is_empty() {
            uuid::Uuid::now_v7().to_string()
        } else {
            given.clone()
        };
        fields.insert("id".into(), Value::String(id.clone()));
        blocking(&s, move |s| {
            let (_, account) = writer(s, &headers)?;
            admin_only(&account)?;
            if !given.is_empty() && !s.db.read(|tx| storage::is_live(tx, "programme", &given))? {
                return Err(ServerError::new(
                    ErrorCode::NotFound,
                    format!("no programme {given}"),
                ));
            }
            let p: Programme = office::checked("programme", form)?;
            office::write(s, &account, vec![OfficeRow::new("programme", &id, &p)?])?;
            Ok(p)
        })
        .await
    };
    json(run.await)
}
