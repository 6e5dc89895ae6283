//! TLS to the office hub with the certificate pinned: a `ureq` connector over rustls
//! (the ring provider) whose verifier accepts exactly the certificate whose SHA-256 the
//! team pinned, and nothing else. No certificate authority is consulted: a self-signed
//! certificate and a CA-issued one are pinned the same way (docs/adr/0021-pinning.md).
//!
//! Owns the handshake's trust decision. It never accepts a certificate other than the
//! pinned one (not even a valid CA-issued one for the same name), never falls back to
//! plain HTTP, and records that the certificate changed so the caller can say so rather
//! than report a generic I/O error. [`certificate_pin`] reads a hub's certificate for a
//! person to compare before pinning it; it ends every such handshake before a byte of
//! a request is sent.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme, StreamOwned};
use senim_protocol::team::HubPin;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport,
    TransportAdapter,
};

/// Accepts exactly the pinned certificate; checks the handshake's signatures with it.
#[derive(Debug)]
struct PinVerifier {
    pin: HubPin,
    algorithms: WebPkiSupportedAlgorithms,
    changed: Arc<AtomicBool>,
}

impl ServerCertVerifier for PinVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if self.pin.matches(end_entity.as_ref()) {
            Ok(ServerCertVerified::assertion())
        } else {
            self.changed.store(true, Ordering::SeqCst);
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// Records the certificate a server shows and refuses it, so that the handshake ends
/// there: what [`certificate_pin`] uses to show a certificate before anyone pins it.
#[derive(Debug)]
struct RecordingVerifier {
    algorithms: WebPkiSupportedAlgorithms,
    seen: Mutex<Option<HubPin>>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(HubPin::of_certificate(end_entity.as_ref()));
        }
        Err(rustls::Error::InvalidCertificate(
            rustls::CertificateError::ApplicationVerificationFailure,
        ))
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General(
            "only the certificate is read".into(),
        ))
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General(
            "only the certificate is read".into(),
        ))
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// Why a hub's certificate could not be read. Never echoes the address.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CertificateReadError {
    #[error("the hub address is not an https:// address with a host")]
    Address,
    #[error("cannot reach the hub to read its certificate")]
    Unreachable,
    #[error("the hub did not show a certificate")]
    NoCertificate,
}

/// The SHA-256 pin of the certificate the `https://` hub at `url` shows, read in a
/// handshake that is ended before anything is sent. Not a trust decision: a person
/// compares it with the fingerprint the hub printed before it is pinned.
pub fn certificate_pin(url: &str) -> Result<HubPin, CertificateReadError> {
    let uri: ureq::http::Uri = url.parse().map_err(|_| CertificateReadError::Address)?;
    if uri.scheme_str() != Some("https") {
        return Err(CertificateReadError::Address);
    }
    let host = uri.host().ok_or(CertificateReadError::Address)?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let port = uri.port_u16().unwrap_or(443);
    let name = ServerName::try_from(host.to_string()).map_err(|_| CertificateReadError::Address)?;
    #[allow(
        deprecated,
        reason = "the ring provider is the project's one (no aws-lc build); its classical key exchange is what the hub offers"
    )]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Arc::new(RecordingVerifier {
        algorithms: provider.signature_verification_algorithms,
        seen: Mutex::new(None),
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("the ring provider supports the default TLS versions")
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    let timeout = Duration::from_secs(15);
    let address = (host, port)
        .to_socket_addrs()
        .map_err(|_| CertificateReadError::Unreachable)?
        .next()
        .ok_or(CertificateReadError::Unreachable)?;
    let mut sock = TcpStream::connect_timeout(&address, timeout)
        .map_err(|_| CertificateReadError::Unreachable)?;
    sock.set_read_timeout(Some(timeout))
        .and_then(|()| sock.set_write_timeout(Some(timeout)))
        .map_err(|_| CertificateReadError::Unreachable)?;
    let mut conn =
        ClientConnection::new(Arc::new(config), name).map_err(|_| CertificateReadError::Address)?;
    // The verifier refuses whatever it sees: the handshake always ends in an error.
    let _ = conn.complete_io(&mut sock);
    let seen = verifier.seen.lock().ok().and_then(|s| *s);
    seen.ok_or(CertificateReadError::NoCertificate)
}

/// The connector: wraps the TCP connection of an `https://` address in TLS with the
/// pin; passes an `http://` one through (the transport decides whether plain HTTP is
/// allowed at all).
#[derive(Debug)]
pub struct PinnedTls {
    config: Arc<ClientConfig>,
}

impl PinnedTls {
    /// A connector pinning `pin`; `changed` turns true when a server showed another
    /// certificate.
    pub fn new(pin: HubPin, changed: Arc<AtomicBool>) -> PinnedTls {
        #[allow(
            deprecated,
            reason = "the ring provider is the project's one (no aws-lc build); its classical key exchange is what the hub offers"
        )]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = PinVerifier {
            pin,
            algorithms: provider.signature_verification_algorithms,
            changed,
        };
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("the ring provider supports the default TLS versions")
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        PinnedTls {
            config: Arc::new(config),
        }
    }
}

impl<In: Transport> Connector<In> for PinnedTls {
    type Out = Either<In, PinnedTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails<'_>,
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
            .ok_or(ureq::Error::Tls("the hub address has no host"))?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let name = ServerName::try_from(host.to_string())
            .map_err(|_| ureq::Error::Tls("the hub's host name is not valid for TLS"))?;
        let mut conn = ClientConnection::new(self.config.clone(), name)
            .map_err(|_| ureq::Error::Tls("cannot start TLS"))?;
        let mut sock = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        sock.set_timeout(details.timeout);
        conn.complete_io(&mut sock)?;
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        Ok(Some(Either::B(PinnedTransport {
            buffers,
            stream: StreamOwned { conn, sock },
        })))
    }
}

/// One TLS connection to the hub, after the pinned handshake.
pub struct PinnedTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
}

impl std::fmt::Debug for PinnedTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PinnedTransport").finish_non_exhaustive()
    }
}

impl Transport for PinnedTransport {
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
        let amount = self.stream.read(input)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}
