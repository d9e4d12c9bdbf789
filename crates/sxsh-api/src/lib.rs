//! The one application facade of SXSH Field. Every host — the `sxsh` CLI, the Tauri shell, the
//! HTTP dev host, tests — calls this crate and nothing below it.
//!
//! [`Api`] is `Send + Sync`: one instance can be shared by every thread of a host. Each call
//! holds the store's lock for the length of one short SQLite transaction; async hosts call it
//! from a blocking thread (e.g. `tokio::task::spawn_blocking`).

pub mod bundle;
pub mod calc;
pub mod dto;
pub mod error;
pub mod feed;
pub mod i18n;
pub mod reference;
pub mod rpc;
pub mod settings;
pub mod sync;

mod demo;
mod document;
pub mod photos;
pub mod progress;
mod reports;
pub use reports::AssessmentReport;

pub use error::{ApiError, ErrorCode, Result};
pub use sxsh_domain::format::parse_number;
pub use sxsh_domain::text::{escape_controls as text_for_terminal, is_bidi_control};
pub use sxsh_store::Table as Entity;
pub use sxsh_store::lock::set_program;

use dto::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use sxsh_store::{Store, table};

/// The application facade over one data directory.
pub struct Api {
    data_dir: PathBuf,
    store: Mutex<Option<Store>>,
    /// Wakes the readers of [`Api::changes`] after every commit.
    feed: feed::Feed,
    /// The feed's epoch (see [`feed::FeedCursor`]); a restore starts a new one.
    epoch: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api")
            .field("data_dir", &self.data_dir)
            .finish()
    }
}

impl Api {
    /// Opens (creating when needed) the data directory: database `sxsh.db` and `attachments/`.
    /// The folder is this process's while the `Api` lives: another process that opens it gets
    /// `DATA_DIR_IN_USE` naming this one.
    pub fn open(data_dir: &Path) -> Result<Api> {
        let mut store = Store::open(data_dir)?;
        store.load_reference(reference::get())?;
        let api = Api {
            data_dir: data_dir.to_path_buf(),
            store: Mutex::new(Some(store)),
            feed: Default::default(),
            epoch: feed::new_epoch().into(),
        };
        api.restore_user()?;
        Ok(api)
    }

    /// Opens the data directory for reading only (lists, exports, reports, backups): several
    /// readers may share it, a writer may not, and it works on a read-only folder. Every write
    /// through it is refused with `READ_ONLY`.
    pub fn open_read_only(data_dir: &Path) -> Result<Api> {
        let store = Store::open_read_only(data_dir)?;
        Ok(Api {
            data_dir: data_dir.to_path_buf(),
            store: Mutex::new(Some(store)),
            feed: Default::default(),
            epoch: feed::new_epoch().into(),
        })
    }

    fn lock(&self) -> Result<MutexGuard<'_, Option<Store>>> {
        self.store.lock().map_err(|_| {
            ApiError::new(
                ErrorCode::Internal,
                "store lock poisoned by an earlier panic",
            )
        })
    }

    /// Runs `f` with the open store; readers of [`Api::changes`] wake when it committed.
    fn with<R>(&self, f: impl FnOnce(&mut Store) -> Result<R>) -> Result<R> {
        let mut guard = self.lock()?;
        let store = guard.as_mut().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Internal,
                "store is closed after a failed restore",
            )
        })?;
        let commits = store.commits();
        let out = f(store);
        if store.commits() != commits {
            self.feed.bump();
        }
        out
    }

    fn epoch(&self) -> u64 {
        self.epoch.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The data directory this facade works on.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Facts about the data directory.
    pub fn info(&self) -> Result<StoreInfo> {
        self.with(|s| {
            Ok(StoreInfo {
                data_dir: self.data_dir.display().to_string(),
                schema_version: s.schema_version()?,
                device_id: s.device_id().to_string(),
            })
        })
    }

    /// Sets the user written in `updated_by` with the device id.
    pub fn set_user(&self, user: &str) -> Result<()> {
        let user = sxsh_domain::text::nfc(user.trim());
        self.with(|s| {
            s.set_user(&user);
            Ok(())
        })
    }

    /// Creates a row. An empty `id` gets a new UUIDv7. Text is normalised to NFC, then the row
    /// is validated; on any error nothing is written.
    pub fn create<T: Entity>(&self, row: T) -> Result<Stored<T>> {
        refuse_office_only::<T>()?;
        let row = prepare_entity(row, true)?;
        self.with(|s| {
            let locked = completed_assessment_of(s.conn(), &row)?;
            refuse_locked(locked.as_deref(), None, &row)?;
            Ok(s.write(|tx| tx.insert(&row))?)
        })
    }

    /// Updates a live row; only changed fields are written and change-logged.
    pub fn update<T: Entity>(&self, row: T) -> Result<Stored<T>> {
        refuse_office_only::<T>()?;
        let row = prepare_entity(row, false)?;
        self.with(|s| {
            let locked = completed_owner::<T>(s.conn(), row.id())?;
            if T::ENTITY == Assessment::ENTITY {
                // The assessment's own row: refused unless only its status changes.
                if let Some(old) = table::get_live::<T>(s.conn(), row.id())? {
                    refuse_locked(locked.as_deref(), Some(&old.data), &row)?;
                }
            } else if let Some(aid) = locked {
                return Err(completed_error(&aid));
            }
            Ok(s.write(|tx| tx.update(&row))?)
        })
    }

    /// Patches a live row (see [`sxsh_store::WriteTx::patch`]): `build` makes the new row from
    /// the stored one, inside the write transaction; text is normalised to NFC and the row is
    /// validated before anything is written. `base` names the version each patched field was
    /// read at; `named` are the fields the patch sets (see [`sxsh_store::WriteTx::patch`]).
    pub fn patch<T: Entity>(
        &self,
        id: &str,
        base: &std::collections::BTreeMap<String, String>,
        named: &[String],
        build: impl FnOnce(Stored<T>) -> Result<T>,
    ) -> Result<Stored<T>> {
        refuse_office_only::<T>()?;
        self.with(|s| {
            // The store is this handle's alone while `with` runs: what is read here is what the
            // write transaction then finds.
            let locked = completed_owner::<T>(s.conn(), id)?;
            s.write(|tx| {
                tx.patch(id, base, named, |old: Stored<T>| {
                    let before = old.data.clone();
                    let row = prepare_entity(build(old)?, false)?;
                    refuse_locked(locked.as_deref(), Some(&before), &row)?;
                    Ok(row)
                })
            })
        })
    }

    /// Reads a live row.
    pub fn get<T: Entity>(&self, id: &str) -> Result<Stored<T>> {
        self.with(|s| get_row::<T>(s.conn(), id))
    }

    /// Deletes a live row (a tombstone). Deleting an enterprise deletes its assessments, and
    /// deleting an assessment deletes its child rows, each with its own change-log row.
    pub fn delete<T: Entity>(&self, id: &str) -> Result<()> {
        refuse_office_only::<T>()?;
        self.with(|s| {
            // A completed assessment may be deleted whole, not row by row.
            if T::ENTITY != Assessment::ENTITY
                && let Some(aid) = completed_owner::<T>(s.conn(), id)?
            {
                return Err(completed_error(&aid));
            }
            Ok(s.write(|tx| tx.delete_cascade::<T>(id))?)
        })
    }

    /// Brings a deleted row back (undo of a delete) with the owned rows its delete took, and
    /// returns it. `NOT_FOUND` when it is live or unknown; `PARENT_DELETED` when its owner is
    /// deleted.
    pub fn undelete<T: Entity>(&self, id: &str) -> Result<Stored<T>> {
        refuse_office_only::<T>()?;
        self.with(|s| {
            if T::ENTITY != Assessment::ENTITY
                && let Some(aid) = completed_owner::<T>(s.conn(), id)?
            {
                return Err(completed_error(&aid));
            }
            s.write(|tx| tx.undelete::<T>(id))?;
            get_row::<T>(s.conn(), id)
        })
    }

    /// Live rows of one kind belonging to an assessment, in creation order. `T` must be owned by
    /// an assessment (`INVALID_INPUT` otherwise).
    pub fn children<T: Entity>(&self, assessment_id: &str) -> Result<Vec<Stored<T>>> {
        if !T::PARENTS
            .iter()
            .any(|p| p.owns() && p.entity == "assessment")
        {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("{} rows do not belong to an assessment", T::ENTITY),
            ));
        }
        self.with(|s| {
            get_row::<Assessment>(s.conn(), assessment_id)?;
            Ok(table::list_by::<T>(
                s.conn(),
                "assessment_id",
                assessment_id,
            )?)
        })
    }

    /// Every live programme.
    pub fn list_programmes(&self) -> Result<Vec<Stored<Programme>>> {
        self.with(|s| Ok(table::list_all::<Programme>(s.conn())?))
    }

    /// Every live enterprise in Vietnamese order of name.
    pub fn list_enterprises(&self) -> Result<Vec<Stored<Enterprise>>> {
        self.with(|s| Ok(sxsh_store::repo::enterprises::list(s.conn())?))
    }

    /// Accent-insensitive search: every word of `query` must occur in the name, craft village,
    /// commune, district, province, tax code or products ("da sy" finds "Đa Sỹ").
    pub fn search_enterprises(&self, query: &str) -> Result<Vec<Stored<Enterprise>>> {
        self.with(|s| Ok(sxsh_store::repo::enterprises::search(s.conn(), query)?))
    }

    /// Live assessments, of one enterprise or of all, newest first.
    pub fn list_assessments(&self, enterprise_id: Option<&str>) -> Result<Vec<AssessmentSummary>> {
        self.assessments(enterprise_id, usize::MAX)
    }

    /// The `limit` most recently updated assessments with their enterprise's name.
    pub fn recent_assessments(&self, limit: usize) -> Result<Vec<AssessmentSummary>> {
        self.assessments(None, limit)
    }

    fn assessments(
        &self,
        enterprise_id: Option<&str>,
        limit: usize,
    ) -> Result<Vec<AssessmentSummary>> {
        self.with(|s| {
            Ok(
                sxsh_store::repo::assessments::recent(s.conn(), enterprise_id, limit)?
                    .into_iter()
                    .map(|(assessment, enterprise_name)| AssessmentSummary {
                        assessment,
                        enterprise_name,
                    })
                    .collect(),
            )
        })
    }

    /// Stores a file (once per content) and attaches it to a live row. Importing the same bytes
    /// for the same row again returns the existing attachment.
    pub fn import_attachment(
        &self,
        input: AttachmentInput,
        bytes: &[u8],
    ) -> Result<Stored<Attachment>> {
        let input = prepare(input, false)?;
        self.with(|s| {
            if !sxsh_domain::model::ATTACHMENT_OWNERS.contains(&input.owner_entity.as_str()) {
                return Err(ApiError {
                    code: ErrorCode::ValidationFailed,
                    message: format!("attachments cannot belong to {:?}", input.owner_entity),
                    field_errors: vec![FieldError {
                        field: "owner_entity".into(),
                        code: sxsh_domain::FieldErrorCode::InvalidCode,
                        message: "unknown owner".into(),
                        min: None,
                        max: None,
                    }],
                    detail: None,
                });
            }
            let owner_assessment = sxsh_store::repo::attachments::owner_assessment(
                s.conn(),
                &input.owner_entity,
                &input.owner_id,
            )?;
            let Some(assessment_id) = owner_assessment else {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!("{} {} not found", input.owner_entity, input.owner_id),
                ));
            };
            if let Some(aid) = &assessment_id
                && let Some(a) = table::get_live::<Assessment>(s.conn(), aid)?
                && a.data.status == AssessmentStatus::Completed
            {
                return Err(completed_error(aid));
            }
            let sha256 = sxsh_store::attachments::put(s.data_dir(), bytes)?;
            let existing = table::list_by::<Attachment>(s.conn(), "owner_id", &input.owner_id)?
                .into_iter()
                .find(|a| a.data.sha256 == sha256 && a.data.owner_entity == input.owner_entity);
            if let Some(existing) = existing {
                return Ok(existing);
            }
            let row = Attachment {
                id: uuid_v7(),
                sha256,
                mime: sxsh_store::attachments::sniff_mime(bytes),
                size: bytes.len() as i64,
                caption: input.caption.clone(),
                taken_at: input.taken_at.clone(),
                owner_entity: input.owner_entity.clone(),
                owner_id: input.owner_id.clone(),
                assessment_id,
                original_name: input.original_name.clone(),
            };
            Ok(s.write(|tx| tx.insert(&row))?)
        })
    }

    /// Reads a file and attaches it, like [`Api::import_attachment`].
    pub fn import_attachment_file(
        &self,
        input: AttachmentInput,
        path: &Path,
    ) -> Result<Stored<Attachment>> {
        let bytes =
            sxsh_store::fsutil::read_regular(path, sxsh_store::attachments::MAX_ATTACHMENT_BYTES)?;
        self.import_attachment(input, &bytes)
    }

    /// The bytes of an attachment, checked against its hash.
    pub fn attachment_bytes(&self, id: &str) -> Result<Vec<u8>> {
        let sha = self.with(|s| Ok(get_row::<Attachment>(s.conn(), id)?.data.sha256))?;
        if !sxsh_store::attachments::path_for(&self.data_dir, &sha).exists() {
            self.ensure_original(&sha)?;
        }
        Ok(sxsh_store::attachments::get(&self.data_dir, &sha)?)
    }

    /// One whole assessment as a versioned document.
    pub fn export_assessment(&self, id: &str) -> Result<AssessmentDocument> {
        self.with(|s| document::export(s, id))
    }

    /// Imports a document in one transaction. Rows are matched by id: new rows are inserted,
    /// changed rows updated, identical rows left alone, so importing twice creates nothing new.
    pub fn import_document(&self, doc: AssessmentDocument) -> Result<ImportReport> {
        let doc = prepare(doc, false)?;
        self.with(|s| document::import(s, &doc))
    }

    /// Parses and imports a document from JSON text; see [`Api::import_document`].
    pub fn import_json(&self, text: &str) -> Result<ImportReport> {
        self.import_document(document::parse(text)?)
    }

    /// Parses and imports a document from a file's bytes (UTF-8, a byte-order mark allowed);
    /// see [`Api::import_document`].
    pub fn import_bytes(&self, bytes: &[u8]) -> Result<ImportReport> {
        self.import_document(document::parse_bytes(bytes)?)
    }

    /// Loads the demo data (three assessments); loading it again changes nothing.
    pub fn load_demo(&self) -> Result<ImportReport> {
        let mut total = ImportReport::default();
        for text in demo::DOCUMENTS {
            let r = self.import_json(text)?;
            total.written += r.written;
            total.unchanged += r.unchanged;
            total.kept_newer += r.kept_newer;
        }
        Ok(total)
    }

    /// Writes a file this facade made (a report, an export, worksheets) to `path`, refusing a
    /// path over a file the data folder uses or inside the folders it manages
    /// (`OUTPUT_TARGET_INVALID`), through a temporary file beside it renamed when complete.
    pub fn write_output(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        self.check_output(path)?;
        write_file_atomically(path, bytes)
    }

    /// Refuses an output path over a file the data folder uses or inside the folders it manages
    /// (`OUTPUT_TARGET_INVALID`), or one that is not a regular file.
    pub fn check_output(&self, path: &Path) -> Result<()> {
        self.with(|s| Ok(s.check_output(path, true)?))
    }

    /// Writes a backup file; `progress(done, total)` reports bytes.
    pub fn backup(&self, out: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<BackupInfo> {
        // The store's lock is held while the database is copied, not while the zip is written.
        let snapshot = self.with(|s| Ok(sxsh_store::backup::snapshot(s, out)?))?;
        Ok(snapshot.write(progress)?.into())
    }

    /// Replaces the data with a backup, through the open store (the folder stays this
    /// process's throughout), after checking it whole: seal, sizes against the limits and the
    /// free disk space, every checksum, the database's integrity. A damaged or newer backup is
    /// refused and the current data stays as it was.
    pub fn restore(&self, file: &Path) -> Result<BackupInfo> {
        let mut guard = self.lock()?;
        let store = guard.as_mut().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Internal,
                "store is closed after a failed restore",
            )
        })?;
        let result = store.restore(file);
        if result.is_ok() {
            self.epoch
                .store(feed::new_epoch(), std::sync::atomic::Ordering::Relaxed);
            self.feed.bump();
        }
        if !store.is_open() {
            // The swap happened but the database could not be opened again: refuse every call
            // rather than answer from a half-open store.
            *guard = None;
        } else {
            store.load_reference(reference::get())?;
        }
        Ok(result?.into())
    }

    /// The reference data (factors, benchmarks, techniques, tasks, targets).
    pub fn reference(&self) -> &'static sxsh_domain::reference::Reference {
        reference::get()
    }

    /// Economics, sensitivity, energy and emissions of one option with its prices and
    /// parameters. Bad input gives `VALIDATION_FAILED` with field errors.
    pub fn calc_option(&self, input: &calc::OptionCalcInput) -> Result<calc::OptionCalcResult> {
        calc::option(reference::get(), input)
    }

    /// A material or energy balance with the step's stock change.
    pub fn calc_balance(&self, input: &calc::BalanceInput) -> Result<calc::Balance> {
        calc::balance(input)
    }

    /// A specific consumption against a benchmark, with the realised saving of a later period.
    pub fn calc_specific(&self, input: &calc::SpecificInput) -> Result<calc::SpecificResult> {
        calc::specific(input)
    }

    /// GJ, TOE, tCO2 (and CO2e, biogenic) of quantities of electricity and fuels, per unit of
    /// production when given.
    pub fn calc_energy(&self, input: &calc::EnergyInput) -> Result<calc::EnergyResult> {
        calc::energy(reference::get(), input)
    }

    /// A roll-up of options from a file: as recorded and recomputed at one grid year.
    pub fn calc_rollup_file(&self, input: &calc::RollupFileInput) -> Result<calc::FileRollup> {
        calc::rollup_file(reference::get(), input)
    }

    /// The options of an assessment, computed with its discount rate, life, tax and grid factor.
    pub fn option_results(&self, assessment_id: &str) -> Result<Vec<calc::StoredOptionResult>> {
        self.with(|s| calc::assessment_options(&*s, reference::get(), assessment_id))
    }

    /// Every figure of an assessment: balances per step, for the focus and the site; specific
    /// consumption against the sector's benchmarks; cost of waste streams; options.
    pub fn assessment_calcs(&self, assessment_id: &str) -> Result<calc::AssessmentCalcs> {
        self.with(|s| calc::assessment_calcs(&*s, reference::get(), assessment_id))
    }

    /// The figures as they would be with `edits` (`(entity, row)`, typed but not saved yet)
    /// laid over the stored rows; nothing is written (see [`calc::assessment_calcs_preview`]).
    pub fn assessment_calcs_preview(
        &self,
        assessment_id: &str,
        edits: &[(String, serde_json::Value)],
    ) -> Result<calc::AssessmentCalcs> {
        self.with(|s| calc::assessment_calcs_preview(&*s, reference::get(), assessment_id, edits))
    }

    /// The quick-assessment or detailed CP report of an assessment as PDF bytes, in `lang`.
    pub fn assessment_report(
        &self,
        assessment_id: &str,
        kind: AssessmentReport,
        lang: i18n::Lang,
    ) -> Result<Vec<u8>> {
        Ok(sxsh_report::render(&self.assessment_report_model(
            assessment_id,
            kind,
            lang,
        )?))
    }

    /// An assessment report as the format-neutral model (for previews and for other renderers).
    pub fn assessment_report_model(
        &self,
        assessment_id: &str,
        kind: AssessmentReport,
        lang: i18n::Lang,
    ) -> Result<sxsh_report::Report> {
        // Only reading the rows takes the store's lock: saves made while photos are decoded and
        // the report is built and rendered do not wait for it.
        let (data, attachments) = self.with(|s| reports::gather(s, assessment_id, lang))?;
        // Originals still on the office server are fetched when it can be reached; a photo
        // that cannot be is named in the report instead.
        for a in &attachments {
            let sha = &a.data.sha256;
            let printable = sxsh_store::attachments::copy_path(
                &self.data_dir,
                sha,
                photos::PRINT_LONG_EDGE,
                true,
            )
            .exists()
                || sxsh_store::attachments::path_for(&self.data_dir, sha).exists();
            if !printable {
                let _ = self.ensure_original(sha);
            }
        }
        Ok(reports::assessment_model(
            &self.data_dir,
            data,
            &attachments,
            kind,
        ))
    }

    /// The worksheets of an assessment (flows, waste streams, options, actions, monitoring)
    /// as an XLSX workbook.
    pub fn worksheets_xlsx(&self, assessment_id: &str, lang: i18n::Lang) -> Result<Vec<u8>> {
        self.with(|s| reports::worksheets_xlsx(s, assessment_id, lang))
    }

    /// The same worksheets as CSV files: (file name, bytes).
    pub fn worksheets_csv(
        &self,
        assessment_id: &str,
        lang: i18n::Lang,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        self.with(|s| reports::worksheets_csv(s, assessment_id, lang))
    }

    /// The programme roll-up report over the assessments matching `query`, as PDF bytes.
    pub fn rollup_report(&self, query: calc::RollupQuery, lang: i18n::Lang) -> Result<Vec<u8>> {
        let data = self.with(|s| reports::rollup_data(s, query, lang))?;
        Ok(sxsh_report::render(&sxsh_report::rollup::rollup_report(
            &data,
        )))
    }

    /// Roll-up of the stored assessments matching `query`: counts, savings, techniques,
    /// grid years (with a warning when they mix) and progress against targets.
    pub fn rollup(&self, query: calc::RollupQuery) -> Result<calc::RollupReport> {
        self.with(|s| calc::rollup(&*s, reference::get(), query))
    }

    /// A device-local setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.with(|s| Ok(s.setting(key)?))
    }

    /// The fields whose concurrent changes wait for a person, each with its competing versions.
    pub fn conflicts(&self) -> Result<Vec<FieldConflict>> {
        self.with(|s| {
            s.conflicts()?
                .into_iter()
                .map(|(entity, row_id, field, heads)| {
                    let heads = serde_json::from_value(heads).map_err(|e| {
                        ApiError::new(ErrorCode::Internal, format!("stored conflict: {e}"))
                    })?;
                    Ok(FieldConflict {
                        entity,
                        row_id,
                        field,
                        heads,
                    })
                })
                .collect()
        })
    }

    /// Ends the conflict of one field with `value` (one of the competing values, or, for text,
    /// both kept): a change of this device that replaces every competing version, so once it
    /// has reached the other devices the field has one version everywhere. The row with the
    /// value must be valid; a field without a conflict is `NOT_FOUND`.
    pub fn resolve_conflict(
        &self,
        entity: &str,
        row_id: &str,
        field: &str,
        value: serde_json::Value,
    ) -> Result<()> {
        let value = match value {
            serde_json::Value::String(t) => serde_json::Value::String(sxsh_domain::text::nfc(&t)),
            v => v,
        };
        /// The JSON kind of a value (a number, a text, …), for comparing a choice with the
        /// competing versions.
        fn kind(v: &serde_json::Value) -> std::mem::Discriminant<serde_json::Value> {
            std::mem::discriminant(v)
        }
        self.with(|s| {
            let Some(heads) = s.conflict(entity, row_id, field)? else {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!("{entity} {row_id}: {field} has no conflict"),
                ));
            };
            let fits = heads
                .as_array()
                .is_some_and(|hs| hs.iter().any(|h| kind(&h["value"]) == kind(&value)));
            if !fits {
                return Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("{entity} {row_id}: {value} is not of the kind of {field}'s versions"),
                ));
            }
            Ok(s.resolve_conflict(entity, row_id, field, value)?)
        })
    }

    /// Writes a device-local setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        let value = sxsh_domain::text::nfc(value);
        self.with(|s| Ok(s.set_setting(key, &value)?))
    }
}

/// `bytes` without a leading UTF-8 byte-order mark (files saved by Windows editors have one).
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Largest import document read (a whole detailed assessment with thousands of rows is a few MB).
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Writes `bytes` to `path` through a temporary file beside it, renamed into place when
/// complete: a full disk or a crash never leaves half a file under the final name. A path that
/// exists and is not a regular file (a device, a FIFO, a directory) is refused.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Err(sxsh_store::StoreError::NotARegularFile { path: path.into() }.into());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".sxsh-")
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(|e| ApiError::io(dir, e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| ApiError::io(path, e))?;
    tmp.persist(path).map_err(|e| ApiError::io(path, e.error))?;
    Ok(())
}

/// Reads an import document: a regular file of at most [`MAX_IMPORT_BYTES`].
pub fn read_import_file(path: &Path) -> Result<Vec<u8>> {
    Ok(sxsh_store::fsutil::read_regular(path, MAX_IMPORT_BYTES)?)
}

/// The id of the completed assessment `row` is or belongs to (`None` when it is open, or the
/// row belongs to no assessment).
fn completed_assessment_of<T: Entity>(
    conn: &sxsh_store::Connection,
    row: &T,
) -> Result<Option<String>> {
    let id = if T::ENTITY == Assessment::ENTITY {
        row.id().to_string()
    } else if T::COLUMNS.iter().any(|c| c.0 == "assessment_id") {
        let fields = serde_json::to_value(row)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        match fields.get("assessment_id").and_then(|v| v.as_str()) {
            Some(aid) => aid.to_string(),
            None => return Ok(None),
        }
    } else {
        return Ok(None);
    };
    completed(conn, id)
}

/// The id of the completed assessment the stored row `id` of `T` (live or deleted) is or
/// belongs to: two key lookups, no copy of the row (the autosave path).
fn completed_owner<T: Entity>(conn: &sxsh_store::Connection, id: &str) -> Result<Option<String>> {
    if T::ENTITY == Assessment::ENTITY {
        completed(conn, id.to_string())
    } else if T::COLUMNS.iter().any(|c| c.0 == "assessment_id") {
        match table::column_text::<T>(conn, id, "assessment_id", false)? {
            Some(aid) => completed(conn, aid),
            None => Ok(None),
        }
    } else {
        Ok(None)
    }
}

/// `OFFICE_ONLY` for a device's own change to a row only the programme office makes (a review
/// of an assessment): those come by sync (`apply_remote`), never from the app.
fn refuse_office_only<T: Entity>() -> Result<()> {
    if sxsh_domain::schema::office_only(T::ENTITY) {
        return Err(ApiError::new(
            ErrorCode::OfficeOnly,
            "reviews are made by the programme office and come with the next sync",
        ));
    }
    Ok(())
}

/// `Some(id)` when assessment `id` is live and completed.
fn completed(conn: &sxsh_store::Connection, id: String) -> Result<Option<String>> {
    let status = table::column_text::<Assessment>(conn, &id, "status", true)?;
    Ok((status.as_deref() == Some(AssessmentStatus::Completed.code())).then_some(id))
}

/// `ASSESSMENT_COMPLETED` for a change to assessment `id` or its rows.
fn completed_error(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::AssessmentCompleted,
        format!("assessment {id} is completed: reopen it to edit"),
    )
}

/// Refuses a change to a row of the completed assessment `locked`. The assessment's own row
/// may change its status alone (reopening it): every other field stays as it is. An open
/// assessment is completed by marking its report stage done ([`Api::mark_stage`], which
/// checks its stages), never by setting its status.
fn refuse_locked<T: Entity>(locked: Option<&str>, old: Option<&T>, new: &T) -> Result<()> {
    let (true, Some(old)) = (T::ENTITY == Assessment::ENTITY, old) else {
        return locked.map_or(Ok(()), |aid| Err(completed_error(aid)));
    };
    let object = |r: &T| match serde_json::to_value(r) {
        Ok(serde_json::Value::Object(m)) => Ok(m),
        _ => Err(ApiError::new(ErrorCode::Internal, "a row is not an object")),
    };
    let (mut before, mut after) = (object(old)?, object(new)?);
    let (was, is) = (before.remove("status"), after.remove("status"));
    let completing = was != is && is.as_ref().and_then(|v| v.as_str()) == Some("completed");
    match locked {
        None if completing => Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!(
                "assessment {} is completed by marking its report stage done (assessment.mark_stage)",
                new.id()
            ),
        )),
        None => Ok(()),
        Some(_) if before == after => Ok(()),
        Some(aid) => Err(completed_error(aid)),
    }
}

fn get_row<T: Entity>(conn: &sxsh_store::Connection, id: &str) -> Result<Stored<T>> {
    table::get_live::<T>(conn, id)?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("{} {id} not found", T::ENTITY)))
}

/// A new UUIDv7 in text form.
pub fn uuid_v7() -> String {
    sxsh_store::new_id()
}

/// Checks `row` (all but NFC, which [`prepare`] then fixes), normalises its text and gives a
/// new row its id. Numbers are checked before the serde pass, which would turn NaN into null.
fn prepare_entity<T: Entity>(row: T, new: bool) -> Result<T> {
    if !new {
        // An edit whose every text is NFC already (the JSON text is NFC exactly when each of
        // its strings is) needs no normalising, and the store's write validates it with the
        // same checks: the common autosave skips a second validation and the serde pass.
        let json = serde_json::to_string(&row)
            .map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?;
        if sxsh_domain::text::is_nfc(&json) {
            return Ok(row);
        }
    }
    let mut v = sxsh_domain::validate::Validator::default();
    row.check(&mut v);
    let errors: Vec<FieldError> = v
        .errors()
        .iter()
        .filter(|e| e.code != sxsh_domain::FieldErrorCode::NotNfc && !(new && e.field == "id"))
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(sxsh_domain::DomainError::Validation(errors).into());
    }
    prepare(row, new)
}

/// Normalises every string of `value` to NFC and, when `new` and its `id` is empty, gives it a
/// new id.
fn prepare<T: Serialize + DeserializeOwned>(value: T, new: bool) -> Result<T> {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) if !sxsh_domain::text::is_nfc(s) => {
                *s = sxsh_domain::text::nfc(s);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
            serde_json::Value::Object(o) => o.values_mut().for_each(walk),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(&value)
        .map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?;
    walk(&mut v);
    if new
        && let Some(obj) = v.as_object_mut()
        && obj.get("id").and_then(|i| i.as_str()) == Some("")
    {
        obj.insert("id".into(), serde_json::Value::String(uuid_v7()));
    }
    serde_json::from_value(v).map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))
}
