// Typed wrappers of the JSON methods (docs/ui-rpc.md) and the query keys they are cached
// under. Every call of the UI goes through TanStack Query with these.

import { getBackend } from "../backend";
import { noteDocument, rowSave, setBase } from "./rowBase";
import type {
  AssessmentKind,
  AssessmentReport,
  AttachmentInput,
  EntityName,
  FeedCursor,
  JsonValue,
  Lang,
  MarkStageParams,
  MethodName,
  Methods,
  RawNumber,
  Settings,
} from "../backend/types";

export type RawMap = Record<string, RawNumber>;
/** Which report of an assessment. */
export type ReportKind = AssessmentReport;

/** Calls one method of the generated method table: its params and result are the Rust types
 * (`Methods` in backend/types.ts, checked fresh by the `ts_types` test). */
function call<M extends MethodName>(method: M, params: Methods[M]["params"]): Promise<Methods[M]["result"]> {
  return getBackend().call<Methods[M]["result"]>(method, params);
}

export const api = {
  info: () => call("info", {}),
  settingsGet: () => call("settings.get", {}),
  settingsSave: (settings: Settings, raw?: RawMap) =>
    call("settings.save", { settings, raw }),
  reference: () => call("reference.get", {}),

  enterpriseList: (query = "") => call("enterprise.list", { query }),
  programmeList: () => call("programme.list", {}),
  enterpriseGet: async (id: string) => {
    const row = await call("enterprise.get", { id });
    setBase("enterprise", row.id, row);
    return row;
  },
  enterpriseDelete: (id: string) => call("enterprise.delete", { id }),

  assessmentRecent: (query = "", limit = 50) =>
    call("assessment.recent", { query, limit }),
  assessmentList: (enterpriseId: string) =>
    call("assessment.list", { enterprise_id: enterpriseId }),
  assessmentCreate: (enterpriseId: string, kind: AssessmentKind = "quick") =>
    call("assessment.create", { enterprise_id: enterpriseId, kind }),
  assessmentOpen: async (id: string) => {
    const doc = await call("assessment.open", { id });
    noteDocument(doc);
    return doc;
  },
  assessmentDelete: (id: string) => call("assessment.delete", { id }),
  assessmentCalcs: (id: string) => call("assessment.calcs", { id }),
  calcsPreview: (assessmentId: string, rows: { entity: EntityName; row: Record<string, unknown> }[]) =>
    call("assessment.calcs_preview", { assessment_id: assessmentId, rows }),
  assessmentProgress: (id: string) => call("assessment.progress", { id }),
  markStage: (params: MarkStageParams) => call("assessment.mark_stage", params),
  assessmentTrace: (id: string) => call("assessment.trace", { id }),
  nextCycle: (id: string) => call("assessment.next_cycle", { id }),
  continueDetailed: (id: string) => call("assessment.continue_detailed", { id }),

  rowDelete: (entity: EntityName, id: string) => call("row.delete", { entity, id }),
  /** The undo of `rowDelete`: the row, live again. */
  rowRestore: (entity: EntityName, id: string) => call("row.restore", { entity, id }),
  quickWin: (responseId: string) => call("checklist.quick_win", { response_id: responseId }),

  attachmentImport: (input: AttachmentInput, name: string, dataBase64: string) =>
    call("attachment.import", { input, name, data_base64: dataBase64 }),
  attachmentImportFile: (input: AttachmentInput, path: string) =>
    call("attachment.import_file", { input, path }),
  attachmentImage: (id: string, size: "thumb" | "view") =>
    call("attachment.image", { id, size }),

  reportPdf: (assessmentId: string, kind: ReportKind, lang: Lang) =>
    call("report.pdf", { assessment_id: assessmentId, kind, lang }),
  reportSave: (assessmentId: string, kind: ReportKind, lang: Lang, path: string, format: "pdf" | "xlsx" = "pdf") =>
    call("report.save", { assessment_id: assessmentId, kind, lang, path, format }),
  reportXlsx: (assessmentId: string, kind: ReportKind, lang: Lang) =>
    call("report.xlsx", { assessment_id: assessmentId, kind, lang }),
  reportFileName: (assessmentId: string, kind: ReportKind, lang: Lang) =>
    call("report.file_name", { assessment_id: assessmentId, kind, lang }),

  backupStart: (path?: string) => call("backup.start", path ? { path } : {}),
  restoreStart: (path: string) => call("restore.start", { path }),
  bundleExport: (path?: string) => call("bundle.export", path ? { path } : {}),
  bundleImport: (path: string) => call("bundle.import", { path }),
  jobGet: (id: string) => call("job.get", { id }),
  syncState: () => call("sync.state", {}),
  syncLogin: (server: string, login: string, password: string, fingerprint?: string) =>
    call("sync.login", { server, login, password, fingerprint }),
  syncLogout: () => call("sync.logout", {}),
  syncStart: () => call("sync.start", {}),
  conflictsList: () => call("conflicts.list", {}),
  conflictsResolve: (entity: EntityName, rowId: string, field: string, value: JsonValue) =>
    call("conflicts.resolve", { entity, row_id: rowId, field, value }),
  changesWait: (cursor: FeedCursor | null, waitMs: number) =>
    call("changes.wait", { cursor, wait_ms: waitMs }),
};

/** Save requests for the autosave queue. */
export const saves = {
  /** A save of a row built whole, sent as a create or a patch of what differs from the row
   * as stored (built when the queue sends it). */
  row: (entity: EntityName, row: { id: string }, raw: RawMap, lang: Lang) => ({
    method: "",
    params: null,
    prepare: () => rowSave(entity, row, raw, lang),
  }),
  settings: (settings: Settings, raw: RawMap) => ({
    method: "settings.save",
    params: { settings, raw },
  }),
};

export const qk = {
  info: ["info"] as const,
  settings: ["settings"] as const,
  reference: ["reference"] as const,
  enterprises: (query: string) => ["enterprises", query] as const,
  enterprisesAll: ["enterprises"] as const,
  enterprise: (id: string) => ["enterprise", id] as const,
  recent: (query: string) => ["assessments", "recent", query] as const,
  assessmentsOf: (enterpriseId: string) => ["assessments", "of", enterpriseId] as const,
  assessmentsAll: ["assessments"] as const,
  assessment: (id: string) => ["assessment", id] as const,
  calcs: (id: string) => ["calcs", id] as const,
  /** Under `calcs`: whatever refreshes the figures refreshes the stages too. */
  progress: (id: string) => ["calcs", id, "progress"] as const,
  image: (id: string, size: "thumb" | "view") => ["image", id, size] as const,
  sync: ["sync"] as const,
  conflicts: ["conflicts"] as const,
  programmes: ["programmes"] as const,
};
