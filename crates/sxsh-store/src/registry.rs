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
}

fn check_as<T: Table>(fields: &Map<String, Value>) -> Result<()> {
    let row: T = serde_json::from_value(Value::Object(fields.clone()))
        .map_err(|e| StoreError::Decode(format!("{}: {e}", T::ENTITY)))?;
    row.validate()?;
    Ok(())
}

macro_rules! registry {
    ($($t:ty),* $(,)?) => {
        /// Every synced entity, parents before children.
        pub static ENTITIES: &[EntityDef] = &[$(EntityDef {
            entity: <$t as Table>::ENTITY,
            table: <$t as Table>::TABLE,
            columns: <$t as Table>::COLUMNS,
            parents: <$t as Table>::PARENTS,
            check: check_as::<$t>,
        }),*];
    };
}

registry!(
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
    Attachment,
);

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
