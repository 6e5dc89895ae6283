//! Secure handoff, one behaviour per test.

use age::secrecy::ExposeSecret;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use zeroize::Zeroizing;

use super::*;
use senim_content::DEFAULT_RULE_SET;
use senim_content::screening::create_referral;
use senim_records::{
    AgeBand, Answer, ContactPreference, Gender, InterviewStatus, Referral, ReferralStatus, YesNo,
};
use senim_vault::{AuditAction, CreateOptions};

const PASS: &[u8] = b"correct horse";
const PASSPHRASE: &str = "partner passphrase 2026";
const FORM: &str = "central_asia_screening";
/// A marker that must never appear in the sealed bytes.
const CANARY: &str = "CANARY7731HANDOFF";
const HOTLINE: &str = "trafficking_hotline";

fn alias() -> String {
    format!("<script>alert('{CANARY}')</script> green scarf & stall 14")
}

fn reason() -> String {
    format!("likely trafficking: refer urgently for full identification {CANARY}-reason")
}

struct Fixture {
    _dir: tempfile::TempDir,
    vault: Vault,
    library: Library,
    referral: RecordId,
    subject: Option<RecordId>,
    consent: RecordId,
    interview: RecordId,
}

/// Deception about the job, exploitative conditions, documents taken and a debt to the
/// employer: "likely" in the bundled rule set.
fn answers() -> senim_content::forms::AnswerMap {
    let mut a: senim_content::forms::AnswerMap = [
        "job_different",
        "conditions_deceived",
        "wages_deceived",
        "long_hours",
        "underpaid",
        "pay_withheld",
        "documents_taken",
        "debt_to_employer",
    ]
    .iter()
    .map(|q| (q.to_string(), Answer::YesNo(YesNo::Yes)))
    .collect();
    for q in ["in_danger_now", "injured_now", "watched_now"] {
        a.insert(q.into(), Answer::YesNo(YesNo::No));
    }
    a.insert("age_group".into(), Answer::Choice("age_25_34".into()));
    a.insert("help_wanted".into(), Answer::Choices(vec!["legal".into()]));
    a
}

/// A scored interview about a person (or anonymous), under a consent with `scopes`,
/// and a referral to the anti-trafficking hotline under that consent, linked as
/// `create_referral` links it.
fn fixture_with(scopes: &[ConsentScope], anonymous: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    let library = Library::bundled().unwrap();
    let form = library.form(FORM, None).unwrap();
    let rules = library.rule_set(DEFAULT_RULE_SET, None).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 5, 1, 10, 0, 0).unwrap();
    let subject = (!anonymous).then(|| {
        vault
            .add(RecordBody::Subject(Subject {
                alias: alias(),
                age_band: Some(AgeBand::From25To34),
                gender: Some(Gender::Female),
                nationality: Some("TJ".into()),
                languages: vec!["ru".into(), "tg".into()],
                contact_preference: Some(ContactPreference::Phone),
            }))
            .unwrap()
    });
    let consent = vault
        .add(RecordBody::Consent(Consent {
            subject,
            scopes: scopes.to_vec(),
            services: Vec::new(),
            state: ConsentState::Given,
            recorded_by: "worker 7".into(),
            at,
        }))
        .unwrap();
    let answers = answers();
    let assessment = screening::assess(&form, &rules, &answers, "ru").unwrap();
    let interview = vault
        .add(RecordBody::Interview(Interview {
            form_id: form.id.clone(),
            form_version: form.version.clone(),
            form_hash: form.hash.clone(),
            language: "ru".into(),
            subject,
            status: InterviewStatus::Completed,
            answers,
            skipped: Vec::new(),
            consent: Some(consent),
            started_at: at,
            finished_at: Some(at),
            assessment: Some(assessment.summary(at)),
        }))
        .unwrap();
    let hotline = library
        .directory(senim_content::DEFAULT_DIRECTORY, None)
        .unwrap()
        .service(HOTLINE)
        .unwrap()
        .clone();
    let referral = if scopes.contains(&ConsentScope::Referral) {
        create_referral(&vault, interview, &hotline, &reason()).unwrap()
    } else {
        // The record `create_referral` would store, for consents it would refuse.
        vault
            .add(RecordBody::Referral(Referral {
                subject,
                service: HOTLINE.into(),
                reason: reason(),
                status: ReferralStatus::Proposed,
                consent: Some(consent),
            }))
            .unwrap()
    };
    Fixture {
        _dir: dir,
        vault,
        library,
        referral,
        subject,
        consent,
        interview,
    }
}

fn fixture() -> Fixture {
    fixture_with(&[ConsentScope::Screening, ConsentScope::Referral], false)
}

fn passphrase(p: &str) -> Zeroizing<String> {
    Zeroizing::new(p.to_string())
}

fn with_passphrase(language: &str) -> HandoffOptions {
    HandoffOptions::new(HandoffKey::Passphrase(passphrase(PASSPHRASE)), language)
        .insecure_fast_for_tests()
}

/// A new age identity: (secret key line, public key).
fn identity() -> (Zeroizing<String>, String) {
    let id = age::x25519::Identity::generate();
    (
        Zeroizing::new(id.to_string().expose_secret().to_string()),
        id.to_public().to_string(),
    )
}

fn export_with(f: &Fixture, options: &HandoffOptions) -> Result<SealedHandoff> {
    export(&f.vault, &f.library, f.referral, options)
}

fn opened(f: &Fixture, language: &str) -> Handoff {
    let sealed = export_with(f, &with_passphrase(language)).unwrap();
    open(
        &sealed.bytes,
        &HandoffSecret::Passphrase(passphrase(PASSPHRASE)),
    )
    .unwrap()
}

fn exports(v: &Vault) -> Vec<senim_vault::AuditEntry> {
    v.audit_log()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::Export)
        .collect()
}

fn set_consent(f: &Fixture, change: impl FnOnce(&mut Consent)) {
    let RecordBody::Consent(mut c) = f.vault.get(f.consent).unwrap().body else {
        panic!("not a consent");
    };
    change(&mut c);
    f.vault.update(f.consent, RecordBody::Consent(c)).unwrap();
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

// ---------------------------------------------------------------------------------------
// Consent.

#[test]
fn a_handoff_is_refused_without_the_referral_or_sharing_scope() {
    let f = fixture_with(&[ConsentScope::Screening], false);
    let err = export_with(&f, &with_passphrase("ru")).unwrap_err();
    assert!(
        matches!(
            err,
            Error::ConsentRequired {
                scope: "referral or sharing"
            }
        ),
        "{err:?}"
    );
    assert!(
        exports(&f.vault).is_empty(),
        "nothing is recorded as exported"
    );
}

#[test]
fn a_handoff_is_refused_when_the_consent_was_withdrawn() {
    let f = fixture();
    set_consent(&f, |c| c.state = ConsentState::Withdrawn);
    let err = export_with(&f, &with_passphrase("ru")).unwrap_err();
    assert!(matches!(err, Error::ConsentWithdrawn), "{err:?}");
    assert!(exports(&f.vault).is_empty());
}

#[test]
fn the_sharing_scope_alone_allows_a_handoff() {
    let f = fixture_with(&[ConsentScope::Screening, ConsentScope::Sharing], false);
    assert!(export_with(&f, &with_passphrase("ru")).is_ok());
}

#[test]
fn a_general_referral_consent_does_not_cover_a_service_that_needs_a_named_one() {
    let f = fixture();
    let RecordBody::Referral(mut r) = f.vault.get(f.referral).unwrap().body else {
        panic!("not a referral");
    };
    r.service = "consular".into();
    f.vault.update(f.referral, RecordBody::Referral(r)).unwrap();
    assert!(matches!(
        export_with(&f, &with_passphrase("ru")),
        Err(Error::ConsentRequired { .. })
    ));
    set_consent(&f, |c| c.services.push("consular".into()));
    assert!(export_with(&f, &with_passphrase("ru")).is_ok());
}

#[test]
fn consent_errors_carry_no_personal_data() {
    let f = fixture_with(&[ConsentScope::Screening], false);
    let err = export_with(&f, &with_passphrase("ru")).unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains(CANARY) && !text.contains("worker 7"),
        "{text}"
    );
}

#[test]
fn a_cancelled_referral_is_not_handed_off() {
    let f = fixture();
    let RecordBody::Referral(mut r) = f.vault.get(f.referral).unwrap().body else {
        panic!("not a referral");
    };
    r.status = ReferralStatus::Cancelled;
    f.vault.update(f.referral, RecordBody::Referral(r)).unwrap();
    assert!(matches!(
        export_with(&f, &with_passphrase("ru")),
        Err(Error::InvalidInput {
            field: "referral",
            ..
        })
    ));
}

#[test]
fn a_record_that_is_not_a_referral_is_refused() {
    let f = fixture();
    assert!(matches!(
        export(&f.vault, &f.library, f.interview, &with_passphrase("ru")),
        Err(Error::InvalidInput {
            field: "referral",
            ..
        })
    ));
}

// ---------------------------------------------------------------------------------------
// Keys and secrets.

#[test]
fn the_file_opens_with_the_right_passphrase_only() {
    let f = fixture();
    let sealed = export_with(&f, &with_passphrase("ru")).unwrap();
    let wrong = open(
        &sealed.bytes,
        &HandoffSecret::Passphrase(passphrase("not the partner passphrase")),
    );
    assert!(matches!(wrong, Err(Error::HandoffSecret)), "{wrong:?}");
    let right = open(
        &sealed.bytes,
        &HandoffSecret::Passphrase(passphrase(PASSPHRASE)),
    )
    .unwrap();
    assert_eq!(right.referral, f.referral);
    assert_eq!(right.handoff_id, sealed.receipt.handoff_id);
}

#[test]
fn the_file_opens_with_the_right_identity_only() {
    let f = fixture();
    let (secret, public) = identity();
    let (other, _) = identity();
    let options = HandoffOptions::new(HandoffKey::Recipient(public), "en");
    let sealed = export_with(&f, &options).unwrap();
    let wrong = open(&sealed.bytes, &HandoffSecret::Identity(other));
    assert!(matches!(wrong, Err(Error::HandoffSecret)), "{wrong:?}");
    let right = open(&sealed.bytes, &HandoffSecret::Identity(secret)).unwrap();
    assert_eq!(right.referral, f.referral);
}

#[test]
fn an_identity_file_as_age_keygen_writes_it_opens_the_file() {
    let f = fixture();
    let (secret, public) = identity();
    let file = format!(
        "# created: 2026-05-01T10:00:00Z\n# public key: {public}\n{}\n",
        secret.as_str()
    );
    let sealed = export_with(
        &f,
        &HandoffOptions::new(HandoffKey::Recipient(public), "en"),
    )
    .unwrap();
    assert!(
        open(
            &sealed.bytes,
            &HandoffSecret::Identity(Zeroizing::new(file))
        )
        .is_ok()
    );
}

#[test]
fn the_wrong_kind_of_secret_is_named_without_trying_it() {
    let f = fixture();
    let sealed = export_with(&f, &with_passphrase("ru")).unwrap();
    let (secret, _) = identity();
    assert!(matches!(
        open(&sealed.bytes, &HandoffSecret::Identity(secret)),
        Err(Error::InvalidInput {
            field: "handoff secret",
            ..
        })
    ));
}

#[test]
fn a_recipient_that_is_not_an_age_key_is_refused_before_any_record_is_read() {
    let f = fixture();
    let before = f.vault.audit_log().unwrap().len();
    let options = HandoffOptions::new(HandoffKey::Recipient("age1notakey".into()), "en");
    let err = export_with(&f, &options).unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "recipient",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains("age1notakey"));
    assert_eq!(
        f.vault.audit_log().unwrap().len(),
        before,
        "no view, no export"
    );
}

#[test]
fn a_short_passphrase_is_refused() {
    let f = fixture();
    let options = HandoffOptions::new(HandoffKey::Passphrase(passphrase("short")), "en");
    let err = export_with(&f, &options).unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: "passphrase",
            ..
        }
    ));
    assert!(!err.to_string().contains("short"));
}

#[test]
fn a_passphrase_file_uses_the_reference_work_factor() {
    let f = fixture();
    let options = HandoffOptions::new(HandoffKey::Passphrase(passphrase(PASSPHRASE)), "en");
    let sealed = export_with(&f, &options).unwrap();
    let header = String::from_utf8_lossy(&sealed.bytes[..200]).into_owned();
    let stanza = header
        .lines()
        .find(|l| l.starts_with("-> scrypt "))
        .unwrap();
    assert!(stanza.ends_with(&format!(" {WORK_FACTOR}")), "{stanza}");
}

// ---------------------------------------------------------------------------------------
// What the partner reads.

#[test]
fn the_summary_shows_level_explanation_service_and_consent_scope_in_russian() {
    let f = fixture();
    let h = opened(&f, "ru");
    let html = h.summary_html.as_str();
    let a = screening::assess(
        &f.library.form(FORM, None).unwrap(),
        &f.library.rule_set(DEFAULT_RULE_SET, None).unwrap(),
        &answers(),
        "ru",
    )
    .unwrap();
    assert_eq!(a.level, screening::Level::Likely);
    let mut escaped = String::new();
    summary::escape_into(&mut escaped, &a.headline.text);
    assert!(html.contains(&escaped), "headline");
    for line in &a.explanation {
        let mut escaped = String::new();
        summary::escape_into(&mut escaped, &line.text);
        assert!(html.contains(&escaped), "explanation line {:?}", line.text);
    }
    assert!(html.contains("<html lang=\"ru\">"));
    assert!(html.contains("Результат скрининга"));
    assert!(
        html.contains("Горячая линия") || html.contains("горячая линия"),
        "service name in Russian"
    );
    assert!(
        html.contains("направление в службы"),
        "consent scope in Russian"
    );
    assert!(html.contains("likely"), "level");
}

#[test]
fn the_summary_is_in_english_when_the_partner_reads_english() {
    let f = fixture();
    let h = opened(&f, "en");
    let html = h.summary_html.as_str();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Likely trafficking — refer urgently for full identification"));
    assert!(html.contains("Screening result"));
    assert!(html.contains("referral to services"));
    assert!(html.contains("anti-trafficking hotline") || html.contains("Anti-trafficking hotline"));
    assert!(html.contains("This is a screening aid, not a validated instrument"));
    assert!(!html.contains("Результат скрининга"));
}

#[test]
fn kazakh_gets_kazakh_headings_from_the_catalog_and_marks_draft_content() {
    let f = fixture();
    let sealed = export_with(&f, &with_passphrase("kk")).unwrap();
    assert_eq!(sealed.receipt.summary_language, "kk");
    let h = open(
        &sealed.bytes,
        &HandoffSecret::Passphrase(passphrase(PASSPHRASE)),
    )
    .unwrap();
    assert_eq!(h.language, "kk");
    assert!(h.summary_html.contains("<html lang=\"kk\">"));
    assert!(h.summary_html.contains("Скрининг нәтижесі"));
    assert!(!h.summary_html.contains("Результат скрининга"));
    assert!(
        h.summary_html.contains("алдын ала аударма"),
        "drafts are flagged"
    );
}

#[test]
fn uzbek_gets_russian_headings_and_marks_its_own_content() {
    let f = fixture();
    let sealed = export_with(&f, &with_passphrase("uz")).unwrap();
    assert_eq!(sealed.receipt.summary_language, "ru");
    let h = open(
        &sealed.bytes,
        &HandoffSecret::Passphrase(passphrase(PASSPHRASE)),
    )
    .unwrap();
    assert!(h.summary_html.contains("Результат скрининга"));
    assert!(
        h.summary_html.contains("lang=\"uz\""),
        "Uzbek content is marked"
    );
    assert!(
        h.summary_html.contains("черновой перевод"),
        "drafts are flagged"
    );
}

#[test]
fn the_subject_alias_is_html_escaped_in_the_summary() {
    let f = fixture();
    let h = opened(&f, "en");
    let html = h.summary_html.as_str();
    assert!(html.contains(&format!(
        "&lt;script&gt;alert(&#39;{CANARY}&#39;)&lt;/script&gt; green scarf &amp; stall 14"
    )));
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "no script element"
    );
}

#[test]
fn the_summary_is_self_contained_and_inert() {
    let f = fixture();
    let h = opened(&f, "en");
    let html = h.summary_html.to_ascii_lowercase();
    for banned in [
        "src=", "href=", "<link", "<img", "<iframe", "url(", "@import", "http:", "https:",
    ] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert!(html.contains("content-security-policy\" content=\"default-src 'none'"));
}

#[test]
fn an_anonymous_referral_is_handed_off_without_a_person() {
    let f = fixture_with(&[ConsentScope::Screening, ConsentScope::Referral], true);
    let sealed = export_with(&f, &with_passphrase("en")).unwrap();
    let kinds: Vec<RecordKind> = sealed.receipt.records.iter().map(|r| r.0).collect();
    assert_eq!(
        kinds,
        [
            RecordKind::Referral,
            RecordKind::Consent,
            RecordKind::Interview
        ]
    );
    let h = open(
        &sealed.bytes,
        &HandoffSecret::Passphrase(passphrase(PASSPHRASE)),
    )
    .unwrap();
    assert!(h.summary_html.contains("Anonymous: no person record"));
    assert!(h.summary_html.contains("Likely trafficking"));
}

#[test]
fn an_unscored_interview_is_handed_off_without_a_result() {
    let f = fixture();
    let RecordBody::Interview(mut i) = f.vault.get(f.interview).unwrap().body else {
        panic!("not an interview");
    };
    i.assessment = None;
    i.status = InterviewStatus::InProgress;
    i.finished_at = None;
    f.vault
        .update(f.interview, RecordBody::Interview(i))
        .unwrap();
    let h = opened(&f, "en");
    assert!(h.summary_html.contains("The interview was not finished"));
    let json: serde_json::Value = serde_json::from_str(&h.records_json).unwrap();
    assert!(json["assessment"].is_null());
    assert_eq!(json["interview"]["id"], f.interview.to_string());
}

#[test]
fn immediate_danger_puts_the_emergency_steps_first() {
    let f = fixture();
    let RecordBody::Interview(mut i) = f.vault.get(f.interview).unwrap().body else {
        panic!("not an interview");
    };
    i.answers
        .insert("in_danger_now".into(), Answer::YesNo(YesNo::Yes));
    let form = f.library.form(FORM, None).unwrap();
    let rules = f.library.rule_set(DEFAULT_RULE_SET, None).unwrap();
    let a = screening::assess(&form, &rules, &i.answers, "en").unwrap();
    i.assessment = Some(a.summary(Utc::now()));
    f.vault
        .update(f.interview, RecordBody::Interview(i))
        .unwrap();
    let html = opened(&f, "en").summary_html;
    let urgent = html.find("class=\"urgent\"").expect("the danger box");
    assert!(urgent < html.find("class=\"headline\"").unwrap());
    assert!(html.contains("Immediate danger was signalled"));
    assert!(html.contains("Stop the interview if it is not safe to continue."));
}

#[test]
fn the_records_json_holds_bodies_ids_and_content_versions() {
    let f = fixture();
    let h = opened(&f, "en");
    let json: serde_json::Value = serde_json::from_str(&h.records_json).unwrap();
    let form = f.library.form(FORM, None).unwrap();
    let rules = f.library.rule_set(DEFAULT_RULE_SET, None).unwrap();
    assert_eq!(json["format"], FORMAT);
    assert_eq!(json["version"], VERSION);
    assert_eq!(json["referral"]["id"], f.referral.to_string());
    assert_eq!(json["referral"]["body"]["service"], HOTLINE);
    assert_eq!(json["subject"]["id"], f.subject.unwrap().to_string());
    assert_eq!(json["subject"]["body"]["alias"], alias());
    assert_eq!(json["consent"]["id"], f.consent.to_string());
    assert_eq!(
        json["consent"]["body"]["scopes"],
        serde_json::json!(["screening", "referral"])
    );
    assert_eq!(json["interview"]["id"], f.interview.to_string());
    assert_eq!(
        json["interview"]["body"]["answers"]["documents_taken"]["value"],
        "yes"
    );
    assert_eq!(json["assessment"]["level"], "likely");
    assert!(json["assessment"]["explanation"].as_array().unwrap().len() > 3);
    assert_eq!(json["content"]["form"]["id"], form.id);
    assert_eq!(json["content"]["form"]["version"], form.version);
    assert_eq!(json["content"]["form"]["hash"], form.hash);
    assert_eq!(json["content"]["rule_set"]["id"], rules.id);
    assert_eq!(json["content"]["rule_set"]["version"], rules.version);
    assert_eq!(json["content"]["rule_set"]["hash"], rules.hash);
    assert_eq!(json["content"]["directory"]["id"], "kz");
    assert_eq!(json["service"]["id"], HOTLINE);
    assert!(
        json["referral"].get("created_by").is_none(),
        "no device ids"
    );
}

// ---------------------------------------------------------------------------------------
// The file.

#[test]
fn the_sealed_file_does_not_contain_the_canary() {
    let f = fixture();
    let (_, public) = identity();
    for options in [
        with_passphrase("en"),
        HandoffOptions::new(HandoffKey::Recipient(public), "ru"),
    ] {
        let sealed = export_with(&f, &options).unwrap();
        for needle in [
            CANARY,
            "green scarf",
            "worker 7",
            "documents_taken",
            "<html",
            "ustar",
        ] {
            assert!(!contains(&sealed.bytes, needle.as_bytes()), "{needle}");
        }
        assert!(!contains(&sealed.bytes, PASSPHRASE.as_bytes()));
    }
}

#[test]
fn the_file_on_disk_is_ciphertext_0600_and_leaves_no_temporary_file() {
    let f = fixture();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("case.age");
    let receipt = export_to_file(
        &f.vault,
        &f.library,
        f.referral,
        &with_passphrase("en"),
        &path,
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    assert!(!contains(&bytes, CANARY.as_bytes()));
    let names: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from("case.age")]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let h = open(&bytes, &HandoffSecret::Passphrase(passphrase(PASSPHRASE))).unwrap();
    assert_eq!(h.handoff_id, receipt.handoff_id);
}

#[test]
fn an_existing_file_is_never_replaced() {
    let f = fixture();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("case.age");
    std::fs::write(&path, b"keep me").unwrap();
    let err = export_to_file(
        &f.vault,
        &f.library,
        f.referral,
        &with_passphrase("en"),
        &path,
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: "handoff file",
            ..
        }
    ));
    assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    assert!(exports(&f.vault).is_empty());
}

#[test]
fn each_exported_record_gets_an_audit_entry_that_names_no_content() {
    let f = fixture();
    let sealed = export_with(&f, &with_passphrase("en")).unwrap();
    let entries = exports(&f.vault);
    let logged: Vec<(RecordKind, RecordId)> = entries
        .iter()
        .map(|e| (e.kind.unwrap(), e.record.unwrap()))
        .collect();
    assert_eq!(
        logged,
        [
            (RecordKind::Referral, f.referral),
            (RecordKind::Subject, f.subject.unwrap()),
            (RecordKind::Consent, f.consent),
            (RecordKind::Interview, f.interview),
        ]
    );
    assert_eq!(sealed.receipt.records, logged);
    for e in &entries {
        let detail = e.detail.as_deref().unwrap();
        assert_eq!(
            detail,
            format!("handoff {} (passphrase)", sealed.receipt.handoff_id)
        );
    }
    f.vault.audit_verify().unwrap();
}

#[test]
fn a_tampered_byte_is_refused() {
    let f = fixture();
    let (secret, public) = identity();
    let sealed = export_with(
        &f,
        &HandoffOptions::new(HandoffKey::Recipient(public), "en"),
    )
    .unwrap();
    let bytes = sealed.bytes;
    let header_end = bytes.windows(4).position(|w| w == b"\n---").unwrap() + 50;
    let positions = (0..header_end.min(bytes.len())).chain((header_end..bytes.len()).step_by(211));
    for at in positions.chain([bytes.len() - 1]) {
        let mut altered = bytes.clone();
        altered[at] ^= 0x01;
        match open(&altered, &HandoffSecret::Identity(secret.clone())) {
            Err(Error::HandoffSecret | Error::HandoffDamaged(_)) => {}
            other => panic!("byte {at}: {other:?}"),
        }
    }
    let mut payload = bytes.clone();
    let last = payload.len() - 20;
    payload[last] ^= 0x80;
    assert!(matches!(
        open(&payload, &HandoffSecret::Identity(secret)),
        Err(Error::HandoffDamaged(_))
    ));
}

#[test]
fn a_truncated_file_is_refused() {
    let f = fixture();
    let (secret, public) = identity();
    let sealed = export_with(
        &f,
        &HandoffOptions::new(HandoffKey::Recipient(public), "en"),
    )
    .unwrap();
    let bytes = sealed.bytes;
    for cut in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
        assert!(
            open(&bytes[..cut], &HandoffSecret::Identity(secret.clone())).is_err(),
            "cut at {cut}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes_never_panic_when_opened(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let (secret, _) = identity();
        let _ = open(&bytes, &HandoffSecret::Identity(secret));
        let _ = open(&bytes, &HandoffSecret::Passphrase(passphrase(PASSPHRASE)));
    }

    #[test]
    fn arbitrary_bytes_after_an_age_header_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let mut bytes = b"age-encryption.org/v1\n-> X25519 ".to_vec();
        bytes.extend(tail);
        let (secret, _) = identity();
        let _ = open(&bytes, &HandoffSecret::Identity(secret));
    }
}
