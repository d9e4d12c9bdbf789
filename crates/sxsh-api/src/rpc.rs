//! The JSON methods the UI calls, the same for every host: the Tauri shell's one `call`
//! command and `sxsh serve-ui`'s `POST /api/call` both hand `(method, params)` to
//! [`Rpc::call`]. Methods and their params are listed in `docs/ui-rpc.md`.
//!
//! Numbers people type arrive as text in `raw` and are parsed here, in the language of the
//! settings, so a number field's error comes from the same validation as every other field.

use crate::dto::*;
use crate::error::{ApiError, ErrorCode, Result};
use crate::photos::THUMB_LONG_EDGE;
use crate::reference::{self, UiReference};
use crate::settings::Settings;
use crate::{Api, AssessmentReport, Entity, photos};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use sxsh_domain::format::{Lang, parse_number};
use sxsh_domain::model::{ImplStatus, Screening};
use sxsh_domain::validate::{Validate, Validator};
use sxsh_domain::{FieldError, FieldErrorCode};
use sxsh_store::with_entity;

mod methods;
pub use methods::*;

/// Facts about the running app and its data directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AppInfo {
    pub data_dir: String,
    pub schema_version: i64,
    pub device_id: String,
    pub version: String,
}

/// What `checklist.quick_win` made: the new option and the response now linked to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct QuickWin {
    #[ts(type = "Stored<CpOption>")]
    pub option: Stored<CpOption>,
    #[ts(type = "Stored<ChecklistResponse>")]
    pub response: Stored<ChecklistResponse>,
}

/// A display copy of a photo as a `data:` URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ImageData {
    pub data_url: String,
    pub width: u32,
    pub height: u32,
}

/// A file's bytes for the browser to download.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct FileData {
    pub file_name: String,
    pub data_base64: String,
}

/// A file written on this machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SavedFile {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// State of a background job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Done,
    Failed,
}

/// A long task (backup, restore) the UI follows with a progress bar by polling `job.get`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Job {
    pub id: String,
    /// `backup`, `restore`, `sync`, `bundle-export` or `bundle-import`.
    pub kind: String,
    pub state: JobState,
    /// Work done and total, in bytes for a backup; 0 of 1 then 1 of 1 for a restore.
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
    /// The file written or read.
    pub path: String,
    pub result: Option<BackupInfo>,
    /// What a sync did.
    pub summary: Option<sxsh_sync::Summary>,
    /// What a bundle export wrote or a bundle import did.
    pub exported: Option<crate::bundle::BundleExported>,
    pub imported: Option<crate::bundle::BundleImported>,
    pub error: Option<ApiError>,
}

/// The text typed into a number field, parsed by [`Rpc::call`] before validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RawNumber {
    pub text: String,
    /// The field holds a whole number (money in VND, years, counts).
    #[serde(default)]
    pub integer: bool,
    /// Empty text is an error rather than `null`.
    #[serde(default)]
    pub required: bool,
    /// The text is a percentage of a field stored as a fraction ("10" → 0.10).
    #[serde(default)]
    pub percent: bool,
}

/// The dispatcher over one [`Api`], with the background jobs it started.
pub struct Rpc {
    api: Arc<Api>,
    jobs: Mutex<HashMap<String, Arc<Mutex<Job>>>>,
}

impl std::fmt::Debug for Rpc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rpc").field("api", &self.api).finish()
    }
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, message)
}

fn params<T: DeserializeOwned>(method: &str, p: Value) -> Result<T> {
    let p = if p.is_null() { json!({}) } else { p };
    serde_json::from_value(p).map_err(|e| invalid(format!("{method}: bad params: {e}")))
}

fn to_value<T: Serialize>(v: T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

fn validation(errors: Vec<FieldError>) -> ApiError {
    sxsh_domain::DomainError::Validation(errors).into()
}

fn field_error(field: &str, code: FieldErrorCode, message: &str) -> FieldError {
    FieldError {
        field: field.to_string(),
        code,
        message: message.to_string(),
        min: None,
        max: None,
    }
}

/// `savings.0.quantity` → `savings[0].quantity`, the form validation errors use.
fn error_field(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.') {
        if part.bytes().all(|b| b.is_ascii_digit()) && !out.is_empty() {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

/// Parses every raw number into `row` at its path. Returns the field errors of texts that
/// are not numbers; those fields keep the value `row` already had.
fn apply_raw(row: &mut Value, raw: &HashMap<String, RawNumber>, lang: Lang) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut paths: Vec<_> = raw.keys().collect();
    paths.sort();
    for path in paths {
        let r = &raw[path];
        let field = error_field(path);
        let value = match parse_number(&r.text, lang) {
            Err(_) => {
                errors.push(field_error(
                    &field,
                    FieldErrorCode::NotANumber,
                    "not a number",
                ));
                continue;
            }
            Ok(None) if r.required => {
                errors.push(field_error(&field, FieldErrorCode::Required, "required"));
                continue;
            }
            Ok(None) => Value::Null,
            Ok(Some(n)) if r.integer => {
                if n.fract() != 0.0 || n.abs() > 9.0e15 {
                    errors.push(field_error(
                        &field,
                        FieldErrorCode::NotANumber,
                        "a whole number is needed",
                    ));
                    continue;
                }
                json!(n as i64)
            }
            Ok(Some(n)) if r.percent => json!(n / 100.0),
            Ok(Some(n)) => json!(n),
        };
        let parts: Vec<&str> = path.split('.').collect();
        let (last, parents) = parts.split_last().expect("split gives one part at least");
        let pointer: String = parents.iter().map(|p| format!("/{p}")).collect();
        match row.pointer_mut(&pointer) {
            Some(Value::Object(o)) => {
                o.insert(last.to_string(), value);
            }
            Some(Value::Array(a)) if last.parse::<usize>().is_ok_and(|i| i < a.len()) => {
                a[last.parse::<usize>().expect("checked")] = value;
            }
            _ => errors.push(field_error(
                &field,
                FieldErrorCode::Required,
                "no such field",
            )),
        }
    }
    errors
}

/// `row.patch`: the fields a form changed, their typed numbers and the version of each field
/// the form was showing (`*`: the row's insert, for every field without its own).
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct PatchParams {
    #[ts(type = "EntityName")]
    pub entity: String,
    pub id: String,
    #[ts(type = "Record<string, unknown>")]
    pub fields: serde_json::Map<String, Value>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub raw: Option<HashMap<String, RawNumber>>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub base: Option<std::collections::BTreeMap<String, String>>,
}

fn unknown_entity(method: &str, entity: &str) -> ApiError {
    invalid(format!("{method}: unknown entity {entity:?}"))
}

impl Rpc {
    pub fn new(api: Arc<Api>) -> Rpc {
        Rpc {
            api,
            jobs: Mutex::new(HashMap::new()),
        }
    }

    /// The facade this dispatcher calls.
    /// The facade, shared (for a host's own threads).
    pub fn api_arc(&self) -> Arc<Api> {
        self.api.clone()
    }

    pub fn api(&self) -> &Api {
        &self.api
    }

    /// Applies `raw` numbers to `row` and deserialises it. Field errors of the raw numbers are
    /// reported together with every other validation error of the row.
    fn parse_row<T: DeserializeOwned + Validate>(
        &self,
        row: Value,
        raw: &HashMap<String, RawNumber>,
    ) -> Result<T> {
        let lang = if raw.is_empty() {
            Lang::Vi
        } else {
            self.api.lang()?
        };
        self.parse_row_in(row, raw, lang)
    }

    /// [`Rpc::parse_row`] with the language of the numbers given.
    fn parse_row_in<T: DeserializeOwned + Validate>(
        &self,
        mut row: Value,
        raw: &HashMap<String, RawNumber>,
        lang: Lang,
    ) -> Result<T> {
        let new = row.get("id").and_then(Value::as_str) == Some("");
        let mut errors = apply_raw(&mut row, raw, lang);
        let parsed: std::result::Result<T, _> = serde_json::from_value(row);
        match parsed {
            Ok(value) if errors.is_empty() => Ok(value),
            Ok(value) => {
                let mut v = Validator::default();
                value.check(&mut v);
                for e in v.errors() {
                    let known = errors.iter().any(|x| x.field == e.field);
                    let fixed_on_save =
                        e.code == FieldErrorCode::NotNfc || (new && e.field == "id");
                    if !known && !fixed_on_save {
                        errors.push(e.clone());
                    }
                }
                Err(validation(errors))
            }
            Err(_) if !errors.is_empty() => Err(validation(errors)),
            Err(e) => Err(invalid(format!(
                "not a valid {}: {e}",
                std::any::type_name::<T>()
            ))),
        }
    }

    /// Creates a row sent whole (a new row of a form); its id is new or empty. Attachments
    /// are made by `attachment.import*`, which store the file.
    fn create<T: Entity + Validate>(
        &self,
        row: Value,
        raw: &HashMap<String, RawNumber>,
    ) -> Result<Stored<T>> {
        if T::ENTITY == "attachment" {
            return Err(invalid(
                "row.create: attachments are made by attachment.import",
            ));
        }
        let row: T = self.parse_row(row, raw)?;
        self.api.create(row)
    }

    /// Patches a stored row with the fields a form changed, each from the version it was
    /// read at (see [`Api::patch`]). The id, the owning parent and the fixed columns of a row
    /// never change; of an attachment only the caption does.
    fn patch<T: Entity + Validate>(&self, p: PatchParams) -> Result<Stored<T>> {
        let raw = p.raw.unwrap_or_default();
        let base = p.base.unwrap_or_default();
        for field in p.fields.keys() {
            let owning = T::PARENTS.iter().any(|c| c.column == field && c.owns());
            let fixed = field == "id" || owning || T::FIXED.contains(&field.as_str());
            let known = T::COLUMNS.iter().any(|c| c.0 == field);
            if fixed || !known || (T::ENTITY == "attachment" && field != "caption") {
                return Err(invalid(format!(
                    "row.patch: {field:?} of {} cannot be changed",
                    T::ENTITY
                )));
            }
        }
        if let Some((field, stamp)) = base
            .iter()
            .find(|(_, s)| !sxsh_store::versions::is_stamp(s))
        {
            return Err(invalid(format!(
                "row.patch: the version of {field:?} is not a version stamp: {stamp:?}"
            )));
        }
        for path in raw.keys() {
            let field = path.split('.').next().unwrap_or_default();
            if !p.fields.contains_key(field) {
                return Err(invalid(format!(
                    "row.patch: raw {path:?} is not a patched field"
                )));
            }
        }
        let lang = if raw.is_empty() {
            Lang::Vi
        } else {
            self.api.lang()?
        };
        let named: Vec<String> = p.fields.keys().cloned().collect();
        self.api.patch::<T>(&p.id, &base, &named, |old| {
            let mut row = serde_json::to_value(&old.data)
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
            if let Value::Object(o) = &mut row {
                o.extend(p.fields);
            }
            self.parse_row_in(row, &raw, lang)
        })
    }

    /// The most recently edited assessments whose title or enterprise name contains every
    /// word of `query`, ignoring accents and case.
    fn recent(&self, limit: usize, query: &str) -> Result<Vec<AssessmentSummary>> {
        let words: Vec<String> = sxsh_domain::text::fold(query)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return self.api.recent_assessments(limit);
        }
        Ok(self
            .api
            .recent_assessments(usize::MAX)?
            .into_iter()
            .filter(|s| {
                let hay = sxsh_domain::text::fold(&format!(
                    "{} {}",
                    s.assessment.data.title, s.enterprise_name
                ));
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .take(limit)
            .collect())
    }

    /// e.g. `bao-cao-danh-gia-nhanh-lang-gom-kim-lan.pdf`, or in English
    /// `cp-quick-assessment-lang-gom-kim-lan.pdf`.
    fn report_file_name(
        &self,
        assessment_id: &str,
        kind: AssessmentReport,
        lang: Lang,
    ) -> Result<String> {
        let a = self.api.get::<Assessment>(assessment_id)?;
        let e = self.api.get::<Enterprise>(&a.data.enterprise_id)?;
        let prefix = match (kind, lang) {
            (AssessmentReport::Quick, Lang::Vi) => "bao-cao-danh-gia-nhanh",
            (AssessmentReport::Detailed, Lang::Vi) => "bao-cao-sxsh",
            (AssessmentReport::Quick, Lang::En) => "cp-quick-assessment",
            (AssessmentReport::Detailed, Lang::En) => "cp-assessment-report",
        };
        let slug: String = sxsh_domain::text::fold(&e.data.name)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .take(8)
            .collect::<Vec<_>>()
            .join("-");
        Ok(format!("{prefix}-{slug}.pdf"))
    }

    /// The file a finished backup or bundle export wrote, for a host to hand to the user (the
    /// browser's download); none for another job, a running or failed one, or an unknown id.
    pub fn job_file(&self, id: &str) -> Option<PathBuf> {
        let jobs = self.jobs.lock().ok()?;
        let job = jobs.get(id)?.lock().ok()?;
        (job.state == JobState::Done && matches!(job.kind.as_str(), "backup" | "bundle-export"))
            .then(|| PathBuf::from(&job.path))
    }

    fn start_job(&self, kind: &str, path: PathBuf) -> Job {
        let job = Job {
            id: crate::uuid_v7(),
            kind: kind.to_string(),
            state: JobState::Running,
            done: 0,
            total: 1,
            path: path.display().to_string(),
            result: None,
            summary: None,
            exported: None,
            imported: None,
            error: None,
        };
        let shared = Arc::new(Mutex::new(job.clone()));
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.insert(job.id.clone(), shared.clone());
        }
        let api = self.api.clone();
        let kind = kind.to_string();
        std::thread::spawn(move || {
            let progress_job = shared.clone();
            let mut progress = move |done: u64, total: u64| {
                if let Ok(mut j) = progress_job.lock() {
                    j.done = done;
                    j.total = total.max(1);
                }
            };
            /// What a job gives.
            enum Outcome {
                Files(BackupInfo),
                Sync(sxsh_sync::Summary),
                Exported(crate::bundle::BundleExported),
                Imported(crate::bundle::BundleImported),
            }
            // A panic must not leave the job "running" for ever: it becomes a failure.
            let run = std::panic::AssertUnwindSafe(|| match kind.as_str() {
                "backup" => {
                    // Only the default folder is made; a path the person typed must exist.
                    if path.parent() == Some(&api.data_dir().join("backups")) {
                        let _ = std::fs::create_dir_all(api.data_dir().join("backups"));
                    }
                    api.backup(&path, &mut progress).map(Outcome::Files)
                }
                "sync" => {
                    // Ops sent and received so far, of those known to be waiting.
                    let mut on_sync = |p: sxsh_sync::Progress| match p {
                        sxsh_sync::Progress::Push { done } => {
                            progress(done as u64, done as u64 + 1)
                        }
                        sxsh_sync::Progress::Pull { done, remaining } => {
                            progress(done as u64, done as u64 + remaining)
                        }
                        sxsh_sync::Progress::Photos { done, total } => {
                            progress(done as u64, total as u64)
                        }
                    };
                    api.sync_now(&mut on_sync).map(Outcome::Sync)
                }
                "bundle-export" => {
                    if path.parent() == Some(&api.data_dir().join("backups")) {
                        let _ = std::fs::create_dir_all(api.data_dir().join("backups"));
                    }
                    api.bundle_export(&path, 0).map(Outcome::Exported)
                }
                "bundle-import" => api.bundle_import(&path).map(Outcome::Imported),
                _ => api.restore(&path).map(Outcome::Files),
            });
            let result = std::panic::catch_unwind(run).unwrap_or_else(|_| {
                Err(ApiError::new(
                    ErrorCode::Internal,
                    format!("{kind} failed (a bug)"),
                ))
            });
            if let Ok(mut j) = shared.lock() {
                match result {
                    Ok(outcome) => {
                        j.state = JobState::Done;
                        j.done = j.total;
                        match outcome {
                            Outcome::Files(info) => j.result = Some(info),
                            Outcome::Sync(sum) => j.summary = Some(sum),
                            Outcome::Exported(e) => j.exported = Some(e),
                            Outcome::Imported(i) => j.imported = Some(i),
                        }
                    }
                    Err(e) => {
                        j.state = JobState::Failed;
                        j.error = Some(e);
                    }
                }
            }
        });
        job
    }
}

fn poisoned() -> ApiError {
    ApiError::new(ErrorCode::Internal, "job table lock poisoned")
}

/// `backups/sxsh-YYYYMMDD-HHMMSS.sxshb` in the data directory.
pub fn default_bundle_path(data_dir: &Path) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    data_dir.join("backups").join(format!("sxsh-{stamp}.sxshb"))
}

/// `backups/sxsh-YYYYMMDD-HHMMSS.sxshbak` in the data directory.
pub fn default_backup_path(data_dir: &Path) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    data_dir
        .join("backups")
        .join(format!("sxsh-{stamp}.sxshbak"))
}

/// Reads a regular file of at most the attachment size limit (a FIFO or a device is refused
/// before it is read).
fn read_limited(path: &Path) -> Result<Vec<u8>> {
    Ok(sxsh_store::fsutil::read_regular(
        path,
        sxsh_store::attachments::MAX_ATTACHMENT_BYTES,
    )?)
}

impl Api {
    /// A new assessment of an enterprise with the settings' defaults: consultant, discount
    /// rate, life, grid year; today as start date; the checklist of the enterprise's sector
    /// pre-chosen for a quick assessment.
    pub fn new_assessment(
        &self,
        enterprise_id: &str,
        kind: AssessmentKind,
    ) -> Result<Stored<Assessment>> {
        let e = self.get::<Enterprise>(enterprise_id)?;
        let s = self.settings()?;
        let title = match (kind, s.lang) {
            (AssessmentKind::Quick, Lang::Vi) => "Đánh giá nhanh",
            (AssessmentKind::Quick, Lang::En) => "Quick assessment",
            (AssessmentKind::Detailed, Lang::Vi) => "Đánh giá SXSH chi tiết",
            (AssessmentKind::Detailed, Lang::En) => "Detailed CP assessment",
        };
        let checklist = match e.data.sector.as_str() {
            "pottery" => Some("pottery_kiln"),
            s @ ("forging" | "seafood" | "cassava_starch" | "beer") => Some(s),
            _ => None,
        };
        let cycle = self
            .list_assessments(Some(enterprise_id))?
            .iter()
            .map(|a| a.assessment.data.cycle)
            .max()
            .map_or(1, |c| (c + 1).min(100));
        self.create(Assessment {
            id: String::new(),
            enterprise_id: enterprise_id.to_string(),
            programme_id: None,
            kind,
            cycle,
            title: format!("{title} — {}", e.data.name)
                .chars()
                .take(sxsh_domain::validate::MAX_NAME)
                .collect(),
            status: AssessmentStatus::Draft,
            start_date: Some(chrono::Local::now().date_naive().to_string()),
            end_date: None,
            consultant: s.consultant,
            baseline_start: None,
            baseline_end: None,
            production_volume: None,
            production_unit: String::new(),
            discount_rate: s.discount_rate,
            life_years: s.life_years,
            tax_rate: 0.0,
            grid_ef_year: s.grid_ef_year,
            custom_grid_ef: None,
            custom_grid_ef_source: String::new(),
            checklists: checklist.into_iter().map(str::to_string).collect(),
            scope: String::new(),
            focus_recommendation: String::new(),
            next_steps: String::new(),
            sustaining_measures: String::new(),
            selection_criteria: Vec::new(),
        })
    }

    /// Turns the quick win of a checklist item answered "no" into a new option, tagged with
    /// the item's CP techniques and linked both ways (`source_item`, the response's
    /// `option_id`). Asking again returns the option already made.
    pub fn quick_win(&self, response_id: &str) -> Result<QuickWin> {
        let response = self.get::<ChecklistResponse>(response_id)?;
        if let Some(id) = &response.data.option_id
            && let Ok(option) = self.get::<CpOption>(id)
        {
            return Ok(QuickWin { option, response });
        }
        let item = reference::checklist_item(&response.data.item_code).ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("checklist item {} not found", response.data.item_code),
            )
        })?;
        let lang = self.lang()?;
        let (quick_win, question) = match lang {
            Lang::Vi => (&item.quick_win_vi, &item.question_vi),
            Lang::En => (&item.quick_win_en, &item.question_en),
        };
        let title = quick_win.clone().unwrap_or_else(|| question.clone());
        let option = self.create(CpOption {
            id: String::new(),
            assessment_id: response.data.assessment_id.clone(),
            title,
            description: question.clone(),
            techniques: item.techniques_if_no.clone(),
            cause_ids: Vec::new(),
            waste_stream_ids: Vec::new(),
            screening: Some(Screening::ImplementNow),
            technical_notes: String::new(),
            // Not known until the consultant enters it.
            investment_vnd: None,
            savings: Vec::new(),
            opex_change_vnd: 0,
            life_years: None,
            score: None,
            selected: false,
            status: ImplStatus::NotStarted,
            source_item: item.id.clone(),
            cash_flows_vnd: None,
            technical_checks: Vec::new(),
            selection_scores: Vec::new(),
            screening_reason: String::new(),
        })?;
        let mut linked = response.data.clone();
        linked.option_id = Some(option.data.id.clone());
        let response = match self.update(linked) {
            Ok(r) => r,
            Err(e) => {
                let _ = self.delete::<CpOption>(&option.data.id);
                return Err(e);
            }
        };
        Ok(QuickWin { option, response })
    }

    /// Attaches a photo: the bytes must be a JPEG or PNG that decodes. A thumbnail and a
    /// 1,200 px copy are made at once, so lists and reports never wait for them.
    pub fn import_photo(&self, input: AttachmentInput, bytes: &[u8]) -> Result<Stored<Attachment>> {
        let not_image = |message: &str| {
            validation(vec![field_error(
                "file",
                FieldErrorCode::NotAnImage,
                message,
            )])
        };
        let mime = sxsh_store::attachments::sniff_mime(bytes);
        if mime == "image/heif" || mime == "image/avif" {
            return Err(validation(vec![field_error(
                "file",
                FieldErrorCode::HeicPhoto,
                &format!("{mime} photos are not read; send it as JPEG"),
            )]));
        }
        if mime != "image/jpeg" && mime != "image/png" {
            return Err(not_image(&format!("{mime} is not a JPEG or PNG photo")));
        }
        if bytes.len() as u64 > sxsh_store::attachments::MAX_ATTACHMENT_BYTES {
            return Err(sxsh_store::StoreError::TooLarge {
                size: bytes.len() as u64,
                limit: sxsh_store::attachments::MAX_ATTACHMENT_BYTES,
            }
            .into());
        }
        let img = sxsh_photo::decode_upright(bytes, photos::PRINT_LONG_EDGE)
            .map_err(ApiError::from)
            .map_err(|e| match e.code {
                ErrorCode::ImageTooLarge => e,
                _ => not_image(&e.message),
            })?;
        let stored = self.import_attachment(input, bytes)?;
        photos::cache_copies(
            self.data_dir(),
            &stored.data.sha256,
            &img,
            &[THUMB_LONG_EDGE],
        )?;
        Ok(stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_numbers_are_parsed_into_their_paths() {
        let mut row = json!({"quantity": 1.0, "savings": [{"quantity": 0.0}], "price": null});
        let raw: HashMap<String, RawNumber> = serde_json::from_value(json!({
            "quantity": {"text": "1.234,5"},
            "savings.0.quantity": {"text": "12"},
            "price": {"text": "2.000", "integer": true},
            "rate": {"text": "12,5", "percent": true},
        }))
        .unwrap();
        row["rate"] = json!(0.1);
        assert!(apply_raw(&mut row, &raw, Lang::Vi).is_empty());
        assert_eq!(
            row,
            json!({"quantity": 1234.5, "savings": [{"quantity": 12.0}], "price": 2000, "rate": 0.125})
        );
    }

    #[test]
    fn bad_raw_numbers_are_field_errors_and_leave_the_value() {
        let mut row = json!({"quantity": 7.0, "savings": [{"quantity": 1.0}], "price": 5});
        let raw: HashMap<String, RawNumber> = serde_json::from_value(json!({
            "quantity": {"text": "12abc"},
            "savings.0.quantity": {"text": "", "required": true},
            "price": {"text": "2,5", "integer": true},
        }))
        .unwrap();
        let errors = apply_raw(&mut row, &raw, Lang::Vi);
        let got: Vec<(&str, FieldErrorCode)> =
            errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            vec![
                ("price", FieldErrorCode::NotANumber),
                ("quantity", FieldErrorCode::NotANumber),
                ("savings[0].quantity", FieldErrorCode::Required),
            ]
        );
        assert_eq!(row["quantity"], json!(7.0));
    }
}
