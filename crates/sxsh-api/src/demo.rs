//! The demo data: three assessment documents shipped in `assets/demo`.

/// Kim Lan pottery (quick), Đa Sỹ forging (quick), seafood plant (detailed).
pub const DOCUMENTS: [&str; 3] = [
    include_str!("../../../assets/demo/kim_lan_pottery.json"),
    include_str!("../../../assets/demo/da_sy_forging.json"),
    include_str!("../../../assets/demo/seafood_detailed.json"),
];
