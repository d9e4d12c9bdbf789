//! One enterprise in the portal (`/portal/api/enterprises/{id}`): its facts, its assessments
//! over the years — each with its review and the engine's figures for that assessment alone
//! (the read model's part: options identified and implemented, their savings) — and the
//! office's awareness surveys of it and support to it. As the account sees them.

use crate::Server;
use crate::db::Backend;
use crate::error::ServerError;
use crate::http::{blocking, json};
use crate::portal::{PortalAssessment, reader};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use sxsh_domain::calc::rollup::Savings;
use sxsh_domain::model::{AwarenessSurvey, Enterprise, SupportRecord};
use sxsh_sync_proto::wire::ErrorCode;

/// An assessment of the enterprise with its figures.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct EnterpriseAssessment {
    pub assessment: PortalAssessment,
    pub options_identified: usize,
    pub options_implemented: usize,
    /// Savings per year of the identified options (potential) and of the implemented ones.
    pub identified: Savings,
    pub implemented: Savings,
}

/// What the enterprise's page shows.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalEnterprisePage {
    pub enterprise: Enterprise,
    /// Its assessments, the latest start first.
    pub assessments: Vec<EnterpriseAssessment>,
    /// The office's surveys of it and support to it, the latest first.
    pub surveys: Vec<AwarenessSurvey>,
    pub support: Vec<SupportRecord>,
}

/// `GET /portal/api/enterprises/{id}`: `not_found` for an enterprise the account does not see.
pub async fn page<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    json(
        blocking(&s, move |s| {
            let (_, account) = reader(s, &headers)?;
            let pages = s.read_model.pages(&s.db, &account)?;
            let snap = pages.snap();
            let Some(e) = snap.enterprise(&id) else {
                return Err(ServerError::new(
                    ErrorCode::NotFound,
                    format!("no enterprise {id}"),
                ));
            };
            let model = s.read_model.current(&s.db)?;
            let assessments = snap
                .assessments_of(&id)
                .into_iter()
                .map(|a| {
                    let part = model.parts.get(&a.id);
                    EnterpriseAssessment {
                        options_identified: part.map_or(0, |p| p.rollup.options.identified),
                        options_implemented: part.map_or(0, |p| p.rollup.options.implemented),
                        identified: part
                            .map(|p| p.rollup.identified.clone())
                            .unwrap_or_default(),
                        implemented: part
                            .map(|p| p.rollup.implemented.clone())
                            .unwrap_or_default(),
                        assessment: a,
                    }
                })
                .collect();
            let mut surveys: Vec<AwarenessSurvey> = snap
                .surveys()
                .iter()
                .filter(|x| x.enterprise_id == id)
                .cloned()
                .collect();
            surveys.sort_by(|a, b| (&b.survey_date, &b.id).cmp(&(&a.survey_date, &a.id)));
            let mut support: Vec<SupportRecord> = snap
                .support()
                .iter()
                .filter(|x| x.enterprise_id == id)
                .cloned()
                .collect();
            support.sort_by(|a, b| (&b.date, &b.id).cmp(&(&a.date, &a.id)));
            Ok(PortalEnterprisePage {
                enterprise: e.clone(),
                assessments,
                surveys,
                support,
            })
        })
        .await,
    )
}
