//! The SXSH Field desktop app: a thin Tauri 2 shell. It opens the data directory and exposes
//! two commands: `call`, which hands a method and its params to [`sxsh_api::rpc::Rpc`] (the same
//! dispatcher `sxsh serve-ui` uses), and `switch_data_dir`, which opens another data folder and
//! remembers it. A thread follows sxsh-api's change feed and sends each answer to the window as
//! the event `rows-changed`, so open screens show rows changed underneath. No SQL, no domain
//! logic here.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use sxsh_api::rpc::Rpc;
use sxsh_api::{Api, ApiError, ErrorCode};

/// The open data directory, or why it could not be opened (a newer or damaged database):
/// every call then answers that error, and the UI says so instead of showing a blank window.
struct AppState(RwLock<Result<Arc<Rpc>, ApiError>>);

fn project_dirs() -> Option<directories::ProjectDirs> {
    // Debug builds use their own folders, so development never touches real work.
    let app = if cfg!(debug_assertions) {
        "SXSH Field Dev"
    } else {
        "SXSH Field"
    };
    directories::ProjectDirs::from("vn", "SXSH", app)
}

fn io_error(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::io(path, e)
}

/// `config.json` in the platform config directory: the data folder the person chose.
fn config_file() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.json"))
}

/// `$SXSH_DATA_DIR`, else the folder chosen in Settings, else the platform data directory.
fn data_dir() -> Result<PathBuf, ApiError> {
    if let Some(dir) = std::env::var_os("SXSH_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let chosen = config_file()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v["data_dir"].as_str().map(PathBuf::from));
    if let Some(dir) = chosen {
        return Ok(dir);
    }
    project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| ApiError::new(ErrorCode::Io, "no home directory for the data folder"))
}

fn open(dir: &Path) -> Result<Arc<Rpc>, ApiError> {
    Api::open(dir).map(|api| Arc::new(Rpc::new(Arc::new(api))))
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn current(state: &AppState) -> Result<Arc<Rpc>, ApiError> {
    state
        .0
        .read()
        .map_err(|_| ApiError::new(ErrorCode::Internal, "state lock poisoned"))?
        .clone()
}

/// Runs one sxsh-api method on a blocking thread.
#[tauri::command]
async fn call(
    state: tauri::State<'_, AppState>,
    method: String,
    params: Value,
) -> Result<Value, ApiError> {
    let rpc = current(&state)?;
    tauri::async_runtime::spawn_blocking(move || rpc.call(&method, params))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("call failed: {e}")))?
}

/// Opens (creating or migrating) the data folder at `path`; when that works, every later call
/// uses it and it is remembered for the next start. A folder that cannot be opened (a newer or
/// damaged database) is refused and the current one stays. Answers `info` of the new folder.
#[tauri::command]
async fn switch_data_dir(
    state: tauri::State<'_, AppState>,
    path: String,
) -> Result<Value, ApiError> {
    let dir = PathBuf::from(&path);
    // The folder already open is this process's (its lock is held here): nothing to switch.
    if let Ok(rpc) = current(&state)
        && same_dir(rpc.api().data_dir(), &dir)
    {
        return rpc.call("info", Value::Null);
    }
    let rpc = tauri::async_runtime::spawn_blocking(move || open(&dir))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("open failed: {e}")))??;
    if let Some(file) = config_file() {
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
        }
        std::fs::write(&file, json!({ "data_dir": path }).to_string())
            .map_err(|e| io_error(&file, e))?;
    }
    let info = rpc.call("info", Value::Null)?;
    *state
        .0
        .write()
        .map_err(|_| ApiError::new(ErrorCode::Internal, "state lock poisoned"))? = Ok(rpc);
    Ok(info)
}

/// Follows the change feed of whichever data folder is open and emits every answer that names
/// changed rows (or a reset) as `rows-changed`.
fn follow_changes(app: tauri::AppHandle) {
    use tauri::{Emitter, Manager};
    let mut cursor = None;
    loop {
        let answer = current(&app.state::<AppState>()).and_then(|rpc| {
            rpc.api()
                .changes(cursor, std::time::Duration::from_secs(25))
        });
        match answer {
            Ok(changes) => {
                if cursor.is_some() && (changes.reset || !changes.rows.is_empty()) {
                    let _ = app.emit("rows-changed", &changes);
                }
                cursor = Some(changes.cursor);
            }
            // No folder open (or a failed restore): look again in a moment.
            Err(_) => std::thread::sleep(std::time::Duration::from_secs(2)),
        }
    }
}

fn main() {
    sxsh_api::set_program("SXSH Field (desktop app)");
    let state = data_dir().and_then(|dir| open(&dir));
    if let Err(e) = &state {
        eprintln!("sxsh-field: cannot open the data folder: {e}");
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(AppState(RwLock::new(state)))
        .setup(|app| {
            let handle = app.handle().clone();
            std::thread::Builder::new()
                .name("rows-changed".into())
                .spawn(move || follow_changes(handle))?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![call, switch_data_dir])
        .run(tauri::generate_context!())
        .expect("the SXSH Field window could not start");
}
