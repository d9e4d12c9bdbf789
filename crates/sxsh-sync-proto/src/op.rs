//! The change op: the one form in which a synced row changes, on this device or another.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What an op does to its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    /// Creates the row or changes some of its fields.
    Upsert,
    /// Marks the row deleted (a tombstone: the field `deleted` becomes true; never expires).
    Delete,
    /// Brings a deleted row back (`deleted` becomes false).
    Restore,
}

/// One change of one row. Every field in `fields` takes the version `hlc`; `base` names, for
/// each of them, the versions it replaces (what the author's device held when the change was
/// made): one version for an ordinary edit, none for a new row, every competing version for the
/// resolution of a conflict. Two changes of a field are concurrent when neither names the other
/// (or a descendant of it) in its base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeOp {
    /// UUIDv7 made by the author's device; an op is applied at most once per store.
    pub op_id: String,
    /// Entity name (`flow`, `enterprise`, …).
    pub entity: String,
    pub row_id: String,
    pub kind: OpKind,
    /// The changed fields and their new values; `deleted` for a delete or restore.
    pub fields: Map<String, Value>,
    /// Stamp text of this op (see [`crate::Stamp`]); the version of every field it sets.
    pub hlc: String,
    /// Per changed field, the versions (stamp texts) it replaces.
    #[serde(default)]
    pub base: BTreeMap<String, Vec<String>>,
    /// The device that made it.
    pub device_id: String,
    /// Who made it (`user@device`), written as the row's `updated_by`.
    pub author: String,
    /// When it was made, RFC 3339 (the author's wall clock), written as the row's `updated_at`.
    pub at: String,
    /// For the op that made the row: when the row was first made (RFC 3339), its `created_at`.
    /// An imported row keeps the time of its origin, so this may be earlier than `at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Schema version of the author's store.
    pub schema_version: i64,
}

impl ChangeOp {
    /// The stamp of this op, if its text is well formed.
    pub fn stamp(&self) -> Option<crate::Stamp> {
        crate::Stamp::parse(&self.hlc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_op_round_trips_through_json_with_stable_names() {
        let op = ChangeOp {
            op_id: "0190f5a2-7c1e-7a10-8000-000000000001".into(),
            entity: "flow".into(),
            row_id: "0190f5a2-7c1e-7a10-8000-000000000002".into(),
            kind: OpKind::Delete,
            fields: [("deleted".to_string(), Value::Bool(true))]
                .into_iter()
                .collect(),
            hlc: "000001760000000-0000000000-dev".into(),
            base: [(
                "deleted".to_string(),
                vec!["000001750000000-0000000000-dev".into()],
            )]
            .into_iter()
            .collect(),
            device_id: "dev".into(),
            author: "Lan@dev".into(),
            at: "2025-10-09T08:30:00.000Z".into(),
            created_at: None,
            schema_version: 4,
        };
        let text = serde_json::to_string(&op).unwrap();
        assert!(text.contains(r#""kind":"delete""#), "{text}");
        assert_eq!(serde_json::from_str::<ChangeOp>(&text).unwrap(), op);
        assert_eq!(op.stamp().unwrap().device, "dev");
    }
}
