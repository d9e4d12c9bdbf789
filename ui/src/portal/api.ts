// The office portal's calls to `sxsh-server` (`/portal/api`, crates/sxsh-server/src/portal.rs):
// the session is an HttpOnly cookie the browser sends; every change also carries the session's
// CSRF token (`x-csrf-token`), which only a page of this origin can read.
import type { Area } from "./Areas";
import type { AdminArea, AreaNode, EnterpriseStage, Attendee, CaseStudy, PortalConflict, PortalEnterprisePage, PublicSummary, AwarenessSurvey, ImportPreview, PortalAssessmentPage, PortalAssessment, PortalRecords, PortalUser, PortalEnterprise, PortalNamed, Programme, PortalReference, PortalSession, Review, ReviewScope, ReviewState, RollupReport, SupportRecord, TrainingEvent } from "./types";

/** A field the server refused in a form: its name (`attendees[0].name`) and the domain's
 * code (`required`, `invalid_date`, …) with the limits it broke. */
export interface PortalFieldError {
  field: string;
  code: string;
  message: string;
  min?: number;
  max?: number;
}

/** An error answered by the server: its protocol code (`unauthorized`, `forbidden`, …), and
 * for a refused form the fields refused. */
export class PortalError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: PortalFieldError[] = [],
  ) {
    super(message);
  }
}

let csrf = "";

/** Remembers the session's CSRF token for the changes that follow. */
export function setCsrf(token: string) {
  csrf = token;
}

async function call<T>(method: "GET" | "POST", path: string, body?: unknown, root = "/portal/api"): Promise<T> {
  const headers: Record<string, string> = {};
  if (method === "POST") {
    headers["content-type"] = body instanceof ArrayBuffer ? "application/octet-stream" : "application/json";
    if (csrf) headers["x-csrf-token"] = csrf;
  }
  let res: Response;
  try {
    const sent = body === undefined ? undefined : body instanceof ArrayBuffer ? body : JSON.stringify(body);
    res = await fetch(`${root}/${path}`, { method, headers, body: sent, credentials: "same-origin" });
  } catch (e) {
    throw new PortalError("offline", String(e), 0);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const e = (json ?? {}) as { code?: string; message?: string; field_errors?: PortalFieldError[] };
    throw new PortalError(e.code ?? "internal", e.message ?? text, res.status, e.field_errors ?? []);
  }
  return json as T;
}

/** The query string of `params`, leaving out the empty ones. */
function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export interface DashboardFilter {
  programme_id?: string;
  province?: string;
  district?: string;
  commune?: string;
  craft_village?: string;
  sector?: string;
  year?: number | null;
  technique?: string;
  recompute_year?: number | null;
  /** Which assessments count by the office's review (the server's default: approved). */
  review?: ReviewScope;
}

/** The address of the programme roll-up report (PDF) of a dashboard filter, in `lang`. */
export function rollupPdfUrl(f: DashboardFilter, lang: "vi" | "en"): string {
  return `/portal/api/rollup.pdf${query({ ...f, lang })}`;
}

/** The office's public page's one call (no session). */
export const publicSummary = () => call<PublicSummary>("GET", "summary", undefined, "/public/api");

export const portal = {
  session: () => call<PortalSession>("GET", "session"),
  login: (login: string, password: string) => call<PortalSession>("POST", "login", { login, password }),
  logout: () => call<void>("POST", "logout"),
  reference: () => call<PortalReference>("GET", "reference"),
  programmes: () => call<Programme[]>("GET", "programmes"),
  saveProgramme: (p: Programme) => call<Programme>("POST", "programmes", p),
  dashboard: (f: DashboardFilter) => call<RollupReport>("GET", `dashboard${query({ ...f })}`),
  enterprises: (q: string, area?: Area, filter?: ListFilter) => call<PortalEnterprise[]>("GET", `enterprises${query({ q, ...area, ...filter })}`),
  enterprise: (id: string) => call<PortalEnterprisePage>("GET", `enterprises/${encodeURIComponent(id)}`),
  assessments: (q: string, area?: Area) => call<PortalAssessment[]>("GET", `assessments${query({ q, ...area })}`),
  areas: () => call<AreaNode[]>("GET", "areas"),
  conflicts: () => call<PortalConflict[]>("GET", "conflicts"),
  addCaseStudy: (c: Omit<CaseStudy, "id">) => call<CaseStudy>("POST", "case-studies", c),
  deleteCaseStudy: (id: string) => call<null>("POST", `case-studies/${encodeURIComponent(id)}/delete`),
  resolveConflict: (entity: string, row_id: string, field: string, value: unknown) => call<null>("POST", "conflicts/resolve", { entity, row_id, field, value }),
  addArea: (a: Omit<AdminArea, "id">) => call<AdminArea>("POST", "areas", a),
  deleteArea: (id: string) => call<null>("POST", `areas/${encodeURIComponent(id)}/delete`),
  review: (assessment_id: string, state: ReviewState, comment: string) => call<Review>("POST", "reviews", { assessment_id, state, comment }),
  users: () => call<PortalUser[]>("GET", "users"),
  addUser: (u: { login: string; display_name: string; role: string; password: string; programmes: string[] }) => call<PortalUser>("POST", "users", u),
  /** Changes an account; an empty `password` keeps the one it has. */
  editUser: (id: string, u: { display_name: string; role: string; programmes: string[]; disabled: boolean; password: string }) =>
    call<PortalUser>("POST", `users/${encodeURIComponent(id)}`, u),
  records: (area?: Area) => call<PortalRecords>("GET", `records${query({ ...area })}`),
  assessment: (id: string) => call<PortalAssessmentPage>("GET", `assessments/${encodeURIComponent(id)}`),
  importEnterprises: (file: ArrayBuffer, format: "xlsx" | "csv", commit: boolean, programme_id: string | null) =>
    call<ImportPreview>("POST", `enterprises/import${query({ format, commit: commit ? "true" : "", programme_id })}`, file),
  addTraining: (r: NewRecord<TrainingEvent>) => call<TrainingEvent>("POST", "records/training_event", r),
  addSurvey: (r: NewRecord<AwarenessSurvey>) => call<AwarenessSurvey>("POST", "records/awareness_survey", r),
  addSupport: (r: NewRecord<SupportRecord>) => call<SupportRecord>("POST", "records/support_record", r),
  deleteRecord: (entity: RecordEntity, id: string) => call<null>("POST", `records/${entity}/${encodeURIComponent(id)}/delete`),
};

/** A record as a form sends it: the server gives its id. Dates may be the text typed when it
 * is not a date (the server refuses it with `invalid_date` on that field). */
export type NewRecord<T> = Omit<T, "id">;

/** The office's record entities. */
export type RecordEntity = "training_event" | "awareness_survey" | "support_record";

export type { Attendee };

/** The name of `code` in `list` in the page's language (the code itself when not listed). */
export function nameOf(list: PortalNamed[] | undefined, code: string, lang: "vi" | "en"): string {
  const x = list?.find((n) => n.code === code);
  return x ? (lang === "vi" ? x.name_vi : x.name_en) : code;
}

/** A list's filters beside its text and area: a sector code, an enterprise stage. */
export interface ListFilter {
  sector?: string;
  stage?: EnterpriseStage | "";
}

/** The address of a list's XLSX export (`enterprises`, `assessments`, `records`), searched
 * by `q`, in the area chosen and with the filters set, as on its page. */
export function xlsxUrl(list: "enterprises" | "assessments" | "records", q = "", area?: Area, filter?: ListFilter): string {
  return `/portal/api/${list}.xlsx${query({ q, ...area, ...filter })}`;
}
