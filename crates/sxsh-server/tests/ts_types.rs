//! Keeps `ui/src/portal/types.ts` — the TypeScript declarations of what the portal's JSON
//! (`/portal/api`) answers — equal to what the Rust types declare. `UPDATE_TS=1 cargo test -p
//! sxsh-server --test ts_types` rewrites the file; without it, a stale file fails this test.

use std::collections::BTreeMap;
use sxsh_domain::calc::programme::RollupReport;
use sxsh_server::portal::{
    PortalAssessment, PortalEnterprise, PortalProgramme, PortalReference, PortalSession, PortalUser,
};
use ts_rs::{Config, TS, TypeVisitor};

struct Collect {
    cfg: Config,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Collect {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        add::<T>(self);
    }
}

/// Adds the declaration of `T` and, once each, of every type it refers to.
fn add<T: TS + 'static + ?Sized>(c: &mut Collect) {
    if T::output_path().is_none() {
        return;
    }
    let name = T::ident(&c.cfg);
    if c.decls.contains_key(&name) {
        return;
    }
    c.decls.insert(name, T::decl(&c.cfg));
    T::visit_dependencies(c);
    T::visit_generics(c);
}

fn generate() -> String {
    let mut c = Collect {
        cfg: Config::new().with_large_int("number"),
        decls: BTreeMap::new(),
    };
    add::<PortalSession>(&mut c);
    add::<PortalProgramme>(&mut c);
    add::<PortalEnterprise>(&mut c);
    add::<PortalReference>(&mut c);
    add::<PortalAssessment>(&mut c);
    add::<PortalUser>(&mut c);
    add::<RollupReport>(&mut c);
    let mut out = String::from(
        "// Generated from the Rust types by crates/sxsh-server/tests/ts_types.rs. Do not edit:\n\
         // run `UPDATE_TS=1 cargo test -p sxsh-server --test ts_types` after changing one.\n",
    );
    for decl in c.decls.values() {
        out.push('\n');
        out.push_str("export ");
        out.push_str(decl.trim());
        out.push('\n');
    }
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
