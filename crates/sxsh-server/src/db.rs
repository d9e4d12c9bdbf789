//! The server's storage seen as SQL: a transaction ([`Tx`]) that runs statements with
//! positional parameters (`$1`, `$2`, … in every statement, the dialect both backends share) and
//! a backend ([`Backend`]) that opens read and write transactions. Everything the server keeps
//! is written once over these two traits (see `crate::storage`); a backend only moves values.
//!
//! The SQL used is the common part of SQLite and PostgreSQL: `TEXT` and `BIGINT` columns,
//! `INSERT … ON CONFLICT … DO NOTHING / DO UPDATE`, no `RETURNING`, no `AUTOINCREMENT` (the
//! sequence is a counter row, bumped inside the one write transaction).

use crate::error::{Result, ServerError};
use rusqlite::types::{ToSqlOutput, ValueRef};
use std::path::Path;
use std::sync::Mutex;

/// A value in or out of a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null,
    Int(i64),
    Text(String),
}

impl Val {
    pub fn text(&self) -> Option<&str> {
        match self {
            Val::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn int(&self) -> Option<i64> {
        match self {
            Val::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The text of a column that is never null.
    pub fn into_text(self) -> String {
        match self {
            Val::Text(s) => s,
            Val::Int(i) => i.to_string(),
            Val::Null => String::new(),
        }
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::Text(s.to_string())
    }
}

impl From<String> for Val {
    fn from(s: String) -> Val {
        Val::Text(s)
    }
}

impl From<&String> for Val {
    fn from(s: &String) -> Val {
        Val::Text(s.clone())
    }
}

impl From<i64> for Val {
    fn from(i: i64) -> Val {
        Val::Int(i)
    }
}

impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Val {
        v.map_or(Val::Null, Into::into)
    }
}

/// Statements inside one transaction.
pub trait Tx {
    /// Runs a statement; the number of rows it changed.
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64>;
    /// Runs a query; its rows, each a list of column values.
    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Vec<Val>>>;

    /// The first row of a query, if any.
    fn one(&mut self, sql: &str, params: &[Val]) -> Result<Option<Vec<Val>>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
}

/// A database the server can keep its data in.
pub trait Backend: Send + Sync + 'static {
    /// Runs `f` in a write transaction, committed when it returns `Ok`. Writes are serialised:
    /// one at a time, so the sequence numbers they assign commit in order.
    fn write<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R>;
    /// Runs `f` in a read transaction (a consistent snapshot).
    fn read<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R>;
    /// Which kind of database this is (`sqlite`, `postgres`), for the logs and `info`.
    fn kind(&self) -> &'static str;
}

/// The embedded default: one SQLite file in WAL mode, one writer, a few readers.
pub struct Sqlite {
    writer: Mutex<rusqlite::Connection>,
    readers: Mutex<Vec<rusqlite::Connection>>,
    path: std::path::PathBuf,
}

impl Sqlite {
    pub fn open(path: &Path) -> Result<Sqlite> {
        let writer = Self::connect(path)?;
        Ok(Sqlite {
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            path: path.to_path_buf(),
        })
    }

    fn connect(path: &Path) -> Result<rusqlite::Connection> {
        let conn = rusqlite::Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(conn)
    }
}

/// `$1` → `?1`: SQLite's numbered parameters (a `$` is never used otherwise in our SQL).
fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
}

impl rusqlite::ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Val::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Val::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Val::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

struct SqliteTx<'a>(&'a rusqlite::Transaction<'a>);

impl Tx for SqliteTx<'_> {
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        let mut stmt = self.0.prepare_cached(&sqlite_sql(sql))?;
        Ok(stmt.execute(rusqlite::params_from_iter(params))? as u64)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Vec<Val>>> {
        let mut stmt = self.0.prepare_cached(&sqlite_sql(sql))?;
        let n = stmt.column_count();
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            (0..n)
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        ValueRef::Null => Val::Null,
                        ValueRef::Integer(i) => Val::Int(i),
                        ValueRef::Real(f) => Val::Int(f as i64),
                        ValueRef::Text(t) | ValueRef::Blob(t) => {
                            Val::Text(String::from_utf8_lossy(t).into_owned())
                        }
                    })
                })
                .collect::<rusqlite::Result<Vec<Val>>>()
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Backend for Sqlite {
    fn write<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R> {
        let mut conn = self
            .writer
            .lock()
            .map_err(|_| ServerError::internal("writer lock"))?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&mut SqliteTx(&tx))?;
        tx.commit()?;
        Ok(out)
    }

    fn read<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R> {
        let pooled = self.readers.lock().ok().and_then(|mut v| v.pop());
        let mut conn = match pooled {
            Some(c) => c,
            None => Self::connect(&self.path)?,
        };
        let out = {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)?;
            let out = f(&mut SqliteTx(&tx));
            tx.rollback()?;
            out
        };
        if let Ok(mut v) = self.readers.lock()
            && v.len() < 8
        {
            v.push(conn);
        }
        out
    }

    fn kind(&self) -> &'static str {
        "sqlite"
    }
}
