//! Everything the server keeps, written once over [`Tx`]: migrations, the office, accounts and
//! their programmes, tokens, and the op log with its field versions and conflicts. Every
//! backend runs this same code.

use crate::db::{Tx, Val};
use crate::error::{Result, ServerError};
use serde_json::Value;
use std::collections::HashMap;
use sxsh_domain::schema::{self, ColumnKind};
use sxsh_sync_proto::wire::{ErrorCode, PushResult, PushStatus, RejectCode, Role, SeqOp};
use sxsh_sync_proto::{ChangeOp, MAX_SKEW_MS, OpKind, Stamp};

/// The server's migrations, in order; the count is its schema version.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_init.sql")];

/// The schema version of this server (its number of migrations).
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the database to the newest schema; refuses one made by a newer server.
pub fn migrate(tx: &mut dyn Tx) -> Result<()> {
    migrate_to(tx, schema_version())
}

/// Brings the database to schema `target` (a restore first rebuilds the backup's schema).
pub fn migrate_to(tx: &mut dyn Tx, target: i64) -> Result<()> {
    tx.exec(
        "CREATE TABLE IF NOT EXISTS server_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
        &[],
    )?;
    let done = tx
        .one(
            "SELECT coalesce(max(version), 0) FROM server_migrations",
            &[],
        )?
        .and_then(|r| r[0].int())
        .unwrap_or(0);
    if done > MIGRATIONS.len() as i64 {
        return Err(ServerError::internal(format!(
            "the database has schema {done}, newer than this server's {}: update sxsh-server",
            MIGRATIONS.len()
        )));
    }
    let upto = MIGRATIONS.len().min(target.max(0) as usize);
    for (i, sql) in MIGRATIONS.iter().enumerate().take(upto).skip(done as usize) {
        // Comments first (they may hold a `;`), then one statement per `;`.
        let code: String = sql
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n");
        for stmt in code.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            tx.exec(stmt, &[])?;
        }
        tx.exec(
            "INSERT INTO server_migrations (version, applied_at) VALUES ($1, $2)",
            &[Val::Int(i as i64 + 1), now_text().into()],
        )?;
    }
    Ok(())
}

/// Now, RFC 3339 in UTC with milliseconds.
pub fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn meta(tx: &mut dyn Tx, key: &str) -> Result<Option<String>> {
    Ok(tx
        .one(
            "SELECT value FROM server_meta WHERE key = $1",
            &[key.into()],
        )?
        .map(|r| r[0].clone().into_text()))
}

pub fn set_meta(tx: &mut dyn Tx, key: &str, value: &str) -> Result<()> {
    tx.exec(
        "INSERT INTO server_meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[key.into(), value.into()],
    )?;
    Ok(())
}

/// One account as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: String,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    pub scope_epoch: i64,
    pub programmes: Vec<String>,
}

impl Account {
    /// Whether the account sees every programme.
    pub fn sees_all(&self) -> bool {
        self.role == Role::Admin || (self.role == Role::Viewer && self.programmes.is_empty())
    }
}

const ACCOUNT_COLUMNS: &str = "id, login, display_name, role, disabled, scope_epoch";

fn account_of(tx: &mut dyn Tx, row: Vec<Val>) -> Result<Account> {
    let mut it = row.into_iter();
    let mut next = || it.next().unwrap_or(Val::Null);
    let id = next().into_text();
    let login = next().into_text();
    let display_name = next().into_text();
    let role = Role::parse(next().text().unwrap_or_default())
        .ok_or_else(|| ServerError::internal("stored role"))?;
    let disabled = next().int().unwrap_or(0) != 0;
    let scope_epoch = next().int().unwrap_or(0);
    let programmes = tx
        .query(
            "SELECT programme_id FROM account_programmes WHERE account_id = $1 ORDER BY programme_id",
            &[id.clone().into()],
        )?
        .into_iter()
        .map(|r| r[0].clone().into_text())
        .collect();
    Ok(Account {
        id,
        login,
        display_name,
        role,
        disabled,
        scope_epoch,
        programmes,
    })
}

/// The account with this id.
pub fn account(tx: &mut dyn Tx, id: &str) -> Result<Option<Account>> {
    let row = tx.one(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"),
        &[id.into()],
    )?;
    row.map(|r| account_of(tx, r)).transpose()
}

/// The account with this login, and its password hash.
pub fn account_by_login(tx: &mut dyn Tx, login: &str) -> Result<Option<(Account, String)>> {
    let row = tx.one(
        &format!("SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts WHERE login = $1"),
        &[login.into()],
    )?;
    match row {
        None => Ok(None),
        Some(mut r) => {
            let hash = r.pop().unwrap_or(Val::Null).into_text();
            Ok(Some((account_of(tx, r)?, hash)))
        }
    }
}

/// Every account, by login.
pub fn accounts(tx: &mut dyn Tx) -> Result<Vec<Account>> {
    let rows = tx.query(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY login"),
        &[],
    )?;
    rows.into_iter().map(|r| account_of(tx, r)).collect()
}

/// Creates an account; refuses a login already taken.
pub fn create_account(
    tx: &mut dyn Tx,
    login: &str,
    display_name: &str,
    role: Role,
    password_hash: &str,
    programmes: &[String],
) -> Result<Account> {
    if account_by_login(tx, login)?.is_some() {
        return Err(ServerError::new(
            ErrorCode::BadRequest,
            format!("the login {login} is taken"),
        ));
    }
    let id = uuid::Uuid::now_v7().to_string();
    tx.exec(
        "INSERT INTO accounts (id, login, display_name, role, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            id.clone().into(),
            login.into(),
            display_name.into(),
            role.as_str().into(),
            password_hash.into(),
            now_text().into(),
        ],
    )?;
    set_programmes(tx, &id, programmes)?;
    account(tx, &id)?.ok_or_else(|| ServerError::internal("account just made"))
}

/// Sets the programmes of an account; what it may see changes, so its devices pull again.
pub fn set_programmes(tx: &mut dyn Tx, account_id: &str, programmes: &[String]) -> Result<()> {
    tx.exec(
        "DELETE FROM account_programmes WHERE account_id = $1",
        &[account_id.into()],
    )?;
    for p in programmes {
        tx.exec(
            "INSERT INTO account_programmes (account_id, programme_id) VALUES ($1, $2)
             ON CONFLICT DO NOTHING",
            &[account_id.into(), p.into()],
        )?;
    }
    tx.exec(
        "UPDATE accounts SET scope_epoch = scope_epoch + 1 WHERE id = $1",
        &[account_id.into()],
    )?;
    Ok(())
}

pub fn set_password(tx: &mut dyn Tx, account_id: &str, hash: &str) -> Result<()> {
    tx.exec(
        "UPDATE accounts SET password_hash = $2 WHERE id = $1",
        &[account_id.into(), hash.into()],
    )?;
    // A new password ends every session.
    tx.exec(
        "UPDATE tokens SET revoked = 1 WHERE account_id = $1",
        &[account_id.into()],
    )?;
    Ok(())
}

/// Changes an account's name, role, programmes and whether it is disabled, in one transaction:
/// what it may see is evaluated again (its scope epoch moves on) and disabling it ends every
/// session it has.
pub fn update_account(
    tx: &mut dyn Tx,
    account_id: &str,
    display_name: &str,
    role: Role,
    programmes: &[String],
    disabled: bool,
) -> Result<()> {
    tx.exec(
        "UPDATE accounts SET display_name = $2, role = $3 WHERE id = $1",
        &[account_id.into(), display_name.into(), role.as_str().into()],
    )?;
    set_programmes(tx, account_id, programmes)?;
    set_disabled(tx, account_id, disabled)
}

pub fn set_disabled(tx: &mut dyn Tx, account_id: &str, disabled: bool) -> Result<()> {
    tx.exec(
        "UPDATE accounts SET disabled = $2 WHERE id = $1",
        &[account_id.into(), Val::Int(disabled.into())],
    )?;
    // A disabled account's sessions end (enabling it again does not bring them back).
    if disabled {
        tx.exec(
            "UPDATE tokens SET revoked = 1 WHERE account_id = $1",
            &[account_id.into()],
        )?;
    }
    Ok(())
}

pub fn insert_token(
    tx: &mut dyn Tx,
    hash: &str,
    account_id: &str,
    device_id: &str,
    expires_at: &str,
) -> Result<()> {
    tx.exec(
        "INSERT INTO tokens (hash, account_id, device_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        &[
            hash.into(),
            account_id.into(),
            device_id.into(),
            now_text().into(),
            expires_at.into(),
        ],
    )?;
    Ok(())
}

/// The account of a token hash: unknown → `unauthorized`; expired, revoked or of a disabled
/// account → `token_expired`.
pub fn token_account(tx: &mut dyn Tx, hash: &str, now: &str) -> Result<Account> {
    let row = tx
        .one(
            "SELECT account_id, expires_at, revoked FROM tokens WHERE hash = $1",
            &[hash.into()],
        )?
        .ok_or_else(|| ServerError::new(ErrorCode::Unauthorized, "unknown token"))?;
    let expires = row[1].text().unwrap_or_default().to_string();
    if row[2].int().unwrap_or(1) != 0 || expires.as_str() <= now {
        return Err(ServerError::new(
            ErrorCode::TokenExpired,
            "the session ended: log in again",
        ));
    }
    let account = account(tx, row[0].text().unwrap_or_default())?
        .ok_or_else(|| ServerError::new(ErrorCode::Unauthorized, "unknown account"))?;
    if account.disabled {
        return Err(ServerError::new(
            ErrorCode::TokenExpired,
            "the account is disabled",
        ));
    }
    Ok(account)
}

pub fn revoke_token(tx: &mut dyn Tx, hash: &str) -> Result<()> {
    tx.exec(
        "UPDATE tokens SET revoked = 1 WHERE hash = $1",
        &[hash.into()],
    )?;
    Ok(())
}

/// The latest sequence number given to an op (0 before the first).
pub fn last_seq(tx: &mut dyn Tx) -> Result<i64> {
    Ok(meta(tx, "last_seq")?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
}

/// What one push transaction keeps in memory: the sequence numbers (the last one read once,
/// new ones handed out here, the last one given saved by [`Batch::finish`] before the
/// transaction commits), the ops of the push the server already holds, and the programmes of
/// the assessments its rows hang from.
pub struct Batch {
    next: i64,
    first: i64,
    /// Body of every op of the push the server holds, by op id (read in one query per 500
    /// ops, then kept up to date as ops are applied).
    held: HashMap<String, String>,
    /// The rows of the push's ops that have field heads (read like `held`, then kept up to
    /// date): a row not in it is new, and its heads need no query.
    with_heads: std::collections::HashSet<(String, String)>,
    /// Parent rows found held (see [`Batch::row_known`]).
    known: std::collections::HashSet<(String, String)>,
}

impl Batch {
    pub fn begin(tx: &mut dyn Tx, ops: &[ChangeOp]) -> Result<Batch> {
        let next = last_seq(tx)? + 1;
        let mut held = HashMap::new();
        let mut with_heads = std::collections::HashSet::new();
        for chunk in ops.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let marks = marks.join(", ");
            let ids: Vec<Val> = chunk.iter().map(|op| op.op_id.clone().into()).collect();
            for r in tx.query(
                &format!("SELECT op_id, body FROM ops WHERE op_id IN ({marks})"),
                &ids,
            )? {
                held.insert(r[0].clone().into_text(), r[1].clone().into_text());
            }
            let rows: Vec<Val> = chunk.iter().map(|op| op.row_id.clone().into()).collect();
            for r in tx.query(
                &format!(
                    "SELECT DISTINCT entity, row_id FROM field_heads WHERE row_id IN ({marks})"
                ),
                &rows,
            )? {
                with_heads.insert((r[0].clone().into_text(), r[1].clone().into_text()));
            }
        }
        Ok(Batch {
            next,
            first: next,
            held,
            with_heads,
            known: std::collections::HashSet::new(),
        })
    }

    fn take(&mut self) -> i64 {
        self.next += 1;
        self.next - 1
    }

    /// Whether the server holds row `id` of `entity` (made in this push or before).
    fn row_known(&mut self, tx: &mut dyn Tx, entity: &str, id: &str) -> Result<bool> {
        let key = (entity.to_string(), id.to_string());
        if self.with_heads.contains(&key) || self.known.contains(&key) {
            return Ok(true);
        }
        let known = tx
            .one(
                "SELECT 1 FROM row_scope WHERE entity = $1 AND row_id = $2",
                &[entity.into(), id.into()],
            )?
            .is_some();
        if known {
            self.known.insert(key);
        }
        Ok(known)
    }

    pub fn finish(self, tx: &mut dyn Tx) -> Result<()> {
        if self.next > self.first {
            set_meta(tx, "last_seq", &(self.next - 1).to_string())?;
        }
        Ok(())
    }
}

/// Checks an op's shape against the schema: the entity and every field known, each value of
/// its column's kind, a stamp that parses and is not too far ahead of `now_ms`.
fn check_op(op: &ChangeOp, now_ms: u64) -> std::result::Result<(), (RejectCode, String)> {
    let reject = |code, msg: String| Err((code, msg));
    let Some(def) = schema::entity(&op.entity) else {
        return reject(RejectCode::UnknownEntity, format!("entity {}", op.entity));
    };
    if op.schema_version > schema::SCHEMA_VERSION {
        return reject(
            RejectCode::NewerSchema,
            format!(
                "schema {} is newer than the server's {}",
                op.schema_version,
                schema::SCHEMA_VERSION
            ),
        );
    }
    let ok_id = |s: &str| !s.is_empty() && s.len() <= 64 && !s.contains(char::is_control);
    if !ok_id(&op.op_id) || !ok_id(&op.row_id) || op.device_id.len() > 200 {
        return reject(RejectCode::Malformed, "op or row id".into());
    }
    let Some(stamp) = Stamp::parse(&op.hlc) else {
        return reject(RejectCode::Malformed, format!("stamp {}", op.hlc));
    };
    if stamp.hlc.ms > now_ms + MAX_SKEW_MS {
        return reject(
            RejectCode::ClockSkew,
            format!(
                "stamped {} s ahead of the server's clock",
                (stamp.hlc.ms - now_ms) / 1000
            ),
        );
    }
    for b in op.base.values().flatten() {
        if Stamp::parse(b).is_none() {
            return reject(RejectCode::Malformed, format!("base stamp {b}"));
        }
    }
    if op.fields.is_empty() {
        return reject(RejectCode::Malformed, "no fields".into());
    }
    for (name, value) in &op.fields {
        let kind = if name == "deleted" {
            Some(ColumnKind::Bool)
        } else {
            def.column(name)
        };
        let Some(kind) = kind else {
            return reject(RejectCode::UnknownField, format!("{}.{name}", op.entity));
        };
        let fits = match (kind, value) {
            (_, Value::Null) => name != "deleted",
            (ColumnKind::Bool, v) => v.is_boolean(),
            (ColumnKind::Json, v) => v.is_array() || v.is_object(),
            (ColumnKind::Plain, v) => !v.is_array() && !v.is_object(),
        };
        if !fits {
            return reject(
                RejectCode::Invalid,
                format!("{}.{name}: {value}", op.entity),
            );
        }
    }
    // A whole row (a new one, as devices send it) must also pass the entity's validation, as
    // on the devices: the server never holds a row they would refuse.
    let whole = def.columns.iter().all(|(c, _)| op.fields.contains_key(*c));
    if op.kind == OpKind::Upsert && whole {
        let checked = if op.fields.contains_key("deleted") {
            let mut row = op.fields.clone();
            row.remove("deleted");
            (def.check)(&row)
        } else {
            (def.check)(&op.fields)
        };
        if let Err(e) = checked {
            return reject(RejectCode::Invalid, format!("{}: {e}", op.entity));
        }
    }
    if let Some(id) = op.fields.get("id")
        && id.as_str() != Some(op.row_id.as_str())
    {
        return reject(RejectCode::Invalid, "id differs from the row id".into());
    }
    let deleted = op.fields.get("deleted");
    let kind_fits = match op.kind {
        OpKind::Delete => deleted == Some(&Value::Bool(true)),
        OpKind::Restore => deleted == Some(&Value::Bool(false)),
        OpKind::Upsert => true,
    };
    if !kind_fits {
        return reject(RejectCode::Malformed, "kind and deleted disagree".into());
    }
    Ok(())
}

/// Whether `account` may write the row `(entity, row_id)` as it is now: a row visible in one
/// of its programmes, or one nobody else may see yet that it made (or a new one).
fn may_write_row(tx: &mut dyn Tx, account: &Account, entity: &str, row_id: &str) -> Result<bool> {
    // One query: ('o', owner) if the row is known, ('p', programme) for each programme it is
    // visible in: its own, and for a row under an assessment the assessment's.
    let rows = tx.query(
        "SELECT 'o', owner FROM row_scope WHERE entity = $1 AND row_id = $2
         UNION ALL
         SELECT 'p', programme_id FROM row_programmes WHERE entity = $1 AND row_id = $2
         UNION ALL
         SELECT 'p', rp.programme_id FROM row_scope s JOIN row_programmes rp
           ON rp.entity = 'assessment' AND rp.row_id = s.assessment_id
         WHERE s.entity = $1 AND s.row_id = $2 AND s.entity <> 'assessment'",
        &[entity.into(), row_id.into()],
    )?;
    let mut owner = None;
    let mut progs = Vec::new();
    for r in rows {
        let value = r[1].clone().into_text();
        if r[0].text() == Some("o") {
            owner = Some(value);
        } else {
            progs.push(value);
        }
    }
    if progs.is_empty() {
        return Ok(owner.is_none_or(|o| o == account.id));
    }
    Ok(progs.iter().any(|p| account.programmes.contains(p)))
}

/// Why `account` may not apply `op`, if it may not.
fn refuse_scope(
    tx: &mut dyn Tx,
    account: &Account,
    op: &ChangeOp,
) -> Result<Option<(RejectCode, String)>> {
    if account.role == Role::Admin {
        return Ok(None);
    }
    if op.entity == "programme" {
        return Ok(Some((
            RejectCode::ReadOnly,
            "programmes are the office's reference data".into(),
        )));
    }
    if schema::office_only(&op.entity) {
        return Ok(Some((
            RejectCode::ReadOnly,
            format!(
                "{} rows are the office's records (made in the portal)",
                op.entity
            ),
        )));
    }
    let out = |what: String| Ok(Some((RejectCode::OutOfScope, what)));
    if !may_write_row(tx, account, &op.entity, &op.row_id)? {
        return out(format!(
            "{} {} belongs to another programme",
            op.entity, op.row_id
        ));
    }
    if let Some(p) = op.fields.get("programme_id").and_then(Value::as_str)
        && op.entity == "assessment"
        && !account.programmes.iter().any(|m| m == p)
    {
        return out(format!("programme {p} is not one of the account's"));
    }
    for (column, parent) in schema::entity(&op.entity).map_or(&[][..], |d| d.parents) {
        if let Some(pid) = op.fields.get(*column).and_then(Value::as_str)
            && !may_write_row(tx, account, parent, pid)?
        {
            return out(format!("{parent} {pid} belongs to another programme"));
        }
    }
    Ok(None)
}

/// The value a field has in the whole row `row` of an insert's head (a row's `deleted` is
/// false until some op says otherwise).
fn in_row(row: &Value, field: &str) -> Value {
    row.get(field).cloned().unwrap_or(if field == "deleted" {
        Value::Bool(false)
    } else {
        Value::Null
    })
}

/// Whether the server holds row `row_id` of `entity` and it is not deleted (the winner of its
/// `deleted` field): one row's heads read, not a snapshot.
pub fn is_live(tx: &mut dyn Tx, entity: &str, row_id: &str) -> Result<bool> {
    Ok(matches!(
        winner(tx, entity, row_id, "deleted")?,
        Some(Value::Bool(false)) | Some(Value::Null)
    ))
}

/// The versions a change of `fields` of row `(entity, row_id)` made now replaces: per field,
/// the stamps of its current heads (its own, and the row's inserts no op of the field
/// replaced). The office's own edits and deletes carry them as their op's `base`, as a
/// device's do, so they are not taken for concurrent edits.
pub fn base_of<'a>(
    tx: &mut dyn Tx,
    entity: &str,
    row_id: &str,
    fields: impl Iterator<Item = &'a String>,
) -> Result<std::collections::BTreeMap<String, Vec<String>>> {
    let heads = tx.query(
        "SELECT h.field, h.hlc FROM field_heads h WHERE h.entity = $1 AND h.row_id = $2",
        &[entity.into(), row_id.into()],
    )?;
    let gone: std::collections::BTreeSet<(String, String)> = tx
        .query(
            "SELECT field, hlc FROM field_superseded WHERE entity = $1 AND row_id = $2",
            &[entity.into(), row_id.into()],
        )?
        .into_iter()
        .map(|r| (r[0].clone().into_text(), r[1].clone().into_text()))
        .collect();
    let mut out = std::collections::BTreeMap::new();
    for field in fields {
        let mut stamps: Vec<String> = heads
            .iter()
            .filter_map(|r| {
                let (f, hlc) = (r[0].text()?, r[1].text()?);
                let counts = if f == ROW {
                    !gone.contains(&(field.clone(), hlc.to_string()))
                } else {
                    f == field
                };
                counts.then(|| hlc.to_string())
            })
            .collect();
        stamps.sort();
        if !stamps.is_empty() {
            out.insert(field.clone(), stamps);
        }
    }
    Ok(out)
}

/// The winning value of a field (its head with the greatest stamp): its own heads and the
/// inserts of its row (`*`) no op of the field replaced.
fn winner(tx: &mut dyn Tx, entity: &str, row_id: &str, field: &str) -> Result<Option<Value>> {
    let rows = tx.query(
        "SELECT h.hlc, h.field, h.value, h.op_id FROM field_heads h
         WHERE h.entity = $1 AND h.row_id = $2 AND h.field = $3
         UNION ALL
         SELECT h.hlc, h.field, h.value, h.op_id FROM field_heads h
         WHERE h.entity = $1 AND h.row_id = $2 AND h.field = '*' AND NOT EXISTS (
               SELECT 1 FROM field_superseded s
               WHERE s.entity = $1 AND s.row_id = $2 AND s.field = $3 AND s.hlc = h.hlc)",
        &[entity.into(), row_id.into(), field.into()],
    )?;
    let best = rows
        .into_iter()
        .max_by(|x, y| x[0].text().cmp(&y[0].text()));
    let Some(r) = best else {
        return Ok(None);
    };
    let text = |i: usize| r[i].text().unwrap_or_default();
    let value = head_value(tx, text(1), text(2), text(3))?;
    Ok(Some(if text(1) == ROW {
        in_row(&value, field)
    } else {
        value
    }))
}

/// The value of a head as stored. An insert's head (`*`) written since the server stopped
/// copying the row stores no value: its row is the fields of its op (kept once, in `ops`).
fn head_value(tx: &mut dyn Tx, field: &str, value: &str, op_id: &str) -> Result<Value> {
    if field == ROW && value.is_empty() {
        return inserted_row(tx, op_id);
    }
    Ok(serde_json::from_str(value).unwrap_or(Value::Null))
}

/// The row an insert's op made: the fields of op `op_id`.
pub(crate) fn inserted_row(tx: &mut dyn Tx, op_id: &str) -> Result<Value> {
    let body = tx
        .one("SELECT body FROM ops WHERE op_id = $1", &[op_id.into()])?
        .and_then(|r| r[0].text().map(str::to_string))
        .ok_or_else(|| ServerError::internal(format!("insert head of a missing op {op_id}")))?;
    insert_fields(&body)
}

/// The fields of a stored op's body, as a row.
pub(crate) fn insert_fields(body: &str) -> Result<Value> {
    let op: ChangeOp = serde_json::from_str(body)?;
    Ok(Value::Object(op.fields))
}

/// One current version of a field.
#[derive(Clone)]
struct Head {
    hlc: String,
    op_id: String,
    value: Value,
    author: String,
    at: String,
}

/// Whether the heads of a field disagree (a conflict).
fn differ(heads: &[Head]) -> bool {
    heads.iter().any(|h| h.value != heads[0].value)
}

/// The field name of an insert's head: the whole new row, the implicit head of every field
/// no op of it has replaced yet (as on the devices: one head per inserted row, not one per
/// field). Its row is its op's fields (see [`head_value`]).
pub(crate) const ROW: &str = "*";

/// Whether `op` may be recorded as an insert's head: the first op the server holds of its row
/// (`stored` empty: then nothing of the row can be superseded either, since an op that
/// supersedes leaves a head), an upsert replacing nothing. Photo rows keep a head per field:
/// [`may_read_blob`] finds them by their `sha256` head.
fn is_insert(op: &ChangeOp, stored: &[Vec<Val>]) -> bool {
    stored.is_empty()
        && op.kind == OpKind::Upsert
        && op.base.values().all(|b| b.is_empty())
        && op.entity != "attachment"
}

/// Records the fields of an op as the devices do (see `sxsh-store`'s `versions`): the base
/// stops being heads, the op becomes a head unless some op already replaced it, and each
/// field's conflict row follows its heads. A row's heads are read in one query and the new
/// ones written in one; returns whether some field is in conflict after it.
fn record_fields(tx: &mut dyn Tx, batch: &mut Batch, op: &ChangeOp) -> Result<bool> {
    let row: [Val; 2] = [op.entity.clone().into(), op.row_id.clone().into()];
    let key = (op.entity.clone(), op.row_id.clone());
    let stored = if batch.with_heads.contains(&key) {
        tx.query(
            "SELECT field, hlc, op_id, value, author, at FROM field_heads
             WHERE entity = $1 AND row_id = $2",
            &row,
        )?
    } else {
        Vec::new()
    };
    // Every op leaves a head or supersedes one of an op that did.
    batch.with_heads.insert(key);
    if is_insert(op, &stored) {
        tx.exec(
            "INSERT INTO field_heads (entity, row_id, field, hlc, op_id, value, author, at)
             VALUES ($1, $2, '*', $3, $4, '', $5, $6)",
            &[
                row[0].clone(),
                row[1].clone(),
                op.hlc.clone().into(),
                op.op_id.clone().into(),
                op.author.clone().into(),
                op.at.clone().into(),
            ],
        )?;
        return Ok(false);
    }
    let mut heads: std::collections::BTreeMap<String, Vec<Head>> = Default::default();
    let mut inserts: Vec<(Head, Value)> = Vec::new();
    for r in stored {
        let text = |i: usize| r[i].text().unwrap_or_default().to_string();
        let head = Head {
            hlc: text(1),
            op_id: text(2),
            value: head_value(tx, &text(0), &text(3), &text(2))?,
            author: text(4),
            at: text(5),
        };
        if text(0) == ROW {
            inserts.push((head.clone(), head.value));
        } else {
            heads.entry(text(0)).or_default().push(head);
        }
    }
    if !inserts.is_empty() {
        // The fields some op took out of an insert's head.
        let gone: std::collections::BTreeSet<(String, String)> = tx
            .query(
                "SELECT s.field, s.hlc FROM field_superseded s JOIN field_heads h
                 ON h.entity = s.entity AND h.row_id = s.row_id AND h.field = '*' AND h.hlc = s.hlc
                 WHERE s.entity = $1 AND s.row_id = $2",
                &row,
            )?
            .into_iter()
            .map(|r| (r[0].clone().into_text(), r[1].clone().into_text()))
            .collect();
        for field in op.fields.keys() {
            for (head, whole) in &inserts {
                if !gone.contains(&(field.clone(), head.hlc.clone())) {
                    let list = heads.entry(field.clone()).or_default();
                    list.push(Head {
                        value: in_row(whole, field),
                        ..head.clone()
                    });
                }
            }
        }
    }
    for list in heads.values_mut() {
        list.sort_by(|a, b| a.hlc.cmp(&b.hlc));
    }
    let superseded: std::collections::BTreeSet<String> = tx
        .query(
            "SELECT field FROM field_superseded WHERE entity = $1 AND row_id = $2 AND hlc = $3",
            &[row[0].clone(), row[1].clone(), op.hlc.clone().into()],
        )?
        .into_iter()
        .map(|r| r[0].clone().into_text())
        .collect();
    let mut new_heads: Vec<Val> = Vec::new();
    let mut conflict = false;
    for (field, value) in &op.fields {
        let key = |extra: Vec<Val>| {
            let mut v = vec![row[0].clone(), row[1].clone(), field.as_str().into()];
            v.extend(extra);
            v
        };
        let list = heads.entry(field.clone()).or_default();
        let before = differ(list);
        for b in op.base.get(field).into_iter().flatten() {
            if let Some(i) = list.iter().position(|h| &h.hlc == b) {
                list.remove(i);
                tx.exec(
                    "DELETE FROM field_heads
                     WHERE entity = $1 AND row_id = $2 AND field = $3 AND hlc = $4",
                    &key(vec![b.into()]),
                )?;
            }
            tx.exec(
                "INSERT INTO field_superseded (entity, row_id, field, hlc)
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &key(vec![b.into()]),
            )?;
        }
        if !superseded.contains(field) && !list.iter().any(|h| h.hlc == op.hlc) {
            let head = Head {
                hlc: op.hlc.clone(),
                op_id: op.op_id.clone(),
                value: value.clone(),
                author: op.author.clone(),
                at: op.at.clone(),
            };
            new_heads.extend(key(vec![
                head.hlc.clone().into(),
                head.op_id.clone().into(),
                value.to_string().into(),
                head.author.clone().into(),
                head.at.clone().into(),
            ]));
            let at = list.partition_point(|h| h.hlc < head.hlc);
            list.insert(at, head);
        }
        let after = differ(list);
        conflict |= after;
        if after {
            let versions: Vec<Value> = list
                .iter()
                .map(|h| {
                    serde_json::json!({"hlc": h.hlc, "op_id": h.op_id, "value": h.value,
                                       "author": h.author, "at": h.at})
                })
                .collect();
            tx.exec(
                "INSERT INTO conflicts (entity, row_id, field, heads) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (entity, row_id, field) DO UPDATE SET heads = excluded.heads",
                &key(vec![Value::Array(versions).to_string().into()]),
            )?;
        } else if before {
            tx.exec(
                "DELETE FROM conflicts WHERE entity = $1 AND row_id = $2 AND field = $3",
                &key(vec![]),
            )?;
        }
    }
    if !new_heads.is_empty() {
        let sql = insert_rows(
            "INSERT INTO field_heads (entity, row_id, field, hlc, op_id, value, author, at)",
            8,
            new_heads.len() / 8,
            "ON CONFLICT DO NOTHING",
        );
        tx.exec(&sql, &new_heads)?;
    }
    Ok(conflict)
}

/// `head VALUES ($1, …, $width), (…), … tail`: one statement inserting `rows` rows.
pub(crate) fn insert_rows(head: &str, width: usize, rows: usize, tail: &str) -> String {
    let mut sql = format!("{head} VALUES ");
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * width + c + 1));
        }
        sql.push(')');
    }
    sql.push(' ');
    sql.push_str(tail);
    sql
}

/// Gives every op of a row a new, later sequence number, so devices that could not see it
/// before (their cursor is past those ops) receive it on their next pull.
/// Ops given their number in this transaction are not re-sequenced: no device has seen them.
fn resequence(tx: &mut dyn Tx, batch: &mut Batch, entity: &str, row_id: &str) -> Result<()> {
    let seqs = tx.query(
        "SELECT seq FROM ops WHERE entity = $1 AND row_id = $2 AND seq < $3 ORDER BY seq",
        &[entity.into(), row_id.into(), batch.first.into()],
    )?;
    for s in seqs {
        let next = batch.take();
        tx.exec(
            "UPDATE ops SET seq = $2 WHERE seq = $1",
            &[s[0].clone(), next.into()],
        )?;
    }
    Ok(())
}

/// Makes a row visible in a programme; a row that was not yet is re-sequenced (so devices
/// whose cursor is past its ops receive them). Whether it was not yet.
fn grant(
    tx: &mut dyn Tx,
    batch: &mut Batch,
    entity: &str,
    row_id: &str,
    programme: &str,
) -> Result<bool> {
    let added = tx.exec(
        "INSERT INTO row_programmes (entity, row_id, programme_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        &[entity.into(), row_id.into(), programme.into()],
    )?;
    if added > 0 {
        resequence(tx, batch, entity, row_id)?;
    }
    Ok(added > 0)
}

/// Makes rows `ids` of `entity` visible in `programme` (an import's enterprises shared with
/// a programme's accounts), in the transaction of their push.
pub fn share(tx: &mut dyn Tx, entity: &str, ids: &[String], programme: &str) -> Result<()> {
    let mut batch = Batch::begin(tx, &[])?;
    for id in ids {
        grant(tx, &mut batch, entity, id, programme)?;
    }
    batch.finish(tx)
}

/// Keeps what the row of `op` hangs from and the programmes it is visible in up to date, by the
/// winning values of its fields (so the result does not depend on the order ops came in).
fn update_scope(
    tx: &mut dyn Tx,
    batch: &mut Batch,
    account: &Account,
    op: &ChangeOp,
) -> Result<()> {
    let assessment_id = if op.entity == "assessment" {
        Some(op.row_id.clone())
    } else {
        op.fields
            .get("assessment_id")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    tx.exec(
        "INSERT INTO row_scope (entity, row_id, owner, assessment_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (entity, row_id) DO UPDATE
         SET assessment_id = coalesce(row_scope.assessment_id, excluded.assessment_id)",
        &[
            op.entity.clone().into(),
            op.row_id.clone().into(),
            account.id.clone().into(),
            assessment_id.into(),
        ],
    )?;
    match op.entity.as_str() {
        "programme" => {
            grant(tx, batch, "programme", &op.row_id, &op.row_id)?;
        }
        "assessment" => {
            let programme = winner(tx, "assessment", &op.row_id, "programme_id")?;
            let enterprise = winner(tx, "assessment", &op.row_id, "enterprise_id")?;
            if let Some(p) = programme.as_ref().and_then(Value::as_str) {
                // The assessment and its enterprise; the rows under it are visible where it is
                // (see `visible`), and are re-sequenced with it when it joins a programme.
                if grant(tx, batch, "assessment", &op.row_id, p)? {
                    let under = tx.query(
                        "SELECT entity, row_id FROM row_scope WHERE assessment_id = $1 AND entity <> 'assessment'",
                        &[op.row_id.clone().into()],
                    )?;
                    for r in under {
                        let (entity, row) = (r[0].clone().into_text(), r[1].clone().into_text());
                        resequence(tx, batch, &entity, &row)?;
                    }
                }
                if let Some(e) = enterprise.as_ref().and_then(Value::as_str) {
                    grant(tx, batch, "enterprise", e, p)?;
                }
            }
        }
        // The office's records (training events, surveys, support) are visible in the
        // programme they name.
        entity if schema::entity(entity).is_some_and(|d| d.column("programme_id").is_some()) => {
            if let Some(p) = winner(tx, entity, &op.row_id, "programme_id")?
                .as_ref()
                .and_then(Value::as_str)
            {
                grant(tx, batch, entity, &op.row_id, p)?;
            }
        }
        // A row under an assessment is visible where the assessment is: nothing to record
        // beyond its scope row (which names the assessment).
        _ => {}
    }
    Ok(())
}

/// Applies one pushed op: checked, authorised, given the next sequence number, its fields
/// recorded, its row's scope updated.
pub fn apply_op(
    tx: &mut dyn Tx,
    batch: &mut Batch,
    account: &Account,
    op: &ChangeOp,
    now_ms: u64,
) -> Result<PushStatus> {
    let rejected = |(code, message): (RejectCode, String)| PushStatus::Rejected { code, message };
    if let Err(r) = check_op(op, now_ms) {
        return Ok(rejected(r));
    }
    if let Some(body) = batch.held.get(&op.op_id) {
        let stored: ChangeOp = serde_json::from_str(body)?;
        return Ok(if stored == *op {
            PushStatus::Duplicate
        } else {
            rejected((
                RejectCode::IdReused,
                format!("op {} was sent before with other content", op.op_id),
            ))
        });
    }
    if let Some(r) = not_yet(tx, batch, op)? {
        return Ok(rejected(r));
    }
    if let Some(r) = refuse_scope(tx, account, op)? {
        return Ok(rejected(r));
    }
    let number = batch.take();
    let body = serde_json::to_string(op)?;
    tx.exec(
        "INSERT INTO ops (seq, op_id, entity, row_id, account_id, body, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            number.into(),
            op.op_id.clone().into(),
            op.entity.clone().into(),
            op.row_id.clone().into(),
            account.id.clone().into(),
            body.clone().into(),
            now_text().into(),
        ],
    )?;
    batch.held.insert(op.op_id.clone(), body);
    let conflict = record_fields(tx, batch, op)?;
    update_scope(tx, batch, account, op)?;
    Ok(if conflict {
        PushStatus::Conflict
    } else {
        PushStatus::Applied
    })
}

/// Why the server cannot place `op` yet, if it cannot: a change of a row it does not hold, or a
/// new row under a parent it does not hold (made on a device that has not synced yet; the two
/// met through a bundle). Such an op is refused as `waiting` and nothing of it is kept, so no
/// account claims a row through it; the device sends it again at its next sync (the devices
/// keep such ops pending in the same way).
fn not_yet(
    tx: &mut dyn Tx,
    batch: &mut Batch,
    op: &ChangeOp,
) -> Result<Option<(RejectCode, String)>> {
    let key = (op.entity.clone(), op.row_id.clone());
    if batch.with_heads.contains(&key) {
        return Ok(None);
    }
    let waiting = |what: String| {
        Ok(Some((
            RejectCode::Waiting,
            format!("{what} is not on the server yet; sent again at the next sync"),
        )))
    };
    let new_row = op.kind == OpKind::Upsert && op.base.values().all(|b| b.is_empty());
    if !new_row {
        return waiting(format!("{} {}", op.entity, op.row_id));
    }
    for (column, parent) in schema::entity(&op.entity).map_or(&[][..], |d| d.parents) {
        if let Some(pid) = op.fields.get(*column).and_then(Value::as_str)
            && !batch.row_known(tx, parent, pid)?
        {
            return waiting(format!("{parent} {pid}"));
        }
    }
    Ok(None)
}

/// Applies a push, parents first (as the devices do), answering in the order of `ops`.
pub fn push(
    tx: &mut dyn Tx,
    account: &Account,
    ops: &[ChangeOp],
    now_ms: u64,
) -> Result<Vec<PushResult>> {
    let mut order: Vec<usize> = (0..ops.len()).collect();
    order.sort_by(|&a, &b| {
        (schema::rank(&ops[a].entity), &ops[a].hlc)
            .cmp(&(schema::rank(&ops[b].entity), &ops[b].hlc))
    });
    let mut status = vec![PushStatus::Duplicate; ops.len()];
    let mut batch = Batch::begin(tx, ops)?;
    for i in order {
        status[i] = apply_op(tx, &mut batch, account, &ops[i], now_ms)?;
    }
    batch.finish(tx)?;
    Ok(ops
        .iter()
        .zip(status)
        .map(|(op, status)| PushResult {
            op_id: op.op_id.clone(),
            status,
        })
        .collect())
}

/// The condition "the account may see the row `{a}.entity`, `{a}.row_id`", with the account
/// id as `$2` and `$3` = 1 when it sees everything: a row it made, a row of its programmes, a
/// row under an assessment of its programmes, or a row under an assessment it made (the
/// office's review of an assessment with no programme reaches the consultant who made it).
pub(crate) fn visible(a: &str) -> String {
    format!(
        "($3 = 1
    OR EXISTS (SELECT 1 FROM row_scope s WHERE s.entity = {a}.entity AND s.row_id = {a}.row_id AND s.owner = $2)
    OR EXISTS (SELECT 1 FROM row_programmes rp JOIN account_programmes ap ON ap.programme_id = rp.programme_id
               WHERE rp.entity = {a}.entity AND rp.row_id = {a}.row_id AND ap.account_id = $2)
    OR EXISTS (SELECT 1 FROM row_scope s
               JOIN row_programmes rp ON rp.entity = 'assessment' AND rp.row_id = s.assessment_id
               JOIN account_programmes ap ON ap.programme_id = rp.programme_id
               WHERE s.entity = {a}.entity AND s.row_id = {a}.row_id AND s.entity <> 'assessment'
                 AND ap.account_id = $2)
    OR EXISTS (SELECT 1 FROM row_scope s
               JOIN row_scope sa ON sa.entity = 'assessment' AND sa.row_id = s.assessment_id
               WHERE s.entity = {a}.entity AND s.row_id = {a}.row_id AND s.entity <> 'assessment'
                 AND sa.owner = $2))"
    )
}

/// The rows of `entities` the account may see, as `(entity, row id)`: the rule of
/// [`visible`] as set joins (a row it made; a row granted to one of its programmes; a row under
/// an assessment of its programmes, or under one it made), for reading many rows at once.
pub fn visible_rows(
    tx: &mut dyn Tx,
    account: &Account,
    entities: &[&str],
) -> Result<HashMap<String, std::collections::HashSet<String>>> {
    let list = entities
        .iter()
        .map(|e| format!("'{}'", e.replace('\'', "")))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = tx.query(
        &format!(
            "SELECT entity, row_id FROM row_scope WHERE owner = $1 AND entity IN ({list})
             UNION
             SELECT rp.entity, rp.row_id FROM row_programmes rp
               JOIN account_programmes ap ON ap.programme_id = rp.programme_id
             WHERE ap.account_id = $1 AND rp.entity IN ({list})
             UNION
             SELECT s.entity, s.row_id FROM row_scope s
               JOIN row_programmes rp ON rp.entity = 'assessment' AND rp.row_id = s.assessment_id
               JOIN account_programmes ap ON ap.programme_id = rp.programme_id
             WHERE ap.account_id = $1 AND s.entity <> 'assessment' AND s.entity IN ({list})
             UNION
             SELECT s.entity, s.row_id FROM row_scope s
               JOIN row_scope sa ON sa.entity = 'assessment' AND sa.row_id = s.assessment_id
             WHERE sa.owner = $1 AND s.entity <> 'assessment' AND s.entity IN ({list})"
        ),
        &[account.id.clone().into()],
    )?;
    let mut out: HashMap<String, std::collections::HashSet<String>> = HashMap::new();
    for r in rows {
        let mut r = r.into_iter().map(|v| v.into_text());
        let (entity, id) = (r.next().unwrap_or_default(), r.next().unwrap_or_default());
        out.entry(entity).or_default().insert(id);
    }
    Ok(out)
}

/// Whether the account may see some photo row holding the bytes `sha256`.
pub fn may_read_blob(tx: &mut dyn Tx, account: &Account, sha256: &str) -> Result<bool> {
    let all = Val::Int(account.sees_all().into());
    Ok(tx
        .one(
            &format!(
                "SELECT 1 FROM field_heads h WHERE h.entity = 'attachment' AND h.field = 'sha256'
                 AND h.value = $1 AND {} LIMIT 1",
                visible("h")
            ),
            &[
                Value::String(sha256.to_string()).to_string().into(),
                account.id.clone().into(),
                all,
            ],
        )?
        .is_some())
}

/// The ops after `after` the account may see, at most `limit`; and how many more wait.
pub fn pull(
    tx: &mut dyn Tx,
    account: &Account,
    after: i64,
    limit: usize,
) -> Result<(Vec<SeqOp>, u64)> {
    let all = Val::Int(account.sees_all().into());
    let rows = tx.query(
        &format!(
            "SELECT o.seq, o.body FROM ops o WHERE o.seq > $1 AND {} ORDER BY o.seq LIMIT $4",
            visible("o")
        ),
        &[
            after.into(),
            account.id.clone().into(),
            all.clone(),
            Val::Int(limit as i64),
        ],
    )?;
    let mut ops = Vec::with_capacity(rows.len());
    for r in rows {
        ops.push(SeqOp {
            seq: r[0].int().unwrap_or(0),
            op: serde_json::from_str(r[1].text().unwrap_or_default())?,
        });
    }
    let last = ops.last().map_or(after, |o| o.seq);
    let remaining = tx
        .one(
            &format!(
                "SELECT count(*) FROM ops o WHERE o.seq > $1 AND {}",
                visible("o")
            ),
            &[last.into(), account.id.clone().into(), all],
        )?
        .and_then(|r| r[0].int())
        .unwrap_or(0);
    Ok((ops, remaining as u64))
}

/// Every conflict the server holds: entity, row, field and the competing heads.
pub fn conflicts(tx: &mut dyn Tx) -> Result<Vec<(String, String, String, Value)>> {
    Ok(tx
        .query(
            "SELECT entity, row_id, field, heads FROM conflicts ORDER BY entity, row_id, field",
            &[],
        )?
        .into_iter()
        .map(|r| {
            let heads = serde_json::from_str(r[3].text().unwrap_or("[]")).unwrap_or(Value::Null);
            (
                r[0].clone().into_text(),
                r[1].clone().into_text(),
                r[2].clone().into_text(),
                heads,
            )
        })
        .collect())
}

/// A logical dump of the synced data, one line per row, sorted within each table: ops with
/// their sequence, field versions, conflicts, scopes, accounts and their programmes (not the
/// sessions or the migration times). Equal dumps mean the same synced state.
pub fn dump(tx: &mut dyn Tx) -> Result<String> {
    let mut out = String::new();
    for (table, columns) in [
        ("server_meta", "key, value"),
        (
            "accounts",
            "id, login, display_name, role, disabled, scope_epoch",
        ),
        ("account_programmes", "account_id, programme_id"),
        ("ops", "seq, op_id, entity, row_id, account_id, body"),
        ("row_scope", "entity, row_id, owner, assessment_id"),
        ("row_programmes", "entity, row_id, programme_id"),
        (
            "field_heads",
            "entity, row_id, field, hlc, op_id, value, author, at",
        ),
        ("field_superseded", "entity, row_id, field, hlc"),
        ("conflicts", "entity, row_id, field, heads"),
    ] {
        out.push_str(&format!("## {table}\n"));
        let mut lines: Vec<String> = tx
            .query(&format!("SELECT {columns} FROM {table}"), &[])?
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|v| match v {
                        Val::Null => "NULL".to_string(),
                        Val::Int(i) => i.to_string(),
                        Val::Text(t) => t,
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        lines.sort();
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{Backend, Sqlite};
    use serde_json::json;

    /// A flow op stamped `n` on device `d`: `fields`, replacing `base` (per field).
    fn op(n: u64, d: &str, fields: Value, base: &[(&str, &[&ChangeOp])]) -> ChangeOp {
        ChangeOp {
            op_id: format!("op-{n}-{d}"),
            entity: "flow".into(),
            row_id: "f-1".into(),
            kind: OpKind::Upsert,
            fields: fields.as_object().unwrap().clone(),
            hlc: format!("{:015}-{n:010}-{d}", 1_700_000_000_000u64),
            base: base
                .iter()
                .map(|(f, ops)| (f.to_string(), ops.iter().map(|o| o.hlc.clone()).collect()))
                .collect(),
            device_id: d.into(),
            author: format!("{d}@{d}"),
            at: "2026-12-04T10:00:00Z".into(),
            created_at: None,
            schema_version: schema::SCHEMA_VERSION,
        }
    }

    /// Applies `ops` in this order, one push each, on a new database that holds their
    /// assessment; an op answered `waiting` (an edit before its row's insert) is pushed again
    /// before the next one and after the last, as devices do at their next syncs. The winning
    /// name and quantity and the conflicts after.
    fn apply_in(order: &[&ChangeOp]) -> (Option<Value>, Option<Value>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let db = Sqlite::open(&dir.path().join("s.db")).unwrap();
        db.write(migrate).unwrap();
        let admin = db
            .write(|tx| create_account(tx, "admin", "Admin", Role::Admin, "x", &[]))
            .unwrap();
        db.write(|tx| {
            tx.exec(
                "INSERT INTO row_scope (entity, row_id, owner, assessment_id)
                 VALUES ('assessment', 'a-1', 'x', 'a-1')",
                &[],
            )
        })
        .unwrap();
        let mut waiting: Vec<ChangeOp> = Vec::new();
        let send = |o: &ChangeOp, waiting: &mut Vec<ChangeOp>| {
            let r = db
                .write(|tx| push(tx, &admin, std::slice::from_ref(o), 1_700_000_000_000))
                .unwrap();
            match &r[0].status {
                PushStatus::Rejected {
                    code: RejectCode::Waiting,
                    ..
                } => waiting.push(o.clone()),
                PushStatus::Rejected { .. } => panic!("{:?}", r[0].status),
                _ => {}
            }
        };
        let retry = |waiting: &mut Vec<ChangeOp>| {
            for o in std::mem::take(waiting) {
                send(&o, waiting);
            }
        };
        for o in order {
            retry(&mut waiting);
            send(o, &mut waiting);
        }
        retry(&mut waiting);
        assert!(waiting.is_empty(), "placed once their row is there");
        db.read(|tx| {
            Ok((
                winner(tx, "flow", "f-1", "name")?,
                winner(tx, "flow", "f-1", "quantity")?,
                conflicts(tx)?
                    .into_iter()
                    .map(|(_, _, field, heads)| format!("{field}: {heads}"))
                    .collect(),
            ))
        })
        .unwrap()
    }

    fn permutations<'a>(ops: &[&'a ChangeOp]) -> Vec<Vec<&'a ChangeOp>> {
        if ops.len() <= 1 {
            return vec![ops.to_vec()];
        }
        let mut all = Vec::new();
        for i in 0..ops.len() {
            let mut rest = ops.to_vec();
            let first = rest.remove(i);
            for mut p in permutations(&rest) {
                p.insert(0, first);
                all.push(p);
            }
        }
        all
    }

    #[test]
    fn field_heads_and_conflicts_do_not_depend_on_the_order_ops_arrive_in() {
        let insert = op(
            1,
            "a",
            json!({"id": "f-1", "assessment_id": "a-1", "name": "Than cám", "quantity": 10.0}),
            &[],
        );
        let name_a = op(
            2,
            "a",
            json!({"name": "Than cám số 4"}),
            &[("name", &[&insert])],
        );
        let name_b = op(3, "b", json!({"name": "Than cục"}), &[("name", &[&insert])]);
        let qty = op(
            4,
            "b",
            json!({"quantity": 12.5}),
            &[("quantity", &[&insert])],
        );
        let resolved = op(
            5,
            "c",
            json!({"name": "Than cám số 4"}),
            &[("name", &[&name_a, &name_b])],
        );

        // Without the resolution: one conflict on the name, in every order.
        let open: Vec<_> = permutations(&[&insert, &name_a, &name_b, &qty])
            .iter()
            .map(|p| apply_in(p))
            .collect();
        assert_eq!(open.len(), 24);
        for o in &open {
            assert_eq!(o, &open[0]);
        }
        let (name, quantity, conflicts) = &open[0];
        assert_eq!(name, &Some(json!("Than cục")), "the later stamp wins");
        assert_eq!(quantity, &Some(json!(12.5)));
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert!(conflicts[0].starts_with("name: "), "{conflicts:?}");
        assert!(conflicts[0].contains("Than cám số 4") && conflicts[0].contains("Than cục"));
        assert!(
            !conflicts[0].contains("\"Than cám\""),
            "the insert was replaced"
        );

        // With it: no conflict, the resolution's value, in every order.
        for p in permutations(&[&insert, &name_a, &name_b, &qty, &resolved]) {
            assert_eq!(
                apply_in(&p),
                (Some(json!("Than cám số 4")), Some(json!(12.5)), vec![]),
                "order {:?}",
                p.iter().map(|o| &o.op_id).collect::<Vec<_>>()
            );
        }
    }
}
