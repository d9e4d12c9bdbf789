//! Child process of the sync fault tests: syncs the data directory given as its argument with
//! the server it is logged in to, again and again, printing `synced` after each complete sync.
//! The test kills it with SIGKILL mid-push and mid-pull. With `--once` it syncs once and
//! exits (the initial-sync benchmark measures its time and memory).

use std::io::Write;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: sync-client DATA_DIR");
    let api = sxsh_api::Api::open(std::path::Path::new(&dir)).expect("open data dir");
    let once = std::env::args().any(|a| a == "--once");
    let mut out = std::io::stdout().lock();
    loop {
        let mut progress = |p| {
            let _ = writeln!(std::io::stdout(), "progress {p:?}");
        };
        match api.sync_now(&mut progress) {
            Ok(sum) => writeln!(out, "synced {sum:?}").unwrap(),
            Err(e) => writeln!(out, "error {e}").unwrap(),
        }
        out.flush().unwrap();
        if once {
            return;
        }
    }
}
