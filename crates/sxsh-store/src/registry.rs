//! Every synced entity, declared once (see [`__entities!`]): name, table, columns, parents and the
//! check of a whole row.
//! The generic write path of remote ops ([`crate::WriteTx::apply_remote`]) finds entities here by
//! the name an op carries.

use crate::error::{Result, StoreError};
use crate::table::{Col, Parent, Table};
use serde_json::{Map, Value};
use sxsh_domain::model::*;

/// One synced entity.
#[derive(Debug)]
pub struct EntityDef {
    pub entity: &'static str,
    pub table: &'static str,
    pub columns: &'static [Col],
    pub parents: &'static [Parent],
    /// Decodes a whole row given as its JSON fields and validates it.
    pub check: fn(&Map<String, Value>) -> Result<()>,
    /// The live row with this id as its JSON form (`Stored`, with its versions), if there is one.
    pub load: fn(&rusqlite::Connection, &str) -> Result<Option<Value>>,
}

fn load_as<T: Table>(conn: &rusqlite::Connection, id: &str) -> Result<Option<Value>> {
    crate::table::get_live::<T>(conn, id)?
        .map(|row| serde_json::to_value(row).map_err(|e| StoreError::Decode(e.to_string())))
        .transpose()
}

fn check_as<T: Table>(fields: &Map<String, Value>) -> Result<()> {
    let row: T = serde_json::from_value(Value::Object(fields.clone()))
        .map_err(|e| StoreError::Decode(format!("{}: {e}", T::ENTITY)))?;
    row.validate()?;
    Ok(())
}

/// The one declaration of every synced entity, parents before children: its type, entity
/// name, SQL table, data columns (`id` first; names equal the serde field names; a column is
/// plain unless marked `json` or `bool`), references checked before every write (`parents`,
/// each a column and the entity it names) and the columns an import may never change (`fixed`).
/// From it come each entity's [`Table`] implementation, the registry ([`ENTITIES`]) and the
/// dispatch by name ([`crate::with_entity!`]).
///
/// `__entities!(@decl $cb (args))` calls `$cb!((args) declarations…)`;
/// `__entities!($cb!(args))` calls `$cb!(args ; Type, Type, …)` with the types only.
#[doc(hidden)]
#[macro_export]
macro_rules! __entities {
    (@decl $cb:ident ($($args:tt)*)) => {
        $crate::$cb! { ($($args)*)
            Programme = "programme" in "programmes" [id, name, funder, office, province, period_start, period_end, targets: json];
            Enterprise = "enterprise" in "enterprises" [id, kind, name, tax_code, address, province, district, commune, craft_village, sector, main_products, design_capacity, capacity_unit, employees, contact_name, contact_phone, contact_email];
            Assessment = "assessment" in "assessments" [id, enterprise_id, programme_id, kind, cycle, title, status, start_date, end_date, consultant, baseline_start, baseline_end, production_volume, production_unit, discount_rate, life_years, tax_rate, grid_ef_year, custom_grid_ef, custom_grid_ef_source, checklists: json, scope, focus_recommendation, next_steps]
                parents [enterprise_id -> Enterprise, programme_id -> Programme];
            TeamMember = "team_member" in "team_members" [id, assessment_id, name, position, role, organisation]
                parents [assessment_id -> Assessment];
            ProcessStep = "process_step" in "process_steps" [id, assessment_id, seq, name, description, is_focus: bool, focus_scores: json]
                parents [assessment_id -> Assessment];
            WasteStream = "waste_stream" in "waste_streams" [id, assessment_id, step_id, name, kind, quantity, unit, period, material_value_per_unit_vnd, embedded_energy_kwh, embedded_water_m3, treatment_cost_vnd, disposal_cost_vnd, fees_vnd, note]
                parents [assessment_id -> Assessment, step_id -> ProcessStep];
            Cause = "cause" in "causes" [id, assessment_id, waste_stream_id, category, description]
                parents [assessment_id -> Assessment, waste_stream_id -> WasteStream];
            CpOption = "option" in "options" [id, assessment_id, title, description, techniques: json, cause_ids: json, waste_stream_ids: json, screening, technical_notes, investment_vnd, savings: json, opex_change_vnd, life_years, score, selected: bool, status, source_item]
                parents [assessment_id -> Assessment];
            Flow = "flow" in "flows" [id, assessment_id, step_id, direction, category, name, quantity, unit, period, unit_price_vnd, fuel_code, source, note]
                parents [assessment_id -> Assessment, step_id -> ProcessStep];
            Action = "action" in "actions" [id, assessment_id, option_id, title, owner, start_date, end_date, budget_vnd, status]
                parents [assessment_id -> Assessment, option_id -> CpOption];
            MonitoringRecord = "monitoring_record" in "monitoring_records" [id, assessment_id, option_id, indicator, unit, baseline, after, period, note]
                parents [assessment_id -> Assessment, option_id -> CpOption];
            ChecklistResponse = "checklist_response" in "checklist_responses" [id, assessment_id, item_code, answer, note, reading, reading_unit, option_id]
                parents [assessment_id -> Assessment, option_id -> CpOption];
            Observation = "observation" in "observations" [id, assessment_id, area, text]
                parents [assessment_id -> Assessment];
            Attachment = "attachment" in "attachments" [id, sha256, mime, size, caption, taken_at, owner_entity, owner_id, assessment_id, original_name]
                parents [assessment_id -> Assessment]
                fixed [sha256, owner_entity, owner_id];
        }
    };
    ($cb:ident ! ($($args:tt)*)) => {
        $crate::__entities!(@decl __entity_types ($cb ($($args)*)));
    };
}

/// Strips the declarations of [`__entities!`] down to the entity types for `$cb`.
#[doc(hidden)]
#[macro_export]
macro_rules! __entity_types {
    (($cb:ident ($($args:tt)*))
     $($t:ident = $e:literal in $tb:literal [$($cols:tt)*]
       $(parents [$($ps:tt)*])? $(fixed [$($fs:tt)*])? ;)*) => {
        $crate::$cb! { $($args)* ; $($t),* }
    };
}

/// The kind of a declared column: plain unless marked.
#[doc(hidden)]
#[macro_export]
macro_rules! __col_kind {
    () => {
        $crate::table::ColKind::Plain
    };
    (json) => {
        $crate::table::ColKind::Json
    };
    (bool) => {
        $crate::table::ColKind::Bool
    };
}

/// Implements [`Table`] for every declared entity.
#[doc(hidden)]
#[macro_export]
macro_rules! __tables {
    (()
     $($t:ident = $e:literal in $tb:literal [$($col:ident $(: $kind:ident)?),* $(,)?]
       $(parents [$($pc:ident -> $pt:ident),* $(,)?])? $(fixed [$($fx:ident),* $(,)?])? ;)*) => {
        $(impl $crate::table::Table for $crate::model::$t {
            const TABLE: &'static str = $tb;
            const ENTITY: &'static str = $e;
            const COLUMNS: &'static [$crate::table::Col] =
                &[$($crate::table::Col(stringify!($col), $crate::__col_kind!($($kind)?))),*];
            const PARENTS: &'static [$crate::table::Parent] = &[$($($crate::table::Parent {
                column: stringify!($pc),
                table: <$crate::model::$pt as $crate::table::Table>::TABLE,
                entity: <$crate::model::$pt as $crate::table::Table>::ENTITY,
            }),*)?];
            const FIXED: &'static [&'static str] = &[$($(stringify!($fx)),*)?];

            fn id(&self) -> &str {
                &self.id
            }
        })*
    };
}

__entities!(@decl __tables ());

#[doc(hidden)]
#[macro_export]
macro_rules! __registry {
    (; $($t:ident),*) => {
        /// Every synced entity, parents before children.
        pub static ENTITIES: &[EntityDef] = &[$(EntityDef {
            entity: <$t as Table>::ENTITY,
            table: <$t as Table>::TABLE,
            columns: <$t as Table>::COLUMNS,
            parents: <$t as Table>::PARENTS,
            check: check_as::<$t>,
            load: load_as::<$t>,
        }),*];
    };
}

__entities!(__registry!());

/// Runs `$body` with `$t` the entity type named `$name` (an entity name such as `"flow"`), or
/// `$other` when no synced entity has that name:
/// `with_entity!(name, T => api.get::<T>(id), else Err(unknown))`.
#[macro_export]
macro_rules! with_entity {
    ($name:expr, $t:ident => $body:expr, else $other:expr) => {{
        let name: &str = $name;
        $crate::__entities!(__with_entity!(name, $t, $body, $other))
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __with_entity {
    ($n:ident, $t:ident, $body:expr, $other:expr; $($ty:ident),*) => {
        $(if $n == <$crate::model::$ty as $crate::Table>::ENTITY {
            type $t = $crate::model::$ty;
            $body
        } else)* {
            $other
        }
    };
}

/// The entity with this name.
pub fn by_name(entity: &str) -> Option<&'static EntityDef> {
    ENTITIES.iter().find(|d| d.entity == entity)
}

/// Position of an entity in [`ENTITIES`]: a parent always comes before its children, so ops
/// sorted by rank apply parents first.
pub fn rank(entity: &str) -> usize {
    ENTITIES
        .iter()
        .position(|d| d.entity == entity)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_before_their_children() {
        for (i, d) in ENTITIES.iter().enumerate() {
            for p in d.parents {
                let parent = ENTITIES.iter().position(|e| e.table == p.table).unwrap();
                assert!(parent < i, "{} before {}", p.table, d.entity);
            }
        }
    }
}
