//! SQLite store of SXSH Field.
//!
//! One database file `sxsh.db` in a data directory, plus content-addressed attachment files
//! under `attachments/`. Every write goes through [`Store::write`] and [`WriteTx`], which
//! append the change log in the same transaction.

pub mod attachments;
pub mod backup;
pub mod error;
pub mod figures;
pub mod fsutil;
pub mod lock;
pub mod migrate;
pub mod registry;
pub mod repo;
pub mod sync;
pub mod table;
pub mod versions;
pub mod write;

pub use error::{Result, StoreError};
pub use migrate::SCHEMA_VERSION;
pub use rusqlite::Connection;
#[doc(hidden)]
pub use sxsh_domain::__entities_decl;
pub use sxsh_domain::model;
pub use table::{Meta, Stored, Table};
pub use write::{ImportOutcome, WriteTx};

use lock::{DirLock, LockMode};
use rusqlite::functions::FunctionFlags;
use rusqlite::{ErrorCode, OpenFlags, OptionalExtension};
use sxsh_sync_proto::{Hlc, Stamp};

use std::io::Read;
use std::path::{Path, PathBuf};

/// File name of the database inside a data directory.
pub const DB_FILE: &str = "sxsh.db";

/// Prefixes of the scratch folders of a backup or restore inside a data directory; one left by
/// an interrupted run is removed by the next open that may write.
pub(crate) const SCRATCH_PREFIXES: [&str; 2] = [".backup-", ".restore-"];

/// An open store: one connection to the database of a data directory, and the lock that keeps
/// every other process out of the directory while it is open (see [`lock`]).
pub struct Store {
    conn: Connection,
    data_dir: PathBuf,
    device_id: String,
    clock: Hlc,
    author: String,
    lock: DirLock,
    /// Transactions committed through [`Store::write`] since the store was opened.
    commits: u64,
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
        Self::open_with(data_dir, LockMode::Exclusive, lock::DEFAULT_WAIT, version)
    }

    /// Opens the store of `data_dir` for reading only: it shares the folder with other readers
    /// but not with a process that writes ([`StoreError::DataDirInUse`] after
    /// [`lock::DEFAULT_WAIT`]). Works on a read-only folder. A folder without a database yet is
    /// created as [`Store::open`] would; one with an older schema is refused
    /// ([`StoreError::OlderVersion`]), since a reader must not migrate it.
    pub fn open_read_only(data_dir: &Path) -> Result<Store> {
        if !data_dir.join(DB_FILE).exists() {
            return Self::open(data_dir);
        }
        Self::open_with(
            data_dir,
            LockMode::Shared,
            lock::DEFAULT_WAIT,
            SCHEMA_VERSION,
        )
    }

    /// Opens `data_dir` holding its lock in `mode` (waiting up to `wait` for another process to
    /// let go); an exclusive open creates and migrates the database up to `version`.
    pub fn open_with(
        data_dir: &Path,
        mode: LockMode,
        wait: std::time::Duration,
        version: i64,
    ) -> Result<Store> {
        if mode == LockMode::Exclusive {
            std::fs::create_dir_all(data_dir).map_err(|e| writable_error(data_dir, e))?;
        }
        let lock = match DirLock::acquire(data_dir, mode, wait) {
            Err(StoreError::Io { path, source }) if mode == LockMode::Exclusive => {
                return Err(writable_error(&path, source));
            }
            other => other?,
        };
        let path = data_dir.join(DB_FILE);
        let (conn, device_id) = match mode {
            LockMode::Exclusive => {
                remove_leftover_scratch(data_dir);
                let conn = open_connection(&path, version)?;
                let id = device_id(&conn)?;
                (conn, id)
            }
            LockMode::Shared => {
                inspect(&path)?;
                // A read-only folder whose WAL holds no commits can be read as immutable; one whose
                // WAL still holds commits (its writer was killed) must be read through the WAL.
                let wal = data_dir.join(format!("{DB_FILE}-wal"));
                let wal_empty = std::fs::metadata(&wal).map_or(true, |m| m.len() == 0);
                let conn = if !fsutil::is_writable_dir(data_dir) && wal_empty {
                    open_immutable(&path)?
                } else {
                    open_reader_connection(&path)?
                };
                let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
                if found < version {
                    return Err(StoreError::OlderVersion {
                        found,
                        supported: version,
                    });
                }
                let id = conn
                    .query_row(
                        "SELECT value FROM store_meta WHERE key = 'device_id'",
                        [],
                        |r| r.get(0),
                    )
                    .optional()?
                    .unwrap_or_default();
                (conn, id)
            }
        };
        let clock = last_clock(&conn)?;
        Ok(Store {
            conn,
            data_dir: data_dir.to_path_buf(),
            author: device_id.clone(),
            device_id,
            clock,
            lock,
            commits: 0,
        })
    }

    /// How many write transactions this store has committed since it was opened: a watcher
    /// compares it to know whether to look for changed rows.
    pub fn commits(&self) -> u64 {
        self.commits
    }

    /// Refuses an output path that would destroy data: the same file as any the store has open
    /// (also through a symbolic or hard link), a path in the folders the store manages
    /// (`attachments/`, `cache/`, scratch folders), or an existing path that is not a regular file
    /// (a device, a FIFO, a directory). A backup (`anywhere_in_data_dir == false`) is refused
    /// anywhere in the data folder but its `backups/` folder: a backup beside the data it saves is
    /// lost with the disk.
    pub fn check_output(&self, out: &Path, anywhere_in_data_dir: bool) -> Result<()> {
        let refuse = |reason: &str| StoreError::OutputTarget {
            path: out.to_path_buf(),
            reason: reason.to_string(),
        };
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let parent = parent
            .canonicalize()
            .map_err(|e| StoreError::io(&parent, e))?;
        let data_dir = self
            .data_dir
            .canonicalize()
            .map_err(|e| StoreError::io(&self.data_dir, e))?;
        let inside = parent.starts_with(&data_dir) && !parent.starts_with(data_dir.join("backups"));
        let managed = ["attachments", "cache"]
            .iter()
            .any(|d| parent.starts_with(data_dir.join(d)))
            || parent.strip_prefix(&data_dir).ok().is_some_and(|rel| {
                rel.components().next().is_some_and(|c| {
                    let c = c.as_os_str().to_string_lossy();
                    SCRATCH_PREFIXES.iter().any(|p| c.starts_with(p))
                })
            });
        if managed || (inside && !anywhere_in_data_dir) {
            return Err(refuse(
                "it is inside the data folder; choose a folder outside it (or its backups/ folder)",
            ));
        }
        if let Ok(meta) = std::fs::metadata(out) {
            if !meta.is_file() {
                return Err(StoreError::NotARegularFile { path: out.into() });
            }
            for open in self.open_files() {
                if same_file::is_same_file(out, &open).unwrap_or(false) {
                    return Err(refuse("it is a file the data folder is using"));
                }
            }
        }
        Ok(())
    }

    /// Whether the database is open: false only after a restore swapped a backup in and the
    /// result could not be opened again.
    pub fn is_open(&self) -> bool {
        self.conn.path().is_some_and(|p| !p.is_empty())
    }

    /// Whether this store may write (it holds its folder exclusively).
    pub fn is_writable(&self) -> bool {
        self.lock.mode() == LockMode::Exclusive
    }

    /// Every file of the data directory the store keeps open or may write in place: the
    /// database, its WAL and shared-memory files, and the lock file. Nothing may be written
    /// over them from outside the store.
    pub fn open_files(&self) -> Vec<PathBuf> {
        let db = self.db_path();
        vec![
            PathBuf::from(format!("{}-wal", db.display())),
            PathBuf::from(format!("{}-shm", db.display())),
            self.lock.path().to_path_buf(),
            db,
        ]
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
        if !self.is_writable() {
            return Err(StoreError::ReadOnly {
                path: self.data_dir.clone(),
            }
            .into());
        }
        let db = self.data_dir.join(DB_FILE);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(e, &db))?;
        let mut wtx = WriteTx {
            tx,
            device_id: &self.device_id,
            clock: &mut self.clock,
            author: &self.author,
            now: write::now_text(),
        };
        let out = f(&mut wtx)?;
        wtx.tx.commit().map_err(|e| classify(e, &db))?;
        self.commits += 1;
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
        if !self.is_writable() {
            return Err(StoreError::ReadOnly {
                path: self.data_dir.clone(),
            });
        }
        repo::settings::set(&self.conn, key, value, &write::now_text())
    }

    /// Loads the reference data set into the read-only `ref_*` tables unless this version is
    /// already there. Returns whether it was written. A store opened for reading leaves the
    /// tables as they are.
    pub fn load_reference(
        &mut self,
        reference: &sxsh_domain::reference::Reference,
    ) -> Result<bool> {
        if !self.is_writable() {
            return Ok(false);
        }
        repo::reference::load(&mut self.conn, reference, &write::now_text())
    }

    /// Replaces the data with the backup in `file`, through this open store: the backup is
    /// checked whole (seal, manifest, sizes against the limits and the free disk space, every
    /// checksum, the restored database's integrity) before anything is replaced, and the folder
    /// stays locked by this process throughout. A refused backup leaves the data as it was. The
    /// restored data gets a new device id.
    pub fn restore(&mut self, file: &Path) -> Result<backup::Manifest> {
        if !self.is_writable() {
            return Err(StoreError::ReadOnly {
                path: self.data_dir.clone(),
            });
        }
        let staged = backup::stage_restore(&self.data_dir, file)?;
        // Close our connection (checkpointing the WAL) and swap the staged database in.
        let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        old.close().map_err(|(_, e)| StoreError::from(e))?;
        let swapped = staged.swap_into(&self.data_dir);
        let path = self.db_path();
        self.conn = open_connection(&path, SCHEMA_VERSION)?;
        // A restored copy is a new replica: it must not make changes under the id of the device
        // whose backup it is (which may still be working on), or their stamps could collide.
        self.conn.execute(
            "UPDATE store_meta SET value = ?1 WHERE key = 'device_id'",
            [uuid::Uuid::now_v7().to_string()],
        )?;
        self.device_id = device_id(&self.conn)?;
        self.author = self.device_id.clone();
        self.clock = last_clock(&self.conn)?;
        swapped
    }

    /// Closes the connection (checkpointing the WAL).
    pub fn close(self) -> Result<()> {
        self.conn.close().map_err(|(_, e)| StoreError::Sqlite(e))
    }
}

/// Opens the database file for writing: inspects an existing file first (refusing what is not
/// ours without touching it), then configures and migrates it up to `version`.
fn open_connection(path: &Path, version: i64) -> Result<Connection> {
    if path.exists() {
        inspect(path)?;
    }
    let mut conn = Connection::open(path).map_err(|e| classify(e, path))?;
    configure(&conn).map_err(|e| classify(e, path))?;
    migrate::migrate_to(&mut conn, version).map_err(|e| match e {
        StoreError::Sqlite(e) => classify(e, path),
        other => other,
    })?;
    Ok(conn)
}

/// A read-only connection. In a folder nobody can write (a read-only mount), SQLite cannot make
/// the WAL's shared-memory file, so the database is opened as immutable instead.
fn open_reader_connection(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let probe = Connection::open_with_flags(path, flags).and_then(|c| {
        c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(c)
    });
    let conn = match probe {
        Ok(c) => c,
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::CannotOpen) => {
            return open_immutable(path);
        }
        Err(e) => return Err(classify(e, path)),
    };
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    register_functions(&conn)?;
    Ok(conn)
}

/// A read-only connection to a database on a folder nobody can write (a read-only mount): SQLite
/// is told the file cannot change, so it neither needs nor trusts the WAL's shared-memory file
/// (a stale `-shm` left there must not make it wait for writers that cannot exist).
fn open_immutable(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let uri = format!("file:{}?immutable=1", uri_path(path));
    let conn = Connection::open_with_flags(uri, flags).map_err(|e| classify(e, path))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    register_functions(&conn)?;
    Ok(conn)
}

/// `path` for an SQLite `file:` URI: `%`, `?` and `#` (and spaces) percent-encoded.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.display().to_string().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            ' ' => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

/// The clock after the last change-log row, so stamps never go backwards across opens.
fn last_clock(conn: &Connection) -> Result<Hlc> {
    Ok(conn
        .query_row(
            "SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|s| Stamp::parse(&s))
        .map_or(Hlc::ZERO, |s| s.hlc))
}

/// An error making or locking the data directory: a read-only file system or a folder we may
/// not write is [`StoreError::ReadOnly`].
fn writable_error(path: &Path, e: std::io::Error) -> StoreError {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::ReadOnly { path: path.into() }
        }
        _ => StoreError::io(path, e),
    }
}

/// Removes the scratch folders of a backup or restore that was interrupted (killed, power cut),
/// and half-written backups (`.sxsh-backup-*`) in the data folder's `backups/`. Only called
/// with the folder locked exclusively, so none of them is in use.
fn remove_leftover_scratch(data_dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(data_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if SCRATCH_PREFIXES.iter().any(|p| name.starts_with(p))
                && entry.file_type().is_ok_and(|t| t.is_dir())
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(data_dir.join("backups")) {
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(".sxsh-backup-")
                && entry.file_type().is_ok_and(|t| t.is_file())
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Looks at an existing file without modifying it: refuses what is not an SXSH database we can
/// open. The file is opened read-only, so a refused file stays byte-identical.
fn inspect(path: &Path) -> Result<()> {
    let mut header = [0u8; 16];
    let mut f = fsutil::open_regular(path)?;
    let n = f.read(&mut header).map_err(|e| StoreError::io(path, e))?;
    if n == 0 {
        return Ok(()); // an empty file is an empty database
    }
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase { path: path.into() });
    }
    let conn = open_reader_connection(path)?;
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
        Some(ErrorCode::DiskFull) => StoreError::DiskFull {
            path: path.into(),
            needed: None,
        },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path: path.into() },
        Some(ErrorCode::PermissionDenied) => StoreError::Io {
            path: path.into(),
            source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, e.to_string()),
        },
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) => StoreError::Io {
            path: path.into(),
            source: std::io::Error::other(e.to_string()),
        },
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
