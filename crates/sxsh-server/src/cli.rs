//! The `sxsh-server` command (its binary is `src/main.rs`, which only calls [`main`]).
//!
//! ```text
//! sxsh-server init  --db sqlite:office.db --office "Sở Công Thương Hà Nội" --admin admin
//! sxsh-server user add --db sqlite:office.db --login lan --name "Nguyễn Thị Lan" --role consultant --programme P1
//! sxsh-server serve --db sqlite:office.db --listen 0.0.0.0:8470
//! sxsh-server backup --db sqlite:office.db -o office-2026-12-04.sxshsrv
//! sxsh-server restore --db postgres://sxsh@localhost/office office-2026-12-04.sxshsrv
//! ```
//! Passwords are read from `SXSH_SERVER_PASSWORD` or, when it is unset, from the first line of
//! standard input (never from the command line, where other users could read them).

use crate::db::AnyDb;
use crate::error::{Result, ServerError};
use crate::{Config, Server, auth, storage};
use clap::{Parser, Subcommand};
use std::io::BufRead;
use std::process::ExitCode;
use sxsh_sync_proto::wire::{ErrorCode, Role};

#[derive(Parser)]
#[command(
    name = "sxsh-server",
    version,
    about = "SXSH Field: the programme office's sync server"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Args, Clone)]
struct DbArg {
    /// Where the data is: `sqlite:PATH` (the embedded default; or just a path) or
    /// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`.
    #[arg(long, env = "SXSH_SERVER_DB", default_value = "sqlite:sxsh-server.db")]
    db: String,
}

/// HTTPS served by the server itself (see `sxsh_server::tls`).
#[derive(clap::Args, Clone)]
struct TlsArgs {
    /// Serve HTTPS (needed on any address but loopback, unless a reverse proxy on this
    /// machine does it): with the certificate of --tls-cert/--tls-key, or else one made for
    /// this server and kept in --tls-dir.
    #[arg(long)]
    tls: bool,
    /// Folder of the made certificate (default: beside an SQLite database, `PATH.tls`; for
    /// PostgreSQL, `sxsh-server-tls` in the current folder).
    #[arg(long, env = "SXSH_SERVER_TLS_DIR")]
    tls_dir: Option<std::path::PathBuf>,
    /// A name or LAN address devices use for this server, put in a made certificate
    /// (repeat for several).
    #[arg(long = "tls-name")]
    tls_names: Vec<String>,
    /// A certificate (PEM; the server's first, then its chain) the office already has.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<std::path::PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<std::path::PathBuf>,
}

impl TlsArgs {
    /// The identity to serve with: the given files, or the one kept in the TLS folder.
    fn identity(&self, db: &str) -> Result<crate::tls::Identity> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(c), Some(k)) => crate::tls::load(c, k),
            _ => {
                let dir = self
                    .tls_dir
                    .clone()
                    .unwrap_or_else(|| beside_db(db, "tls", "sxsh-server-tls"));
                crate::tls::load_or_make(&dir, &self.tls_names)
            }
        }
    }
}

/// Whether every address `listen` names is a loopback one (plain HTTP is allowed there only).
fn is_loopback(listen: &str) -> bool {
    use std::net::ToSocketAddrs;
    match listen.to_socket_addrs() {
        Ok(addrs) => {
            let addrs: Vec<_> = addrs.collect();
            !addrs.is_empty() && addrs.iter().all(|a| a.ip().is_loopback())
        }
        Err(_) => false,
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Makes the office and its first admin account.
    Init {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        office: String,
        #[arg(long, default_value = "admin")]
        admin: String,
    },
    /// Serves the sync API.
    Serve {
        #[command(flatten)]
        db: DbArg,
        /// Address to listen on (port 0: any free port; the line `listening on …` says which).
        #[arg(long, default_value = "127.0.0.1:8470")]
        listen: String,
        /// Oldest client version accepted.
        #[arg(long, default_value = "0.1.0")]
        min_client_version: String,
        /// Days a login lasts.
        #[arg(long, default_value_t = crate::DEFAULT_TOKEN_DAYS)]
        token_days: i64,
        /// Folder of the photo files (default: beside an SQLite database, `PATH.blobs`; for
        /// PostgreSQL, `sxsh-server-blobs` in the current folder).
        #[arg(long, env = "SXSH_SERVER_BLOBS")]
        blobs: Option<std::path::PathBuf>,
        /// The office portal's pages: the folder `scripts/build-ui.sh` makes (`ui/dist`).
        #[arg(long, env = "SXSH_SERVER_PORTAL")]
        portal: Option<std::path::PathBuf>,
        #[command(flatten)]
        tls: TlsArgs,
    },
    /// Prints the fingerprint of the certificate `serve --tls` serves (making it when there is
    /// none yet), for consultants to compare at their first login.
    Tls {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        tls: TlsArgs,
    },
    /// Prints a logical dump of the synced data (ops, field versions, conflicts, scopes; not
    /// the sessions), to compare two states of a server.
    Dump {
        #[command(flatten)]
        db: DbArg,
    },
    /// Writes a backup of the whole server (database and photos) to one file, from a
    /// consistent snapshot, while the server runs.
    Backup {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, env = "SXSH_SERVER_BLOBS")]
        blobs: Option<std::path::PathBuf>,
        /// The backup file to write (`.sxshsrv`).
        #[arg(short = 'o', long = "output")]
        output: std::path::PathBuf,
    },
    /// Restores a backup into a new, empty database (SQLite or PostgreSQL, whichever the
    /// backup came from) and its photo folder; the whole file is checked first.
    Restore {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, env = "SXSH_SERVER_BLOBS")]
        blobs: Option<std::path::PathBuf>,
        /// The backup file.
        file: std::path::PathBuf,
    },
    /// Accounts.
    User {
        #[command(subcommand)]
        cmd: UserCmd,
    },
    /// The programme roll-up of what the office holds (JSON), computed by the same code as
    /// the app's: assessments, options by technique, investment, savings, TOE, tCO2.
    Rollup {
        #[command(flatten)]
        db: DbArg,
        /// As this account may see it (default: everything).
        #[arg(long)]
        login: Option<String>,
        #[arg(long)]
        programme: Option<String>,
        /// The enterprises' province, district, commune and craft village (accents and case
        /// aside).
        #[arg(long)]
        province: Option<String>,
        #[arg(long)]
        district: Option<String>,
        #[arg(long)]
        commune: Option<String>,
        #[arg(long)]
        craft_village: Option<String>,
        #[arg(long)]
        sector: Option<String>,
        #[arg(long)]
        year: Option<i64>,
        #[arg(long)]
        technique: Option<String>,
        /// Which assessments count by the office's review: all (default), approved,
        /// with_pending (approved, not reviewed yet, or sent back for changes).
        #[arg(long, default_value = "all", value_parser = parse_review)]
        review: sxsh_domain::calc::programme::ReviewScope,
    },
    /// Bundle files (.sxshb) for consultants without a network.
    Bundle {
        #[command(subcommand)]
        cmd: BundleCmd,
    },
}

/// The database, photo folder and account a bundle is read or written for.
#[derive(clap::Args, Clone)]
struct BundleAccount {
    #[command(flatten)]
    db: DbArg,
    #[arg(long, env = "SXSH_SERVER_BLOBS")]
    blobs: Option<std::path::PathBuf>,
    /// The account whose work it is, or who will read it (its programmes and role apply).
    #[arg(long)]
    login: String,
}

impl BundleAccount {
    /// The server, its photo folder and the account.
    fn open(
        &self,
    ) -> Result<(
        std::sync::Arc<Server<AnyDb>>,
        crate::blobs::Blobs,
        storage::Account,
    )> {
        let blob_dir = self
            .blobs
            .clone()
            .unwrap_or_else(|| default_blob_dir(&self.db.db));
        let server = open(&self.db, Config::default())?;
        let account = find(&server, &self.login)?;
        Ok((server, crate::blobs::Blobs::new(&blob_dir), account))
    }
}

#[derive(Subcommand)]
enum BundleCmd {
    /// Applies a bundle a consultant brought, as that account's push (checked whole first;
    /// importing twice changes nothing).
    Import {
        #[command(flatten)]
        who: BundleAccount,
        file: std::path::PathBuf,
    },
    /// Writes what an account may see (and its photos) for a device to import.
    Export {
        #[command(flatten)]
        who: BundleAccount,
        /// Only what came after this server sequence (the `until` of an earlier export).
        #[arg(long, default_value_t = 0)]
        since: i64,
        #[arg(short = 'o', long = "output")]
        output: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum UserCmd {
    /// Adds an account (its password from SXSH_SERVER_PASSWORD or standard input).
    Add {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// admin, consultant or viewer.
        #[arg(long)]
        role: String,
        /// A programme the account belongs to (repeat for several).
        #[arg(long = "programme")]
        programmes: Vec<String>,
    },
    /// Lists the accounts.
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Sets the programmes of an account (what it may see and write).
    Programmes {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        login: String,
        #[arg(long = "programme")]
        programmes: Vec<String>,
    },
    /// Sets a new password (every session of the account ends).
    Password {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        login: String,
    },
    /// Disables or enables an account.
    Disable {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        login: String,
        #[arg(long)]
        enable: bool,
    },
}

fn open(db: &DbArg, config: Config) -> Result<std::sync::Arc<Server<AnyDb>>> {
    Server::open(AnyDb::open(&db.db)?, config)
}

/// `PATH.blobs` beside an SQLite database; `sxsh-server-blobs` otherwise.
fn default_blob_dir(db: &str) -> std::path::PathBuf {
    beside_db(db, "blobs", "sxsh-server-blobs")
}

/// `PATH.EXT` beside an SQLite database; `other` (in the current folder) for PostgreSQL.
fn beside_db(db: &str, ext: &str, other: &str) -> std::path::PathBuf {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        other.into()
    } else {
        format!("{}.{ext}", db.strip_prefix("sqlite:").unwrap_or(db)).into()
    }
}

fn password() -> Result<String> {
    if let Ok(p) = std::env::var("SXSH_SERVER_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| ServerError::internal(format!("reading the password: {e}")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn find(server: &Server<AnyDb>, login: &str) -> Result<storage::Account> {
    use crate::db::Backend;
    server
        .db
        .read(|tx| storage::account_by_login(tx, login))?
        .map(|(a, _)| a)
        .ok_or_else(|| ServerError::new(ErrorCode::NotFound, format!("no account {login}")))
}

fn run(cli: Cli) -> Result<()> {
    use crate::db::Backend;
    match cli.cmd {
        Cmd::Init { db, office, admin } => {
            let server = open(&db, Config::default())?;
            let a = server.init(&office, &admin, &password()?)?;
            println!(
                "office \"{office}\" made; admin account {} ({})",
                a.login, a.id
            );
        }
        Cmd::Serve {
            db,
            listen,
            min_client_version,
            token_days,
            blobs,
            portal,
            tls,
        } => {
            if let Some(dir) = &portal
                && !dir.join("portal.html").is_file()
            {
                return Err(ServerError::new(
                    ErrorCode::BadRequest,
                    format!(
                        "--portal {}: no portal.html there (run scripts/build-ui.sh)",
                        dir.display()
                    ),
                ));
            }
            let identity = if tls.tls || tls.tls_cert.is_some() {
                Some(tls.identity(&db.db)?)
            } else if is_loopback(&listen) {
                None
            } else {
                return Err(ServerError::new(
                    ErrorCode::BadRequest,
                    format!(
                        "plain HTTP is served on loopback only, and {listen} is not: add --tls \
                         (a certificate made for this server; devices confirm its fingerprint \
                         at first login), or listen on 127.0.0.1 behind a reverse proxy that \
                         serves HTTPS"
                    ),
                ));
            };
            let blob_dir = blobs.unwrap_or_else(|| default_blob_dir(&db.db));
            let server = open(
                &db,
                Config {
                    min_client_version,
                    token_days,
                    fault: crate::Fault::from_env(),
                    blob_dir,
                    portal_dir: portal,
                },
            )?;
            server.info()?;
            if server.config.portal_dir.is_some() {
                // The portal's read model is built before the first page asks for it (~16 s
                // for 50,000 assessments); requests meanwhile wait for it.
                let s = server.clone();
                std::thread::spawn(move || {
                    if let Err(e) = s.read_model.current(&s.db) {
                        eprintln!("the portal's read model: {e}");
                    }
                });
            }
            let rt = tokio::runtime::Runtime::new()
                .map_err(|e| ServerError::internal(format!("runtime: {e}")))?;
            rt.block_on(async move {
                let listener = std::net::TcpListener::bind(&listen)
                    .map_err(|e| ServerError::internal(format!("listen on {listen}: {e}")))?;
                let addr = listener
                    .local_addr()
                    .map_err(|e| ServerError::internal(e.to_string()))?;
                let shutdown = async {
                    let _ = tokio::signal::ctrl_c().await;
                };
                let kind = server.db.kind();
                let served = match identity {
                    Some(id) => {
                        let config = crate::tls::server_config(&id)?;
                        println!("listening on https://{addr} ({kind} database)");
                        println!("certificate fingerprint {}", id.fingerprint);
                        crate::http::serve_tls(server, listener, config, shutdown).await
                    }
                    None => {
                        listener
                            .set_nonblocking(true)
                            .map_err(|e| ServerError::internal(e.to_string()))?;
                        let listener = tokio::net::TcpListener::from_std(listener)
                            .map_err(|e| ServerError::internal(e.to_string()))?;
                        println!("listening on http://{addr} ({kind} database)");
                        crate::http::serve(server, listener, shutdown).await
                    }
                };
                served.map_err(|e| ServerError::internal(format!("serve: {e}")))
            })?;
        }
        Cmd::Tls { db, tls } => {
            let id = tls.identity(&db.db)?;
            println!("certificate fingerprint {}", id.fingerprint);
        }
        Cmd::Backup { db, blobs, output } => {
            let blob_dir = blobs.unwrap_or_else(|| default_blob_dir(&db.db));
            let server = open(&db, Config::default())?;
            let m =
                crate::backup::backup(&server.db, &crate::blobs::Blobs::new(&blob_dir), &output)?;
            println!(
                "backup of \"{}\" written to {}: {} ops, {} accounts, {} photos",
                m.office,
                output.display(),
                m.tables.get("ops").unwrap_or(&0),
                m.tables.get("accounts").unwrap_or(&0),
                m.blobs.len()
            );
        }
        Cmd::Restore { db, blobs, file } => {
            let blob_dir = blobs.unwrap_or_else(|| default_blob_dir(&db.db));
            let target = AnyDb::open(&db.db)?;
            let m = crate::backup::restore(&target, &crate::blobs::Blobs::new(&blob_dir), &file)?;
            println!(
                "\"{}\" restored from {} (made {}): {} ops, {} photos; devices send again what it lacked at their next sync",
                m.office,
                file.display(),
                m.created_at,
                m.tables.get("ops").unwrap_or(&0),
                m.blobs.len()
            );
        }
        Cmd::Bundle { cmd } => match cmd {
            BundleCmd::Import { who, file } => {
                let (server, blobs, account) = who.open()?;
                let login = &who.login;
                let sum = crate::bundle::import(&server.db, &blobs, &account, &file)?;
                println!(
                    "bundle {} imported as {login}: {} changes applied ({} conflicts), {} already here, {} refused, {} waiting for rows another device has not synced (import again after it has); {} photos added",
                    file.display(),
                    sum.applied,
                    sum.conflicts,
                    sum.duplicates,
                    sum.rejected.len(),
                    sum.waiting,
                    sum.photos_added
                );
                for (entity, row, code) in &sum.rejected {
                    println!("  refused {entity} {row}: {code}");
                }
            }
            BundleCmd::Export { who, since, output } => {
                let (server, blobs, account) = who.open()?;
                let login = &who.login;
                let m = crate::bundle::export(&server.db, &blobs, &account, since, &output)?;
                println!(
                    "bundle for {login} written to {}: {} changes, {} photos; next time --since {}",
                    output.display(),
                    m.ops,
                    m.photos.len(),
                    m.until
                );
            }
        },
        Cmd::Rollup {
            db,
            login,
            programme,
            province,
            district,
            commune,
            craft_village,
            sector,
            year,
            technique,
            review,
        } => {
            let server = open(&db, Config::default())?;
            let account = login.map(|l| find(&server, &l)).transpose()?;
            let snapshot = crate::figures::Snapshot::load(&server.db, account.as_ref())?;
            let query = sxsh_domain::calc::programme::RollupQuery {
                programme_id: programme,
                province,
                district,
                commune,
                craft_village,
                sector,
                year,
                technique,
                recompute_year: None,
                review,
            };
            let Ok(report) = sxsh_domain::calc::programme::rollup(
                &snapshot,
                sxsh_domain::reference::builtin(),
                query,
            );
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        Cmd::Dump { db } => {
            let server = open(&db, Config::default())?;
            print!("{}", server.db.read(storage::dump)?);
        }
        Cmd::User { cmd } => match cmd {
            UserCmd::Add {
                db,
                login,
                name,
                role,
                programmes,
            } => {
                let role = Role::parse(&role).ok_or_else(|| {
                    ServerError::new(ErrorCode::BadRequest, "role: admin, consultant or viewer")
                })?;
                let server = open(&db, Config::default())?;
                let hash = auth::hash_password(&password()?)?;
                let a = server.db.write(|tx| {
                    storage::create_account(tx, &login, &name, role, &hash, &programmes)
                })?;
                println!("account {} ({}) made", a.login, a.role.as_str());
            }
            UserCmd::List { db } => {
                let server = open(&db, Config::default())?;
                for a in server.db.read(storage::accounts)? {
                    println!(
                        "{}\t{}\t{}\t{}{}",
                        a.login,
                        a.role.as_str(),
                        a.display_name,
                        a.programmes.join(","),
                        if a.disabled { "\tdisabled" } else { "" }
                    );
                }
            }
            UserCmd::Programmes {
                db,
                login,
                programmes,
            } => {
                let server = open(&db, Config::default())?;
                let a = find(&server, &login)?;
                server
                    .db
                    .write(|tx| storage::set_programmes(tx, &a.id, &programmes))?;
                println!("{login}: {}", programmes.join(", "));
            }
            UserCmd::Password { db, login } => {
                let server = open(&db, Config::default())?;
                let a = find(&server, &login)?;
                let hash = auth::hash_password(&password()?)?;
                server
                    .db
                    .write(|tx| storage::set_password(tx, &a.id, &hash))?;
                println!("{login}: new password set; every session ended");
            }
            UserCmd::Disable { db, login, enable } => {
                let server = open(&db, Config::default())?;
                let a = find(&server, &login)?;
                server
                    .db
                    .write(|tx| storage::set_disabled(tx, &a.id, !enable))?;
                println!("{login}: {}", if enable { "enabled" } else { "disabled" });
            }
        },
    }
    Ok(())
}

/// Makes glibc give large blocks (argon2's 19 MiB per password check) back to the system when
/// they are freed. By default its mmap threshold grows to the largest block freed, after
/// which such blocks come from per-thread heaps that keep them: 50 logins on 50 worker
/// threads then held ~900 MB. With a fixed 1 MiB threshold the server stays near 30 MB.
fn bound_large_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any other thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// Runs the command line; the process's exit code.
pub fn main() -> ExitCode {
    bound_large_allocations();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error [{:?}]: {}", e.code, e.message);
            ExitCode::FAILURE
        }
    }
}

/// A `--review` value: all, approved or with_pending.
fn parse_review(s: &str) -> std::result::Result<sxsh_domain::calc::programme::ReviewScope, String> {
    sxsh_domain::calc::programme::ReviewScope::parse(s)
        .ok_or_else(|| format!("{s}: all, approved or with_pending"))
}
