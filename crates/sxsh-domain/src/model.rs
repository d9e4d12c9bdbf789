//! Entities of DESIGN.md §3 as plain data. Every stored entity has an `id` (UUIDv7 text made on
//! the device); the store adds `created_at`, `updated_at`, `updated_by` and the `deleted` tombstone.
//!
//! Conventions: money is integer VND (`i64`, no minor unit); quantities are `f64` with a unit code
//! (see [`crate::units`]); optional free text is an empty string; dates are `YYYY-MM-DD`.
//! Serde names are the stable names used in the database, the export document and the UI.

use crate::units::Dimension;
use crate::validate::{Validate, Validator};
use serde::{Deserialize, Serialize};

/// Codes of the 8 CP techniques (good housekeeping … product modification).
pub const TECHNIQUE_CODES: [&str; 8] = ["GH", "IM", "PC", "EM", "TC", "RR", "BP", "PM"];
/// Codes of the cause categories used in NV7.
/// The points of the technical feasibility checklist of an option (NV10), in the order shown.
pub const TECHNICAL_CHECK_CODES: [&str; 6] =
    ["space", "skills", "supply", "quality", "safety", "downtime"];

/// The highest score of an option against one selection criterion (NV13): scores run 0–10.
pub const MAX_SELECTION_SCORE: f64 = 10.0;

pub const CAUSE_CODES: [&str; 8] = [
    "C-RM", "C-TECH", "C-EQ", "C-OP", "C-HR", "C-PD", "C-WH", "C-OT",
];

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[derive(ts_rs::TS)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            /// Parses a stable code.
            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

code_enum!(
    /// Legal form of the assessed unit.
    EnterpriseKind { Enterprise = "enterprise", CraftHousehold = "craft_household", Cooperative = "cooperative" }
);
code_enum!(
    /// Quick (walk-through, 2–3 days) or detailed (6 steps / 18 tasks) assessment.
    AssessmentKind { Quick = "quick", Detailed = "detailed" }
);
code_enum!(
    /// Where an assessment stands.
    AssessmentStatus { Draft = "draft", InProgress = "in_progress", Completed = "completed", Archived = "archived" }
);
code_enum!(
    /// Direction of a flow across a process step.
    Direction { In = "in", Out = "out" }
);
code_enum!(
    /// What a flow is.
    FlowCategory {
        RawMaterial = "raw_material", Auxiliary = "auxiliary", Water = "water",
        Electricity = "electricity", Fuel = "fuel", Product = "product", ByProduct = "by_product",
        SolidWaste = "solid_waste", Wastewater = "wastewater", AirEmission = "air_emission", Loss = "loss",
    }
);
code_enum!(
    /// The period a quantity refers to.
    Period { Day = "day", Month = "month", Year = "year", Batch = "batch", Baseline = "baseline" }
);
code_enum!(
    /// Where a figure comes from.
    DataSource { Measured = "measured", Estimated = "estimated", Records = "records" }
);
code_enum!(
    /// Physical form of a waste stream.
    WasteKind { Solid = "solid", Liquid = "liquid", Gas = "gas", Energy = "energy" }
);
code_enum!(
    /// Screening class of an option (NV9).
    Screening { ImplementNow = "implement_now", NeedsStudy = "needs_study", Reject = "reject" }
);
code_enum!(
    /// Implementation status of an option or action.
    ImplStatus { NotStarted = "not_started", InProgress = "in_progress", Done = "done", OnHold = "on_hold", Dropped = "dropped" }
);
code_enum!(
    /// Answer to a checklist item; every item is worded so that `yes` is good practice.
    Answer { Yes = "yes", No = "no", Na = "na" }
);
code_enum!(
    /// A consultant's mark on a stage of the quick assessment or a task (NV1–NV18) of the
    /// detailed one: done, not applicable, or open again after being done.
    StageState { Done = "done", NotApplicable = "na", Open = "open" }
);
code_enum!(
    /// The programme office's decision on a synced assessment: back to the consultant with
    /// comments, approved (it counts in the official roll-ups), or rejected. An assessment
    /// without a review is "mới nhận" (received).
    ReviewState { NeedsChanges = "needs_changes", Approved = "approved", Rejected = "rejected" }
);
code_enum!(
    /// How an option fares on one point of the technical feasibility checklist (NV10).
    CheckState { Ok = "ok", Concern = "concern", NotFeasible = "not_feasible" }
);
code_enum!(
    /// Kind of resource an option saves.
    Resource { Electricity = "electricity", Fuel = "fuel", Water = "water", Material = "material", Other = "other" }
);

code_enum!(
    /// What an attendee of a training event is: from an enterprise, an industrial-extension
    /// (khuyến công) officer, a state official, a consultant, or another.
    AttendeeRole { Enterprise = "enterprise", ExtensionStaff = "extension_staff", Official = "official", Consultant = "consultant", Other = "other" }
);
code_enum!(
    /// A level of Vietnam's administrative areas as a programme office lists them: province
    /// (tỉnh/thành phố), district (quận/huyện; none under a province since the July 2025
    /// reform), commune (xã/phường/thị trấn), and craft village (làng nghề).
    AreaLevel { Province = "province", District = "district", Commune = "commune", CraftVillage = "craft_village" }
);
code_enum!(
    /// Support a programme gives an enterprise: a demonstration model, equipment, a loan, or
    /// technical advice.
    SupportKind { Demonstration = "demonstration", Equipment = "equipment", Loan = "loan", Advice = "advice" }
);

fn techniques(v: &mut Validator, field: &str, codes: &[String]) {
    for (i, c) in codes.iter().enumerate() {
        v.code_in(&format!("{field}[{i}]"), c, &TECHNIQUE_CODES);
    }
}

/// Targets a programme tracks, e.g. 25 % of facilities apply CP, saving 5–8 % per unit of product.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct ProgrammeTargets {
    /// Share of facilities applying CP, %.
    pub facilities_applying_cp_pct: Option<f64>,
    /// Lower bound of the saving in materials and energy per unit of product, %.
    pub saving_pct_min: Option<f64>,
    /// Upper bound of that saving, %.
    pub saving_pct_max: Option<f64>,
    /// Share of facilities aware of the benefits of CP (by the office's awareness surveys), %.
    pub facilities_aware_pct: Option<f64>,
    /// Enterprises with a quick assessment, at least (e.g. "≥ 15").
    pub quick_assessments_min: Option<i64>,
    /// Enterprises with a detailed assessment, at least (e.g. 7).
    pub detailed_assessments_min: Option<i64>,
    /// Industrial-extension officers the programme covers (the base of the trained share).
    pub extension_staff: Option<i64>,
    /// Share of those officers trained in CP, %.
    pub extension_staff_trained_pct: Option<f64>,
    /// The decision or plan the targets come from.
    pub reference: String,
}

/// A CP programme run by an office (Sở Công Thương, khuyến công centre).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Programme {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub funder: String,
    #[serde(default)]
    pub office: String,
    #[serde(default)]
    pub province: String,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    #[serde(default)]
    pub targets: ProgrammeTargets,
    /// Whether the office publishes the programme's results on its public page (off until it
    /// says so): the approved totals and the case studies enterprises agreed to publish.
    #[serde(default)]
    pub public: bool,
}

impl Validate for Programme {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.required_name("name", &self.name);
        v.name("funder", &self.funder);
        v.name("office", &self.office);
        v.name("province", &self.province);
        v.period(
            "period_start",
            &self.period_start,
            "period_end",
            &self.period_end,
        );
        v.nested("targets.", |v| {
            let t = &self.targets;
            for (f, x) in [
                ("facilities_applying_cp_pct", t.facilities_applying_cp_pct),
                ("saving_pct_min", t.saving_pct_min),
                ("saving_pct_max", t.saving_pct_max),
                ("facilities_aware_pct", t.facilities_aware_pct),
                ("extension_staff_trained_pct", t.extension_staff_trained_pct),
            ] {
                if let Some(x) = x {
                    v.range(f, x, 0.0, 100.0);
                }
            }
            for (f, n) in [
                ("quick_assessments_min", t.quick_assessments_min),
                ("detailed_assessments_min", t.detailed_assessments_min),
                ("extension_staff", t.extension_staff),
            ] {
                if let Some(n) = n {
                    v.int_range(f, n, 0, 10_000_000);
                }
            }
            if let (Some(lo), Some(hi)) = (t.saving_pct_min, t.saving_pct_max)
                && lo > hi
            {
                v.error(
                    "saving_pct_max",
                    crate::FieldErrorCode::OutOfRange,
                    "must not be below the lower bound",
                );
            }
            if t.extension_staff_trained_pct.is_some() && t.extension_staff.is_none() {
                v.error(
                    "extension_staff",
                    crate::FieldErrorCode::Required,
                    "a trained share needs the number of officers it is a share of",
                );
            }
            v.name("reference", &t.reference);
        });
    }
}

/// An enterprise, craft household or cooperative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Enterprise {
    pub id: String,
    pub kind: EnterpriseKind,
    pub name: String,
    #[serde(default)]
    pub tax_code: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub craft_village: String,
    /// Sector code, e.g. `pottery`, `forging`, `seafood`, `cassava_starch`, `beer`.
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub main_products: String,
    pub design_capacity: Option<f64>,
    #[serde(default)]
    pub capacity_unit: String,
    pub employees: Option<i64>,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub contact_email: String,
}

impl Validate for Enterprise {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.required_name("name", &self.name);
        for (f, s) in [
            ("tax_code", &self.tax_code),
            ("address", &self.address),
            ("province", &self.province),
            ("district", &self.district),
            ("commune", &self.commune),
            ("craft_village", &self.craft_village),
            ("sector", &self.sector),
            ("contact_name", &self.contact_name),
            ("contact_phone", &self.contact_phone),
            ("contact_email", &self.contact_email),
        ] {
            v.name(f, s);
        }
        v.text("main_products", &self.main_products);
        v.tax_code("tax_code", &self.tax_code);
        v.phone("contact_phone", &self.contact_phone);
        v.email("contact_email", &self.contact_email);
        if let Some(c) = self.design_capacity {
            v.non_negative("design_capacity", c);
            if self.capacity_unit.is_empty() {
                v.error(
                    "capacity_unit",
                    crate::FieldErrorCode::Required,
                    "a capacity needs its unit",
                );
            }
        }
        if !self.capacity_unit.is_empty() {
            v.unit("capacity_unit", &self.capacity_unit, &[]);
        }
        if let Some(n) = self.employees {
            v.int_range("employees", n, 0, 10_000_000);
        }
    }
}

/// A quick or detailed assessment of one enterprise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Assessment {
    pub id: String,
    pub enterprise_id: String,
    pub programme_id: Option<String>,
    pub kind: AssessmentKind,
    /// 1 for the first CP cycle, 2 for the next, …
    pub cycle: i64,
    pub title: String,
    pub status: AssessmentStatus,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    #[serde(default)]
    pub consultant: String,
    pub baseline_start: Option<String>,
    pub baseline_end: Option<String>,
    /// Production in the baseline period, for specific consumption.
    pub production_volume: Option<f64>,
    #[serde(default)]
    pub production_unit: String,
    /// Discount rate as a fraction (0.10 = 10 %).
    pub discount_rate: f64,
    /// Default economic life of options, years.
    pub life_years: i64,
    /// Corporate income tax as a fraction, 0 when not applied.
    pub tax_rate: f64,
    /// Data year of the Vietnam grid emission factor used for electricity.
    pub grid_ef_year: Option<i64>,
    /// A custom grid factor in tCO2/MWh, used instead of the year's factor.
    pub custom_grid_ef: Option<f64>,
    #[serde(default)]
    pub custom_grid_ef_source: String,
    /// Sector checklists chosen for the walk-through, by file code (e.g. `pottery_kiln`).
    #[serde(default)]
    pub checklists: Vec<String>,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub focus_recommendation: String,
    #[serde(default)]
    pub next_steps: String,
    /// How the enterprise keeps CP going (NV17): responsibilities, procedures, training,
    /// incentives.
    #[serde(default)]
    pub sustaining_measures: String,
    /// The criteria of the weighted selection of options (NV13), with their weights in %
    /// (together 100 %).
    #[serde(default)]
    pub selection_criteria: Vec<SelectionCriterion>,
}

/// A criterion of the weighted selection of options (NV13), e.g. "Hiệu quả kinh tế" 40 %.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SelectionCriterion {
    /// A stable key that options' scores refer to (a name may be edited).
    pub id: String,
    pub name: String,
    /// Weight in % (the weights of an assessment add up to 100).
    pub weight: f64,
}

/// Checks the selection criteria: each named once with a weight 0–100 %, together 100 %.
fn selection_criteria(v: &mut Validator, criteria: &[SelectionCriterion]) {
    for (i, c) in criteria.iter().enumerate() {
        v.nested(&format!("selection_criteria[{i}]."), |v| {
            v.required_name("id", &c.id);
            v.required_name("name", &c.name);
            v.range("weight", c.weight, 0.0, 100.0);
        });
        if criteria[..i].iter().any(|o| o.id == c.id) {
            v.error(
                &format!("selection_criteria[{i}].id"),
                crate::FieldErrorCode::Duplicate,
                "two criteria have the same key",
            );
        }
    }
    let sum: f64 = criteria.iter().map(|c| c.weight).sum();
    if !criteria.is_empty() && sum.is_finite() && (sum - 100.0).abs() > 0.01 {
        // Every weight cell says so: any of them may be the one to change.
        for i in 0..criteria.len() {
            v.error(
                &format!("selection_criteria[{i}].weight"),
                crate::FieldErrorCode::WeightsSum,
                format!(
                    "the weights add up to {} %, not 100 %",
                    (sum * 100.0).round() / 100.0
                ),
            );
        }
    }
}

impl Validate for Assessment {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("enterprise_id", &self.enterprise_id);
        v.opt_id("programme_id", &self.programme_id);
        v.int_range("cycle", self.cycle, 1, 100);
        v.required_name("title", &self.title);
        v.period("start_date", &self.start_date, "end_date", &self.end_date);
        v.name("consultant", &self.consultant);
        v.period(
            "baseline_start",
            &self.baseline_start,
            "baseline_end",
            &self.baseline_end,
        );
        if let Some(p) = self.production_volume {
            v.non_negative("production_volume", p);
            if self.production_unit.is_empty() {
                v.error(
                    "production_unit",
                    crate::FieldErrorCode::Required,
                    "a production volume needs its unit",
                );
            }
        }
        if !self.production_unit.is_empty() {
            v.unit("production_unit", &self.production_unit, &[]);
        }
        v.range("discount_rate", self.discount_rate, 0.0, 1.0);
        v.int_range("life_years", self.life_years, 1, 50);
        v.range("tax_rate", self.tax_rate, 0.0, 1.0);
        if let Some(y) = self.grid_ef_year {
            v.int_range("grid_ef_year", y, 2000, 2100);
        }
        if let Some(ef) = self.custom_grid_ef {
            v.range("custom_grid_ef", ef, 0.0, 5.0);
            if self.custom_grid_ef_source.trim().is_empty() {
                v.error(
                    "custom_grid_ef_source",
                    crate::FieldErrorCode::Required,
                    "a custom factor needs its source",
                );
            }
        }
        v.name("custom_grid_ef_source", &self.custom_grid_ef_source);
        for (i, c) in self.checklists.iter().enumerate() {
            v.name(&format!("checklists[{i}]"), c);
        }
        v.text("scope", &self.scope);
        v.text("focus_recommendation", &self.focus_recommendation);
        v.text("sustaining_measures", &self.sustaining_measures);
        selection_criteria(v, &self.selection_criteria);
        v.text("next_steps", &self.next_steps);
    }
}

/// A member of the CP team (NV1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TeamMember {
    pub id: String,
    pub assessment_id: String,
    pub name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub organisation: String,
}

impl Validate for TeamMember {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        v.required_name("name", &self.name);
        v.name("position", &self.position);
        v.name("role", &self.role);
        v.name("organisation", &self.organisation);
    }
}

/// A score of a process step against one focus-selection criterion (NV3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct FocusScore {
    pub criterion: String,
    pub weight: f64,
    pub score: f64,
}

/// A process step (NV2, NV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProcessStep {
    pub id: String,
    pub assessment_id: String,
    /// Position in the process, from 1.
    pub seq: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Chosen as the focus of the detailed assessment.
    #[serde(default)]
    pub is_focus: bool,
    #[serde(default)]
    pub focus_scores: Vec<FocusScore>,
    /// Change of the stock held in the step over the period, t (positive when stock built
    /// up): it enters the step's material balance.
    #[serde(default)]
    pub stock_change_t: Option<f64>,
}

impl Validate for ProcessStep {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        v.int_range("seq", self.seq, 1, 10_000);
        v.required_name("name", &self.name);
        v.text("description", &self.description);
        if let Some(s) = self.stock_change_t {
            v.finite("stock_change_t", s);
        }
        for (i, s) in self.focus_scores.iter().enumerate() {
            v.nested(&format!("focus_scores[{i}]."), |v| {
                v.required_name("criterion", &s.criterion);
                v.non_negative("weight", s.weight);
                v.non_negative("score", s.score);
            });
        }
    }
}

/// An input or output of a process step or of the whole site (NV2, NV5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Flow {
    pub id: String,
    pub assessment_id: String,
    /// The step it crosses; none for a site-level flow.
    pub step_id: Option<String>,
    pub direction: Direction,
    pub category: FlowCategory,
    pub name: String,
    pub quantity: f64,
    pub unit: String,
    pub period: Period,
    /// Price per unit, VND.
    pub unit_price_vnd: Option<i64>,
    /// Fuel code from the reference data when the category is fuel.
    #[serde(default)]
    pub fuel_code: String,
    pub source: DataSource,
    #[serde(default)]
    pub note: String,
    /// Grade of coal fines (`1_2`, `3_4`, `5_6`) whose MOIT TOE factor applies to an anthracite
    /// flow; empty: the default (grade 3–4).
    #[serde(default)]
    pub coal_grade: String,
}

impl Validate for Flow {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        v.opt_id("step_id", &self.step_id);
        v.required_name("name", &self.name);
        v.non_negative("quantity", self.quantity);
        let dims: &[Dimension] = match self.category {
            FlowCategory::Electricity => &[Dimension::Energy],
            FlowCategory::Water | FlowCategory::Wastewater => &[Dimension::Volume],
            _ => &[],
        };
        v.unit("unit", &self.unit, dims);
        if let Some(p) = self.unit_price_vnd {
            v.money("unit_price_vnd", p);
        }
        v.name("fuel_code", &self.fuel_code);
        if !self.coal_grade.is_empty() {
            v.code_in(
                "coal_grade",
                &self.coal_grade,
                &crate::calc::emissions::COAL_GRADES,
            );
        }
        v.text("note", &self.note);
    }
}

/// A waste stream and what it costs (NV6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct WasteStream {
    pub id: String,
    pub assessment_id: String,
    pub step_id: Option<String>,
    pub name: String,
    pub kind: WasteKind,
    pub quantity: f64,
    pub unit: String,
    pub period: Period,
    /// Value of the lost material per unit of the stream, VND.
    pub material_value_per_unit_vnd: Option<i64>,
    /// Energy embedded in the lost material per period, kWh.
    pub embedded_energy_kwh: Option<f64>,
    /// Water embedded per period, m³.
    pub embedded_water_m3: Option<f64>,
    /// Treatment, disposal and fees per period, VND.
    pub treatment_cost_vnd: Option<i64>,
    pub disposal_cost_vnd: Option<i64>,
    pub fees_vnd: Option<i64>,
    #[serde(default)]
    pub note: String,
}

impl Validate for WasteStream {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        v.opt_id("step_id", &self.step_id);
        v.required_name("name", &self.name);
        v.non_negative("quantity", self.quantity);
        v.unit("unit", &self.unit, &[]);
        for (f, x) in [
            (
                "material_value_per_unit_vnd",
                self.material_value_per_unit_vnd,
            ),
            ("treatment_cost_vnd", self.treatment_cost_vnd),
            ("disposal_cost_vnd", self.disposal_cost_vnd),
            ("fees_vnd", self.fees_vnd),
        ] {
            if let Some(x) = x {
                v.money(f, x);
            }
        }
        for (f, x) in [
            ("embedded_energy_kwh", self.embedded_energy_kwh),
            ("embedded_water_m3", self.embedded_water_m3),
        ] {
            if let Some(x) = x {
                v.non_negative(f, x);
            }
        }
        v.text("note", &self.note);
    }
}

/// A cause of a waste stream (NV7), by category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Cause {
    pub id: String,
    pub assessment_id: String,
    pub waste_stream_id: Option<String>,
    /// One of [`CAUSE_CODES`].
    pub category: String,
    pub description: String,
}

impl Validate for Cause {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        v.opt_id("waste_stream_id", &self.waste_stream_id);
        v.code_in("category", &self.category, &CAUSE_CODES);
        v.required_text("description", &self.description);
    }
}

/// One resource an option saves per year, with its price — or, marked `added`, one it uses
/// more of (the LPG of a coal-to-LPG kiln, the rice husk of a new boiler, a solar heater's pump
/// electricity): its cost counts against the savings and its energy and emissions are netted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ResourceSaving {
    pub resource: Resource,
    /// What is saved, e.g. "Than cám 4a".
    #[serde(default)]
    pub name: String,
    /// Fuel code from the reference data when the resource is a fuel.
    #[serde(default)]
    pub fuel_code: String,
    /// Quantity saved per year.
    pub quantity: f64,
    pub unit: String,
    /// Price per unit, VND; none when unknown. `4300000.0` reads as 4,300,000.
    #[serde(default, deserialize_with = "crate::calc::files::whole::opt")]
    pub unit_price_vnd: Option<i64>,
    /// True: the option uses this much more of the resource per year.
    #[serde(default)]
    pub added: bool,
    /// Grade of coal fines (`1_2`, `3_4`, `5_6`) whose MOIT TOE factor applies to an anthracite
    /// line; empty: the reference data's default (grade 3–4).
    #[serde(default)]
    pub coal_grade: String,
}

/// A cleaner-production option (NV8–NV13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CpOption {
    pub id: String,
    pub assessment_id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// CP technique codes, see [`TECHNIQUE_CODES`].
    pub techniques: Vec<String>,
    #[serde(default)]
    pub cause_ids: Vec<String>,
    #[serde(default)]
    pub waste_stream_ids: Vec<String>,
    pub screening: Option<Screening>,
    /// Why the option was screened so (NV9): a rejected option says why.
    #[serde(default)]
    pub screening_reason: String,
    #[serde(default)]
    pub technical_notes: String,
    /// Investment, VND; none when not known (payback, NPV and IRR are then not computable).
    pub investment_vnd: Option<i64>,
    #[serde(default)]
    pub savings: Vec<ResourceSaving>,
    /// Change in yearly operating cost, VND (positive = costs more).
    #[serde(default)]
    pub opex_change_vnd: i64,
    /// Economic life, years; none = the assessment's default.
    pub life_years: Option<i64>,
    /// Weighted score from option ranking.
    pub score: Option<f64>,
    #[serde(default)]
    pub selected: bool,
    pub status: ImplStatus,
    /// The checklist item whose "no" proposed this option, if any.
    #[serde(default)]
    pub source_item: String,
    /// An explicit cash-flow series, year 0..n, VND (investment, savings, a mid-life
    /// replacement, a salvage value, a grant): NPV, IRR and payback then come from it.
    #[serde(default)]
    pub cash_flows_vnd: Option<Vec<i64>>,
    /// The technical feasibility checklist (NV10): space, skills, supply, quality, safety,
    /// downtime, each at most once.
    #[serde(default)]
    pub technical_checks: Vec<TechnicalCheck>,
    /// Scores against the assessment's selection criteria (NV13), 0–10 each.
    #[serde(default)]
    pub selection_scores: Vec<CriterionScore>,
}

/// One point of an option's technical feasibility checklist (NV10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TechnicalCheck {
    /// One of [`TECHNICAL_CHECK_CODES`].
    pub criterion: String,
    pub state: CheckState,
    #[serde(default)]
    pub note: String,
}

/// An option's score against one selection criterion (NV13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CriterionScore {
    /// The [`SelectionCriterion::id`] scored.
    pub criterion_id: String,
    /// 0–[`MAX_SELECTION_SCORE`].
    pub score: f64,
}

impl Validate for CpOption {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        v.required_name("title", &self.title);
        v.text("description", &self.description);
        techniques(v, "techniques", &self.techniques);
        for (i, id) in self.cause_ids.iter().enumerate() {
            v.id(&format!("cause_ids[{i}]"), id);
        }
        for (i, id) in self.waste_stream_ids.iter().enumerate() {
            v.id(&format!("waste_stream_ids[{i}]"), id);
        }
        v.text("screening_reason", &self.screening_reason);
        v.text("technical_notes", &self.technical_notes);
        if let Some(i) = self.investment_vnd {
            v.money("investment_vnd", i);
        }
        for (i, s) in self.savings.iter().enumerate() {
            v.nested(&format!("savings[{i}]."), |v| {
                v.name("name", &s.name);
                v.name("fuel_code", &s.fuel_code);
                if !s.coal_grade.is_empty() {
                    v.code_in(
                        "coal_grade",
                        &s.coal_grade,
                        &crate::calc::emissions::COAL_GRADES,
                    );
                }
                v.non_negative("quantity", s.quantity);
                let dims: &[Dimension] = match s.resource {
                    Resource::Electricity => &[Dimension::Energy],
                    Resource::Water => &[Dimension::Volume],
                    Resource::Other => &[Dimension::Money],
                    _ => &[],
                };
                v.unit("unit", &s.unit, dims);
                if let Some(p) = s.unit_price_vnd {
                    v.money("unit_price_vnd", p);
                }
            });
        }
        v.int_range(
            "opex_change_vnd",
            self.opex_change_vnd,
            -999_999_999_999_999,
            999_999_999_999_999,
        );
        if let Some(l) = self.life_years {
            v.int_range("life_years", l, 1, 50);
        }
        if let Some(s) = self.score {
            v.finite("score", s);
        }
        v.name("source_item", &self.source_item);
        if let Some(flows) = &self.cash_flows_vnd {
            cash_flows(v, "cash_flows_vnd", flows);
        }
        for (i, c) in self.technical_checks.iter().enumerate() {
            v.nested(&format!("technical_checks[{i}]."), |v| {
                v.code_in("criterion", &c.criterion, &TECHNICAL_CHECK_CODES);
                v.text("note", &c.note);
            });
            if self.technical_checks[..i]
                .iter()
                .any(|o| o.criterion == c.criterion)
            {
                v.error(
                    &format!("technical_checks[{i}].criterion"),
                    crate::FieldErrorCode::Duplicate,
                    "a checklist point is answered twice",
                );
            }
        }
        for (i, s) in self.selection_scores.iter().enumerate() {
            v.nested(&format!("selection_scores[{i}]."), |v| {
                v.required_name("criterion_id", &s.criterion_id);
                v.range("score", s.score, 0.0, MAX_SELECTION_SCORE);
            });
            if self.selection_scores[..i]
                .iter()
                .any(|o| o.criterion_id == s.criterion_id)
            {
                v.error(
                    &format!("selection_scores[{i}].criterion_id"),
                    crate::FieldErrorCode::Duplicate,
                    "a criterion is scored twice",
                );
            }
        }
    }
}

/// A cash-flow series: year 0 and 1 to 100 years after it, each a VND amount in range.
pub fn cash_flows(v: &mut Validator, field: &str, flows: &[i64]) {
    let most = crate::calc::econ::MAX_CASH_FLOW_YEARS;
    if !(2..=most + 1).contains(&flows.len()) {
        v.error(
            field,
            crate::FieldErrorCode::OutOfRange,
            format!(
                "a cash-flow series covers year 0 and 1 to {most} years after it (here {} values)",
                flows.len()
            ),
        );
    }
    for (t, cf) in flows.iter().enumerate() {
        v.int_range(
            &format!("{field}[{t}]"),
            *cf,
            -999_999_999_999_999,
            999_999_999_999_999,
        );
    }
}

/// An action of the implementation plan (NV14–NV15).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Action {
    pub id: String,
    pub assessment_id: String,
    pub option_id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub owner: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub budget_vnd: Option<i64>,
    pub status: ImplStatus,
}

impl Validate for Action {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        v.opt_id("option_id", &self.option_id);
        v.required_name("title", &self.title);
        v.name("owner", &self.owner);
        v.period("start_date", &self.start_date, "end_date", &self.end_date);
        if let Some(b) = self.budget_vnd {
            v.money("budget_vnd", b);
        }
    }
}

/// A monitored indicator before and after an option (NV16).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct MonitoringRecord {
    pub id: String,
    pub assessment_id: String,
    pub option_id: Option<String>,
    pub indicator: String,
    pub unit: String,
    pub baseline: f64,
    pub after: f64,
    pub period: Period,
    #[serde(default)]
    pub note: String,
    /// Production of the period after, in the denominator unit of a ratio indicator (`t` of
    /// `kWh/t`): the realised saving is `(baseline − after) × production_after`.
    #[serde(default)]
    pub production_after: Option<f64>,
}

impl Validate for MonitoringRecord {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        v.opt_id("option_id", &self.option_id);
        v.required_name("indicator", &self.indicator);
        v.unit_or_ratio("unit", &self.unit);
        v.non_negative("baseline", self.baseline);
        v.non_negative("after", self.after);
        if let Some(p) = self.production_after {
            v.non_negative("production_after", p);
        }
        v.text("note", &self.note);
    }
}

/// An answer to one checklist item of the walk-through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ChecklistResponse {
    pub id: String,
    pub assessment_id: String,
    /// Checklist item code, e.g. `PK-FI-03`.
    pub item_code: String,
    /// `None` while the item is not answered yet (a note or a photo may come first).
    pub answer: Option<Answer>,
    #[serde(default)]
    pub note: String,
    /// A measured reading when the item asks for one.
    pub reading: Option<f64>,
    #[serde(default)]
    pub reading_unit: String,
    /// The quick-win option created from a "no".
    pub option_id: Option<String>,
}

impl Validate for ChecklistResponse {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        v.required_name("item_code", &self.item_code);
        v.text("note", &self.note);
        if let Some(r) = self.reading {
            v.finite("reading", r);
        }
        v.name("reading_unit", &self.reading_unit);
        v.opt_id("option_id", &self.option_id);
    }
}

/// The stages of the quick assessment, in order (the UI's A–F).
pub const QUICK_STAGES: [&str; 6] = ["profile", "walk", "flows", "options", "focus", "report"];
/// The tasks of the detailed assessment, in order (methodology.json keeps these ids).
pub const DETAILED_TASKS: [&str; 18] = [
    "NV1", "NV2", "NV3", "NV4", "NV5", "NV6", "NV7", "NV8", "NV9", "NV10", "NV11", "NV12", "NV13",
    "NV14", "NV15", "NV16", "NV17", "NV18",
];

/// The consultant's mark on one stage (quick) or task (detailed) of an assessment. A stage
/// without a mark has not been marked. Two devices may each mark the same stage offline: the
/// newest mark of a stage counts (see [`crate::progress`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct StageMark {
    pub id: String,
    pub assessment_id: String,
    /// A [`QUICK_STAGES`] or [`DETAILED_TASKS`] code.
    pub stage: String,
    pub state: StageState,
    /// Why a stage is not applicable (required then).
    #[serde(default)]
    pub reason: String,
}

impl Validate for StageMark {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        let codes: Vec<&str> = QUICK_STAGES
            .iter()
            .chain(&DETAILED_TASKS)
            .copied()
            .collect();
        v.code_in("stage", &self.stage, &codes);
        if self.state == StageState::NotApplicable {
            v.required_text("reason", &self.reason);
        } else {
            v.text("reason", &self.reason);
        }
    }
}

/// One review of an assessment by the programme office (the portal's "Duyệt"): made on the
/// office server only, never changed after (a new decision is a new review), and synced to the
/// consultants' devices, whose app shows the latest one with its comment. The latest review
/// (by `reviewed_at`, then id) is the assessment's review state ([`latest_review`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Review {
    pub id: String,
    pub assessment_id: String,
    pub state: ReviewState,
    /// What the consultant must add or change (required unless approved).
    #[serde(default)]
    pub comment: String,
    /// The reviewer's name as the office shows it.
    #[serde(default)]
    pub reviewer: String,
    /// When the office decided (RFC 3339, the server's clock).
    pub reviewed_at: String,
}

impl Validate for Review {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        if self.state == ReviewState::Approved {
            v.text("comment", &self.comment);
        } else {
            v.required_text("comment", &self.comment);
        }
        v.name("reviewer", &self.reviewer);
        if chrono::DateTime::parse_from_rfc3339(&self.reviewed_at).is_err() {
            v.error(
                "reviewed_at",
                crate::FieldErrorCode::InvalidDate,
                "must be a time in RFC 3339",
            );
        }
    }
}

/// The review that decides an assessment's state: the latest of `reviews` (by `reviewed_at`,
/// then id); `None`: not reviewed yet ("mới nhận").
pub fn latest_review<'a>(reviews: impl IntoIterator<Item = &'a Review>) -> Option<&'a Review> {
    reviews
        .into_iter()
        .max_by(|a, b| (&a.reviewed_at, &a.id).cmp(&(&b.reviewed_at, &b.id)))
}

/// Each reviewed assessment's review state: the state of its latest review among `reviews`.
pub fn review_states<'a>(
    reviews: impl IntoIterator<Item = &'a Review>,
) -> Vec<(String, ReviewState)> {
    let mut by: std::collections::BTreeMap<&str, Vec<&Review>> = Default::default();
    for r in reviews {
        by.entry(r.assessment_id.as_str()).or_default().push(r);
    }
    by.into_iter()
        .filter_map(|(aid, rs)| latest_review(rs).map(|r| (aid.to_string(), r.state)))
        .collect()
}

/// A training or awareness event of a programme (hội thảo, tập huấn): when, where, on what, by
/// whom, and who came. The office records it in the portal; the dashboard counts events,
/// attendees by role and the extension officers trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TrainingEvent {
    pub id: String,
    pub programme_id: Option<String>,
    pub date: String,
    pub topic: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub district: String,
    /// The trainers' names, as the office writes them.
    #[serde(default)]
    pub trainers: String,
    /// The attendance list.
    #[serde(default)]
    pub attendees: Vec<Attendee>,
    #[serde(default)]
    pub note: String,
}

impl TrainingEvent {
    /// How many lines of the attendance list have `role`.
    pub fn attendees_as(&self, role: AttendeeRole) -> usize {
        self.attendees.iter().filter(|a| a.role == role).count()
    }
}

/// One person on a training event's attendance list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Attendee {
    pub name: String,
    #[serde(default)]
    pub organisation: String,
    pub role: AttendeeRole,
}

/// Most attendees one event lists.
pub const MAX_ATTENDEES: usize = 2_000;

impl Validate for TrainingEvent {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.opt_id("programme_id", &self.programme_id);
        v.date("date", &self.date);
        v.required_name("topic", &self.topic);
        for (f, s) in [
            ("place", &self.place),
            ("province", &self.province),
            ("district", &self.district),
            ("trainers", &self.trainers),
        ] {
            v.name(f, s);
        }
        v.text("note", &self.note);
        if self.attendees.len() > MAX_ATTENDEES {
            v.limit_error(
                "attendees",
                crate::FieldErrorCode::OutOfRange,
                format!("at most {MAX_ATTENDEES} attendees"),
                None,
                Some(MAX_ATTENDEES as f64),
            );
            return;
        }
        for (i, a) in self.attendees.iter().enumerate() {
            v.required_name(&format!("attendees[{i}].name"), &a.name);
            v.name(&format!("attendees[{i}].organisation"), &a.organisation);
        }
    }
}

/// An awareness survey of one enterprise on a date: whether it knows the benefits of CP,
/// applies CP, or plans to. The latest survey of each enterprise feeds the "aware" and
/// "applying" shares of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AwarenessSurvey {
    pub id: String,
    pub enterprise_id: String,
    pub programme_id: Option<String>,
    pub survey_date: String,
    pub aware: bool,
    pub applying: bool,
    pub planning: bool,
    #[serde(default)]
    pub note: String,
}

impl Validate for AwarenessSurvey {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("enterprise_id", &self.enterprise_id);
        v.opt_id("programme_id", &self.programme_id);
        v.date("survey_date", &self.survey_date);
        v.text("note", &self.note);
    }
}

/// A case study the enterprise agreed to publish: the office records the consent (date, the
/// letter's reference) and a short account; the public page shows it with the assessment's
/// implemented options and savings as the engine computes them, once the office has approved
/// the assessment and publishes its programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CaseStudy {
    pub id: String,
    pub assessment_id: String,
    /// When the enterprise agreed.
    pub consent_date: String,
    /// The consent's reference (letter, minutes), as the office files it.
    #[serde(default)]
    pub consent_ref: String,
    /// What the enterprise did and gained, in a few sentences.
    pub summary: String,
}

impl Validate for CaseStudy {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        v.date("consent_date", &self.consent_date);
        v.name("consent_ref", &self.consent_ref);
        if self.summary.trim().is_empty() {
            v.error("summary", crate::FieldErrorCode::Required, "required");
        } else {
            v.text("summary", &self.summary);
        }
    }
}

/// One area of the office's list of administrative areas, named with the areas it is in (as
/// an enterprise names where it is: by names, compared without accents or case). The office
/// extends the list in its portal; its spellings name the areas of the tree that filters the
/// portal's pages, beside the places the enterprises give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AdminArea {
    pub id: String,
    pub level: AreaLevel,
    pub name: String,
    /// The province it is in (empty for a province).
    #[serde(default)]
    pub province: String,
    /// The district it is in, if any (empty for a province or a district, and for a commune
    /// or village straight under its province).
    #[serde(default)]
    pub district: String,
    /// The commune a craft village is in, if known.
    #[serde(default)]
    pub commune: String,
    /// The official code (Tổng cục Thống kê's), when the office keeps it.
    #[serde(default)]
    pub code: String,
}

impl Validate for AdminArea {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.required_name("name", &self.name);
        v.name("code", &self.code);
        let level = self.level;
        // What a level is in: a province in nothing; a district in a province; a commune in a
        // province (and maybe a district); a craft village in a province (and maybe more).
        if level == AreaLevel::Province {
            for (f, x) in [
                ("province", &self.province),
                ("district", &self.district),
                ("commune", &self.commune),
            ] {
                if !x.trim().is_empty() {
                    v.error(
                        f,
                        crate::FieldErrorCode::NotAllowed,
                        "a province is in no other area",
                    );
                }
            }
            return;
        }
        v.required_name("province", &self.province);
        if level == AreaLevel::District && !self.district.trim().is_empty() {
            v.error(
                "district",
                crate::FieldErrorCode::NotAllowed,
                "a district is in no district",
            );
        } else {
            v.name("district", &self.district);
        }
        if level != AreaLevel::CraftVillage && !self.commune.trim().is_empty() {
            v.error(
                "commune",
                crate::FieldErrorCode::NotAllowed,
                "only a craft village is in a commune",
            );
        } else {
            v.name("commune", &self.commune);
        }
    }
}

/// Support a programme gave an enterprise: a demonstration model, equipment, a loan (with its
/// lender) or advice, with its amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SupportRecord {
    pub id: String,
    pub enterprise_id: String,
    pub programme_id: Option<String>,
    pub kind: SupportKind,
    pub date: String,
    /// The amount of the support (the loan, the grant for equipment or the model), VND.
    pub amount_vnd: Option<i64>,
    /// Who lent (a loan's lender is required).
    #[serde(default)]
    pub lender: String,
    #[serde(default)]
    pub description: String,
}

impl Validate for SupportRecord {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("enterprise_id", &self.enterprise_id);
        v.opt_id("programme_id", &self.programme_id);
        v.date("date", &self.date);
        if let Some(a) = self.amount_vnd {
            v.money("amount_vnd", a);
        }
        if self.kind == SupportKind::Loan {
            v.required_name("lender", &self.lender);
        } else {
            v.name("lender", &self.lender);
        }
        v.text("description", &self.description);
    }
}

/// A free observation of the walk-through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Observation {
    pub id: String,
    pub assessment_id: String,
    #[serde(default)]
    pub area: String,
    pub text: String,
}

impl Validate for Observation {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        v.id("assessment_id", &self.assessment_id);
        v.name("area", &self.area);
        v.required_text("text", &self.text);
    }
}

/// Metadata of a file (photo, document); the bytes live in a file named by `sha256`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Attachment {
    pub id: String,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    pub mime: String,
    pub size: i64,
    #[serde(default)]
    pub caption: String,
    pub taken_at: Option<String>,
    /// The entity the file belongs to (`assessment`, `checklist_response`, `observation`, …).
    pub owner_entity: String,
    pub owner_id: String,
    /// The assessment the file belongs to, for export.
    pub assessment_id: Option<String>,
    #[serde(default)]
    pub original_name: String,
}

/// Entities that may own an attachment: the enterprise, the assessment and any row of its
/// worksheets.
pub const ATTACHMENT_OWNERS: [&str; 12] = [
    "enterprise",
    "assessment",
    "checklist_response",
    "observation",
    "option",
    "waste_stream",
    "monitoring_record",
    "team_member",
    "process_step",
    "flow",
    "cause",
    "action",
];

impl Validate for Attachment {
    fn check(&self, v: &mut Validator) {
        v.id("id", &self.id);
        if self.sha256.len() != 64
            || !self
                .sha256
                .bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        {
            v.error(
                "sha256",
                crate::FieldErrorCode::InvalidCode,
                "must be 64 lower-case hex digits",
            );
        }
        v.required_name("mime", &self.mime);
        v.int_range("size", self.size, 0, i64::MAX);
        v.name("caption", &self.caption);
        v.code_in("owner_entity", &self.owner_entity, &ATTACHMENT_OWNERS);
        v.id("owner_id", &self.owner_id);
        v.opt_id("assessment_id", &self.assessment_id);
        v.name("original_name", &self.original_name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldErrorCode;

    const ID: &str = "01890a5d-ac96-774b-bcce-b302099a8057";

    fn flow() -> Flow {
        Flow {
            id: ID.into(),
            assessment_id: ID.into(),
            step_id: None,
            direction: Direction::In,
            category: FlowCategory::Electricity,
            name: "Điện".into(),
            quantity: 1200.0,
            unit: "kWh".into(),
            period: Period::Month,
            unit_price_vnd: Some(1_900),
            fuel_code: String::new(),
            source: DataSource::Records,
            note: String::new(),
            coal_grade: String::new(),
        }
    }

    fn codes(e: crate::Result<()>) -> Vec<(String, FieldErrorCode)> {
        match e {
            Ok(()) => vec![],
            Err(crate::DomainError::Validation(errs)) => {
                errs.into_iter().map(|e| (e.field, e.code)).collect()
            }
            Err(e) => panic!("validation gives field errors, not {e}"),
        }
    }

    #[test]
    fn a_good_flow_validates() {
        assert_eq!(codes(flow().validate()), vec![]);
    }

    #[test]
    fn flow_field_errors_name_their_fields() {
        type Mutation = Box<dyn Fn(&mut Flow)>;
        let table: Vec<(Mutation, &str, FieldErrorCode)> = vec![
            (
                Box::new(|f| f.quantity = f64::NAN),
                "quantity",
                FieldErrorCode::NotFinite,
            ),
            (
                Box::new(|f| f.quantity = f64::NEG_INFINITY),
                "quantity",
                FieldErrorCode::NotFinite,
            ),
            (
                Box::new(|f| f.quantity = -3.0),
                "quantity",
                FieldErrorCode::Negative,
            ),
            (
                Box::new(|f| f.unit = "m3".into()),
                "unit",
                FieldErrorCode::WrongDimension,
            ),
            (
                Box::new(|f| f.unit = "bao".into()),
                "unit",
                FieldErrorCode::UnknownUnit,
            ),
            (
                Box::new(|f| f.name = " ".into()),
                "name",
                FieldErrorCode::Required,
            ),
            (
                Box::new(|f| f.note = "a".repeat(1 << 20)),
                "note",
                FieldErrorCode::TooLong,
            ),
            (
                Box::new(|f| f.unit_price_vnd = Some(-5)),
                "unit_price_vnd",
                FieldErrorCode::Negative,
            ),
            (
                Box::new(|f| f.step_id = Some("x".into())),
                "step_id",
                FieldErrorCode::InvalidId,
            ),
        ];
        for (mutate, field, code) in table {
            let mut f = flow();
            mutate(&mut f);
            assert_eq!(
                codes(f.validate()),
                vec![(field.to_string(), code)],
                "{field}"
            );
        }
    }

    #[test]
    fn option_savings_errors_are_nested() {
        let o = CpOption {
            id: ID.into(),
            assessment_id: ID.into(),
            title: "Thu hồi nhiệt".into(),
            description: String::new(),
            techniques: vec!["EM".into(), "XX".into()],
            cause_ids: vec![],
            waste_stream_ids: vec![],
            screening: None,
            technical_notes: String::new(),
            investment_vnd: Some(-1),
            savings: vec![ResourceSaving {
                resource: Resource::Water,
                name: "Nước".into(),
                fuel_code: String::new(),
                quantity: f64::INFINITY,
                unit: "kWh".into(),
                unit_price_vnd: None,
                added: false,
                coal_grade: String::new(),
            }],
            opex_change_vnd: 0,
            life_years: Some(0),
            score: None,
            selected: false,
            status: ImplStatus::NotStarted,
            source_item: String::new(),
            cash_flows_vnd: Some(vec![]),
            technical_checks: Vec::new(),
            selection_scores: Vec::new(),
            screening_reason: String::new(),
        };
        assert_eq!(
            codes(o.validate()),
            vec![
                ("techniques[1]".to_string(), FieldErrorCode::InvalidCode),
                ("investment_vnd".to_string(), FieldErrorCode::Negative),
                ("savings[0].quantity".to_string(), FieldErrorCode::NotFinite),
                (
                    "savings[0].unit".to_string(),
                    FieldErrorCode::WrongDimension
                ),
                ("life_years".to_string(), FieldErrorCode::OutOfRange),
                ("cash_flows_vnd".to_string(), FieldErrorCode::OutOfRange),
            ]
        );

        // A cash-flow series covers year 0 and 1 to 100 years; each value is a VND amount.
        let with = |flows: Vec<i64>| CpOption {
            techniques: vec!["EM".into()],
            investment_vnd: None,
            savings: vec![],
            life_years: None,
            cash_flows_vnd: Some(flows),
            ..o.clone()
        };
        assert_eq!(codes(with(vec![-600, 200]).validate()), vec![]);
        assert_eq!(codes(with(vec![-1; 101]).validate()), vec![]);
        assert_eq!(
            codes(with(vec![-1; 102]).validate()),
            vec![("cash_flows_vnd".to_string(), FieldErrorCode::OutOfRange)]
        );
        assert_eq!(
            codes(with(vec![-600]).validate()),
            vec![("cash_flows_vnd".to_string(), FieldErrorCode::OutOfRange)]
        );
        assert_eq!(
            codes(with(vec![-600, i64::MAX]).validate()),
            vec![("cash_flows_vnd[1]".to_string(), FieldErrorCode::OutOfRange)]
        );
    }

    /// Contacts, tax codes and periods as Vietnamese enterprises write them.
    #[test]
    fn contacts_tax_codes_and_periods_are_checked() {
        let check = |f: &dyn Fn(&mut Validator)| {
            let mut v = Validator::default();
            f(&mut v);
            v.errors().iter().map(|e| e.code).collect::<Vec<_>>()
        };
        for ok in ["", "0101234567", "0101234567-001", "0101234567001"] {
            assert_eq!(check(&|v| v.tax_code("t", ok)), vec![], "{ok}");
        }
        for bad in [
            "010123456",
            "01012345678",
            "0101234567-01",
            "MST0101234567",
            "0101 234 567",
        ] {
            assert_eq!(
                check(&|v| v.tax_code("t", bad)),
                vec![FieldErrorCode::InvalidTaxCode],
                "{bad}"
            );
        }
        for ok in [
            "",
            "0912 345 678",
            "+84 912 345 678",
            "(024) 3826 8888",
            "024.3826.8888",
        ] {
            assert_eq!(check(&|v| v.phone("p", ok)), vec![], "{ok}");
        }
        for bad in [
            "12345",
            "0912-345-678-999-111",
            "gọi anh Hà",
            "0912345678 máy lẻ 12",
        ] {
            assert_eq!(
                check(&|v| v.phone("p", bad)),
                vec![FieldErrorCode::InvalidPhone],
                "{bad}"
            );
        }
        for ok in ["", "ha.nguyen@kimlan.vn", "sxsh+office@moit.gov.vn"] {
            assert_eq!(check(&|v| v.email("e", ok)), vec![], "{ok}");
        }
        for bad in [
            "ha.nguyen",
            "@kimlan.vn",
            "ha@kimlan",
            "ha@@kimlan.vn",
            "ha @kimlan.vn",
            "ha@kimlan.",
        ] {
            assert_eq!(
                check(&|v| v.email("e", bad)),
                vec![FieldErrorCode::InvalidEmail],
                "{bad}"
            );
        }
        let d = |s: &str| Some(s.to_string());
        assert_eq!(
            check(&|v| v.period("s", &d("2026-03-01"), "e", &d("2026-03-01"))),
            vec![]
        );
        assert_eq!(
            check(&|v| v.period("s", &d("2026-03-01"), "e", &None)),
            vec![]
        );
        assert_eq!(
            check(&|v| v.period("s", &d("2026-03-10"), "e", &d("2026-03-01"))),
            vec![FieldErrorCode::EndBeforeStart]
        );
        // A bad date is said once, as such, not also as a period.
        assert_eq!(
            check(&|v| v.period("s", &d("2026-13-10"), "e", &d("2026-03-01"))),
            vec![FieldErrorCode::InvalidDate]
        );
    }

    #[test]
    fn code_enums_round_trip() {
        for k in FlowCategory::ALL {
            assert_eq!(FlowCategory::parse(k.code()), Some(*k));
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::String(k.code().into())
            );
        }
    }
}
