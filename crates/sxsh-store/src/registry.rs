//! Every synced entity, listed once: name, table, columns, parents and the check of a whole row.
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

/// Calls the macro `$cb` (exported from this crate) with its own arguments, then `;` and every
/// synced entity type, parents before children. This is the one list of synced entities: the
/// registry ([`ENTITIES`]) and the dispatch by name ([`crate::with_entity!`]) are made from it.
#[doc(hidden)]
#[macro_export]
macro_rules! __entities {
    ($cb:ident ! ($($args:tt)*)) => {
        $crate::$cb! {$($args)* ;
            Programme,
            Enterprise,
            Assessment,
            TeamMember,
            ProcessStep,
            WasteStream,
            Cause,
            CpOption,
            Flow,
            Action,
            MonitoringRecord,
            ChecklistResponse,
            Observation,
            Attachment
        }
    };
}

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
