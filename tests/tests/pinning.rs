//! The hub's certificate pinned end to end, through the `senim` binary: a real hub
//! process behind a TLS front on loopback (a self-signed certificate made in the test,
//! as `senim hub serve --tls` makes one), a lead who creates the team with the
//! certificate's fingerprint, a worker who gets the address and the pin in the welcome
//! and syncs over TLS; then the front shows another certificate and the worker's sync
//! is refused as a changed certificate. Plain HTTP to another computer is refused.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection};
use senim_protocol::team::HubPin;
use senim_tests::HubProcess;
use senim_tests::cli::{CliDevice, welcome_code};

/// A TLS server config with a fresh self-signed certificate for `localhost`, and the
/// certificate's pin.
fn certificate() -> (Arc<ServerConfig>, HubPin) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()])
        .expect("a self-signed certificate");
    let cert = certified.cert.der().clone();
    let pin = HubPin::of_certificate(cert.as_ref());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    #[allow(deprecated, reason = "the project's TLS provider is ring")]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .expect("the certificate and key");
    (Arc::new(config), pin)
}

/// Terminates TLS on loopback and relays the plain bytes to the hub, with the
/// certificate of the moment (swappable, as when a hub is replaced).
struct TlsFront {
    port: u16,
    config: Arc<Mutex<Arc<ServerConfig>>>,
}

impl TlsFront {
    fn start(hub: SocketAddr, config: Arc<ServerConfig>) -> TlsFront {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let config = Arc::new(Mutex::new(config));
        let current = config.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(tcp) = stream else { continue };
                let config = current.lock().expect("config").clone();
                thread::spawn(move || relay(tcp, hub, config));
            }
        });
        TlsFront { port, config }
    }

    fn show(&self, config: Arc<ServerConfig>) {
        *self.config.lock().expect("config") = config;
    }

    fn url(&self) -> String {
        format!("https://localhost:{}", self.port)
    }
}

fn is_wait(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// One connection: TLS with the client, plain TCP to the hub, bytes both ways until
/// either side closes.
fn relay(mut tcp: TcpStream, hub: SocketAddr, config: Arc<ServerConfig>) {
    let Ok(mut upstream) = TcpStream::connect(hub) else {
        return;
    };
    let tick = Some(Duration::from_millis(5));
    if tcp.set_read_timeout(tick).is_err() || upstream.set_read_timeout(tick).is_err() {
        return;
    }
    let Ok(mut conn) = ServerConnection::new(config) else {
        return;
    };
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
        match tls.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                if upstream.write_all(&buf[..n]).is_err() {
                    return;
                }
            }
            Err(e) if is_wait(&e) => {}
            Err(_) => return,
        }
        match upstream.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                if tls.write_all(&buf[..n]).and_then(|()| tls.flush()).is_err() {
                    return;
                }
            }
            Err(e) if is_wait(&e) => {}
            Err(_) => return,
        }
    }
}

#[test]
fn a_worker_gets_the_pin_in_the_welcome_syncs_over_tls_and_refuses_a_changed_certificate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&dir.path().join("hub"), &dir.path().join("hub.log"));
    let (config, pin) = certificate();
    let front = TlsFront::start(hub.addr(), config);
    let lead = CliDevice::with_vault();
    let worker = CliDevice::with_vault();

    // An https:// hub without its pin is refused before anything is sent.
    let out = lead.run(&["team", "create", "--name", "Office", "--hub", &front.url()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("pin"));

    let pin_text = pin.to_string();
    let created = lead.json(&[
        "team",
        "create",
        "--name",
        "Office",
        "--hub",
        &front.url(),
        "--pin",
        &pin_text,
    ]);
    assert_eq!(created["hub_pin"], pin_text.as_str());
    let request = worker.ok(&["team", "request", "--as", "aidana"]);
    let welcome = lead.approve(&request);
    let words = welcome_code(&welcome);
    let joined = worker.json(&["team", "join", welcome.trim(), "--verify", &words]);
    assert_eq!(joined["hub"], front.url().as_str());
    assert_eq!(
        joined["hub_pin"],
        pin_text.as_str(),
        "the welcome carried the pin"
    );
    worker.ok(&["note", "add", "--text", "over TLS"]);
    let report = worker.json(&["sync"]);
    assert_eq!(report["sent"], 1, "{report}");

    // Someone else answers at the hub's address with another certificate.
    front.show(certificate().0);
    let out = worker.run(&["sync"]);
    assert!(
        !out.status.success(),
        "a changed certificate must be refused"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the hub's certificate changed"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn plain_http_to_another_computer_is_refused_before_anything_is_sent() {
    let worker = CliDevice::with_vault();
    let dir = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&dir.path().join("hub"), &dir.path().join("hub.log"));
    let lead = CliDevice::with_vault();
    lead.ok(&["team", "create", "--name", "Office", "--hub", &hub.url()]);
    let request = worker.ok(&["team", "request"]);
    let welcome = lead.approve(&request);
    worker.join(&welcome);
    // 192.0.2.1 is a documentation address: nothing answers there.
    let out = worker.run(&["sync", "--hub", "http://192.0.2.1:7878"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("plain http:// is allowed only"), "{err}");
}

/// The certificate hash `senim hub serve --tls` printed after its address.
fn printed_pin(hub: &mut HubProcess) -> String {
    let line = hub.next_line();
    line.strip_prefix("tls certificate sha256: ")
        .unwrap_or_else(|| panic!("unexpected line from the hub: {line:?}"))
        .to_string()
}

#[test]
fn a_team_on_senim_hub_serve_tls_syncs_with_the_printed_pin_and_refuses_another_hubs_certificate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("hub.log");
    let mut hub = HubProcess::start_with_args(&dir.path().join("hub"), &log, &["--tls"]);
    let pin = printed_pin(&mut hub);
    let url = format!("https://{}", hub.addr());
    let lead = CliDevice::with_vault();
    let worker = CliDevice::with_vault();
    lead.ok(&[
        "team", "create", "--name", "Office", "--hub", &url, "--pin", &pin,
    ]);
    let request = worker.ok(&["team", "request", "--as", "aidana"]);
    let welcome = lead.approve(&request);
    worker.join(&welcome);
    worker.ok(&["note", "add", "--text", "over the hub's own TLS"]);
    assert_eq!(worker.json(&["sync"])["sent"], 1);
    assert_eq!(lead.json(&["sync"])["merged_records"], 1);

    // Another hub (another data directory: another self-signed certificate) answering
    // with the team's pin is refused.
    let mut other = HubProcess::start_with_args(&dir.path().join("other"), &log, &["--tls"]);
    assert_ne!(printed_pin(&mut other), pin);
    let other_url = format!("https://{}", other.addr());
    let out = worker.run(&["sync", "--hub", &other_url, "--pin", &pin]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the hub's certificate changed"), "{err}");
}

/// A lead and a worker enrolled through the CLI on the plain-HTTP loopback hub `old`.
fn team_on(old: &HubProcess) -> (CliDevice, CliDevice) {
    let lead = CliDevice::with_vault();
    let worker = CliDevice::with_vault();
    lead.ok(&["team", "create", "--name", "Office", "--hub", &old.url()]);
    let request = worker.ok(&["team", "request", "--as", "aidana"]);
    worker.join(&lead.approve(&request));
    (lead, worker)
}

#[test]
fn a_team_moved_to_a_pinned_hub_syncs_there_and_still_refuses_a_changed_certificate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = HubProcess::start(&dir.path().join("old"), &dir.path().join("old.log"));
    let (lead, worker) = team_on(&old);
    let new = HubProcess::start(&dir.path().join("new"), &dir.path().join("new.log"));
    let (config, pin) = certificate();
    let front = TlsFront::start(new.addr(), config);
    let pin_text = pin.to_string();

    // Without --pin and without a terminal to confirm the certificate on: refused.
    let out = lead.run(&["team", "set-hub", &front.url()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("without --pin"), "{err}");

    lead.ok(&["team", "set-hub", &front.url(), "--pin", &pin_text]);
    let report = worker.json(&["sync"]);
    assert_eq!(report["hub_moved"], true, "{report}");
    let members = worker.json(&["team", "members"]);
    assert_eq!(members["hub"], front.url().as_str());
    assert_eq!(members["hub_pin"], pin_text.as_str());
    worker.ok(&["note", "add", "--text", "over TLS at the new hub"]);
    assert_eq!(worker.json(&["sync"])["sent"], 1);
    assert_eq!(lead.json(&["sync"])["merged_records"], 1);

    front.show(certificate().0);
    let out = worker.run(&["sync"]);
    assert!(!out.status.success(), "a changed certificate is refused");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the hub's certificate changed"), "{err}");
}

#[test]
fn a_worker_refuses_a_hub_whose_certificate_is_not_the_one_the_lead_signed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut old = HubProcess::start(&dir.path().join("old"), &dir.path().join("old.log"));
    let (lead, worker) = team_on(&old);
    old.kill();
    let new = HubProcess::start(&dir.path().join("new"), &dir.path().join("new.log"));
    let (config, pin) = certificate();
    let front = TlsFront::start(new.addr(), config.clone());
    lead.ok(&["team", "set-hub", &front.url(), "--pin", &pin.to_string()]);

    // Someone answers at the new hub's address with their own certificate and relays to
    // the real hub: the worker pins what it is shown, but no list names that pin.
    let (rogue_config, rogue_pin) = certificate();
    front.show(rogue_config);
    let out = worker.run(&[
        "team",
        "set-hub",
        &front.url(),
        "--pin",
        &rogue_pin.to_string(),
    ]);
    assert!(!out.status.success(), "a pin no lead signed is refused");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no list signed by a lead names this hub address with this certificate pin"),
        "{err}"
    );
    // With the pin the lead signed, the rogue certificate is refused as changed.
    let out = worker.run(&["team", "set-hub", &front.url(), "--pin", &pin.to_string()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the hub's certificate changed"), "{err}");
    assert_eq!(worker.json(&["team", "members"])["hub"], old.url().as_str());

    // The real hub's certificate and the signed pin: the worker moves.
    front.show(config);
    worker.ok(&["team", "set-hub", &front.url(), "--pin", &pin.to_string()]);
    assert_eq!(
        worker.json(&["team", "members"])["hub"],
        front.url().as_str()
    );
}
