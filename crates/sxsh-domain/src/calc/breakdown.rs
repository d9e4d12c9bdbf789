//! A roll-up split by sector, by province, by district and by year: the groups a programme
//! office charts. Each line holds the same counts and savings as the roll-up's totals, for
//! the assessments of that group; the lines of one breakdown add up to the totals (an
//! assessment is in one sector, one province, one district and one year). Districts are
//! given for a roll-up of one province or district only: a nation's ~700 would make a chart
//! nobody reads and an answer of half a megabyte.

use super::rollup::{OptionCounts, Rollup, RollupOption, Savings};
use crate::text::fold;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// Where an assessment falls: its enterprise's sector, province and district, and the year
/// it started (as the roll-up's year filter reads it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Place {
    pub sector: String,
    pub province: String,
    pub district: String,
    pub year: Option<i64>,
    /// The keys of its sector's, province's and district's lines, made once: shared, so a
    /// sum over thousands of groups copies no text.
    keys: PlaceKeys,
}

/// The keys of a place's lines: its sector, its province folded, `province|district` folded
/// (empty without either).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct PlaceKeys {
    sector: Arc<str>,
    province: Arc<str>,
    district: Arc<str>,
}

impl Place {
    pub fn new(sector: String, province: String, district: String, year: Option<i64>) -> Place {
        let (p, d) = (fold(&province), fold(&district));
        let district_key = if p.is_empty() && d.is_empty() {
            String::new()
        } else {
            format!("{p}|{d}")
        };
        let keys = PlaceKeys {
            sector: sector.as_str().into(),
            province: p.into(),
            district: district_key.into(),
        };
        Place {
            sector,
            province,
            district,
            year,
            keys,
        }
    }

    /// Where assessment `a` of enterprise `e` falls (without the enterprise, only its year is
    /// known).
    pub fn of(a: &crate::model::Assessment, e: Option<&crate::model::Enterprise>) -> Place {
        Place::new(
            e.map(|e| e.sector.clone()).unwrap_or_default(),
            e.map(|e| e.province.clone()).unwrap_or_default(),
            e.map(|e| e.district.clone()).unwrap_or_default(),
            crate::repo::start_year(a),
        )
    }
}

/// One group of a breakdown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BreakdownLine {
    /// The sector's code, the year, or the district's folded `province|district`; empty for
    /// assessments without one.
    pub key: String,
    /// What the line is called: the sector's code (named from the catalogs), the year, or
    /// "district, province" as first written.
    pub label: String,
    pub assessments: usize,
    pub options: OptionCounts,
    /// Savings of the identified options (potential).
    pub identified: Savings,
    /// Savings of the implemented options (achieved).
    pub implemented: Savings,
}

impl BreakdownLine {
    fn add_option(&mut self, o: &RollupOption) {
        self.options.merge(&OptionCounts::of(o));
        if !o.rejected {
            self.identified.add(o);
            if o.implemented {
                self.implemented.add(o);
            }
        }
    }

    fn add_rollup(&mut self, r: &Rollup) {
        self.assessments += r.assessments;
        self.options.merge(&r.options);
        self.identified.merge(&r.identified);
        self.implemented.merge(&r.implemented);
    }

    fn merge(&mut self, o: &BreakdownLine) {
        self.assessments += o.assessments;
        self.options.merge(&o.options);
        self.identified.merge(&o.identified);
        self.implemented.merge(&o.implemented);
    }
}

/// A roll-up's breakdowns, as hosts show them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Breakdowns {
    /// By sector code.
    pub by_sector: Vec<BreakdownLine>,
    /// By province, by name.
    #[serde(default)]
    pub by_province: Vec<BreakdownLine>,
    /// By district (and its province), by name; empty unless the roll-up is of one province
    /// or district.
    pub by_district: Vec<BreakdownLine>,
    /// By the year assessments started, oldest first.
    pub by_year: Vec<BreakdownLine>,
}

/// Breakdowns being summed: by assessment and option (a roll-up's scan) or by the roll-ups
/// of groups of assessments (a server's read model). Parts summed apart are merged.
#[derive(Debug, Clone, Default)]
pub struct BreakdownSum {
    sector: HashMap<Arc<str>, BreakdownLine>,
    province: HashMap<Arc<str>, BreakdownLine>,
    district: HashMap<Arc<str>, BreakdownLine>,
    year: HashMap<Option<i64>, BreakdownLine>,
}

impl BreakdownSum {
    /// The four lines `place` falls in.
    fn lines(&mut self, place: &Place) -> [&mut BreakdownLine; 4] {
        let sector = self
            .sector
            .entry(place.keys.sector.clone())
            .or_insert_with(|| BreakdownLine {
                key: place.sector.clone(),
                label: place.sector.clone(),
                ..Default::default()
            });
        let province = self
            .province
            .entry(place.keys.province.clone())
            .or_insert_with_key(|k| BreakdownLine {
                key: k.to_string(),
                label: place.province.trim().to_string(),
                ..Default::default()
            });
        let district = self
            .district
            .entry(place.keys.district.clone())
            .or_insert_with_key(|k| BreakdownLine {
                key: k.to_string(),
                label: match (place.district.trim(), place.province.trim()) {
                    ("", "") => String::new(),
                    ("", p) => p.to_string(),
                    (d, "") => d.to_string(),
                    (d, p) => format!("{d}, {p}"),
                },
                ..Default::default()
            });
        let year = self
            .year
            .entry(place.year)
            .or_insert_with(|| BreakdownLine {
                key: place.year.map(|y| y.to_string()).unwrap_or_default(),
                label: place.year.map(|y| y.to_string()).unwrap_or_default(),
                ..Default::default()
            });
        [sector, province, district, year]
    }

    /// Counts one assessment at `place`.
    pub fn add_assessment(&mut self, place: &Place) {
        for l in self.lines(place) {
            l.assessments += 1;
        }
    }

    /// Adds one option of an assessment at `place`.
    pub fn add_option(&mut self, place: &Place, o: &RollupOption) {
        for l in self.lines(place) {
            l.add_option(o);
        }
    }

    /// Adds the roll-up of assessments all at `place`.
    pub fn add_rollup(&mut self, place: &Place, r: &Rollup) {
        for l in self.lines(place) {
            l.add_rollup(r);
        }
    }

    /// Adds the sums of other assessments.
    pub fn merge(&mut self, other: &BreakdownSum) {
        for (k, l) in &other.sector {
            merge_into(&mut self.sector, k, l);
        }
        for (k, l) in &other.province {
            merge_into(&mut self.province, k, l);
        }
        for (k, l) in &other.district {
            merge_into(&mut self.district, k, l);
        }
        for (k, l) in &other.year {
            merge_into(&mut self.year, k, l);
        }
    }

    /// The lines, each breakdown in its order (groups without a sector, place or year
    /// last); the districts' only when `districts` (a roll-up of one province or district).
    pub fn finish(self, districts: bool) -> Breakdowns {
        fn sorted<K, O: Ord>(
            m: HashMap<K, BreakdownLine>,
            key: impl Fn(&BreakdownLine) -> O,
        ) -> Vec<BreakdownLine> {
            let mut v: Vec<BreakdownLine> = m.into_values().collect();
            v.sort_by_cached_key(|l| (l.key.is_empty(), key(l)));
            v
        }
        Breakdowns {
            by_sector: sorted(self.sector, |l| l.key.clone()),
            by_province: sorted(self.province, |l| crate::text::vi_sort_key(&l.label)),
            by_district: if districts {
                sorted(self.district, |l| crate::text::vi_sort_key(&l.label))
            } else {
                Vec::new()
            },
            by_year: sorted(self.year, |l| format!("{:>8}", l.key)),
        }
    }
}

fn merge_into<K: Clone + Eq + std::hash::Hash>(
    m: &mut HashMap<K, BreakdownLine>,
    k: &K,
    l: &BreakdownLine,
) {
    match m.get_mut(k) {
        Some(mine) => mine.merge(l),
        None => {
            m.insert(k.clone(), l.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(vnd: i64, implemented: bool) -> RollupOption {
        RollupOption {
            implemented,
            selected: implemented,
            investment_vnd: Some(1_000),
            annual_net_savings_vnd: vnd,
            tco2: 0.5,
            ..Default::default()
        }
    }

    fn place(sector: &str, province: &str, district: &str, year: i64) -> Place {
        Place::new(sector.into(), province.into(), district.into(), Some(year))
    }

    #[test]
    fn lines_add_up_to_the_totals_and_districts_are_one_whatever_their_accents() {
        let a = place("pottery", "Hà Nội", "Gia Lâm", 2024);
        let b = place("pottery", "Ha Noi", "gia lam", 2025);
        let c = place("forging", "Hà Nội", "Ứng Hòa", 2025);
        let mut sum = BreakdownSum::default();
        let mut other = BreakdownSum::default();
        sum.add_assessment(&a);
        sum.add_option(&a, &option(100, true));
        sum.add_option(&a, &option(50, false));
        other.add_assessment(&b);
        other.add_option(&b, &option(10, true));
        let mut r = Rollup::default();
        r.add_assessment("e3", crate::model::AssessmentKind::Quick, Some(2025), None);
        r.add_option("e3", &option(7, true));
        other.add_rollup(&c, &r);
        sum.merge(&other);
        // Without the districts (a roll-up of the nation): the provinces alone.
        let national = sum.clone().finish(false);
        assert!(national.by_district.is_empty());
        let provinces: Vec<(&str, &str, usize)> = national
            .by_province
            .iter()
            .map(|l| (l.key.as_str(), l.label.as_str(), l.assessments))
            .collect();
        assert_eq!(provinces.len(), 1);
        assert_eq!(
            provinces[0].1, "Hà Nội",
            "named as written (one of its spellings)"
        );
        assert_eq!((provinces[0].0, provinces[0].2), ("ha noi", 3));
        let b = sum.finish(true);
        assert_eq!(b.by_province, national.by_province);

        let keys: Vec<&str> = b.by_sector.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(keys, ["forging", "pottery"]);
        assert_eq!(b.by_sector[1].assessments, 2);
        assert_eq!(b.by_sector[1].implemented.net_vnd, 110);
        assert_eq!(b.by_sector[1].identified.net_vnd, 160);
        assert_eq!(b.by_sector[1].options.identified, 3);
        assert_eq!(b.by_sector[1].options.implemented, 2);

        // "Gia Lâm, Hà Nội" and "gia lam, Ha Noi" are one district, named as first written.
        let districts: Vec<(&str, usize)> = b
            .by_district
            .iter()
            .map(|l| (l.label.as_str(), l.assessments))
            .collect();
        assert_eq!(districts, [("Gia Lâm, Hà Nội", 2), ("Ứng Hòa, Hà Nội", 1)]);

        let years: Vec<(&str, usize, i64)> = b
            .by_year
            .iter()
            .map(|l| (l.key.as_str(), l.assessments, l.implemented.net_vnd))
            .collect();
        assert_eq!(years, [("2024", 1, 100), ("2025", 2, 17)]);

        for lines in [&b.by_sector, &b.by_province, &b.by_district, &b.by_year] {
            assert_eq!(lines.iter().map(|l| l.assessments).sum::<usize>(), 3);
            let tco2: f64 = lines.iter().map(|l| l.implemented.tco2).sum();
            assert!((tco2 - 1.5).abs() < 1e-12, "{tco2}");
        }
    }

    #[test]
    fn assessments_without_a_sector_district_or_year_are_one_group_listed_last() {
        let mut sum = BreakdownSum::default();
        sum.add_assessment(&Place::default());
        sum.add_assessment(&place("beer", "Sóc Trăng", "", 2023));
        let b = sum.finish(true);
        assert_eq!(b.by_sector.last().unwrap().key, "");
        assert_eq!(b.by_year.last().unwrap().key, "");
        assert_eq!(b.by_district[0].label, "Sóc Trăng");
        assert_eq!(b.by_district[1].key, "");
    }
}
