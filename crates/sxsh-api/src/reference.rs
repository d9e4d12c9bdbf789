//! The reference data shipped in `assets/reference`, parsed once per process.

use std::sync::OnceLock;
use sxsh_domain::reference::{
    Checklist, ChecklistItem, Reference, ReferenceFiles, parse_checklist,
};

/// The product's reference files, embedded at build time.
pub const FILES: ReferenceFiles<'static> = ReferenceFiles {
    emission_factors: include_str!("../../../assets/reference/emission_factors.json"),
    toe_factors: include_str!("../../../assets/reference/toe_factors.json"),
    fuel_map: include_str!("../../../assets/reference/fuel_map.json"),
    benchmarks: include_str!("../../../assets/reference/benchmarks.json"),
    techniques: include_str!("../../../assets/reference/techniques.json"),
    methodology: include_str!("../../../assets/reference/methodology.json"),
    targets: include_str!("../../../assets/reference/targets.json"),
};

/// The parsed reference data. The embedded files are checked by tests, so a parse failure here
/// is a build defect and panics with the file and problem.
pub fn get() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| Reference::parse(FILES).unwrap_or_else(|e| panic!("embedded {e}")))
}

/// The sector checklists shipped in `assets/reference/checklists`.
const CHECKLISTS: [&str; 7] = [
    include_str!("../../../assets/reference/checklists/pottery_kiln.json"),
    include_str!("../../../assets/reference/checklists/forging.json"),
    include_str!("../../../assets/reference/checklists/seafood.json"),
    include_str!("../../../assets/reference/checklists/cassava_starch.json"),
    include_str!("../../../assets/reference/checklists/beer.json"),
    include_str!("../../../assets/reference/checklists/good_housekeeping.json"),
    include_str!("../../../assets/reference/checklists/energy_crosscutting.json"),
];

/// Every sector checklist, parsed once per process.
pub fn checklists() -> &'static [Checklist] {
    static LISTS: OnceLock<Vec<Checklist>> = OnceLock::new();
    LISTS.get_or_init(|| {
        CHECKLISTS
            .iter()
            .map(|t| parse_checklist(t).unwrap_or_else(|e| panic!("embedded {e}")))
            .collect()
    })
}

/// The checklist item with this code, from any checklist.
pub fn checklist_item(code: &str) -> Option<&'static ChecklistItem> {
    checklists()
        .iter()
        .flat_map(|c| &c.items)
        .find(|i| i.id == code)
}
