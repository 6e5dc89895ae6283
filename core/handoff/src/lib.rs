//! Secure handoff: the records of one referral, sealed in one file for a partner
//! organisation that has no Senim app (a shelter, a hotline, a lawyer).
//!
//! Owns collecting a referral's records (the referral, its subject, the consent it runs
//! under, the interview it came from and that interview's assessment, re-scored with
//! the form and rule-set versions it used), the consent check before anything leaves
//! the vault, the partner's readable summary (`summary.html`) and the machine-readable
//! records (`records.json`), and the file format: an [age](https://age-encryption.org/v1)
//! file, sealed with a passphrase (scrypt) or to an age X25519 public key, holding a tar
//! archive of those two files (see `docs/handoff.md` and ADR 0014). It is the only user
//! of the `age` crate.
//!
//! It must never write plaintext to disk (everything is built and encrypted in memory;
//! only ciphertext is written, 0600, through a temporary file in the target directory),
//! never export without a given consent that covers the referral or sharing, never put
//! record content, a passphrase or a key into an error or the audit log, and never
//! panic on a file it is asked to open.

mod container;
mod summary;

#[cfg(test)]
mod tests;

use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use senim_content::Library;
use senim_content::forms::{Form, Localized};
use senim_content::screening::{self, Assessment, ContentRef, Directory, Service, ServiceKind};
use senim_records::PageRequest;
use senim_records::{
    Consent, ConsentScope, ConsentState, FieldConflict, Interview, Record, RecordBody,
    RecordFilter, RecordId, RecordKind, Referral, ReferralStatus, Subject,
};
use senim_vault::Vault;

mod error;

pub use error::{Error, Result};

/// What `records.json` says it is.
pub const FORMAT: &str = "senim-handoff";
/// The version of the handoff layout this build writes and reads.
pub const VERSION: u32 = 1;
/// The scrypt work factor (`N = 2^18`, 256 MiB, about a second on a laptop) a
/// passphrase is stretched with: the reference `age` tool's own.
pub const WORK_FACTOR: u8 = 18;
/// The largest scrypt work factor `open` accepts (`2^20`, 1 GiB): a hostile file cannot
/// make it spend more.
pub const MAX_WORK_FACTOR: u8 = 20;
/// The largest handoff file `open` reads.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;
/// The shortest passphrase accepted when sealing: the file travels over channels an
/// attacker may copy it from, and can then be attacked offline.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// The scope a refusal names: the consent must cover the referral or sharing.
const SCOPE: &str = "referral or sharing";

/// What a handoff file is sealed with.
pub enum HandoffKey {
    /// A passphrase given to the partner through another channel (a call, in person).
    Passphrase(Zeroizing<String>),
    /// The partner's age X25519 public key, `age1…`.
    Recipient(String),
}

impl HandoffKey {
    /// How the file is sealed, in words for the audit log (no secret, no key).
    fn method(&self) -> &'static str {
        match self {
            HandoffKey::Passphrase(_) => "passphrase",
            HandoffKey::Recipient(_) => "age recipient",
        }
    }
}

impl fmt::Debug for HandoffKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HandoffKey::Passphrase(_) => "HandoffKey::Passphrase(..)",
            HandoffKey::Recipient(_) => "HandoffKey::Recipient(..)",
        })
    }
}

/// What opens a handoff file.
pub enum HandoffSecret {
    /// The passphrase it was sealed with.
    Passphrase(Zeroizing<String>),
    /// An age identity: one `AGE-SECRET-KEY-1…` line, or the text of an identity file
    /// as `age-keygen` writes it (`#` comment lines and blank lines are skipped).
    Identity(Zeroizing<String>),
}

impl fmt::Debug for HandoffSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HandoffSecret::Passphrase(_) => "HandoffSecret::Passphrase(..)",
            HandoffSecret::Identity(_) => "HandoffSecret::Identity(..)",
        })
    }
}

/// How to seal a handoff, and in which language the partner reads it.
#[derive(Debug)]
pub struct HandoffOptions {
    pub key: HandoffKey,
    /// The partner's language (ISO 639), for the summary's headings and for the
    /// assessment and service texts. Content follows its fallback chains (kk, uz, ky, tg
    /// → ru → en); the headings come from the catalog (`senim-l10n`): English, Russian
    /// and Kazakh, Russian for Uzbek, Kyrgyz and Tajik, English for any other.
    pub language: String,
    work_factor: u8,
}

impl HandoffOptions {
    pub fn new(key: HandoffKey, language: &str) -> Self {
        HandoffOptions {
            key,
            language: language.to_string(),
            work_factor: WORK_FACTOR,
        }
    }

    /// A passphrase stretched with a tiny scrypt work factor, so that tests run fast.
    /// Never for real use.
    #[cfg(any(test, feature = "test-support"))]
    pub fn insecure_fast_for_tests(mut self) -> Self {
        self.work_factor = 10;
        self
    }
}

/// What an export sent out: the handoff id (also in the file and in each audit entry)
/// and the records, in the order they appear in `records.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HandoffReceipt {
    pub handoff_id: String,
    pub records: Vec<(RecordKind, RecordId)>,
    /// The language of the summary's headings (see [`HandoffOptions::language`]).
    pub summary_language: String,
}

/// A sealed handoff, in memory, for a shell that writes it through its own storage
/// (a share sheet). Only ciphertext.
#[derive(Debug)]
pub struct SealedHandoff {
    pub bytes: Vec<u8>,
    pub receipt: HandoffReceipt,
}

/// An opened handoff file. The two texts are wiped from memory when it is dropped.
pub struct Handoff {
    /// The partner's readable summary: one self-contained HTML page.
    pub summary_html: Zeroizing<String>,
    /// The records, machine-readable (see `docs/handoff.md`).
    pub records_json: Zeroizing<String>,
    pub handoff_id: String,
    pub referral: RecordId,
    /// The language asked for when the file was made.
    pub language: String,
    pub created_at: DateTime<Utc>,
    /// Made from a demo vault: synthetic training data.
    pub demo: bool,
}

impl fmt::Debug for Handoff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handoff")
            .field("handoff_id", &self.handoff_id)
            .field("referral", &self.referral)
            .field("language", &self.language)
            .field("created_at", &self.created_at)
            .field("demo", &self.demo)
            .finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------------------
// Collecting the case.

/// The service a referral points at, as the directory that lists it describes it.
struct ServiceEntry {
    directory: Arc<Directory>,
    service: Service,
}

/// Everything one handoff holds, read from the vault and checked.
struct Case {
    referral: Record,
    subject: Option<Record>,
    consent: Record,
    interview: Option<Record>,
    /// The form the interview ran on (for question texts), when it was found.
    form: Option<Arc<Form>>,
    assessment: Option<Assessment>,
    service: Option<ServiceEntry>,
}

impl Case {
    fn referral_body(&self) -> &Referral {
        match &self.referral.body {
            RecordBody::Referral(r) => r,
            _ => unreachable!("checked in collect"),
        }
    }
    fn consent_body(&self) -> &Consent {
        match &self.consent.body {
            RecordBody::Consent(c) => c,
            _ => unreachable!("checked in collect"),
        }
    }
    fn subject_body(&self) -> Option<&Subject> {
        match self.subject.as_ref().map(|s| &s.body) {
            Some(RecordBody::Subject(s)) => Some(s),
            _ => None,
        }
    }
    fn interview_body(&self) -> Option<&Interview> {
        match self.interview.as_ref().map(|i| &i.body) {
            Some(RecordBody::Interview(i)) => Some(i),
            _ => None,
        }
    }

    /// The records sent, in `records.json` order.
    fn records(&self) -> Vec<&Record> {
        let mut out = vec![&self.referral];
        out.extend(&self.subject);
        out.push(&self.consent);
        out.extend(&self.interview);
        out
    }
}

/// The service with this id in the newest directory that lists it.
fn find_service(library: &Library, id: &str) -> Option<ServiceEntry> {
    library.directories().into_iter().rev().find_map(|d| {
        let service = d.service(id)?.clone();
        Some(ServiceEntry {
            directory: d,
            service,
        })
    })
}

/// Whether `consent` (given, about the right person) allows handing this referral to
/// a partner: the sharing scope, or a consent to this referral as `create_referral`
/// reads it (the service named, or the referral scope for a service that does not need
/// a named consent). A service no loaded directory lists is treated as needing one.
fn consent_allows(consent: &Consent, service_id: &str, service: Option<&Service>) -> bool {
    let named = consent.services.iter().any(|s| s == service_id);
    let needs_name = service.is_none_or(|s| s.named_consent);
    consent.scopes.contains(&ConsentScope::Sharing)
        || named
        || (consent.scopes.contains(&ConsentScope::Referral) && !needs_name)
}

/// The interview that runs under `consent` (the link `record_consent` and
/// `create_referral` make: the referral keeps the interview's consent and subject),
/// newest first when there are several. Read without a view entry: the export entry
/// records it.
fn find_interview(
    vault: &Vault,
    consent: RecordId,
    subject: Option<RecordId>,
) -> Result<Option<Record>> {
    let filter = RecordFilter {
        kind: Some(RecordKind::Interview),
        subject,
        ..RecordFilter::default()
    };
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let found = vault.list(&filter, &page)?;
        if let Some(hit) = found.records.into_iter().find(|r| {
            matches!(&r.body, RecordBody::Interview(i)
                if i.consent == Some(consent) && i.subject == subject)
        }) {
            return Ok(Some(hit));
        }
        match found.next {
            Some(next) => page.after = Some(next),
            None => return Ok(None),
        }
    }
}

/// Reads and checks everything the handoff of `referral_id` holds. The consent is
/// checked before the subject or the interview is read.
fn collect(
    vault: &Vault,
    library: &Library,
    referral_id: RecordId,
    language: &str,
) -> Result<Case> {
    let required = || Error::ConsentRequired { scope: SCOPE };
    let referral = vault.get(referral_id)?;
    let RecordBody::Referral(r) = &referral.body else {
        return Err(Error::invalid("referral", "the record is not a referral"));
    };
    if referral.deleted {
        return Err(Error::invalid("referral", "the referral was deleted"));
    }
    if matches!(
        r.status,
        ReferralStatus::Cancelled | ReferralStatus::Declined
    ) {
        return Err(Error::invalid(
            "referral",
            "the referral was cancelled or declined: there is nothing to hand off",
        ));
    }
    let consent_id = r.consent.ok_or_else(required)?;
    let consent = match vault.get(consent_id) {
        Ok(c) => c,
        Err(senim_vault::Error::RecordNotFound(_)) => return Err(required()),
        Err(e) => return Err(e.into()),
    };
    let RecordBody::Consent(c) = &consent.body else {
        return Err(required());
    };
    if consent.deleted || c.subject != r.subject {
        return Err(required());
    }
    if c.state == ConsentState::Withdrawn {
        return Err(Error::ConsentWithdrawn);
    }
    let service = find_service(library, &r.service);
    if !consent_allows(c, &r.service, service.as_ref().map(|s| &s.service)) {
        return Err(required());
    }

    let subject = match r.subject {
        None => None,
        Some(id) => {
            let s = vault.get(id)?;
            if s.kind != RecordKind::Subject || s.deleted {
                return Err(Error::invalid(
                    "subject",
                    "the referral's subject record is missing or deleted",
                ));
            }
            Some(s)
        }
    };
    let interview = find_interview(vault, consent_id, r.subject)?;
    let (form, assessment) = match interview.as_ref().map(|i| &i.body) {
        Some(RecordBody::Interview(i)) => rescore(library, i, language)?,
        _ => (None, None),
    };
    Ok(Case {
        referral,
        subject,
        consent,
        interview,
        form,
        assessment,
        service,
    })
}

/// The interview's form, and its assessment re-scored with the form and rule-set
/// versions it was scored with, explained in `language`. An interview not yet scored
/// has no assessment; content that is not loaded, or differs from what the interview
/// used, is an error (an interview is only ever explained with its own content).
fn rescore(
    library: &Library,
    interview: &Interview,
    language: &str,
) -> Result<(Option<Arc<Form>>, Option<Assessment>)> {
    let Some(summary) = &interview.assessment else {
        let form = library
            .form(&interview.form_id, Some(&interview.form_version))
            .ok()
            .filter(|f| interview.form_hash.is_empty() || f.hash == interview.form_hash);
        return Ok((form, None));
    };
    let form = library.form(&interview.form_id, Some(&interview.form_version))?;
    let rules = library.rule_set(&summary.rule_set_id, Some(&summary.rule_set_version))?;
    screening::verify_versions(interview, &form, &rules)?;
    let assessment = screening::assess(&form, &rules, &interview.answers, language)?;
    Ok((Some(form), Some(assessment)))
}

// ---------------------------------------------------------------------------------------
// records.json.

/// One record as the partner receives it: no device ids, the body without its kind tag.
#[derive(Serialize)]
struct RecordOut<'a> {
    id: RecordId,
    kind: RecordKind,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    body: BodyOut<'a>,
    /// Values two devices wrote at once (the body holds the winning one).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    conflicts: &'a [FieldConflict],
}

/// A record body without the `{kind, body}` wrapper of [`RecordBody`].
struct BodyOut<'a>(&'a RecordBody);

impl Serialize for BodyOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.0 {
            RecordBody::Subject(x) => x.serialize(s),
            RecordBody::OutreachNote(x) => x.serialize(s),
            RecordBody::Interview(x) => x.serialize(s),
            RecordBody::Referral(x) => x.serialize(s),
            RecordBody::Consent(x) => x.serialize(s),
        }
    }
}

impl<'a> From<&'a Record> for RecordOut<'a> {
    fn from(r: &'a Record) -> Self {
        RecordOut {
            id: r.id,
            kind: r.kind,
            created_at: r.created_at,
            updated_at: r.updated_at,
            body: BodyOut(&r.body),
            conflicts: &r.conflicts,
        }
    }
}

#[derive(Serialize)]
struct ServiceOut<'a> {
    id: &'a str,
    kind: ServiceKind,
    name: Localized,
    directory: ContentRef,
    /// No confirmed contact in the directory.
    placeholder: bool,
}

#[derive(Serialize)]
struct ContentOut {
    form: Option<ContentRef>,
    rule_set: Option<ContentRef>,
    directory: Option<ContentRef>,
}

#[derive(Serialize)]
struct RecordsOut<'a> {
    format: &'static str,
    version: u32,
    handoff_id: &'a str,
    created_at: DateTime<Utc>,
    language: &'a str,
    demo: bool,
    referral: RecordOut<'a>,
    subject: Option<RecordOut<'a>>,
    consent: RecordOut<'a>,
    interview: Option<RecordOut<'a>>,
    /// Re-scored with the interview's form and rule-set versions, in `language`.
    assessment: Option<&'a Assessment>,
    service: Option<ServiceOut<'a>>,
    content: ContentOut,
}

fn directory_ref(d: &Directory) -> ContentRef {
    ContentRef {
        id: d.id.clone(),
        version: d.version.clone(),
        hash: d.hash.clone(),
    }
}

fn records_json(
    case: &Case,
    handoff_id: &str,
    at: DateTime<Utc>,
    language: &str,
    demo: bool,
) -> Result<Zeroizing<Vec<u8>>> {
    let interview = case.interview_body();
    let out = RecordsOut {
        format: FORMAT,
        version: VERSION,
        handoff_id,
        created_at: at,
        language,
        demo,
        referral: (&case.referral).into(),
        subject: case.subject.as_ref().map(Into::into),
        consent: (&case.consent).into(),
        interview: case.interview.as_ref().map(Into::into),
        assessment: case.assessment.as_ref(),
        service: case.service.as_ref().map(|e| ServiceOut {
            id: &e.service.id,
            kind: e.service.kind,
            name: e.directory.localize(&e.service.name, language),
            directory: directory_ref(&e.directory),
            placeholder: e.service.is_placeholder(),
        }),
        content: ContentOut {
            form: interview.map(|i| ContentRef {
                id: i.form_id.clone(),
                version: i.form_version.clone(),
                hash: i.form_hash.clone(),
            }),
            rule_set: interview
                .and_then(|i| i.assessment.as_ref())
                .map(|s| ContentRef {
                    id: s.rule_set_id.clone(),
                    version: s.rule_set_version.clone(),
                    hash: s.rule_set_hash.clone(),
                }),
            directory: case.service.as_ref().map(|e| directory_ref(&e.directory)),
        },
    };
    // Measured first, so that the buffer never grows (and so never leaves a copy of
    // the records in freed memory).
    let encoding = |_| Error::Crypto("handoff records encoding");
    let mut counter = Counter(0);
    serde_json::to_writer_pretty(&mut counter, &out).map_err(encoding)?;
    let mut buf = Zeroizing::new(Vec::with_capacity(counter.0 + 1));
    serde_json::to_writer_pretty(&mut *buf, &out).map_err(encoding)?;
    buf.push(b'\n');
    Ok(buf)
}

/// A writer that only counts the bytes written to it.
struct Counter(usize);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Sealing.

fn check_language(language: &str) -> Result<()> {
    if (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(())
    } else {
        Err(Error::invalid(
            "language",
            "expected an ISO 639 code such as ru or en",
        ))
    }
}

/// The age recipient for `key`, checked. Errors never repeat the key.
fn recipient(key: &HandoffKey, work_factor: u8) -> Result<Box<dyn age::Recipient>> {
    match key {
        HandoffKey::Passphrase(p) => {
            if p.chars().count() < MIN_PASSPHRASE_CHARS {
                return Err(Error::invalid(
                    "passphrase",
                    format!("must be at least {MIN_PASSPHRASE_CHARS} characters"),
                ));
            }
            if p.chars().any(char::is_control) {
                return Err(Error::invalid("passphrase", "contains control characters"));
            }
            let mut r = age::scrypt::Recipient::new(age::secrecy::SecretString::from(
                p.as_str().to_owned(),
            ));
            r.set_work_factor(work_factor);
            Ok(Box::new(r))
        }
        HandoffKey::Recipient(text) => text
            .trim()
            .parse::<age::x25519::Recipient>()
            .map(|r| Box::new(r) as Box<dyn age::Recipient>)
            .map_err(|_| {
                Error::invalid(
                    "recipient",
                    "expected an age X25519 public key (age1…, as age-keygen prints it)",
                )
            }),
    }
}

fn encrypt(plaintext: &[u8], recipient: &dyn age::Recipient) -> Result<Vec<u8>> {
    let encryptor = age::Encryptor::with_recipients(std::iter::once(recipient))
        .map_err(|_| Error::Crypto("handoff encryption setup"))?;
    let mut out = Vec::with_capacity(plaintext.len() + 1024);
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|_| Error::Crypto("handoff encryption"))?;
    writer
        .write_all(plaintext)
        .and_then(|()| writer.finish().map(|_| ()))
        .map_err(|_| Error::Crypto("handoff encryption"))?;
    Ok(out)
}

/// Builds and seals the handoff of `referral` without recording it: the callers record
/// the export once the bytes are about to leave (see [`audit`]).
fn seal(
    vault: &Vault,
    library: &Library,
    referral: RecordId,
    options: &HandoffOptions,
) -> Result<(Vec<u8>, HandoffReceipt)> {
    check_language(&options.language)?;
    // The key is checked first: a mistyped recipient reads no record.
    let recipient = recipient(&options.key, options.work_factor)?;
    let case = collect(vault, library, referral, &options.language)?;
    let handoff_id = senim_records::hex(&senim_crypto::random_array::<8>()?);
    let at = Utc::now();
    let demo = vault.is_demo();
    let labels = summary::Labels::for_language(&options.language);
    let html = summary::render(&case, labels, &options.language, &handoff_id, at, demo);
    let json = records_json(&case, &handoff_id, at, &options.language, demo)?;
    let archive = container::pack(
        &[
            (container::SUMMARY, html.as_bytes()),
            (container::RECORDS, &json[..]),
        ],
        at,
    );
    let bytes = encrypt(&archive, recipient.as_ref())?;
    let receipt = HandoffReceipt {
        handoff_id,
        records: case.records().iter().map(|r| (r.kind, r.id)).collect(),
        summary_language: labels.language.to_string(),
    };
    Ok((bytes, receipt))
}

/// One audit entry per record sent, each naming the handoff and how it was sealed.
fn audit(vault: &Vault, receipt: &HandoffReceipt, key: &HandoffKey) -> Result<()> {
    let detail = format!("handoff {} ({})", receipt.handoff_id, key.method());
    for (kind, id) in &receipt.records {
        vault.record_export(*id, *kind, &detail)?;
    }
    Ok(())
}

/// Seals the handoff of `referral` in memory and records the export in the audit log
/// (one entry per record). Refused with [`Error::ConsentWithdrawn`] when the person
/// withdrew the consent, and with [`Error::ConsentRequired`] (scope "referral or
/// sharing") when the consent does not cover it; nothing is recorded then.
pub fn export(
    vault: &Vault,
    library: &Library,
    referral: RecordId,
    options: &HandoffOptions,
) -> Result<SealedHandoff> {
    let (bytes, receipt) = seal(vault, library, referral, options)?;
    audit(vault, &receipt, &options.key)?;
    Ok(SealedHandoff { bytes, receipt })
}

/// Seals the handoff of `referral` into the new file `path` (0600): the ciphertext is
/// written to a temporary file beside it, synced, the export is recorded in the audit
/// log, and only then is the file renamed into place. An existing file is never
/// replaced. Refusals as for [`export`].
pub fn export_to_file(
    vault: &Vault,
    library: &Library,
    referral: RecordId,
    options: &HandoffOptions,
    path: &Path,
) -> Result<HandoffReceipt> {
    let name = path
        .file_name()
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Error::invalid("handoff file", "the path names no file"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::invalid(
            "handoff file",
            "its directory does not exist",
        ));
    }
    if path.symlink_metadata().is_ok() {
        return Err(Error::invalid(
            "handoff file",
            "a file of that name already exists: choose another name",
        ));
    }
    let (bytes, receipt) = seal(vault, library, referral, options)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        senim_records::hex(&senim_crypto::random_array::<8>()?)
    ));
    let written = write_new(&tmp, &bytes)
        .and_then(|()| audit(vault, &receipt, &options.key))
        .and_then(|()| {
            if path.symlink_metadata().is_ok() {
                return Err(Error::invalid(
                    "handoff file",
                    "a file of that name already exists: choose another name",
                ));
            }
            std::fs::rename(&tmp, path)?;
            Ok(())
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // Make the rename itself durable; a directory that cannot be synced is not an error.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(receipt)
}

/// Creates `path` (it must not exist), 0600 on Unix, and writes and syncs `bytes`.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut file = opts.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Opening.

/// The part of `records.json` that `open` reads to describe the file.
#[derive(Deserialize)]
struct Head {
    format: String,
    version: u32,
    handoff_id: String,
    created_at: DateTime<Utc>,
    language: String,
    #[serde(default)]
    demo: bool,
    referral: HeadRecord,
}

#[derive(Deserialize)]
struct HeadRecord {
    id: RecordId,
}

/// The X25519 identities in `text`: one per line that is not blank or a `#` comment.
fn identities(text: &str) -> Result<Vec<age::x25519::Identity>> {
    let bad = || {
        Error::invalid(
            "identity",
            "expected an age identity (AGE-SECRET-KEY-1…, as age-keygen writes it)",
        )
    };
    let found = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.parse::<age::x25519::Identity>().map_err(|_| bad()))
        .collect::<Result<Vec<_>>>()?;
    if found.is_empty() {
        return Err(bad());
    }
    Ok(found)
}

fn decrypt_error(e: age::DecryptError) -> Error {
    use age::DecryptError as D;
    match e {
        D::DecryptionFailed | D::NoMatchingKeys | D::KeyDecryptionFailed => Error::HandoffSecret,
        D::ExcessiveWork { .. } => {
            Error::HandoffDamaged("the passphrase asks for more work than this build allows")
        }
        D::InvalidMac => Error::HandoffDamaged("the header was altered"),
        D::InvalidHeader | D::UnknownFormat | D::Io(_) => {
            Error::HandoffDamaged("not an age file, or its header is damaged")
        }
        #[allow(
            unreachable_patterns,
            reason = "the age error is non-exhaustive: plugin errors exist with features this build does not enable"
        )]
        _ => Error::HandoffDamaged("the file cannot be read"),
    }
}

/// Opens a handoff file with its passphrase or an age identity. Never panics: a wrong
/// secret is [`Error::HandoffSecret`], a file that is not a handoff, was cut short or
/// altered is [`Error::HandoffDamaged`], and the wrong kind of secret (a passphrase
/// for a file sealed to a key, or the other way round) is [`Error::InvalidInput`].
pub fn open(bytes: &[u8], secret: &HandoffSecret) -> Result<Handoff> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::HandoffDamaged("larger than any handoff file"));
    }
    let decryptor = age::Decryptor::new_buffered(bytes).map_err(decrypt_error)?;
    let mut plaintext = Zeroizing::new(Vec::with_capacity(bytes.len()));
    let reader = match secret {
        HandoffSecret::Passphrase(p) => {
            if !decryptor.is_scrypt() {
                return Err(Error::invalid(
                    "handoff secret",
                    "this file was sealed to an age key: open it with the matching identity",
                ));
            }
            let mut identity =
                age::scrypt::Identity::new(age::secrecy::SecretString::from(p.as_str().to_owned()));
            identity.set_max_work_factor(MAX_WORK_FACTOR);
            decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity))
        }
        HandoffSecret::Identity(text) => {
            if decryptor.is_scrypt() {
                return Err(Error::invalid(
                    "handoff secret",
                    "this file was sealed with a passphrase: open it with the passphrase",
                ));
            }
            let ids = identities(text)?;
            decryptor.decrypt(ids.iter().map(|i| i as &dyn age::Identity))
        }
    };
    // The plaintext is shorter than the ciphertext: reading never grows (and so never
    // copies) the buffer.
    reader
        .map_err(decrypt_error)?
        .read_to_end(&mut plaintext)
        .map_err(|_| Error::HandoffDamaged("the contents were altered or cut short"))?;
    let (summary_html, records_json) = container::unpack(&plaintext)?;
    let head: Head = serde_json::from_str(&records_json)
        .map_err(|_| Error::HandoffDamaged("records.json is not a Senim handoff"))?;
    if head.format != FORMAT {
        return Err(Error::HandoffDamaged("records.json is not a Senim handoff"));
    }
    if head.version > VERSION {
        return Err(Error::HandoffDamaged(
            "made by a newer version of Senim: update Senim to open it",
        ));
    }
    if head.version != VERSION {
        return Err(Error::HandoffDamaged("records.json is not a Senim handoff"));
    }
    Ok(Handoff {
        summary_html,
        records_json,
        handoff_id: head.handoff_id,
        referral: head.referral.id,
        language: head.language,
        created_at: head.created_at,
        demo: head.demo,
    })
}
