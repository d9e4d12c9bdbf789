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
        // Up to 32 MB of page cache per connection: a push's working set stays in memory.
        conn.pragma_update(None, "cache_size", "-32768")?;
        // The storage code has a few dozen distinct statements; the default cache (16)
        // would prepare most of them again on every op.
        conn.set_prepared_statement_cache_capacity(256);
        Ok(conn)
    }
}

/// The shared SQL in SQLite's words: `$1` → `?1` (numbered parameters; a `$` is never used
/// otherwise) and `COLLATE "C"` → `COLLATE BINARY` (both compare bytes).
fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
        .replace(r#"COLLATE "C""#, "COLLATE BINARY")
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

/// PostgreSQL: one writer connection (writes also take an advisory lock, so several server
/// processes on one database still assign sequence numbers one transaction at a time and a
/// reader never sees a later number before an earlier one), and pooled readers, each read in
/// a repeatable-read snapshot.
pub struct Postgres {
    writer: Mutex<PgConn>,
    readers: Mutex<Vec<PgConn>>,
    url: String,
}

/// A connection and the statements prepared on it (one round trip each, then reused).
struct PgConn {
    client: postgres::Client,
    prepared: std::collections::HashMap<String, postgres::Statement>,
}

/// Key of the advisory lock every write transaction takes.
const WRITE_LOCK: i64 = 0x5853_5348; // "SXSH"

impl Postgres {
    pub fn open(url: &str) -> Result<Postgres> {
        Ok(Postgres {
            writer: Mutex::new(Self::connect(url)?),
            readers: Mutex::new(Vec::new()),
            url: url.to_string(),
        })
    }

    fn connect(url: &str) -> Result<PgConn> {
        let client = postgres::Client::connect(url, postgres::NoTls)
            .map_err(|e| ServerError::internal(format!("PostgreSQL at {}: {e}", redact(url))))?;
        Ok(PgConn {
            client,
            prepared: Default::default(),
        })
    }
}

/// A connection URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…{}", &url[..s], &url[at..]),
        _ => url.to_string(),
    }
}

impl From<postgres::Error> for ServerError {
    fn from(e: postgres::Error) -> ServerError {
        ServerError::internal(format!("database: {e}"))
    }
}

impl postgres::types::ToSql for Val {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use postgres::types::Type;
        match self {
            Val::Null => Ok(postgres::types::IsNull::Yes),
            Val::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Val::Int(i) if *ty == Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
            Val::Int(i) => i.to_sql(ty, out),
            Val::Text(s) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(ty: &postgres::types::Type) -> bool {
        use postgres::types::Type;
        [
            Type::INT2,
            Type::INT4,
            Type::INT8,
            Type::TEXT,
            Type::VARCHAR,
            Type::BPCHAR,
            Type::NAME,
        ]
        .contains(ty)
    }

    postgres::types::to_sql_checked!();
}

struct PgTx<'a, 'b> {
    tx: &'a mut postgres::Transaction<'b>,
    prepared: &'a mut std::collections::HashMap<String, postgres::Statement>,
}

impl PgTx<'_, '_> {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql)?;
        self.prepared.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

fn pg_params(params: &[Val]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| p as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

impl Tx for PgTx<'_, '_> {
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        let stmt = self.statement(sql)?;
        Ok(self.tx.execute(&stmt, &pg_params(params))?)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Vec<Val>>> {
        use postgres::types::Type;
        let stmt = self.statement(sql)?;
        let rows = self.tx.query(&stmt, &pg_params(params))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut vals = Vec::with_capacity(row.len());
            for (i, col) in row.columns().iter().enumerate() {
                let ty = col.type_();
                let v = if *ty == Type::INT8 {
                    row.try_get::<_, Option<i64>>(i)?.map(Val::Int)
                } else if *ty == Type::INT4 {
                    row.try_get::<_, Option<i32>>(i)?
                        .map(|x| Val::Int(x.into()))
                } else if *ty == Type::INT2 {
                    row.try_get::<_, Option<i16>>(i)?
                        .map(|x| Val::Int(x.into()))
                } else {
                    row.try_get::<_, Option<String>>(i)?.map(Val::Text)
                };
                vals.push(v.unwrap_or(Val::Null));
            }
            out.push(vals);
        }
        Ok(out)
    }
}

impl Backend for Postgres {
    fn write<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R> {
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| ServerError::internal("writer lock"))?;
        if guard.client.is_closed() {
            *guard = Self::connect(&self.url)?;
        }
        let conn = &mut *guard;
        let mut tx = conn.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        // On an error `tx` drops, which rolls it back.
        let out = f(&mut PgTx {
            tx: &mut tx,
            prepared: &mut conn.prepared,
        })?;
        tx.commit()?;
        Ok(out)
    }

    fn read<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R> {
        let pooled = self.readers.lock().ok().and_then(|mut v| v.pop());
        let mut conn = match pooled {
            Some(c) if !c.client.is_closed() => c,
            _ => Self::connect(&self.url)?,
        };
        let out = {
            let mut tx = conn
                .client
                .build_transaction()
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()?;
            let out = f(&mut PgTx {
                tx: &mut tx,
                prepared: &mut conn.prepared,
            });
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
        "postgres"
    }
}

/// The backend a `--db` value names: `postgres://…` / `postgresql://…`, else `sqlite:PATH` or
/// a path.
pub enum AnyDb {
    Sqlite(Sqlite),
    Postgres(Box<Postgres>),
}

impl AnyDb {
    pub fn open(db: &str) -> Result<AnyDb> {
        if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            Ok(AnyDb::Postgres(Box::new(Postgres::open(db)?)))
        } else {
            let path = db.strip_prefix("sqlite:").unwrap_or(db);
            Ok(AnyDb::Sqlite(Sqlite::open(Path::new(path))?))
        }
    }
}

impl Backend for AnyDb {
    fn write<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R> {
        match self {
            AnyDb::Sqlite(d) => d.write(f),
            AnyDb::Postgres(d) => d.write(f),
        }
    }

    fn read<R>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R> {
        match self {
            AnyDb::Sqlite(d) => d.read(f),
            AnyDb::Postgres(d) => d.read(f),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            AnyDb::Sqlite(d) => d.kind(),
            AnyDb::Postgres(d) => d.kind(),
        }
    }
}
