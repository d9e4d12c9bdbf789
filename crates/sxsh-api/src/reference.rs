//! The reference data shipped in `assets/reference`, parsed once per process.

use std::sync::OnceLock;
use sxsh_domain::reference::{Reference, ReferenceFiles};

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
