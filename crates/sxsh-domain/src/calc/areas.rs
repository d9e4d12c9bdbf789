//! The tree of administrative areas a programme office filters by: province → district →
//! commune → craft village. It joins the office's own list (`AdminArea`, which names the areas
//! and may hold some with no enterprise yet) with the places the enterprises give, compared
//! without accents or case, and counts the enterprises and assessments under each area.
//! Since the July 2025 reform a commune may sit straight under its province: a level left
//! empty is skipped, not invented.

use crate::model::{AdminArea, AreaLevel, Enterprise};
use crate::text::{fold, vi_sort_key};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One area of the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AreaNode {
    pub level: AreaLevel,
    /// As the office's list spells it, else as the first enterprise found wrote it (empty: the
    /// enterprises that give no province).
    pub name: String,
    /// The filter that selects this area: the names of the areas it is in and its own (empty
    /// at the levels it skips or below its own).
    pub province: String,
    pub district: String,
    pub commune: String,
    pub craft_village: String,
    /// The row of the office's list that names it; `None` for an area only enterprises give.
    pub area_id: Option<String>,
    /// Enterprises under it (at any level below), and their assessments.
    pub enterprises: usize,
    pub assessments: usize,
    pub children: Vec<AreaNode>,
}

/// A path from a province down: each level given (its place in `AreaLevel::ALL`), folded.
type Key = Vec<(usize, String)>;

/// The levels of a place, from the province down, leaving out those not given (a province is
/// always there, empty when not given).
fn path(province: &str, district: &str, commune: &str, village: &str) -> Vec<(AreaLevel, String)> {
    let mut p = vec![(AreaLevel::Province, province.trim().to_string())];
    for (level, name) in [
        (AreaLevel::District, district),
        (AreaLevel::Commune, commune),
        (AreaLevel::CraftVillage, village),
    ] {
        if !name.trim().is_empty() {
            p.push((level, name.trim().to_string()));
        }
    }
    p
}

/// What the tree keeps of one area while it is made.
#[derive(Default)]
struct Acc {
    names: Vec<(AreaLevel, String)>,
    area_id: Option<String>,
    enterprises: usize,
    assessments: usize,
}

/// The tree of `areas` (the office's list) and of where `enterprises` are, each with its
/// number of assessments; provinces and each area's children by name (Vietnamese order), the
/// enterprises of no province last.
pub fn tree(areas: &[AdminArea], enterprises: &[(&Enterprise, usize)]) -> Vec<AreaNode> {
    let mut all: BTreeMap<Key, Acc> = BTreeMap::new();
    let key_of = |names: &[(AreaLevel, String)]| -> Key {
        names
            .iter()
            .map(|(l, n)| {
                (
                    AreaLevel::ALL.iter().position(|x| x == l).unwrap_or(0),
                    fold(n),
                )
            })
            .collect()
    };
    for a in areas {
        let names = match a.level {
            AreaLevel::Province => path(&a.name, "", "", ""),
            AreaLevel::District => path(&a.province, &a.name, "", ""),
            AreaLevel::Commune => path(&a.province, &a.district, &a.name, ""),
            AreaLevel::CraftVillage => path(&a.province, &a.district, &a.commune, &a.name),
        };
        // The areas it is in, then itself (listed: its spelling names it).
        for n in 1..=names.len() {
            let acc = all.entry(key_of(&names[..n])).or_default();
            if n == names.len() {
                acc.names = names.clone();
                acc.area_id = Some(a.id.clone());
            } else if acc.names.is_empty() {
                acc.names = names[..n].to_vec();
            }
        }
    }
    for (e, assessments) in enterprises {
        let names = path(&e.province, &e.district, &e.commune, &e.craft_village);
        for n in 1..=names.len() {
            let acc = all.entry(key_of(&names[..n])).or_default();
            if acc.names.is_empty() {
                acc.names = names[..n].to_vec();
            }
            acc.enterprises += 1;
            acc.assessments += assessments;
        }
    }
    build(&mut all.into_iter().collect::<Vec<_>>()[..], &[])
}

/// The nodes at the top of `entries` (sorted by key, so a node's descendants follow it), in
/// the areas `above` (as named there), each with its children.
fn build(entries: &mut [(Key, Acc)], above: &[(AreaLevel, String)]) -> Vec<AreaNode> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        // The node, then every entry under it.
        let end = (i + 1..entries.len())
            .find(|&j| !entries[j].0.starts_with(&entries[i].0))
            .unwrap_or(entries.len());
        let acc = std::mem::take(&mut entries[i].1);
        let (level, name) = acc
            .names
            .last()
            .cloned()
            .unwrap_or((AreaLevel::Province, String::new()));
        let mut names = above.to_vec();
        names.push((level, name.clone()));
        let children = build(&mut entries[i + 1..end], &names);
        let name_at = |level: AreaLevel| {
            names
                .iter()
                .find(|(l, _)| *l == level)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        };
        out.push(AreaNode {
            level,
            province: name_at(AreaLevel::Province),
            district: name_at(AreaLevel::District),
            commune: name_at(AreaLevel::Commune),
            craft_village: name_at(AreaLevel::CraftVillage),
            name,
            area_id: acc.area_id,
            enterprises: acc.enterprises,
            assessments: acc.assessments,
            children,
        });
        i = end;
    }
    out.sort_by_cached_key(|n| (n.name.is_empty(), vi_sort_key(&n.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enterprise(p: &str, d: &str, c: &str, v: &str) -> Enterprise {
        let mut e: Enterprise = serde_json::from_value(serde_json::json!({
            "id": "e", "kind": "enterprise", "name": "x"
        }))
        .unwrap();
        e.province = p.into();
        e.district = d.into();
        e.commune = c.into();
        e.craft_village = v.into();
        e
    }

    fn area(id: &str, level: AreaLevel, name: &str, p: &str, d: &str) -> AdminArea {
        AdminArea {
            id: id.into(),
            level,
            name: name.into(),
            province: p.into(),
            district: d.into(),
            commune: String::new(),
            code: String::new(),
        }
    }

    #[test]
    fn the_list_and_the_enterprises_make_one_tree_counted_at_every_level() {
        let list = [
            area("a1", AreaLevel::Province, "Hà Nội", "", ""),
            area("a2", AreaLevel::District, "Gia Lâm", "Hà Nội", ""),
            area("a3", AreaLevel::District, "Ứng Hòa", "Hà Nội", ""),
            // Since 2025: a commune straight under its province.
            area("a4", AreaLevel::Commune, "Xã Bát Tràng", "Hà Nội", ""),
        ];
        let kim_lan = enterprise("ha noi", "gia lam", "Kim Lan", "Làng gốm Kim Lan");
        let bat_trang = enterprise("Hà Nội", "Gia Lâm", "Bát Tràng", "");
        let da_sy = enterprise("Hà Nội", "Hà Đông", "", "Làng rèn Đa Sỹ");
        let nowhere = enterprise("", "", "", "");
        let seafood = enterprise("Sóc Trăng", "Mỹ Xuyên", "", "");
        let t = tree(
            &list,
            &[
                (&kim_lan, 2),
                (&bat_trang, 1),
                (&da_sy, 1),
                (&nowhere, 3),
                (&seafood, 1),
            ],
        );
        let names: Vec<&str> = t.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["Hà Nội", "Sóc Trăng", ""]);
        let hn = &t[0];
        assert_eq!((hn.enterprises, hn.assessments), (3, 4));
        assert_eq!(hn.area_id.as_deref(), Some("a1"));
        let districts: Vec<(&str, usize, bool)> = hn
            .children
            .iter()
            .map(|n| (n.name.as_str(), n.enterprises, n.area_id.is_some()))
            .collect();
        // The list's spelling names Gia Lâm ("gia lam" in an address); Ứng Hòa has none yet;
        // Hà Đông is only an enterprise's; the commune sits under the province.
        assert_eq!(
            districts,
            [
                ("Gia Lâm", 2, true),
                ("Hà Đông", 1, false),
                ("Ứng Hòa", 0, true),
                ("Xã Bát Tràng", 0, true),
            ]
        );
        let gia_lam = &hn.children[0];
        let kl = gia_lam
            .children
            .iter()
            .find(|n| n.name == "Kim Lan")
            .unwrap();
        assert_eq!(kl.level, AreaLevel::Commune);
        let village = &kl.children[0];
        assert_eq!(village.level, AreaLevel::CraftVillage);
        assert_eq!(
            (
                village.province.as_str(),
                village.district.as_str(),
                village.commune.as_str(),
                village.craft_village.as_str()
            ),
            ("Hà Nội", "Gia Lâm", "Kim Lan", "Làng gốm Kim Lan")
        );
        assert_eq!(village.assessments, 2);
        // A village with no commune sits under its district.
        let ha_dong = &hn.children[1];
        assert_eq!(ha_dong.children[0].level, AreaLevel::CraftVillage);
        assert_eq!(ha_dong.children[0].commune, "");
        assert_eq!((t[2].enterprises, t[2].assessments), (1, 3));
    }
}
