//! Training through the facade: the scenarios and their keys, a practice interview in a
//! demo vault compared with the key (a perfect run, and one with a wrong answer
//! explained), and the refusals of a real vault. One behaviour per test.

use std::sync::Arc;

use pollster::block_on;

use crate::assessment::RiskLevel;
use crate::consent::ConsentScope;
use crate::error::SenimError;
use crate::interview::{AnswerValue, Interview};
use crate::training::{FindingKind, training_scenario, training_scenarios};
use crate::vault::SenimVault;

fn demo(root: &tempfile::TempDir) -> Arc<SenimVault> {
    let dir = root.path().join("demo").to_string_lossy().into_owned();
    block_on(SenimVault::create_demo(dir, 3, 10)).unwrap()
}

/// Answers every question as `scenario`'s key does (`change` may give another answer
/// to one question); returns the stored interview's id.
fn play(interview: &Interview, scenario: &str, change: Option<(&str, AnswerValue)>) -> String {
    let key = senim_demo::scenarios::find(scenario).unwrap().key;
    interview
        .record_consent(vec![ConsentScope::Screening], "trainee".into())
        .unwrap();
    let mut asked = 0;
    while let Some(q) = interview.current() {
        let answer = match &change {
            Some((id, value)) if *id == q.id => value.clone(),
            _ => key
                .answers
                .get(&q.id)
                .map(AnswerValue::from_core)
                .unwrap_or(AnswerValue::Declined),
        };
        interview.answer(answer).unwrap();
        asked += 1;
        assert!(asked < 200, "the interview ends");
    }
    interview.finish().unwrap();
    interview.id().unwrap()
}

#[test]
fn the_scenarios_are_listed_with_the_level_their_key_scores_in_the_language() {
    let en = training_scenarios("en".into()).unwrap();
    let ru = training_scenarios("ru".into()).unwrap();
    assert_eq!(en.len(), 7);
    assert_eq!(en[0].id, "market_trader_no_indicators");
    assert_eq!(en[0].level, RiskLevel::None);
    assert!(en.iter().any(|s| s.level == RiskLevel::Likely));
    assert!(
        en.windows(2)
            .all(|w| level_rank(w[0].level) <= level_rank(w[1].level))
    );
    assert_ne!(en[0].title, ru[0].title, "the titles are said in Russian");
    assert_eq!(en[0].alias, ru[0].alias);
}

fn level_rank(l: RiskLevel) -> u8 {
    match l {
        RiskLevel::None => 0,
        RiskLevel::Monitor => 1,
        RiskLevel::Possible => 2,
        RiskLevel::Likely => 3,
    }
}

#[test]
fn a_scenario_shows_its_persona_script_and_key() {
    let s = training_scenario("construction_passport_debt".into(), "ru".into()).unwrap();
    assert!(!s.situation.is_empty() && !s.background.is_empty() && !s.where_met.is_empty());
    assert!(
        s.script
            .iter()
            .any(|l| l.on_key_path && l.expected.is_some())
    );
    assert!(
        s.script
            .iter()
            .all(|l| l.on_key_path == l.expected.is_some())
    );
    assert!(
        s.script
            .iter()
            .all(|l| !l.says.is_empty() && !l.label.is_empty())
    );
    assert_eq!(s.key_indicators.len() as u32, s.summary.indicators);
    assert!(s.key_indicators.iter().all(|i| !i.strength.is_empty()));
    assert!(!s.level_name.is_empty());
    let e = training_scenario("no-such-scenario".into(), "en".into()).unwrap_err();
    assert!(matches!(e, SenimError::NotFound { .. }), "{e:?}");
}

#[test]
fn a_practice_run_with_the_keys_answers_scores_100() {
    let root = tempfile::tempdir().unwrap();
    let vault = demo(&root);
    let id = "construction_passport_debt";
    let interview = vault.start_practice(id.into(), "en".into()).unwrap();
    assert!(interview.is_anonymous());
    let stored = play(&interview, id, None);
    let result = vault
        .training_check(id.into(), stored, "en".into())
        .unwrap();
    assert_eq!(result.score, 100, "{result:?}");
    assert!(result.perfect && result.findings.is_empty());
    assert_eq!(result.level, result.expected_level);
}

#[test]
fn a_wrong_answer_is_shown_with_the_keys_its_points_and_why() {
    let root = tempfile::tempdir().unwrap();
    let vault = demo(&root);
    let id = "construction_passport_debt";
    let scenario = senim_demo::scenarios::find(id).unwrap();
    // A yes of the key answered no.
    let (question, _) = scenario
        .key
        .answers
        .iter()
        .find(|(_, a)| **a == senim_records::Answer::YesNo(senim_records::YesNo::Yes))
        .expect("a yes in the key");
    let interview = vault.start_practice(id.into(), "ru".into()).unwrap();
    let stored = play(&interview, id, Some((question, AnswerValue::No)));
    let result = vault
        .training_check(id.into(), stored, "ru".into())
        .unwrap();
    assert!(result.score < 100 && !result.perfect);
    let differs = result
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::AnswerDiffers && &f.about == question)
        .unwrap_or_else(|| panic!("{question} in {:?}", result.findings));
    assert!(differs.expected.is_some() && differs.given.is_some());
    assert_ne!(differs.expected, differs.given);
    assert!(differs.penalty > 0);
    assert!(
        differs
            .explanation
            .chars()
            .any(|c| ('а'..='я').contains(&c)),
        "explained in Russian: {}",
        differs.explanation
    );
    let lost: u32 = result.findings.iter().map(|f| f.penalty).sum::<u32>() + result.level_penalty;
    assert_eq!(result.score, 100u32.saturating_sub(lost));
}

#[test]
fn a_real_vault_refuses_practice_and_checks() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("real").to_string_lossy().into_owned();
    let vault = block_on(SenimVault::create(
        dir,
        b"amber steppe lantern 2580".to_vec().into(),
        crate::tests::memory(),
    ))
    .unwrap();
    let refused = vault.start_practice("construction_passport_debt".into(), "en".into());
    assert!(
        matches!(refused, Err(SenimError::Demo { .. })),
        "a real vault starts no practice"
    );
    let e = vault
        .training_check(
            "construction_passport_debt".into(),
            "00000000000000000000000000000000".into(),
            "en".into(),
        )
        .unwrap_err();
    assert!(matches!(e, SenimError::Demo { .. }), "{e:?}");
}
