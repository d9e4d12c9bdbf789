//! Backup and restore of the whole server: one zip file (`.sxshsrv`) with `manifest.json` (the
//! format, the schema, the office, the row count of every table, the SHA-256 of the data and
//! of every photo), `data.jsonl` (every row of every table, one JSON array per line, read in
//! one snapshot) and `blobs/<sha256>` (the photo files). Written over [`Tx`], so a backup of
//! one backend restores into the other: that is also how an office moves from SQLite to
//! PostgreSQL.
//!
//! A restore checks the whole file first (every hash, every count, no entry it does not
//! expect) and writes nothing when something is wrong; it writes only into a database with no
//! office yet, in one transaction, and gives the server a new generation (see
//! [`sxsh_sync_proto::wire::ServerInfo::generation`]): devices then send again what the
//! backup did not hold.

use crate::blobs::{Blobs, is_sha256};
use crate::db::{Backend, Tx, Val};
use crate::error::{Result, ServerError};
use crate::storage;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use sxsh_sync_proto::wire::ErrorCode;

const FORMAT: &str = "sxsh-server-backup";
const FORMAT_VERSION: u32 = 1;
/// Rows read per query while writing a backup (memory stays bounded for any size).
const PAGE: i64 = 5_000;
/// Rows per insert statement while restoring.
const INSERT_ROWS: usize = 200;
/// Largest manifest and data line accepted (a crafted file cannot make a restore hold more).
const MAX_MANIFEST: u64 = 256 << 20;
const MAX_LINE: usize = 64 << 20;

/// Every table, its columns in order, and the key a backup reads it by. Sessions (`tokens`)
/// are kept: consultants stay logged in after a restore.
const TABLES: &[(&str, &str, &str)] = &[
    ("server_meta", "key, value", "key"),
    (
        "accounts",
        "id, login, display_name, role, password_hash, disabled, scope_epoch, created_at",
        "id",
    ),
    (
        "account_programmes",
        "account_id, programme_id",
        "account_id, programme_id",
    ),
    (
        "tokens",
        "hash, account_id, device_id, created_at, expires_at, revoked",
        "hash",
    ),
    (
        "ops",
        "seq, op_id, entity, row_id, account_id, body, received_at",
        "seq",
    ),
    (
        "row_scope",
        "entity, row_id, owner, assessment_id",
        "entity, row_id",
    ),
    (
        "row_programmes",
        "entity, row_id, programme_id",
        "entity, row_id, programme_id",
    ),
    (
        "field_heads",
        "entity, row_id, field, hlc, op_id, value, author, at",
        "entity, row_id, field, hlc",
    ),
    (
        "field_superseded",
        "entity, row_id, field, hlc",
        "entity, row_id, field, hlc",
    ),
    (
        "conflicts",
        "entity, row_id, field, heads",
        "entity, row_id, field",
    ),
];

/// What a backup holds, as its manifest says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The server schema the rows are in.
    pub schema: i64,
    pub office: String,
    pub server_id: String,
    pub created_at: String,
    /// Rows per table.
    pub tables: BTreeMap<String, u64>,
    /// SHA-256 of `data.jsonl`.
    pub data_sha256: String,
    /// Every photo: its hash and size.
    pub blobs: BTreeMap<String, u64>,
}

fn damaged(message: impl Into<String>) -> ServerError {
    ServerError::new(ErrorCode::DamagedBackup, message)
}

fn io(path: &Path, e: impl std::fmt::Display) -> ServerError {
    ServerError::internal(format!("{}: {e}", path.display()))
}

fn to_json(v: Val) -> Value {
    match v {
        Val::Null => Value::Null,
        Val::Int(i) => Value::from(i),
        Val::Text(t) => Value::String(t),
    }
}

fn from_json(v: &Value) -> Option<Val> {
    match v {
        Value::Null => Some(Val::Null),
        Value::Number(n) => n.as_i64().map(Val::Int),
        Value::String(s) => Some(Val::Text(s.clone())),
        _ => None,
    }
}

/// Writes every row of every table, as one snapshot, to `out` as lines `[table, v1, v2, …]`;
/// the rows per table.
fn write_rows(tx: &mut dyn Tx, out: &mut dyn Write) -> Result<BTreeMap<String, u64>> {
    let mut counts = BTreeMap::new();
    for (table, columns, key) in TABLES {
        let mut n = 0u64;
        loop {
            let rows = tx.query(
                &format!("SELECT {columns} FROM {table} ORDER BY {key} LIMIT $1 OFFSET $2"),
                &[Val::Int(PAGE), Val::Int(n as i64)],
            )?;
            let got = rows.len() as i64;
            for r in rows {
                let mut line = vec![Value::String(table.to_string())];
                line.extend(r.into_iter().map(to_json));
                serde_json::to_writer(&mut *out, &line)?;
                out.write_all(b"\n")
                    .map_err(|e| ServerError::internal(format!("writing the backup: {e}")))?;
            }
            n += got as u64;
            if got < PAGE {
                break;
            }
        }
        counts.insert(table.to_string(), n);
    }
    Ok(counts)
}

/// A `Write` that hashes what passes through it.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes a backup of the server (`db` and the photo folder `blobs`) to `out`, through a
/// temporary file beside it that takes the name only when complete.
pub fn backup(db: &impl Backend, blobs: &Blobs, out: &Path) -> Result<Manifest> {
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io(dir, e))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(
        tmp.reopen().map_err(|e| io(out, e))?,
    ));
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    let zerr = |e: zip::result::ZipError| io(out, e);

    zip.start_file("data.jsonl", deflate).map_err(zerr)?;
    let (tables, data_sha256, office, server_id) = db.read(|tx| {
        let mut w = Hashing {
            inner: &mut zip,
            hash: Sha256::new(),
        };
        let tables = write_rows(tx, &mut w)?;
        let office = storage::meta(tx, "office")?.unwrap_or_default();
        let server_id = storage::meta(tx, "server_id")?.unwrap_or_default();
        Ok((tables, hex::encode(w.hash.finalize()), office, server_id))
    })?;
    if server_id.is_empty() {
        return Err(ServerError::new(
            ErrorCode::NotFound,
            "no office in this database: nothing to back up",
        ));
    }
    // Photos are only ever added, and before the rows naming them: every photo the rows
    // above name is in the folder now.
    let mut blob_list = BTreeMap::new();
    for (sha, size) in blobs.list()? {
        zip.start_file(format!("blobs/{sha}"), stored)
            .map_err(zerr)?;
        let mut w = Hashing {
            inner: &mut zip,
            hash: Sha256::new(),
        };
        let copied = std::io::copy(&mut blobs.open(&sha)?, &mut w).map_err(|e| io(out, e))?;
        if hex::encode(w.hash.finalize()) != sha || copied != size {
            return Err(ServerError::internal(format!(
                "the photo file {sha} on the server is damaged (its bytes do not hash to its name)"
            )));
        }
        blob_list.insert(sha, size);
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        schema: storage::schema_version(),
        office,
        server_id,
        created_at: storage::now_text(),
        tables,
        data_sha256,
        blobs: blob_list,
    };
    zip.start_file("manifest.json", deflate).map_err(zerr)?;
    serde_json::to_writer_pretty(&mut zip, &manifest)?;
    let file = zip.finish().map_err(zerr)?;
    file.into_inner()
        .map_err(|e| io(out, e.error()))?
        .sync_all()
        .map_err(|e| io(out, e))?;
    tmp.persist(out).map_err(|e| io(out, e.error))?;
    Ok(manifest)
}

type Archive = zip::ZipArchive<std::io::BufReader<std::fs::File>>;

fn open_archive(file: &Path) -> Result<(Archive, Manifest)> {
    let f = std::fs::File::open(file).map_err(|e| io(file, e))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(f))
        .map_err(|e| damaged(format!("{}: not a server backup ({e})", file.display())))?;
    let manifest: Manifest = {
        let entry = zip
            .by_name("manifest.json")
            .map_err(|_| damaged("no manifest.json: not a server backup"))?;
        if entry.size() > MAX_MANIFEST {
            return Err(damaged("manifest.json is too large"));
        }
        serde_json::from_reader(entry.take(MAX_MANIFEST))
            .map_err(|e| damaged(format!("manifest.json: {e}")))?
    };
    if manifest.format != FORMAT || manifest.format_version != FORMAT_VERSION {
        return Err(damaged(format!(
            "{} version {}: not a server backup this server reads",
            manifest.format, manifest.format_version
        )));
    }
    if manifest.schema > storage::schema_version() || manifest.schema < 1 {
        return Err(damaged(format!(
            "made by a server with schema {}; this one has {}: update sxsh-server",
            manifest.schema,
            storage::schema_version()
        )));
    }
    for i in 0..zip.len() {
        let name = zip
            .name_for_index(i)
            .and_then(|n| n.ok())
            .map(|n| n.to_string())
            .unwrap_or_default();
        let known = name == "manifest.json"
            || name == "data.jsonl"
            || name
                .strip_prefix("blobs/")
                .is_some_and(|sha| manifest.blobs.contains_key(sha));
        if !known {
            return Err(damaged(format!("unexpected entry {name:?}")));
        }
    }
    Ok((zip, manifest))
}

/// Reads `data.jsonl` line by line, each parsed and checked against the tables; `row` hears
/// each. Checks the hash and the counts against the manifest at the end.
fn read_rows(
    zip: &mut Archive,
    manifest: &Manifest,
    row: &mut dyn FnMut(&'static str, Vec<Val>) -> Result<()>,
) -> Result<()> {
    let entry = zip
        .by_name("data.jsonl")
        .map_err(|_| damaged("no data.jsonl"))?;
    let mut hash = Sha256::new();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut lines = BufReader::new(entry);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = lines
            .by_ref()
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| damaged(format!("data.jsonl: {e}")))?;
        if n == 0 {
            break;
        }
        if n > MAX_LINE {
            return Err(damaged("data.jsonl: a line is too long"));
        }
        hash.update(&buf);
        let line: Vec<Value> =
            serde_json::from_slice(&buf).map_err(|e| damaged(format!("data.jsonl: {e}")))?;
        let (name, values) = line
            .split_first()
            .ok_or_else(|| damaged("data.jsonl: an empty line"))?;
        let Some((table, columns, _)) = TABLES.iter().find(|t| Some(t.0) == name.as_str()) else {
            return Err(damaged(format!("data.jsonl: unknown table {name}")));
        };
        let vals: Option<Vec<Val>> = values.iter().map(from_json).collect();
        let vals = vals
            .filter(|v| v.len() == columns.split(',').count())
            .ok_or_else(|| damaged(format!("data.jsonl: a bad row of {table}")))?;
        *counts.entry(table.to_string()).or_default() += 1;
        row(table, vals)?;
    }
    if hex::encode(hash.finalize()) != manifest.data_sha256 {
        return Err(damaged("data.jsonl does not match its checksum"));
    }
    for (table, _, _) in TABLES {
        let (want, got) = (
            manifest.tables.get(*table).copied().unwrap_or(0),
            counts.get(*table).copied().unwrap_or(0),
        );
        if want != got {
            return Err(damaged(format!(
                "{table}: {got} rows, the manifest says {want}"
            )));
        }
    }
    Ok(())
}

/// Checks every photo of the backup against its hash and size (`store`: then also keeps it).
fn each_blob(zip: &mut Archive, manifest: &Manifest, store: Option<&Blobs>) -> Result<()> {
    for (sha, size) in &manifest.blobs {
        if !is_sha256(sha) {
            return Err(damaged(format!("photo name {sha:?}")));
        }
        let mut entry = zip
            .by_name(&format!("blobs/{sha}"))
            .map_err(|_| damaged(format!("photo {sha} missing")))?;
        if entry.size() != *size {
            return Err(damaged(format!(
                "photo {sha}: {} bytes, not {size}",
                entry.size()
            )));
        }
        match store {
            Some(blobs) => blobs.put(sha, &mut entry).map_err(|e| match e.code {
                ErrorCode::HashMismatch => damaged(format!("photo {sha} is damaged")),
                _ => e,
            })?,
            None => {
                let mut h = Hashing {
                    inner: std::io::sink(),
                    hash: Sha256::new(),
                };
                std::io::copy(&mut entry, &mut h)
                    .map_err(|e| damaged(format!("photo {sha}: {e}")))?;
                if hex::encode(h.hash.finalize()) != *sha {
                    return Err(damaged(format!("photo {sha} is damaged")));
                }
            }
        }
    }
    Ok(())
}

/// Checks a backup file through and through without writing anything; its manifest.
pub fn verify(file: &Path) -> Result<Manifest> {
    let (mut zip, manifest) = open_archive(file)?;
    read_rows(&mut zip, &manifest, &mut |_, _| Ok(()))?;
    each_blob(&mut zip, &manifest, None)?;
    Ok(manifest)
}

/// Restores a backup into `db` (which must hold no office yet) and the photo folder `blobs`.
/// The file is checked whole first; the rows go in one transaction.
pub fn restore(db: &impl Backend, blobs: &Blobs, file: &Path) -> Result<Manifest> {
    let manifest = verify(file)?;
    let (mut zip, _) = open_archive(file)?;
    // The schema of the backup (a new database gets its tables here; one at a newer schema
    // holds an office, or was made by a newer server).
    let holds_office = db.write(|tx| {
        storage::migrate_to(tx, manifest.schema)?;
        Ok(storage::meta(tx, "server_id")?.is_some())
    })?;
    if holds_office {
        return Err(ServerError::new(
            ErrorCode::NotEmpty,
            "this database already holds an office: restore into a new, empty one",
        ));
    }
    // Photos first: a row is never there before its photo.
    each_blob(&mut zip, &manifest, Some(blobs))?;
    db.write(|tx| {
        storage::migrate_to(tx, manifest.schema)?;
        let mut pending: Vec<(&'static str, Vec<Val>)> = Vec::new();
        let flush = |tx: &mut dyn Tx, rows: &mut Vec<(&'static str, Vec<Val>)>| -> Result<()> {
            while !rows.is_empty() {
                let table = rows[0].0;
                let n = rows
                    .iter()
                    .take_while(|r| r.0 == table)
                    .count()
                    .min(INSERT_ROWS);
                let (_, columns, _) = TABLES.iter().find(|t| t.0 == table).expect("table");
                let width = columns.split(',').count();
                let params: Vec<Val> = rows.drain(..n).flat_map(|r| r.1).collect();
                let sql =
                    storage::insert_rows(&format!("INSERT INTO {table} ({columns})"), width, n, "");
                tx.exec(&sql, &params)?;
            }
            Ok(())
        };
        read_rows(&mut zip, &manifest, &mut |table, vals| {
            pending.push((table, vals));
            if pending.len() >= INSERT_ROWS {
                flush(tx, &mut pending)?;
            }
            Ok(())
        })?;
        flush(tx, &mut pending)?;
        let generation = storage::meta(tx, "generation")?
            .and_then(|g| g.parse::<i64>().ok())
            .unwrap_or(0);
        storage::set_meta(tx, "generation", &(generation + 1).to_string())?;
        storage::set_meta(tx, "restored_at", &storage::now_text())?;
        storage::migrate(tx)
    })?;
    Ok(manifest)
}
