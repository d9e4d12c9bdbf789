//! The store's side of sync: the ops it holds, in a stable order ([`Store::changes_since`]), and
//! ops made on other devices applied through the same write path ([`Store::apply_remote`]):
//! idempotent by op id, the clock merged (a stamp too far ahead is refused), per-field
//! last-writer-wins by stamp with concurrent changes of one field kept as a conflict, parents
//! before children, and nothing echoed back as a change of this device.

use crate::error::{Result, StoreError};
use crate::registry::{self, EntityDef};
use crate::table::json_to_sql;
use crate::table::{Meta, Stored, Table, to_fields};
use crate::versions::{self, Version};
use crate::write::{ImportOutcome, LogRow, Op, WriteTx, now_ms};
use crate::{SCHEMA_VERSION, Store};
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use sxsh_sync_proto::{ChangeOp, OpKind, Stamp};

/// What became of one remote op.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpStatus {
    /// Applied (some of its fields may have lost to newer versions).
    Applied,
    /// Applied, and a field it changes now has concurrent versions waiting for a person.
    Conflict,
    /// Already applied before: nothing changed.
    Duplicate,
    /// Kept aside until its row or a parent arrives; applied by a later batch.
    Pending,
    /// Refused, with the reason; nothing of it was applied.
    Rejected(RejectCode),
}

/// Why a remote op was refused (the codes of the sync protocol).
pub use sxsh_sync_proto::RejectCode;

/// One page of ops: each with the store's sequence number, the cursor to ask from next.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangePage {
    pub ops: Vec<(i64, ChangeOp)>,
    pub next_cursor: i64,
}

/// The change-log columns [`log_op`] reads, in its order.
const LOG_COLUMNS: &str =
    "seq, op_id, entity, row_id, op, fields, hlc, base, device_id, author, at,
                    schema_version, created_at";

/// One change-log row (selected as [`LOG_COLUMNS`]) as its sequence number and op. The stored
/// JSON was written by `append_log`; text that does not decode is left empty.
fn log_op(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, ChangeOp)> {
    let json = |t: String| serde_json::from_str::<Value>(&t).unwrap_or(Value::Null);
    let fields = match json(r.get(5)?) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let op: String = r.get(4)?;
    let op = ChangeOp {
        op_id: r.get(1)?,
        entity: r.get(2)?,
        row_id: r.get(3)?,
        kind: kind_of(&op, &fields),
        fields,
        hlc: r.get(6)?,
        base: serde_json::from_value(json(r.get(7)?)).unwrap_or_default(),
        device_id: r.get(8)?,
        author: r.get(9)?,
        at: r.get(10)?,
        schema_version: r.get(11)?,
        created_at: r.get(12)?,
    };
    Ok((r.get::<_, i64>(0)?, op))
}

fn kind_of(op: &str, fields: &Map<String, Value>) -> OpKind {
    match op {
        "delete" => OpKind::Delete,
        _ if fields.len() == 1 && fields.get("deleted") == Some(&Value::Bool(false)) => {
            OpKind::Restore
        }
        _ => OpKind::Upsert,
    }
}

/// Rows changed after a point of the change log, for screens to refresh (see
/// [`Store::changed_rows`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ChangedRows {
    /// Distinct `(entity, row id)`, in the order of their latest change.
    pub rows: Vec<(String, String)>,
    /// The sequence number to ask from next.
    pub seq: i64,
    /// More rows changed than `limit`: reload everything instead.
    pub truncated: bool,
}

impl Store {
    /// The sequence number of the latest change-log row (0 for none).
    pub fn last_seq(&self) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached("SELECT coalesce(max(seq), 0) FROM change_log")?
            .query_row([], |r| r.get(0))?)
    }

    /// The rows changed after sequence number `after` (local edits and applied remote ops
    /// alike), at most `limit` distinct rows.
    pub fn changed_rows(&self, after: i64, limit: usize) -> Result<ChangedRows> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT entity, row_id, max(seq) AS s FROM change_log WHERE seq > ?1
             GROUP BY entity, row_id ORDER BY s LIMIT ?2",
        )?;
        let mut rows = Vec::new();
        let mut seq = after;
        let found = stmt.query_map(params![after, limit as i64 + 1], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for f in found {
            let (entity, id, s) = f?;
            rows.push((entity, id));
            seq = seq.max(s);
        }
        let truncated = rows.len() > limit;
        if truncated {
            rows.truncate(limit);
            seq = self.last_seq()?;
        }
        Ok(ChangedRows {
            rows,
            seq,
            truncated,
        })
    }

    /// The ops after sequence number `cursor`, at most `limit`, in the order this store applied
    /// them; `local_only` leaves out the ops that came from other devices (what a push sends).
    pub fn changes_since(&self, cursor: i64, limit: usize, local_only: bool) -> Result<ChangePage> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {LOG_COLUMNS} FROM change_log WHERE seq > ?1 AND (?2 = 0 OR origin = 'local')
             ORDER BY seq LIMIT ?3"
        ))?;
        let rows = stmt.query_map(params![cursor, i64::from(local_only), limit as i64], log_op)?;
        let ops: Vec<(i64, ChangeOp)> = rows.collect::<rusqlite::Result<_>>()?;
        let next_cursor = ops.last().map_or(cursor, |(seq, _)| *seq);
        Ok(ChangePage { ops, next_cursor })
    }

    /// The ops of this store with these ids (those it has), in the order it applied them.
    pub fn ops_by_id(&self, ids: &[String]) -> Result<Vec<ChangeOp>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {LOG_COLUMNS} FROM change_log WHERE op_id = ?1"
        ))?;
        let mut ops = Vec::new();
        for id in ids {
            if let Some(op) = stmt.query_map([id], log_op)?.next() {
                ops.push(op?);
            }
        }
        ops.sort_by_key(|(seq, _)| *seq);
        Ok(ops.into_iter().map(|(_, op)| op).collect())
    }

    /// Applies ops made on other devices in one transaction, parents first, and then every op
    /// kept pending that can now be applied. Returns the status of each op of `ops`, in order.
    pub fn apply_remote(&mut self, ops: &[ChangeOp]) -> Result<Vec<OpStatus>> {
        let mut order: Vec<usize> = (0..ops.len()).collect();
        order.sort_by(|&a, &b| {
            (registry::rank(&ops[a].entity), &ops[a].hlc)
                .cmp(&(registry::rank(&ops[b].entity), &ops[b].hlc))
        });
        self.write(|tx| {
            let mut status = vec![OpStatus::Duplicate; ops.len()];
            for i in order {
                status[i] = tx.apply_one(&ops[i], true, true)?;
            }
            tx.retry_pending()?;
            Ok(status)
        })
    }

    /// Resolves the conflict of one field with `value` (one of the competing values, or both
    /// kept as text): a local change whose base is every competing version, so once it has
    /// reached every device the field has one version again everywhere.
    pub fn resolve_conflict(
        &mut self,
        entity: &str,
        row_id: &str,
        field: &str,
        value: Value,
    ) -> Result<()> {
        let def = registry::by_name(entity).ok_or_else(|| StoreError::NotFound {
            entity: "entity",
            id: entity.to_string(),
        })?;
        self.write(|tx| {
            let heads: Vec<String> = versions::heads(&tx.tx, entity, row_id, field)?
                .into_iter()
                .map(|h| h.hlc)
                .collect();
            let mut row = load_raw(&tx.tx, def, row_id)?.ok_or_else(|| StoreError::NotFound {
                entity: def.entity,
                id: row_id.to_string(),
            })?;
            row.insert(field.to_string(), value.clone());
            let mut data = row.clone();
            data.remove("deleted");
            (def.check)(&data)?;
            let mut fields = Map::new();
            fields.insert(field.to_string(), value.clone());
            tx.log_with_base(entity, row_id, &fields, heads)?;
            let sql = format!(
                "UPDATE {} SET {field} = ?1, updated_at = ?2, updated_by = ?3 WHERE id = ?4",
                def.table
            );
            let (author, at) = versions::latest_of_row(&tx.tx, entity, row_id)?.unwrap_or_default();
            tx.tx.prepare_cached(&sql)?.execute(params![
                json_to_sql(&value),
                at,
                author,
                row_id
            ])?;
            Ok(())
        })
    }

    /// Live rows whose owning parent (assessment or enterprise) is deleted: a child made on one
    /// device while another deleted its parent is kept, never lost, and listed here for a person
    /// to move, delete or restore. Derived from the rows, so every store that holds the same ops
    /// lists the same ones. Each: entity, row id, parent entity, parent id.
    pub fn orphans(&self) -> Result<Vec<(String, String, String, String)>> {
        let mut out = Vec::new();
        for def in registry::ENTITIES {
            for p in def.parents.iter().filter(|p| p.owns()) {
                let sql = format!(
                    "SELECT c.id, p.id FROM {} c JOIN {} p ON p.id = c.{}
                     WHERE c.deleted = 0 AND p.deleted = 1 ORDER BY c.id",
                    def.table, p.table, p.column
                );
                let mut stmt = self.conn().prepare(&sql)?;
                let rows =
                    stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
                for row in rows {
                    let (id, parent) = row?;
                    out.push((def.entity.to_string(), id, p.entity.to_string(), parent));
                }
            }
        }
        Ok(out)
    }

    /// The competing heads (JSON) of one field, when it has concurrent versions.
    pub fn conflict(&self, entity: &str, row_id: &str, field: &str) -> Result<Option<Value>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT heads FROM conflicts WHERE entity = ?1 AND row_id = ?2 AND field = ?3",
            )?
            .query_row(params![entity, row_id, field], |r| r.get::<_, String>(0))
            .optional()?
            .map(|h| serde_json::from_str(&h).unwrap_or(Value::Null)))
    }

    /// The fields with concurrent versions: entity, row id, field and the competing heads (JSON).
    pub fn conflicts(&self) -> Result<Vec<(String, String, String, Value)>> {
        let mut stmt = self.conn().prepare(
            "SELECT entity, row_id, field, heads FROM conflicts ORDER BY entity, row_id, field",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or(Value::Null),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl WriteTx<'_> {
    /// Imports a row that carries its versions (`meta.versions`, as exported) as the changes
    /// that made them, through the same path as a remote op: the origin's stamps are kept, the
    /// clock merges them (a stamp more than a day ahead is refused with `CLOCK_SKEW`), and
    /// each field keeps the later version: a version this store holds already (or replaced)
    /// writes nothing, an older one than the field's is left out, a newer one replaces the
    /// field's. A document is a snapshot, not a history: it cannot tell an edit made here
    /// concurrently from one its origin had seen, so an import never opens a conflict (sync,
    /// whose ops name their bases, does). The changes are logged as this store's own, so a
    /// push sends them on. `None` when the row has no usable versions (a document from before
    /// them), or one edited outside SXSH Field (a field whose value differs from the one its
    /// version holds here, or an `updated_at` later than the stored row's with no version new
    /// here): the caller imports it the older way.
    pub(crate) fn import_versions<T: Table>(
        &mut self,
        row: &Stored<T>,
        stored: Option<&Meta>,
    ) -> Result<Option<ImportOutcome>> {
        let exists = stored.is_some();
        let versions = &row.meta.versions;
        let Some(insert) = versions.get(versions::ROW) else {
            return Ok(None);
        };
        if !versions.values().all(|v| versions::is_stamp(v)) {
            return Ok(None);
        }
        let entity = T::ENTITY;
        let id = row.data.id().to_string();
        let mut fields = to_fields(&row.data)?;
        fields.insert("deleted".into(), Value::Bool(false));
        // The changes to apply, by stamp: their fields and, per field, the versions replaced.
        type Change = (Map<String, Value>, BTreeMap<String, Vec<String>>);
        let mut changes: BTreeMap<String, Change> = BTreeMap::new();
        let mut kept_newer = false;
        if !exists {
            let mut whole = fields.clone();
            whole.remove("deleted");
            changes.insert(insert.clone(), (whole, BTreeMap::new()));
        }
        for (field, value) in &fields {
            let stamp = row.meta.version_of(field).unwrap_or(insert.as_str());
            let base = if !exists {
                if stamp == insert.as_str() {
                    continue;
                }
                vec![insert.clone()]
            } else {
                let heads = versions::heads(&self.tx, entity, &id, field)?;
                if let Some(w) = heads.last()
                    && w.hlc == stamp
                {
                    if &w.value != value {
                        // Edited outside SXSH Field (the value is not its version's): the
                        // caller imports the row as this device's change.
                        return Ok(None);
                    }
                    continue;
                }
                if heads.iter().any(|h| h.hlc.as_str() > stamp)
                    || versions::is_known(&self.tx, entity, &id, field, stamp)?
                {
                    kept_newer = true;
                    continue;
                }
                heads.into_iter().map(|h| h.hlc).collect()
            };
            let change = changes.entry(stamp.to_string()).or_default();
            change.0.insert(field.clone(), value.clone());
            change.1.insert(field.clone(), base);
        }
        if changes.is_empty() {
            // No version is new here, yet the row says it changed later than the stored one:
            // it was edited outside SXSH Field after its versions were written.
            let later = stored.is_some_and(|m| {
                matches!((row.meta.updated_instant(), m.updated_instant()),
                         (Some(doc), Some(here)) if doc > here)
            });
            if later {
                return Ok(None);
            }
            return Ok(Some(if kept_newer {
                ImportOutcome::KeptNewer
            } else {
                ImportOutcome::Unchanged
            }));
        }
        let latest = changes.keys().next_back().cloned().unwrap_or_default();
        for (stamp, (fields, base)) in changes {
            let parsed = Stamp::parse(&stamp).ok_or_else(|| {
                StoreError::Decode(format!("{entity} {id}: {stamp:?} is not a stamp"))
            })?;
            // The row's `updated_at` is its latest change's time; an earlier change's is the
            // wall time its stamp carries.
            let at = if stamp == latest {
                row.meta.updated_at.clone()
            } else {
                chrono::DateTime::from_timestamp_millis(parsed.hlc.ms as i64)
                    .unwrap_or_default()
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            };
            let op = ChangeOp {
                op_id: uuid::Uuid::now_v7().to_string(),
                entity: entity.to_string(),
                row_id: id.clone(),
                kind: OpKind::Upsert,
                created_at: (!exists && &stamp == insert).then(|| row.meta.created_at.clone()),
                fields,
                hlc: stamp.clone(),
                base,
                device_id: parsed.device,
                author: row.meta.updated_by.clone(),
                at,
                schema_version: SCHEMA_VERSION,
            };
            match self.apply_one(&op, false, false)? {
                OpStatus::Applied | OpStatus::Conflict | OpStatus::Duplicate => {}
                OpStatus::Rejected(RejectCode::ClockSkew) => {
                    return Err(StoreError::ClockSkew { entity, id, stamp });
                }
                OpStatus::Pending => {
                    // A row it refers to is neither in the document nor stored here.
                    for p in T::PARENTS {
                        if let Some(Value::String(pid)) = op.fields.get(p.column)
                            && !row_exists(&self.tx, p.table, pid)?
                        {
                            return Err(StoreError::NotFound {
                                entity: p.entity,
                                id: pid.clone(),
                            });
                        }
                    }
                    return Err(StoreError::NotFound { entity, id });
                }
                OpStatus::Rejected(_) => {
                    // The fields merged with the newer ones stored here make an invalid row.
                    return Err(match self.load::<T>(&id)? {
                        Some(stored) => {
                            let mut merged = to_fields(&stored.data)?;
                            merged.extend(op.fields.clone());
                            merged.remove("deleted");
                            match registry::by_name(entity).map(|d| (d.check)(&merged)) {
                                Some(Err(e)) => e,
                                _ => StoreError::Decode(format!("{entity} {id}: refused")),
                            }
                        }
                        None => StoreError::Decode(format!("{entity} {id}: refused")),
                    });
                }
            }
        }
        Ok(Some(ImportOutcome::Written))
    }

    /// Applies one op (inside a savepoint, so a refused op leaves nothing behind); `remote`
    /// when it came from another store (a push leaves it out), else it is logged as this
    /// store's own (an imported change).
    fn apply_one(&mut self, op: &ChangeOp, keep_pending: bool, remote: bool) -> Result<OpStatus> {
        let seen = self
            .tx
            .prepare_cached(
                "SELECT 1 FROM change_log WHERE op_id = ?1
                 UNION ALL SELECT 1 FROM pending_ops WHERE op_id = ?1 AND ?2 = 1",
            )?
            .query_row(params![op.op_id, i64::from(keep_pending)], |_| Ok(()))
            .optional()?
            .is_some();
        if seen {
            return Ok(OpStatus::Duplicate);
        }
        let Some(def) = registry::by_name(&op.entity) else {
            return Ok(OpStatus::Rejected(RejectCode::UnknownEntity));
        };
        if op.schema_version > SCHEMA_VERSION {
            return Ok(OpStatus::Rejected(RejectCode::NewerSchema));
        }
        let (Some(stamp), true) = (
            op.stamp(),
            chrono::DateTime::parse_from_rfc3339(&op.at).is_ok(),
        ) else {
            return Ok(OpStatus::Rejected(RejectCode::Malformed));
        };
        let known = |f: &str| f == "deleted" || def.columns.iter().any(|c| c.0 == f);
        if op.fields.keys().any(|f| !known(f))
            || op
                .fields
                .get("id")
                .is_some_and(|v| v != &Value::String(op.row_id.clone()))
        {
            return Ok(OpStatus::Rejected(RejectCode::UnknownField));
        }
        match self.clock.receive(stamp.hlc, now_ms()) {
            Ok(merged) => *self.clock = merged,
            Err(_) => return Ok(OpStatus::Rejected(RejectCode::ClockSkew)),
        }
        let sp = self.tx.savepoint()?;
        let outcome = apply_fields(&sp, def, op)?;
        match outcome {
            Applied::Pending(reason) => {
                drop(sp);
                if keep_pending {
                    self.tx
                        .prepare_cached(
                            "INSERT OR IGNORE INTO pending_ops (op_id, op, reason) VALUES (?1, ?2, ?3)",
                        )?
                        .execute(params![
                            op.op_id,
                            serde_json::to_string(op).map_err(|e| StoreError::Decode(e.to_string()))?,
                            reason
                        ])?;
                }
                Ok(OpStatus::Pending)
            }
            Applied::Invalid => {
                drop(sp);
                Ok(OpStatus::Rejected(RejectCode::Invalid))
            }
            Applied::Done { conflict, created } => {
                sp.commit()?;
                let log_op = match op.kind {
                    OpKind::Delete => Op::Delete,
                    _ if created => Op::Insert,
                    _ => Op::Update,
                };
                let base = serde_json::to_value(&op.base)
                    .ok()
                    .and_then(|v| v.as_object().cloned())
                    .unwrap_or_default();
                self.append_log(&LogRow {
                    op_id: &op.op_id,
                    entity: &op.entity,
                    row_id: &op.row_id,
                    op: log_op,
                    fields: &op.fields,
                    hlc: &op.hlc,
                    device_id: &op.device_id,
                    base: &base,
                    author: &op.author,
                    at: &op.at,
                    created_at: op.created_at.as_deref(),
                    schema_version: op.schema_version,
                    remote,
                })?;
                Ok(if conflict {
                    OpStatus::Conflict
                } else {
                    OpStatus::Applied
                })
            }
        }
    }

    /// Applies the pending ops that can be applied now, until none can.
    fn retry_pending(&mut self) -> Result<()> {
        loop {
            let pending: Vec<(String, String)> = self
                .tx
                .prepare_cached("SELECT op_id, op FROM pending_ops ORDER BY op_id")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut progress = false;
            let mut ops: Vec<(String, ChangeOp)> = pending
                .into_iter()
                .filter_map(|(id, text)| serde_json::from_str(&text).ok().map(|op| (id, op)))
                .collect();
            ops.sort_by(|a, b| {
                (registry::rank(&a.1.entity), &a.1.hlc)
                    .cmp(&(registry::rank(&b.1.entity), &b.1.hlc))
            });
            for (id, op) in ops {
                if self.apply_one(&op, false, true)? != OpStatus::Pending {
                    self.tx
                        .prepare_cached("DELETE FROM pending_ops WHERE op_id = ?1")?
                        .execute([&id])?;
                    progress = true;
                }
            }
            if !progress {
                return Ok(());
            }
        }
    }
}

enum Applied {
    Done { conflict: bool, created: bool },
    Pending(&'static str),
    Invalid,
}

/// The stored fields of a row (deleted or not), keyed by column.
fn load_raw(
    conn: &rusqlite::Connection,
    def: &EntityDef,
    id: &str,
) -> Result<Option<Map<String, Value>>> {
    let cols: Vec<&str> = def.columns.iter().map(|c| c.0).collect();
    let sql = format!(
        "SELECT {}, deleted FROM {} WHERE id = ?1",
        cols.join(", "),
        def.table
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let mut map = Map::new();
    for (i, col) in def.columns.iter().enumerate() {
        let v: rusqlite::types::Value = row.get(i)?;
        map.insert(col.0.to_string(), crate::table::sql_to_json(v, col.1)?);
    }
    let deleted: i64 = row.get(cols.len())?;
    map.insert("deleted".into(), Value::Bool(deleted != 0));
    Ok(Some(map))
}

/// Whether a row with this id is stored in `table` (deleted or not).
fn row_exists(conn: &rusqlite::Connection, table: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether every parent a row names exists (deleted or not: a child of a row deleted on another
/// device is kept).
fn parents_present(
    conn: &rusqlite::Connection,
    def: &EntityDef,
    fields: &Map<String, Value>,
) -> Result<bool> {
    for p in def.parents {
        if let Some(Value::String(id)) = fields.get(p.column)
            && !row_exists(conn, p.table, id)?
        {
            return Ok(false);
        }
    }
    Ok(true)
}

fn apply_fields(conn: &rusqlite::Connection, def: &EntityDef, op: &ChangeOp) -> Result<Applied> {
    let version = Version {
        hlc: &op.hlc,
        op_id: &op.op_id,
        author: &op.author,
        at: &op.at,
    };
    let existing = load_raw(conn, def, &op.row_id)?;
    let Some(current) = existing else {
        // A new row: it must be whole, valid and its parents here.
        if op.kind != OpKind::Upsert {
            return Ok(Applied::Pending("row not here yet"));
        }
        let mut row = op.fields.clone();
        row.remove("deleted");
        if (def.check)(&row).is_err() {
            // An update that arrived before its insert is not a whole row yet.
            let whole = def.columns.iter().all(|c| row.contains_key(c.0));
            return Ok(if whole {
                Applied::Invalid
            } else {
                Applied::Pending("row not here yet")
            });
        }
        if !parents_present(conn, def, &row)? {
            return Ok(Applied::Pending("parent not here yet"));
        }
        versions::record_insert(conn, &op.entity, &op.row_id, &row, &version)?;
        let cols: Vec<&str> = def.columns.iter().map(|c| c.0).collect();
        let mut values: Vec<rusqlite::types::Value> = cols
            .iter()
            .map(|c| {
                row.get(*c)
                    .map(json_to_sql)
                    .unwrap_or(rusqlite::types::Value::Null)
            })
            .collect();
        values.extend([
            op.created_at
                .clone()
                .unwrap_or_else(|| op.at.clone())
                .into(),
            op.at.clone().into(),
            op.author.clone().into(),
            rusqlite::types::Value::Integer(0),
        ]);
        let sql = format!(
            "INSERT INTO {} ({}, created_at, updated_at, updated_by, deleted) VALUES ({})",
            def.table,
            cols.join(", "),
            (1..=cols.len() + 4)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        conn.prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        return Ok(Applied::Done {
            conflict: false,
            created: true,
        });
    };
    // An existing row: each field against its versions.
    let mut row = current.clone();
    let mut conflict = false;
    for (field, value) in &op.fields {
        let base = op.base.get(field).cloned().unwrap_or_default();
        let (winner, _) =
            versions::record(conn, &op.entity, &op.row_id, field, value, &version, &base)?;
        if let Some(w) = winner {
            row.insert(field.clone(), w.value);
        }
        conflict |= conn
            .prepare_cached(
                "SELECT 1 FROM conflicts WHERE entity = ?1 AND row_id = ?2 AND field = ?3",
            )?
            .query_row(params![op.entity, op.row_id, field], |_| Ok(()))
            .optional()?
            .is_some();
    }
    let mut data = row.clone();
    data.remove("deleted");
    if (def.check)(&data).is_err() {
        return Ok(Applied::Invalid);
    }
    let changed: Vec<&String> = row
        .keys()
        .filter(|k| row.get(*k) != current.get(*k))
        .collect();
    let (author, at) = versions::latest_of_row(conn, &op.entity, &op.row_id)?
        .unwrap_or_else(|| (op.author.clone(), op.at.clone()));
    let mut sets: Vec<String> = changed.iter().map(|k| format!("{k} = ?")).collect();
    let mut values: Vec<rusqlite::types::Value> = changed
        .iter()
        .map(|k| json_to_sql(&row[k.as_str()]))
        .collect();
    sets.extend(["updated_at = ?".to_string(), "updated_by = ?".to_string()]);
    values.extend([at.into(), author.into(), op.row_id.clone().into()]);
    let sql = format!("UPDATE {} SET {} WHERE id = ?", def.table, sets.join(", "));
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values))?;
    Ok(Applied::Done {
        conflict,
        created: false,
    })
}
