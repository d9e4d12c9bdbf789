fn main() {
    // The UI is embedded at compile time; say what to do instead of a cryptic macro error.
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist/index.html");
    if !dist.is_file() {
        panic!(
            "ui/dist/index.html is missing: build the UI first with `npm --prefix ui ci && npm --prefix ui run build` (scripts/build-ui.sh)"
        );
    }
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build()
}
