//! The programme office's sync server: accounts and roles, push and pull of change ops with
//! their field versions and conflicts, over a storage written once ([`storage`]) for any
//! [`db::Backend`] (embedded SQLite by default).
//!
//! Architecture invariant: this crate never depends on `sxsh-store`; what it knows of entities
//! comes from `sxsh_domain::schema`, what it knows of ops from `sxsh-sync-proto`.

pub mod areas;
pub mod assessment_page;
pub mod auth;
pub mod backup;
pub mod blobs;
pub mod bundle;
pub mod cli;
pub mod conflicts;
pub mod db;
pub mod enterprise_page;
pub mod error;
pub mod figures;
pub mod http;
pub mod import;
pub mod office;
pub mod portal;
pub mod programmes;
pub mod public;
pub mod readmodel;
pub mod records;
pub mod storage;
pub mod tls;

use db::Backend;
use error::{Result, ServerError};
use std::sync::Arc;
use sxsh_sync_proto::wire::{AccountInfo, ErrorCode, PROTOCOL_VERSION, Role, ServerInfo};

/// How long a login token lasts unless configured otherwise.
pub const DEFAULT_TOKEN_DAYS: i64 = 30;

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Oldest client version accepted.
    pub min_client_version: String,
    pub token_days: i64,
    /// A fault to inject, for the fault tests only (`SXSH_SERVER_FAULT`, see [`Fault`]).
    pub fault: Option<Fault>,
    /// Where photo bytes live (files named by hash).
    pub blob_dir: std::path::PathBuf,
    /// The portal's pages (`ui/dist`: `portal.html` and `assets/`); none: the portal's JSON
    /// only.
    pub portal_dir: Option<std::path::PathBuf>,
}

/// Faults the tests inject into a real server process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// After a push has committed, print `fault: push committed` and hold the answer for a
    /// minute, so a test can kill the process between applying a push and answering it.
    HoldAfterPushCommit,
}

impl Fault {
    /// The fault named by `SXSH_SERVER_FAULT` (`hold-after-push-commit`), if any.
    pub fn from_env() -> Option<Fault> {
        match std::env::var("SXSH_SERVER_FAULT").ok()?.as_str() {
            "hold-after-push-commit" => Some(Fault::HoldAfterPushCommit),
            _ => None,
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            min_client_version: "0.1.0".into(),
            token_days: DEFAULT_TOKEN_DAYS,
            fault: None,
            blob_dir: "sxsh-server-blobs".into(),
            portal_dir: None,
        }
    }
}

/// The server's state, shared by every request.
pub struct Server<B: Backend> {
    pub db: B,
    pub config: Config,
    pub limits: auth::RateLimit,
    pub blobs: blobs::Blobs,
    /// What the portal's dashboard reads, kept up to date from the op log.
    pub read_model: readmodel::ReadModel,
}

impl<B: Backend> Server<B> {
    /// Opens a server over a migrated database.
    pub fn open(db: B, config: Config) -> Result<Arc<Server<B>>> {
        db.write(storage::migrate)?;
        Ok(Arc::new(Server {
            db,
            blobs: blobs::Blobs::new(&config.blob_dir),
            config,
            limits: auth::RateLimit::default(),
            read_model: readmodel::ReadModel::default(),
        }))
    }

    /// Makes the office and its first admin; refuses a database that has an office already.
    pub fn init(
        &self,
        office: &str,
        admin_login: &str,
        admin_password: &str,
    ) -> Result<storage::Account> {
        let hash = auth::hash_password(admin_password)?;
        self.db.write(|tx| {
            if storage::meta(tx, "server_id")?.is_some() {
                return Err(ServerError::new(
                    ErrorCode::BadRequest,
                    "this database has an office already",
                ));
            }
            storage::set_meta(tx, "server_id", &uuid::Uuid::now_v7().to_string())?;
            storage::set_meta(tx, "office", office)?;
            storage::create_account(tx, admin_login, admin_login, Role::Admin, &hash, &[])
        })
    }

    /// Who this server is.
    pub fn info(&self) -> Result<ServerInfo> {
        self.db.read(|tx| {
            let server_id = storage::meta(tx, "server_id")?
                .ok_or_else(|| ServerError::internal("no office yet: run sxsh-server init"))?;
            Ok(ServerInfo {
                office: storage::meta(tx, "office")?.unwrap_or_default(),
                server_id,
                protocol_version: PROTOCOL_VERSION,
                min_client_version: self.config.min_client_version.clone(),
                schema_version: sxsh_domain::schema::SCHEMA_VERSION,
                max_push_ops: sxsh_sync_proto::wire::MAX_PUSH_OPS,
                max_skew_ms: sxsh_sync_proto::MAX_SKEW_MS,
                generation: storage::meta(tx, "generation")?
                    .and_then(|g| g.parse().ok())
                    .unwrap_or(0),
            })
        })
    }
}

/// An account as the protocol shows it.
pub fn account_info(a: &storage::Account) -> AccountInfo {
    AccountInfo {
        id: a.id.clone(),
        login: a.login.clone(),
        display_name: a.display_name.clone(),
        role: a.role,
        programmes: a.programmes.clone(),
    }
}
