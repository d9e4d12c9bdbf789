//! The office's records in the portal (`/portal/api/records`): training events with their
//! attendance lists, awareness surveys of enterprises, and support given to enterprises. They
//! are office-only entities (`schema::OFFICE_ONLY`): admins make and delete them here, every
//! account sees those of its programmes, and the dashboard's outreach indicators
//! (`calc::outreach`) count them.

use crate::db::Backend;
use crate::error::{Result, ServerError};
use crate::figures::Snapshot;
use crate::http::{blocking, json};
use crate::office::{self, OfficeRow};
use crate::portal::{SearchQuery, admin_only, search, writer};
use crate::{Server, storage};
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;
use sxsh_domain::model::{AttendeeRole, AwarenessSurvey, SupportRecord, TrainingEvent};
use sxsh_domain::repo::{OfficeRecords, Places};
use sxsh_sync_proto::wire::ErrorCode;

/// A survey or a support record with its enterprise's name.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct WithEnterprise<T> {
    pub row: T,
    pub enterprise_name: String,
}

/// A training event with the counts its row shows.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct TrainingRow {
    pub row: TrainingEvent,
    /// Lines of its attendance list.
    pub attendees: usize,
    /// Of those, extension officers.
    pub extension_officers: usize,
}

/// Every record the account sees, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalRecords {
    pub trainings: Vec<TrainingRow>,
    pub surveys: Vec<WithEnterprise<AwarenessSurvey>>,
    pub support: Vec<WithEnterprise<SupportRecord>>,
}

impl Snapshot {
    /// The office's records it holds in the query's area and sector, as the dashboard's
    /// outreach counts them (`OfficeRecords::selected`, its enterprises at `places`), newest
    /// first (by date, then id).
    pub fn records(&self, query: &SearchQuery, places: Places) -> PortalRecords {
        let name = |id: &str| {
            self.enterprise(id)
                .map(|e| e.name.clone())
                .unwrap_or_default()
        };
        let selected = OfficeRecords {
            trainings: self.trainings().to_vec(),
            surveys: self.surveys().to_vec(),
            support: self.support().to_vec(),
            places,
        }
        .selected(&query.filter());
        let mut trainings: Vec<_> = selected
            .trainings
            .into_iter()
            .map(|t| TrainingRow {
                attendees: t.attendees.len(),
                extension_officers: t.attendees_as(AttendeeRole::ExtensionStaff),
                row: t,
            })
            .collect();
        trainings.sort_by(|a, b| (&b.row.date, &b.row.id).cmp(&(&a.row.date, &a.row.id)));
        let mut surveys: Vec<_> = selected
            .surveys
            .into_iter()
            .map(|s| WithEnterprise {
                enterprise_name: name(&s.enterprise_id),
                row: s,
            })
            .collect();
        surveys
            .sort_by(|a, b| (&b.row.survey_date, &b.row.id).cmp(&(&a.row.survey_date, &a.row.id)));
        let mut support: Vec<_> = selected
            .support
            .into_iter()
            .map(|s| WithEnterprise {
                enterprise_name: name(&s.enterprise_id),
                row: s,
            })
            .collect();
        support.sort_by(|a, b| (&b.row.date, &b.row.id).cmp(&(&a.row.date, &a.row.id)));
        PortalRecords {
            trainings,
            surveys,
            support,
        }
    }
}

/// `GET /portal/api/records?province=&district=&commune=&craft_village=&sector=`: the records
/// the account sees, in that area and sector.
pub async fn list<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    query: std::result::Result<Query<SearchQuery>, QueryRejection>,
) -> Response {
    search(s, headers, query, |pages, q| {
        Ok(pages.snap().records(q, pages.places()))
    })
    .await
}

/// The record entities the portal writes, by the name in the address.
fn entity_of(name: &str) -> Result<&'static str> {
    ["training_event", "awareness_survey", "support_record"]
        .into_iter()
        .find(|e| *e == name)
        .ok_or_else(|| ServerError::new(ErrorCode::NotFound, format!("no record kind {name}")))
}

/// `POST /portal/api/records/{entity}`: a new record from the form's fields (the server gives
/// its id), checked by the domain's rules (refused fields come back with their codes) and
/// written as a change op. Admins only.
pub async fn create<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(entity): Path<String>,
    headers: HeaderMap,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let entity = entity_of(&entity)?;
        let (id, form) = office::new_form(bytes, "record")?;
        blocking(&s, move |s| {
            let (_, account) = writer(s, &headers)?;
            admin_only(&account)?;
            let row = match entity {
                "training_event" => {
                    let t: TrainingEvent = office::checked(entity, form)?;
                    OfficeRow::new(entity, &id, &t)?
                }
                "awareness_survey" => {
                    let v: AwarenessSurvey = office::checked(entity, form)?;
                    live_enterprise(s, &v.enterprise_id)?;
                    OfficeRow::new(entity, &id, &v)?
                }
                _ => {
                    let v: SupportRecord = office::checked(entity, form)?;
                    live_enterprise(s, &v.enterprise_id)?;
                    OfficeRow::new(entity, &id, &v)?
                }
            };
            if let Some(p) = row.fields.get("programme_id").and_then(Value::as_str) {
                let p = p.to_string();
                if !s.db.read(|tx| storage::is_live(tx, "programme", &p))? {
                    return Err(ServerError::new(
                        ErrorCode::NotFound,
                        format!("no programme {p}"),
                    ));
                }
            }
            let answer = Value::Object(row.fields.clone());
            office::write(s, &account, vec![row])?;
            Ok(answer)
        })
        .await
    };
    json(run.await)
}

/// A refusal unless enterprise `id` is live.
fn live_enterprise<B: Backend>(s: &Server<B>, id: &str) -> Result<()> {
    if s.db.read(|tx| storage::is_live(tx, "enterprise", id))? {
        Ok(())
    } else {
        Err(ServerError::new(
            ErrorCode::NotFound,
            format!("no enterprise {id}"),
        ))
    }
}

/// `POST /portal/api/records/{entity}/{id}/delete`: deletes a record (a tombstone op, as a
/// device deletes). Admins only.
pub async fn delete<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path((entity, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let run = async {
        let entity = entity_of(&entity)?;
        blocking(&s, move |s| {
            office::delete_as_admin(s, &headers, entity, &id)
        })
        .await
    };
    json(run.await)
}
