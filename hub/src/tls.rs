//! TLS on the hub (`docs/hub.md`, "TLS"): the certificate and key it serves, either its
//! own self-signed pair, made the first time and kept in the data directory, or a
//! CA-issued pair from files; the rustls server configuration (ring provider); and the
//! fingerprint devices pin.
//!
//! It owns the certificate files in the data directory. It must never write the key
//! where another user can read it, serve a key that another user could have read or
//! replaced, or log a key.

use std::fmt;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

use crate::{HubError, Result};

/// The hub's own certificate in the data directory (PEM).
pub const CERT_FILE: &str = "tls-cert.pem";
/// Its private key in the data directory (PEM, PKCS#8, mode 0600).
pub const KEY_FILE: &str = "tls-key.pem";

/// Where the hub's certificate comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TlsSource {
    /// The hub's own self-signed certificate ([`CERT_FILE`], [`KEY_FILE`] in the data
    /// directory), made the first time and reused after.
    SelfSigned,
    /// A certificate chain (leaf first) and its private key, PEM files the operator
    /// keeps (a CA-issued certificate).
    Files { cert: PathBuf, key: PathBuf },
}

/// What a device pins: the SHA-256 of the hub's DER certificate (the pin of record,
/// carried in lower-case hex), and the SHA-256 of its public key (SubjectPublicKeyInfo)
/// as OkHttp's `CertificatePinner` writes pins, `sha256/BASE64`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    certificate: [u8; 32],
    public_key: [u8; 32],
}

impl Fingerprint {
    /// The fingerprint of a DER certificate; a certificate that cannot be parsed is an
    /// error.
    pub fn of(certificate: &[u8]) -> Result<Fingerprint> {
        let der = CertificateDer::from(certificate);
        let parsed = webpki::EndEntityCert::try_from(&der)
            .map_err(|e| tls_error(format!("the certificate cannot be read: {e}")))?;
        let spki = parsed.subject_public_key_info();
        Ok(Fingerprint {
            certificate: sha256(certificate),
            public_key: sha256(spki.as_ref()),
        })
    }

    /// SHA-256 of the DER certificate, 64 lower-case hex digits: the pin of record.
    pub fn certificate_hex(&self) -> String {
        data_encoding::HEXLOWER.encode(&self.certificate)
    }

    /// `sha256/` and the base64 of the SHA-256 of the certificate's public key, as
    /// OkHttp's `CertificatePinner` takes it.
    pub fn public_key_pin(&self) -> String {
        format!("sha256/{}", data_encoding::BASE64.encode(&self.public_key))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.certificate_hex())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.certificate_hex())
    }
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

fn tls_error(reason: String) -> HubError {
    HubError::Tls(reason)
}

/// The certificate the hub serves, ready to accept connections.
pub(crate) struct TlsIdentity {
    pub(crate) acceptor: TlsAcceptor,
    pub(crate) fingerprint: Fingerprint,
}

/// Loads (or, for [`TlsSource::SelfSigned`] the first time, makes and keeps) the hub's
/// certificate and key. `data` is the hub's data directory, already created 0700.
pub(crate) fn load(source: &TlsSource, data: &Path) -> Result<TlsIdentity> {
    let (chain, key) = match source {
        TlsSource::SelfSigned => self_signed(data)?,
        TlsSource::Files { cert, key } => (read_chain(cert)?, read_key(key)?),
    };
    let leaf = chain
        .first()
        .ok_or_else(|| tls_error("the certificate file holds no certificate".into()))?;
    let fingerprint = Fingerprint::of(leaf.as_ref())?;
    #[allow(
        deprecated,
        reason = "ring is the workspace's one crypto library (no aws-lc-rs); rustls marks its \
                  ring provider for lacking post-quantum key exchange, which the hub's \
                  threat model does not yet require (docs/hub.md, \"TLS\")"
    )]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| tls_error(format!("the certificate and key do not go together: {e}")))?;
    Ok(TlsIdentity {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        fingerprint,
    })
}

/// The fingerprint of the self-signed certificate kept in `data` (what `senim hub
/// fingerprint` prints); an error if there is none yet.
pub fn stored_fingerprint(data: &Path) -> Result<Fingerprint> {
    let path = data.join(CERT_FILE);
    if !path.exists() {
        return Err(tls_error(format!(
            "{} holds no certificate yet: `senim hub serve --tls` makes one",
            data.display()
        )));
    }
    let chain = read_chain(&path)?;
    let leaf = chain
        .first()
        .ok_or_else(|| tls_error("the certificate file holds no certificate".into()))?;
    Fingerprint::of(leaf.as_ref())
}

/// The kept self-signed pair, made first if neither file is there.
fn self_signed(data: &Path) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)> {
    let (cert_path, key_path) = (data.join(CERT_FILE), data.join(KEY_FILE));
    match (cert_path.exists(), key_path.exists()) {
        (true, true) => {}
        (false, false) => make_self_signed(&cert_path, &key_path)?,
        (true, false) => {
            return Err(tls_error(format!(
                "{} is there without its key {}",
                cert_path.display(),
                key_path.display()
            )));
        }
        (false, true) => {
            return Err(tls_error(format!(
                "{} is there without its certificate {}",
                key_path.display(),
                cert_path.display()
            )));
        }
    }
    Ok((read_chain(&cert_path)?, read_key(&key_path)?))
}

fn make_self_signed(cert_path: &Path, key_path: &Path) -> Result<()> {
    let certified = rcgen::generate_simple_self_signed(vec!["senim-hub".to_string()])
        .map_err(|e| tls_error(format!("cannot make a certificate: {e}")))?;
    // The key first, so a certificate never stands without its key; each written under
    // a temporary name and renamed, so a stop half-way leaves no half file.
    write_new(
        key_path,
        certified.signing_key.serialize_pem().as_bytes(),
        0o600,
    )?;
    write_new(cert_path, certified.cert.pem().as_bytes(), 0o644)?;
    tracing::info!("made the hub's self-signed TLS certificate");
    Ok(())
}

fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let temporary = path.with_extension("pem.new");
    let _ = fs::remove_file(&temporary);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(temporary.as_path())?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&temporary, path)?;
    Ok(())
}

fn read_chain(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let chain = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<std::result::Result<Vec<_>, _>>())
        .map_err(|e| {
            tls_error(format!(
                "cannot read the certificate {}: {e}",
                path.display()
            ))
        })?;
    if chain.is_empty() {
        return Err(tls_error(format!(
            "{} holds no PEM certificate",
            path.display()
        )));
    }
    Ok(chain)
}

/// The private key in `path`, refused if other users may read or write the file.
fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>> {
    let mode = fs::metadata(path)
        .map_err(|e| tls_error(format!("cannot read the key {}: {e}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(tls_error(format!(
            "the key {} is open to other users (mode {:o}): chmod 600 it",
            path.display(),
            mode & 0o777
        )));
    }
    // The error text names the file only: a parse error must not echo key bytes.
    PrivateKeyDer::from_pem_file(path).map_err(|_| {
        tls_error(format!(
            "{} holds no PEM private key (PKCS#8, PKCS#1 or SEC1)",
            path.display()
        ))
    })
}
