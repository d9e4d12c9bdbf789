//! The generic row machinery every repository uses: a [`Table`] names its SQL table and
//! columns; rows go to and from SQLite through their serde form, and every write appends its
//! change-log row in the same transaction.

use crate::error::{Result, StoreError};
use rusqlite::OptionalExtension;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Row, params_from_iter};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use sxsh_domain::Validate;

/// How a column is stored, for the few kinds that differ from their JSON form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    /// Text, integer, real or null, stored as is.
    Plain,
    /// `bool`, stored as 0/1.
    Bool,
    /// An array or object, stored as JSON text.
    Json,
}

/// One data column of a table: its name (= the serde field name) and kind.
#[derive(Debug, Clone, Copy)]
pub struct Col(pub &'static str, pub ColKind);

/// Columns every synced table has besides its data.
pub const META_COLUMNS: [&str; 4] = ["created_at", "updated_at", "updated_by", "deleted"];

/// A reference from a column to a row of another table, checked before every write.
#[derive(Debug, Clone, Copy)]
pub struct Parent {
    pub column: &'static str,
    pub table: &'static str,
    pub entity: &'static str,
}

impl Parent {
    /// Whether the parent owns the row (an assessment its children, an enterprise its
    /// assessments): the row is deleted with it and never moves to another. Other references (a
    /// flow's step, an action's option) are links that may change.
    pub fn owns(&self) -> bool {
        matches!(self.column, "assessment_id" | "enterprise_id")
    }
}

/// A stored entity: its table, columns and references. Implemented for every entity from its
/// one declaration in `crate::registry`.
pub trait Table: Serialize + DeserializeOwned + Validate + Clone + PartialEq {
    /// SQL table name.
    const TABLE: &'static str;
    /// Entity name in the change log and in errors.
    const ENTITY: &'static str;
    /// Data columns, `id` first; names equal the serde field names.
    const COLUMNS: &'static [Col];
    /// References checked before every write.
    const PARENTS: &'static [Parent] = &[];
    /// Columns besides the parents that an import may never change on an existing row (an
    /// attachment's file and owner): a document that does is refused, never applied.
    const FIXED: &'static [&'static str] = &[];

    fn id(&self) -> &str;
}

/// Bookkeeping of a stored row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Meta {
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// The version of each field the row holds: field → stamp of its winning change, and `*` →
    /// the stamp of the row's insert (the version of every field no change has replaced). A
    /// patch names the versions it was made from (see [`crate::WriteTx::patch`]). Read from
    /// `field_heads`, never stored in the row's table.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(as = "Option<BTreeMap<String, String>>", optional)]
    pub versions: BTreeMap<String, String>,
}

impl Meta {
    /// The version a field of this row was last changed in (its own, else the insert's).
    pub fn version_of(&self, field: &str) -> Option<&str> {
        self.versions
            .get(field)
            .or_else(|| self.versions.get(crate::versions::ROW))
            .map(String::as_str)
    }
}

impl Meta {
    /// Checks bookkeeping that came from outside (an import document): timestamps in RFC 3339
    /// no later than `latest` (RFC 3339; the caller's clock plus a day of leeway), created before
    /// updated, and an author that is single-line text of at most 200 characters.
    pub fn check(&self, latest: &str, v: &mut sxsh_domain::validate::Validator) {
        let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
        let latest = parse(latest);
        let created = parse(&self.created_at);
        let updated = parse(&self.updated_at);
        for (field, value, parsed) in [
            ("created_at", &self.created_at, created),
            ("updated_at", &self.updated_at, updated),
        ] {
            match parsed {
                None => v.error(
                    field,
                    sxsh_domain::FieldErrorCode::InvalidDate,
                    format!("{value:?} is not an RFC 3339 timestamp"),
                ),
                Some(t) if latest.is_some_and(|l| t > l) => v.error(
                    field,
                    sxsh_domain::FieldErrorCode::OutOfRange,
                    "timestamp is in the future",
                ),
                Some(_) => {}
            }
        }
        if let (Some(c), Some(u)) = (created, updated)
            && c > u
        {
            v.error(
                "updated_at",
                sxsh_domain::FieldErrorCode::OutOfRange,
                "updated before it was created",
            );
        }
        if self.updated_by.chars().count() > 200 {
            v.error(
                "updated_by",
                sxsh_domain::FieldErrorCode::TooLong,
                "at most 200 characters",
            );
        } else {
            v.name("updated_by", &self.updated_by);
        }
    }

    /// The instant of `updated_at`, for comparing versions of a row (`None` when unreadable).
    pub fn updated_instant(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        chrono::DateTime::parse_from_rfc3339(&self.updated_at).ok()
    }
}

/// A row as stored: the entity plus its bookkeeping, flattened into one JSON object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Stored<T> {
    #[serde(flatten)]
    pub data: T,
    #[serde(flatten)]
    pub meta: Meta,
}

/// The SQL list of data and meta columns of `T`, then the row's versions (see [`Meta`]):
/// [`select_width`] columns in all.
pub fn select_list<T: Table>(alias: &str) -> String {
    let prefix = if alias.is_empty() {
        String::new()
    } else {
        format!("{alias}.")
    };
    let mut cols: Vec<String> = T::COLUMNS
        .iter()
        .map(|c| c.0)
        .chain(META_COLUMNS)
        .map(|c| format!("{prefix}{c}"))
        .collect();
    cols.push(format!(
        "(SELECT json_group_object(field, hlc) FROM (SELECT field, max(hlc) AS hlc FROM field_heads
          WHERE entity = '{}' AND row_id = {prefix}id GROUP BY field))",
        T::ENTITY
    ));
    cols.join(", ")
}

/// How many columns [`select_list`] selects.
pub fn select_width<T: Table>() -> usize {
    T::COLUMNS.len() + META_COLUMNS.len() + 1
}

/// Decodes a row selected with [`select_list`], starting at column `offset`.
pub fn from_row<T: Table>(row: &Row, offset: usize) -> Result<Stored<T>> {
    let mut map = Map::new();
    for (i, col) in T::COLUMNS.iter().enumerate() {
        let v: SqlValue = row.get(offset + i)?;
        map.insert(col.0.to_string(), sql_to_json(v, col.1)?);
    }
    let n = T::COLUMNS.len();
    for (i, name) in META_COLUMNS.iter().enumerate() {
        let v: SqlValue = row.get(offset + n + i)?;
        let kind = if *name == "deleted" {
            ColKind::Bool
        } else {
            ColKind::Plain
        };
        map.insert(name.to_string(), sql_to_json(v, kind)?);
    }
    let versions: Option<String> = row.get(offset + n + META_COLUMNS.len())?;
    if let Some(v) = versions {
        map.insert(
            "versions".into(),
            serde_json::from_str(&v).map_err(|e| StoreError::Decode(e.to_string()))?,
        );
    }
    serde_json::from_value(Value::Object(map))
        .map_err(|e| StoreError::Decode(format!("{}: {e}", T::TABLE)))
}

pub(crate) fn sql_to_json(v: SqlValue, kind: ColKind) -> Result<Value> {
    Ok(match (v, kind) {
        (SqlValue::Null, _) => Value::Null,
        (SqlValue::Integer(i), ColKind::Bool) => Value::Bool(i != 0),
        (SqlValue::Integer(i), _) => Value::from(i),
        (SqlValue::Real(f), _) => serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        (SqlValue::Text(s), ColKind::Json) => {
            serde_json::from_str(&s).map_err(|e| StoreError::Decode(e.to_string()))?
        }
        (SqlValue::Text(s), _) => Value::String(s),
        (SqlValue::Blob(_), _) => return Err(StoreError::Decode("unexpected blob".into())),
    })
}

/// Converts a JSON field value to its SQL form.
pub fn json_to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        Value::Array(_) | Value::Object(_) => SqlValue::Text(v.to_string()),
    }
}

/// The data fields of `row` as a JSON object keyed by column.
pub fn to_fields<T: Table>(row: &T) -> Result<Map<String, Value>> {
    match serde_json::to_value(row) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(StoreError::Decode(format!(
            "{} is not an object",
            T::ENTITY
        ))),
        Err(e) => Err(StoreError::Decode(e.to_string())),
    }
}

/// Values of `fields` for the given columns, in order.
pub fn values_for<'a>(
    fields: &'a Map<String, Value>,
    cols: impl Iterator<Item = &'a str>,
) -> Vec<SqlValue> {
    cols.map(|c| fields.get(c).map(json_to_sql).unwrap_or(SqlValue::Null))
        .collect()
}

/// Runs `sql` (which must select [`select_list`] of `T` first) and decodes every row.
pub fn query_rows<T: Table>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Stored<T>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(from_row::<T>(row, 0)?);
    }
    Ok(out)
}

/// Live rows of `T` whose `column` equals `value`, ordered by id (creation order for UUIDv7).
pub fn list_by<T: Table>(
    conn: &rusqlite::Connection,
    column: &str,
    value: &str,
) -> Result<Vec<Stored<T>>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {column} = ?1 AND deleted = 0 ORDER BY id",
        select_list::<T>(""),
        T::TABLE
    );
    query_rows(conn, &sql, [value])
}

/// Every live row of `T`, ordered by id.
pub fn list_all<T: Table>(conn: &rusqlite::Connection) -> Result<Vec<Stored<T>>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE deleted = 0 ORDER BY id",
        select_list::<T>(""),
        T::TABLE
    );
    query_rows(conn, &sql, params_from_iter(std::iter::empty::<SqlValue>()))
}

/// One text column of row `id` of `T` (a live row only when `live`), without reading the
/// rest of the row: `None` when there is no such row or the value is null.
pub fn column_text<T: Table>(
    conn: &rusqlite::Connection,
    id: &str,
    column: &str,
    live: bool,
) -> Result<Option<String>> {
    if !T::COLUMNS.iter().any(|c| c.0 == column) {
        return Err(crate::StoreError::Decode(format!(
            "{} has no column {column}",
            T::ENTITY
        )));
    }
    let sql = format!(
        "SELECT {column} FROM {} WHERE id = ?1{}",
        T::TABLE,
        if live { " AND deleted = 0" } else { "" }
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// The row `id` of `T`, live or deleted, if there is one.
pub fn get_any<T: Table>(conn: &rusqlite::Connection, id: &str) -> Result<Option<Stored<T>>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?1",
        select_list::<T>(""),
        T::TABLE
    );
    Ok(query_rows::<T>(conn, &sql, [id])?.pop())
}

/// The live row `id` of `T`, if there is one.
pub fn get_live<T: Table>(conn: &rusqlite::Connection, id: &str) -> Result<Option<Stored<T>>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?1 AND deleted = 0",
        select_list::<T>(""),
        T::TABLE
    );
    Ok(query_rows::<T>(conn, &sql, [id])?.pop())
}
