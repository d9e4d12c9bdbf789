//! The method table of the RPC: each method's name, params type and result type, declared once
//! in [`methods!`]. From it come [`Rpc::call`]'s dispatch and [`visit_methods`], from which the
//! UI's `Methods` type (name → params, result) is generated into `ui/src/backend/types.ts`
//! (`ts_types` test), so a call the UI makes is checked against these types by `tsc`.

use super::*;
use ts_rs::TS;

/// Receives every method of the table (see [`visit_methods`]).
pub trait MethodVisitor {
    fn method<P: TS + 'static, R: TS + 'static>(&mut self, name: &'static str);
}

/// Declares the methods: `"name" => handler(Params) -> Result;`. The handler is a method of
/// [`Rpc`] taking the params by value and returning `Result<ResultType>`.
macro_rules! methods {
    ($($name:literal => $f:ident($p:ty) -> $r:ty;)*) => {
        impl Rpc {
            /// Runs one method. Unknown methods and malformed params are `INVALID_INPUT`.
            pub fn call(&self, method: &str, p: Value) -> Result<Value> {
                match method {
                    $($name => {
                        let out: $r = self.$f(params::<$p>(method, p)?)?;
                        to_value(out)
                    })*
                    _ => Err(invalid(format!("unknown method {method:?}"))),
                }
            }
        }

        /// Calls `v.method::<Params, Result>(name)` for every method, in the table's order.
        pub fn visit_methods<V: MethodVisitor>(v: &mut V) {
            $(v.method::<$p, $r>($name);)*
        }
    };
}

methods! {
    "info" => info(NoParams) -> AppInfo;
    "settings.get" => settings_get(NoParams) -> Settings;
    "settings.save" => settings_save(SettingsSaveParams) -> Settings;
    "reference.get" => reference_get(NoParams) -> &'static UiReference;
    "enterprise.list" => enterprise_list(ListParams) -> Vec<Stored<Enterprise>>;
    "programme.list" => programme_list(NoParams) -> Vec<Stored<Programme>>;
    "enterprise.get" => enterprise_get(IdParams) -> Stored<Enterprise>;
    "enterprise.delete" => enterprise_delete(IdParams) -> ();
    "assessment.recent" => assessment_recent(RecentParams) -> Vec<AssessmentSummary>;
    "assessment.list" => assessment_list(AssessmentListParams) -> Vec<AssessmentSummary>;
    "assessment.create" => assessment_create(AssessmentCreateParams) -> Stored<Assessment>;
    "assessment.open" => assessment_open(IdParams) -> AssessmentDocument;
    "assessment.delete" => assessment_delete(IdParams) -> ();
    "assessment.calcs" => assessment_calcs(IdParams) -> crate::calc::AssessmentCalcs;
    "assessment.calcs_preview" => assessment_calcs_preview(CalcsPreviewParams) -> crate::calc::AssessmentCalcs;
    "assessment.progress" => assessment_progress(IdParams) -> crate::progress::AssessmentProgress;
    "assessment.next_cycle" => assessment_next_cycle(IdParams) -> Stored<Assessment>;
    "assessment.continue_detailed" => assessment_continue_detailed(IdParams) -> Stored<Assessment>;
    "assessment.trace" => assessment_trace(IdParams) -> sxsh_domain::trace::Traceability;
    "assessment.mark_stage" => assessment_mark_stage(crate::progress::MarkStageParams) -> crate::progress::AssessmentProgress;
    "row.create" => row_create(RowCreateParams) -> Value;
    "row.patch" => row_patch(PatchParams) -> Value;
    "row.delete" => row_delete(RowDeleteParams) -> ();
    "row.restore" => row_restore(RowDeleteParams) -> Value;
    "changes.wait" => changes_wait(ChangesWaitParams) -> crate::feed::RowChanges;
    "checklist.quick_win" => quick_win_of(QuickWinParams) -> QuickWin;
    "attachment.import" => attachment_import(AttachmentImportParams) -> Stored<Attachment>;
    "attachment.import_file" => attachment_import_file(AttachmentFileParams) -> Stored<Attachment>;
    "attachment.image" => attachment_image(ImageParams) -> ImageData;
    "report.pdf" => report_pdf(ReportParams) -> FileData;
    "report.save" => report_save(ReportSaveParams) -> SavedFile;
    "report.file_name" => report_file_name_of(ReportParams) -> String;
    "report.xlsx" => report_xlsx(ReportParams) -> FileData;
    "backup.start" => backup_start(BackupParams) -> Job;
    "restore.start" => restore_start(PathParams) -> Job;
    "bundle.export" => bundle_export_start(BackupParams) -> Job;
    "bundle.import" => bundle_import_start(PathParams) -> Job;
    "job.get" => job_get(IdParams) -> Job;
    "conflicts.list" => conflicts_list(NoParams) -> Vec<FieldConflict>;
    "conflicts.resolve" => conflicts_resolve(ResolveParams) -> ();
    "sync.state" => sync_state_of(NoParams) -> SyncState;
    "sync.login" => sync_login_with(SyncLoginParams) -> SyncState;
    "sync.logout" => sync_logout_of(NoParams) -> SyncState;
    "sync.start" => sync_start(NoParams) -> Job;
}

/// No params.
#[derive(Debug, Default, Deserialize, TS)]
pub struct NoParams {}

/// One row, job or attachment by id.
#[derive(Debug, Deserialize, TS)]
pub struct IdParams {
    pub id: String,
}

/// `settings.save`: the settings, with the numbers as typed.
#[derive(Debug, Deserialize, TS)]
pub struct SettingsSaveParams {
    pub settings: Value,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub raw: Option<HashMap<String, RawNumber>>,
}

/// `enterprise.list`: every enterprise, or those matching `query` (accents and case ignored).
#[derive(Debug, Deserialize, TS)]
pub struct ListParams {
    #[serde(default)]
    #[ts(optional = nullable)]
    pub query: Option<String>,
}

/// `assessment.recent`.
#[derive(Debug, Deserialize, TS)]
pub struct RecentParams {
    /// At most this many (50 when absent).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub limit: Option<usize>,
    /// Words the title or the enterprise's name must contain (accents and case ignored).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub query: Option<String>,
}

/// `assessment.list`: the assessments of one enterprise.
#[derive(Debug, Deserialize, TS)]
pub struct AssessmentListParams {
    pub enterprise_id: String,
}

/// `assessment.create`: a new assessment of an enterprise (quick when `kind` is absent).
#[derive(Debug, Deserialize, TS)]
pub struct AssessmentCreateParams {
    pub enterprise_id: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub kind: Option<AssessmentKind>,
}

/// The most rows one preview lays over the stored ones.
pub const MAX_PREVIEW_ROWS: usize = 200;

/// `assessment.calcs_preview`: the figures with rows typed but not saved yet laid over the
/// stored ones (at most [`MAX_PREVIEW_ROWS`]).
#[derive(Debug, Deserialize, TS)]
pub struct CalcsPreviewParams {
    pub assessment_id: String,
    pub rows: Vec<PreviewRow>,
}

/// One row of a preview: its entity and its fields as the form has them.
#[derive(Debug, Deserialize, TS)]
pub struct PreviewRow {
    #[ts(type = "EntityName")]
    pub entity: String,
    #[ts(type = "Record<string, unknown>")]
    pub row: Value,
}

/// `row.create`: a new row of `entity`, whole, with the numbers as typed.
#[derive(Debug, Deserialize, TS)]
pub struct RowCreateParams {
    #[ts(type = "EntityName")]
    pub entity: String,
    #[ts(type = "Record<string, unknown>")]
    pub row: Value,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub raw: Option<HashMap<String, RawNumber>>,
}

/// `row.delete`.
#[derive(Debug, Deserialize, TS)]
pub struct RowDeleteParams {
    #[ts(type = "EntityName")]
    pub entity: String,
    pub id: String,
}

/// `changes.wait`: the rows changed after `cursor` (none: the current point), waiting up to
/// `wait_ms` for a change.
#[derive(Debug, Deserialize, TS)]
pub struct ChangesWaitParams {
    #[serde(default)]
    #[ts(optional = nullable)]
    pub cursor: Option<crate::feed::FeedCursor>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub wait_ms: Option<u64>,
}

/// `checklist.quick_win`: the option proposed by a checklist answer.
#[derive(Debug, Deserialize, TS)]
pub struct QuickWinParams {
    pub response_id: String,
}

/// `attachment.import`: a photo's bytes in base64, with its owner and caption.
#[derive(Debug, Deserialize, TS)]
pub struct AttachmentImportParams {
    pub input: AttachmentInput,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub name: Option<String>,
    pub data_base64: String,
}

/// `attachment.import_file`: a photo read from a path of this machine (desktop app).
#[derive(Debug, Deserialize, TS)]
pub struct AttachmentFileParams {
    pub input: AttachmentInput,
    pub path: String,
}

/// `attachment.image`: a JPEG copy of a photo, `thumb` (the default) or `view` size.
#[derive(Debug, Deserialize, TS)]
pub struct ImageParams {
    pub id: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub size: Option<ImageSize>,
}

/// The size of a photo copy.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImageSize {
    Thumb,
    View,
}

/// Which report of an assessment (quick when absent), in which language (the settings' when
/// absent).
#[derive(Debug, Deserialize, TS)]
pub struct ReportParams {
    pub assessment_id: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub kind: Option<AssessmentReport>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub lang: Option<Lang>,
}

/// `report.save`: a report written to `path`.
#[derive(Debug, Deserialize, TS)]
pub struct ReportSaveParams {
    #[serde(flatten)]
    #[ts(flatten)]
    pub report: ReportParams,
    pub path: String,
    /// The report's PDF (the default) or its worksheets as an XLSX workbook.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub format: Option<ReportFormat>,
}

/// What `report.save` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Pdf,
    Xlsx,
}

/// `backup.start`: a backup to `path` (the data folder's `backups/` when absent or empty).
#[derive(Debug, Deserialize, TS)]
pub struct BackupParams {
    #[serde(default)]
    #[ts(optional = nullable)]
    pub path: Option<String>,
}

/// `conflicts.resolve`: the value a person chose for a field in conflict.
#[derive(Debug, Deserialize, TS)]
pub struct ResolveParams {
    #[ts(type = "EntityName")]
    pub entity: String,
    pub row_id: String,
    pub field: String,
    pub value: Value,
}

/// `sync.login`: the office server's address and the account's login and password.
#[derive(Debug, Deserialize, TS)]
pub struct SyncLoginParams {
    pub server: String,
    pub login: String,
    pub password: String,
    /// The fingerprint of the server's certificate the user compared and confirmed (after a
    /// `SYNC_UNKNOWN_CERTIFICATE` or `SYNC_CERTIFICATE_CHANGED` answer gave it); pinned from
    /// then on.
    #[serde(default)]
    #[ts(optional)]
    pub fingerprint: Option<String>,
}

/// A file of this machine.
#[derive(Debug, Deserialize, TS)]
pub struct PathParams {
    pub path: String,
}

impl Rpc {
    fn info(&self, _: NoParams) -> Result<AppInfo> {
        let i = self.api.info()?;
        Ok(AppInfo {
            data_dir: i.data_dir,
            schema_version: i.schema_version,
            device_id: i.device_id,
            version: env!("CARGO_PKG_VERSION").to_string(),
        })
    }

    fn settings_get(&self, _: NoParams) -> Result<Settings> {
        self.api.settings()
    }

    fn settings_save(&self, p: SettingsSaveParams) -> Result<Settings> {
        let settings: Settings = self.parse_row(p.settings, &p.raw.unwrap_or_default())?;
        self.api.save_settings(settings)
    }

    fn reference_get(&self, _: NoParams) -> Result<&'static UiReference> {
        Ok(reference::ui())
    }

    fn enterprise_list(&self, p: ListParams) -> Result<Vec<Stored<Enterprise>>> {
        match p.query.as_deref().map(str::trim) {
            None | Some("") => self.api.list_enterprises(),
            Some(q) => self.api.search_enterprises(q),
        }
    }

    fn enterprise_get(&self, p: IdParams) -> Result<Stored<Enterprise>> {
        self.api.get::<Enterprise>(&p.id)
    }

    fn enterprise_delete(&self, p: IdParams) -> Result<()> {
        self.api.delete::<Enterprise>(&p.id)
    }

    fn assessment_recent(&self, p: RecentParams) -> Result<Vec<AssessmentSummary>> {
        self.recent(p.limit.unwrap_or(50), p.query.as_deref().unwrap_or(""))
    }

    fn assessment_list(&self, p: AssessmentListParams) -> Result<Vec<AssessmentSummary>> {
        self.api.list_assessments(Some(&p.enterprise_id))
    }

    fn assessment_create(&self, p: AssessmentCreateParams) -> Result<Stored<Assessment>> {
        self.api
            .new_assessment(&p.enterprise_id, p.kind.unwrap_or(AssessmentKind::Quick))
    }

    fn assessment_open(&self, p: IdParams) -> Result<AssessmentDocument> {
        self.api.export_assessment(&p.id)
    }

    fn assessment_delete(&self, p: IdParams) -> Result<()> {
        self.api.delete::<Assessment>(&p.id)
    }

    fn assessment_calcs(&self, p: IdParams) -> Result<crate::calc::AssessmentCalcs> {
        self.api.assessment_calcs(&p.id)
    }

    fn assessment_calcs_preview(
        &self,
        p: CalcsPreviewParams,
    ) -> Result<crate::calc::AssessmentCalcs> {
        if p.rows.len() > MAX_PREVIEW_ROWS {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("a preview lays at most {MAX_PREVIEW_ROWS} rows over the stored ones"),
            ));
        }
        let edits: Vec<(String, Value)> = p.rows.into_iter().map(|r| (r.entity, r.row)).collect();
        self.api.assessment_calcs_preview(&p.assessment_id, &edits)
    }

    fn assessment_progress(&self, p: IdParams) -> Result<crate::progress::AssessmentProgress> {
        self.api.progress(&p.id)
    }

    fn assessment_next_cycle(&self, p: IdParams) -> Result<Stored<Assessment>> {
        self.api.next_cycle(&p.id)
    }

    fn assessment_continue_detailed(&self, p: IdParams) -> Result<Stored<Assessment>> {
        self.api.continue_detailed(&p.id)
    }

    fn assessment_trace(&self, p: IdParams) -> Result<sxsh_domain::trace::Traceability> {
        self.api.trace(&p.id)
    }

    fn assessment_mark_stage(
        &self,
        p: crate::progress::MarkStageParams,
    ) -> Result<crate::progress::AssessmentProgress> {
        self.api.mark_stage(&p)
    }

    fn row_create(&self, p: RowCreateParams) -> Result<Value> {
        let raw = p.raw.unwrap_or_default();
        with_entity!(&p.entity, T => to_value(self.create::<T>(p.row, &raw)?),
            else Err(unknown_entity("row.create", &p.entity)))
    }

    fn row_patch(&self, p: PatchParams) -> Result<Value> {
        let entity = p.entity.clone();
        with_entity!(&entity, T => to_value(self.patch::<T>(p)?),
            else Err(unknown_entity("row.patch", &entity)))
    }

    fn row_delete(&self, p: RowDeleteParams) -> Result<()> {
        with_entity!(&p.entity, T => self.api.delete::<T>(&p.id),
            else Err(unknown_entity("row.delete", &p.entity)))
    }

    /// The undo of `row.delete`: the row, live again.
    fn row_restore(&self, p: RowDeleteParams) -> Result<Value> {
        with_entity!(&p.entity, T => to_value(self.api.undelete::<T>(&p.id)?),
            else Err(unknown_entity("row.restore", &p.entity)))
    }

    fn changes_wait(&self, p: ChangesWaitParams) -> Result<crate::feed::RowChanges> {
        let wait = std::time::Duration::from_millis(p.wait_ms.unwrap_or(0));
        self.api.changes(p.cursor, wait)
    }

    fn quick_win_of(&self, p: QuickWinParams) -> Result<QuickWin> {
        self.api.quick_win(&p.response_id)
    }

    fn attachment_import(&self, p: AttachmentImportParams) -> Result<Stored<Attachment>> {
        let mut input = p.input;
        let bytes = BASE64
            .decode(p.data_base64.as_bytes())
            .map_err(|e| invalid(format!("attachment.import: bad base64: {e}")))?;
        if input.original_name.is_empty() {
            input.original_name = p.name.unwrap_or_default();
        }
        self.api.import_photo(input, &bytes)
    }

    fn attachment_import_file(&self, p: AttachmentFileParams) -> Result<Stored<Attachment>> {
        let mut input = p.input;
        let path = PathBuf::from(p.path);
        if input.original_name.is_empty() {
            input.original_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
        }
        let bytes = read_limited(&path)?;
        self.api.import_photo(input, &bytes)
    }

    fn attachment_image(&self, p: ImageParams) -> Result<ImageData> {
        let edge = match p.size.unwrap_or(ImageSize::Thumb) {
            ImageSize::Thumb => THUMB_LONG_EDGE,
            ImageSize::View => photos::PRINT_LONG_EDGE,
        };
        let a = self.api.get::<Attachment>(&p.id)?;
        let dir = self.api.data_dir();
        let copy = match photos::sized_copy(dir, &a.data.sha256, edge) {
            // Opened: the original comes from the office server (a sync brought the thumbnail).
            Err(e) if e.code == ErrorCode::AttachmentMissing => {
                self.api.ensure_original(&a.data.sha256)?;
                photos::sized_copy(dir, &a.data.sha256, edge)?
            }
            other => other?,
        };
        Ok(ImageData {
            data_url: format!("data:image/jpeg;base64,{}", BASE64.encode(&copy.jpeg)),
            width: copy.width_px,
            height: copy.height_px,
        })
    }

    /// The report's language: the one asked for, else the app's.
    fn report_lang(&self, r: &ReportParams) -> Result<Lang> {
        match r.lang {
            Some(l) => Ok(l),
            None => self.api.lang(),
        }
    }

    /// The PDF of a report, and its kind.
    fn render_report(&self, r: &ReportParams) -> Result<(Vec<u8>, AssessmentReport)> {
        let kind = r.kind.unwrap_or(AssessmentReport::Quick);
        let lang = self.report_lang(r)?;
        Ok((
            self.api.assessment_report(&r.assessment_id, kind, lang)?,
            kind,
        ))
    }

    fn report_pdf(&self, p: ReportParams) -> Result<FileData> {
        let (pdf, kind) = self.render_report(&p)?;
        Ok(FileData {
            file_name: self.report_file_name(&p.assessment_id, kind, self.report_lang(&p)?)?,
            data_base64: BASE64.encode(&pdf),
        })
    }

    fn report_save(&self, p: ReportSaveParams) -> Result<SavedFile> {
        let bytes = match p.format.unwrap_or(ReportFormat::Pdf) {
            ReportFormat::Pdf => self.render_report(&p.report)?.0,
            ReportFormat::Xlsx => {
                let lang = self.report_lang(&p.report)?;
                self.api.worksheets_xlsx(&p.report.assessment_id, lang)?
            }
        };
        self.api.write_output(Path::new(&p.path), &bytes)?;
        Ok(SavedFile {
            path: p.path,
            bytes: bytes.len() as u64,
        })
    }

    /// The worksheets of an assessment as an XLSX workbook (what the detailed report prints,
    /// one sheet per worksheet), named as the report with `.xlsx`.
    fn report_xlsx(&self, p: ReportParams) -> Result<FileData> {
        let lang = self.report_lang(&p)?;
        let bytes = self.api.worksheets_xlsx(&p.assessment_id, lang)?;
        let kind = p.kind.unwrap_or(AssessmentReport::Detailed);
        let pdf_name = self.report_file_name(&p.assessment_id, kind, lang)?;
        Ok(FileData {
            file_name: format!("{}.xlsx", pdf_name.trim_end_matches(".pdf")),
            data_base64: BASE64.encode(&bytes),
        })
    }

    fn report_file_name_of(&self, p: ReportParams) -> Result<String> {
        let kind = p.kind.unwrap_or(AssessmentReport::Quick);
        self.report_file_name(&p.assessment_id, kind, self.report_lang(&p)?)
    }

    fn backup_start(&self, p: BackupParams) -> Result<Job> {
        let path = match p.path.filter(|p| !p.trim().is_empty()) {
            Some(p) => PathBuf::from(p),
            None => default_backup_path(self.api.data_dir()),
        };
        Ok(self.start_job("backup", path))
    }

    fn restore_start(&self, p: PathParams) -> Result<Job> {
        Ok(self.start_job("restore", PathBuf::from(p.path)))
    }

    /// A bundle of everything this device holds, to `path` (the data folder's `backups/`
    /// when absent or empty), as a job.
    fn bundle_export_start(&self, p: BackupParams) -> Result<Job> {
        let path = match p.path.filter(|p| !p.trim().is_empty()) {
            Some(p) => PathBuf::from(p),
            None => crate::rpc::default_bundle_path(self.api.data_dir()),
        };
        Ok(self.start_job("bundle-export", path))
    }

    /// Opens a bundle (checked whole, then applied), as a job.
    fn bundle_import_start(&self, p: PathParams) -> Result<Job> {
        Ok(self.start_job("bundle-import", PathBuf::from(p.path)))
    }

    fn programme_list(&self, _: NoParams) -> Result<Vec<Stored<Programme>>> {
        self.api.list_programmes()
    }

    fn conflicts_list(&self, _: NoParams) -> Result<Vec<FieldConflict>> {
        self.api.conflicts()
    }

    fn conflicts_resolve(&self, p: ResolveParams) -> Result<()> {
        self.api
            .resolve_conflict(&p.entity, &p.row_id, &p.field, p.value)
    }

    /// A sync in the background: `job.get` follows it; screens refresh through the change
    /// feed as pulled rows land.
    fn sync_start(&self, _: NoParams) -> Result<Job> {
        Ok(self.start_job("sync", self.api.data_dir().to_path_buf()))
    }

    fn sync_state_of(&self, _: NoParams) -> Result<SyncState> {
        self.api.sync_state()
    }

    fn sync_login_with(&self, p: SyncLoginParams) -> Result<SyncState> {
        self.api.sync_login(
            p.server.trim(),
            p.login.trim(),
            &p.password,
            p.fingerprint.as_deref(),
        )?;
        self.api.sync_state()
    }

    fn sync_logout_of(&self, _: NoParams) -> Result<SyncState> {
        self.api.sync_logout()?;
        self.api.sync_state()
    }

    fn job_get(&self, p: IdParams) -> Result<Job> {
        let jobs = self.jobs.lock().map_err(|_| poisoned())?;
        let job = jobs
            .get(&p.id)
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("job {} not found", p.id)))?;
        let job = job.lock().map_err(|_| poisoned())?.clone();
        Ok(job)
    }
}
