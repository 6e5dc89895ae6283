//! Invariant 1: no sensitive plaintext in any file the core writes.
//!
//! Every text field of every record kind is filled with a unique canary (random per
//! run, Latin and Cyrillic), the records are edited, deleted, searched and viewed,
//! interview drafts are run answer by answer through the interview runner, and then
//! every byte of every file under the vault directory is scanned for the canaries
//! in UTF-8, UTF-16LE and UTF-16BE: once while the vault is open (write-ahead log
//! present) and once after it is locked and closed.

use crate::common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Duration, Utc};
use senim_content::forms::{Form, InterviewSession};
use senim_records::{
    AgeBand, Answer, Consent, ConsentScope, ConsentState, ContactPreference, Gender, Interview,
    InterviewStatus, OutreachNote, PageRequest, RecordBody, RecordFilter, RecordId, Referral,
    ReferralStatus, Subject, YesNo,
};
use senim_vault::{CreateOptions, Vault};

use common::{Canaries, db_sidecar};

// ---- the scanner --------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// A canary found on disk.
#[derive(Debug, PartialEq, Eq)]
struct Finding {
    file: PathBuf,
    canary: String,
    encoding: Encoding,
    offset: usize,
}

fn encode(s: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => s.as_bytes().to_vec(),
        Encoding::Utf16Le => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        Encoding::Utf16Be => s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
    }
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read a directory") {
            let path = entry.expect("read a directory entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("stat a file");
            if meta.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// An encoded needle: its bytes, the canary it encodes, and how.
type Needle<'a> = (Vec<u8>, &'a str, Encoding);

/// Scans every byte of every file under `dir` for each needle in each encoding.
fn scan(dir: &Path, needles: &[String]) -> (Vec<PathBuf>, Vec<Finding>) {
    // Index the encoded needles by their first four bytes: one pass per file.
    let mut by_prefix: HashMap<[u8; 4], Vec<Needle<'_>>> = HashMap::new();
    for needle in needles {
        for encoding in [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be] {
            let bytes = encode(needle, encoding);
            assert!(
                bytes.len() >= 4,
                "canaries are long enough to be distinctive"
            );
            let key = [bytes[0], bytes[1], bytes[2], bytes[3]];
            by_prefix
                .entry(key)
                .or_default()
                .push((bytes, needle, encoding));
        }
    }
    let files = files_under(dir);
    let mut findings = Vec::new();
    for file in &files {
        let data = std::fs::read(file).expect("read a file in the vault directory");
        for (offset, window) in data.windows(4).enumerate() {
            let key = [window[0], window[1], window[2], window[3]];
            let Some(candidates) = by_prefix.get(&key) else {
                continue;
            };
            for (bytes, needle, encoding) in candidates {
                if data[offset..].starts_with(bytes) {
                    findings.push(Finding {
                        file: file.clone(),
                        canary: needle.to_string(),
                        encoding: *encoding,
                        offset,
                    });
                }
            }
        }
    }
    (files, findings)
}

// ---- the canaries: `common::Canaries` -----------------------------------------------

// ---- the activity -------------------------------------------------------------------

/// A vault after a full working session whose every text field held a canary. The
/// vault is still open and unlocked.
struct Session {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    vault: Vault,
    canaries: Canaries,
}

fn working_session() -> Session {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let mut c = Canaries::new();

    // The passcode is sensitive too.
    let passcode = c.latin("passcode");
    let vault = Vault::create(
        &dir,
        passcode.as_bytes(),
        CreateOptions::insecure_fast_for_tests(),
    )
    .unwrap();

    let subject_body = |alias: String| {
        RecordBody::Subject(Subject {
            alias,
            age_band: Some(AgeBand::From25To34),
            gender: Some(Gender::Female),
            nationality: Some("UZ".into()),
            languages: vec!["uz".into(), "ru".into()],
            contact_preference: Some(ContactPreference::Messenger),
        })
    };
    let subject = vault.add(subject_body(c.latin("alias"))).unwrap();
    let subject_ru = vault.add(subject_body(c.cyrillic("псевдоним"))).unwrap();

    let note_body = |text: String, place: String, tags: Vec<String>, subject| {
        RecordBody::OutreachNote(OutreachNote {
            text,
            place: Some(place),
            location: Some(senim_records::CoarseLocation::new(43.2567, 76.9286).unwrap()),
            tags,
            at: Utc::now() - Duration::hours(2),
            subject,
        })
    };
    let note_text = format!(
        "{} met at the market, passport held by {} {}",
        c.latin("note-text"),
        c.latin("employer"),
        c.cyrillic("заметка")
    );
    let note = vault
        .add(note_body(
            note_text,
            c.latin("place"),
            vec![c.lower("tag"), c.lower("tag2")],
            Some(subject),
        ))
        .unwrap();
    let note_ru = vault
        .add(note_body(
            format!("Паспорт забрал работодатель {}", c.cyrillic("текст")),
            c.cyrillic("место"),
            vec![c.lower("tag3")],
            Some(subject_ru),
        ))
        .unwrap();
    let doomed = vault
        .add(note_body(
            c.latin("deleted-note"),
            c.latin("deleted-place"),
            vec![c.lower("deleted-tag")],
            None,
        ))
        .unwrap();

    let mut answers = BTreeMap::new();
    answers.insert(c.latin("question-id"), Answer::Text(c.latin("answer")));
    answers.insert(
        "how_recruited".into(),
        Answer::Text(c.cyrillic("ответ-вербовка")),
    );
    answers.insert("documents_held".into(), Answer::YesNo(YesNo::Yes));
    answers.insert("sector".into(), Answer::Choice(c.latin("choice")));
    answers.insert(
        "debts".into(),
        Answer::Choices(vec![c.latin("choices-a"), c.latin("choices-b")]),
    );
    answers.insert("hours_per_day".into(), Answer::Integer(14));
    answers.insert("origin".into(), Answer::Country("TJ".into()));
    let interview_body = Interview {
        form_id: c.latin("form-id"),
        form_version: c.latin("fv"),
        language: "ru".into(),
        subject: Some(subject),
        status: InterviewStatus::InProgress,
        form_hash: String::new(),
        answers,
        skipped: Vec::new(),
        consent: None,
        started_at: Utc::now() - Duration::hours(1),
        finished_at: None,
        assessment: None,
    };
    let interview = vault
        .add(RecordBody::Interview(interview_body.clone()))
        .unwrap();

    let consent = vault
        .add(RecordBody::Consent(Consent {
            subject: Some(subject),
            scopes: vec![ConsentScope::Screening, ConsentScope::Referral],
            services: Vec::new(),
            state: ConsentState::Given,
            recorded_by: c.latin("recorded-by"),
            at: Utc::now() - Duration::minutes(50),
        }))
        .unwrap();
    let referral_body = |reason: String, status| {
        RecordBody::Referral(Referral {
            subject: Some(subject),
            service: "shelter-almaty".into(),
            reason,
            status,
            consent: Some(consent),
        })
    };
    let referral = vault
        .add(referral_body(c.latin("reason"), ReferralStatus::Proposed))
        .unwrap();
    let referral_svc = vault
        .add(RecordBody::Referral(Referral {
            subject: Some(subject_ru),
            service: c.latin("service"),
            reason: c.cyrillic("причина"),
            status: ReferralStatus::Proposed,
            consent: None,
        }))
        .unwrap();

    // Edits: new canaries replace old ones, so both versions must stay off the disk.
    let tag_edited = c.lower("tag-edited");
    vault
        .update(subject, subject_body(c.latin("alias-edited")))
        .unwrap();
    vault
        .update(
            note,
            note_body(
                format!("{} and {}", c.latin("note-edited"), c.cyrillic("правка")),
                c.latin("place-edited"),
                vec![tag_edited.clone()],
                Some(subject),
            ),
        )
        .unwrap();
    let mut finished = interview_body;
    finished
        .answers
        .insert("notes".into(), Answer::Text(c.latin("answer-edited")));
    finished.status = InterviewStatus::Completed;
    finished.finished_at = Some(Utc::now());
    vault
        .update(interview, RecordBody::Interview(finished))
        .unwrap();
    vault
        .update(
            referral,
            referral_body(c.latin("reason-edited"), ReferralStatus::Accepted),
        )
        .unwrap();
    vault.delete(doomed).unwrap();

    // Reads: views, history, listings, filters, searches.
    for id in [
        subject,
        subject_ru,
        note,
        note_ru,
        doomed,
        interview,
        consent,
        referral,
        referral_svc,
    ] {
        vault.get(id).unwrap();
        vault.history(id).unwrap();
    }
    let all = RecordFilter {
        include_deleted: true,
        ..RecordFilter::default()
    };
    assert_eq!(
        vault
            .list(&all, &PageRequest::default())
            .unwrap()
            .records
            .len(),
        9
    );
    let tagged = RecordFilter {
        tag: Some(tag_edited),
        ..RecordFilter::default()
    };
    vault.list(&tagged, &PageRequest::default()).unwrap();
    let by_subject = RecordFilter {
        subject: Some(subject),
        ..RecordFilter::default()
    };
    vault.list(&by_subject, &PageRequest::default()).unwrap();
    for query in [c.latin("search"), c.cyrillic("поиск")] {
        vault
            .search(&query, &RecordFilter::default(), &PageRequest::default())
            .unwrap();
    }
    let hits = |vault: &Vault, query: &str| {
        vault
            .search(query, &RecordFilter::default(), &PageRequest::default())
            .unwrap()
            .records
            .len()
    };
    assert_eq!(hits(&vault, "note edited"), 1, "the edited note is found");
    assert_eq!(hits(&vault, "passport market"), 0, "its old words are not");
    assert_eq!(hits(&vault, "паспорт работодатель"), 1);
    vault
        .record_export(note, senim_records::RecordKind::OutreachNote, "report")
        .unwrap();
    interview_drafts(&vault, &mut c, subject);
    vault.audit_verify().unwrap();
    vault.audit_log().unwrap();

    Session {
        _tmp: tmp,
        dir,
        vault,
        canaries: c,
    }
}

/// Interview drafts through the runner: consent and answers are stored one by one as
/// they are given, an answer is changed, another is cleared by skip logic, and one
/// interview is left in progress (a draft), another stopped.
fn interview_drafts(vault: &Vault, c: &mut Canaries, subject: RecordId) {
    let t = |en: &str| serde_json::json!({ "en": en });
    let form = serde_json::json!({
        "format": 1, "id": "canary_form", "version": "1", "title": t("Canary"),
        "default_language": "en", "languages": ["en", "ru"],
        "consent": {"purpose": t("p"), "use_of_information": t("u"),
                    "right_to_refuse": t("r"), "right_to_stop": t("s")},
        "emergency": t("e"),
        "indicators": [],
        "sections": [{"id": "s", "title": t("S"), "questions": [
            {"id": "story", "type": "text", "label": t("story")},
            {"id": "employer", "type": "yes_no", "label": t("employer known")},
            {"id": "employer_name", "type": "text", "label": t("name"),
             "show_if": "employer == \"yes\"", "identifying": true},
            {"id": "hours", "type": "integer", "label": t("hours")},
            {"id": "origin", "type": "country", "label": t("origin")},
        ]}]
    });
    let form = Arc::new(Form::from_json(form.to_string().as_bytes()).unwrap());

    let mut draft = InterviewSession::start(form.clone(), "ru", Some(subject)).unwrap();
    draft
        .record_consent(vault, &[ConsentScope::Screening], &c.latin("consent-by"))
        .unwrap();
    draft
        .answer(vault, Answer::Text(c.cyrillic("история")))
        .unwrap();
    draft.answer(vault, Answer::YesNo(YesNo::Yes)).unwrap();
    draft
        .answer(vault, Answer::Text(c.latin("employer-name")))
        .unwrap();
    draft.answer(vault, Answer::Integer(14)).unwrap();
    // Changed answers and an answer cleared by skip logic stay off the disk too.
    draft
        .answer_question(vault, "story", Answer::Text(c.latin("story-edited")))
        .unwrap();
    draft
        .answer_question(vault, "employer", Answer::YesNo(YesNo::No))
        .unwrap();
    assert!(draft.current().is_some(), "left in progress as a draft");

    let mut stopped = InterviewSession::start(form, "en", None).unwrap();
    stopped
        .record_consent(vault, &[ConsentScope::Screening], &c.cyrillic("согласие"))
        .unwrap();
    stopped
        .answer(vault, Answer::Text(c.latin("stopped-story")))
        .unwrap();
    stopped.stop(vault).unwrap();
}

fn assert_clean(dir: &Path, needles: &[String]) {
    let (files, findings) = scan(dir, needles);
    assert!(
        files.iter().any(|f| f.ends_with("senim.db")),
        "the scan covered the database: {files:?}"
    );
    assert!(
        findings.is_empty(),
        "plaintext found on disk (scanned {files:?}):\n{findings:#?}"
    );
}

// ---- the tests ----------------------------------------------------------------------

#[test]
fn the_scanner_finds_a_canary_planted_in_any_encoding_in_any_file() {
    let tmp = tempfile::tempdir().unwrap();
    let nested = tmp.path().join("a").join("b");
    std::fs::create_dir_all(&nested).unwrap();
    let mut c = Canaries::new();
    let latin = c.latin("planted");
    let cyrillic = c.cyrillic("посажено");
    let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let cases = [
        (tmp.path().join("top.bin"), &latin, Encoding::Utf8),
        (nested.join("deep-le.bin"), &cyrillic, Encoding::Utf16Le),
        (nested.join("deep-be.bin"), &latin, Encoding::Utf16Be),
        (
            tmp.path().join("a").join("ru-8.bin"),
            &cyrillic,
            Encoding::Utf8,
        ),
    ];
    for (path, canary, encoding) in &cases {
        let mut data = noise.clone();
        data.extend(encode(canary, *encoding));
        data.extend(&noise[..13]);
        std::fs::write(path, data).unwrap();
    }
    std::fs::write(tmp.path().join("clean.bin"), &noise).unwrap();

    let (files, findings) = scan(tmp.path(), &c.needles);
    assert_eq!(files.len(), 5);
    for (path, canary, encoding) in &cases {
        assert!(
            findings.iter().any(|f| &f.file == path
                && &&f.canary == canary
                && f.encoding == *encoding
                && f.offset == noise.len()),
            "{canary} in {encoding:?} not found in {path:?}: {findings:#?}"
        );
    }
    assert!(
        !findings.iter().any(|f| f.file.ends_with("clean.bin")),
        "no false positive in a clean file"
    );
}

#[test]
fn the_scanner_finds_a_canary_planted_in_a_real_vault_directory() {
    let s = working_session();
    let planted = s.canaries.needles[0].clone();
    std::fs::write(
        s.dir.join("left-behind.tmp"),
        encode(&format!("xx{planted}yy"), Encoding::Utf16Le),
    )
    .unwrap();
    let (_, findings) = scan(&s.dir, &s.canaries.needles);
    assert!(
        findings
            .iter()
            .any(|f| f.file.ends_with("left-behind.tmp") && f.canary == planted),
        "{findings:#?}"
    );
}

#[test]
fn no_canary_is_on_disk_while_the_vault_is_open() {
    let s = working_session();
    assert!(
        db_sidecar(&s.dir, "-wal").exists(),
        "the write-ahead log is part of what an open vault exposes"
    );
    assert_clean(&s.dir, &s.canaries.needles);
    drop(s.vault);
}

#[test]
fn no_canary_is_on_disk_after_the_vault_is_locked_and_closed() {
    let mut s = working_session();
    s.vault.lock().unwrap();
    drop(s.vault);
    assert_clean(&s.dir, &s.canaries.needles);
}

#[test]
fn no_canary_is_on_disk_after_a_failed_unlock_and_a_passcode_change() {
    let mut s = working_session();
    s.vault.lock().unwrap();
    drop(s.vault);
    let mut vault = Vault::open(&s.dir, None).unwrap();
    let wrong = s.canaries.latin("wrong-passcode");
    assert!(vault.unlock(wrong.as_bytes()).is_err());
    let current = s.canaries.needles[0].clone();
    vault.unlock(current.as_bytes()).unwrap();
    let new = s.canaries.cyrillic("пароль");
    vault
        .change_passcode(current.as_bytes(), new.as_bytes())
        .unwrap();
    assert_clean(&s.dir, &s.canaries.needles);
    vault.lock().unwrap();
    drop(vault);
    assert_clean(&s.dir, &s.canaries.needles);
}

#[test]
fn a_rejected_record_is_not_echoed_in_the_error() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = common::create_vault(tmp.path());
    let mut c = Canaries::new();
    let bad_bodies = [
        // Control characters are refused: the error must name the rule, not the text.
        common::note(&format!("{}\u{7}", c.latin("bell"))),
        RecordBody::Subject(Subject {
            alias: c.latin("alias").repeat(20),
            age_band: None,
            gender: None,
            nationality: Some(c.latin("nationality")),
            languages: vec![],
            contact_preference: None,
        }),
        RecordBody::OutreachNote(OutreachNote {
            text: "ok".into(),
            place: None,
            location: None,
            tags: vec![c.lower("tag").repeat(3)],
            at: Utc::now(),
            subject: None,
        }),
    ];
    for body in bad_bodies {
        let err = vault.add(body).unwrap_err();
        let shown = format!("{err} {err:?}");
        for needle in &c.needles {
            assert!(
                !shown.contains(needle.as_str()),
                "error shows input: {shown}"
            );
        }
    }
    let unknown: RecordId = format!("{:032x}", 7u8).parse().unwrap();
    assert!(vault.get(unknown).is_err());
}
