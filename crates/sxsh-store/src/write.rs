//! The write path. Every change goes through [`WriteTx`], which validates the row, checks its
//! references, writes it and appends exactly one change-log row per changed row, all inside
//! one SQLite transaction.

use crate::error::{Result, StoreError};
use crate::migrate::SCHEMA_VERSION;
use crate::table::{META_COLUMNS, Meta, Stored, Table, select_list, to_fields, values_for};
use crate::versions::{self, Version};
use rusqlite::{OptionalExtension, params_from_iter};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use sxsh_sync_proto::{Hlc, Stamp};

/// Which kind of change a change-log row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Insert,
    Update,
    Delete,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Update => "update",
            Op::Delete => "delete",
        }
    }
}

/// One `change_log` row to write.
pub(crate) struct LogRow<'a> {
    pub op_id: &'a str,
    pub entity: &'a str,
    pub row_id: &'a str,
    pub op: Op,
    pub fields: &'a Map<String, Value>,
    pub hlc: &'a str,
    pub device_id: &'a str,
    pub base: &'a Map<String, Value>,
    pub author: &'a str,
    pub at: &'a str,
    pub created_at: Option<&'a str>,
    pub schema_version: i64,
    pub remote: bool,
}

/// What an import did with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    /// New, or newer than the stored row: written.
    Written,
    /// Identical to the stored row.
    Unchanged,
    /// The stored row was changed (or deleted) here at the same time or later: kept as it is.
    KeptNewer,
}

/// A write transaction. Dropped without [`crate::Store::write`] returning `Ok`, it rolls back.
pub struct WriteTx<'a> {
    pub(crate) tx: rusqlite::Transaction<'a>,
    pub(crate) device_id: &'a str,
    pub(crate) clock: &'a mut Hlc,
    pub(crate) author: &'a str,
    pub(crate) now: String,
}

impl WriteTx<'_> {
    /// The connection inside the transaction, for reads.
    pub fn conn(&self) -> &rusqlite::Connection {
        &self.tx
    }

    /// The timestamp every row written in this transaction gets.
    pub fn now(&self) -> &str {
        &self.now
    }

    fn meta(&self) -> Meta {
        Meta {
            created_at: self.now.clone(),
            updated_at: self.now.clone(),
            updated_by: self.author.to_string(),
            deleted: false,
            versions: Default::default(),
        }
    }

    /// Appends one change-log row for a change made here, stamped by this device's clock, and
    /// records the new version of every changed field. The version it replaces (its base) is
    /// the field's current one, or, when `given` is set, the one named there for the field (or
    /// its `*`): a patch made from an older version of a field that changed meanwhile competes
    /// with that change (a conflict). `meta` is the bookkeeping just written: its `updated_at`
    /// and `updated_by` are the op's. Returns the op's stamp.
    fn log(
        &mut self,
        entity: &str,
        row_id: &str,
        op: Op,
        fields: &Map<String, Value>,
        meta: &Meta,
        given: Option<&BTreeMap<String, String>>,
    ) -> Result<String> {
        let (hlc, op_id) = self.next_stamp();
        let version = Version {
            hlc: &hlc,
            op_id: &op_id,
            author: &meta.updated_by,
            at: &meta.updated_at,
        };
        let mut base = Map::new();
        if op == Op::Insert {
            versions::record_insert(&self.tx, entity, row_id, fields, &version)?;
        } else {
            for (field, value) in fields {
                let named = given.and_then(|g| g.get(field).or_else(|| g.get(versions::ROW)));
                if let Some(stamp) = named
                    && Stamp::parse(stamp).is_none()
                {
                    return Err(StoreError::Decode(format!(
                        "{entity} {row_id}: the base version of {field} is not a stamp: {stamp:?}"
                    )));
                }
                let b = versions::record_local(
                    &self.tx,
                    entity,
                    row_id,
                    field,
                    value,
                    &version,
                    named.map(String::as_str),
                )?;
                if !b.is_empty() {
                    base.insert(field.clone(), serde_json::json!(b));
                }
            }
        }
        self.append_log(&LogRow {
            op_id: &op_id,
            entity,
            row_id,
            op,
            fields,
            hlc: &hlc,
            device_id: self.device_id,
            base: &base,
            author: &meta.updated_by,
            at: &meta.updated_at,
            created_at: (op == Op::Insert).then_some(meta.created_at.as_str()),
            schema_version: SCHEMA_VERSION,
            remote: false,
        })?;
        Ok(hlc)
    }

    /// Logs a local change of `fields` that replaces exactly the versions `base` (every
    /// competing version, when a person resolves a conflict).
    pub(crate) fn log_with_base(
        &mut self,
        entity: &str,
        row_id: &str,
        fields: &Map<String, Value>,
        base_versions: Vec<String>,
    ) -> Result<()> {
        let (hlc, op_id) = self.next_stamp();
        let (author, at) = (self.author.to_string(), self.now.clone());
        let version = Version {
            hlc: &hlc,
            op_id: &op_id,
            author: &author,
            at: &at,
        };
        let mut base = Map::new();
        for (field, value) in fields {
            versions::record(
                &self.tx,
                entity,
                row_id,
                field,
                value,
                &version,
                &base_versions,
            )?;
            base.insert(field.clone(), serde_json::json!(base_versions));
        }
        self.append_log(&LogRow {
            op_id: &op_id,
            entity,
            row_id,
            op: Op::Update,
            fields,
            hlc: &hlc,
            device_id: self.device_id,
            base: &base,
            author: &author,
            at: &at,
            created_at: None,
            schema_version: SCHEMA_VERSION,
            remote: false,
        })
    }

    /// The stamp and op id of a change made here now: the clock ticks past everything it has
    /// made or seen.
    fn next_stamp(&mut self) -> (String, String) {
        *self.clock = self.clock.tick(now_ms());
        let hlc = Stamp {
            hlc: *self.clock,
            device: self.device_id.to_string(),
        }
        .format();
        (hlc, uuid::Uuid::now_v7().to_string())
    }

    /// Writes one `change_log` row.
    pub(crate) fn append_log(&mut self, r: &LogRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO change_log (op_id, entity, row_id, op, fields, hlc, device_id,
                                         schema_version, base, author, at, origin, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(rusqlite::params![
                r.op_id,
                r.entity,
                r.row_id,
                r.op.as_str(),
                Value::Object(r.fields.clone()).to_string(),
                r.hlc,
                r.device_id,
                r.schema_version,
                Value::Object(r.base.clone()).to_string(),
                r.author,
                r.at,
                if r.remote { "remote" } else { "local" },
                r.created_at
            ])?;
        Ok(())
    }

    /// Fails with `NotFound` unless every non-null reference of `fields` names a live row.
    fn check_parents<T: Table>(&self, fields: &Map<String, Value>) -> Result<()> {
        for p in T::PARENTS {
            if let Some(Value::String(id)) = fields.get(p.column) {
                let sql = format!("SELECT 1 FROM {} WHERE id = ?1 AND deleted = 0", p.table);
                let found = self
                    .tx
                    .prepare_cached(&sql)?
                    .query_row([id], |_| Ok(()))
                    .optional()?;
                if found.is_none() {
                    return Err(StoreError::NotFound {
                        entity: p.entity,
                        id: id.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The stored row `id` of `T`, deleted or not.
    pub(crate) fn load<T: Table>(&self, id: &str) -> Result<Option<Stored<T>>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE id = ?1",
            select_list::<T>(""),
            T::TABLE
        );
        let mut stmt = self.tx.prepare_cached(&sql)?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(row) => Ok(Some(crate::table::from_row::<T>(row, 0)?)),
            None => Ok(None),
        }
    }

    fn insert_raw<T: Table>(&mut self, fields: &Map<String, Value>, meta: &Meta) -> Result<()> {
        let meta_fields = match serde_json::to_value(meta) {
            Ok(Value::Object(m)) => m,
            _ => unreachable!("Meta serialises to an object"),
        };
        let cols: Vec<&str> = T::COLUMNS.iter().map(|c| c.0).chain(META_COLUMNS).collect();
        let mut values = values_for(fields, T::COLUMNS.iter().map(|c| c.0));
        values.extend(values_for(&meta_fields, META_COLUMNS[..3].iter().copied()));
        values.push(rusqlite::types::Value::Integer(i64::from(meta.deleted)));
        let placeholders = (1..=cols.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({placeholders})",
            T::TABLE,
            cols.join(", ")
        );
        self.tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        Ok(())
    }

    /// Inserts a new row; its id must be new. Logs one `insert` with every field.
    pub fn insert<T: Table>(&mut self, row: &T) -> Result<Stored<T>> {
        let meta = self.meta();
        self.insert_with_meta(row, meta)
    }

    /// Inserts a new row keeping the given bookkeeping (import).
    pub fn insert_with_meta<T: Table>(&mut self, row: &T, meta: Meta) -> Result<Stored<T>> {
        row.validate()?;
        let fields = to_fields(row)?;
        self.check_parents::<T>(&fields)?;
        if self.load::<T>(row.id())?.is_some() {
            return Err(StoreError::Duplicate {
                entity: T::ENTITY,
                id: row.id().to_string(),
            });
        }
        self.insert_raw::<T>(&fields, &meta)?;
        let hlc = self.log(T::ENTITY, row.id(), Op::Insert, &fields, &meta, None)?;
        let mut meta = meta;
        meta.versions = BTreeMap::from([(versions::ROW.to_string(), hlc)]);
        Ok(Stored {
            data: row.clone(),
            meta,
        })
    }

    /// Updates a live row; only the fields that differ are written and logged. An update that
    /// changes nothing writes nothing.
    pub fn update<T: Table>(&mut self, row: &T) -> Result<Stored<T>> {
        let now = self.now.clone();
        let author = self.author.to_string();
        self.update_inner(row, false, None, |m| {
            m.updated_at = now;
            m.updated_by = author;
        })
    }

    /// Patches a live row: `build` makes the new row from the stored one (the patch's fields
    /// laid over it); only the fields that differ are written and logged, each replacing the
    /// version `base` names for it (its own entry, else `*`; the current version when `base`
    /// has neither). A field changed by someone else since the version the patch was made from
    /// is not silently overwritten: both changes become heads of the field, the newer wins and
    /// a conflict keeps the other for a person to review. A row that is gone (never stored, or
    /// deleted) is `NotFound`: a patch never re-creates a row. A field in `named` (the fields
    /// the patch sets) whose value already equals the stored one is still recorded when its
    /// base is a losing version of a conflict: its author now agrees with the winner, and the
    /// conflict ends.
    pub fn patch<T: Table, E: From<StoreError>>(
        &mut self,
        id: &str,
        base: &BTreeMap<String, String>,
        named: &[String],
        build: impl FnOnce(Stored<T>) -> std::result::Result<T, E>,
    ) -> std::result::Result<Stored<T>, E> {
        let old = match self.load::<T>(id)? {
            Some(old) if !old.meta.deleted => old,
            _ => {
                return Err(StoreError::NotFound {
                    entity: T::ENTITY,
                    id: id.to_string(),
                }
                .into());
            }
        };
        let row = build(old)?;
        if row.id() != id {
            return Err(
                StoreError::Decode(format!("a patch of {id} may not change its id")).into(),
            );
        }
        let (now, author) = (self.now.clone(), self.author.to_string());
        Ok(self.update_inner(&row, false, Some((base, named)), |m| {
            m.updated_at = now;
            m.updated_by = author;
        })?)
    }

    fn update_inner<T: Table>(
        &mut self,
        row: &T,
        revive: bool,
        base: Option<(&BTreeMap<String, String>, &[String])>,
        touch: impl FnOnce(&mut Meta),
    ) -> Result<Stored<T>> {
        row.validate()?;
        let fields = to_fields(row)?;
        let old = match self.load::<T>(row.id())? {
            Some(old) if revive || !old.meta.deleted => old,
            _ => {
                return Err(StoreError::NotFound {
                    entity: T::ENTITY,
                    id: row.id().to_string(),
                });
            }
        };
        let old_fields = to_fields(&old.data)?;
        let mut changed: Map<String, Value> = fields
            .iter()
            .filter(|(k, v)| old_fields.get(*k) != Some(*v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Some((given, named)) = base {
            for field in named {
                if let (Some(stamp), Some(value)) = (given.get(field), fields.get(field))
                    && !changed.contains_key(field)
                    && self.is_losing_head(T::ENTITY, row.id(), field, stamp)?
                {
                    changed.insert(field.clone(), value.clone());
                }
            }
        }
        if changed.is_empty() && !old.meta.deleted {
            return Ok(old);
        }
        self.check_parents::<T>(&changed)?;
        let mut meta = old.meta.clone();
        touch(&mut meta);
        meta.deleted = false;
        let mut sets: Vec<String> = changed.keys().map(|k| format!("{k} = ?")).collect();
        let mut values = values_for(&changed, changed.keys().map(String::as_str));
        sets.extend([
            "updated_at = ?".into(),
            "updated_by = ?".into(),
            "deleted = 0".into(),
        ]);
        values.push(meta.updated_at.clone().into());
        values.push(meta.updated_by.clone().into());
        values.push(row.id().to_string().into());
        let sql = format!("UPDATE {} SET {} WHERE id = ?", T::TABLE, sets.join(", "));
        self.tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        if old.meta.deleted {
            changed.insert("deleted".into(), Value::Bool(false));
        }
        let hlc = self.log(
            T::ENTITY,
            row.id(),
            Op::Update,
            &changed,
            &meta,
            base.map(|b| b.0),
        )?;
        for field in changed.keys() {
            meta.versions.insert(field.clone(), hlc.clone());
        }
        Ok(Stored {
            data: row.clone(),
            meta,
        })
    }

    /// Whether `stamp` is one of the heads of a field that is not its winner (a conflict's
    /// losing side).
    fn is_losing_head(&self, entity: &str, row_id: &str, field: &str, stamp: &str) -> Result<bool> {
        let mut heads = versions::heads(&self.tx, entity, row_id, field)?;
        heads.pop();
        Ok(heads.iter().any(|h| h.hlc == stamp))
    }

    /// Writes an imported row. A row that carries its versions (exported by a store that keeps
    /// them) is applied as the changes that made them, keeping the origin's stamps (see
    /// [`WriteTx::import_versions`]). A row without versions (a document from before versions)
    /// is inserted when new; otherwise, when it is newer than the stored one (by `updated_at`),
    /// its differing fields are updated as a change of this device (reviving a deleted row).
    /// A stored row as new as the imported one or newer — an edit or a delete made here later —
    /// is kept. A row whose owning parent (`assessment_id`, `enterprise_id`) or another
    /// [`Table::FIXED`] column differs from the stored row's is refused: an import never moves
    /// a row to another assessment or enterprise.
    pub fn upsert_imported<T: Table>(&mut self, row: &Stored<T>) -> Result<ImportOutcome> {
        // Every row of a document is checked, also one that will not be written.
        row.data.validate()?;
        let old = self.load::<T>(row.data.id())?;
        if let Some(old) = &old {
            check_fixed(old, row)?;
        }
        if let Some(outcome) = self.import_versions(row, old.as_ref().map(|o| &o.meta))? {
            return Ok(outcome);
        }
        let Some(old) = old else {
            self.insert_with_meta(
                &row.data,
                Meta {
                    deleted: false,
                    ..row.meta.clone()
                },
            )?;
            return Ok(ImportOutcome::Written);
        };
        if old.data == row.data && !old.meta.deleted {
            return Ok(ImportOutcome::Unchanged);
        }
        let newer = match (row.meta.updated_instant(), old.meta.updated_instant()) {
            (Some(imported), Some(stored)) => imported > stored,
            (Some(_), None) => true,
            _ => false,
        };
        if !newer {
            return Ok(ImportOutcome::KeptNewer);
        }
        let meta = row.meta.clone();
        self.update_inner(&row.data, true, None, |m| {
            m.updated_at = meta.updated_at;
            m.updated_by = meta.updated_by;
        })?;
        Ok(ImportOutcome::Written)
    }

    /// Marks a live row deleted (a tombstone that never expires). Logs one `delete`.
    pub fn delete<T: Table>(&mut self, id: &str) -> Result<()> {
        self.delete_in(T::TABLE, T::ENTITY, id)
    }

    /// Deletes a live row and, first, every live row it owns (see [`Parent::owns`]), deepest
    /// first: an enterprise's assessments with their children, an assessment's children. Each
    /// deleted row logs its own `delete`.
    pub fn delete_cascade<T: Table>(&mut self, id: &str) -> Result<()> {
        self.delete_owned(T::ENTITY, id)?;
        self.delete::<T>(id)
    }

    fn delete_owned(&mut self, entity: &str, id: &str) -> Result<()> {
        for def in crate::registry::ENTITIES.iter().rev() {
            // The office's rows stay: the device never writes them (see `OFFICE_ONLY`).
            if sxsh_domain::schema::office_only(def.entity) {
                continue;
            }
            for p in def
                .parents
                .iter()
                .filter(|p| p.owns() && p.entity == entity)
            {
                let sql = format!(
                    "SELECT id FROM {} WHERE {} = ?1 AND deleted = 0 ORDER BY rowid",
                    def.table, p.column
                );
                let ids: Vec<String> = self
                    .tx
                    .prepare_cached(&sql)?
                    .query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for child in ids {
                    self.delete_owned(def.entity, &child)?;
                    self.delete_in(def.table, def.entity, &child)?;
                }
            }
        }
        Ok(())
    }

    fn delete_in(&mut self, table: &str, entity: &'static str, id: &str) -> Result<()> {
        let sql = format!("SELECT deleted FROM {table} WHERE id = ?1");
        let live = self
            .tx
            .prepare_cached(&sql)?
            .query_row([id], |r| r.get::<_, bool>(0))
            .optional()?
            == Some(false);
        if !live {
            return Err(StoreError::NotFound {
                entity,
                id: id.to_string(),
            });
        }
        self.set_deleted(table, entity, id, true)
    }

    /// Sets `deleted` of a row and logs it: a `delete`, or an update of `deleted` to false (a
    /// restore).
    fn set_deleted(
        &mut self,
        table: &str,
        entity: &'static str,
        id: &str,
        deleted: bool,
    ) -> Result<()> {
        let sql = format!(
            "UPDATE {table} SET deleted = ?1, updated_at = ?2, updated_by = ?3 WHERE id = ?4"
        );
        self.tx.prepare_cached(&sql)?.execute(rusqlite::params![
            deleted,
            self.now,
            self.author,
            id
        ])?;
        let mut fields = Map::new();
        fields.insert("deleted".into(), Value::Bool(deleted));
        let meta = Meta {
            updated_at: self.now.clone(),
            updated_by: self.author.to_string(),
            ..self.meta()
        };
        let op = if deleted { Op::Delete } else { Op::Update };
        self.log(entity, id, op, &fields, &meta, None)?;
        Ok(())
    }
}

impl WriteTx<'_> {
    /// Brings back a deleted row (undo of a delete) and the rows its delete took with it: the
    /// owned rows deleted in the same write (same `updated_at` stamp), deepest last. Refused
    /// when the row is live or unknown (`NotFound`) or its owning parent is deleted (restore
    /// the parent first). Each restored row logs an update of `deleted` to false (a `restore`
    /// op for sync).
    pub fn undelete<T: Table>(&mut self, id: &str) -> Result<()> {
        let stamp: Option<String> = self
            .tx
            .prepare_cached(&format!(
                "SELECT updated_at FROM {} WHERE id = ?1 AND deleted = 1",
                T::TABLE
            ))?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let Some(stamp) = stamp else {
            return Err(StoreError::NotFound {
                entity: T::ENTITY,
                id: id.to_string(),
            });
        };
        for p in T::PARENTS.iter().filter(|p| p.owns()) {
            let def = crate::registry::ENTITIES
                .iter()
                .find(|d| d.entity == p.entity)
                .expect("every parent is a registered entity");
            let sql = format!(
                "SELECT 1 FROM {} WHERE deleted = 0 AND id = (SELECT {} FROM {} WHERE id = ?1)",
                def.table,
                p.column,
                T::TABLE
            );
            let live = self
                .tx
                .prepare_cached(&sql)?
                .query_row([id], |_| Ok(()))
                .optional()?
                .is_some();
            if !live {
                return Err(StoreError::ParentDeleted {
                    entity: T::ENTITY,
                    id: id.to_string(),
                    parent: p.entity,
                });
            }
        }
        self.set_deleted(T::TABLE, T::ENTITY, id, false)?;
        self.undelete_owned(T::ENTITY, id, &stamp)
    }

    fn undelete_owned(&mut self, entity: &str, id: &str, stamp: &str) -> Result<()> {
        for def in crate::registry::ENTITIES.iter() {
            for p in def
                .parents
                .iter()
                .filter(|p| p.owns() && p.entity == entity)
            {
                let sql = format!(
                    "SELECT id FROM {} WHERE {} = ?1 AND deleted = 1 AND updated_at = ?2 \
                     ORDER BY rowid",
                    def.table, p.column
                );
                let ids: Vec<String> = self
                    .tx
                    .prepare_cached(&sql)?
                    .query_map([id, stamp], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for child in ids {
                    self.set_deleted(def.table, def.entity, &child, false)?;
                    self.undelete_owned(def.entity, &child, stamp)?;
                }
            }
        }
        Ok(())
    }
}

/// Refuses an imported row whose owning parent (an assessment's enterprise, a child's
/// assessment) or another [`Table::FIXED`] column differs from the stored row's; optional links
/// inside an assessment (a flow's step, an action's option) may change.
fn check_fixed<T: Table>(old: &Stored<T>, row: &Stored<T>) -> Result<()> {
    let new_fields = to_fields(&row.data)?;
    let old_fields = to_fields(&old.data)?;
    let fixed = T::PARENTS
        .iter()
        .filter(|p| p.owns())
        .map(|p| p.column)
        .chain(T::FIXED.iter().copied());
    for column in fixed {
        if new_fields.get(column) != old_fields.get(column) {
            return Err(StoreError::ImportIdConflict {
                entity: T::ENTITY,
                id: row.data.id().to_string(),
                column,
                stored: old_fields
                    .get(column)
                    .map(Value::to_string)
                    .unwrap_or_default(),
                imported: new_fields
                    .get(column)
                    .map(Value::to_string)
                    .unwrap_or_default(),
            });
        }
    }
    Ok(())
}

/// Wall-clock milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Wall-clock time as RFC 3339 UTC with milliseconds, the form of every stored timestamp.
pub fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
