//! Helpers shared by the cross-crate tests and benches.

use std::path::Path;

pub use sxsh_api;

/// A logical dump of every table of the database in `data_dir`: each row's values in rowid
/// order. Two dumps are equal exactly when the stored data is the same, whatever the WAL state.
pub fn dump_db(data_dir: &Path) -> String {
    let conn = rusqlite_open(&data_dir.join("sxsh.db"));
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = row.get(i).unwrap();
                out.push_str(&format!("{v:?}|"));
            }
            out.push('\n');
        }
    }
    out
}

fn rusqlite_open(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// Number of change-log rows.
pub fn change_count(data_dir: &Path) -> i64 {
    rusqlite_open(&data_dir.join("sxsh.db"))
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap()
}

/// Change-log rows after `seq`: (entity, row_id, op, fields JSON).
pub fn changes_since(
    data_dir: &Path,
    seq: i64,
) -> Vec<(String, String, String, serde_json::Value)> {
    let conn = rusqlite_open(&data_dir.join("sxsh.db"));
    let mut stmt = conn
        .prepare("SELECT entity, row_id, op, fields FROM change_log WHERE seq > ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([seq], |r| {
        let fields: String = r.get(3)?;
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            serde_json::from_str(&fields).unwrap(),
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The highest change-log sequence number (0 when empty).
pub fn last_seq(data_dir: &Path) -> i64 {
    rusqlite_open(&data_dir.join("sxsh.db"))
        .query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
            r.get(0)
        })
        .unwrap()
}
