//! Golden interviews through version 2 of the bundled form, scored with rule set 2: for
//! every level rule and every alternative of the positivity rule, one interview that
//! reaches it and its near miss, one answer away, that does not. Each case names the
//! population it is read in, the level and the exact rules that hold there, and the
//! positive dimensions. (The child, sexual-exploitation and forced-labour cases with
//! their near misses are in `bundled_v2_tests.rs`.)

use super::answers::AnswerMap;
use super::definition::Form;
use crate::screening::{Level, RuleSet, assess};
use senim_records::{Answer, YesNo};

const V2: &[u8] = include_bytes!("../../forms/central-asia-screening-v2.json");

struct Case {
    name: &'static str,
    age_group: &'static str,
    private: bool,
    yes: &'static [&'static str],
    population: &'static str,
    level: Level,
    rules: &'static [&'static str],
    positive: &'static [&'static str],
}

const fn adult(
    name: &'static str,
    yes: &'static [&'static str],
    level: Level,
    rules: &'static [&'static str],
    positive: &'static [&'static str],
) -> Case {
    Case {
        name,
        age_group: "age_25_34",
        private: false,
        yes,
        population: "adult_labour",
        level,
        rules,
        positive,
    }
}

/// Vulnerability at recruitment: two medium and one weak.
const VR3: [&str; 3] = [
    "recruit_money_pressure",
    "recruit_no_information",
    "travel_arranged",
];

const CASES: &[Case] = &[
    // ---- level `none` and `monitor`
    adult("nothing raised", &[], Level::None, &[], &[]),
    adult(
        "one weak indicator is enough to stay in touch",
        &["past_difficulties"],
        Level::Monitor,
        &["any_indicator"],
        &[],
    ),
    // ---- positivity: two strong
    adult(
        "two strong coercion indicators make CD positive",
        &["documents_taken", "cannot_leave"],
        Level::Possible,
        &["coercion_at_destination"],
        &["CD"],
    ),
    adult(
        "near miss: one strong coercion indicator alone",
        &["documents_taken"],
        Level::Monitor,
        &["any_indicator"],
        &[],
    ),
    // ---- positivity: three medium
    adult(
        "three medium coercive-recruitment indicators make CR positive",
        &[
            "recruit_threats",
            "recruit_documents_taken",
            "recruit_money_kept",
        ],
        Level::Possible,
        &["coercive_recruitment"],
        &["CR"],
    ),
    adult(
        "near miss: two medium coercive-recruitment indicators",
        &["recruit_threats", "recruit_documents_taken"],
        Level::Monitor,
        &["any_indicator"],
        &[],
    ),
    adult(
        "a recruitment fee still owed on arrival, a threat and money kept: three medium, CR positive",
        &["recruit_fee_debt", "recruit_threats", "recruit_money_kept"],
        Level::Possible,
        &["coercive_recruitment"],
        &["CR"],
    ),
    adult(
        "near miss: a recruitment fee still owed on arrival and a threat",
        &["recruit_fee_debt", "recruit_threats"],
        Level::Monitor,
        &["any_indicator"],
        &[],
    ),
    adult(
        "a contract swapped on arrival, conditions and pay worse than told: three medium, DR",
        &["contract_changed", "conditions_deceived", "wages_deceived"],
        Level::Monitor,
        &["any_indicator"],
        &["DR"],
    ),
    // ---- the online-scam module: how a missed target was punished (review R8)
    Case {
        name: "targets punished by beatings: violence (strong) and threats, CD positive",
        age_group: "age_18_24",
        private: false,
        yes: &["online_job_abroad", "scam_quotas", "scam_quota_beaten"],
        population: "adult_labour",
        level: Level::Possible,
        rules: &["coercion_at_destination"],
        positive: &["CD"],
    },
    Case {
        name: "near miss: targets punished, but not by beatings",
        age_group: "age_18_24",
        private: false,
        yes: &["online_job_abroad", "scam_quotas"],
        population: "adult_labour",
        level: Level::Monitor,
        rules: &["any_indicator"],
        positive: &[],
    },
    // ---- positivity: one strong and one other
    adult(
        "violence and a threat at recruitment make CR positive",
        &["recruit_violence", "recruit_threats"],
        Level::Possible,
        &["coercive_recruitment"],
        &["CR"],
    ),
    // ---- positivity: two medium and one weak
    adult(
        "two medium and one weak vulnerability at recruitment make VR positive, alone monitor",
        &VR3,
        Level::Monitor,
        &["any_indicator"],
        &["VR"],
    ),
    adult(
        "near miss: one medium and one weak vulnerability at recruitment",
        &["recruit_money_pressure", "travel_arranged"],
        Level::Monitor,
        &["any_indicator"],
        &[],
    ),
    // ---- `possible`: deception and exploitation
    adult(
        "deceived about the job and overworked, underpaid",
        &["job_different", "wages_deceived", "long_hours", "underpaid"],
        Level::Possible,
        &[
            "deception_and_exploitation",
            "two_dimensions_with_exploitation_or_coercion",
        ],
        &["DR", "EX"],
    ),
    adult(
        "near miss: exploitation alone is a labour-rights case",
        &["job_different", "long_hours", "underpaid"],
        Level::Monitor,
        &["any_indicator"],
        &["EX"],
    ),
    // ---- `possible`: two dimensions, one of them exploitation or coercion
    adult(
        "exploitation and abuse of vulnerability at destination",
        &[
            "long_hours",
            "underpaid",
            "depends_on_employer",
            "unknown_area",
            "past_difficulties",
        ],
        Level::Possible,
        &["two_dimensions_with_exploitation_or_coercion"],
        &["EX", "VD"],
    ),
    adult(
        "near miss: vulnerability at recruitment and at destination alone",
        &[
            "recruit_money_pressure",
            "recruit_no_information",
            "travel_arranged",
            "depends_on_employer",
            "unknown_area",
            "past_difficulties",
        ],
        Level::Monitor,
        &["any_indicator"],
        &["VR", "VD"],
    ),
    // ---- `likely`: the trafficking combination through vulnerability alone
    adult(
        "vulnerability at recruitment, exploitation, vulnerability at destination",
        &[
            "recruit_money_pressure",
            "recruit_no_information",
            "travel_arranged",
            "long_hours",
            "underpaid",
            "depends_on_employer",
            "unknown_area",
            "past_difficulties",
        ],
        Level::Likely,
        &["trafficking_combination"],
        &["VR", "EX", "VD"],
    ),
    adult(
        "near miss: without the weak past hardship VD is not positive",
        &[
            "recruit_money_pressure",
            "recruit_no_information",
            "travel_arranged",
            "long_hours",
            "underpaid",
            "depends_on_employer",
            "unknown_area",
        ],
        Level::Possible,
        &["two_dimensions_with_exploitation_or_coercion"],
        &["VR", "EX"],
    ),
    // ---- `likely`: the combination and forced labour together
    adult(
        "deceived, exploited and coerced: trafficking and forced labour both hold",
        &[
            "job_different",
            "wages_deceived",
            "long_hours",
            "underpaid",
            "documents_taken",
            "threat_police",
        ],
        Level::Likely,
        &["trafficking_combination", "forced_labour_at_destination"],
        &["DR", "EX", "CD"],
    ),
    // ---- children: the child rule needs a recruitment element
    Case {
        name: "child: one strong recruitment and one strong exploitation indicator",
        age_group: "under_18",
        private: false,
        yes: &["job_different", "long_hours"],
        population: "child_labour",
        level: Level::Likely,
        rules: &["child_recruitment_and_exploitation"],
        positive: &[],
    },
    Case {
        name: "near miss: child with a medium recruitment indicator only",
        age_group: "under_18",
        private: false,
        yes: &["wages_deceived", "long_hours"],
        population: "child_labour",
        level: Level::Monitor,
        rules: &["any_indicator"],
        positive: &[],
    },
    Case {
        name: "child: recruitment positive through the weak promise of schooling",
        age_group: "under_18",
        private: false,
        yes: &[
            "conditions_deceived",
            "wages_deceived",
            "promised_education",
            "hazardous_work",
            "bad_living",
            "underpaid",
        ],
        population: "child_labour",
        level: Level::Likely,
        rules: &["child_recruitment_and_exploitation"],
        positive: &["DR", "EX"],
    },
    Case {
        name: "child made to serve clients: any sexual exploitation of a child",
        age_group: "under_18",
        private: true,
        yes: &["sexual_pressure", "forced_sex_clients"],
        population: "child_sexual",
        level: Level::Likely,
        rules: &["child_sexual_exploitation"],
        positive: &["CD"],
    },
    Case {
        name: "near miss: a child forced into sex, no clients: coercion alone, one strong",
        age_group: "under_18",
        private: true,
        yes: &["sexual_pressure"],
        population: "child_sexual",
        level: Level::Monitor,
        rules: &["any_indicator"],
        positive: &[],
    },
    // ---- sexual exploitation of an adult who agreed to sex work
    Case {
        name: "sex work, made to serve clients, money taken, deceived, passport taken",
        age_group: "age_18_24",
        private: true,
        yes: &[
            "job_different",
            "conditions_deceived",
            "sex_work",
            "forced_sex_clients",
            "sex_money_taken",
            "documents_taken",
        ],
        population: "adult_sexual",
        level: Level::Likely,
        rules: &["trafficking_combination", "forced_labour_at_destination"],
        positive: &["DR", "EX", "CD"],
    },
    Case {
        name: "near miss: the same without the passport, coercion is one medium indicator",
        age_group: "age_18_24",
        private: true,
        yes: &[
            "job_different",
            "conditions_deceived",
            "sex_work",
            "forced_sex_clients",
            "sex_money_taken",
        ],
        population: "adult_sexual",
        level: Level::Possible,
        rules: &[
            "deception_and_exploitation",
            "two_dimensions_with_exploitation_or_coercion",
        ],
        positive: &["DR", "EX"],
    },
];

fn answers(form: &Form, case: &Case) -> AnswerMap {
    let yes = || Answer::YesNo(YesNo::Yes);
    let mut answers = AnswerMap::new();
    answers.insert("safe_to_talk".into(), yes());
    answers.insert("age_group".into(), Answer::Choice(case.age_group.into()));
    if case.private {
        answers.insert("private_confirmed".into(), yes());
    }
    for id in case.yes {
        assert!(
            form.question(id).is_some(),
            "{}: no question {id}",
            case.name
        );
        answers.insert(id.to_string(), yes());
    }
    assert!(
        form.clear_hidden(&mut answers, false).is_empty(),
        "{}: an answer to a hidden question",
        case.name
    );
    answers
}

#[test]
fn every_rule_and_positivity_alternative_has_a_golden_interview_and_its_near_miss() {
    let form = Form::from_json(V2).unwrap_or_else(|e| panic!("{e}"));
    let rules = RuleSet::bundled_v2().unwrap();
    let mut failures = Vec::new();
    for case in CASES {
        let a = assess(&form, &rules, &answers(&form, case), "en").unwrap();
        let Some(p) = a.population(case.population) else {
            failures.push(format!(
                "{}: population {} not scored",
                case.name, case.population
            ));
            continue;
        };
        let got = (p.level, p.rules.clone(), p.positive_dimensions.clone());
        let want = (
            case.level,
            case.rules.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            case.positive
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>(),
        );
        if got != want {
            failures.push(format!("{}: got {got:?}, want {want:?}", case.name));
        }
        // The population read is the one that decides the result.
        if a.level != case.level {
            failures.push(format!("{}: overall {:?}", case.name, a.level));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_level_rule_of_rule_set_2_is_reached_by_a_golden_interview() {
    let rules = RuleSet::bundled_v2().unwrap();
    let reached: Vec<&str> = CASES.iter().flat_map(|c| c.rules.iter().copied()).collect();
    for level in &rules.levels {
        for rule in &level.rules {
            assert!(
                reached.contains(&rule.id.as_str()),
                "rule '{}' has no golden interview",
                rule.id
            );
        }
    }
}

/// The review's items still missing from form 2 (recruitment fees or debt at origin,
/// contract manipulation, how a missed target was punished) are asked, each raising one
/// indicator.
#[test]
fn the_reviews_remaining_items_are_asked_each_raising_one_indicator() {
    let form = Form::from_json(V2).unwrap_or_else(|e| panic!("{e}"));
    for (question, indicator) in [
        ("recruit_fee_debt", "CR.debt_bondage"),
        ("contract_changed", "DR.contract"),
        ("scam_quota_beaten", "CD.violence"),
    ] {
        let q = form
            .question(question)
            .unwrap_or_else(|| panic!("{question}"));
        let raised: Vec<&str> = q.raises.iter().map(|t| t.indicator.as_str()).collect();
        assert_eq!(raised, [indicator], "{question}");
    }
    // How a target was punished is asked only after a yes to the targets question.
    let mut answers = AnswerMap::new();
    answers.insert("online_job_abroad".into(), Answer::YesNo(YesNo::Yes));
    answers.insert("scam_quotas".into(), Answer::YesNo(YesNo::No));
    answers.insert("scam_quota_beaten".into(), Answer::YesNo(YesNo::Yes));
    assert_eq!(
        form.clear_hidden(&mut answers, false),
        ["scam_quota_beaten"]
    );
}

/// One fact raises one dimension: every question of form 2 raises indicators of a
/// single dimension, except being made to serve clients, which is both the purpose
/// (sexual exploitation, EX) and a means (forced sexual services, CD) by the review's
/// own fix (R2).
#[test]
fn every_question_raises_indicators_of_one_dimension_only() {
    let form = Form::from_json(V2).unwrap_or_else(|e| panic!("{e}"));
    for q in &form.questions {
        let dims: std::collections::BTreeSet<&str> = q
            .raises
            .iter()
            .map(|t| form.indicators[&t.indicator].dimension.as_str())
            .collect();
        if q.id == "forced_sex_clients" {
            assert_eq!(dims, ["CD", "EX"].into());
        } else {
            assert!(dims.len() <= 1, "{}: {dims:?}", q.id);
        }
    }
}
