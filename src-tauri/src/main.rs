//! The SXSH Field desktop app: a thin Tauri 2 shell. It opens the data directory once and
//! exposes one command, `call`, which hands a method and its params to [`sxsh_api::rpc::Rpc`]
//! (the same dispatcher `sxsh serve-ui` uses). No SQL, no domain logic here.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use sxsh_api::rpc::Rpc;
use sxsh_api::{Api, ApiError, ErrorCode};

/// The open data directory, or why it could not be opened (a newer or damaged database):
/// every call then answers that error, and the UI shows it instead of a blank window.
struct AppState(Result<Arc<Rpc>, ApiError>);

/// `$SXSH_DATA_DIR`, else the platform data directory; debug builds use a separate one so
/// development never touches real work.
fn data_dir() -> Result<PathBuf, ApiError> {
    if let Some(dir) = std::env::var_os("SXSH_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let app = if cfg!(debug_assertions) {
        "SXSH Field Dev"
    } else {
        "SXSH Field"
    };
    directories::ProjectDirs::from("vn", "SXSH", app)
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| ApiError::new(ErrorCode::Io, "no home directory for the data folder"))
}

/// Runs one sxsh-api method on a blocking thread.
#[tauri::command]
async fn call(
    state: tauri::State<'_, AppState>,
    method: String,
    params: Value,
) -> Result<Value, ApiError> {
    let rpc = state.0.clone()?;
    tauri::async_runtime::spawn_blocking(move || rpc.call(&method, params))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("call failed: {e}")))?
}

fn main() {
    let state = data_dir()
        .and_then(|dir| Api::open(&dir))
        .map(|api| Arc::new(Rpc::new(Arc::new(api))));
    if let Err(e) = &state {
        eprintln!("sxsh-field: cannot open the data folder: {e}");
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(AppState(state))
        .invoke_handler(tauri::generate_handler![call])
        .run(tauri::generate_context!())
        .expect("the SXSH Field window could not start");
}
