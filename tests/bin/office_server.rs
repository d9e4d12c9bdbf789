//! The `sxsh-server` command, built inside the test crate so its tests and benches can start
//! real server processes (`CARGO_BIN_EXE_office-server`).

fn main() -> std::process::ExitCode {
    sxsh_server::cli::main()
}
