//! The facade driven from Rust as the apps drive it: the same objects and calls the
//! generated Kotlin and Swift make (the JVM tests under `android/` make them through
//! the real boundary).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use pollster::block_on;

use crate::assessment::RiskLevel;
use crate::error::{ContentProblem, SenimError};
use crate::interview::{AnswerValue, ConsentScope, QuestionKind, interview_languages};
use crate::keystore::{BootTime, KeyStore};
use crate::records::Note;
use crate::vault::{DuressChoice, SenimVault};
use crate::wipe::{WipeDeviceSecret, WipeKeyMaterial, wipe_vault_at};

const PASS: &[u8] = b"correct horse 7";

/// Asserts that a [`SenimError`] is the variant (and fields) of the pattern, and shows
/// it when it is not.
macro_rules! assert_variant {
    ($error:expr, $pattern:pat $(if $guard:expr)?) => {{
        let error: &SenimError = &$error;
        assert!(matches!(error, $pattern $(if $guard)?), "{error:?}");
    }};
}

fn unavailable() -> SenimError {
    SenimError::KeyStore {
        reason: "the keystore is unavailable".into(),
    }
}

/// The operating system's boot clock, as a test's key store supplies it.
pub(crate) fn os_boot_time() -> Result<BootTime, SenimError> {
    let t = senim_vault::clock::os_boot_time().map_err(|e| SenimError::KeyStore {
        reason: e.to_string(),
    })?;
    Ok(BootTime {
        boot: senim_records::hex(&t.boot),
        since_boot_ms: t.since_boot_ms,
    })
}

/// A fresh in-memory key store, as the apps' platform one.
pub(crate) fn memory() -> Arc<dyn KeyStore> {
    Arc::new(MemoryKeyStore::default())
}

#[derive(Default)]
pub(crate) struct MemoryKeyStore(Mutex<HashMap<String, Vec<u8>>>);

impl KeyStore for MemoryKeyStore {
    fn create_secret(&self, label: String) -> Result<Vec<u8>, SenimError> {
        let mut map = self.0.lock().unwrap();
        if map.contains_key(&label) {
            return Err(SenimError::KeyStore {
                reason: "label exists".into(),
            });
        }
        let secret = vec![7u8; 32];
        map.insert(label, secret.clone());
        Ok(secret)
    }
    fn secret(&self, label: String) -> Result<Option<Vec<u8>>, SenimError> {
        Ok(self.0.lock().unwrap().get(&label).cloned())
    }
    fn delete_secret(&self, label: String) -> Result<(), SenimError> {
        self.0.lock().unwrap().remove(&label);
        Ok(())
    }
    fn boot_time(&self) -> Result<BootTime, SenimError> {
        os_boot_time()
    }
}

struct FailingKeyStore;

impl KeyStore for FailingKeyStore {
    fn create_secret(&self, _: String) -> Result<Vec<u8>, SenimError> {
        Err(unavailable())
    }
    fn secret(&self, _: String) -> Result<Option<Vec<u8>>, SenimError> {
        Err(unavailable())
    }
    fn delete_secret(&self, _: String) -> Result<(), SenimError> {
        Err(unavailable())
    }
    fn boot_time(&self) -> Result<BootTime, SenimError> {
        Err(unavailable())
    }
}

fn note(text: &str) -> Note {
    Note {
        text: text.into(),
        place: Some("Barakholka, row 7".into()),
        tags: vec!["market".into()],
        at: std::time::SystemTime::now(),
        subject: None,
    }
}

#[test]
fn a_vault_round_trip_with_a_key_store_and_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let keystore: Arc<dyn KeyStore> = Arc::new(MemoryKeyStore::default());
    let vault = block_on(SenimVault::create(
        path.clone(),
        PASS.to_vec().into(),
        keystore.clone(),
    ))
    .unwrap();
    let id = vault.add_note(note("two men at the bus station")).unwrap();
    assert_eq!(
        vault.search("bus".into(), 10, None).unwrap().records.len(),
        1
    );
    vault.lock().unwrap();
    assert_variant!(vault.record(id.clone()).unwrap_err(), SenimError::Locked);
    drop(vault);

    let vault = SenimVault::open(path.clone(), Some(keystore)).unwrap();
    let wrong = block_on(vault.unlock(b"wrong passcode 1".to_vec().into(), None)).unwrap_err();
    assert_variant!(wrong, SenimError::WrongPasscode { failed_attempts: 1 });
    block_on(vault.unlock(PASS.to_vec().into(), None)).unwrap();
    let record = vault.record(id).unwrap();
    assert_eq!(record.note.unwrap().text, "two men at the bus station");
    assert_eq!(vault.summary().unwrap().failed_attempts, 0);
    assert!(vault.summary().unwrap().uses_keystore);

    // Bad input is a typed error naming the field, never a panic.
    let empty = vault.add_note(note("   ")).unwrap_err();
    assert_variant!(empty, SenimError::InvalidInput { field, .. } if field == "text");
    assert_variant!(
        vault.record("not an id".into()).unwrap_err(),
        SenimError::InvalidInput { field, .. } if field == "record id"
    );

    // Opened without its key store: a clear error.
    let no_keystore = SenimVault::open(path, None).unwrap();
    let e = block_on(no_keystore.unlock(PASS.to_vec().into(), None)).unwrap_err();
    assert_variant!(e, SenimError::KeyStore { .. });

    // A key store without this vault's secret: the vault cannot open on this phone.
    let other = SenimVault::open(
        dir.path().join("vault").display().to_string(),
        Some(Arc::new(MemoryKeyStore::default())),
    )
    .unwrap();
    let e = block_on(other.unlock(PASS.to_vec().into(), None)).unwrap_err();
    assert_variant!(e, SenimError::DeviceSecretMissing);
}

#[test]
fn a_vault_the_app_creates_is_bound_to_the_devices_key_store() {
    // No key store, no vault: an app cannot make one that a copy of its files opens
    // elsewhere (issue 15).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let keystore = memory();
    let vault = block_on(SenimVault::create(
        path.clone(),
        PASS.to_vec().into(),
        keystore.clone(),
    ))
    .unwrap();
    assert!(vault.summary().unwrap().uses_keystore);
    vault.lock().unwrap();
    drop(vault);
    // The files and the passcode alone do not open it.
    let copy = SenimVault::open(path, Some(memory())).unwrap();
    assert_variant!(
        block_on(copy.unlock(PASS.to_vec().into(), None)).unwrap_err(),
        SenimError::DeviceSecretMissing
    );
}

#[test]
fn wrong_passcodes_are_counted_until_unlocking_pauses_for_whole_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let keystore = memory();
    drop(
        block_on(SenimVault::create(
            path.clone(),
            PASS.to_vec().into(),
            keystore.clone(),
        ))
        .unwrap(),
    );
    let vault = SenimVault::open(path, Some(keystore)).unwrap();
    // The core pauses after 3 failures: 5 s before the 4th attempt (ADR 0002).
    for n in 1..=3u32 {
        let e = block_on(vault.unlock(b"not the passcode".to_vec().into(), None)).unwrap_err();
        assert_variant!(e, SenimError::WrongPasscode { failed_attempts } if *failed_attempts == n);
    }
    let e = block_on(vault.unlock(PASS.to_vec().into(), None)).unwrap_err();
    assert_variant!(
        e,
        SenimError::TooManyAttempts { retry_after_seconds } if (1..=5).contains(retry_after_seconds)
    );
    // A refused attempt during the pause is not counted.
    assert_eq!(vault.summary().unwrap().failed_attempts, 3);
    assert!(!vault.is_unlocked());
}

#[test]
fn a_failing_key_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let e = block_on(SenimVault::create(
        path,
        PASS.to_vec().into(),
        Arc::new(FailingKeyStore),
    ))
    .err()
    .expect("refused");
    assert_variant!(e, SenimError::KeyStore { reason } if reason.contains("unavailable"));
}

#[test]
fn an_interview_runs_from_consent_to_recommended_services() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let vault = block_on(SenimVault::create(path, PASS.to_vec().into(), memory())).unwrap();
    let forms = vault.forms().unwrap();
    // One entry per form: the newest version, the one an interview starts on.
    assert_eq!(forms.len(), 1);
    let form = &forms[0];
    assert_eq!(
        (form.id.as_str(), form.version.as_str()),
        ("central_asia_screening", "2.0.0")
    );
    assert!(form.languages.contains(&"ru".to_string()));
    let interview = vault
        .start_interview(form.id.clone(), "en".into(), None)
        .unwrap();
    // Consent first: nothing is answered or stored before.
    assert!(!interview.has_consent());
    assert_variant!(
        interview.answer(AnswerValue::Yes).unwrap_err(),
        SenimError::ConsentRequired {
            scope: ConsentScope::Screening
        }
    );
    assert!(!interview.consent_script().purpose.text.is_empty());
    interview
        .record_consent(
            vec![ConsentScope::Screening, ConsentScope::Referral],
            "worker 1".into(),
        )
        .unwrap();
    assert!(interview.id().is_some());

    interview.set_language("ru".into()).unwrap();
    assert_eq!(interview.language(), "ru");
    // An answer that does not fit: a typed problem the app says in its language.
    let said = |e: SenimError, tag: &str| match e {
        SenimError::InvalidAnswer { key, values, .. } => crate::l10n::Localizer::new(tag.into())
            .unwrap()
            .format(
                key,
                values
                    .into_iter()
                    .map(|(k, v)| (k, crate::l10n::L10nArg::Text { value: v }))
                    .collect(),
            )
            .unwrap(),
        other => panic!("{other:?}"),
    };
    let first = interview.current().unwrap();
    assert_eq!(first.kind, QuestionKind::YesNo);
    let wrong = interview
        .answer(AnswerValue::Integer { value: 7 })
        .unwrap_err();
    assert_eq!(
        wrong.to_string(),
        "invalid answer: the question expects yes, no, unknown or declined"
    );
    assert_eq!(
        said(wrong, "ru"),
        "вопрос ждёт «да», «нет», «не знаю» или отказ от ответа"
    );
    let date = interview
        .answer(AnswerValue::Date {
            iso: "08.03.2024".into(),
        })
        .unwrap_err();
    assert_eq!(said(date, "kk"), "ЖЖЖЖ-АА-КК түріндегі күн керек");
    assert_eq!(
        interview.current().unwrap().id,
        first.id,
        "nothing answered"
    );
    let mut answered = 0;
    while let Some(q) = interview.current() {
        let answer = match q.kind {
            QuestionKind::YesNo => AnswerValue::Yes,
            QuestionKind::SingleChoice => AnswerValue::Choice {
                option: q.options[0].id.clone(),
            },
            QuestionKind::MultipleChoice => AnswerValue::Choices {
                options: vec![q.options[0].id.clone()],
            },
            _ => AnswerValue::Declined,
        };
        interview.answer(answer).unwrap();
        answered += 1;
        assert!(answered < 200, "the interview ends");
    }
    assert!(interview.back(), "back from the end to the last question");
    assert!(interview.current().unwrap().answer.is_some());
    let result = interview.finish().unwrap();
    assert_eq!(result.level, RiskLevel::Likely);
    assert!(!result.explanation.is_empty());
    assert!(!result.indicators.is_empty());
    let services = interview.recommend(None).unwrap();
    assert!(!services.is_empty());
    assert!(services.iter().all(|s| s.placeholder || s.phone.is_some()));
    let referral = interview
        .refer(services[0].service.clone(), "urgent help".into())
        .unwrap();
    assert_eq!(
        vault.record(referral).unwrap().kind,
        crate::records::RecordKind::Referral
    );
    assert_variant!(
        interview
            .refer("no-such-service".into(), "x".into())
            .unwrap_err(),
        SenimError::NotFound { .. }
    );

    // A completed interview cannot be resumed.
    let id = interview.id().unwrap();
    assert_variant!(
        vault.resume_interview(id).err().unwrap(),
        SenimError::Interview { .. }
    );
}

#[test]
fn a_demo_vault_is_marked_filled_reset_and_opens_with_the_demo_passcode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo").to_string_lossy().into_owned();
    let vault = block_on(SenimVault::create_demo(path.clone(), 4, 60)).unwrap();
    assert!(vault.is_demo());
    assert!(vault.summary().unwrap().demo);
    let count = |v: &SenimVault| v.records(None, false, 1000, None).unwrap().records.len();
    assert_eq!(count(&vault), 60);
    vault.add_note(note("added in the workshop")).unwrap();
    assert_eq!(count(&vault), 61);
    let contents = block_on(vault.reset_demo()).unwrap();
    assert_eq!(contents.records, 60);
    assert!(
        contents.level_none
            + contents.level_monitor
            + contents.level_possible
            + contents.level_likely
            > 0
    );
    assert_eq!(count(&vault), 60);
    assert!(vault.is_unlocked());
    vault.lock().unwrap();

    let reopened = SenimVault::open(path, None).unwrap();
    assert!(reopened.is_demo());
    block_on(reopened.unlock(crate::demo::demo_passcode().into_bytes().into(), None)).unwrap();
    assert_eq!(count(&reopened), 60);
    let err = block_on(reopened.change_passcode(
        crate::demo::demo_passcode().into_bytes().into(),
        b"another passcode".to_vec().into(),
    ))
    .unwrap_err();
    assert_variant!(err, SenimError::InvalidInput { .. });
}

#[test]
fn a_real_vault_is_not_a_demo_and_cannot_be_reset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("real").to_string_lossy().into_owned();
    let vault = block_on(SenimVault::create(path, PASS.to_vec().into(), memory())).unwrap();
    assert!(!vault.is_demo());
    vault.add_note(note("a real note")).unwrap();
    let err = block_on(vault.reset_demo()).unwrap_err();
    assert_variant!(err, SenimError::Demo { .. });
    assert_eq!(
        vault.records(None, false, 10, None).unwrap().records.len(),
        1
    );
}

#[test]
fn a_wipe_deletes_the_device_secret_and_leaves_no_vault() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let store = Arc::new(MemoryKeyStore::default());
    let keystore: Arc<dyn KeyStore> = store.clone();
    let vault = block_on(SenimVault::create(
        path.clone(),
        PASS.to_vec().into(),
        keystore.clone(),
    ))
    .unwrap();
    vault.add_note(note("two men at the bus station")).unwrap();
    assert_eq!(store.0.lock().unwrap().len(), 1);

    let summary = block_on(vault.wipe()).unwrap();
    assert!(summary.keys_destroyed);
    assert_eq!(summary.key_material, WipeKeyMaterial::Overwritten);
    assert_eq!(summary.device_secret, WipeDeviceSecret::Deleted);
    // A vault that never joined a team holds no sealed secrets.
    assert_eq!(summary.secrets_overwritten, 0);
    assert!(
        summary.removed.contains(&"senim.db".to_string()),
        "{summary:?}"
    );
    assert!(summary.removed.iter().all(|name| !name.contains('/')));
    assert!(store.0.lock().unwrap().is_empty(), "the secret is gone");

    // The object is inert, and the directory holds no vault.
    assert!(!vault.is_unlocked());
    assert_variant!(vault.summary().unwrap_err(), SenimError::NoVault);
    assert_variant!(
        block_on(vault.unlock(PASS.to_vec().into(), None)).unwrap_err(),
        SenimError::NoVault
    );
    assert_variant!(block_on(vault.wipe()).unwrap_err(), SenimError::NoVault);
    assert_variant!(
        SenimVault::open(path.clone(), Some(keystore.clone()))
            .err()
            .unwrap(),
        SenimError::NoVault
    );
    assert_variant!(
        block_on(wipe_vault_at(path, Some(keystore))).unwrap_err(),
        SenimError::NoVault
    );
}

#[test]
fn a_locked_vault_and_one_never_unlocked_are_wiped_without_the_passcode() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let keystore: Arc<dyn KeyStore> = store.clone();

    // Locked in the session.
    let first = dir.path().join("first").display().to_string();
    let vault = block_on(SenimVault::create(
        first.clone(),
        PASS.to_vec().into(),
        keystore.clone(),
    ))
    .unwrap();
    vault.lock().unwrap();
    let summary = block_on(vault.wipe()).unwrap();
    assert_eq!(summary.device_secret, WipeDeviceSecret::Deleted);
    assert_variant!(
        SenimVault::open(first, Some(keystore.clone()))
            .err()
            .unwrap(),
        SenimError::NoVault
    );

    // Opened after a restart, never unlocked.
    let second = dir.path().join("second").display().to_string();
    drop(
        block_on(SenimVault::create(
            second.clone(),
            PASS.to_vec().into(),
            keystore.clone(),
        ))
        .unwrap(),
    );
    let reopened = SenimVault::open(second.clone(), Some(keystore.clone())).unwrap();
    assert!(!reopened.is_unlocked());
    assert!(block_on(reopened.wipe()).unwrap().keys_destroyed);
    assert!(store.0.lock().unwrap().is_empty());
    assert_variant!(
        SenimVault::open(second, None).err().unwrap(),
        SenimError::NoVault
    );

    // Not bound to a key store: a demo vault, the one kind made without one.
    let plain = dir.path().join("plain").display().to_string();
    let vault = block_on(SenimVault::create_demo(plain, 1, 10)).unwrap();
    vault.lock().unwrap();
    assert_eq!(
        block_on(vault.wipe()).unwrap().device_secret,
        WipeDeviceSecret::NotUsed
    );
}

#[test]
fn a_vault_that_is_not_open_is_wiped_by_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let store = Arc::new(MemoryKeyStore::default());
    let keystore: Arc<dyn KeyStore> = store.clone();
    drop(
        block_on(SenimVault::create(
            path.clone(),
            PASS.to_vec().into(),
            keystore.clone(),
        ))
        .unwrap(),
    );
    let summary = block_on(wipe_vault_at(path.clone(), Some(keystore.clone()))).unwrap();
    assert_eq!(summary.key_material, WipeKeyMaterial::Overwritten);
    assert_eq!(summary.device_secret, WipeDeviceSecret::Deleted);
    assert!(store.0.lock().unwrap().is_empty());
    assert_variant!(
        SenimVault::open(path, Some(keystore)).err().unwrap(),
        SenimError::NoVault
    );

    // A key store that fails: the key material in the files is still destroyed, and
    // the summary says what became of the secret.
    let other = dir.path().join("other").display().to_string();
    drop(
        block_on(SenimVault::create(
            other.clone(),
            PASS.to_vec().into(),
            Arc::new(MemoryKeyStore::default()),
        ))
        .unwrap(),
    );
    let summary = block_on(wipe_vault_at(other, Some(Arc::new(FailingKeyStore)))).unwrap();
    assert!(summary.keys_destroyed);
    match summary.device_secret {
        WipeDeviceSecret::Failed { reason } => assert!(reason.contains("unavailable"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_duress_passcode_opens_the_decoy_and_destroy_leaves_the_real_notes_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let keystore = memory();
    let vault = block_on(SenimVault::create(
        path.clone(),
        PASS.to_vec().into(),
        keystore.clone(),
    ))
    .unwrap();
    vault.add_note(note("the real note")).unwrap();
    let texts = |v: &SenimVault| format!("{:?}", v.records(None, false, 50, None).unwrap());
    // The real passcode is needed, and the duress one must differ from it.
    let e = block_on(vault.set_duress_passcode(
        b"not the passcode".to_vec().into(),
        b"duress pass 1".to_vec().into(),
        DuressChoice::Destroy,
    ))
    .unwrap_err();
    assert_variant!(e, SenimError::WrongPasscode { .. });
    let e = block_on(vault.set_duress_passcode(
        PASS.to_vec().into(),
        PASS.to_vec().into(),
        DuressChoice::Hide,
    ))
    .unwrap_err();
    assert_variant!(e, SenimError::InvalidInput { .. });
    block_on(vault.set_duress_passcode(
        PASS.to_vec().into(),
        b"duress pass 1".to_vec().into(),
        DuressChoice::Destroy,
    ))
    .unwrap();
    vault.lock().unwrap();

    block_on(vault.unlock(b"duress pass 1".to_vec().into(), None)).unwrap();
    assert!(!texts(&vault).contains("the real note"));
    assert!(
        !vault
            .records(None, false, 50, None)
            .unwrap()
            .records
            .is_empty()
    );
    vault.lock().unwrap();
    drop(vault);

    let reopened = SenimVault::open(path, Some(keystore)).unwrap();
    if block_on(reopened.unlock(PASS.to_vec().into(), None)).is_ok() {
        assert!(!texts(&reopened).contains("the real note"));
    }
}

#[test]
fn a_vault_wiped_by_the_team_policy_is_its_own_variant() {
    let e = SenimError::from(senim_vault::Error::WipedByPolicy("too many failed unlocks"));
    assert_variant!(e, SenimError::Wiped { reason } if reason.contains("too many failed unlocks"));
    let e = SenimError::from(senim_vault::Error::order("out of sequence"));
    assert_variant!(e, SenimError::Membership { .. });
}

#[test]
fn a_form_that_is_not_in_this_build_is_missing_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let vault = block_on(SenimVault::create(path, PASS.to_vec().into(), memory())).unwrap();
    assert_variant!(
        vault
            .start_interview("no_such_form".into(), "en".into(), None)
            .err()
            .unwrap(),
        SenimError::Content {
            what,
            problem: ContentProblem::Missing,
            ..
        } if what == "form"
    );
}

/// A key store whose `secret` waits until the test opens the gate: a call that holds
/// the vault for as long as the test wants (as a sync on a slow network does).
struct GatedKeyStore {
    inner: MemoryKeyStore,
    gate: Mutex<bool>,
    waiting: std::sync::atomic::AtomicBool,
    opened: std::sync::Condvar,
    entered: std::sync::mpsc::SyncSender<()>,
}

impl KeyStore for GatedKeyStore {
    fn create_secret(&self, label: String) -> Result<Vec<u8>, SenimError> {
        self.inner.create_secret(label)
    }
    fn secret(&self, label: String) -> Result<Option<Vec<u8>>, SenimError> {
        // Only the first call after the gate closes waits (the wipe asks again, to
        // check the secret is gone).
        let mut open = self.gate.lock().unwrap();
        if !*open && !self.waiting.swap(true, std::sync::atomic::Ordering::SeqCst) {
            let _ = self.entered.try_send(());
            while !*open {
                open = self.opened.wait(open).unwrap();
            }
        }
        drop(open);
        self.inner.secret(label)
    }
    fn delete_secret(&self, label: String) -> Result<(), SenimError> {
        self.inner.delete_secret(label)
    }
    fn boot_time(&self) -> Result<BootTime, SenimError> {
        self.inner.boot_time()
    }
}

#[test]
fn a_panic_wipe_does_not_wait_for_a_call_holding_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let (entered_tx, entered) = std::sync::mpsc::sync_channel(1);
    let store = Arc::new(GatedKeyStore {
        inner: MemoryKeyStore::default(),
        gate: Mutex::new(true),
        waiting: std::sync::atomic::AtomicBool::new(false),
        opened: std::sync::Condvar::new(),
        entered: entered_tx,
    });
    let keystore: Arc<dyn KeyStore> = store.clone();
    let vault = block_on(SenimVault::create(
        path.clone(),
        PASS.to_vec().into(),
        keystore,
    ))
    .unwrap();
    vault.add_note(note("a woman at the market")).unwrap();
    vault.lock().unwrap();

    // An unlock that stalls inside the key store, holding the vault.
    *store.gate.lock().unwrap() = false;
    let busy = vault.clone();
    let unlock = std::thread::spawn(move || block_on(busy.unlock(PASS.to_vec().into(), None)));
    entered
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the unlock reached the key store");

    // The wipe returns while the unlock is still stalled.
    let summary = block_on(vault.wipe()).unwrap();
    assert!(summary.keys_destroyed);
    assert!(
        !unlock.is_finished(),
        "the unlock was still holding the vault"
    );
    assert!(
        store.inner.0.lock().unwrap().is_empty(),
        "the device secret is gone"
    );
    assert!(matches!(
        senim_vault::Vault::open(&path, None),
        Err(senim_vault::Error::NoVault)
    ));

    // The stalled call ends as NoVault, and so does everything after it.
    *store.gate.lock().unwrap() = true;
    store.opened.notify_all();
    assert_variant!(unlock.join().unwrap().unwrap_err(), SenimError::NoVault);
    assert!(!vault.is_unlocked());
    assert_variant!(vault.summary().unwrap_err(), SenimError::NoVault);
}

#[test]
fn a_join_request_shows_four_verification_words_and_garbage_is_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let keystore: Arc<dyn KeyStore> = Arc::new(MemoryKeyStore::default());
    let vault = block_on(SenimVault::create(path, PASS.to_vec().into(), keystore)).unwrap();
    let request = vault.join_request("Aidana".into()).unwrap();
    let words = crate::team::join_request_verification(request.clone()).unwrap();
    assert_eq!(words.split(' ').count(), 4, "{words}");
    // The same request, as scanned or typed on the lead's phone, shows the same words.
    let scanned = format!("  {}\n", request.to_lowercase());
    assert_eq!(
        crate::team::join_request_verification(scanned).unwrap(),
        words
    );
    assert_variant!(
        crate::team::join_request_verification("SENIM-JOIN-1:AAAA".into()).unwrap_err(),
        SenimError::InvalidInput { field, .. } if field == "join request"
    );
    assert_variant!(
        crate::team::welcome_verification(request).unwrap_err(),
        SenimError::InvalidInput { field, .. } if field == "welcome code"
    );
}

#[test]
fn uzbek_is_offered_in_latin_and_cyrillic_script_and_an_interview_runs_in_cyrillic() {
    let languages = interview_languages("central_asia_screening".into()).unwrap();
    let tags: Vec<&str> = languages.iter().map(|l| l.tag.as_str()).collect();
    assert_eq!(tags, ["en", "ru", "kk", "uz", "uz-Cyrl", "ky", "tg"]);
    let uz: Vec<(&str, &str)> = languages
        .iter()
        .filter(|l| l.tag.starts_with("uz"))
        .map(|l| (l.native_name.as_str(), l.script.as_str()))
        .collect();
    assert_eq!(
        uz,
        [("Oʻzbekcha (lotin)", "Latn"), ("Ўзбекча (кирилл)", "Cyrl")]
    );
    assert_variant!(
        interview_languages("no_such_form".into()).unwrap_err(),
        SenimError::Content { .. }
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let vault = block_on(SenimVault::create(path, PASS.to_vec().into(), memory())).unwrap();
    let interview = vault
        .start_interview("central_asia_screening".into(), "uz-Cyrl".into(), None)
        .unwrap();
    interview
        .record_consent(vec![ConsentScope::Screening], "worker 1".into())
        .unwrap();
    let q = interview.current().unwrap();
    assert_eq!(q.id, "safe_to_talk");
    assert_eq!(q.label.language, "uz-Cyrl");
    assert!(q.label.needs_review);
    assert!(q.label.text.starts_with("Ҳозир"), "{}", q.label.text);
    // Stored in Cyrillic script, and resumed so.
    interview.answer(AnswerValue::Yes).unwrap();
    let resumed = vault.resume_interview(interview.id().unwrap()).unwrap();
    assert_eq!(resumed.language(), "uz-Cyrl");
    assert_eq!(resumed.current().unwrap().label.language, "uz-Cyrl");
}

/// Records the steps an upgrade tells the app.
struct Heard(Mutex<Vec<crate::vault::UpgradeStep>>);

impl crate::vault::UpgradeProgress for Heard {
    fn step(&self, step: crate::vault::UpgradeStep) {
        self.0.lock().unwrap().push(step);
    }
}

#[test]
fn the_first_unlock_of_a_vault_from_an_earlier_version_tells_the_app_its_upgrade() {
    use crate::vault::UpgradeStep;
    // The vault the last version before page encryption made (its README says how).
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/vault/tests/fixtures/schema6");
    let dir = tempfile::tempdir().unwrap();
    for f in ["senim.db", "senim-2.db"] {
        std::fs::copy(fixture.join(f), dir.path().join(f)).unwrap();
    }
    let vault = SenimVault::open(dir.path().to_string_lossy().into_owned(), None).unwrap();
    let heard = Arc::new(Heard(Mutex::new(Vec::new())));
    block_on(vault.unlock(b"field notes 2026".to_vec().into(), Some(heard.clone()))).unwrap();
    let steps = heard.0.lock().unwrap().clone();
    assert_eq!(steps.first(), Some(&UpgradeStep::EncryptingPages));
    assert_eq!(
        steps.get(1),
        Some(&UpgradeStep::Indexing { done: 0, total: 32 })
    );
    assert_eq!(
        steps.last(),
        Some(&UpgradeStep::Indexing {
            done: 32,
            total: 32
        })
    );
    assert_eq!(
        vault
            .search("кумысбрык".into(), 10, None)
            .unwrap()
            .records
            .len(),
        1
    );
    // Up to date now: the next unlock tells nothing.
    vault.lock().unwrap();
    heard.0.lock().unwrap().clear();
    block_on(vault.unlock(b"field notes 2026".to_vec().into(), Some(heard.clone()))).unwrap();
    assert!(heard.0.lock().unwrap().is_empty());
}

#[test]
fn a_referral_directory_service_reads_by_its_name_in_the_language_asked_for() {
    use crate::services::directory_service_name;
    let name = |lang: &str| directory_service_name("trafficking_hotline".into(), lang.into());
    let en = name("en").unwrap().unwrap();
    assert_eq!(en.text, "Anti-trafficking hotline");
    assert_eq!(en.language, "en");
    let ru = name("ru").unwrap().unwrap();
    assert_eq!(ru.text, "Горячая линия по противодействию торговле людьми");
    let kk = name("kk").unwrap().unwrap();
    assert_eq!(
        (kk.text.as_str(), kk.language.as_str(), kk.needs_review),
        ("Адам саудасына қарсы ыстық желі", "kk", true)
    );
    // A service the directory does not have keeps its id on screen: no name.
    assert_eq!(
        directory_service_name("no_such_service".into(), "en".into()).unwrap(),
        None
    );
}
