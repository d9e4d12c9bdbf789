//! One synced assessment in the portal, read-only: `GET /portal/api/assessments/{id}` (its
//! rows, reviews, photos and every figure `calc::figures::assessment_calcs` computes),
//! `…/worksheets.xlsx` (the worksheets as `sxsh-report` writes them for the app), and its
//! photos by hash (`/portal/api/photos/{sha}` and `…/thumb`) for an account that sees a photo
//! row of them. Only the rows under that assessment are read.

use crate::db::Backend;
use crate::error::{Result, ServerError};
use crate::figures::{AssessmentView, assessment_view};
use crate::http::{blocking, json};
use crate::portal::{download, reader};
use crate::{Server, storage};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use sxsh_domain::calc::figures::AssessmentCalcs;
use sxsh_domain::model::{
    Assessment, CaseStudy, CpOption, Enterprise, Review, ReviewState, latest_review,
};
use sxsh_sync_proto::wire::ErrorCode;

/// A photo of the assessment as the page lists it (the bytes come from `/portal/api/photos`).
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalPhoto {
    pub sha256: String,
    pub caption: String,
    /// The row it belongs to (`assessment`, `option`, `checklist_response`, …).
    pub owner_entity: String,
    pub taken_at: Option<String>,
}

/// One assessment as the portal's page shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalAssessmentPage {
    pub assessment: Assessment,
    pub enterprise: Enterprise,
    pub programme: Option<String>,
    /// The latest review's state; `None`: received, not reviewed yet.
    pub review_state: Option<ReviewState>,
    /// Every review, oldest first.
    pub reviews: Vec<Review>,
    pub options: Vec<CpOption>,
    /// Every figure, as the app and the reports compute them.
    pub calcs: AssessmentCalcs,
    pub photos: Vec<PortalPhoto>,
    /// The case study the enterprise agreed to publish, if the office recorded one.
    pub case_study: Option<CaseStudy>,
}

/// The view of assessment `id` for the session's account, and its figures.
fn view_of<B: Backend>(
    s: &Server<B>,
    headers: &HeaderMap,
    id: &str,
) -> Result<(AssessmentView, AssessmentCalcs)> {
    let (_, account) = reader(s, headers)?;
    let Some(view) = s.db.read(|tx| assessment_view(tx, Some(&account), id))? else {
        return Err(ServerError::new(
            ErrorCode::NotFound,
            format!("no assessment {id}"),
        ));
    };
    let calcs = sxsh_domain::calc::figures::assessment_calcs(
        sxsh_domain::reference::builtin(),
        &view.figures,
    )
    .map_err(|e| ServerError::new(ErrorCode::BadRequest, e.to_string()))?;
    Ok((view, calcs))
}

/// The data of assessment `id`'s report (and worksheets) in `lang`, as `sxsh-report` builds
/// it for the app, for the session's account; with its photos at print size when
/// `with_photos` (the PDF: as the app prints them, from the originals the devices uploaded; a
/// photo whose original has not arrived is named apart, as the app names an unreadable one).
pub(crate) fn report_data<B: Backend>(
    s: &Server<B>,
    headers: &HeaderMap,
    id: &str,
    lang: sxsh_domain::format::Lang,
    with_photos: bool,
) -> Result<sxsh_report::data::AssessmentData> {
    let (v, calcs) = view_of(s, headers, id)?;
    let attachments = v.photos;
    let mut data = sxsh_report::build::assessment_data(
        v.report,
        &calcs,
        sxsh_domain::reference::builtin(),
        lang,
        crate::portal::today(lang),
    );
    if with_photos {
        for a in attachments.iter().filter(|a| a.mime.starts_with("image/")) {
            let copy = s.blobs.print_copy(&a.sha256).and_then(|jpeg| {
                let (width_px, height_px) = sxsh_photo::jpeg_size(&jpeg)
                    .map_err(|e| ServerError::internal(format!("print copy: {e}")))?;
                Ok((jpeg, width_px, height_px))
            });
            match copy {
                Ok((jpeg, width_px, height_px)) => data.photos.push(sxsh_report::model::Photo {
                    jpeg,
                    width_px,
                    height_px,
                    caption: a.caption.clone(),
                    owner_entity: a.owner_entity.clone(),
                    owner_id: a.owner_id.clone(),
                }),
                Err(_) => data.unreadable_photos.push(if a.caption.is_empty() {
                    a.original_name.clone()
                } else {
                    a.caption.clone()
                }),
            }
        }
    }
    Ok(data)
}

/// `GET /portal/api/assessments/{id}`.
pub async fn page<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    json(
        blocking(&s, move |s| {
            let (v, calcs) = view_of(s, &headers, &id)?;
            let case_study = s
                .read_model
                .current(&s.db)?
                .snap
                .case_studies()
                .iter()
                .find(|c| c.assessment_id == id)
                .cloned();
            Ok(PortalAssessmentPage {
                case_study,
                review_state: latest_review(&v.reviews).map(|r| r.state),
                reviews: v.reviews,
                programme: v.report.programme,
                options: v.report.options,
                enterprise: v.report.enterprise,
                assessment: v.report.assessment,
                calcs,
                photos: v
                    .photos
                    .into_iter()
                    .filter(|p| p.mime.starts_with("image/"))
                    .map(|p| PortalPhoto {
                        sha256: p.sha256,
                        caption: p.caption,
                        owner_entity: p.owner_entity,
                        taken_at: p.taken_at,
                    })
                    .collect(),
            })
        })
        .await,
    )
}

/// `GET /portal/api/assessments/{id}/worksheets.xlsx?lang=`: the assessment's worksheets
/// (flows, waste streams, options, actions, monitoring) as the app exports them.
pub(crate) async fn worksheets<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    query: std::result::Result<Query<crate::portal::LangQuery>, QueryRejection>,
) -> Response {
    let run = async {
        let q = crate::http::query(query)?;
        let lang = crate::portal::lang_of(q.lang.as_deref());
        blocking(&s, move |s| {
            let data = report_data(s, &headers, &id, lang, false)?;
            sxsh_report::worksheets::to_xlsx(&sxsh_report::worksheets::worksheets(&data))
                .map_err(|e| ServerError::internal(format!("xlsx: {e}")))
        })
        .await
    };
    download(run.await, crate::import::XLSX, "bang-tinh-danh-gia.xlsx")
}

/// The photo bytes `sha` for the session's account (one that sees a photo row of them):
/// the thumbnail (`thumb`) or the original.
fn photo<B: Backend>(
    s: &Server<B>,
    headers: &HeaderMap,
    sha: &str,
    thumb: bool,
) -> Result<Vec<u8>> {
    let (_, account) = reader(s, headers)?;
    if !crate::blobs::is_sha256(sha)
        || !s.db.read(|tx| storage::may_read_blob(tx, &account, sha))?
    {
        return Err(ServerError::new(
            ErrorCode::NotFound,
            format!("no photo {sha} for this account"),
        ));
    }
    if thumb {
        s.blobs.thumbnail(sha)
    } else {
        Ok(s.blobs.read(sha, 0, None)?.0)
    }
}

/// An image answer typed by its bytes (photos are JPEG or PNG; anything else is a download).
fn image(bytes: Result<Vec<u8>>) -> Response {
    match bytes {
        Ok(b) => {
            let mime = if b.starts_with(&[0xff, 0xd8, 0xff]) {
                "image/jpeg"
            } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
                "image/png"
            } else {
                "application/octet-stream"
            };
            (
                [
                    ("content-type", mime),
                    ("cache-control", "private, max-age=86400"),
                ],
                b,
            )
                .into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /portal/api/photos/{sha}/thumb`.
pub async fn photo_thumb<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(sha): Path<String>,
    headers: HeaderMap,
) -> Response {
    image(blocking(&s, move |s| photo(s, &headers, &sha, true)).await)
}

/// `GET /portal/api/photos/{sha}`: the original.
pub async fn photo_original<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(sha): Path<String>,
    headers: HeaderMap,
) -> Response {
    image(blocking(&s, move |s| photo(s, &headers, &sha, false)).await)
}
