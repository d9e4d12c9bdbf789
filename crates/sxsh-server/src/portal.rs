//! The programme office's web portal: the pages of `ui/portal.html` (a second entry of the
//! desktop app's Vite project: the same look, catalogs and vi-VN formats), served from
//! `serve --portal DIR`, and the JSON they read under `/portal/api`.
//!
//! - A login is a cookie session (`sxsh_portal`: HttpOnly, Secure, SameSite=Strict, 12 hours)
//!   over the server's accounts, tokens and login rate limit, as a device's login is.
//! - Every state-changing request carries `x-csrf-token`, a value derived from the session
//!   that only a page of this origin can read (`/portal/api/session`), and an `Origin`, when
//!   the browser sends one, of this host; anything else is refused (`forbidden`) before it
//!   does anything.
//! - What an account sees is its scope: an admin everything, a consultant or viewer its
//!   programmes. The dashboard and the lists read the server's read model (`readmodel`, kept
//!   up to date from the op log); reports read the account's `figures::Snapshot`.
//! - Every figure is `sxsh_domain::calc`'s over the synced rows (the roll-up is
//!   `calc::programme::rollup`, as `sxsh-server rollup` and the app compute it).

use crate::db::Backend;
use crate::error::{Result, ServerError};
use crate::figures::Snapshot;
use crate::http::{account_of, blocking, body, check_login, json};
use crate::office::{self, OfficeRow};
use crate::readmodel::Pages;
use crate::{Server, auth, storage};
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::sync::Arc;
use sxsh_domain::calc::programme::{EnterpriseStage, ReviewScope, RollupQuery, RollupReport};
use sxsh_domain::model::{Review, ReviewState, latest_review};
use sxsh_domain::validate::{FieldError, FieldErrorCode, Validate};
use sxsh_sync_proto::wire::{ErrorCode, Role};
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};

/// The session cookie's name.
pub const COOKIE: &str = "sxsh_portal";
/// How long a portal login lasts.
pub const SESSION_HOURS: i64 = 12;
/// The device id a portal session's token is recorded with.
const PORTAL_DEVICE: &str = "portal";

/// The routes of the portal: its JSON under `/portal/api`, and its pages when the server was
/// given a portal folder.
pub fn router<B: Backend>(server: Arc<Server<B>>) -> Router {
    let api = Router::new()
        .route("/portal/api/login", post(login::<B>))
        .route("/portal/api/logout", post(logout::<B>))
        .route("/portal/api/session", get(session::<B>))
        .route("/portal/api/reference", get(reference))
        .route(
            "/portal/api/programmes",
            get(crate::programmes::list::<B>).post(crate::programmes::save::<B>),
        )
        .route("/portal/api/dashboard", get(dashboard::<B>))
        .route("/portal/api/rollup.pdf", get(rollup_pdf::<B>))
        .route("/portal/api/enterprises", get(enterprises::<B>))
        .route(
            "/portal/api/enterprises/{id}",
            get(crate::enterprise_page::page::<B>),
        )
        .route("/portal/api/assessments", get(assessments::<B>))
        .route("/portal/api/reviews", post(review::<B>))
        .route(
            "/portal/api/assessments/{id}/report.pdf",
            get(assessment_pdf::<B>),
        )
        .route(
            "/portal/api/assessments/{id}",
            get(crate::assessment_page::page::<B>),
        )
        .route(
            "/portal/api/assessments/{id}/worksheets.xlsx",
            get(crate::assessment_page::worksheets::<B>),
        )
        .route(
            "/portal/api/photos/{sha}",
            get(crate::assessment_page::photo_original::<B>),
        )
        .route(
            "/portal/api/photos/{sha}/thumb",
            get(crate::assessment_page::photo_thumb::<B>),
        )
        .route("/portal/api/users", get(users::<B>).post(add_user::<B>))
        .route("/portal/api/users/{id}", post(edit_user::<B>))
        .route(
            "/portal/api/enterprises/import",
            post(crate::import::import_route::<B>).layer(axum::extract::DefaultBodyLimit::max(
                crate::import::MAX_UPLOAD_BYTES,
            )),
        )
        .route(
            "/portal/api/enterprises.xlsx",
            get(crate::import::enterprises_xlsx::<B>),
        )
        .route(
            "/portal/api/assessments.xlsx",
            get(crate::import::assessments_xlsx::<B>),
        )
        .route(
            "/portal/api/records.xlsx",
            get(crate::import::records_xlsx::<B>),
        )
        .route(
            "/portal/api/areas",
            get(crate::areas::list::<B>).post(crate::areas::create::<B>),
        )
        .route(
            "/portal/api/areas/{id}/delete",
            post(crate::areas::delete::<B>),
        )
        .route("/portal/api/conflicts", get(crate::conflicts::list::<B>))
        .route("/portal/api/case-studies", post(crate::public::create::<B>))
        .route(
            "/portal/api/case-studies/{id}/delete",
            post(crate::public::delete::<B>),
        )
        .route("/public/api/summary", get(crate::public::summary::<B>))
        .route(
            "/portal/api/conflicts/resolve",
            post(crate::conflicts::resolve::<B>),
        )
        .route("/portal/api/records", get(crate::records::list::<B>))
        .route(
            "/portal/api/records/{entity}",
            post(crate::records::create::<B>),
        )
        .route(
            "/portal/api/records/{entity}/{id}/delete",
            post(crate::records::delete::<B>),
        );
    let pages = match server.config.portal_dir.clone() {
        Some(dir) => {
            let index = dir.join("portal.html");
            Router::new()
                .route_service("/", tower_http::services::ServeFile::new(&index))
                .route_service("/portal.html", tower_http::services::ServeFile::new(&index))
                // The public page: the same entry, which shows it without a login.
                .route_service("/public", tower_http::services::ServeFile::new(&index))
                .nest_service(
                    "/assets",
                    tower_http::services::ServeDir::new(dir.join("assets")),
                )
                // Static files only: gzip for browsers that ask; the fonts (WOFF2) are
                // compressed already and are sent as they are.
                .layer(
                    tower_http::compression::CompressionLayer::new()
                        .gzip(true)
                        .compress_when(
                            DefaultPredicate::new().and(NotForContentType::const_new("font/")),
                        ),
                )
        }
        None => Router::new().route("/", get(no_portal)),
    };
    api.merge(pages)
        .with_state(server)
        .layer(axum::middleware::map_response(security_headers))
}

/// Headers every portal answer carries: no script but the portal's own, no framing, no
/// sniffing, no referrer leaving the office.
async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

async fn no_portal() -> Response {
    (
        StatusCode::NOT_FOUND,
        "SXSH Field office server: the portal pages are served with `serve --portal DIR` \
         (DIR: ui/dist after scripts/build-ui.sh); the sync API is under /api/v1.",
    )
        .into_response()
}

/// The CSRF token of a session: derived from its secret, so only a page that can read
/// `/portal/api/session` (this origin) knows it.
pub fn csrf_of(session_token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"sxsh-portal-csrf\0");
    h.update(session_token.as_bytes());
    hex::encode(h.finalize())
}

/// The session token the request's cookie holds.
fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// Refuses a request whose `Origin` names another site (a browser sends it on every POST).
fn same_origin(headers: &HeaderMap) -> Result<()> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let origin = origin.to_str().unwrap_or_default();
    let bare = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .unwrap_or("");
    if !host.is_empty() && bare == host {
        Ok(())
    } else {
        Err(ServerError::new(
            ErrorCode::Forbidden,
            format!("a request from {origin} to {host}: refused"),
        ))
    }
}

/// The session of a request that reads: its token and account.
pub(crate) fn reader<B: Backend>(
    s: &Server<B>,
    headers: &HeaderMap,
) -> Result<(String, storage::Account)> {
    let token = cookie_token(headers)
        .ok_or_else(|| ServerError::new(ErrorCode::Unauthorized, "not logged in"))?;
    let account = account_of(s, &auth::token_hash(&token))?;
    Ok((token, account))
}

/// The session of a request that changes something: as `reader`, with its CSRF token and
/// origin checked first.
pub(crate) fn writer<B: Backend>(
    s: &Server<B>,
    headers: &HeaderMap,
) -> Result<(String, storage::Account)> {
    same_origin(headers)?;
    let token = cookie_token(headers)
        .ok_or_else(|| ServerError::new(ErrorCode::Unauthorized, "not logged in"))?;
    let sent = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if sent != csrf_of(&token) {
        return Err(ServerError::new(
            ErrorCode::Forbidden,
            "the form's CSRF token is missing or wrong: reload the page",
        ));
    }
    let account = account_of(s, &auth::token_hash(&token))?;
    Ok((token, account))
}

fn set_cookie(token: &str, max_age_s: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={max_age_s}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The logged-in account as the pages show it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalAccount {
    pub login: String,
    pub display_name: String,
    /// `admin`, `consultant` or `viewer`.
    pub role: String,
    /// The programmes it sees (none: all, for an admin).
    pub programmes: Vec<String>,
}

impl PortalAccount {
    fn of(a: &storage::Account) -> PortalAccount {
        PortalAccount {
            login: a.login.clone(),
            display_name: a.display_name.clone(),
            role: a.role.as_str().to_string(),
            programmes: a.programmes.clone(),
        }
    }
}

/// The language a `lang` query value names (Vietnamese unless `en`).
pub(crate) fn lang_of(lang: Option<&str>) -> sxsh_domain::format::Lang {
    match lang {
        Some("en") => sxsh_domain::format::Lang::En,
        _ => sxsh_domain::format::Lang::Vi,
    }
}

/// A PDF made for download as `file`, or the error that stopped it.
fn pdf_answer(pdf: Result<Vec<u8>>, file: &'static str) -> Response {
    download(pdf, "application/pdf", file)
}

/// A file to download (`file` names it), or the error that stopped it.
pub(crate) fn download(made: Result<Vec<u8>>, mime: &'static str, file: &str) -> Response {
    match made {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, mime.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// The cover's date today, in `lang`.
pub(crate) fn today(lang: sxsh_domain::format::Lang) -> String {
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    sxsh_report::data::date(&today, lang)
}

/// A logged-in page's session as the pages see it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalSession {
    pub account: PortalAccount,
    /// Sent back as `x-csrf-token` with every change.
    pub csrf: String,
    pub office: String,
}

#[derive(Deserialize)]
struct LoginForm {
    login: String,
    password: String,
}

async fn login<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        same_origin(&headers)?;
        let form: LoginForm = body(bytes)?;
        blocking(&s, move |s| {
            let account = check_login(s, &form.login, &form.password, &addr.ip().to_string())?;
            let token = auth::new_token();
            let expires = chrono::Utc::now() + chrono::Duration::hours(SESSION_HOURS);
            let expires_at = expires.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            s.db.write(|tx| {
                storage::insert_token(
                    tx,
                    &auth::token_hash(&token),
                    &account.id,
                    PORTAL_DEVICE,
                    &expires_at,
                )
            })?;
            let session = PortalSession {
                account: PortalAccount::of(&account),
                csrf: csrf_of(&token),
                office: s.info()?.office,
            };
            Ok((token, session))
        })
        .await
    };
    match run.await {
        Ok((token, session)) => {
            let mut res = Json(session).into_response();
            res.headers_mut()
                .insert(header::SET_COOKIE, set_cookie(&token, SESSION_HOURS * 3600));
            res
        }
        Err(e) => e.into_response(),
    }
}

async fn logout<B: Backend>(State(s): State<Arc<Server<B>>>, headers: HeaderMap) -> Response {
    let run = blocking(&s, move |s| {
        let (token, _) = writer(s, &headers)?;
        s.db.write(|tx| storage::revoke_token(tx, &auth::token_hash(&token)))
    });
    match run.await {
        Ok(()) => {
            let mut res = StatusCode::NO_CONTENT.into_response();
            res.headers_mut()
                .insert(header::SET_COOKIE, set_cookie("", 0));
            res
        }
        Err(e) => e.into_response(),
    }
}

async fn session<B: Backend>(State(s): State<Arc<Server<B>>>, headers: HeaderMap) -> Response {
    json(
        blocking(&s, move |s| {
            let (token, account) = reader(s, &headers)?;
            Ok(PortalSession {
                account: PortalAccount::of(&account),
                csrf: csrf_of(&token),
                office: s.info()?.office,
            })
        })
        .await,
    )
}

/// A code with its names.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalNamed {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

/// The names the pages show for codes: sectors (the report catalogs') and fuels (the
/// reference data's).
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalReference {
    pub sectors: Vec<PortalNamed>,
    pub fuels: Vec<PortalNamed>,
}

async fn reference() -> Response {
    use sxsh_domain::format::Lang;
    let r = sxsh_domain::reference::builtin();
    Json(PortalReference {
        sectors: sxsh_domain::reference::SECTORS
            .iter()
            .map(|code| PortalNamed {
                code: code.to_string(),
                name_vi: sxsh_report::catalog::sector_name(Lang::Vi, code),
                name_en: sxsh_report::catalog::sector_name(Lang::En, code),
            })
            .collect(),
        fuels: r
            .fuels
            .iter()
            .map(|f| PortalNamed {
                code: f.code.clone(),
                name_vi: f.name_vi.clone(),
                name_en: f.name_en.clone(),
            })
            .collect(),
    })
    .into_response()
}

/// The dashboard's filter, as the query string gives it.
#[derive(Debug, Default, Deserialize)]
struct DashboardQuery {
    programme_id: Option<String>,
    province: Option<String>,
    district: Option<String>,
    commune: Option<String>,
    craft_village: Option<String>,
    sector: Option<String>,
    year: Option<i64>,
    technique: Option<String>,
    recompute_year: Option<i64>,
    /// `approved` (default: the official figures), `with_pending` or `all`.
    review: Option<String>,
}

/// Empty query values are no filter (a form's "all").
fn given(v: Option<String>) -> Option<String> {
    v.filter(|x| !x.trim().is_empty())
}

impl DashboardQuery {
    /// The roll-up this filter asks for; the review scope is `approved` (the official figures)
    /// unless another is named.
    fn rollup_query(self) -> Result<RollupQuery> {
        let review = match self.review.as_deref() {
            None | Some("") => ReviewScope::Approved,
            Some(r) => ReviewScope::parse(r).ok_or_else(|| {
                ServerError::new(
                    ErrorCode::BadRequest,
                    format!("review={r}: approved, with_pending or all"),
                )
            })?,
        };
        Ok(RollupQuery {
            programme_id: given(self.programme_id),
            province: given(self.province),
            district: given(self.district),
            commune: given(self.commune),
            craft_village: given(self.craft_village),
            sector: given(self.sector),
            year: self.year,
            technique: given(self.technique),
            recompute_year: self.recompute_year,
            review,
        })
    }
}

async fn dashboard<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    query: std::result::Result<Query<DashboardQuery>, QueryRejection>,
) -> Response {
    let run = async {
        let q = crate::http::query(query)?;
        let query = q.rollup_query()?;
        blocking(&s, move |s| -> Result<RollupReport> {
            let (_, account) = reader(s, &headers)?;
            s.read_model.dashboard(&s.db, &account, query)
        })
        .await
    };
    json(run.await)
}

/// The roll-up report's query: the dashboard's filter and the report's language.
#[derive(Debug, Default, Deserialize)]
struct ReportQuery {
    #[serde(flatten)]
    filter: DashboardQuery,
    lang: Option<String>,
}

/// `GET /portal/api/rollup.pdf`: the programme roll-up report (sxsh-report, the same as the
/// app's) of the dashboard's filter, as the account sees it, in one click.
async fn rollup_pdf<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    query: std::result::Result<Query<ReportQuery>, QueryRejection>,
) -> Response {
    let run = async {
        let q = crate::http::query(query)?;
        let lang = lang_of(q.lang.as_deref());
        let query = q.filter.rollup_query()?;
        blocking(&s, move |s| -> Result<Vec<u8>> {
            let (_, account) = reader(s, &headers)?;
            let snap = Snapshot::load(&s.db, Some(&account))?;
            let Ok(data) = sxsh_report::rollup::rollup_data(
                &snap,
                sxsh_domain::reference::builtin(),
                query,
                lang,
                today(lang),
            );
            Ok(sxsh_report::render(&sxsh_report::rollup::rollup_report(
                &data,
            )))
        })
        .await
    };
    pdf_answer(run.await, "bao-cao-tong-hop-sxsh.pdf")
}

/// An enterprise of the list, with its assessments' count and latest start.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalEnterprise {
    pub id: String,
    pub name: String,
    pub province: String,
    pub district: String,
    pub commune: String,
    pub craft_village: String,
    pub sector: String,
    pub assessments: usize,
    pub latest_start: Option<String>,
    /// How far it has come with CP (its assessments not rejected).
    pub stage: EnterpriseStage,
}

async fn enterprises<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    query: std::result::Result<Query<SearchQuery>, QueryRejection>,
) -> Response {
    search(s, headers, query, Pages::enterprise_list).await
}

/// A search of a list the account sees (`q`, accent-insensitive; empty: everything), in an
/// administrative area (its province, district, commune, craft village; compared as `q` is).
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
    /// A sector code (exact).
    pub sector: Option<String>,
    pub province: Option<String>,
    pub district: Option<String>,
    pub commune: Option<String>,
    pub craft_village: Option<String>,
    /// An enterprise stage (`not_assessed`, `quick`, `detailed`, `applying`; the enterprise
    /// list only).
    pub stage: Option<String>,
}

impl SearchQuery {
    /// The stage the query asks for (`None`: any); an unknown one is a bad request.
    fn stage(&self) -> Result<Option<EnterpriseStage>> {
        match given(self.stage.clone()) {
            None => Ok(None),
            Some(s) => EnterpriseStage::parse(&s).map(Some).ok_or_else(|| {
                ServerError::new(
                    ErrorCode::BadRequest,
                    format!("stage={s}: not_assessed, quick, detailed or applying"),
                )
            }),
        }
    }

    /// The text searched, folded (empty: everything).
    fn folded(&self) -> String {
        sxsh_domain::text::fold(self.q.as_deref().unwrap_or("").trim())
    }

    /// The roll-up filter of the query's area and sector.
    pub fn filter(&self) -> sxsh_domain::repo::RollupFilter {
        sxsh_domain::repo::RollupFilter {
            province: given(self.province.clone()),
            district: given(self.district.clone()),
            commune: given(self.commune.clone()),
            craft_village: given(self.craft_village.clone()),
            sector: given(self.sector.clone()),
            ..Default::default()
        }
        .folded()
    }
}

/// Answers a search: `list` of the account's pages (its rows, their parts) with the query.
pub(crate) async fn search<B: Backend, T: Serialize + Send + 'static>(
    s: Arc<Server<B>>,
    headers: HeaderMap,
    query: std::result::Result<Query<SearchQuery>, QueryRejection>,
    list: fn(&Pages, &SearchQuery) -> Result<T>,
) -> Response {
    let run = async {
        let q = crate::http::query(query)?;
        blocking(&s, move |s| {
            let (_, account) = reader(s, &headers)?;
            let pages = s.read_model.pages(&s.db, &account)?;
            list(&pages, &q)
        })
        .await
    };
    json(run.await)
}

impl Pages {
    /// The enterprises whose name or place contains `query` (accent- and case-insensitively,
    /// "da sy" finds "Đa Sỹ"), in the query's area, sector and stage, in Vietnamese order,
    /// with their assessments and stage (from the assessments' parts and reviews).
    pub fn enterprise_list(&self, query: &SearchQuery) -> Result<Vec<PortalEnterprise>> {
        let q = query.folded();
        let stage = query.stage()?;
        let area = query.filter();
        let snap = self.snap();
        let model = self.model();
        let stage_of = |mine: &[&sxsh_domain::model::Assessment]| {
            EnterpriseStage::of(mine.iter().filter_map(|a| {
                let state = latest_review(snap.reviews_of(&a.id)).map(|r| r.state);
                Some((&self.part(&a.id)?.rollup, state))
            }))
        };
        let mut list: Vec<PortalEnterprise> = snap
            .enterprises()
            .filter(|e| area.covers_enterprise(e))
            // The name or a place holds the text (each on its line of the search text).
            .filter(|e| q.is_empty() || model.search_text(&e.id).is_some_and(|t| t.contains(&q)))
            .map(|e| {
                // Its assessments the account sees (those the pages' snapshot holds).
                let mine: Vec<&sxsh_domain::model::Assessment> = model
                    .assessments_of(&e.id)
                    .iter()
                    .filter_map(|id| snap.assessment(id))
                    .collect();
                PortalEnterprise {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    province: e.province.clone(),
                    district: e.district.clone(),
                    commune: e.commune.clone(),
                    craft_village: e.craft_village.clone(),
                    sector: e.sector.clone(),
                    assessments: mine.len(),
                    latest_start: mine.iter().filter_map(|a| a.start_date.clone()).max(),
                    stage: stage_of(&mine),
                }
            })
            .filter(|e| stage.is_none_or(|s| s == e.stage))
            .collect();
        list.sort_by_cached_key(|e| sxsh_domain::text::vi_sort_key(&e.name));
        Ok(list)
    }
}

/// An assessment as the office's list shows it, with the office's reviews of it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalAssessment {
    pub id: String,
    pub title: String,
    /// `quick` or `detailed`.
    pub kind: String,
    pub cycle: i64,
    pub enterprise_id: String,
    pub enterprise_name: String,
    pub province: String,
    pub programme_id: Option<String>,
    pub start_date: Option<String>,
    pub consultant: String,
    /// The consultant's status (`draft`, `completed`, …).
    pub status: String,
    /// The latest review's state; `None`: received, not reviewed yet ("mới nhận").
    pub review_state: Option<ReviewState>,
    /// Every review, oldest first.
    pub reviews: Vec<Review>,
}

async fn assessments<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    query: std::result::Result<Query<SearchQuery>, QueryRejection>,
) -> Response {
    search(s, headers, query, |p, q| Ok(p.snap().assessment_list(q))).await
}

impl Snapshot {
    /// The assessments whose title or enterprise (name or place) contains `query`
    /// accent-insensitively, newest start first, with their reviews.
    pub fn assessment_list(&self, query: &SearchQuery) -> Vec<PortalAssessment> {
        let fold = sxsh_domain::text::fold;
        let q = query.folded();
        let area = query.filter();
        let mut list: Vec<PortalAssessment> = self
            .assessments()
            .filter_map(|a| {
                let e = self.enterprise(&a.enterprise_id)?;
                if !area.covers_enterprise(e) {
                    return None;
                }
                let hit = q.is_empty()
                    || [
                        &a.title,
                        &e.name,
                        &e.province,
                        &e.district,
                        &e.craft_village,
                    ]
                    .iter()
                    .any(|f| fold(f).contains(&q));
                if !hit {
                    return None;
                }
                Some(self.portal_assessment(a, e))
            })
            .collect();
        newest_first(&mut list);
        list
    }

    /// The assessments of enterprise `id`, newest start first, as the list shows them.
    pub fn assessments_of(&self, id: &str) -> Vec<PortalAssessment> {
        let Some(e) = self.enterprise(id) else {
            return Vec::new();
        };
        let mut list: Vec<PortalAssessment> = self
            .assessments()
            .filter(|a| a.enterprise_id == id)
            .map(|a| self.portal_assessment(a, e))
            .collect();
        newest_first(&mut list);
        list
    }

    /// Assessment `a` of enterprise `e` with the office's reviews of it.
    fn portal_assessment(
        &self,
        a: &sxsh_domain::model::Assessment,
        e: &sxsh_domain::model::Enterprise,
    ) -> PortalAssessment {
        let reviews: Vec<Review> = self.reviews_of(&a.id).into_iter().cloned().collect();
        PortalAssessment {
            id: a.id.clone(),
            title: a.title.clone(),
            kind: a.kind.code().to_string(),
            cycle: a.cycle,
            enterprise_id: e.id.clone(),
            enterprise_name: e.name.clone(),
            province: e.province.clone(),
            programme_id: a.programme_id.clone(),
            start_date: a.start_date.clone(),
            consultant: a.consultant.clone(),
            status: a.status.code().to_string(),
            review_state: latest_review(&reviews).map(|r| r.state),
            reviews,
        }
    }
}

/// Sorts assessments the latest start first (then by id).
fn newest_first(list: &mut [PortalAssessment]) {
    list.sort_by(|a, b| {
        b.start_date
            .cmp(&a.start_date)
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// A review the office makes in the portal.
#[derive(Debug, Deserialize)]
struct ReviewForm {
    assessment_id: String,
    state: ReviewState,
    #[serde(default)]
    comment: String,
}

/// `POST /portal/api/reviews`: the office's decision on an assessment, made as a change op of
/// a new `review` row and applied through the same push as a device's (validated, scoped,
/// versioned, logged in one transaction), so it reaches the consultant's app with the next
/// sync. Admins only.
async fn review<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let form: ReviewForm = body(bytes)?;
        blocking(&s, move |s| {
            let (_, account) = writer(s, &headers)?;
            if account.role != Role::Admin {
                return Err(ServerError::new(
                    ErrorCode::Forbidden,
                    "only the office's administrators review assessments",
                ));
            }
            let aid = form.assessment_id.clone();
            if !s.db.read(|tx| storage::is_live(tx, "assessment", &aid))? {
                return Err(ServerError::new(
                    ErrorCode::NotFound,
                    format!("no assessment {}", form.assessment_id),
                ));
            }
            let review = Review {
                id: uuid::Uuid::now_v7().to_string(),
                assessment_id: form.assessment_id,
                state: form.state,
                comment: sxsh_domain::text::nfc(form.comment.trim()),
                reviewer: account.display_name.clone(),
                reviewed_at: chrono::Utc::now()
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            };
            review
                .validate()
                .map_err(|e| ServerError::domain("review", e))?;
            office::write(
                s,
                &account,
                vec![OfficeRow::new("review", &review.id, &review)?],
            )?;
            Ok(review)
        })
        .await
    };
    json(run.await)
}

/// An account of the server as the administration page lists it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PortalUser {
    pub id: String,
    pub login: String,
    pub display_name: String,
    /// `admin`, `consultant` or `viewer`.
    pub role: String,
    pub programmes: Vec<String>,
    pub disabled: bool,
}

impl PortalUser {
    fn of(a: &storage::Account) -> PortalUser {
        PortalUser {
            id: a.id.clone(),
            login: a.login.clone(),
            display_name: a.display_name.clone(),
            role: a.role.as_str().to_string(),
            programmes: a.programmes.clone(),
            disabled: a.disabled,
        }
    }
}

/// The session of an administrator (`forbidden` for any other account).
pub(crate) fn admin_only(account: &storage::Account) -> Result<()> {
    if account.role == Role::Admin {
        Ok(())
    } else {
        Err(ServerError::new(
            ErrorCode::Forbidden,
            "only the office's administrators may do this",
        ))
    }
}

async fn users<B: Backend>(State(s): State<Arc<Server<B>>>, headers: HeaderMap) -> Response {
    json(
        blocking(&s, move |s| {
            let (_, account) = reader(s, &headers)?;
            admin_only(&account)?;
            let mut list: Vec<PortalUser> =
                s.db.read(storage::accounts)?
                    .iter()
                    .map(PortalUser::of)
                    .collect();
            list.sort_by(|a, b| a.login.cmp(&b.login));
            Ok(list)
        })
        .await,
    )
}

/// A new account as the administration page sends it.
#[derive(Debug, Deserialize)]
struct NewUser {
    login: String,
    display_name: String,
    role: String,
    password: String,
    #[serde(default)]
    programmes: Vec<String>,
}

/// The shortest password the portal accepts for a new account.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// What is wrong with a new account, if anything, field by field: a login of 2–64 lowercase
/// letters, digits, `.`, `_` or `-`; a password of at least [`MIN_PASSWORD_CHARS`]
/// characters; and what [`profile_errors`] checks. The role, if all is right.
fn check_new_user(u: &NewUser, known_programmes: &[String]) -> Result<Role> {
    let mut errors = Vec::new();
    let login_ok = (2..=64).contains(&u.login.len())
        && u.login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if !login_ok {
        errors.push(FieldError::new(
            "login",
            FieldErrorCode::InvalidCode,
            format!(
                "login {:?}: 2–64 lowercase letters, digits, '.', '_' or '-'",
                u.login
            ),
        ));
    }
    errors.extend(password_error(&u.password));
    let role = profile_errors(
        &mut errors,
        &u.display_name,
        &u.role,
        &u.programmes,
        known_programmes,
    );
    match role {
        Some(role) if errors.is_empty() => Ok(role),
        _ => Err(ServerError::fields("account", errors)),
    }
}

/// A password shorter than [`MIN_PASSWORD_CHARS`] characters.
fn password_error(password: &str) -> Option<FieldError> {
    (password.chars().count() < MIN_PASSWORD_CHARS).then(|| FieldError {
        min: Some(MIN_PASSWORD_CHARS as f64),
        ..FieldError::new(
            "password",
            FieldErrorCode::TooShort,
            format!("password: at least {MIN_PASSWORD_CHARS} characters"),
        )
    })
}

/// What is wrong with an account's name, role and programmes, if anything, field by field: a
/// name of 1–120 characters without control characters; a known role; programmes the office
/// holds (at least one for a consultant). The role, if it is one.
fn profile_errors(
    errors: &mut Vec<FieldError>,
    display_name: &str,
    role: &str,
    programmes: &[String],
    known_programmes: &[String],
) -> Option<Role> {
    let name = display_name.trim();
    let field = |code, message: &str| FieldError::new("display_name", code, message);
    if name.is_empty() {
        errors.push(field(FieldErrorCode::Required, "display_name: required"));
    } else if name.chars().count() > 120 {
        errors.push(FieldError {
            max: Some(120.0),
            ..field(
                FieldErrorCode::TooLong,
                "display_name: at most 120 characters",
            )
        });
    } else if name.chars().any(char::is_control) {
        errors.push(field(
            FieldErrorCode::ControlCharacter,
            "display_name: no control characters",
        ));
    }
    let parsed = Role::parse(role);
    if parsed.is_none() {
        errors.push(FieldError::new(
            "role",
            FieldErrorCode::InvalidCode,
            format!("role {role:?}: admin, consultant or viewer"),
        ));
    }
    if let Some(p) = programmes.iter().find(|p| !known_programmes.contains(p)) {
        errors.push(FieldError::new(
            "programmes",
            FieldErrorCode::InvalidId,
            format!("programmes: no programme {p}"),
        ));
    } else if parsed == Some(Role::Consultant) && programmes.is_empty() {
        errors.push(FieldError::new(
            "programmes",
            FieldErrorCode::Required,
            "programmes: a consultant works in at least one programme",
        ));
    }
    parsed
}

/// The ids of the office's live programmes.
fn programme_ids(db: &impl Backend) -> Result<Vec<String>> {
    Ok(
        crate::figures::live_of::<sxsh_domain::model::Programme>(db, "programme")?
            .into_iter()
            .map(|p| p.id)
            .collect(),
    )
}

/// `POST /portal/api/users`: an administrator makes an account (admins only, CSRF checked).
async fn add_user<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let u: NewUser = body(bytes)?;
        blocking(&s, move |s| {
            let (_, account) = writer(s, &headers)?;
            admin_only(&account)?;
            let programmes = programme_ids(&s.db)?;
            let u = NewUser {
                login: u.login.trim().to_string(),
                display_name: sxsh_domain::text::nfc(u.display_name.trim()),
                ..u
            };
            let role = check_new_user(&u, &programmes)?;
            let hash = auth::hash_password(&u.password)?;
            let made = s.db.write(|tx| {
                storage::create_account(tx, &u.login, &u.display_name, role, &hash, &u.programmes)
            })?;
            Ok(PortalUser::of(&made))
        })
        .await
    };
    json(run.await)
}

/// An account's changes as the administration page sends them (its login stays).
#[derive(Debug, Deserialize)]
struct EditUser {
    display_name: String,
    role: String,
    #[serde(default)]
    programmes: Vec<String>,
    #[serde(default)]
    disabled: bool,
    /// A new password; absent or empty: unchanged. Setting one ends every session.
    #[serde(default)]
    password: Option<String>,
}

/// `POST /portal/api/users/{id}`: an administrator changes an account's name, role, programmes,
/// password or disables it (admins only, CSRF checked). An administrator cannot disable or
/// demote their own account, so the office always keeps one.
async fn edit_user<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let u: EditUser = body(bytes)?;
        blocking(&s, move |s| {
            let (_, account) = writer(s, &headers)?;
            admin_only(&account)?;
            let display_name = sxsh_domain::text::nfc(u.display_name.trim());
            let password = u.password.filter(|p| !p.is_empty());
            let mut errors: Vec<FieldError> = password
                .as_deref()
                .and_then(password_error)
                .into_iter()
                .collect();
            let known = programme_ids(&s.db)?;
            let role = profile_errors(&mut errors, &display_name, &u.role, &u.programmes, &known);
            let role = match role {
                Some(role) if errors.is_empty() => role,
                _ => return Err(ServerError::fields("account", errors)),
            };
            if id == account.id && (u.disabled || role != Role::Admin) {
                return Err(ServerError::new(
                    ErrorCode::BadRequest,
                    "an administrator cannot disable or demote their own account",
                ));
            }
            // Hashed before the transaction: argon2 takes a while and holds no lock.
            let hash = password.as_deref().map(auth::hash_password).transpose()?;
            let changed = s.db.write(|tx| {
                if storage::account(tx, &id)?.is_none() {
                    return Err(ServerError::new(
                        ErrorCode::NotFound,
                        format!("no account {id}"),
                    ));
                }
                storage::update_account(tx, &id, &display_name, role, &u.programmes, u.disabled)?;
                if let Some(h) = &hash {
                    storage::set_password(tx, &id, h)?;
                }
                storage::account(tx, &id)?
                    .ok_or_else(|| ServerError::internal("account just changed"))
            })?;
            Ok(PortalUser::of(&changed))
        })
        .await
    };
    json(run.await)
}

/// The language of a download (`vi` by default).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct LangQuery {
    pub(crate) lang: Option<String>,
}

/// `GET /portal/api/assessments/{id}/report.pdf`: the assessment's report for its owner (quick
/// or detailed, as the assessment is), made by `sxsh-report` from the synced rows and the
/// engine's figures exactly as the app makes it — but without its photos, which stay on the
/// devices' print copies for now.
async fn assessment_pdf<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    query: std::result::Result<Query<LangQuery>, QueryRejection>,
) -> Response {
    let run = async {
        let q = crate::http::query(query)?;
        let lang = lang_of(q.lang.as_deref());
        blocking(&s, move |s| -> Result<Vec<u8>> {
            let data = crate::assessment_page::report_data(s, &headers, &id, lang, true)?;
            let report = match data.assessment.kind {
                sxsh_domain::model::AssessmentKind::Quick => {
                    sxsh_report::quick::quick_report(&data)
                }
                sxsh_domain::model::AssessmentKind::Detailed => {
                    sxsh_report::detailed::detailed_report(&data)
                }
            };
            Ok(sxsh_report::render(&report))
        })
        .await
    };
    pdf_answer(run.await, "bao-cao-danh-gia-sxsh.pdf")
}
