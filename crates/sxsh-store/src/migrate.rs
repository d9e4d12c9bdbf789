//! Embedded, append-only migrations. Schema version = `PRAGMA user_version`.

use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};

/// Every migration, in order; index + 1 is the schema version it produces. Never edit one.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_settings_recent.sql"),
    include_str!("../migrations/0003_reference.sql"),
    include_str!("../migrations/0004_field_versions.sql"),
    include_str!("../migrations/0005_change_log_row_index.sql"),
    include_str!("../migrations/0006_option_investment_cash_flows.sql"),
    include_str!("../migrations/0007_grade_stock_production.sql"),
    include_str!("../migrations/0008_unanswered_stage_marks.sql"),
    include_str!("../migrations/0009_feasibility_selection.sql"),
    include_str!("../migrations/0010_reviews.sql"),
    include_str!("../migrations/0011_office_records.sql"),
    include_str!("../migrations/0012_areas_public_case_studies.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Our `PRAGMA application_id` ('SXSH').
pub const APPLICATION_ID: i64 = 0x5358_5348;

/// Applies the migrations after the database's version up to `target` in one exclusive
/// transaction that reads the version inside it, so processes opening a new database at the same
/// moment migrate it once: the first does the work, the others wait (busy timeout) and then find
/// it done.
///
/// Foreign keys are off while the migrations run, as SQLite's procedure for rebuilding a table
/// requires (a table other tables refer to can then be copied, dropped and renamed), and every
/// reference is checked (`PRAGMA foreign_key_check`) before the transaction commits.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current >= target {
        return Ok(());
    }
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = migrate_in_transaction(conn, target);
    if enforced {
        conn.pragma_update(None, "foreign_keys", "ON")?;
    }
    result
}

fn migrate_in_transaction(conn: &mut Connection, target: i64) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for version in (current + 1)..=target {
        tx.execute_batch(MIGRATIONS[(version - 1) as usize])?;
        tx.pragma_update(None, "user_version", version)?;
    }
    let broken: Option<String> = tx
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .optional()?;
    if let Some(table) = broken {
        return Err(crate::error::StoreError::Corrupt {
            path: std::path::PathBuf::new(),
            detail: format!("a migration left a broken reference in {table}"),
        });
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without the folder lock (a staged restore, another tool), connections that migrate a new
    /// database at the same moment still migrate it exactly once.
    #[test]
    fn concurrent_migrations_of_a_new_database_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut conn = Connection::open(&path).unwrap();
                    conn.busy_timeout(std::time::Duration::from_secs(10))
                        .unwrap();
                    migrate_to(&mut conn, SCHEMA_VERSION)
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap().unwrap();
        }
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
    }
}
