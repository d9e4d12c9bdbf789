//! The HTTP face of the server (`/api/v1`, see `sxsh_sync_proto::wire`): each handler reads
//! its request, checks the token, and runs storage code on a blocking thread.

use crate::blobs::BlobState;
use crate::db::Backend;
use crate::error::{Result, ServerError};
use crate::{Server, account_info, auth, storage};
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::net::SocketAddr;
use std::sync::Arc;
use sxsh_sync_proto::wire::{
    BlobStatus, ErrorCode, LoginRequest, LoginResponse, MAX_PULL_OPS, MAX_PUSH_OPS, PullPage,
    PushRequest, PushResponse, Role, version_at_least,
};

/// Largest request body: a full push batch of large ops, with room.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// The routes of the sync API over a server.
pub fn router<B: Backend>(server: Arc<Server<B>>) -> Router {
    Router::new()
        .route("/api/v1/info", get(info::<B>))
        .route("/api/v1/login", post(login::<B>))
        .route("/api/v1/logout", post(logout::<B>))
        .route("/api/v1/push", post(push::<B>))
        .route("/api/v1/pull", get(pull::<B>))
        .route(
            "/api/v1/blobs/{sha}",
            get(blob_get::<B>).head(blob_head::<B>).put(blob_put::<B>),
        )
        .route("/api/v1/blobs/{sha}/thumb", get(blob_thumb::<B>))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(server.clone())
        .merge(crate::portal::router(server))
}

/// Runs blocking storage work off the async threads.
pub(crate) async fn blocking<B: Backend, R: Send + 'static>(
    server: &Arc<Server<B>>,
    f: impl FnOnce(&Server<B>) -> Result<R> + Send + 'static,
) -> Result<R> {
    let s = server.clone();
    tokio::task::spawn_blocking(move || f(&s))
        .await
        .map_err(|e| ServerError::internal(format!("worker: {e}")))?
}

/// A JSON body, with its own codes for a body too large or one that does not parse.
pub(crate) fn body<T: DeserializeOwned>(
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Result<T> {
    let bytes = bytes.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ServerError::new(
                ErrorCode::TooLarge,
                format!("body over {MAX_BODY_BYTES} bytes"),
            )
        } else {
            ServerError::new(ErrorCode::BadRequest, e.body_text())
        }
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ServerError::new(ErrorCode::BadRequest, format!("body: {e}")))
}

fn bearer(headers: &HeaderMap) -> Result<String> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| auth::token_hash(t.trim()))
        .ok_or_else(|| ServerError::new(ErrorCode::Unauthorized, "no token: log in first"))
}

fn check_client(version: &str, min: &str) -> Result<()> {
    if version_at_least(version, min) {
        Ok(())
    } else {
        Err(ServerError::new(
            ErrorCode::ClientTooOld,
            format!("client {version} is older than {min}: update SXSH Field"),
        ))
    }
}

/// A query string, with `bad_request` and the reason when it does not parse.
pub(crate) fn query<T>(
    q: std::result::Result<Query<T>, axum::extract::rejection::QueryRejection>,
) -> Result<T> {
    q.map(|Query(t)| t)
        .map_err(|e| ServerError::new(ErrorCode::BadRequest, e.body_text()))
}

pub(crate) fn json<T: serde::Serialize>(r: Result<T>) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn info<B: Backend>(State(s): State<Arc<Server<B>>>) -> Response {
    json(blocking(&s, |s| s.info()).await)
}

async fn login<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let req: LoginRequest = body(bytes)?;
        check_client(&req.client_version, &s.config.min_client_version)?;
        blocking(&s, move |s| {
            let account = check_login(s, &req.login, &req.password, &addr.ip().to_string())?;
            let token = auth::new_token();
            let expires = chrono::Utc::now() + chrono::Duration::days(s.config.token_days);
            let expires_at = expires.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            s.db.write(|tx| {
                storage::insert_token(
                    tx,
                    &auth::token_hash(&token),
                    &account.id,
                    &req.device_id,
                    &expires_at,
                )
            })?;
            Ok(LoginResponse {
                token,
                expires_at,
                account: account_info(&account),
                server: s.info()?,
            })
        })
        .await
    };
    json(run.await)
}

/// The account a login and password name, within the login rate limit (a wrong login costs a
/// hash like a wrong password, so the answer's time does not tell which).
pub(crate) fn check_login<B: Backend>(
    s: &Server<B>,
    login: &str,
    password: &str,
    ip: &str,
) -> Result<storage::Account> {
    s.limits.check(login, ip)?;
    let found = s.db.read(|tx| storage::account_by_login(tx, login))?;
    let hash = found
        .as_ref()
        .map_or(auth::dummy_hash(), |(_, h)| h.as_str());
    let ok = auth::verify_password(password, hash);
    match found {
        Some((a, _)) if ok && !a.disabled => Ok(a),
        _ => {
            s.limits.fail(login, ip);
            Err(ServerError::new(
                ErrorCode::BadCredentials,
                "wrong login or password",
            ))
        }
    }
}

/// The account of the request's token.
pub(crate) fn account_of<B: Backend>(s: &Server<B>, hash: &str) -> Result<storage::Account> {
    let now = storage::now_text();
    s.db.read(|tx| storage::token_account(tx, hash, &now))
}

async fn logout<B: Backend>(State(s): State<Arc<Server<B>>>, headers: HeaderMap) -> Response {
    let run = async {
        let hash = bearer(&headers)?;
        blocking(&s, move |s| {
            account_of(s, &hash)?;
            s.db.write(|tx| storage::revoke_token(tx, &hash))
        })
        .await
    };
    match run.await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}

async fn push<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let hash = bearer(&headers)?;
        let req: PushRequest = body(bytes)?;
        check_client(&req.client_version, &s.config.min_client_version)?;
        if req.ops.len() > MAX_PUSH_OPS {
            return Err(ServerError::new(
                ErrorCode::TooLarge,
                format!("{} ops in one push, at most {MAX_PUSH_OPS}", req.ops.len()),
            ));
        }
        blocking(&s, move |s| {
            let account = account_of(s, &hash)?;
            if account.role == Role::Viewer {
                return Err(ServerError::new(
                    ErrorCode::Forbidden,
                    "a viewer account only reads",
                ));
            }
            let now_ms = chrono::Utc::now().timestamp_millis().max(0) as u64;
            let answer = s.db.write(|tx| {
                let results = storage::push(tx, &account, &req.ops, now_ms)?;
                Ok(PushResponse {
                    results,
                    seq: storage::last_seq(tx)?,
                })
            })?;
            if s.config.fault == Some(crate::Fault::HoldAfterPushCommit) {
                use std::io::Write;
                println!("fault: push committed");
                let _ = std::io::stdout().flush();
                std::thread::sleep(std::time::Duration::from_secs(60));
            }
            Ok(answer)
        })
        .await
    };
    json(run.await)
}

#[derive(Deserialize)]
struct PullQuery {
    #[serde(default)]
    after: i64,
    limit: Option<usize>,
}

async fn pull<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    headers: HeaderMap,
    q_in: std::result::Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let run = async {
        let hash = bearer(&headers)?;
        let q = query(q_in)?;
        let limit = q.limit.unwrap_or(MAX_PULL_OPS).clamp(1, MAX_PULL_OPS);
        blocking(&s, move |s| {
            let account = account_of(s, &hash)?;
            s.db.read(|tx| {
                let (ops, remaining) = storage::pull(tx, &account, q.after.max(0), limit)?;
                Ok(PullPage {
                    next: ops.last().map_or(q.after.max(0), |o| o.seq),
                    more: remaining > 0,
                    remaining,
                    ops,
                    scope_epoch: account.scope_epoch,
                })
            })
        })
        .await
    };
    json(run.await)
}

/// `HEAD /api/v1/blobs/{sha}`: what the server has of a photo (any logged-in account).
async fn blob_head<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(sha): Path<String>,
    headers: HeaderMap,
) -> Response {
    let run = async {
        let hash = bearer(&headers)?;
        blocking(&s, move |s| {
            account_of(s, &hash)?;
            s.blobs.state(&sha)
        })
        .await
    };
    let (received, complete) = match run.await {
        Ok(BlobState::Missing) => return StatusCode::NOT_FOUND.into_response(),
        Ok(BlobState::Partial(n)) => (n, "0"),
        Ok(BlobState::Complete(n)) => (n, "1"),
        Err(e) => return e.status().into_response(),
    };
    (
        StatusCode::OK,
        [
            ("x-sxsh-received", received.to_string()),
            ("x-sxsh-complete", complete.to_string()),
        ],
    )
        .into_response()
}

fn header_u64(headers: &HeaderMap, name: &str) -> Result<u64> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| ServerError::new(ErrorCode::BadRequest, format!("header {name} missing")))
}

/// `PUT /api/v1/blobs/{sha}`: one chunk of a photo upload (not for viewers).
async fn blob_put<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(sha): Path<String>,
    headers: HeaderMap,
    bytes: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let hash = bearer(&headers)?;
        let offset = header_u64(&headers, "x-sxsh-offset")?;
        let total = header_u64(&headers, "x-sxsh-total")?;
        let bytes = bytes.map_err(|e| ServerError::new(ErrorCode::BadRequest, e.body_text()))?;
        blocking(&s, move |s| {
            let account = account_of(s, &hash)?;
            if account.role == Role::Viewer {
                return Err(ServerError::new(
                    ErrorCode::Forbidden,
                    "a viewer account only reads",
                ));
            }
            Ok(match s.blobs.append(&sha, offset, total, &bytes)? {
                BlobState::Complete(n) => BlobStatus {
                    received: n,
                    complete: true,
                },
                BlobState::Partial(n) => BlobStatus {
                    received: n,
                    complete: false,
                },
                BlobState::Missing => BlobStatus {
                    received: 0,
                    complete: false,
                },
            })
        })
        .await
    };
    json(run.await)
}

/// The byte range a `Range: bytes=A-B` header asks for (B inclusive), if any.
fn range(headers: &HeaderMap) -> Option<(u64, Option<u64>)> {
    let v = headers
        .get("range")?
        .to_str()
        .ok()?
        .strip_prefix("bytes=")?;
    let (a, b) = v.split_once('-')?;
    let start = a.trim().parse().ok()?;
    let end = match b.trim() {
        "" => None,
        b => Some(b.parse::<u64>().ok()? + 1),
    };
    Some((start, end))
}

/// `GET /api/v1/blobs/{sha}`: the bytes of a photo the account may see, whole or a range.
async fn blob_get<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(sha): Path<String>,
    headers: HeaderMap,
) -> Response {
    let asked = range(&headers);
    let run = async {
        let hash = bearer(&headers)?;
        blocking(&s, move |s| {
            readable_blob(s, &hash, &sha)?;
            let (start, end) = asked.unwrap_or((0, None));
            s.blobs.read(&sha, start, end)
        })
        .await
    };
    match run.await {
        Ok((bytes, size)) => {
            let status = if asked.is_some() {
                StatusCode::PARTIAL_CONTENT
            } else {
                StatusCode::OK
            };
            let start = asked.map_or(0, |r| r.0);
            let mut resp = (status, bytes.clone()).into_response();
            let h = resp.headers_mut();
            h.insert(
                "content-type",
                "application/octet-stream".parse().expect("header"),
            );
            if asked.is_some() {
                let last = (start + bytes.len() as u64).saturating_sub(1);
                h.insert(
                    "content-range",
                    format!("bytes {start}-{last}/{size}")
                        .parse()
                        .expect("header"),
                );
            }
            resp
        }
        Err(e) => e.into_response(),
    }
}

/// Refuses (as not found) a photo the token's account sees no photo row of.
fn readable_blob<B: Backend>(s: &Server<B>, token_hash: &str, sha: &str) -> Result<()> {
    let account = account_of(s, token_hash)?;
    if crate::blobs::is_sha256(sha) && s.db.read(|tx| storage::may_read_blob(tx, &account, sha))? {
        Ok(())
    } else {
        Err(ServerError::new(
            ErrorCode::NotFound,
            format!("no photo {sha} for this account"),
        ))
    }
}

/// `GET /blobs/{sha}/thumb`: the photo's thumbnail (JPEG), for an account that sees a photo
/// row of it; what devices fetch first, the original only when it is opened.
async fn blob_thumb<B: Backend>(
    State(s): State<Arc<Server<B>>>,
    Path(sha): Path<String>,
    headers: HeaderMap,
) -> Response {
    let run = async {
        let hash = bearer(&headers)?;
        blocking(&s, move |s| {
            readable_blob(s, &hash, &sha)?;
            s.blobs.thumbnail(&sha)
        })
        .await
    };
    match run.await {
        Ok(jpeg) => ([("content-type", "image/jpeg")], jpeg).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Serves the API on `listener` until `shutdown` resolves.
pub async fn serve<B: Backend>(
    server: Arc<Server<B>>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(server).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Serves the sync API over HTTPS (see [`crate::tls`]) until `shutdown` completes; requests
/// under way then get 10 s to finish.
pub async fn serve_tls<B: Backend>(
    server: Arc<Server<B>>,
    listener: std::net::TcpListener,
    tls: Arc<rustls::ServerConfig>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let handle = axum_server::Handle::new();
    let stop = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stop.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    listener.set_nonblocking(true)?;
    axum_server::from_tcp_rustls(
        listener,
        axum_server::tls_rustls::RustlsConfig::from_config(tls),
    )?
    .handle(handle)
    .serve(router(server).into_make_service_with_connect_info::<SocketAddr>())
    .await
}
