// Generated from the Rust types by crates/sxsh-server/tests/ts_types.rs. Do not edit:
// run `UPDATE_TS=1 cargo test -p sxsh-server --test ts_types` after changing one.

export type AdminArea = { id: string, level: AreaLevel, name: string, 
/**
 * The province it is in (empty for a province).
 */
province: string, 
/**
 * The district it is in, if any (empty for a province or a district, and for a commune
 * or village straight under its province).
 */
district: string, 
/**
 * The commune a craft village is in, if known.
 */
commune: string, 
/**
 * The official code (Tổng cục Thống kê's), when the office keeps it.
 */
code: string, };

export type AreaLevel = "province" | "district" | "commune" | "craft_village";

export type AreaNode = { level: AreaLevel, 
/**
 * As the office's list spells it, else as the first enterprise found wrote it (empty: the
 * enterprises that give no province).
 */
name: string, 
/**
 * The filter that selects this area: the names of the areas it is in and its own (empty
 * at the levels it skips or below its own).
 */
province: string, district: string, commune: string, craft_village: string, 
/**
 * The row of the office's list that names it; `None` for an area only enterprises give.
 */
area_id: string | null, 
/**
 * Enterprises under it (at any level below), and their assessments.
 */
enterprises: number, assessments: number, children: Array<AreaNode>, };

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

export type AssessmentKind = "quick" | "detailed";

export type AssessmentStatus = "draft" | "in_progress" | "completed" | "archived";

export type Attendee = { name: string, organisation: string, role: AttendeeRole, };

export type AttendeeRole = "enterprise" | "extension_staff" | "official" | "consultant" | "other";

export type AwarenessSurvey = { id: string, enterprise_id: string, programme_id: string | null, survey_date: string, aware: boolean, applying: boolean, planning: boolean, note: string, };

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

export type BreakdownLine = { 
/**
 * The sector's code, the year, or the district's folded `province|district`; empty for
 * assessments without one.
 */
key: string, 
/**
 * What the line is called: the sector's code (named from the catalogs), the year, or
 * "district, province" as first written.
 */
label: string, assessments: number, options: OptionCounts, 
/**
 * Savings of the identified options (potential).
 */
identified: Savings, 
/**
 * Savings of the implemented options (achieved).
 */
implemented: Savings, };

export type Breakdowns = { 
/**
 * By sector code.
 */
by_sector: Array<BreakdownLine>, 
/**
 * By province, by name.
 */
by_province: Array<BreakdownLine>, 
/**
 * By district (and its province), by name; empty unless the roll-up is of one province
 * or district.
 */
by_district: Array<BreakdownLine>, 
/**
 * By the year assessments started, oldest first.
 */
by_year: Array<BreakdownLine>, };

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

export type CheckState = "ok" | "concern" | "not_feasible";

export type ConflictVersion = { value: JsonValue, 
/**
 * Who made it (`login@device`) and when.
 */
author: string, at: string, };

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

export type EnterpriseAssessment = { assessment: PortalAssessment, options_identified: number, options_implemented: number, 
/**
 * Savings per year of the identified options (potential) and of the implemented ones.
 */
identified: Savings, implemented: Savings, };

export type EnterpriseKind = "enterprise" | "craft_household" | "cooperative";

export type EnterpriseStage = "not_assessed" | "quick" | "detailed" | "applying";

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

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

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

export type OptionCounts = { identified: number, selected: number, implemented: number, 
/**
 * Screened out (NV9): kept apart from the identified ones.
 */
rejected: number, };

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

export type Payback = { "kind": "years", years: number, } | { "kind": "undefined", reason: string, } | { "kind": "no_investment" } | { "kind": "no_savings" };

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

export type PortalAssessmentPage = { assessment: Assessment, enterprise: Enterprise, programme: string | null, 
/**
 * The latest review's state; `None`: received, not reviewed yet.
 */
review_state: ReviewState | null, 
/**
 * Every review, oldest first.
 */
reviews: Array<Review>, options: Array<CpOption>, 
/**
 * Every figure, as the app and the reports compute them.
 */
calcs: AssessmentCalcs, photos: Array<PortalPhoto>, 
/**
 * The case study the enterprise agreed to publish, if the office recorded one.
 */
case_study: CaseStudy | null, };

export type PortalConflict = { entity: string, row_id: string, field: string, 
/**
 * The row's name or title, as it reads now (empty when it has none).
 */
row_label: string, 
/**
 * The assessment it is in, if any (its title), to find it.
 */
assessment_id: string | null, assessment_title: string, versions: Array<ConflictVersion>, };

export type PortalEnterprise = { id: string, name: string, province: string, district: string, commune: string, craft_village: string, sector: string, assessments: number, latest_start: string | null, 
/**
 * How far it has come with CP (its assessments not rejected).
 */
stage: EnterpriseStage, };

export type PortalEnterprisePage = { enterprise: Enterprise, 
/**
 * Its assessments, the latest start first.
 */
assessments: Array<EnterpriseAssessment>, 
/**
 * The office's surveys of it and support to it, the latest first.
 */
surveys: Array<AwarenessSurvey>, support: Array<SupportRecord>, };

export type PortalNamed = { code: string, name_vi: string, name_en: string, };

export type PortalPhoto = { sha256: string, caption: string, 
/**
 * The row it belongs to (`assessment`, `option`, `checklist_response`, …).
 */
owner_entity: string, taken_at: string | null, };

export type PortalRecords = { trainings: Array<TrainingRow>, surveys: Array<WithEnterprise<AwarenessSurvey>>, support: Array<WithEnterprise<SupportRecord>>, };

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

export type Position = "below" | "within" | "above";

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

export type Progress = { target_set: string, code: string, indicator_vi: string, indicator_en: string, actual: number | null, target_min: number | null, target_max: number | null, 
/**
 * The target's unit: `%` for shares, else a count's (e.g. enterprises).
 */
unit: string, status: TargetStatus, };

export type PublicCaseStudy = { enterprise_name: string, sector: string, province: string, district: string, craft_village: string, assessment_kind: string, start_date: string | null, summary: string, 
/**
 * Options implemented, and their savings per year (the engine's, for this assessment).
 */
options_implemented: number, implemented: Savings, 
/**
 * Options identified (implemented or not), and their potential savings per year.
 */
options_identified: number, identified: Savings, };

export type PublicProgramme = { id: string, name: string, office: string, province: string, period_start: string | null, period_end: string | null, 
/**
 * The roll-up of its approved assessments.
 */
report: RollupReport, case_studies: Array<PublicCaseStudy>, };

export type PublicSummary = { office: string, programmes: Array<PublicProgramme>, };

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

export type Recomputed = { year: number, identified: Savings, implemented: Savings, };

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

export type RollupQuery = { programme_id: string | null, 
/**
 * The enterprises' areas (compared without accents or case); a lower level narrows the
 * one above it.
 */
province: string | null, district: string | null, commune: string | null, craft_village: string | null, sector: string | null, year: number | null, 
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
outreach: Outreach, 
/**
 * The figures split by sector, district and year (each breakdown adds up to the totals).
 */
breakdowns: Breakdowns, assessments: number, quick_assessments: number, detailed_assessments: number, enterprises: number, enterprises_with_quick: number, enterprises_with_detailed: number, enterprises_applying_cp: number, options_identified: number, options_selected: number, options_implemented: number, 
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

export type StoredOptionResult = { option_id: string, title: string, result: OptionCalcResult, };

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

export type TechnicalCheck = { 
/**
 * One of [`TECHNICAL_CHECK_CODES`].
 */
criterion: string, state: CheckState, note: string, };

export type TechniqueLine = { code: string, name_vi: string, name_en: string, identified: number, selected: number, implemented: number, };

export type TechniqueSavings = { code: string, annual_net_savings_vnd: number, };

export type TrainingEvent = { id: string, programme_id: string | null, date: string, topic: string, place: string, province: string, district: string, 
/**
 * The trainers' names, as the office writes them.
 */
trainers: string, 
/**
 * The attendance list.
 */
attendees: Array<Attendee>, note: string, };

export type TrainingRow = { row: TrainingEvent, 
/**
 * Lines of its attendance list.
 */
attendees: number, 
/**
 * Of those, extension officers.
 */
extension_officers: number, };

export type WasteCost = { material_vnd: number, energy_vnd: number, water_vnd: number, treatment_disposal_fees_vnd: number, total_vnd: number, 
/**
 * Parts that could not be valued for lack of data.
 */
missing: Array<string>, };

export type WasteCostLine = { waste_stream_id: string, name: string, cost: WasteCost, };

export type WithEnterprise<T> = { row: T, enterprise_name: string, };
