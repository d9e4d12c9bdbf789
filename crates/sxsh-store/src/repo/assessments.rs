//! Repository of `assessments`: the [`Assessment`] table.

use sxsh_domain::model::{Assessment, AssessmentKind};
use sxsh_domain::repo::{Place, RollupAssessmentRow, RollupFilter, start_year_of};

use crate::error::Result;
use crate::table::{Stored, from_row, select_list};
use rusqlite::Connection;

/// The `limit` most recently updated live assessments, of one enterprise or of all, with their
/// enterprise's name.
pub fn recent(
    conn: &Connection,
    enterprise_id: Option<&str>,
    limit: usize,
) -> Result<Vec<(Stored<Assessment>, String)>> {
    let sql = format!(
        "SELECT {}, e.name FROM assessments a JOIN enterprises e ON e.id = a.enterprise_id
         WHERE a.deleted = 0 AND (?1 IS NULL OR a.enterprise_id = ?1)
         ORDER BY a.updated_at DESC, a.id DESC LIMIT ?2",
        select_list::<Assessment>("a")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params![
        enterprise_id,
        i64::try_from(limit).unwrap_or(i64::MAX)
    ])?;
    let name_col = crate::table::select_width::<Assessment>();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push((from_row::<Assessment>(row, 0)?, row.get(name_col)?));
    }
    Ok(out)
}

/// Live assessments of live enterprises matching `filter`.
pub fn rollup_rows(conn: &Connection, filter: &RollupFilter) -> Result<Vec<RollupAssessmentRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.enterprise_id, a.kind, a.grid_ef_year, a.custom_grid_ef, a.custom_grid_ef_source,
                a.tax_rate, a.life_years, a.discount_rate, e.sector, e.province, e.district, a.start_date
         FROM assessments a JOIN enterprises e ON e.id = a.enterprise_id
         WHERE a.deleted = 0 AND e.deleted = 0
           AND (?1 IS NULL OR a.programme_id = ?1)
           AND (?2 IS NULL OR sxsh_fold(e.province) = sxsh_fold(?2))
           AND (?3 IS NULL OR e.sector = ?3)
           AND (?4 IS NULL OR CAST(substr(a.start_date, 1, 4) AS INTEGER) = ?4)
           AND (?5 IS NULL OR sxsh_fold(e.district) = sxsh_fold(?5))
           AND (?6 IS NULL OR sxsh_fold(e.commune) = sxsh_fold(?6))
           AND (?7 IS NULL OR sxsh_fold(e.craft_village) = sxsh_fold(?7))",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![
            filter.programme_id,
            filter.province,
            filter.sector,
            filter.year,
            filter.district,
            filter.commune,
            filter.craft_village
        ],
        |r| {
            let kind: String = r.get(2)?;
            Ok(RollupAssessmentRow {
                id: r.get(0)?,
                enterprise_id: r.get(1)?,
                kind: AssessmentKind::parse(&kind).unwrap_or(AssessmentKind::Quick),
                grid_ef_year: r.get(3)?,
                custom_grid_ef: r.get(4)?,
                custom_grid_ef_source: r.get(5)?,
                tax_rate: r.get(6)?,
                life_years: r.get(7)?,
                discount_rate: r.get(8)?,
                place: Place::new(
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    start_year_of(r.get::<_, Option<String>>(12)?.as_deref()),
                ),
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
