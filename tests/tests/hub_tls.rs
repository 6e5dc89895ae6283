//! TLS on a real hub process (issue finding 5, the hub's side): `senim hub serve --tls`
//! makes a self-signed certificate under `--data`, keeps its key owner-only, prints the
//! certificate's SHA-256 and reuses it after a restart (`senim hub fingerprint` prints
//! it again); `--tls-cert`/`--tls-key` serve a given certificate. A rustls client sees
//! the certificate whose hash was printed and gets `/health` through it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use senim_tests::{HubProcess, senim_binary};

/// Accepts whatever certificate the server shows (the test checks it afterwards) and
/// remembers it; the handshake signatures are still checked.
#[derive(Debug)]
struct Remember {
    seen: Mutex<Option<Vec<u8>>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Remember {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        *self.seen.lock().unwrap() = Some(end_entity.to_vec());
        Ok(ServerCertVerified::assertion())
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

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[allow(
    deprecated,
    reason = "the ring provider, as the hub uses (rustls marks it for lacking post-quantum key exchange)"
)]
fn ring_provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// `GET /health` over TLS; the answer's status line and the certificate the server
/// showed, DER.
fn health_over_tls(addr: SocketAddr) -> (String, Vec<u8>) {
    let provider = ring_provider();
    let verifier = Arc::new(Remember {
        seen: Mutex::new(None),
        provider: provider.clone(),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    let name = ServerName::try_from("senim-hub").unwrap();
    let connection = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let socket = TcpStream::connect(addr).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut tls = rustls::StreamOwned::new(connection, socket);
    tls.write_all(
        format!("GET /health HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n").as_bytes(),
    )
    .unwrap();
    let mut answer = Vec::new();
    // The hub closes after answering; a close without TLS close_notify is fine here.
    let _ = tls.read_to_end(&mut answer);
    let status = String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let seen = verifier.seen.lock().unwrap().take().expect("a certificate");
    (status, seen)
}

fn sha256_hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

/// The certificate hash the hub printed after its address.
fn printed_fingerprint(hub: &mut HubProcess) -> String {
    let line = hub.next_line();
    line.strip_prefix("tls certificate sha256: ")
        .unwrap_or_else(|| panic!("unexpected line from the hub: {line:?}"))
        .to_string()
}

#[test]
fn a_tls_hub_shows_the_certificate_whose_fingerprint_it_printed_and_answers_health() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hub");
    let mut hub = HubProcess::start_with_args(&data, &dir.path().join("hub.log"), &["--tls"]);
    let printed = printed_fingerprint(&mut hub);
    assert_eq!(printed.len(), 64);
    assert!(hub.next_line().starts_with("tls public key pin: sha256/"));

    let (status, certificate) = health_over_tls(hub.addr());
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(sha256_hex(&certificate), printed);
}

#[test]
fn the_self_signed_certificate_is_kept_owner_only_and_reused_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hub");
    let log = dir.path().join("hub.log");
    let mut hub = HubProcess::start_with_args(&data, &log, &["--tls"]);
    let first = printed_fingerprint(&mut hub);
    let key_mode = std::fs::metadata(data.join("tls-key.pem"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(key_mode & 0o777, 0o600);

    hub.kill();
    let mut again = HubProcess::start_with_args(&data, &log, &["--tls"]);
    assert_eq!(printed_fingerprint(&mut again), first);
    let (_, certificate) = health_over_tls(again.addr());
    assert_eq!(sha256_hex(&certificate), first);

    let out = Command::new(senim_binary())
        .args(["hub", "fingerprint", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().next().unwrap(),
        format!("tls certificate sha256: {first}")
    );
}

/// Writes a certificate for `senim-hub.example.org` and its key (0600) into `dir`.
fn issued_certificate(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, Vec<u8>) {
    let certified =
        rcgen::generate_simple_self_signed(vec!["senim-hub.example.org".to_string()]).unwrap();
    let cert = dir.join("issued.pem");
    let key = dir.join("issued-key.pem");
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    (cert, key, certified.cert.der().to_vec())
}

#[test]
fn a_hub_given_a_certificate_and_key_serves_that_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, der) = issued_certificate(dir.path());
    let mut hub = HubProcess::start_with_args(
        &dir.path().join("hub"),
        &dir.path().join("hub.log"),
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert_eq!(printed_fingerprint(&mut hub), sha256_hex(&der));
    let (status, certificate) = health_over_tls(hub.addr());
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(certificate, der);
    assert!(
        !dir.path().join("hub").join("tls-key.pem").exists(),
        "no certificate of its own is made"
    );
}

#[test]
fn a_key_file_other_users_can_read_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, _) = issued_certificate(dir.path());
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = Command::new(senim_binary())
        .args(["hub", "serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(dir.path().join("hub"))
        .arg("--tls-cert")
        .arg(&cert)
        .arg("--tls-key")
        .arg(&key)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("chmod 600"), "{stderr}");
    assert!(!stderr.contains("PRIVATE KEY"), "{stderr}");
}
