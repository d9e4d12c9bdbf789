//! Field versions: the heads of every field (see the `field_heads` table) and the conflicts they
//! make. A change of a field names the versions it replaces (its base); they stop being heads and
//! are remembered as superseded, and the change becomes a head unless some change already
//! replaced it. The head with the greatest stamp is the field's value; two or more heads are a
//! conflict. All of it depends only on which ops a store holds, not on the order they came in.
//!
//! A new row does not get a head per field: its insert is one head under the field name `*`,
//! holding the whole row, and it is the implicit head of every field no change has replaced it
//! in yet. A million inserted flows cost a million heads, not thirteen million.

use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

/// One current version of a field.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub hlc: String,
    pub op_id: String,
    pub value: Value,
    pub author: String,
    pub at: String,
}

/// Where a version comes from.
pub struct Version<'a> {
    pub hlc: &'a str,
    pub op_id: &'a str,
    pub author: &'a str,
    pub at: &'a str,
}

/// The field name of an insert's head: the whole new row.
pub const ROW: &str = "*";

/// Whether `s` is a version stamp (the text form of an HLC stamp).
pub fn is_stamp(s: &str) -> bool {
    sxsh_sync_proto::Stamp::parse(s).is_some()
}

/// The heads of a field, by stamp (the winner last): its own, and the inserts of its row that no
/// change of it has replaced.
pub fn heads(conn: &Connection, entity: &str, row_id: &str, field: &str) -> Result<Vec<Head>> {
    // Two lookups by the whole key prefix (the field's own heads, then the row's inserts this
    // field has not replaced), sorted here: few rows, no temporary b-tree.
    let mut stmt = conn.prepare_cached(
        "SELECT h.field, h.hlc, h.op_id, h.value, h.author, h.at FROM field_heads h
         WHERE h.entity = ?1 AND h.row_id = ?2 AND h.field = ?3
         UNION ALL
         SELECT h.field, h.hlc, h.op_id, h.value, h.author, h.at FROM field_heads h
         WHERE h.entity = ?1 AND h.row_id = ?2 AND h.field = '*' AND NOT EXISTS (
               SELECT 1 FROM field_superseded s
               WHERE s.entity = ?1 AND s.row_id = ?2 AND s.field = ?3 AND s.hlc = h.hlc)",
    )?;
    let rows = stmt.query_map(params![entity, row_id, field], |r| {
        let which: String = r.get(0)?;
        let mut value = serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or(Value::Null);
        if which == ROW {
            value = value.get(field).cloned().unwrap_or(if field == "deleted" {
                Value::Bool(false)
            } else {
                Value::Null
            });
        }
        Ok(Head {
            hlc: r.get(1)?,
            op_id: r.get(2)?,
            value,
            author: r.get(4)?,
            at: r.get(5)?,
        })
    })?;
    let mut heads: Vec<Head> = rows.collect::<rusqlite::Result<_>>()?;
    heads.sort_by(|a, b| a.hlc.cmp(&b.hlc));
    Ok(heads)
}

/// Records the insert of a row (`fields`: all of them) as the implicit head of every field.
/// Returns false when it was recorded before.
pub fn record_insert(
    conn: &Connection,
    entity: &str,
    row_id: &str,
    fields: &serde_json::Map<String, Value>,
    version: &Version,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO field_heads (entity, row_id, field, hlc, op_id, value, author, at)
             VALUES (?1, ?2, '*', ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            entity,
            row_id,
            version.hlc,
            version.op_id,
            Value::Object(fields.clone()).to_string(),
            version.author,
            version.at
        ])?;
    // A second insert of the same row (the same document imported on two devices) competes with
    // the first field by field.
    let inserts: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM field_heads WHERE entity = ?1 AND row_id = ?2 AND field = '*'",
        )?
        .query_row(params![entity, row_id], |r| r.get(0))?;
    if inserts > 1 {
        for field in fields.keys() {
            let all = heads(conn, entity, row_id, field)?;
            refresh_conflict(conn, entity, row_id, field, &all)?;
        }
    }
    Ok(n == 1)
}

/// Marks the versions `base` of a field replaced: they stop being heads and are remembered, so
/// none of them becomes a head again.
fn supersede(
    conn: &Connection,
    entity: &str,
    row_id: &str,
    field: &str,
    base: &[String],
) -> Result<()> {
    for b in base {
        conn.prepare_cached(
            "DELETE FROM field_heads WHERE entity = ?1 AND row_id = ?2 AND field = ?3 AND hlc = ?4",
        )?
        .execute(params![entity, row_id, field, b])?;
        conn.prepare_cached(
            "INSERT OR IGNORE INTO field_superseded (entity, row_id, field, hlc) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![entity, row_id, field, b])?;
    }
    Ok(())
}

/// Adds `version` as a head of a field holding `value`; false when it was one already.
fn add_head(
    conn: &Connection,
    entity: &str,
    row_id: &str,
    field: &str,
    value: &Value,
    version: &Version,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "INSERT OR IGNORE INTO field_heads (entity, row_id, field, hlc, op_id, value, author, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            entity,
            row_id,
            field,
            version.hlc,
            version.op_id,
            value.to_string(),
            version.author,
            version.at
        ])?
        == 1)
}

/// Records a change of one field that replaces `base`. Returns the field's winning head after
/// it, and whether the change itself became a head (false when a change already replaced it, or
/// it was recorded before).
pub fn record(
    conn: &Connection,
    entity: &str,
    row_id: &str,
    field: &str,
    value: &Value,
    version: &Version,
    base: &[String],
) -> Result<(Option<Head>, bool)> {
    supersede(conn, entity, row_id, field, base)?;
    let superseded = conn
        .prepare_cached(
            "SELECT 1 FROM field_superseded WHERE entity = ?1 AND row_id = ?2 AND field = ?3 AND hlc = ?4",
        )?
        .query_row(params![entity, row_id, field, version.hlc], |_| Ok(()))
        .optional()?
        .is_some();
    let inserted = !superseded && add_head(conn, entity, row_id, field, value, version)?;
    let all = heads(conn, entity, row_id, field)?;
    refresh_conflict(conn, entity, row_id, field, &all)?;
    Ok((all.last().cloned(), inserted))
}

/// Records a change of one field made on this device now, replacing `named` (the version the
/// change was made from) or, when `None`, the field's current version. Returns the versions
/// replaced (the op's base). The same result as [`record`], in fewer statements: the stamp is
/// new, so no change can have replaced it yet, and the field's heads afterwards are those
/// before less the base plus this change, so they are queried again only when some remain.
pub fn record_local(
    conn: &Connection,
    entity: &str,
    row_id: &str,
    field: &str,
    value: &Value,
    version: &Version,
    named: Option<&str>,
) -> Result<Vec<String>> {
    let before = heads(conn, entity, row_id, field)?;
    let base: Vec<String> = match named {
        Some(stamp) => vec![stamp.to_string()],
        None => before.last().map(|h| h.hlc.clone()).into_iter().collect(),
    };
    supersede(conn, entity, row_id, field, &base)?;
    add_head(conn, entity, row_id, field, value, version)?;
    let others = before.iter().filter(|h| !base.contains(&h.hlc)).count();
    if others > 0 {
        let all = heads(conn, entity, row_id, field)?;
        refresh_conflict(conn, entity, row_id, field, &all)?;
    } else if before.len() > 1 {
        // The change replaced every competing version: the conflict, if any, is over.
        refresh_conflict(conn, entity, row_id, field, &[])?;
    }
    Ok(base)
}

/// Keeps the `conflicts` row of a field equal to its heads: present while two or more of them
/// hold different values.
fn refresh_conflict(
    conn: &Connection,
    entity: &str,
    row_id: &str,
    field: &str,
    heads: &[Head],
) -> Result<()> {
    let differ = heads.iter().any(|h| h.value != heads[0].value);
    // (No heads, or all holding one value: no conflict.)
    if !differ {
        conn.prepare_cached(
            "DELETE FROM conflicts WHERE entity = ?1 AND row_id = ?2 AND field = ?3",
        )?
        .execute(params![entity, row_id, field])?;
        return Ok(());
    }
    let list: Vec<Value> = heads
        .iter()
        .map(|h| json!({"hlc": h.hlc, "op_id": h.op_id, "value": h.value, "author": h.author, "at": h.at}))
        .collect();
    conn.prepare_cached(
        "INSERT INTO conflicts (entity, row_id, field, heads) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (entity, row_id, field) DO UPDATE SET heads = excluded.heads",
    )?
    .execute(params![
        entity,
        row_id,
        field,
        Value::Array(list).to_string()
    ])?;
    Ok(())
}

/// Author and time of the latest change of a row (its greatest head), which are the row's
/// `updated_by` and `updated_at`.
pub fn latest_of_row(
    conn: &Connection,
    entity: &str,
    row_id: &str,
) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT author, at FROM field_heads WHERE entity = ?1 AND row_id = ?2
             ORDER BY hlc DESC LIMIT 1",
        )?
        .query_row(params![entity, row_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Whether this store already holds the version `stamp` of a field: as one of its heads (its
/// own, or its row's insert) or as a version some change replaced.
pub fn is_known(
    conn: &Connection,
    entity: &str,
    row_id: &str,
    field: &str,
    stamp: &str,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM field_heads WHERE entity = ?1 AND row_id = ?2 AND hlc = ?4
                                         AND field IN (?3, '*')
             UNION ALL
             SELECT 1 FROM field_superseded WHERE entity = ?1 AND row_id = ?2 AND field = ?3
                                              AND hlc = ?4",
        )?
        .query_row(params![entity, row_id, field, stamp], |_| Ok(()))
        .optional()?
        .is_some())
}
