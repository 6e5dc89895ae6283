//! The demo data generator, one behaviour per test.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::config::{LOCAL_OFFSET_HOURS, local};
use super::contact::spoken;
use super::state::Person;
use super::*;
use crate::phrases::{self, INTERVIEW_LANGUAGES, Lang, Phrases, Story};
use senim_content::Error as ContentError;
use senim_content::forms::QuestionType;
use senim_content::screening::{ServiceKind, assess};
use senim_content::{DEFAULT_DIRECTORY, DEFAULT_RULE_SET};
use senim_records::{
    AgeBand, Answer, ConsentScope, ConsentState, Gender, InterviewStatus, PageRequest, Record,
    RecordFilter, RecordKind, YesNo,
};
use senim_vault::CreateOptions;

fn library() -> Library {
    Library::bundled().unwrap()
}

fn bundled_phrases() -> &'static Phrases {
    phrases::bundled().unwrap()
}

fn generate(seed: u64, records: usize) -> Vec<Case> {
    cases(&library(), &GeneratorConfig::new(seed, records)).unwrap()
}

fn screenings(cases: &[Case]) -> impl Iterator<Item = &Screening> {
    cases.iter().filter_map(|c| c.screening.as_ref())
}

fn demo_vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let options = CreateOptions {
        demo: true,
        ..CreateOptions::insecure_fast_for_tests()
    };
    let vault = Vault::create(dir.path(), b"demo passcode", options).unwrap();
    (dir, vault)
}

fn all_records(vault: &Vault) -> Vec<Record> {
    let mut out = Vec::new();
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let got = vault.list(&RecordFilter::default(), &page).unwrap();
        assert!(got.damaged.is_empty());
        out.extend(got.records);
        match got.next {
            Some(next) => page.after = Some(next),
            None => return out,
        }
    }
}

/// Every body in `vault` without the random ids the vault gives (a reference becomes
/// "set or not"), in a stable order: what two fills with one config must share.
pub(crate) fn comparable_bodies(vault: &Vault) -> Vec<String> {
    let mut out: Vec<String> = all_records(vault)
        .into_iter()
        .map(|r| {
            let mut json = serde_json::to_value(&r.body).unwrap();
            for field in ["subject", "consent"] {
                if let Some(v) = json["body"].get_mut(field) {
                    *v = serde_json::Value::Bool(!v.is_null());
                }
            }
            json.to_string()
        })
        .collect();
    out.sort();
    out
}

fn stories_level(story: &Story) -> Level {
    let library = library();
    let config = GeneratorConfig::new(1, 10);
    let mut g = Generator::new(&library, &config).unwrap();
    let person = Person {
        nationality: Some("UZ"),
        gender: Gender::Male,
        age: AgeBand::From25To34,
        language: "ru",
    };
    let form = Arc::clone(&g.content.form);
    let rules = Arc::clone(&g.content.rules);
    let (answers, _) = g.answers(&form, story, &person, true, false).unwrap();
    assess(&form, &rules, &answers, "en").unwrap().level
}

#[test]
fn the_same_seed_gives_identical_cases() {
    let a = serde_json::to_string(&generate(42, 300)).unwrap();
    let b = serde_json::to_string(&generate(42, 300)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn different_seeds_give_different_cases() {
    let a = serde_json::to_string(&generate(1, 300)).unwrap();
    let b = serde_json::to_string(&generate(2, 300)).unwrap();
    assert_ne!(a, b);
}

#[test]
fn the_cases_add_up_to_the_requested_number_of_records() {
    for records in [0, 1, 2, 3, 5, 17, 200, 1000] {
        let total: usize = generate(9, records).iter().map(Case::records).sum();
        assert_eq!(total, records, "{records}");
    }
}

#[test]
fn every_timestamp_falls_in_the_period_ending_on_the_configured_day() {
    let mut config = GeneratorConfig::new(5, 400);
    config.end = NaiveDate::from_ymd_opt(2025, 3, 15).unwrap();
    config.days = 90;
    let cases = cases(&library(), &config).unwrap();
    // Local days in Kazakhstan (UTC+5).
    let first = local(NaiveDate::from_ymd_opt(2024, 12, 16).unwrap(), 0).unwrap();
    let last = local(config.end, 23 * 60 + 59).unwrap();
    let mut times = Vec::new();
    for c in &cases {
        times.extend(c.notes.iter().map(|n| n.note.at));
        if let Some(s) = &c.screening {
            times.push(s.consent.at);
            times.push(s.interview.started_at);
            times.extend(s.interview.finished_at);
            times.extend(s.interview.assessment.as_ref().map(|a| a.at));
        }
    }
    assert!(!times.is_empty());
    for t in times {
        assert!(first <= t && t <= last, "{t}");
    }
}

#[test]
fn every_month_of_the_default_period_has_contacts() {
    let months: BTreeSet<(i32, u32)> = generate(11, 200)
        .iter()
        .flat_map(|c| c.notes.iter())
        .map(|n| {
            let local = n.note.at + chrono::TimeDelta::hours(LOCAL_OFFSET_HOURS);
            (local.year(), local.month())
        })
        .collect();
    assert_eq!(months.len(), 12, "{months:?}");
    assert_eq!(months.first(), Some(&(2025, 11)));
    assert_eq!(months.last(), Some(&(2026, 10)));
}

#[test]
fn a_default_sized_run_has_every_assessment_level() {
    let cases = generate(GeneratorConfig::new(0, 0).seed, 200);
    let levels: BTreeSet<Level> = screenings(&cases).map(|s| s.level).collect();
    assert_eq!(levels, Level::ALL.into_iter().collect());
}

#[test]
fn levels_follow_the_configured_mix() {
    let cases = generate(3, 3000);
    let mut counts: BTreeMap<Level, usize> = BTreeMap::new();
    for s in screenings(&cases) {
        *counts.entry(s.level).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    for (level, per_twenty) in LEVEL_MIX {
        let share = counts.get(&level).copied().unwrap_or(0) as f64 / total as f64;
        let expected = per_twenty as f64 / 20.0;
        assert!((share - expected).abs() < 0.04, "{level}: {share}");
    }
}

#[test]
fn each_story_scores_at_its_level_on_its_core_answers() {
    for story in &bundled_phrases().stories {
        assert_eq!(
            stories_level(story),
            story.level,
            "{:?}",
            story.summary.of(Lang::En)
        );
    }
}

#[test]
fn every_question_and_option_a_story_names_is_in_the_bundled_form() {
    let form = library().form(FORM, Some(FORM_VERSION)).unwrap();
    let options = |q: &str| -> Vec<String> {
        form.question(q)
            .unwrap()
            .options
            .iter()
            .map(|o| o.id.clone())
            .collect()
    };
    for story in &bundled_phrases().stories {
        for q in story.core.iter().chain(&story.extra) {
            let question = form.question(q).unwrap_or_else(|| panic!("{q}"));
            assert_eq!(question.kind, QuestionType::YesNo, "{q}");
        }
        assert!(options("sector").contains(&story.sector));
        for h in &story.help {
            assert!(options("help_wanted").contains(h), "{h}");
        }
    }
    for place in &bundled_phrases().places {
        for sector in &place.sectors {
            assert!(options("sector").contains(sector), "{sector}");
        }
    }
}

#[test]
fn interview_answers_fit_the_form_and_its_skip_logic() {
    let lib = library();
    let form = lib.form(FORM, Some(FORM_VERSION)).unwrap();
    let cases = generate(21, 1000);
    let mut seen = 0;
    for case in &cases {
        let Some(s) = &case.screening else { continue };
        seen += 1;
        let i = &s.interview;
        let anonymous = matches!(case.subject, CaseSubject::Anonymous);
        assert_eq!(
            (i.form_id.as_str(), &i.form_version, &i.form_hash),
            (FORM, &form.version, &form.hash)
        );
        assert!(form.supports(&i.language));
        assert_eq!(i.status, InterviewStatus::Completed);
        for (q, a) in &i.answers {
            let index = form.position(q).unwrap();
            assert!(form.is_visible(index, &i.answers, anonymous), "{q}");
            let checked = form.check_answer(q, a.clone()).unwrap();
            // The vault keeps multiple choices in sorted order.
            let normal = |a: Answer| match RecordBody::Interview(Interview {
                answers: [(q.clone(), a)].into(),
                ..i.clone()
            })
            .validate()
            .unwrap()
            {
                RecordBody::Interview(i) => i.answers.into_values().next().unwrap(),
                _ => unreachable!(),
            };
            assert_eq!(normal(checked), *a, "{q}");
        }
        let mut cleared = i.answers.clone();
        assert!(form.clear_hidden(&mut cleared, anonymous).is_empty());
        for index in form.visible(&i.answers, anonymous) {
            let q = &form.questions[index];
            if q.required {
                assert!(i.answers.contains_key(&q.id), "{}", q.id);
            }
        }
        for q in &i.skipped {
            let index = form.position(q).unwrap();
            assert!(form.is_visible(index, &i.answers, anonymous));
            assert!(!form.question(q).unwrap().required);
            assert!(!i.answers.contains_key(q));
        }
    }
    assert!(seen > 50);
}

#[test]
fn demo_interviews_run_on_form_2_and_open_its_private_block_only_once_privacy_is_confirmed() {
    let form = library().form(FORM, Some(FORM_VERSION)).unwrap();
    assert_eq!(form.version, "2.0.0");
    let private: Vec<&str> = form
        .sections
        .iter()
        .filter(|s| s.confirmation.is_some())
        .flat_map(|s| s.questions.iter().skip(1))
        .map(|&i| form.questions[i].id.as_str())
        .collect();
    assert!(private.contains(&"sexual_pressure") && private.contains(&"afraid_of_authorities"));
    let yes = Answer::YesNo(YesNo::Yes);
    let (mut open, mut closed, mut sexual) = (0, 0, 0);
    for s in screenings(&generate(33, 1000)) {
        let a = &s.interview.answers;
        assert_eq!(
            a.get("safe_to_talk"),
            Some(&yes),
            "the interview goes on where it is safe"
        );
        assert!(
            a.contains_key("watched_now"),
            "the worker's observation is always recorded"
        );
        if a.get("private_confirmed") == Some(&yes) {
            open += 1;
            sexual += usize::from(a.get("forced_sex_clients") == Some(&yes));
        } else {
            closed += 1;
            for q in &private {
                assert!(!a.contains_key(*q), "{q} answered without the confirmation");
            }
        }
    }
    assert!(open > closed && closed > 0, "{open} open, {closed} closed");
    assert!(
        sexual > 0,
        "the sexual-exploitation story reaches its questions"
    );
}

#[test]
fn the_stored_assessment_is_what_the_bundled_rules_give_for_the_stored_answers() {
    let lib = library();
    let (_dir, vault) = demo_vault();
    let report = fill(&vault, &lib, &GeneratorConfig::new(8, 200)).unwrap();
    let form = lib.form(FORM, Some(FORM_VERSION)).unwrap();
    let rules = lib.rule_set(DEFAULT_RULE_SET, None).unwrap();
    let mut levels = BTreeMap::new();
    for record in all_records(&vault) {
        let RecordBody::Interview(i) = record.body else {
            continue;
        };
        let stored = i.assessment.clone().unwrap();
        senim_content::screening::verify_versions(&i, &form, &rules).unwrap();
        let again = assess(&form, &rules, &i.answers, &i.language).unwrap();
        assert_eq!(again.summary(stored.at), stored);
        *levels.entry(again.level).or_insert(0) += 1;
    }
    assert_eq!(levels, report.by_level);
    assert!(levels.values().all(|&n| n > 0), "{levels:?}");
}

#[test]
fn a_fill_stores_every_case_and_counts_them_by_kind() {
    let lib = library();
    let (_dir, vault) = demo_vault();
    let config = GeneratorConfig::new(4, 300);
    let report = fill(&vault, &lib, &config).unwrap();
    assert_eq!(report.records(), config.records);
    assert!(report.subjects > 0 && report.notes > 0 && report.referrals > 0);
    assert_eq!(report.consents, report.interviews);

    let records = all_records(&vault);
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &records {
        *by_kind.entry(r.kind.as_str()).or_default() += 1;
    }
    let expected: BTreeMap<&str, usize> = [
        (RecordKind::Subject.as_str(), report.subjects),
        (RecordKind::OutreachNote.as_str(), report.notes),
        (RecordKind::Consent.as_str(), report.consents),
        (RecordKind::Interview.as_str(), report.interviews),
        (RecordKind::Referral.as_str(), report.referrals),
    ]
    .into();
    assert_eq!(by_kind, expected);

    // Every reference points at a record of the right kind, about the same person.
    let by_id: BTreeMap<RecordId, &Record> = records.iter().map(|r| (r.id, r)).collect();
    for r in &records {
        if let Some(subject) = r.body.subject() {
            assert_eq!(by_id[&subject].kind, RecordKind::Subject);
        }
        let consent = match &r.body {
            RecordBody::Interview(i) => i.consent,
            RecordBody::Referral(x) => x.consent,
            _ => continue,
        };
        let consent = by_id[&consent.unwrap()];
        assert_eq!(consent.kind, RecordKind::Consent);
        assert_eq!(consent.body.subject(), r.body.subject());
    }
}

#[test]
fn the_same_config_fills_the_same_bodies() {
    let lib = library();
    let config = GeneratorConfig::new(12, 120);
    let bodies = comparable_bodies;
    let (_a, first) = demo_vault();
    let (_b, second) = demo_vault();
    assert_eq!(
        fill(&first, &lib, &config).unwrap(),
        fill(&second, &lib, &config).unwrap()
    );
    assert_eq!(bodies(&first), bodies(&second));
}

#[test]
fn fill_refuses_a_vault_that_is_not_a_demo() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::create(
        dir.path(),
        b"real passcode",
        CreateOptions::insecure_fast_for_tests(),
    )
    .unwrap();
    assert!(matches!(
        fill(&vault, &library(), &GeneratorConfig::new(1, 20)),
        Err(Error::NotDemo(_))
    ));
    assert!(all_records(&vault).is_empty());
}

#[test]
fn notes_are_written_in_russian_kazakh_and_english() {
    const KAZAKH: &str = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";
    let cyrillic = |t: &str| t.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
    let kazakh = |t: &str| t.chars().any(|c| KAZAKH.contains(c));
    let mut languages = BTreeSet::new();
    for case in generate(6, 600) {
        for n in &case.notes {
            let text = &n.note.text;
            match n.language.as_str() {
                "ru" => assert!(cyrillic(text) && !kazakh(text), "{text}"),
                "kk" => assert!(kazakh(text), "{text}"),
                "en" => assert!(!cyrillic(text), "{text}"),
                other => panic!("note in {other}"),
            }
            languages.insert(n.language.clone());
        }
    }
    assert_eq!(languages, ["en", "kk", "ru"].map(String::from).into());
}

#[test]
fn interviews_run_in_the_languages_of_the_people_met() {
    let mut languages = BTreeSet::new();
    // English is rare (some Turkmen and Afghan people): enough interviews to meet it.
    for s in screenings(&generate(7, 4000)) {
        languages.insert(s.interview.language.clone());
    }
    for l in ["uz", "ky", "tg", "ru", "kk", "en"] {
        assert!(languages.contains(l), "{l}");
    }
}

#[test]
fn nationalities_follow_the_configured_weights() {
    let cases = generate(13, 5000);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    for c in &cases {
        if let CaseSubject::New(s) = &c.subject {
            total += 1;
            if let Some(n) = &s.nationality {
                *counts.entry(n.clone()).or_default() += 1;
            }
        }
    }
    let share = |n: &str| counts.get(n).copied().unwrap_or(0) as f64 / total as f64;
    for (code, weight) in NATIONALITIES {
        let expected = f64::from(*weight) / 100.0;
        assert!(
            (share(code) - expected).abs() < 0.06,
            "{code}: {} against {expected}",
            share(code)
        );
        assert!(share(code) > 0.0, "{code}");
    }
    assert!(share("UZ") > share("KG") && share("KG") > share("TJ"));
}

#[test]
fn referrals_are_made_only_under_a_consent_with_the_referral_scope() {
    let lib = library();
    let dir = lib.directory(DEFAULT_DIRECTORY, None).unwrap();
    let cases = generate(17, 2000);
    let mut referrals = 0;
    let mut named = 0;
    for s in screenings(&cases) {
        for r in &s.referrals {
            referrals += 1;
            let service = dir.service(&r.service).unwrap();
            assert!(s.consent.scopes.contains(&ConsentScope::Referral));
            assert_eq!(s.consent.state, ConsentState::Given);
            if service.named_consent {
                named += 1;
                assert!(s.consent.services.contains(&r.service));
            }
            assert_ne!(service.kind, ServiceKind::Emergency);
            assert!(!r.reason.is_empty());
        }
        if !s.consent.scopes.contains(&ConsentScope::Referral) {
            assert!(s.referrals.is_empty());
        }
    }
    assert!(referrals > 20 && named > 0, "{referrals} {named}");
}

#[test]
fn referral_statuses_include_proposed_accepted_completed_and_declined() {
    let statuses: BTreeSet<String> = screenings(&generate(2, 1000))
        .flat_map(|s| s.referrals.iter())
        .map(|r| format!("{:?}", r.status))
        .collect();
    for s in ["Proposed", "Accepted", "Completed", "Declined"] {
        assert!(statuses.contains(s), "{s}");
    }
}

#[test]
fn higher_levels_get_referrals_and_none_gets_none() {
    let cases = generate(14, 2000);
    let referred = |level: Level| {
        screenings(&cases)
            .filter(|s| s.level == level && !s.referrals.is_empty())
            .count()
    };
    assert_eq!(referred(Level::None), 0);
    assert!(referred(Level::Possible) > 0);
    assert!(referred(Level::Likely) > 0);
}

#[test]
fn every_demo_alias_is_marked_fictional() {
    let mut n = 0;
    for case in generate(10, 2000) {
        if let CaseSubject::New(s) = &case.subject {
            n += 1;
            assert!(s.alias.starts_with(DEMO_ALIAS_PREFIX), "{}", s.alias);
            let people = &bundled_phrases().people;
            let described = people
                .men
                .iter()
                .chain(&people.women)
                .chain(&people.people)
                .flat_map(|d| d.all())
                .any(|d| s.alias[DEMO_ALIAS_PREFIX.len()..].starts_with(d));
            assert!(described, "{}", s.alias);
        }
    }
    assert!(n > 100);
}

#[test]
fn many_notes_and_interviews_are_anonymous() {
    let cases = generate(15, 1000);
    let anonymous = cases
        .iter()
        .filter(|c| matches!(c.subject, CaseSubject::Anonymous))
        .count();
    let anonymous_interviews = cases
        .iter()
        .filter(|c| c.screening.is_some() && matches!(c.subject, CaseSubject::Anonymous))
        .count();
    assert!(anonymous * 3 > cases.len());
    assert!(anonymous_interviews > 10);
}

#[test]
fn follow_ups_are_about_a_subject_created_by_an_earlier_case() {
    let cases = generate(16, 1000);
    let mut follow_ups = 0;
    for (i, c) in cases.iter().enumerate() {
        if let CaseSubject::Earlier(j) = c.subject {
            follow_ups += 1;
            assert!(j < i);
            assert!(matches!(cases[j].subject, CaseSubject::New(_)));
            let first = cases[j].notes.iter().map(|n| n.note.at).max().unwrap();
            assert!(c.notes.iter().all(|n| n.note.at > first));
        }
    }
    assert!(follow_ups > 0);
}

#[test]
fn a_config_outside_the_limits_is_refused() {
    let lib = library();
    let mut config = GeneratorConfig::new(1, 10);
    config.days = 0;
    assert!(matches!(
        cases(&lib, &config),
        Err(Error::Content(ContentError::InvalidInput {
            field: "days",
            ..
        }))
    ));
    let config = GeneratorConfig::new(1, MAX_RECORDS + 1);
    assert!(matches!(
        cases(&lib, &config),
        Err(Error::Content(ContentError::InvalidInput {
            field: "records",
            ..
        }))
    ));
    let mut config = GeneratorConfig::new(1, 10);
    config.end = NaiveDate::MAX;
    assert!(matches!(
        cases(&lib, &config),
        Err(Error::Content(ContentError::InvalidInput {
            field: "end",
            ..
        }))
    ));
}

#[test]
fn notes_are_written_in_exactly_the_languages_the_phrase_tables_hold() {
    let weighted: BTreeSet<&str> = NOTE_LANGUAGES.iter().map(|(code, _)| *code).collect();
    let tables: BTreeSet<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
    assert_eq!(weighted, tables);
}

#[test]
fn every_language_an_interview_can_run_in_has_a_name_in_the_phrase_tables() {
    let nationalities = NATIONALITIES
        .iter()
        .map(|(code, _)| Some(*code))
        .chain([None]);
    for nationality in nationalities {
        for (language, _) in spoken(nationality) {
            assert!(INTERVIEW_LANGUAGES.contains(language), "{language}");
        }
    }
}
