//! Child process of the crash-safety test: opens a data directory and writes small rows in a
//! loop, printing each row's id on stdout only after its transaction committed. The test kills
//! it with SIGKILL at random moments.

use std::io::Write;
use sxsh_api::Api;
use sxsh_api::dto::{Enterprise, EnterpriseKind};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: crash-writer DATA_DIR");
    let api = Api::open(std::path::Path::new(&dir)).expect("open data dir");
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let row = api
            .create(Enterprise {
                id: String::new(),
                kind: EnterpriseKind::CraftHousehold,
                name: format!("Hộ rèn số {i}"),
                tax_code: String::new(),
                address: String::new(),
                province: "Hà Nội".into(),
                district: "Hà Đông".into(),
                commune: String::new(),
                craft_village: "Đa Sỹ".into(),
                sector: "forging".into(),
                main_products: String::new(),
                design_capacity: None,
                capacity_unit: String::new(),
                employees: Some(i % 20),
                contact_name: String::new(),
                contact_phone: String::new(),
                contact_email: String::new(),
            })
            .expect("write");
        writeln!(out, "{}", row.data.id).expect("stdout");
        out.flush().expect("stdout");
    }
}
