//! The CLI's transport to the hub over TLS with the certificate pinned, against a local
//! rustls server with a self-signed certificate made in the test (rcgen): the pinned
//! certificate is accepted, any other is refused with the typed "certificate changed"
//! cause, and nothing of the request reaches a server with another certificate.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use senim_cli::hub_client::{CertificateChanged, UreqTransport};
use senim_client::{HubRequest, Method};
use senim_protocol::team::HubPin;

/// A TLS server on loopback answering every request with `200 ok`, counting the
/// requests it read in full. Returns its port, its certificate and the count.
fn tls_server() -> (u16, CertificateDer<'static>, Arc<AtomicUsize>) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()])
        .expect("a self-signed certificate");
    let cert = certified.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    #[allow(deprecated, reason = "the project's TLS provider is ring")]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert.clone()], key)
            .expect("the certificate and key"),
    );
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let served = Arc::new(AtomicUsize::new(0));
    let count = served.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut tcp) = stream else { continue };
            let Ok(mut conn) = rustls::ServerConnection::new(config.clone()) else {
                continue;
            };
            let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match tls.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            if request.windows(4).any(|w| w == b"\r\n\r\n") {
                count.fetch_add(1, Ordering::SeqCst);
                let _ = tls.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
                );
                let _ = tls.flush();
            }
        }
    });
    (port, cert, served)
}

fn health() -> HubRequest {
    HubRequest {
        method: Method::Get,
        path: "/health".into(),
        headers: Vec::new(),
        body: Vec::new(),
    }
}

#[test]
fn the_pinned_certificate_is_accepted() {
    let (port, cert, served) = tls_server();
    let pin = HubPin::of_certificate(cert.as_ref());
    let transport =
        UreqTransport::connect(&format!("https://localhost:{port}"), Some(pin), false).unwrap();
    let answer = transport.carry(&health()).expect("the pinned hub answers");
    assert_eq!((answer.status, answer.body.as_slice()), (200, &b"ok"[..]));
    assert_eq!(served.load(Ordering::SeqCst), 1);
    assert!(!transport.certificate_changed());
}

#[test]
fn another_certificate_is_refused_as_a_changed_certificate_and_nothing_is_sent() {
    let (port, _, served) = tls_server();
    // The pin of another certificate: the team's, while someone else answers.
    let (_, other, _) = tls_server();
    let pin = HubPin::of_certificate(other.as_ref());
    let transport =
        UreqTransport::connect(&format!("https://localhost:{port}"), Some(pin), false).unwrap();
    let err = transport.carry(&health()).expect_err("another certificate");
    assert!(transport.certificate_changed());
    assert_eq!(err, CertificateChanged.to_string());
    assert!(err.contains("certificate changed"), "{err}");
    assert_eq!(served.load(Ordering::SeqCst), 0, "no request was sent");
    let typed = transport.explain(senim_client::Error::Unreachable(err));
    assert!(typed.downcast_ref::<CertificateChanged>().is_some());
}
