//! `sxsh serve-ui`: the built UI and the UI's JSON methods over HTTP on 127.0.0.1, for browser
//! tests and demos. The same [`Rpc`] the desktop shell calls answers `POST /api/call`; every
//! call must carry the token printed at start (header `x-sxsh-token`), so other local programs
//! and web pages cannot read or change the data.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use sxsh_api::rpc::Rpc;
use sxsh_api::{Api, ApiError, ErrorCode};
use tower_http::services::{ServeDir, ServeFile};

/// Largest request: a 64 MB photo as base64 with its JSON around it.
const BODY_LIMIT: usize = 100 * 1024 * 1024;

struct Host {
    rpc: Rpc,
    token: String,
}

#[derive(Deserialize)]
struct Call {
    method: String,
    #[serde(default)]
    params: Value,
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

fn status_of(e: &ApiError) -> StatusCode {
    match e.code {
        ErrorCode::ValidationFailed | ErrorCode::InvalidInput => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::NotFound | ErrorCode::AttachmentMissing => StatusCode::NOT_FOUND,
        ErrorCode::Duplicate | ErrorCode::DbBusy => StatusCode::CONFLICT,
        ErrorCode::FileTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn error_response(status: StatusCode, e: ApiError) -> Response {
    (status, Json(json!({ "error": e }))).into_response()
}

/// Runs one call on a blocking thread (every call is a short SQLite transaction).
async fn run(host: Arc<Host>, body: &[u8]) -> Response {
    let call: Call = match serde_json::from_slice(body) {
        Ok(c) => c,
        Err(e) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                ApiError::new(ErrorCode::InvalidInput, format!("not a call: {e}")),
            );
        }
    };
    let result =
        tokio::task::spawn_blocking(move || host.rpc.call(&call.method, call.params)).await;
    match result {
        Ok(Ok(v)) => Json(json!({ "ok": v })).into_response(),
        Ok(Err(e)) => error_response(status_of(&e), e),
        Err(e) => error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::new(ErrorCode::Internal, format!("call panicked: {e}")),
        ),
    }
}

fn forbidden() -> Response {
    error_response(
        StatusCode::FORBIDDEN,
        ApiError::new(ErrorCode::InvalidInput, "missing or wrong token"),
    )
}

async fn call(State(host): State<Arc<Host>>, headers: HeaderMap, body: Bytes) -> Response {
    let token = headers
        .get("x-sxsh-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if token != host.token {
        return forbidden();
    }
    run(host, &body).await
}

/// The call a page sends with `navigator.sendBeacon` as it closes (no headers possible, so
/// the token comes in the query).
async fn flush(
    State(host): State<Arc<Host>>,
    Query(q): Query<TokenQuery>,
    body: Bytes,
) -> Response {
    if q.token != host.token {
        return forbidden();
    }
    run(host, &body).await
}

/// A new random token: 32 hex digits.
pub fn new_token() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Serves until Ctrl-C or SIGTERM. Prints the URL to open (with the token) on stdout.
pub fn serve(api: Api, port: u16, ui_dir: PathBuf, token: Option<String>) -> Result<(), ApiError> {
    let io = |e: std::io::Error| ApiError::new(ErrorCode::Io, e.to_string());
    if !ui_dir.join("index.html").is_file() {
        return Err(ApiError::new(
            ErrorCode::Io,
            format!(
                "{} has no index.html: build the UI first (npm --prefix ui run build)",
                ui_dir.display()
            ),
        ));
    }
    let host = Arc::new(Host {
        rpc: Rpc::new(Arc::new(api)),
        token: token.unwrap_or_else(new_token),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(io)?;
    runtime.block_on(async move {
        let static_files =
            ServeDir::new(&ui_dir).fallback(ServeFile::new(ui_dir.join("index.html")));
        let app = Router::new()
            .route("/api/call", post(call))
            .route("/api/flush", post(flush))
            .fallback_service(static_files)
            .layer(DefaultBodyLimit::max(BODY_LIMIT))
            .with_state(host.clone());
        let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
            .await
            .map_err(io)?;
        let addr = listener.local_addr().map_err(io)?;
        println!("SXSH Field UI: http://{addr}/#token={}", host.token);
        use std::io::Write;
        let _ = std::io::stdout().flush();
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(io)
    })
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
