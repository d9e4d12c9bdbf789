// Generated from the Rust DTOs by crates/sxsh-api/tests/ts_types.rs. Do not edit:
// run `UPDATE_TS=1 cargo test -p sxsh-api --test ts_types` after changing a DTO.

/** A stored row: the entity's fields with its bookkeeping (`Meta`), in one object. */
export type Stored<T> = T & Meta;

export type Action = { id: string, assessment_id: string, option_id: string | null, title: string, owner: string, start_date: string | null, end_date: string | null, budget_vnd: number | null, status: ImplStatus, };

export type Answer = "yes" | "no" | "na";

export type ApiError = { code: ErrorCode, message: string, field_errors?: Array<FieldError>, 
/**
 * A value the host shows with the code (a certificate's fingerprint).
 */
detail?: string, };

export type AppInfo = { data_dir: string, schema_version: number, device_id: string, version: string, };

export type Assessment = { id: string, enterprise_id: string, programme_id: string | null, kind: AssessmentKind, 
/**
 * 1 for the first CP cycle, 2 for the next, …
 */
cycle: number, title: string, status: AssessmentStatus, start_date: string | null, end_date: string | null, consultant: string, baseline_start: string | null, baseline_end: string | null, 
/**
 * Production in the baseline period, for specific consumption.
 */
production_volume: number | null, production_unit: string, 
/**
 * Discount rate as a fraction (0.10 = 10 %).
 */
discount_rate: number, 
/**
 * Default economic life of options, years.
 */
life_years: number, 
/**
 * Corporate income tax as a fraction, 0 when not applied.
 */
tax_rate: number, 
/**
 * Data year of the Vietnam grid emission factor used for electricity.
 */
grid_ef_year: number | null, 
/**
 * A custom grid factor in tCO2/MWh, used instead of the year's factor.
 */
custom_grid_ef: number | null, custom_grid_ef_source: string, 
/**
 * Sector checklists chosen for the walk-through, by file code (e.g. `pottery_kiln`).
 */
checklists: Array<string>, scope: string, focus_recommendation: string, next_steps: string, 
/**
 * How the enterprise keeps CP going (NV17): responsibilities, procedures, training,
 * incentives.
 */
sustaining_measures: string, 
/**
 * The criteria of the weighted selection of options (NV13), with their weights in %
 * (together 100 %).
 */
selection_criteria: Array<SelectionCriterion>, };

export type AssessmentCalcs = { balances: Array<ScopeBalance>, specific: Array<SpecificLine>, waste_costs: Array<WasteCostLine>, 
/**
 * The cost of each flow that has a price, in the flow's period.
 */
flow_costs: Array<FlowCost>, options: Array<StoredOptionResult>, 
/**
 * The options together.
 */
option_totals: OptionTotals, 
/**
 * Energy of every carrier (electricity and each fuel, as flows of the baseline or per
 * year) per unit of production: GJ, TOE and kWh per unit beside each other. None without
 * energy flows or production ("no data yet", never a misleading 0).
 */
specific_energy: SpecificEnergy | null, 
/**
 * The process steps scored for the focus selection (NV3), highest total first.
 */
focus_ranking: Array<FocusRank>, 
/**
 * The options scored against the selection criteria (NV13), highest score first.
 */
selection_ranking: Array<OptionRank>, 
/**
 * Each resource the options change, before and after (NV12).
 */
environment: Array<EnvironmentLine>, 
/**
 * Each monitored indicator, realised against expected (NV16).
 */
monitoring: Array<MonitoringLine>, };

export type AssessmentCreateParams = { enterprise_id: string, kind?: AssessmentKind | null, };

export type AssessmentDocument = { format: string, format_version: number, programme: Stored<Programme> | null, enterprise: Stored<Enterprise>, assessment: Stored<Assessment>, team_members: Array<Stored<TeamMember>>, process_steps: Array<Stored<ProcessStep>>, waste_streams: Array<Stored<WasteStream>>, causes: Array<Stored<Cause>>, options: Array<Stored<CpOption>>, flows: Array<Stored<Flow>>, actions: Array<Stored<Action>>, monitoring_records: Array<Stored<MonitoringRecord>>, checklist_responses: Array<Stored<ChecklistResponse>>, observations: Array<Stored<Observation>>, stage_marks: Array<Stored<StageMark>>, reviews: Array<Stored<Review>>, case_studies: Array<Stored<CaseStudy>>, attachments: Array<Stored<Attachment>>, };

export type AssessmentKind = "quick" | "detailed";

export type AssessmentListParams = { enterprise_id: string, };

export type AssessmentProgress = { stages: Array<StageProgress>, 
/**
 * While it is completed: who completed it and when (none for an assessment completed
 * before completions were recorded).
 */
completed: StatusEvent | null, 
/**
 * While it is open again after being completed: who reopened it and when.
 */
reopened: StatusEvent | null, };

export type AssessmentReport = "quick" | "detailed";

export type AssessmentStatus = "draft" | "in_progress" | "completed" | "archived";

export type AssessmentSummary = { assessment: Stored<Assessment>, enterprise_name: string, };

export type Attachment = { id: string, 
/**
 * Lower-case hex SHA-256 of the bytes.
 */
sha256: string, mime: string, size: number, caption: string, taken_at: string | null, 
/**
 * The entity the file belongs to (`assessment`, `checklist_response`, `observation`, …).
 */
owner_entity: string, owner_id: string, 
/**
 * The assessment the file belongs to, for export.
 */
assessment_id: string | null, original_name: string, };

export type AttachmentFileParams = { input: AttachmentInput, path: string, };

export type AttachmentImportParams = { input: AttachmentInput, name?: string | null, data_base64: string, };

export type AttachmentInput = { 
/**
 * `assessment`, `checklist_response`, `observation`, `option`, …
 */
owner_entity: string, owner_id: string, caption: string, original_name: string, taken_at: string | null, };

export type BackupInfo = { schema_version: number, created_at: string, files: number, bytes: number, };

export type BackupParams = { path?: string | null, };

export type Balance = { unit: string, total_in: number, total_out: number, 
/**
 * Σout / Σin × 100; none when nothing comes in.
 */
closure_pct: number | null, 
/**
 * Σin − Σout.
 */
unidentified: number, 
/**
 * (Σin − Σout) / Σin × 100; none when nothing comes in.
 */
unidentified_pct: number | null, 
/**
 * Names of flows whose unit cannot be expressed in `unit`.
 */
incompatible: Array<string>, 
/**
 * The stock change entered, in `unit` (0 when none).
 */
stock_change: number, 
/**
 * True when outputs (with the stock change) exceed inputs: a measurement error to look
 * into, never a "negative loss".
 */
measurement_error: boolean, 
/**
 * True when the closure is off 100 % by more than [`CLOSURE_TOLERANCE_PCT`]: a balance to
 * look into (a flow missed or mis-measured).
 */
outside_tolerance: boolean, };

export type BenchmarkComparison = { id: string, indicator_vi: string, indicator_en: string, 
/**
 * The benchmark's unit as its source writes it (e.g. `kWh/t product`).
 */
unit: string, min: number | null, max: number | null, 
/**
 * Our value in the benchmark's unit.
 */
value: number, position: BenchmarkPosition, source: string, 
/**
 * The publication can be named (else the value stays out of client reports).
 */
citable: boolean, 
/**
 * The publication the benchmark comes from, cited in Vietnamese and in English
 * ([`crate::reference::Publication::cite`]), for the UI and the reports alike.
 */
citation_vi: string, citation_en: string, 
/**
 * The benchmark's kind in the reference data: `regulatory_norm` (a legal norm, định mức)
 * or a typical value (`survey_average`, `typical_range`, `plant_value`, …: giá trị tham
 * chiếu).
 */
kind: string, };

export type BenchmarkPosition = { position: Position, gap_pct: number, };

export type BundleExported = { ops: number, photos: number, 
/**
 * Photos whose rows are in the bundle but whose files are not on this device yet.
 */
photos_missing: number, 
/**
 * The cursor to give `--since` next time to carry only what is newer.
 */
until: number, };

export type BundleImported = { 
/**
 * `device` or `server`, and its id.
 */
made_by: string, origin: string, created_at: string, applied: number, duplicates: number, 
/**
 * Fields left in conflict for a person (see `conflicts.list`).
 */
conflicts: number, 
/**
 * Ops kept aside until their parent row arrives.
 */
pending: number, rejected: number, photos_added: number, };

export type CalcsPreviewParams = { assessment_id: string, rows: Array<PreviewRow>, };

export type CaseStudy = { id: string, assessment_id: string, 
/**
 * When the enterprise agreed.
 */
consent_date: string, 
/**
 * The consent's reference (letter, minutes), as the office files it.
 */
consent_ref: string, 
/**
 * What the enterprise did and gained, in a few sentences.
 */
summary: string, };

export type Cause = { id: string, assessment_id: string, waste_stream_id: string | null, 
/**
 * One of [`CAUSE_CODES`].
 */
category: string, description: string, };

export type CauseCategory = { code: string, name_vi: string, name_en: string, };

export type CauseTrace = { cause: TraceItem, category: string, options: Array<OptionTrace>, };

export type ChangesWaitParams = { cursor?: FeedCursor | null, wait_ms?: number | null, };

export type CheckState = "ok" | "concern" | "not_feasible";

export type ChecklistItem = { id: string, area: string, question_vi: string, question_en: string, 
/**
 * What to look at on site.
 */
hint_vi: string, hint_en: string, techniques_if_no: Array<string>, quick_win_vi: string | null, quick_win_en: string | null, 
/**
 * A reading to record with the answer, when the item asks for one.
 */
measure: Measure | null, };

export type ChecklistResponse = { id: string, assessment_id: string, 
/**
 * Checklist item code, e.g. `PK-FI-03`.
 */
item_code: string, 
/**
 * `None` while the item is not answered yet (a note or a photo may come first).
 */
answer: Answer | null, note: string, 
/**
 * A measured reading when the item asks for one.
 */
reading: number | null, reading_unit: string, 
/**
 * The quick-win option created from a "no".
 */
option_id: string | null, };

export type ConflictVersion = { value: JsonValue, 
/**
 * Who made it (`user@device` or the device id).
 */
author: string, 
/**
 * When, by the author's clock (RFC 3339).
 */
at: string, 
/**
 * Its version stamp.
 */
hlc: string, };

export type CpOption = { id: string, assessment_id: string, title: string, description: string, 
/**
 * CP technique codes, see [`TECHNIQUE_CODES`].
 */
techniques: Array<string>, cause_ids: Array<string>, waste_stream_ids: Array<string>, screening: Screening | null, 
/**
 * Why the option was screened so (NV9): a rejected option says why.
 */
screening_reason: string, technical_notes: string, 
/**
 * Investment, VND; none when not known (payback, NPV and IRR are then not computable).
 */
investment_vnd: number | null, savings: Array<ResourceSaving>, 
/**
 * Change in yearly operating cost, VND (positive = costs more).
 */
opex_change_vnd: number, 
/**
 * Economic life, years; none = the assessment's default.
 */
life_years: number | null, 
/**
 * Weighted score from option ranking.
 */
score: number | null, selected: boolean, status: ImplStatus, 
/**
 * The checklist item whose "no" proposed this option, if any.
 */
source_item: string, 
/**
 * An explicit cash-flow series, year 0..n, VND (investment, savings, a mid-life
 * replacement, a salvage value, a grant): NPV, IRR and payback then come from it.
 */
cash_flows_vnd: Array<number> | null, 
/**
 * The technical feasibility checklist (NV10): space, skills, supply, quality, safety,
 * downtime, each at most once.
 */
technical_checks: Array<TechnicalCheck>, 
/**
 * Scores against the assessment's selection criteria (NV13), 0–10 each.
 */
selection_scores: Array<CriterionScore>, };

export type CriterionScore = { 
/**
 * The [`SelectionCriterion::id`] scored.
 */
criterion_id: string, 
/**
 * 0–[`MAX_SELECTION_SCORE`].
 */
score: number, };

export type DataSource = "measured" | "estimated" | "records";

export type Direction = "in" | "out";

export type Economics = { 
/**
 * Σ quantity × price.
 */
gross_savings_vnd: number, 
/**
 * Before tax: gross savings − opex change.
 */
net_savings_before_tax_vnd: number, 
/**
 * After tax: net − tax × max(0, net − investment / life) (straight-line depreciation).
 */
annual_net_savings_vnd: number, payback: Payback, 
/**
 * None when the investment is not known.
 */
npv_vnd: number | null, irr: Irr, 
/**
 * The interpolated IRR beside the exact one; none when no pair of rates brackets a root.
 */
irr_interpolated: InterpolatedIrr | null, 
/**
 * True when NPV, IRR and payback come from the option's own cash-flow series.
 */
from_cash_flows: boolean, };

export type Enterprise = { id: string, kind: EnterpriseKind, name: string, tax_code: string, address: string, province: string, district: string, commune: string, craft_village: string, 
/**
 * Sector code, e.g. `pottery`, `forging`, `seafood`, `cassava_starch`, `beer`.
 */
sector: string, main_products: string, design_capacity: number | null, capacity_unit: string, employees: number | null, contact_name: string, contact_phone: string, contact_email: string, };

export type EnterpriseKind = "enterprise" | "craft_household" | "cooperative";

export type EnvironmentLine = { option_id: string, resource: Resource, 
/**
 * The option's name for the line (e.g. "Than cám 4a").
 */
name: string, fuel_code: string, 
/**
 * The unit of the option's line, in which `before`, `change` and `after` are given.
 */
unit: string, 
/**
 * What the site uses per year before the option (its input flows per year, per month
 * × 12, or over a baseline of known dates scaled to 365 days); none when the baseline
 * holds no such flow ("no data yet").
 */
before: number | null, 
/**
 * The change per year: negative for a saving, positive for a resource used more.
 */
change: number, after: number | null, 
/**
 * The cut in % of `before` (negative when more is used); none without `before`.
 */
cut_pct: number | null, 
/**
 * Fossil CO2 avoided per year by this line, t (negative when more is emitted).
 */
tco2: number, 
/**
 * The factors behind `tco2`, each with its year and source (none for water, material).
 */
factors: Array<FactorUsed>, };

export type ErrorCode = "VALIDATION_FAILED" | "INVALID_INPUT" | "NOT_FOUND" | "DUPLICATE" | "PARENT_DELETED" | "ASSESSMENT_COMPLETED" | "OFFICE_ONLY" | "STAGE_INCOMPLETE" | "DB_NEWER_VERSION" | "DB_NOT_A_DATABASE" | "DB_FOREIGN" | "DB_CORRUPT" | "DB_BUSY" | "DB_OLDER_VERSION" | "DATA_DIR_IN_USE" | "READ_ONLY" | "DISK_FULL" | "OUTPUT_TARGET_INVALID" | "NOT_A_REGULAR_FILE" | "FILE_NOT_FOUND" | "PERMISSION_DENIED" | "IMAGE_TOO_LARGE" | "IMPORT_ID_CONFLICT" | "CLOCK_SKEW" | "IMPORT_DUPLICATE_ID" | "OUTPUT_FAILED" | "IMPORT_MALFORMED" | "IMPORT_NEWER_VERSION" | "BACKUP_CORRUPT" | "BACKUP_NEWER_VERSION" | "BUNDLE_DAMAGED" | "BUNDLE_FOREIGN" | "BUNDLE_NEWER_VERSION" | "ATTACHMENT_MISSING" | "FILE_TOO_LARGE" | "IO" | "SYNC_OFFLINE" | "SYNC_LOGIN_NEEDED" | "SYNC_RATE_LIMITED" | "SYNC_CLIENT_TOO_OLD" | "SYNC_REFUSED" | "SYNC_UNKNOWN_CERTIFICATE" | "SYNC_CERTIFICATE_CHANGED" | "SYNC_INSECURE" | "INTERNAL";

export type FactorUsed = { 
/**
 * What the factor is, e.g. `grid_ef`, `ncv:anthracite`, `toe:electricity`.
 */
name: string, value: number, unit: string, 
/**
 * Data year, for grid factors.
 */
year: number | null, source: string, 
/**
 * False when the reference data flags the value as unverified or unofficial.
 */
verified: boolean, };

export type FeedCursor = { 
/**
 * Changes when the whole data changes (a restore, another data folder).
 */
epoch: number, 
/**
 * The change-log sequence number read up to.
 */
seq: number, };

export type FieldConflict = { 
/**
 * Entity name (`flow`, `assessment`, …).
 */
entity: string, row_id: string, field: string, 
/**
 * The competing versions, by stamp: the winner last.
 */
heads: Array<ConflictVersion>, };

export type FieldError = { field: string, code: FieldErrorCode, message: string, 
/**
 * The limits the value broke, when the error is about one (a number's range, a text's
 * length in characters), so hosts can say them: "Quá lớn (tối đa 50)".
 */
min?: number, max?: number, };

export type FieldErrorCode = "required" | "too_long" | "not_nfc" | "not_finite" | "negative" | "out_of_range" | "unknown_unit" | "wrong_dimension" | "invalid_date" | "invalid_code" | "invalid_id" | "not_a_number" | "not_an_image" | "control_character" | "invalid_email" | "invalid_phone" | "invalid_tax_code" | "end_before_start" | "heic_photo" | "weights_sum" | "duplicate" | "not_allowed" | "too_short";

export type FileData = { file_name: string, data_base64: string, };

export type Flow = { id: string, assessment_id: string, 
/**
 * The step it crosses; none for a site-level flow.
 */
step_id: string | null, direction: Direction, category: FlowCategory, name: string, quantity: number, unit: string, period: Period, 
/**
 * Price per unit, VND.
 */
unit_price_vnd: number | null, 
/**
 * Fuel code from the reference data when the category is fuel.
 */
fuel_code: string, source: DataSource, note: string, 
/**
 * Grade of coal fines (`1_2`, `3_4`, `5_6`) whose MOIT TOE factor applies to an anthracite
 * flow; empty: the default (grade 3–4).
 */
coal_grade: string, };

export type FlowCategory = "raw_material" | "auxiliary" | "water" | "electricity" | "fuel" | "product" | "by_product" | "solid_waste" | "wastewater" | "air_emission" | "loss";

export type FlowCost = { flow_id: string, 
/**
 * Whole VND, rounded once.
 */
cost_vnd: number, };

export type FocusRank = { step_id: string, 
/**
 * Σ weight × score over the step's criteria.
 */
total: number, 
/**
 * 1 for the highest total; steps with the same total share a rank (1, 2, 2, 4).
 */
rank: number, };

export type FocusScore = { criterion: string, weight: number, score: number, };

export type GridYear = { year: number, 
/**
 * tCO2/MWh.
 */
value: number, official: boolean, };

export type IdParams = { id: string, };

export type ImageData = { data_url: string, width: number, height: number, };

export type ImageParams = { id: string, size?: ImageSize | null, };

export type ImageSize = "thumb" | "view";

export type Impact = { gj: number, toe: number, 
/**
 * Fossil CO2, t.
 */
tco2: number, 
/**
 * CO2 + CH4 + N2O as CO2e, t; only when GWPs were given.
 */
tco2e: number | null, 
/**
 * Biogenic CO2, t (memo item).
 */
biogenic_tco2: number, factors: Array<FactorUsed>, };

export type ImplStatus = "not_started" | "in_progress" | "done" | "on_hold" | "dropped";

export type ImportReport = { 
/**
 * Rows that were new or changed and were written.
 */
written: number, 
/**
 * Rows already present and identical.
 */
unchanged: number, 
/**
 * Rows changed or deleted here after the version in the document: kept as they are.
 */
kept_newer: number, };

export type InterpolatedIrr = { 
/**
 * Trial rates as fractions (0.15 = 15 %).
 */
r1: number, r2: number, 
/**
 * NPV at each trial rate, whole VND.
 */
npv1_vnd: number, npv2_vnd: number, rate: number, 
/**
 * True when the user chose the rates; false for the 1-point grid.
 */
chosen: boolean, };

export type Irr = { "kind": "unique", rate: number, } | { "kind": "multiple", rates: Array<number>, } | { "kind": "none", reason: string, } | { "kind": "above_max" } | { "kind": "no_investment" } | { "kind": "no_savings" };

export type Job = { id: string, 
/**
 * `backup`, `restore`, `sync`, `bundle-export` or `bundle-import`.
 */
kind: string, state: JobState, 
/**
 * Work done and total, in bytes for a backup; 0 of 1 then 1 of 1 for a restore.
 */
done: number, total: number, 
/**
 * The file written or read.
 */
path: string, result: BackupInfo | null, 
/**
 * What a sync did.
 */
summary: Summary | null, 
/**
 * What a bundle export wrote or a bundle import did.
 */
exported: BundleExported | null, imported: BundleImported | null, error: ApiError | null, };

export type JobState = "running" | "done" | "failed";

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

export type Lang = "vi" | "en";

export type ListParams = { query?: string | null, };

export type MarkStageParams = { assessment_id: string, 
/**
 * A quick-assessment stage (`profile`, `walk`, `flows`, `options`, `focus`), a task of a
 * detailed one (`NV1`…`NV18`), or `report`.
 */
stage: string, state: StageState, reason: string, };

export type Measure = { label_vi: string, label_en: string, unit: string, };

export type Meta = { created_at: string, updated_at: string, updated_by: string, deleted?: boolean, 
/**
 * The version of each field the row holds: field → stamp of its winning change, and `*` →
 * the stamp of the row's insert (the version of every field no change has replaced). A
 * patch names the versions it was made from (see [`crate::WriteTx::patch`]). Read from
 * `field_heads`, never stored in the row's table.
 */
versions?: { [key in string]: string }, };

export type Missing = { "code": "title" } | { "code": "production" } | { "code": "input_flow" } | { "code": "output_flow" } | { "code": "checklist" } | { "code": "unanswered", count: number, } | { "code": "option" } | { "code": "focus_recommendation" } | { "code": "next_steps" } | { "code": "stage", stage: string, } | { "code": "team_member" } | { "code": "process_step" } | { "code": "steps_without_flows", count: number, } | { "code": "focus" } | { "code": "focus_input" } | { "code": "focus_output" } | { "code": "waste_stream" } | { "code": "waste_without_cause", count: number, } | { "code": "unscreened", count: number, } | { "code": "rejected_without_reason", count: number, } | { "code": "no_technical_notes", count: number, } | { "code": "no_investment", count: number, } | { "code": "no_savings", count: number, } | { "code": "no_selection" } | { "code": "unscored", count: number, } | { "code": "selected_without_action", count: number, } | { "code": "not_started", count: number, } | { "code": "monitoring" } | { "code": "sustaining_measures" } | { "code": "next_focus" };

export type MonitoringFigure = { record_id: string, 
/**
 * `(after − baseline) / baseline × 100`; none when the baseline is 0.
 */
change_pct: number | null, realised: RealisedSaving | null, };

export type MonitoringLine = { figure: MonitoringFigure, 
/**
 * What the option's lines of the indicator's resource promised over the period monitored,
 * in the indicator's numerator unit: the yearly saving × the period's share of a year
 * (a month: 1/12); none when the record has no option, its period is not a year or a
 * month, or the option saves nothing in that unit.
 */
expected: number | null, 
/**
 * The realised saving over the period in the same unit as `expected`: for a ratio, from
 * [`MonitoringFigure::realised`] (normalised to the production after); for an absolute
 * indicator, before − after.
 */
realised: number | null, 
/**
 * The numerator unit both are in (`kWh` of `kWh/t`).
 */
unit: string, 
/**
 * Realised / expected × 100; none without both or when nothing was expected.
 */
realised_pct: number | null, };

export type MonitoringRecord = { id: string, assessment_id: string, option_id: string | null, indicator: string, unit: string, baseline: number, after: number, period: Period, note: string, 
/**
 * Production of the period after, in the denominator unit of a ratio indicator (`t` of
 * `kWh/t`): the realised saving is `(baseline − after) × production_after`.
 */
production_after: number | null, };

export type Named = { code: string, name_vi: string, name_en: string, };

export type NoParams = Record<symbol, never>;

export type Observation = { id: string, assessment_id: string, area: string, text: string, };

export type OptionCalcResult = { economics: Economics, sensitivity: Array<SensitivityCase>, 
/**
 * Energy and emissions avoided per year, net (saved lines less added lines), with every
 * factor used. Its `biogenic_tco2` is the net biogenic CO2 avoided (negative when the
 * option burns more biomass): a memo item, never in `tco2`.
 */
impact: Impact, 
/**
 * The saved lines alone.
 */
impact_saved: Impact, 
/**
 * The added lines alone (what the option uses more of), as positive figures.
 */
impact_added: Impact, 
/**
 * Saving lines left out of the money total for lack of a price.
 */
unpriced: Array<string>, };

export type OptionRank = { option_id: string, 
/**
 * Σ weightᵢ · scoreᵢ / Σ weightᵢ over the criteria, 0–10; none until the option is scored
 * on every criterion.
 */
score: number | null, 
/**
 * 1 for the highest score; equal scores share a rank; none when not scored.
 */
rank: number | null, 
/**
 * Criteria the option has no score for yet, by criterion id.
 */
unscored: Array<string>, };

export type OptionTotals = { 
/**
 * Σ investment of the options whose investment is known, whole VND.
 */
investment_vnd: number, 
/**
 * Options whose investment is not known (left out of the investment, NPV and payback).
 */
options_without_investment: number, 
/**
 * Σ annual net savings after tax, whole VND (the sum of the figures shown per option).
 */
annual_net_savings_vnd: number, 
/**
 * Σ NPV of the options whose NPV can be computed, whole VND; none when no option's can.
 */
npv_vnd: number | null, 
/**
 * Σ investment / Σ annual net savings of the options with a known investment.
 */
payback: Payback, 
/**
 * Σ tCO2 avoided per year.
 */
tco2: number, 
/**
 * Σ TOE saved per year.
 */
toe: number, 
/**
 * Annual net savings per CP technique code, in the reference data's order of codes met:
 * an option with several techniques is shared equally among them (whole VND); techniques
 * with no positive savings are left out.
 */
by_technique: Array<TechniqueSavings>, };

export type OptionTrace = { option: TraceItem, selected: boolean, actions: Array<TraceItem>, monitoring: Array<TraceItem>, };

export type PatchParams = { entity: EntityName, id: string, fields: Record<string, unknown>, raw?: { [key in string]: RawNumber } | null, base?: { [key in string]: string } | null, };

export type PathParams = { path: string, };

export type Payback = { "kind": "years", years: number, } | { "kind": "undefined", reason: string, } | { "kind": "no_investment" } | { "kind": "no_savings" };

export type Period = "day" | "month" | "year" | "batch" | "baseline";

export type Position = "below" | "within" | "above";

export type PreviewRow = { entity: EntityName, row: Record<string, unknown>, };

export type ProcessStep = { id: string, assessment_id: string, 
/**
 * Position in the process, from 1.
 */
seq: number, name: string, description: string, 
/**
 * Chosen as the focus of the detailed assessment.
 */
is_focus: boolean, focus_scores: Array<FocusScore>, 
/**
 * Change of the stock held in the step over the period, t (positive when stock built
 * up): it enters the step's material balance.
 */
stock_change_t: number | null, };

export type Programme = { id: string, name: string, funder: string, office: string, province: string, period_start: string | null, period_end: string | null, targets: ProgrammeTargets, 
/**
 * Whether the office publishes the programme's results on its public page (off until it
 * says so): the approved totals and the case studies enterprises agreed to publish.
 */
public: boolean, };

export type ProgrammeTargets = { 
/**
 * Share of facilities applying CP, %.
 */
facilities_applying_cp_pct: number | null, 
/**
 * Lower bound of the saving in materials and energy per unit of product, %.
 */
saving_pct_min: number | null, 
/**
 * Upper bound of that saving, %.
 */
saving_pct_max: number | null, 
/**
 * Share of facilities aware of the benefits of CP (by the office's awareness surveys), %.
 */
facilities_aware_pct: number | null, 
/**
 * Enterprises with a quick assessment, at least (e.g. "≥ 15").
 */
quick_assessments_min: number | null, 
/**
 * Enterprises with a detailed assessment, at least (e.g. 7).
 */
detailed_assessments_min: number | null, 
/**
 * Industrial-extension officers the programme covers (the base of the trained share).
 */
extension_staff: number | null, 
/**
 * Share of those officers trained in CP, %.
 */
extension_staff_trained_pct: number | null, 
/**
 * The decision or plan the targets come from.
 */
reference: string, };

export type QuickWin = { option: Stored<CpOption>, response: Stored<ChecklistResponse>, };

export type QuickWinParams = { response_id: string, };

export type RawNumber = { text: string, 
/**
 * The field holds a whole number (money in VND, years, counts).
 */
integer: boolean, 
/**
 * Empty text is an error rather than `null`.
 */
required: boolean, 
/**
 * The text is a percentage of a field stored as a fraction ("10" → 0.10).
 */
percent: boolean, };

export type RealisedSaving = { 
/**
 * Specific consumption before and after, in `sc_unit`.
 */
sc_before: number, sc_after: number, sc_unit: string, 
/**
 * `(SC_before − SC_after) × production_after`, in the consumption unit of the ratio.
 */
saving: number, 
/**
 * `(SC_before − SC_after) / SC_before × 100`; none when SC_before is 0.
 */
cut_pct: number | null, };

export type RecentParams = { 
/**
 * At most this many (50 when absent).
 */
limit?: number | null, 
/**
 * Words the title or the enterprise's name must contain (accents and case ignored).
 */
query?: string | null, };

export type Rejected = { op_id: string, entity: string, row_id: string, 
/**
 * The protocol's code (`out_of_scope`, `clock_skew`, …).
 */
code: string, message: string, };

export type ReportFormat = "pdf" | "xlsx";

export type ReportParams = { assessment_id: string, kind?: AssessmentReport | null, lang?: Lang | null, };

export type ReportSaveParams = { path: string, 
/**
 * The report's PDF (the default) or its worksheets as an XLSX workbook.
 */
format?: ReportFormat | null, assessment_id: string, kind?: AssessmentReport | null, lang?: Lang | null, };

export type ResolveParams = { entity: EntityName, row_id: string, field: string, value: JsonValue, };

export type Resource = "electricity" | "fuel" | "water" | "material" | "other";

export type ResourceSaving = { resource: Resource, 
/**
 * What is saved, e.g. "Than cám 4a".
 */
name: string, 
/**
 * Fuel code from the reference data when the resource is a fuel.
 */
fuel_code: string, 
/**
 * Quantity saved per year.
 */
quantity: number, unit: string, 
/**
 * Price per unit, VND; none when unknown. `4300000.0` reads as 4,300,000.
 */
unit_price_vnd: number | null, 
/**
 * True: the option uses this much more of the resource per year.
 */
added: boolean, 
/**
 * Grade of coal fines (`1_2`, `3_4`, `5_6`) whose MOIT TOE factor applies to an anthracite
 * line; empty: the reference data's default (grade 3–4).
 */
coal_grade: string, };

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

export type ReviewState = "needs_changes" | "approved" | "rejected";

export type RowChange = { entity: string, id: string, 
/**
 * The stored row with its versions; `null` when it was deleted.
 */
row: Record<string, unknown> | null, };

export type RowChanges = { 
/**
 * Ask from here next time.
 */
cursor: FeedCursor, 
/**
 * Everything may have changed (a restore, another data folder, or more than
 * [`MAX_ROWS`] rows): reload every screen.
 */
reset: boolean, rows: Array<RowChange>, };

export type RowCreateParams = { entity: EntityName, row: Record<string, unknown>, raw?: { [key in string]: RawNumber } | null, };

export type RowDeleteParams = { entity: EntityName, id: string, };

export type SavedFile = { path: string, bytes: number, };

export type ScopeBalance = { 
/**
 * `step`, `focus` or `site`.
 */
scope: string, step_id: string | null, name: string, 
/**
 * Materials, products, by-products, solid waste and losses, in t.
 */
material: Balance, 
/**
 * Water in and wastewater out, in m³.
 */
water: Balance, };

export type Screening = "implement_now" | "needs_study" | "reject";

export type SelectionCriterion = { 
/**
 * A stable key that options' scores refer to (a name may be edited).
 */
id: string, name: string, 
/**
 * Weight in % (the weights of an assessment add up to 100).
 */
weight: number, };

export type SensitivityCase = { 
/**
 * `investment`, `savings` (quantities) or `price` (unit prices).
 */
factor: string, change_pct: number, 
/**
 * None when the investment is not known.
 */
npv_vnd: number | null, payback: Payback, };

export type Settings = { 
/**
 * Display language of the UI and default language of reports.
 */
lang: Lang, 
/**
 * Written into new assessments and reports.
 */
consultant: string, 
/**
 * Default discount rate of new assessments, as a fraction (0.10 = 10 %).
 */
discount_rate: number, 
/**
 * Default economic life of options in new assessments, years.
 */
life_years: number, 
/**
 * Data year of the grid emission factor for new assessments; none = the reference
 * data's suggested year.
 */
grid_ef_year: number | null, };

export type SettingsSaveParams = { settings: JsonValue, raw?: { [key in string]: RawNumber } | null, };

export type SpecificEnergy = { 
/**
 * The production unit (`t`).
 */
per: string, gj: number, toe: number, 
/**
 * Electricity alone, kWh per unit.
 */
electricity_kwh: number, tco2: number, };

export type SpecificLine = { 
/**
 * Flow category: `electricity`, `water`, `fuel`, `raw_material`, `wastewater`, or
 * `total_energy` for every energy carrier together.
 */
category: string, 
/**
 * What the value measures, as benchmarks name it (`electricity`, `water_intake`, `fuel`,
 * `raw_material`, `wastewater`, `total_energy`): a benchmark is compared only with a line
 * of its own indicator.
 */
indicator: string, 
/**
 * Fuel code for fuels, else empty.
 */
fuel_code: string, 
/**
 * Total input over the baseline, in the numerator unit.
 */
total: number, value: number, 
/**
 * e.g. `kWh/t`.
 */
unit: string, benchmarks: Array<BenchmarkComparison>, };

export type StageMark = { id: string, assessment_id: string, 
/**
 * A [`QUICK_STAGES`] or [`DETAILED_TASKS`] code.
 */
stage: string, state: StageState, 
/**
 * Why a stage is not applicable (required then).
 */
reason: string, };

export type StageProgress = { 
/**
 * A [`QUICK_STAGES`] code.
 */
stage: string, status: StageStatus, 
/**
 * What it needs before it can be marked done (empty when it can be).
 */
missing: Array<Missing>, 
/**
 * The reason given for "not applicable".
 */
reason: string, 
/**
 * Who last marked it (done, not applicable or open again) and when; empty when unmarked.
 */
marked_by: string, marked_at: string, };

export type StageState = "done" | "na" | "open";

export type StageStatus = "not_started" | "in_progress" | "ready" | "done" | "not_applicable" | "marked_incomplete";

export type StatusEvent = { 
/**
 * The user's name as set on the device that did it (empty when none was set).
 */
by: string, 
/**
 * RFC 3339.
 */
at: string, };

export type StoredOptionResult = { option_id: string, title: string, result: OptionCalcResult, };

export type Summary = { pushed: number, push_duplicates: number, push_conflicts: number, push_rejected: number, 
/**
 * Ops the server could not place yet (made under a row another device has not synced);
 * sent again at the next sync.
 */
push_waiting: number, pulled: number, pull_applied: number, pull_duplicates: number, 
/**
 * Ops kept aside until their parent row arrives.
 */
pull_pending: number, pull_rejected: number, 
/**
 * Fields in conflict on this device after the sync.
 */
conflicts: number, 
/**
 * Photos sent to the server, and originals received from it (a sync fetches thumbnails;
 * an original comes when the photo is opened, see [`fetch_original`]).
 */
photos_sent: number, photos_received: number, 
/**
 * Thumbnails received for photos whose originals stay on the server until opened.
 */
thumbnails_received: number, 
/**
 * Photos of rows here whose bytes the server does not have yet (their device has not
 * synced them); fetched by a later sync.
 */
photos_waiting: number, };

export type SyncLoginParams = { server: string, login: string, password: string, 
/**
 * The fingerprint of the server's certificate the user compared and confirmed (after a
 * `SYNC_UNKNOWN_CERTIFICATE` or `SYNC_CERTIFICATE_CHANGED` answer gave it); pinned from
 * then on.
 */
fingerprint?: string, };

export type SyncState = { 
/**
 * The server logged in to, if any.
 */
server: string | null, 
/**
 * The fingerprint of its certificate pinned at login (HTTPS with the office's own
 * certificate).
 */
pinned: string | null, 
/**
 * The account's login and name, while logged in.
 */
login: string | null, display_name: string | null, 
/**
 * `admin`, `consultant` or `viewer`.
 */
role: string | null, 
/**
 * Changes made here that the server has not acknowledged.
 */
waiting: number, 
/**
 * Fields waiting for a person (see `conflicts.list`).
 */
conflicts: number, 
/**
 * Changes the server refused, with their reasons.
 */
rejected: Array<Rejected>, 
/**
 * When the last sync finished (RFC 3339), and what it did.
 */
last_at: string | null, last: Summary | null, };

export type TeamMember = { id: string, assessment_id: string, name: string, position: string, role: string, organisation: string, };

export type TechnicalCheck = { 
/**
 * One of [`TECHNICAL_CHECK_CODES`].
 */
criterion: string, state: CheckState, note: string, };

export type Technique = { code: string, name_vi: string, name_en: string, group: string, };

export type TechniqueSavings = { code: string, annual_net_savings_vnd: number, };

export type TraceItem = { id: string, text: string, };

export type Traceability = { chains: Array<WasteTrace>, 
/**
 * Causes not tied to any waste stream, with their options.
 */
loose_causes: Array<CauseTrace>, 
/**
 * Options that address no cause (they may still name a waste stream).
 */
options_without_cause: Array<TraceItem>, 
/**
 * Causes no option addresses.
 */
causes_without_option: Array<TraceItem>, 
/**
 * Selected options with no action planned.
 */
selected_without_action: Array<TraceItem>, };

export type UiChecklist = { code: string, id: string, title_vi: string, title_en: string, items: Array<ChecklistItem>, };

export type UiReference = { checklists: Array<UiChecklist>, areas: Array<Named>, techniques: Array<Technique>, sectors: Array<Named>, grid_years: Array<GridYear>, default_grid_year: number, fuels: Array<Named>, units: Array<string>, 
/**
 * Categories of waste causes (NV7).
 */
cause_categories: Array<CauseCategory>, 
/**
 * The criteria of the focus selection matrix (NV3).
 */
focus_criteria: Array<Named>, 
/**
 * The 6 steps of the detailed assessment, with their tasks.
 */
steps: Array<UiStep>, 
/**
 * The 18 tasks NV1–NV18 as the methodology words them.
 */
tasks: Array<UiTask>, };

export type UiStep = { step: number, name_vi: string, name_en: string, 
/**
 * Task ids, in order.
 */
tasks: Array<string>, };

export type UiTask = { id: string, step: number, name_vi: string, name_en: string, purpose_vi: string, purpose_en: string, worksheet_vi: string, worksheet_en: string, output_vi: string, output_en: string, };

export type WasteCost = { material_vnd: number, energy_vnd: number, water_vnd: number, treatment_disposal_fees_vnd: number, total_vnd: number, 
/**
 * Parts that could not be valued for lack of data.
 */
missing: Array<string>, };

export type WasteCostLine = { waste_stream_id: string, name: string, cost: WasteCost, };

export type WasteKind = "solid" | "liquid" | "gas" | "energy";

export type WasteStream = { id: string, assessment_id: string, step_id: string | null, name: string, kind: WasteKind, quantity: number, unit: string, period: Period, 
/**
 * Value of the lost material per unit of the stream, VND.
 */
material_value_per_unit_vnd: number | null, 
/**
 * Energy embedded in the lost material per period, kWh.
 */
embedded_energy_kwh: number | null, 
/**
 * Water embedded per period, m³.
 */
embedded_water_m3: number | null, 
/**
 * Treatment, disposal and fees per period, VND.
 */
treatment_cost_vnd: number | null, disposal_cost_vnd: number | null, fees_vnd: number | null, note: string, };

export type WasteTrace = { waste_stream: TraceItem, causes: Array<CauseTrace>, options: Array<OptionTrace>, };

/** Every synced entity → its table, parents before children. */
export const ENTITY_TABLES = {
  programme: "programmes",
  enterprise: "enterprises",
  assessment: "assessments",
  team_member: "team_members",
  process_step: "process_steps",
  waste_stream: "waste_streams",
  cause: "causes",
  option: "options",
  flow: "flows",
  action: "actions",
  monitoring_record: "monitoring_records",
  checklist_response: "checklist_responses",
  observation: "observations",
  stage_mark: "stage_marks",
  review: "reviews",
  training_event: "training_events",
  awareness_survey: "awareness_surveys",
  support_record: "support_records",
  case_study: "case_studies",
  admin_area: "admin_areas",
  attachment: "attachments",
} as const;

export type EntityName = keyof typeof ENTITY_TABLES;

/** Coal fines grades with their own MOIT TOE factor; empty = grade 3–4. */
export const COAL_GRADES = ["1_2", "3_4", "5_6"] as const;

/** Every RPC method → its params and its result (crates/sxsh-api/src/rpc/methods.rs). */
export type Methods = {
  "info": { params: NoParams; result: AppInfo };
  "settings.get": { params: NoParams; result: Settings };
  "settings.save": { params: SettingsSaveParams; result: Settings };
  "reference.get": { params: NoParams; result: UiReference };
  "enterprise.list": { params: ListParams; result: Array<Stored<Enterprise>> };
  "programme.list": { params: NoParams; result: Array<Stored<Programme>> };
  "enterprise.get": { params: IdParams; result: Stored<Enterprise> };
  "enterprise.delete": { params: IdParams; result: null };
  "assessment.recent": { params: RecentParams; result: Array<AssessmentSummary> };
  "assessment.list": { params: AssessmentListParams; result: Array<AssessmentSummary> };
  "assessment.create": { params: AssessmentCreateParams; result: Stored<Assessment> };
  "assessment.open": { params: IdParams; result: AssessmentDocument };
  "assessment.delete": { params: IdParams; result: null };
  "assessment.calcs": { params: IdParams; result: AssessmentCalcs };
  "assessment.calcs_preview": { params: CalcsPreviewParams; result: AssessmentCalcs };
  "assessment.progress": { params: IdParams; result: AssessmentProgress };
  "assessment.next_cycle": { params: IdParams; result: Stored<Assessment> };
  "assessment.continue_detailed": { params: IdParams; result: Stored<Assessment> };
  "assessment.trace": { params: IdParams; result: Traceability };
  "assessment.mark_stage": { params: MarkStageParams; result: AssessmentProgress };
  "row.create": { params: RowCreateParams; result: JsonValue };
  "row.patch": { params: PatchParams; result: JsonValue };
  "row.delete": { params: RowDeleteParams; result: null };
  "row.restore": { params: RowDeleteParams; result: JsonValue };
  "changes.wait": { params: ChangesWaitParams; result: RowChanges };
  "checklist.quick_win": { params: QuickWinParams; result: QuickWin };
  "attachment.import": { params: AttachmentImportParams; result: Stored<Attachment> };
  "attachment.import_file": { params: AttachmentFileParams; result: Stored<Attachment> };
  "attachment.image": { params: ImageParams; result: ImageData };
  "report.pdf": { params: ReportParams; result: FileData };
  "report.save": { params: ReportSaveParams; result: SavedFile };
  "report.file_name": { params: ReportParams; result: string };
  "report.xlsx": { params: ReportParams; result: FileData };
  "backup.start": { params: BackupParams; result: Job };
  "restore.start": { params: PathParams; result: Job };
  "bundle.export": { params: BackupParams; result: Job };
  "bundle.import": { params: PathParams; result: Job };
  "job.get": { params: IdParams; result: Job };
  "conflicts.list": { params: NoParams; result: Array<FieldConflict> };
  "conflicts.resolve": { params: ResolveParams; result: null };
  "sync.state": { params: NoParams; result: SyncState };
  "sync.login": { params: SyncLoginParams; result: SyncState };
  "sync.logout": { params: NoParams; result: SyncState };
  "sync.start": { params: NoParams; result: Job };
};

export type MethodName = keyof Methods;
