//! The bundled screening form (version 2) walked through the interview runner, over a
//! store that keeps every write: no question of the private block is ever asked, shown
//! or accepted before the worker confirms privacy; and the quick exit stores what was
//! answered, the private answers given included, and nothing after. (The same runner
//! over the real vault is tested in `core/vault/tests/interview_runner.rs`.)

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::Utc;

use super::definition::QuestionType;
use super::runner::{InterviewSession, QuickExit};
use crate::{Error, Library, RecordStore};
use senim_records::{Answer, ConsentScope, InterviewStatus, Record, RecordBody, RecordId, YesNo};

/// Records in memory, validated as the vault validates them; counts the writes.
#[derive(Default)]
struct Memory {
    records: RefCell<BTreeMap<RecordId, Record>>,
    writes: RefCell<usize>,
}

impl RecordStore for Memory {
    type Error = Error;

    fn get(&self, id: RecordId) -> Result<Option<Record>, Error> {
        Ok(self.records.borrow().get(&id).cloned())
    }

    fn get_unlogged(&self, id: RecordId) -> Result<Option<Record>, Error> {
        self.get(id)
    }

    fn add(&self, body: RecordBody) -> Result<RecordId, Error> {
        let body = body
            .validate()
            .map_err(|e| Error::invalid("record", e.to_string()))?;
        let id = RecordId::random().map_err(|e| Error::invalid("record id", e.to_string()))?;
        let now = Utc::now();
        let record = Record {
            id,
            kind: body.kind(),
            created_at: now,
            updated_at: now,
            created_by: "00".into(),
            deleted: false,
            body,
            conflicts: Vec::new(),
        };
        self.records.borrow_mut().insert(id, record);
        *self.writes.borrow_mut() += 1;
        Ok(id)
    }

    fn update(&self, id: RecordId, body: RecordBody) -> Result<(), Error> {
        let body = body
            .validate()
            .map_err(|e| Error::invalid("record", e.to_string()))?;
        let mut records = self.records.borrow_mut();
        let r = records
            .get_mut(&id)
            .ok_or_else(|| Error::RecordNotFound(id.to_string()))?;
        r.body = body;
        r.updated_at = Utc::now();
        *self.writes.borrow_mut() += 1;
        Ok(())
    }
}

/// The questions of the form's private blocks (after each block's confirmation).
fn private(s: &InterviewSession) -> Vec<String> {
    let form = s.form();
    let ids: Vec<String> = form
        .sections
        .iter()
        .filter(|sec| sec.confirmation.is_some())
        .flat_map(|sec| sec.questions.iter().skip(1))
        .map(|&i| form.questions[i].id.clone())
        .collect();
    for id in [
        "sexual_pressure",
        "forced_sex_clients",
        "afraid_of_authorities",
    ] {
        assert!(ids.iter().any(|p| p == id), "{id} is in the private block");
    }
    ids
}

fn started(v: &Memory) -> InterviewSession {
    let form = Library::bundled()
        .unwrap()
        .form("central_asia_screening", None)
        .unwrap();
    assert_eq!(form.version, "2.0.0");
    let mut s = InterviewSession::start(form, "ru", None).unwrap();
    s.record_consent(v, &[ConsentScope::Screening], "worker 7")
        .unwrap();
    s
}

fn stored(v: &Memory, s: &InterviewSession) -> senim_records::Interview {
    match v.get(s.id().unwrap()).unwrap().unwrap().body {
        RecordBody::Interview(i) => i,
        other => panic!("not an interview: {other:?}"),
    }
}

/// "Yes" to every yes/no question (the most questions visible), the first option of a
/// choice, "declined" otherwise; the private block's confirmation as given.
fn answer_for(s: &InterviewSession, id: &str, confirm: YesNo) -> Answer {
    let q = s.form().question(id).unwrap();
    match q.kind {
        _ if id == "private_confirmed" => Answer::YesNo(confirm),
        QuestionType::YesNo => Answer::YesNo(YesNo::Yes),
        QuestionType::SingleChoice => Answer::Choice(q.options[0].id.clone()),
        _ => Answer::Declined,
    }
}

#[test]
fn no_private_question_is_asked_or_accepted_before_privacy_is_confirmed() {
    let v = Memory::default();
    for refused in [YesNo::No, YesNo::Declined, YesNo::Unknown] {
        let mut s = started(&v);
        let private = private(&s);
        // Before the confirmation is reached, a private question cannot be jumped to or
        // answered out of turn, and nothing is stored for it.
        for id in &private {
            assert!(s.go_to(id).is_err(), "{id}");
            assert!(
                s.answer_question(&v, id, Answer::YesNo(YesNo::Yes))
                    .is_err(),
                "{id}"
            );
        }
        let mut asked = Vec::new();
        while let Some(q) = s.current() {
            asked.push(q.id.clone());
            let a = answer_for(&s, &q.id, refused);
            s.answer(&v, a).unwrap();
            assert!(asked.len() < 200);
        }
        assert!(asked.contains(&"private_confirmed".to_string()));
        for id in &private {
            assert!(
                !asked.iter().any(|a| a == id),
                "{id} asked after {refused:?}"
            );
            assert!(
                !stored(&v, &s).answers.contains_key(id.as_str()),
                "{id} stored"
            );
        }
    }

    // Confirmed: each private question comes after the confirmation, with its
    // permission line.
    let mut s = started(&v);
    let private = private(&s);
    let mut asked = Vec::new();
    while let Some(q) = s.current() {
        if private.contains(&q.id) {
            assert!(asked.contains(&"private_confirmed".to_string()), "{}", q.id);
            assert!(q.permission.is_some(), "{}", q.id);
        }
        asked.push(q.id.clone());
        let a = answer_for(&s, &q.id, YesNo::Yes);
        s.answer(&v, a).unwrap();
    }
    for id in &private {
        assert!(asked.iter().any(|a| a == id), "{id} never asked");
    }
}

#[test]
fn a_quick_exit_in_the_private_block_stores_what_was_answered_and_nothing_after() {
    let v = Memory::default();
    let mut s = started(&v);
    // Up to and including the first private answer.
    loop {
        let q = s.current().unwrap();
        let a = answer_for(&s, &q.id, YesNo::Yes);
        s.answer(&v, a).unwrap();
        if q.id == "sexual_pressure" {
            break;
        }
    }
    let before = stored(&v, &s);
    assert_eq!(
        before.answers.get("sexual_pressure"),
        Some(&Answer::YesNo(YesNo::Yes))
    );
    assert_eq!(s.quick_exit(&v).unwrap(), QuickExit { stored: true });
    let writes = *v.writes.borrow();
    assert!(s.current().is_none(), "a neutral screen: no question");
    // Nothing after the exit reaches the vault.
    assert!(s.answer(&v, Answer::YesNo(YesNo::Yes)).is_err());
    assert!(
        s.answer_question(&v, "sex_work", Answer::YesNo(YesNo::Yes))
            .is_err()
    );
    assert!(s.skip(&v).is_err());
    assert!(s.set_language(&v, "kk").is_err());
    let after = stored(&v, &s);
    assert_eq!(after.answers, before.answers);
    assert_eq!(after.language, "ru");
    assert_eq!(after.status, InterviewStatus::Abandoned);
    assert!(!after.answers.contains_key("sex_work"));
    assert!(after.assessment.is_none(), "left, not scored");
    assert_eq!(*v.writes.borrow(), writes, "no write after the exit");
}
