//! How the sync client trusts an HTTPS server: the office's own certificate, pinned by its
//! fingerprint once a person confirmed it at first login (as SSH does), or a certificate the
//! system trusts (a public one behind a reverse proxy). Plain HTTP goes to loopback only.
//!
//! ureq's TLS connector takes no verifier of ours, so this module gives ureq a connector of
//! its own (TCP, then rustls with [`Verifier`]); the verifier remembers the certificate it
//! refused, so a refusal reaches the user as "unknown certificate" or "certificate changed"
//! with its fingerprint, not as a network error.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, StreamOwned};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport,
    TransportAdapter,
};

/// Which certificates a client accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// Those the system's roots vouch for.
    System,
    /// Only the certificate with this fingerprint (`SHA256:…`), whatever its names and dates.
    Pinned(String),
}

/// Why a TLS handshake was refused, with the fingerprint of the certificate presented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No pin yet and the system does not trust it: a person must confirm its fingerprint.
    Unknown { presented: String },
    /// Not the pinned certificate.
    Changed { pinned: String, presented: String },
}

/// Checks a server certificate against a [`Trust`], remembering what it refused.
#[derive(Debug)]
pub struct Verifier {
    trust: Trust,
    provider: Arc<CryptoProvider>,
    system: Option<Arc<dyn ServerCertVerifier>>,
    refused: Mutex<Option<Refusal>>,
}

impl Verifier {
    pub fn new(trust: Trust) -> Arc<Verifier> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        // Without usable system roots, nothing but a pinned certificate is trusted.
        let system = match trust {
            Trust::System => rustls_platform_verifier::Verifier::new(provider.clone())
                .ok()
                .map(|v| Arc::new(v) as Arc<dyn ServerCertVerifier>),
            Trust::Pinned(_) => None,
        };
        Arc::new(Verifier {
            trust,
            provider,
            system,
            refused: Mutex::new(None),
        })
    }

    /// The last refusal, taken (so an unrelated later error is not blamed on it).
    pub fn take_refusal(&self) -> Option<Refusal> {
        self.refused.lock().ok().and_then(|mut r| r.take())
    }

    fn refuse(&self, r: Refusal) -> rustls::Error {
        if let Ok(mut slot) = self.refused.lock() {
            *slot = Some(r);
        }
        rustls::Error::InvalidCertificate(rustls::CertificateError::ApplicationVerificationFailure)
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let presented = sxsh_sync_proto::fingerprint::of_der(end_entity.as_ref());
        match &self.trust {
            Trust::Pinned(pinned) if *pinned == presented => Ok(ServerCertVerified::assertion()),
            Trust::Pinned(pinned) => Err(self.refuse(Refusal::Changed {
                pinned: pinned.clone(),
                presented,
            })),
            Trust::System => match &self.system {
                Some(v) => v
                    .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
                    .map_err(|_| self.refuse(Refusal::Unknown { presented })),
                None => Err(self.refuse(Refusal::Unknown { presented })),
            },
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The TLS step of the client's connector chain (after TCP), with [`Verifier`].
#[derive(Debug)]
pub struct PinningConnector {
    config: Arc<ClientConfig>,
}

impl PinningConnector {
    pub fn new(verifier: Arc<Verifier>) -> PinningConnector {
        let config = ClientConfig::builder_with_provider(verifier.provider.clone())
            .with_safe_default_protocol_versions()
            .expect("ring supports the default TLS versions")
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        PinningConnector {
            config: Arc::new(config),
        }
    }
}

impl<In: Transport> Connector<In> for PinningConnector {
    type Out = Either<In, TlsTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let host = details
            .uri
            .host()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let name = ServerName::try_from(host)
            .map_err(|_| ureq::Error::Tls("the server's name is not a DNS name or address"))?;
        let mut conn = ClientConnection::new(self.config.clone(), name)?;
        let mut sock = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        sock.set_timeout(details.timeout);
        conn.complete_io(&mut sock)?;
        Ok(Some(Either::B(TlsTransport {
            buffers: LazyBuffers::new(
                details.config.input_buffer_size(),
                details.config.output_buffer_size(),
            ),
            stream: StreamOwned { conn, sock },
        })))
    }
}

/// An HTTPS connection made by [`PinningConnector`].
pub struct TlsTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
}

impl std::fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsTransport").finish_non_exhaustive()
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let output = &self.buffers.output()[..amount];
        self.stream.write_all(output)?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let n = self.stream.read(input)?;
        self.buffers.input_appended(n);
        Ok(n > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}

/// Refuses a server address this client must not send a password to: not `http://` or
/// `https://`, or plain `http://` to anything but loopback (`localhost`, 127.0.0.0/8, ::1).
pub fn check_address(server: &str) -> Result<(), String> {
    let (scheme, rest) = server
        .split_once("://")
        .ok_or_else(|| format!("{server}: not an address (https://HOST:PORT)"))?;
    let host_port = rest.split('/').next().unwrap_or_default();
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.rsplit_once(':').map_or(host_port, |(h, _)| h)
    };
    if host.is_empty() {
        return Err(format!("{server}: no host"));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" => {
            let loopback = host.eq_ignore_ascii_case("localhost")
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if loopback {
                Ok(())
            } else {
                Err(format!(
                    "{server}: plain http:// only reaches this computer's own server; use \
                     https:// (passwords and data would cross the network unencrypted)"
                ))
            }
        }
        other => Err(format!("{server}: {other}:// is not http:// or https://")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_allowed_to_loopback_only() {
        for ok in [
            "http://127.0.0.1:8470",
            "http://localhost:8470/",
            "http://[::1]:8470",
            "https://192.0.2.10:8470",
            "https://sxsh.example.org",
        ] {
            assert_eq!(check_address(ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://192.0.2.10:8470",
            "http://sxsh.example.org",
            "http://[2001:db8::1]:8470",
            "ftp://127.0.0.1",
            "127.0.0.1:8470",
            "http://:8470",
        ] {
            assert!(check_address(bad).is_err(), "{bad}");
        }
    }
}
