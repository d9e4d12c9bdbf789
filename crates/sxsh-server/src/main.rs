//! `sxsh-server`: the programme office's sync server (see `sxsh_server::cli`).

fn main() -> std::process::ExitCode {
    sxsh_server::cli::main()
}
