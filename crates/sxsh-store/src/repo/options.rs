//! Repository of `options`: the [`CpOption`] table.

use crate::error::Result;
use rusqlite::Connection;

use sxsh_domain::repo::OptionRow;

fn text<'a>(r: &'a rusqlite::Row, i: usize) -> rusqlite::Result<&'a str> {
    r.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The range of rowids of the options table (`(0, -1)` when empty), to split a scan.
pub fn rowid_range(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT coalesce(min(rowid), 0), coalesce(max(rowid), -1) FROM options",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Calls `f` with every live option whose rowid is in `[first, last]`, for roll-ups; nothing is
/// copied out of SQLite.
pub fn for_each_rollup_row(
    conn: &Connection,
    first: i64,
    last: i64,
    mut f: impl FnMut(OptionRow),
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT assessment_id, techniques, selected, status, investment_vnd, savings, opex_change_vnd, life_years, screening
         FROM options WHERE rowid BETWEEN ?1 AND ?2 AND deleted = 0",
    )?;
    let mut rows = stmt.query([first, last])?;
    while let Some(r) = rows.next()? {
        f(OptionRow {
            assessment_id: text(r, 0)?,
            techniques: text(r, 1)?,
            selected: r.get(2)?,
            status: text(r, 3)?,
            investment_vnd: r.get(4)?,
            savings: text(r, 5)?,
            opex_change_vnd: r.get(6)?,
            life_years: r.get(7)?,
            screening: match r.get_ref(8)? {
                rusqlite::types::ValueRef::Null => None,
                _ => Some(text(r, 8)?),
            },
        });
    }
    Ok(())
}
