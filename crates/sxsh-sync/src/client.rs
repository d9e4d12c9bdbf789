//! The HTTP calls of the sync API (see `sxsh_sync_proto::wire`), blocking, with timeouts.

use crate::error::{Result, SyncError};
use crate::tls::{PinningConnector, Refusal, Trust, Verifier};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;
use sxsh_sync_proto::wire::{
    BlobStatus, ErrorBody, LoginRequest, LoginResponse, PullPage, PushRequest, PushResponse,
    ServerInfo,
};

/// Largest answer read (a pull page of large ops, with room).
const MAX_ANSWER_BYTES: u64 = 64 * 1024 * 1024;
/// Largest thumbnail read (a 320 px JPEG is 10–40 KB).
const MAX_THUMB_BYTES: u64 = 4 * 1024 * 1024;

/// A connection to one server.
pub struct Client {
    base: String,
    agent: ureq::Agent,
    verifier: Arc<Verifier>,
}

impl Client {
    /// A client of the server at `base` (`https://host:port` or, on loopback,
    /// `http://host:port`; no trailing path) that accepts the certificates of `trust`.
    pub fn new(base: &str, trust: Trust) -> Client {
        use ureq::unversioned::resolver::DefaultResolver;
        use ureq::unversioned::transport::{ConnectProxyConnector, Connector, TcpConnector};
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(120)))
            .build();
        let verifier = Verifier::new(trust);
        // As ureq's default chain: a CONNECT proxy when one is configured (HTTPS_PROXY), else
        // TCP; then TLS with our verifier.
        let connector =
            ().chain(ConnectProxyConnector::default())
                .chain(TcpConnector::default())
                .chain(PinningConnector::new(verifier.clone()));
        Client {
            base: base.trim_end_matches('/').to_string(),
            agent: ureq::Agent::with_parts(config, connector, DefaultResolver::default()),
            verifier,
        }
    }

    /// A failed request as the user should hear of it: a certificate refused (with its
    /// fingerprint), or no connection.
    fn failed(&self, e: ureq::Error) -> SyncError {
        match self.verifier.take_refusal() {
            Some(Refusal::Unknown { presented }) => SyncError::UnknownCertificate {
                fingerprint: presented,
            },
            Some(Refusal::Changed { pinned, presented }) => {
                SyncError::CertificateChanged { pinned, presented }
            }
            None => SyncError::Network(e.to_string()),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}{path}", self.base, sxsh_sync_proto::API_PREFIX)
    }

    fn answer<T: DeserializeOwned>(mut resp: ureq::http::Response<ureq::Body>) -> Result<T> {
        let status = resp.status();
        let text = resp
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_string()
            .map_err(|e| SyncError::Network(e.to_string()))?;
        if status.is_success() {
            return serde_json::from_str(&text)
                .map_err(|e| SyncError::Protocol(format!("{e} in {}", short(&text))));
        }
        match serde_json::from_str::<ErrorBody>(&text) {
            Ok(b) => Err(SyncError::Server {
                code: b.code,
                message: b.message,
                retry_after_s: b.retry_after_s,
            }),
            Err(_) => Err(SyncError::Protocol(format!(
                "HTTP {status}: {}",
                short(&text)
            ))),
        }
    }

    fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        token: Option<&str>,
        body: &B,
    ) -> Result<T> {
        let mut req = self.agent.post(&self.url(path));
        if let Some(t) = token {
            req = req.header("authorization", &format!("Bearer {t}"));
        }
        let resp = req.send_json(body).map_err(|e| self.failed(e))?;
        Self::answer(resp)
    }

    pub fn info(&self) -> Result<ServerInfo> {
        let resp = self
            .agent
            .get(&self.url("/info"))
            .call()
            .map_err(|e| self.failed(e))?;
        Self::answer(resp)
    }

    pub fn login(&self, req: &LoginRequest) -> Result<LoginResponse> {
        self.post("/login", None, req)
    }

    pub fn logout(&self, token: &str) -> Result<()> {
        let resp = self
            .agent
            .post(&self.url("/logout"))
            .header("authorization", &format!("Bearer {token}"))
            .send_empty()
            .map_err(|e| self.failed(e))?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Self::answer::<()>(resp)
        }
    }

    pub fn push(&self, token: &str, req: &PushRequest) -> Result<PushResponse> {
        self.post("/push", Some(token), req)
    }

    pub fn pull(&self, token: &str, after: i64, limit: usize) -> Result<PullPage> {
        let resp = self
            .agent
            .get(&self.url(&format!("/pull?after={after}&limit={limit}")))
            .header("authorization", &format!("Bearer {token}"))
            .call()
            .map_err(|e| self.failed(e))?;
        Self::answer(resp)
    }
}

impl Client {
    fn blob_url(&self, sha: &str) -> String {
        self.url(&format!("/blobs/{sha}"))
    }

    /// What the server has of a photo: `None`, or the bytes received and whether it is whole.
    pub fn blob_head(&self, token: &str, sha: &str) -> Result<Option<(u64, bool)>> {
        let resp = self
            .agent
            .head(&self.blob_url(sha))
            .header("authorization", &format!("Bearer {token}"))
            .call()
            .map_err(|e| self.failed(e))?;
        match resp.status().as_u16() {
            404 => Ok(None),
            200 => {
                let h = |name: &str| {
                    resp.headers()
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.parse::<u64>().ok())
                        .unwrap_or(0)
                };
                Ok(Some((h("x-sxsh-received"), h("x-sxsh-complete") == 1)))
            }
            s => Err(SyncError::Protocol(format!("HEAD of a photo: HTTP {s}"))),
        }
    }

    /// Sends one chunk of a photo, starting at `offset` of its `total` bytes.
    pub fn blob_put(
        &self,
        token: &str,
        sha: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> Result<BlobStatus> {
        let resp = self
            .agent
            .put(&self.blob_url(sha))
            .header("authorization", &format!("Bearer {token}"))
            .header("x-sxsh-offset", &offset.to_string())
            .header("x-sxsh-total", &total.to_string())
            .send(chunk)
            .map_err(|e| self.failed(e))?;
        Self::answer(resp)
    }

    /// The thumbnail (JPEG) the server makes of a photo.
    pub fn blob_thumb(&self, token: &str, sha: &str) -> Result<Vec<u8>> {
        let mut resp = self
            .agent
            .get(&format!("{}/thumb", self.blob_url(sha)))
            .header("authorization", &format!("Bearer {token}"))
            .call()
            .map_err(|e| self.failed(e))?;
        if !resp.status().is_success() {
            return Self::answer::<Vec<u8>>(resp);
        }
        resp.body_mut()
            .with_config()
            .limit(MAX_THUMB_BYTES)
            .read_to_vec()
            .map_err(|e| SyncError::Network(e.to_string()))
    }

    /// The bytes of a photo from `from` on.
    pub fn blob_get(&self, token: &str, sha: &str, from: u64) -> Result<Vec<u8>> {
        let mut req = self
            .agent
            .get(&self.blob_url(sha))
            .header("authorization", &format!("Bearer {token}"));
        if from > 0 {
            req = req.header("range", &format!("bytes={from}-"));
        }
        let mut resp = req.call().map_err(|e| self.failed(e))?;
        if !resp.status().is_success() {
            return Self::answer::<Vec<u8>>(resp);
        }
        resp.body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_vec()
            .map_err(|e| SyncError::Network(e.to_string()))
    }
}

fn short(text: &str) -> String {
    text.chars().take(200).collect()
}
