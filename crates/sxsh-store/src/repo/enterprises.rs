//! Repository of `enterprises`: the [`Enterprise`] table.

use crate::error::Result;
use crate::table::{Stored, query_rows, select_list};
use rusqlite::Connection;
use sxsh_domain::model::Enterprise;

/// The columns accent-insensitive search looks in.
const SEARCH_TEXT: &str = "name || ' ' || craft_village || ' ' || commune || ' ' || district || ' ' || province || ' ' || tax_code || ' ' || main_products";

/// Sorts rows by name in Vietnamese dictionary order.
fn sort_vi(rows: &mut [Stored<Enterprise>]) {
    rows.sort_by_cached_key(|r| sxsh_domain::text::vi_sort_key(&r.data.name));
}

/// Every live enterprise, in Vietnamese order of name.
pub fn list(conn: &Connection) -> Result<Vec<Stored<Enterprise>>> {
    let mut rows = crate::table::list_all::<Enterprise>(conn)?;
    sort_vi(&mut rows);
    Ok(rows)
}

/// Live enterprises where every word of `query` occurs, ignoring case and diacritics
/// ("da sy" finds "Đa Sỹ"), in Vietnamese order of name.
pub fn search(conn: &Connection, query: &str) -> Result<Vec<Stored<Enterprise>>> {
    let sql = format!(
        "SELECT {} FROM enterprises WHERE deleted = 0 AND sxsh_matches({SEARCH_TEXT}, ?1)",
        select_list::<Enterprise>("")
    );
    let mut rows = query_rows::<Enterprise>(conn, &sql, [query])?;
    sort_vi(&mut rows);
    Ok(rows)
}
