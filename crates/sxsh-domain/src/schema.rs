//! The one declaration of every synced entity: its name, table, columns, parents and the fields
//! fixed at creation. The device store generates its tables' code from it (`sxsh-store`'s
//! registry) and the office server reads [`ENTITIES`] to check the ops it receives, so a new
//! entity or field is written here once.

/// Schema version of the synced entities: the device store's migration count, carried by every
/// op. A receiver refuses ops of a newer version (`sxsh-store` checks that the two agree).
pub const SCHEMA_VERSION: i64 = 12;

/// How a column holds its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text, integer, real or null.
    Plain,
    /// `true` / `false`.
    Bool,
    /// An array or object.
    Json,
}

/// One synced entity as the schema declares it.
#[derive(Debug)]
pub struct EntitySchema {
    /// Name used in ops and the UI (`flow`).
    pub entity: &'static str,
    /// Table name on the device (`flows`).
    pub table: &'static str,
    /// Data columns, `id` first.
    pub columns: &'static [(&'static str, ColumnKind)],
    /// `(column, parent entity)` for each reference to another entity.
    pub parents: &'static [(&'static str, &'static str)],
    /// Fields that never change after the row is made.
    pub fixed: &'static [&'static str],
    /// Validates a whole row (every data column) as the entity's model type does.
    pub check: fn(&serde_json::Map<String, serde_json::Value>) -> Result<(), String>,
}

/// Reads a whole row as `T` and validates it; the first reason it is refused.
pub fn check_row<T: serde::de::DeserializeOwned + crate::validate::Validate>(
    row: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), String> {
    // Read from the borrowed map (a push checks every new row: no copy of it is made).
    let value = T::deserialize(row).map_err(|e| e.to_string())?;
    value.validate().map_err(|e| e.to_string())
}

impl EntitySchema {
    /// The kind of a data column, `None` when the entity has no such column.
    pub fn column(&self, name: &str) -> Option<ColumnKind> {
        self.columns
            .iter()
            .find(|(c, _)| *c == name)
            .map(|(_, k)| *k)
    }
}

/// Calls back `$cb! { ($args) <declaration> }` with the declaration of every entity, parents
/// before their children. Each entry reads
/// `Type = "entity" in table [columns] parents [column -> Type] fixed [columns];` where a
/// column may say `: json` or `: bool`.
#[doc(hidden)]
#[macro_export]
macro_rules! __entities_decl {
    (@decl [$($cb:tt)*] ($($args:tt)*)) => {
        $($cb)*! { ($($args)*)
            Programme = "programme" in programmes [id, name, funder, office, province, period_start, period_end, targets: json, public: bool];
            Enterprise = "enterprise" in enterprises [id, kind, name, tax_code, address, province, district, commune, craft_village, sector, main_products, design_capacity, capacity_unit, employees, contact_name, contact_phone, contact_email];
            Assessment = "assessment" in assessments [id, enterprise_id, programme_id, kind, cycle, title, status, start_date, end_date, consultant, baseline_start, baseline_end, production_volume, production_unit, discount_rate, life_years, tax_rate, grid_ef_year, custom_grid_ef, custom_grid_ef_source, checklists: json, scope, focus_recommendation, next_steps, sustaining_measures, selection_criteria: json]
                parents [enterprise_id -> Enterprise, programme_id -> Programme];
            TeamMember = "team_member" in team_members [id, assessment_id, name, position, role, organisation]
                parents [assessment_id -> Assessment];
            ProcessStep = "process_step" in process_steps [id, assessment_id, seq, name, description, is_focus: bool, focus_scores: json, stock_change_t]
                parents [assessment_id -> Assessment];
            WasteStream = "waste_stream" in waste_streams [id, assessment_id, step_id, name, kind, quantity, unit, period, material_value_per_unit_vnd, embedded_energy_kwh, embedded_water_m3, treatment_cost_vnd, disposal_cost_vnd, fees_vnd, note]
                parents [assessment_id -> Assessment, step_id -> ProcessStep];
            Cause = "cause" in causes [id, assessment_id, waste_stream_id, category, description]
                parents [assessment_id -> Assessment, waste_stream_id -> WasteStream];
            CpOption = "option" in options [id, assessment_id, title, description, techniques: json, cause_ids: json, waste_stream_ids: json, screening, screening_reason, technical_notes, investment_vnd, savings: json, opex_change_vnd, life_years, score, selected: bool, status, source_item, cash_flows_vnd: json, technical_checks: json, selection_scores: json]
                parents [assessment_id -> Assessment];
            Flow = "flow" in flows [id, assessment_id, step_id, direction, category, name, quantity, unit, period, unit_price_vnd, fuel_code, source, note, coal_grade]
                parents [assessment_id -> Assessment, step_id -> ProcessStep];
            Action = "action" in actions [id, assessment_id, option_id, title, owner, start_date, end_date, budget_vnd, status]
                parents [assessment_id -> Assessment, option_id -> CpOption];
            MonitoringRecord = "monitoring_record" in monitoring_records [id, assessment_id, option_id, indicator, unit, baseline, after, period, note, production_after]
                parents [assessment_id -> Assessment, option_id -> CpOption];
            ChecklistResponse = "checklist_response" in checklist_responses [id, assessment_id, item_code, answer, note, reading, reading_unit, option_id]
                parents [assessment_id -> Assessment, option_id -> CpOption];
            Observation = "observation" in observations [id, assessment_id, area, text]
                parents [assessment_id -> Assessment];
            StageMark = "stage_mark" in stage_marks [id, assessment_id, stage, state, reason]
                parents [assessment_id -> Assessment];
            Review = "review" in reviews [id, assessment_id, state, comment, reviewer, reviewed_at]
                parents [assessment_id -> Assessment]
                fixed [assessment_id, state, comment, reviewer, reviewed_at];
            TrainingEvent = "training_event" in training_events [id, programme_id, date, topic, place, province, district, trainers, attendees: json, note]
                parents [programme_id -> Programme];
            AwarenessSurvey = "awareness_survey" in awareness_surveys [id, enterprise_id, programme_id, survey_date, aware: bool, applying: bool, planning: bool, note]
                parents [enterprise_id -> Enterprise, programme_id -> Programme];
            SupportRecord = "support_record" in support_records [id, enterprise_id, programme_id, kind, date, amount_vnd, lender, description]
                parents [enterprise_id -> Enterprise, programme_id -> Programme];
            CaseStudy = "case_study" in case_studies [id, assessment_id, consent_date, consent_ref, summary]
                parents [assessment_id -> Assessment];
            AdminArea = "admin_area" in admin_areas [id, level, name, province, district, commune, code];
            Attachment = "attachment" in attachments [id, sha256, mime, size, caption, taken_at, owner_entity, owner_id, assessment_id, original_name]
                parents [assessment_id -> Assessment]
                fixed [sha256, owner_entity, owner_id];
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __column_kind {
    () => {
        $crate::schema::ColumnKind::Plain
    };
    (json) => {
        $crate::schema::ColumnKind::Json
    };
    (bool) => {
        $crate::schema::ColumnKind::Bool
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __schema {
    (()
     $($t:ident = $e:literal in $tb:ident [$($col:ident $(: $kind:ident)?),* $(,)?]
       $(parents [$($pc:ident -> $pt:ident),* $(,)?])? $(fixed [$($fx:ident),* $(,)?])? ;)*) => {
        // The entity name of a model type's name (for the parents).
        macro_rules! entity_name_of {
            $(($t) => { $e };)*
        }

        /// Every synced entity, parents before their children.
        pub static ENTITIES: &[EntitySchema] = &[$(EntitySchema {
            entity: $e,
            table: stringify!($tb),
            columns: &[$((stringify!($col), $crate::__column_kind!($($kind)?))),*],
            parents: &[$($((stringify!($pc), entity_name_of!($pt))),*)?],
            fixed: &[$($(stringify!($fx)),*)?],
            check: $crate::schema::check_row::<$crate::model::$t>,
        }),*];
    };
}

__entities_decl!(@decl [crate::__schema] ());

/// Entities only the programme office makes (on its server, in the portal) and devices only
/// receive: the office's reviews of assessments, its records of training events, awareness
/// surveys and support, its list of administrative areas, and the case studies enterprises
/// agreed to publish. A device's app never creates, changes or deletes one (a
/// deleted assessment leaves its reviews as they are), and the server takes their ops from
/// its admins only.
pub const OFFICE_ONLY: &[&str] = &[
    "review",
    "training_event",
    "awareness_survey",
    "support_record",
    "admin_area",
    "case_study",
];

/// Whether `entity` is one of [`OFFICE_ONLY`].
pub fn office_only(entity: &str) -> bool {
    OFFICE_ONLY.contains(&entity)
}

/// The entity with this name.
pub fn entity(name: &str) -> Option<&'static EntitySchema> {
    ENTITIES.iter().find(|d| d.entity == name)
}

/// Position of an entity in [`ENTITIES`]: a parent always comes before its children, so ops
/// sorted by rank apply parents first. Unknown entities come last.
pub fn rank(name: &str) -> usize {
    ENTITIES
        .iter()
        .position(|d| d.entity == name)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_before_their_children_and_every_entity_has_an_id_first() {
        for (i, d) in ENTITIES.iter().enumerate() {
            assert_eq!(d.columns[0].0, "id", "{}", d.entity);
            for (column, parent) in d.parents {
                assert!(d.column(column).is_some(), "{}.{column}", d.entity);
                assert!(rank(parent) < i, "{parent} before {}", d.entity);
            }
            for f in d.fixed {
                assert!(d.column(f).is_some(), "{}.{f}", d.entity);
            }
        }
        assert_eq!(
            entity("flow").unwrap().column("quantity"),
            Some(ColumnKind::Plain)
        );
        assert_eq!(
            entity("option").unwrap().column("savings"),
            Some(ColumnKind::Json)
        );
        assert!(entity("nope").is_none() && rank("nope") == usize::MAX);
    }
}
