//! Repository of the read-only `ref_*` tables: replaced as a whole, in one transaction, when the
//! reference data set's version differs from the one stored.

use crate::error::{Result, StoreError};
use rusqlite::{Connection, OptionalExtension, params};
use sxsh_domain::reference::Reference;

const TABLES: [&str; 9] = [
    "ref_fuels",
    "ref_grid_factors",
    "ref_toe_factors",
    "ref_unit_conversions",
    "ref_benchmarks",
    "ref_techniques",
    "ref_tasks",
    "ref_targets",
    "ref_gwp_sets",
];

fn json(v: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Decode(e.to_string()))
}

/// The version of the reference data set stored, if any.
pub fn stored_version(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT version FROM ref_dataset WHERE name = 'reference'",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// Replaces every reference table with `r` unless its version is already stored.
/// Returns whether anything was written.
pub fn load(conn: &mut Connection, r: &Reference, now: &str) -> Result<bool> {
    if stored_version(conn)?.as_deref() == Some(r.version.as_str()) {
        return Ok(false);
    }
    let tx = conn.transaction()?;
    for t in TABLES {
        tx.execute(&format!("DELETE FROM {t}"), [])?;
    }
    for f in &r.fuels {
        tx.execute(
            "INSERT INTO ref_fuels (code, biogenic, data) VALUES (?1, ?2, ?3)",
            params![f.code, f.biogenic, json(f)?],
        )?;
    }
    for g in &r.grid_factors {
        tx.execute(
            "INSERT INTO ref_grid_factors (year, value, official, verified, source) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![g.year, g.value, g.official, g.verified, g.source],
        )?;
    }
    for t in &r.toe_factors {
        tx.execute(
            "INSERT INTO ref_toe_factors (carrier, unit, min, max, source) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![t.carrier, t.unit, t.min, t.max, t.source],
        )?;
    }
    for c in &r.conversions {
        tx.execute(
            "INSERT OR REPLACE INTO ref_unit_conversions (from_unit, to_unit, factor, exact) VALUES (?1, ?2, ?3, ?4)",
            params![c.from, c.to, c.factor, c.exact],
        )?;
    }
    for b in &r.benchmarks {
        tx.execute(
            "INSERT INTO ref_benchmarks (id, sector, unit, data) VALUES (?1, ?2, ?3, ?4)",
            params![b.id, b.sector, b.unit, json(b)?],
        )?;
    }
    for t in &r.techniques {
        tx.execute(
            "INSERT INTO ref_techniques (code, data) VALUES (?1, ?2)",
            params![t.code, json(t)?],
        )?;
    }
    for t in &r.tasks {
        tx.execute(
            "INSERT INTO ref_tasks (id, step, data) VALUES (?1, ?2, ?3)",
            params![t.id, t.step, json(t)?],
        )?;
    }
    for t in &r.targets {
        tx.execute(
            "INSERT INTO ref_targets (id, data) VALUES (?1, ?2)",
            params![t.id, json(t)?],
        )?;
    }
    for g in &r.gwp_sets {
        tx.execute(
            "INSERT INTO ref_gwp_sets (code, ch4, n2o, data) VALUES (?1, ?2, ?3, ?4)",
            params![g.code, g.ch4, g.n2o, json(g)?],
        )?;
    }
    tx.execute(
        "INSERT INTO ref_dataset (name, version, loaded_at) VALUES ('reference', ?1, ?2)
         ON CONFLICT (name) DO UPDATE SET version = excluded.version, loaded_at = excluded.loaded_at",
        params![r.version, now],
    )?;
    tx.commit()?;
    Ok(true)
}

/// Row counts of every reference table, for checks and `sxsh init`.
pub fn counts(conn: &Connection) -> Result<Vec<(&'static str, i64)>> {
    TABLES
        .iter()
        .map(|t| {
            Ok((
                *t,
                conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?,
            ))
        })
        .collect()
}
