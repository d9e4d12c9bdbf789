// Generated from the Rust types by crates/sxsh-server/tests/ts_types.rs. Do not edit:
// run `UPDATE_TS=1 cargo test -p sxsh-server --test ts_types` after changing one.

export type Attendee = { name: string, organisation: string, role: AttendeeRole, };

export type AttendeeRole = "enterprise" | "extension_staff" | "official" | "consultant" | "other";

export type AwarenessSurvey = { id: string, enterprise_id: string, programme_id: string | null, survey_date: string, aware: boolean, applying: boolean, planning: boolean, note: string, };

export type ImportColumn = { header: string, 
/**
 * The enterprise field it fills; `None`: not read (an unknown header).
 */
field: string | null, };

export type ImportError = { field: string, code: string, message: string, };

export type ImportPreview = { columns: Array<ImportColumn>, rows: Array<ImportRow>, 
/**
 * Rows with no refused field.
 */
ok: number, 
/**
 * Rows with one or more.
 */
refused: number, 
/**
 * Enterprises written (0 for a preview, and whenever a row is refused).
 */
imported: number, };

export type ImportRow = { 
/**
 * The row's number in the spreadsheet (the header is row 1).
 */
row: number, name: string, province: string, district: string, sector: string, tax_code: string, 
/**
 * Refused fields (codes as the domain's: `required`, `invalid_tax_code`, `duplicate`, …).
 */
errors: Array<ImportError>, };

export type Outreach = { training_events: number, 
/**
 * Lines on the events' attendance lists (a person at two events counts twice).
 */
attendees: number, 
/**
 * Every role, in the order of [`AttendeeRole::ALL`].
 */
attendees_by_role: Array<RoleCount>, 
/**
 * Distinct extension officers trained (by name and organisation, accents and case
 * ignored).
 */
extension_staff_trained: number, 
/**
 * The programme's number of extension officers (its target's base), when it has one.
 */
extension_staff: number | null, 
/**
 * `extension_staff_trained` of `extension_staff`, %; `None` without a base.
 */
extension_staff_trained_pct: number | null, 
/**
 * Enterprises with a survey in the filter; each counts by its latest one.
 */
enterprises_surveyed: number, enterprises_aware: number, enterprises_applying: number, enterprises_planning: number, 
/**
 * `enterprises_aware` of `enterprises_surveyed`, %; `None` before any survey.
 */
aware_share_pct: number | null, 
/**
 * `enterprises_applying` of `enterprises_surveyed`, %.
 */
applying_share_pct: number | null, 
/**
 * `enterprises_planning` of `enterprises_surveyed`, %.
 */
planning_share_pct: number | null, 
/**
 * Every kind, in the order of [`SupportKind::ALL`].
 */
support: Array<SupportLine>, };

export type PortalAccount = { login: string, display_name: string, 
/**
 * `admin`, `consultant` or `viewer`.
 */
role: string, 
/**
 * The programmes it sees (none: all, for an admin).
 */
programmes: Array<string>, };

export type PortalAssessment = { id: string, title: string, 
/**
 * `quick` or `detailed`.
 */
kind: string, cycle: number, enterprise_id: string, enterprise_name: string, province: string, programme_id: string | null, start_date: string | null, consultant: string, 
/**
 * The consultant's status (`draft`, `completed`, …).
 */
status: string, 
/**
 * The latest review's state; `None`: received, not reviewed yet ("mới nhận").
 */
review_state: ReviewState | null, 
/**
 * Every review, oldest first.
 */
reviews: Array<Review>, };

export type PortalEnterprise = { id: string, name: string, province: string, district: string, commune: string, craft_village: string, sector: string, assessments: number, latest_start: string | null, };

export type PortalNamed = { code: string, name_vi: string, name_en: string, };

export type PortalProgramme = { id: string, name: string, province: string, period_start: string | null, period_end: string | null, };

export type PortalRecords = { trainings: Array<TrainingEvent>, surveys: Array<WithEnterprise<AwarenessSurvey>>, support: Array<WithEnterprise<SupportRecord>>, };

export type PortalReference = { sectors: Array<PortalNamed>, fuels: Array<PortalNamed>, };

export type PortalSession = { account: PortalAccount, 
/**
 * Sent back as `x-csrf-token` with every change.
 */
csrf: string, office: string, };

export type PortalUser = { id: string, login: string, display_name: string, 
/**
 * `admin`, `consultant` or `viewer`.
 */
role: string, programmes: Array<string>, disabled: boolean, };

export type Progress = { target_set: string, code: string, indicator_vi: string, indicator_en: string, actual: number | null, target_min: number | null, target_max: number | null, 
/**
 * The target's unit: `%` for shares, else a count's (e.g. enterprises).
 */
unit: string, status: TargetStatus, };

export type Recomputed = { year: number, identified: Savings, implemented: Savings, };

export type Review = { id: string, assessment_id: string, state: ReviewState, 
/**
 * What the consultant must add or change (required unless approved).
 */
comment: string, 
/**
 * The reviewer's name as the office shows it.
 */
reviewer: string, 
/**
 * When the office decided (RFC 3339, the server's clock).
 */
reviewed_at: string, };

export type ReviewCounts = { 
/**
 * Received, not reviewed yet ("mới nhận").
 */
received: number, needs_changes: number, approved: number, rejected: number, };

export type ReviewScope = "all" | "approved" | "with_pending";

export type ReviewState = "needs_changes" | "approved" | "rejected";

export type RoleCount = { 
/**
 * An [`AttendeeRole`] code.
 */
role: string, attendees: number, };

export type RollupQuery = { programme_id: string | null, province: string | null, sector: string | null, year: number | null, 
/**
 * Count only options tagged with this technique code.
 */
technique: string | null, 
/**
 * Also give the savings with every electricity figure recomputed at this grid-factor
 * year, beside the totals as recorded (each assessment at its own year).
 */
recompute_year: number | null, 
/**
 * Which assessments count by the programme office's review (all by default).
 */
review: ReviewScope, };

export type RollupReport = { query: RollupQuery, applying_share_pct: number | null, avg_sc_cut_pct: number | null, by_technique: Array<TechniqueLine>, grid_years: Array<number>, custom_grid_factors: number, progress: Array<Progress>, warnings: Array<RollupWarning>, 
/**
 * With `query.recompute_year`: the savings at that year, beside those as recorded.
 */
recomputed: Recomputed | null, 
/**
 * The review states of the assessments the other filters select (`query.review` says
 * which of them the figures count).
 */
reviews: ReviewCounts, 
/**
 * The office's records over the same filter: training, awareness surveys, support
 * (not subject to the review of assessments).
 */
outreach: Outreach, assessments: number, quick_assessments: number, detailed_assessments: number, enterprises: number, enterprises_with_quick: number, enterprises_with_detailed: number, enterprises_applying_cp: number, options_identified: number, options_selected: number, options_implemented: number, 
/**
 * Screened out, not in `options_identified`.
 */
options_rejected: number, identified: Savings, implemented: Savings, };

export type RollupWarning = { 
/**
 * `MIXED_GRID_FACTORS`, `UNCOMPUTED_OPTIONS`.
 */
code: string, message: string, };

export type Savings = { options: number, 
/**
 * Whole VND: the sum of the options' own figures, so totals add up exactly in any order.
 * Options whose investment is not known add nothing (they are counted apart).
 */
investment_vnd: number, 
/**
 * Options whose investment is not known.
 */
options_without_investment: number, 
/**
 * Annual net savings, whole VND.
 */
net_vnd: number, 
/**
 * Annual net savings of the options with a known investment, whole VND: what the
 * aggregate payback divides by.
 */
net_with_investment_vnd: number, electricity_kwh: number, water_m3: number, material_t: number, 
/**
 * Fuel saved per fuel code, t.
 */
fuel_t: { [key in string]: number }, toe: number, tco2: number, };

export type SupportKind = "demonstration" | "equipment" | "loan" | "advice";

export type SupportLine = { 
/**
 * A [`SupportKind`] code.
 */
kind: string, records: number, 
/**
 * Distinct enterprises supported.
 */
enterprises: number, 
/**
 * Sum of the amounts recorded (records without one add nothing).
 */
amount_vnd: number, };

export type SupportRecord = { id: string, enterprise_id: string, programme_id: string | null, kind: SupportKind, date: string, 
/**
 * The amount of the support (the loan, the grant for equipment or the model), VND.
 */
amount_vnd: number | null, 
/**
 * Who lent (a loan's lender is required).
 */
lender: string, description: string, };

export type TargetStatus = "below" | "within" | "met" | "above" | "no_data";

export type TechniqueLine = { code: string, name_vi: string, name_en: string, identified: number, selected: number, implemented: number, };

export type TrainingEvent = { id: string, programme_id: string | null, date: string, topic: string, place: string, province: string, district: string, 
/**
 * The trainers' names, as the office writes them.
 */
trainers: string, 
/**
 * The attendance list.
 */
attendees: Array<Attendee>, note: string, };

export type WithEnterprise<T> = { row: T, enterprise_name: string, };
