//! The office's public page (`/public`, no login) and the case studies it shows.
//!
//! - A programme is on the page only when the office says so (`Programme::public`, off by
//!   default). The page shows its aggregated official figures — the approved assessments
//!   only, as the dashboard computes them from the read model — never a row of its own.
//! - A case study is an enterprise's consent recorded by the office (`CaseStudy`: date,
//!   reference, a short account). It is shown only when its assessment is approved and in a
//!   public programme, with the enterprise's name, sector and place and the savings of its
//!   implemented options (the engine's figures for that assessment alone). Nothing else of
//!   the enterprise (tax code, contact, address) or of the consultants leaves the server.

use crate::db::Backend;
use crate::error::{Result, ServerError};
use crate::http::{blocking, json};
use crate::office::{self, OfficeRow};
use crate::portal::{admin_only, writer};
use crate::{Server, storage};
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use sxsh_domain::calc::programme::{ReviewScope, RollupQuery, RollupReport};
use sxsh_domain::calc::rollup::Savings;
use sxsh_domain::model::{CaseStudy, ReviewState};
use sxsh_sync_proto::wire::ErrorCode;

/// A case study as the public page shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PublicCaseStudy {
    pub enterprise_name: String,
    pub sector: String,
    pub province: String,
    pub district: String,
    pub craft_village: String,
    pub assessment_kind: String,
    pub start_date: Option<String>,
    pub summary: String,
    /// Options implemented, and their savings per year (the engine's, for this assessment).
    pub options_implemented: usize,
    pub implemented: Savings,
    /// Options identified (implemented or not), and their potential savings per year.
    pub options_identified: usize,
    pub identified: Savings,
}

/// A public programme: its official figures and case studies.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PublicProgramme {
    pub id: String,
    pub name: String,
    pub office: String,
    pub province: String,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    /// The roll-up of its approved assessments.
    pub report: RollupReport,
    pub case_studies: Vec<PublicCaseStudy>,
}

/// What the public page shows.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PublicSummary {
    pub office: String,
    pub programmes: Vec<PublicProgramme>,
}

/// `GET /public/api/summary`: the programmes the office publishes. No login.
pub async fn summary<B: Backend>(State(s): State<Arc<Server<B>>>) -> Response {
    json(
        blocking(&s, move |s| -> Result<PublicSummary> {
            let model = s.read_model.current(&s.db)?;
            let programmes = s.read_model.public(&model, programmes)?;
            Ok(PublicSummary {
                office: s.info()?.office,
                programmes: programmes.to_vec(),
            })
        })
        .await,
    )
}

/// The programmes the office publishes, with their official figures and case studies.
fn programmes(model: &crate::readmodel::Model) -> Vec<PublicProgramme> {
    let snap = &model.snap;
    let states: std::collections::HashMap<String, ReviewState> =
        sxsh_domain::model::review_states(snap.all_reviews())
            .into_iter()
            .collect();
    let mut programmes = Vec::new();
    for p in snap.programmes().filter(|p| p.public) {
        let report = model.rollup(
            sxsh_domain::reference::builtin(),
            RollupQuery {
                programme_id: Some(p.id.clone()),
                review: ReviewScope::Approved,
                ..Default::default()
            },
            &None,
        );
        let mut case_studies: Vec<PublicCaseStudy> = snap
            .case_studies()
            .iter()
            .filter_map(|c| {
                let a = snap.assessment(&c.assessment_id)?;
                if a.programme_id.as_deref() != Some(p.id.as_str())
                    || states.get(&a.id) != Some(&ReviewState::Approved)
                {
                    return None;
                }
                let e = snap.enterprise(&a.enterprise_id)?;
                let part = model.parts.get(&a.id);
                Some(PublicCaseStudy {
                    enterprise_name: e.name.clone(),
                    sector: e.sector.clone(),
                    province: e.province.clone(),
                    district: e.district.clone(),
                    craft_village: e.craft_village.clone(),
                    assessment_kind: a.kind.code().to_string(),
                    start_date: a.start_date.clone(),
                    summary: c.summary.clone(),
                    options_implemented: part.map_or(0, |x| x.rollup.options.implemented),
                    implemented: part
                        .map(|x| x.rollup.implemented.clone())
                        .unwrap_or_default(),
                    options_identified: part.map_or(0, |x| x.rollup.options.identified),
                    identified: part
                        .map(|x| x.rollup.identified.clone())
                        .unwrap_or_default(),
                })
            })
            .collect();
        case_studies.sort_by_cached_key(|c| sxsh_domain::text::vi_sort_key(&c.enterprise_name));
        programmes.push(PublicProgramme {
            id: p.id.clone(),
            name: p.name.clone(),
            office: p.office.clone(),
            province: p.province.clone(),
            period_start: p.period_start.clone(),
            period_end: p.period_end.clone(),
            report,
            case_studies,
        });
    }
    programmes.sort_by_cached_key(|p| sxsh_domain::text::vi_sort_key(&p.name));
    programmes
}

/// `POST /portal/api/case-studies`: the enterprise's consent to publish its assessment as a
/// case study, as the office records it (one per assessment: a second replaces nothing and is
/// refused). Admins only.
pub async fn create<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let (id, form) = office::new_form(bytes, "case study")?;
        blocking(&s, move |s| {
            let (_, account) = writer(s, &headers)?;
            admin_only(&account)?;
            let c: CaseStudy = office::checked("case_study", form)?;
            if !s
                .db
                .read(|tx| storage::is_live(tx, "assessment", &c.assessment_id))?
            {
                return Err(ServerError::new(
                    ErrorCode::NotFound,
                    format!("no assessment {}", c.assessment_id),
                ));
            }
            let model = s.read_model.current(&s.db)?;
            if model
                .snap
                .case_studies()
                .iter()
                .any(|x| x.assessment_id == c.assessment_id)
            {
                return Err(ServerError::new(
                    ErrorCode::BadRequest,
                    "this assessment has a case study already: delete it first",
                ));
            }
            office::write(s, &account, vec![OfficeRow::new("case_study", &id, &c)?])?;
            Ok(c)
        })
        .await
    };
    json(run.await)
}

/// `POST /portal/api/case-studies/{id}/delete`: the consent withdrawn; the page no longer
/// shows it. Admins only.
pub async fn delete<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    json(
        blocking(&s, move |s| {
            office::delete_as_admin(s, &headers, "case_study", &id)
        })
        .await,
    )
}
