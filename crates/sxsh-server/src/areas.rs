//! The administrative areas in the portal (`/portal/api/areas`): the tree every page filters
//! by (`calc::areas::tree`: the office's list joined with the places its enterprises give,
//! counted), and the office's list itself, which admins extend and prune. An area is an
//! office-only entity (`admin_area`), written as a change op through `office::write`.

use crate::Server;
use crate::db::Backend;
use crate::error::ServerError;
use crate::http::{blocking, json};
use crate::office::{self, OfficeRow};
use crate::portal::{admin_only, reader, writer};
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::Arc;
use sxsh_domain::FieldErrorCode;
use sxsh_domain::calc::areas::{AreaNode, tree};
use sxsh_domain::model::AdminArea;
use sxsh_domain::text::fold;
use sxsh_domain::validate::FieldError;

/// `GET /portal/api/areas`: the tree of the office's areas and of the account's enterprises,
/// with their enterprises and assessments counted.
pub async fn list<B: Backend>(State(s): State<Arc<Server<B>>>, headers: HeaderMap) -> Response {
    json(
        blocking(&s, move |s| {
            let (_, account) = reader(s, &headers)?;
            let pages = s.read_model.pages(&s.db, &account)?;
            let snap = pages.snap();
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for a in snap.assessments() {
                *counts.entry(a.enterprise_id.as_str()).or_default() += 1;
            }
            let enterprises: Vec<_> = snap
                .enterprises()
                .map(|e| (e, counts.get(e.id.as_str()).copied().unwrap_or(0)))
                .collect();
            Ok::<Vec<AreaNode>, ServerError>(tree(snap.areas(), &enterprises))
        })
        .await,
    )
}

/// The names of `a` and the areas it is in, folded: two rows with the same are one area.
fn same_place(a: &AdminArea) -> (sxsh_domain::model::AreaLevel, [String; 4]) {
    (
        a.level,
        [
            fold(&a.province),
            fold(&a.district),
            fold(&a.commune),
            fold(&a.name),
        ],
    )
}

/// `POST /portal/api/areas`: a new area of the office's list from the form (the server gives
/// its id), checked by the domain's rules; the same area twice (accents and case aside) is
/// refused on its name. Admins only.
pub async fn create<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let (id, form) = office::new_form(bytes, "area")?;
        blocking(&s, move |s| {
            let (_, account) = writer(s, &headers)?;
            admin_only(&account)?;
            let area: AdminArea = office::checked("admin_area", form)?;
            let model = s.read_model.current(&s.db)?;
            if model
                .snap
                .areas()
                .iter()
                .any(|a| same_place(a) == same_place(&area))
            {
                return Err(ServerError::fields(
                    "admin_area",
                    vec![FieldError::new(
                        "name",
                        FieldErrorCode::Duplicate,
                        "the list holds this area already",
                    )],
                ));
            }
            office::write(s, &account, vec![OfficeRow::new("admin_area", &id, &area)?])?;
            Ok(area)
        })
        .await
    };
    json(run.await)
}

/// `POST /portal/api/areas/{id}/delete`: takes an area off the office's list (the enterprises
/// that give it keep their addresses, and the tree still shows it from them). Admins only.
pub async fn delete<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    json(
        blocking(&s, move |s| {
            office::delete_as_admin(s, &headers, "admin_area", &id)
        })
        .await,
    )
}
