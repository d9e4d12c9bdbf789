//! `sxsh serve-ui`: the built UI and the UI's JSON methods over HTTP on 127.0.0.1, for browser
//! tests and demos. The same [`Rpc`] the desktop shell calls answers `POST /api/call`; every
//! call must carry the token printed at start (header `x-sxsh-token`), and a request whose
//! `Host` or `Origin` is not a loopback name (127.0.0.1, localhost) is refused, so neither other
//! web sites (cross-site requests, DNS rebinding) nor other local programs can read or change
//! the data.

use axum::body::Body;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use sxsh_api::rpc::Rpc;
use sxsh_api::{Api, ApiError, ErrorCode};
use tower_http::services::{ServeDir, ServeFile};

/// Largest upload of a file to restore or open (a backup with its photos): 16 GiB.
const UPLOAD_LIMIT: u64 = 16 * 1024 * 1024 * 1024;

/// Largest request: a 64 MB photo as base64 with its JSON around it.
const BODY_LIMIT: usize = 100 * 1024 * 1024;
/// A body above this size (or of unknown size) is "large": at most [`LARGE_BODIES`] of them are
/// read into memory at once, the others wait their turn.
const LARGE_BODY: usize = 1024 * 1024;
const LARGE_BODIES: usize = 2;

struct Host {
    rpc: Rpc,
    token: String,
    large_bodies: Arc<tokio::sync::Semaphore>,
}

#[derive(Deserialize)]
struct Call {
    method: String,
    #[serde(default)]
    params: Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_loopback_hosts_and_origins_are_local() {
        assert!(local_request(&headers(&[("host", "127.0.0.1:8765")])));
        assert!(local_request(&headers(&[
            ("host", "localhost:5173"),
            ("origin", "http://localhost:5173")
        ])));
        // DNS rebinding: a loopback address under another name.
        assert!(!local_request(&headers(&[("host", "evil.example:8765")])));
        // A page of another site.
        assert!(!local_request(&headers(&[
            ("host", "127.0.0.1:8765"),
            ("origin", "https://evil.example")
        ])));
        assert!(!local_request(&headers(&[
            ("host", "127.0.0.1:8765"),
            ("origin", "http://127.0.0.1.evil.example")
        ])));
        assert!(!local_request(&headers(&[])));
    }
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// The HTTP status of an error: 4xx for what the request or its files got wrong, 5xx only for
/// the machine's own trouble (a full disk) and bugs.
fn status_of(e: &ApiError) -> StatusCode {
    use ErrorCode::*;
    match e.code {
        ValidationFailed | InvalidInput | ImportMalformed | ImportNewerVersion | BackupCorrupt
        | BackupNewerVersion | BundleDamaged | BundleForeign | BundleNewerVersion
        | ImportIdConflict | ClockSkew | ImportDuplicateId | NotARegularFile
        | OutputTargetInvalid => StatusCode::UNPROCESSABLE_ENTITY,
        NotFound | AttachmentMissing | FileNotFound => StatusCode::NOT_FOUND,
        Duplicate | DbBusy | DataDirInUse | ParentDeleted | AssessmentCompleted
        | StageIncomplete => StatusCode::CONFLICT,
        OfficeOnly => StatusCode::FORBIDDEN,
        PermissionDenied | ReadOnly => StatusCode::FORBIDDEN,
        FileTooLarge | ImageTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        DiskFull => StatusCode::INSUFFICIENT_STORAGE,
        // The office server's answer, passed on: the gateway could not do it.
        SyncOffline
        | SyncLoginNeeded
        | SyncRateLimited
        | SyncClientTooOld
        | SyncRefused
        | SyncUnknownCertificate
        | SyncCertificateChanged
        | SyncInsecure => StatusCode::BAD_GATEWAY,
        DbNewerVersion | DbOlderVersion | DbNotADatabase | DbForeign | DbCorrupt | Io
        | OutputFailed | Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn error_response(status: StatusCode, e: ApiError) -> Response {
    (status, Json(json!({ "error": e }))).into_response()
}

/// A body read into memory, with the permit that counts it among the large ones until the call
/// made from it has finished.
struct ReadBody {
    bytes: Vec<u8>,
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

/// Reads a body of at most [`BODY_LIMIT`] bytes; at most [`LARGE_BODIES`] large ones are in
/// memory at once (read, parsed and handled), the others wait.
async fn read_body(host: &Host, headers: &HeaderMap, body: Body) -> Result<ReadBody, Response> {
    let declared = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = || {
        error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::new(
                ErrorCode::FileTooLarge,
                format!("a request may have at most {BODY_LIMIT} bytes"),
            ),
        )
    };
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(too_large());
    }
    let permit = if declared.is_none_or(|n| n > LARGE_BODY as u64) {
        Some(
            host.large_bodies
                .clone()
                .acquire_owned()
                .await
                .map_err(|_| too_large())?,
        )
    } else {
        None
    };
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map(|b| b.to_vec())
        .map_err(|_| too_large())?;
    Ok(ReadBody {
        bytes,
        _permit: permit,
    })
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

fn forbidden(why: &str) -> Response {
    error_response(
        StatusCode::FORBIDDEN,
        ApiError::new(ErrorCode::InvalidInput, why),
    )
}

/// `127.0.0.1`, `localhost` or `[::1]`, with or without a port.
fn is_loopback_name(authority: &str) -> bool {
    let name = match authority.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => authority,
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

/// A request from a page or program on this machine: its `Host` is a loopback name (not a
/// rebound DNS name) and, when a browser sends an `Origin`, that is a loopback page too.
fn local_request(headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let host_ok = header("host").is_some_and(is_loopback_name);
    let origin_ok = match header("origin") {
        None => true,
        Some(origin) => origin.strip_prefix("http://").is_some_and(is_loopback_name),
    };
    host_ok && origin_ok
}

/// `POST /api/call`. Host, Origin and token are checked from the headers before a byte of the
/// body is read, so a page of another site cannot make this process hold its uploads.
async fn call(State(host): State<Arc<Host>>, headers: HeaderMap, body: Body) -> Response {
    if let Some(r) = refusal(&host, &headers) {
        return r;
    }
    match read_body(&host, &headers, body).await {
        Ok(body) => run(host, &body.bytes).await,
        Err(response) => response,
    }
}

/// The refusal of a request whose Host, Origin or token (header `x-sxsh-token`) is not right;
/// none for a good one.
fn refusal(host: &Host, headers: &HeaderMap) -> Option<Response> {
    if !local_request(headers) {
        return Some(forbidden("not a request from this machine"));
    }
    let token = headers
        .get("x-sxsh-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    (token != host.token).then(|| forbidden("missing or wrong token"))
}

/// `GET /api/job-file/{id}?token=…`: the file a finished backup or bundle export wrote,
/// streamed as a download (a browser cannot be given a path on this machine; a link the
/// browser follows carries no header, so the token comes in the query, as for `/api/flush`).
async fn job_file(
    State(host): State<Arc<Host>>,
    headers: HeaderMap,
    Query(q): Query<TokenQuery>,
    UrlPath(id): UrlPath<String>,
) -> Response {
    if !local_request(&headers) {
        return forbidden("not a request from this machine");
    }
    if q.token != host.token {
        return forbidden("missing or wrong token");
    }
    let Some(path) = host.rpc.job_file(&id) else {
        return error_response(
            StatusCode::NOT_FOUND,
            ApiError::new(ErrorCode::NotFound, format!("no finished backup job {id}")),
        );
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().replace(['"', '\\'], "_"))
        .unwrap_or_else(|| "sxsh".into());
    let request = axum::http::Request::new(Body::empty());
    match tower::ServiceExt::oneshot(ServeFile::new(&path), request).await {
        Ok(response) if response.status().is_success() => {
            let mut response = response.map(Body::new);
            if let Ok(v) = format!("attachment; filename=\"{name}\"").parse() {
                response.headers_mut().insert("content-disposition", v);
            }
            response
        }
        _ => error_response(
            StatusCode::NOT_FOUND,
            ApiError::new(
                ErrorCode::FileNotFound,
                format!("{} is gone", path.display()),
            ),
        ),
    }
}

/// `POST /api/upload` with a file as the body (`x-file-name` names it): streamed frame by
/// frame to a new file in the system's temporary folder (never whole in memory, at most
/// [`UPLOAD_LIMIT`] bytes), answered with its path for `restore.start` or
/// `bundle.import_start`. A failed upload leaves no file.
async fn upload(State(host): State<Arc<Host>>, headers: HeaderMap, body: Body) -> Response {
    use http_body_util::BodyExt;
    use std::io::Write;
    if let Some(r) = refusal(&host, &headers) {
        return r;
    }
    let name: String = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("upload")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(80)
        .collect();
    let io = |e: std::io::Error| {
        let err = ApiError::io(std::path::Path::new("upload"), e);
        error_response(status_of(&err), err)
    };
    let dir = match tempfile::Builder::new().prefix("sxsh-upload-").tempdir() {
        Ok(d) => d,
        Err(e) => return io(e),
    };
    let path = dir.path().join(if name.is_empty() {
        "upload".into()
    } else {
        name
    });
    let mut file = match std::fs::File::create(&path) {
        Ok(f) => f,
        Err(e) => return io(e),
    };
    let mut body = body;
    let mut written: u64 = 0;
    while let Some(frame) = body.frame().await {
        let frame = match frame {
            Ok(f) => f,
            Err(e) => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    ApiError::new(ErrorCode::Io, format!("the upload broke off: {e}")),
                );
            }
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        written += data.len() as u64;
        if written > UPLOAD_LIMIT {
            return error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                ApiError::new(
                    ErrorCode::FileTooLarge,
                    format!("an upload may have at most {UPLOAD_LIMIT} bytes"),
                ),
            );
        }
        if let Err(e) = tokio::task::block_in_place(|| file.write_all(&data)) {
            return io(e);
        }
    }
    if let Err(e) = tokio::task::block_in_place(|| file.sync_all()) {
        return io(e);
    }
    // Kept until the process ends (the restore reads it); the system's temporary folder is
    // cleaned by the system.
    let kept = dir.keep();
    let path = kept.join(path.file_name().unwrap_or_default());
    Json(json!({ "ok": { "path": path.display().to_string(), "bytes": written } })).into_response()
}

/// The save a page sends with `navigator.sendBeacon` as it closes (no headers possible, so
/// the token comes in the query). Only saves: `row.create`, `row.patch`, `settings.save`.
async fn flush(
    State(host): State<Arc<Host>>,
    headers: HeaderMap,
    Query(q): Query<TokenQuery>,
    body: Body,
) -> Response {
    if !local_request(&headers) {
        return forbidden("not a request from this machine");
    }
    if q.token != host.token {
        return forbidden("missing or wrong token");
    }
    let body = match read_body(&host, &headers, body).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let is_save = serde_json::from_slice::<Call>(&body.bytes).is_ok_and(|c| {
        matches!(
            c.method.as_str(),
            "row.create" | "row.patch" | "settings.save"
        )
    });
    if !is_save {
        return forbidden("only saves may be sent to /api/flush");
    }
    run(host, &body.bytes).await
}

/// A new random token: 32 hex digits.
pub fn new_token() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Serves until Ctrl-C or SIGTERM. Prints the URL to open (with the token) on stdout.
pub fn serve(api: Api, port: u16, ui_dir: PathBuf, token: Option<String>) -> Result<(), ApiError> {
    let io = |e: std::io::Error| ApiError::io(std::path::Path::new("serve-ui"), e);
    if !ui_dir.join("index.html").is_file() {
        return Err(ApiError::new(
            ErrorCode::Io,
            format!(
                "{} has no index.html: build the UI first (npm --prefix ui run build)",
                ui_dir.display()
            ),
        ));
    }
    let token = token.unwrap_or_else(new_token);
    if token.chars().count() < 8 {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "the token must have 8 characters or more",
        ));
    }
    let host = Arc::new(Host {
        rpc: Rpc::new(Arc::new(api)),
        token,
        large_bodies: Arc::new(tokio::sync::Semaphore::new(LARGE_BODIES)),
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
            .route("/api/job-file/{id}", get(job_file))
            .route("/api/upload", post(upload))
            .fallback_service(static_files)
            .with_state(host.clone());
        let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
            .await
            .map_err(io)?;
        let addr = listener.local_addr().map_err(io)?;
        // Printed at once (the caller waits for it); a closed stdout does not stop the server.
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "SXSH Field UI: http://{addr}/#token={}", host.token);
        let _ = stdout.flush();
        drop(stdout);
        let api = host.rpc.api_arc();
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                shutdown().await;
                // Long polls of `changes.wait` end now rather than hold the shutdown.
                api.close_feed();
            })
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
