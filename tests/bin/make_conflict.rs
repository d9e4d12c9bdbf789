//! Makes a conflict for the portal's browser test (scripts/e2e-office.sh): two data
//! directories, both logged in to the same office and synced, change the next steps of the
//! same assessment (the first whose title contains TITLE) from the same version; then both
//! sync, so the server and both devices hold the conflict.
//!
//! Usage: make-conflict DIR_A DIR_B TITLE

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [a, b, title] = &args[..] else {
        eprintln!("usage: make-conflict DIR_A DIR_B TITLE");
        std::process::exit(2);
    };
    let open = |d: &str| sxsh_api::Api::open(std::path::Path::new(d)).expect("open data dir");
    let (a, b) = (open(a), open(b));
    let sync = |api: &sxsh_api::Api| {
        api.sync_now(&mut |_| {}).expect("sync");
    };
    sync(&b);
    let id = b
        .recent_assessments(100)
        .expect("assessments")
        .into_iter()
        .find(|x| x.assessment.data.title.contains(title.as_str()))
        .unwrap_or_else(|| panic!("no assessment titled {title}"))
        .assessment
        .data
        .id;
    for (api, text) in [
        (&a, "Lắp đồng hồ đo nước riêng cho khâu rửa"),
        (&b, "Thu hồi nước rửa lần cuối để rửa sơ bộ"),
    ] {
        let mut x = api
            .get::<sxsh_api::dto::Assessment>(&id)
            .expect("assessment")
            .data;
        x.next_steps = text.into();
        api.update(x).expect("update");
    }
    sync(&a);
    sync(&b);
    sync(&a);
    println!("conflict on assessment {id} next_steps");
}
