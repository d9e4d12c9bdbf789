//! Keeps `ui/src/portal/types.ts` — the TypeScript declarations of what the portal's JSON
//! (`/portal/api`) answers — equal to what the Rust types declare. `UPDATE_TS=1 cargo test -p
//! sxsh-server --test ts_types` rewrites the file; without it, a stale file fails this test.

use sxsh_domain::calc::programme::RollupReport;
use sxsh_domain::ts_decl::TsDecls;
use sxsh_server::portal::{
    PortalAssessment, PortalEnterprise, PortalReference, PortalSession, PortalUser,
};

fn generate() -> String {
    let mut c = TsDecls::new(&[]);
    c.add::<PortalSession>();
    c.add::<sxsh_domain::model::Programme>();
    c.add::<PortalEnterprise>();
    c.add::<PortalReference>();
    c.add::<PortalAssessment>();
    c.add::<PortalUser>();
    c.add::<RollupReport>();
    c.add::<sxsh_domain::calc::areas::AreaNode>();
    c.add::<sxsh_domain::model::AdminArea>();
    c.add::<sxsh_server::conflicts::PortalConflict>();
    c.add::<sxsh_server::public::PublicSummary>();
    c.add::<sxsh_server::enterprise_page::PortalEnterprisePage>();
    c.add::<sxsh_server::records::PortalRecords>();
    c.add::<sxsh_server::import::ImportPreview>();
    c.add::<sxsh_server::assessment_page::PortalAssessmentPage>();
    let mut out = String::from(
        "// Generated from the Rust types by crates/sxsh-server/tests/ts_types.rs. Do not edit:\n\
         // run `UPDATE_TS=1 cargo test -p sxsh-server --test ts_types` after changing one.\n",
    );
    out.push_str(&c.exported());
    out
}

#[test]
fn typescript_declarations_of_the_portal_are_fresh() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/portal/types.ts");
    let want = generate();
    if std::env::var_os("UPDATE_TS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is stale: run `UPDATE_TS=1 cargo test -p sxsh-server --test ts_types` and commit it",
        path.display()
    );
}
