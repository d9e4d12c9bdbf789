// Typed wrappers of the JSON methods (docs/ui-rpc.md) and the query keys they are cached
// under. Every call of the UI goes through TanStack Query with these.

import { getBackend } from "../backend";
import { noteDocument, rowSave, setBase } from "./rowBase";
import type {
  AppInfo,
  Assessment,
  EntityName,
  RowChanges,
  FeedCursor,
  AssessmentCalcs,
  AssessmentDocument,
  AssessmentKind,
  AssessmentSummary,
  AttachmentInput,
  Attachment,
  Enterprise,
  FileData,
  ImageData,
  Job,
  Lang,
  QuickWin,
  RawNumber,
  SavedFile,
  Settings,
  Stored,
  UiReference,
} from "../backend/types";

export type RawMap = Record<string, RawNumber>;
export type ReportKind = "quick" | "detailed";

function call<T>(method: string, params?: unknown): Promise<T> {
  return getBackend().call<T>(method, params ?? {});
}

export const api = {
  info: () => call<AppInfo>("info"),
  settingsGet: () => call<Settings>("settings.get"),
  settingsSave: (settings: Settings, raw?: RawMap) =>
    call<Settings>("settings.save", { settings, raw }),
  reference: () => call<UiReference>("reference.get"),

  enterpriseList: (query = "") => call<Stored<Enterprise>[]>("enterprise.list", { query }),
  enterpriseGet: async (id: string) => {
    const row = await call<Stored<Enterprise>>("enterprise.get", { id });
    setBase("enterprise", row.id, row);
    return row;
  },
  enterpriseDelete: (id: string) => call<null>("enterprise.delete", { id }),

  assessmentRecent: (query = "", limit = 50) =>
    call<AssessmentSummary[]>("assessment.recent", { query, limit }),
  assessmentList: (enterpriseId: string) =>
    call<AssessmentSummary[]>("assessment.list", { enterprise_id: enterpriseId }),
  assessmentCreate: (enterpriseId: string, kind: AssessmentKind = "quick") =>
    call<Stored<Assessment>>("assessment.create", { enterprise_id: enterpriseId, kind }),
  assessmentOpen: async (id: string) => {
    const doc = await call<AssessmentDocument>("assessment.open", { id });
    noteDocument(doc);
    return doc;
  },
  assessmentDelete: (id: string) => call<null>("assessment.delete", { id }),
  assessmentCalcs: (id: string) => call<AssessmentCalcs>("assessment.calcs", { id }),

  rowDelete: (entity: EntityName, id: string) => call<null>("row.delete", { entity, id }),
  quickWin: (responseId: string) => call<QuickWin>("checklist.quick_win", { response_id: responseId }),

  attachmentImport: (input: AttachmentInput, name: string, dataBase64: string) =>
    call<Stored<Attachment>>("attachment.import", { input, name, data_base64: dataBase64 }),
  attachmentImportFile: (input: AttachmentInput, path: string) =>
    call<Stored<Attachment>>("attachment.import_file", { input, path }),
  attachmentImage: (id: string, size: "thumb" | "view") =>
    call<ImageData>("attachment.image", { id, size }),

  reportPdf: (assessmentId: string, kind: ReportKind, lang: Lang) =>
    call<FileData>("report.pdf", { assessment_id: assessmentId, kind, lang }),
  reportSave: (assessmentId: string, kind: ReportKind, lang: Lang, path: string) =>
    call<SavedFile>("report.save", { assessment_id: assessmentId, kind, lang, path }),
  reportFileName: (assessmentId: string, kind: ReportKind) =>
    call<string>("report.file_name", { assessment_id: assessmentId, kind }),

  backupStart: (path?: string) => call<Job>("backup.start", path ? { path } : {}),
  restoreStart: (path: string) => call<Job>("restore.start", { path }),
  jobGet: (id: string) => call<Job>("job.get", { id }),
  changesWait: (cursor: FeedCursor | null, waitMs: number) =>
    call<RowChanges>("changes.wait", { cursor, wait_ms: waitMs }),
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
  image: (id: string, size: "thumb" | "view") => ["image", id, size] as const,
};
