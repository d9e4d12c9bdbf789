//! SQLite store of SXSH Field.
//!
//! One database file `sxsh.db` in a data directory, plus content-addressed attachment files
//! under `attachments/`. Every write goes through [`Store::write`] and [`WriteTx`], which
//! append the change log in the same transaction.

pub mod attachments;
pub mod backup;
pub mod error;
pub mod hlc;
pub mod migrate;
pub mod repo;
pub mod table;
pub mod write;

pub use error::{Result, StoreError};
pub use migrate::SCHEMA_VERSION;
pub use rusqlite::Connection;
pub use table::{Meta, Stored, Table};
pub use write::WriteTx;

use hlc::Hlc;
use rusqlite::functions::FunctionFlags;
use rusqlite::{ErrorCode, OpenFlags, OptionalExtension};

use std::io::Read;
use std::path::{Path, PathBuf};

/// File name of the database inside a data directory.
pub const DB_FILE: &str = "sxsh.db";

/// An open store: one connection to the database of a data directory.
pub struct Store {
    conn: Connection,
    data_dir: PathBuf,
    device_id: String,
    clock: Hlc,
    author: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("data_dir", &self.data_dir)
            .finish()
    }
}

impl Store {
    /// Opens (creating when needed) the store in `data_dir` and migrates it to
    /// [`SCHEMA_VERSION`]. A database from a newer version, a file that is not a database, a
    /// database of another application or a corrupt one is refused without being modified.
    pub fn open(data_dir: &Path) -> Result<Store> {
        Self::open_at_version(data_dir, SCHEMA_VERSION)
    }

    /// Like [`Store::open`] but migrates only up to `version` (tests and fixtures).
    pub fn open_at_version(data_dir: &Path, version: i64) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::io(data_dir, e))?;
        let path = data_dir.join(DB_FILE);
        if path.exists() {
            inspect(&path)?;
        }
        let mut conn = Connection::open(&path).map_err(|e| classify(e, &path))?;
        configure(&conn).map_err(|e| classify(e, &path))?;
        migrate::migrate_to(&mut conn, version).map_err(|e| match e {
            StoreError::Sqlite(e) => classify(e, &path),
            other => other,
        })?;
        let device_id = device_id(&conn)?;
        let clock = conn
            .query_row(
                "SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .and_then(|s| Hlc::parse(&s))
            .unwrap_or(Hlc { ms: 0, counter: 0 });
        Ok(Store {
            conn,
            data_dir: data_dir.to_path_buf(),
            author: device_id.clone(),
            device_id,
            clock,
        })
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The database file.
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join(DB_FILE)
    }

    /// The id of this device, made once per database.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// Sets who is written as `updated_by` (`user@device`).
    pub fn set_user(&mut self, user: &str) {
        self.author = if user.is_empty() {
            self.device_id.clone()
        } else {
            format!("{user}@{}", self.device_id)
        };
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A second, read-only connection to the same database, for work spread over threads (WAL
    /// lets it read while this connection is open). It has the same SQL functions.
    pub fn open_reader(&self) -> Result<Connection> {
        let path = self.db_path();
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(e, &path))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        register_functions(&conn)?;
        Ok(conn)
    }

    /// Runs `f` in one immediate transaction; commits when it returns `Ok`, rolls back otherwise.
    /// The error type may be any that a [`StoreError`] converts into, so callers can carry
    /// their own errors out of the transaction.
    pub fn write<R, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut WriteTx) -> std::result::Result<R, E>,
    ) -> std::result::Result<R, E> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let mut wtx = WriteTx {
            tx,
            device_id: &self.device_id,
            clock: &mut self.clock,
            author: &self.author,
            now: write::now_text(),
        };
        let out = f(&mut wtx)?;
        wtx.tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Runs SQLite's full integrity check; `Ok(())` when it says "ok".
    pub fn integrity_check(&self) -> Result<()> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: self.db_path(),
                detail: result,
            })
        }
    }

    /// Reads a device-local setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        repo::settings::get(&self.conn, key)
    }

    /// Writes a device-local setting (settings are not synced, so not change-logged).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        repo::settings::set(&self.conn, key, value, &write::now_text())
    }

    /// Loads the reference data set into the read-only `ref_*` tables unless this version is
    /// already there. Returns whether it was written.
    pub fn load_reference(
        &mut self,
        reference: &sxsh_domain::reference::Reference,
    ) -> Result<bool> {
        repo::reference::load(&mut self.conn, reference, &write::now_text())
    }

    /// Closes the connection (checkpointing the WAL).
    pub fn close(self) -> Result<()> {
        self.conn.close().map_err(|(_, e)| StoreError::Sqlite(e))
    }
}

/// Looks at an existing file without modifying it: refuses what is not an SXSH database we can
/// open. The file is opened read-only, so a refused file stays byte-identical.
fn inspect(path: &Path) -> Result<()> {
    let mut header = [0u8; 16];
    let mut f = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    let n = f.read(&mut header).map_err(|e| StoreError::io(path, e))?;
    if n == 0 {
        return Ok(()); // an empty file is an empty database
    }
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase { path: path.into() });
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(e, path))?;
    let check = || -> rusqlite::Result<(i64, i64, i64)> {
        let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        Ok((app, version, tables))
    };
    let (app, version, tables) = check().map_err(|e| classify(e, path))?;
    if app != migrate::APPLICATION_ID && !(app == 0 && tables == 0) {
        return Err(StoreError::ForeignDatabase { path: path.into() });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerVersion {
            path: path.into(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Maps SQLite's "not a database", "corrupt" and "busy" to their own errors.
fn classify(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path: path.into() },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.into(),
            detail: e.to_string(),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
        _ => StoreError::Sqlite(e),
    }
}

/// Pragmas of every connection, and the SQL functions the repositories use.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    // FULL: a commit survives power loss too, not only a crash of the app.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    register_functions(conn)
}

/// SQL functions the repositories use: accent-insensitive matching and folding.
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "sxsh_matches",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let hay: String = ctx.get(0)?;
            let query: String = ctx.get(1)?;
            Ok(sxsh_domain::text::matches_folded(
                &sxsh_domain::text::fold(&hay),
                &query,
            ))
        },
    )?;
    conn.create_scalar_function(
        "sxsh_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(sxsh_domain::text::fold(&ctx.get::<String>(0)?)),
    )?;
    Ok(())
}

/// The device id stored in `store_meta`, made on first use.
fn device_id(conn: &Connection) -> Result<String> {
    let existing: Option<String> = conn
        .query_row(
            "SELECT value FROM store_meta WHERE key = 'device_id'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = uuid::Uuid::now_v7().to_string();
    conn.execute(
        "INSERT INTO store_meta (key, value) VALUES ('device_id', ?1)",
        [&id],
    )?;
    Ok(id)
}

/// A new row id: a UUIDv7 in text form (time-ordered, made on the device).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
