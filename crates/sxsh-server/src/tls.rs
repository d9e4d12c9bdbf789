//! HTTPS served by the server itself, for an office LAN where no public certificate can be
//! had: a certificate the server makes once for its names (kept in a folder beside the
//! database, so its fingerprint stays the same across restarts), or one the office supplies.
//! Devices pin the certificate's fingerprint at first login, after a person compared it with
//! the one this server prints (`sxsh-server tls`), as SSH does at a first connection.

use crate::error::{Result, ServerError};
use std::path::{Path, PathBuf};

/// The certificate and key a server serves HTTPS with.
pub struct Identity {
    pub cert_pem: String,
    pub key_pem: String,
    /// `SHA256:AB:CD:…` of the certificate (see `sxsh_sync_proto::fingerprint`).
    pub fingerprint: String,
}

/// The certificate file in a TLS folder.
pub fn cert_path(dir: &Path) -> PathBuf {
    dir.join("cert.pem")
}

/// The private key file in a TLS folder (mode 0600).
pub fn key_path(dir: &Path) -> PathBuf {
    dir.join("key.pem")
}

fn io(path: &Path, e: std::io::Error) -> ServerError {
    ServerError::internal(format!("{}: {e}", path.display()))
}

/// The names a made certificate is for: loopback, this machine's host name and `extra`
/// (the LAN address or name devices use). Devices pin the certificate, so a name missing
/// here does not stop them; browsers of the office portal check the names.
fn names(extra: &[String]) -> Vec<String> {
    let mut v: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
    if let Ok(h) = std::fs::read_to_string("/etc/hostname") {
        let h = h.trim();
        if !h.is_empty() {
            v.push(h.to_string());
        }
    }
    for n in extra {
        if !v.contains(n) {
            v.push(n.clone());
        }
    }
    v
}

/// The identity kept in `dir`; made there first (a self-signed certificate for [`names`])
/// when the folder holds none.
pub fn load_or_make(dir: &Path, extra_names: &[String]) -> Result<Identity> {
    if cert_path(dir).exists() || key_path(dir).exists() {
        return load(&cert_path(dir), &key_path(dir));
    }
    let made = rcgen::generate_simple_self_signed(names(extra_names))
        .map_err(|e| ServerError::internal(format!("making a certificate: {e}")))?;
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let key_pem = made.signing_key.serialize_pem();
    write_private(&key_path(dir), key_pem.as_bytes())?;
    let cert_pem = made.cert.pem();
    std::fs::write(cert_path(dir), &cert_pem).map_err(|e| io(&cert_path(dir), e))?;
    Ok(Identity {
        fingerprint: sxsh_sync_proto::fingerprint::of_der(made.cert.der()),
        cert_pem,
        key_pem,
    })
}

/// Writes a file only its owner can read.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path).map_err(|e| io(path, e))?;
    f.write_all(bytes).map_err(|e| io(path, e))?;
    f.sync_all().map_err(|e| io(path, e))
}

/// An identity from PEM files (the first certificate of `cert` is the server's own).
pub fn load(cert: &Path, key: &Path) -> Result<Identity> {
    let read = |p: &Path| -> Result<String> {
        let meta = std::fs::metadata(p).map_err(|e| io(p, e))?;
        if !meta.is_file() || meta.len() > 1024 * 1024 {
            return Err(ServerError::internal(format!(
                "{}: not a PEM file (a regular file under 1 MB)",
                p.display()
            )));
        }
        std::fs::read_to_string(p).map_err(|e| io(p, e))
    };
    let cert_pem = read(cert)?;
    let key_pem = read(key)?;
    let der = pem_first_certificate(&cert_pem).ok_or_else(|| {
        ServerError::internal(format!("{}: no certificate in it", cert.display()))
    })?;
    Ok(Identity {
        fingerprint: sxsh_sync_proto::fingerprint::of_der(&der),
        cert_pem,
        key_pem,
    })
}

/// The DER bytes of the first `CERTIFICATE` block of a PEM text.
fn pem_first_certificate(pem: &str) -> Option<Vec<u8>> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    CertificateDer::pem_slice_iter(pem.as_bytes())
        .next()?
        .ok()
        .map(|c| c.to_vec())
}

/// The rustls configuration serving `id` (HTTP/1.1).
pub fn server_config(id: &Identity) -> Result<std::sync::Arc<rustls::ServerConfig>> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(id.cert_pem.as_bytes())
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| ServerError::internal(format!("certificate: {e}")))?;
    let key = PrivateKeyDer::from_pem_slice(id.key_pem.as_bytes())
        .map_err(|e| ServerError::internal(format!("private key: {e}")))?;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ServerError::internal(format!("TLS: {e}")))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| ServerError::internal(format!("certificate and key: {e}")))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(std::sync::Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_made_certificate_is_kept_and_gives_the_same_fingerprint_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let tls = dir.path().join("office.tls");
        let first = load_or_make(&tls, &["192.0.2.7".into()]).unwrap();
        let again = load_or_make(&tls, &[]).unwrap();
        assert_eq!(first.fingerprint, again.fingerprint);
        assert!(first.cert_pem.contains("BEGIN CERTIFICATE"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(key_path(&tls))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "the key is readable by its owner only");
        }
        server_config(&first).unwrap();
        // A new folder makes a new certificate, with another fingerprint.
        let other = load_or_make(&dir.path().join("other.tls"), &[]).unwrap();
        assert_ne!(other.fingerprint, first.fingerprint);
    }

    #[test]
    fn a_file_that_is_no_certificate_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("cert.pem");
        std::fs::write(&cert, "not a certificate").unwrap();
        let key = dir.path().join("key.pem");
        std::fs::write(&key, "not a key").unwrap();
        let e = load(&cert, &key).err().expect("refused");
        assert!(e.message.contains("no certificate"), "{}", e.message);
        let e = load(dir.path(), &key).err().expect("a folder is refused");
        assert!(e.message.contains("not a PEM file"), "{}", e.message);
    }
}
