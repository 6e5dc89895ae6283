//! The assessment of one interview: which indicators its answers raise, which
//! dimensions they make positive in each population, the level the rule set gives, and
//! why, in the interview language.
//!
//! Owns scoring and the explanation. A pure function of the form, the rule set and the
//! answers: it never stores anything, iterates only ordered collections (the same input
//! always gives an equal [`Assessment`]), and never words a result as a finding that
//! someone is a victim.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Level;
use super::content::{fill, join, literal};
use super::rules::{Context, ForcedLabourCategory, RuleSet, group_count_variables};
use crate::forms::expr::Value;
use crate::forms::{AnswerMap, Form, InterviewSession, Localized, Need, Strength};
use crate::{Error, RecordStore, Result};
use senim_records::{Answer, AssessmentSummary, Interview};

/// The option id that marks the person as under 18 when it is the answer to any choice
/// question (the age-group question of a form). Child protection services are then
/// recommended, and the explanation says that the adult lists may under-rate the risk.
pub const MINOR_OPTION: &str = "under_18";

/// Which content an assessment was made with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContentRef {
    pub id: String,
    pub version: String,
    pub hash: String,
}

/// One dimension in one population: the indicators present, by strength, and whether
/// they make the dimension positive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DimensionScore {
    pub dimension: String,
    pub group: String,
    pub strong: Vec<String>,
    pub medium: Vec<String>,
    pub weak: Vec<String>,
    pub positive: bool,
}

impl DimensionScore {
    pub fn count(&self) -> usize {
        self.strong.len() + self.medium.len() + self.weak.len()
    }
}

/// One population (indicator list), scored on its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PopulationScore {
    pub population: String,
    pub level: Level,
    /// The rules of `level` that hold (the combinations that reached it).
    pub rules: Vec<String>,
    /// How many raised indicators count for this population.
    pub indicators: usize,
    /// Every dimension of the rule set, in its order.
    pub dimensions: Vec<DimensionScore>,
    pub positive_dimensions: Vec<String>,
    /// A rule of the `likely` level holds (by default the ILO/EC combination rule).
    pub likely_combination: bool,
}

/// An indicator the answers raised, with what the form says about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RaisedIndicator {
    pub id: String,
    pub dimension: String,
    pub strength: Strength,
    pub populations: Vec<String>,
    /// The questions whose answers raised it, in form order.
    pub questions: Vec<String>,
    pub forced_labour: Vec<String>,
    pub explanation: Localized,
    /// The indicator's strength or mapping is not yet checked against the source.
    pub needs_review: bool,
}

/// The ILO forced-labour indicators (2012) the raised indicators evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ForcedLabourResult {
    pub indicators: Vec<String>,
    pub involuntariness: Vec<String>,
    pub coercion: Vec<String>,
    /// At least one involuntariness and one coercion indicator (a secondary flag; it
    /// does not change the level unless the rule set's conditions use it).
    pub flag: bool,
    /// The classification into involuntariness and coercion is not yet checked.
    pub needs_review: bool,
}

/// The result of screening one set of answers, with its reasons. Advice only: at most
/// "refer (urgently) for full identification", never a finding that someone is a
/// victim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    pub form: ContentRef,
    pub rule_set: ContentRef,
    /// The interview language the texts were asked for.
    pub language: String,
    /// The highest level over all populations.
    pub level: Level,
    /// The populations that reached `level` (empty when it is `none`).
    pub reached_by: Vec<String>,
    /// An answer signals immediate danger: show the emergency steps now.
    pub urgent_safety: bool,
    /// The form's emergency steps in the interview language, when `urgent_safety` is set.
    pub emergency: Option<Localized>,
    /// The questions whose answers signal danger, in form order.
    pub danger: Vec<String>,
    /// An answer says the person is under 18 (see [`MINOR_OPTION`]).
    pub minor: bool,
    pub populations: Vec<PopulationScore>,
    /// The likely combination holds in some population.
    pub likely_combination: bool,
    /// The indicators raised, in id order.
    pub raised: Vec<RaisedIndicator>,
    pub forced_labour: ForcedLabourResult,
    /// The needs the answers record, for referrals.
    pub needs: BTreeSet<Need>,
    /// Level and advice, e.g. "Possible trafficking — refer for full identification".
    pub headline: Localized,
    /// Answer → indicator → dimension → level, ending with the disclaimer.
    pub explanation: Vec<Localized>,
    pub disclaimer: Localized,
}

impl Assessment {
    /// What the interview record keeps of this assessment.
    pub fn summary(&self, at: DateTime<Utc>) -> AssessmentSummary {
        AssessmentSummary {
            rule_set_id: self.rule_set.id.clone(),
            rule_set_version: self.rule_set.version.clone(),
            rule_set_hash: self.rule_set.hash.clone(),
            level: self.level.as_str().to_string(),
            urgent_safety: self.urgent_safety,
            indicators: self.raised.iter().map(|r| r.id.clone()).collect(),
            at,
        }
    }

    pub fn population(&self, id: &str) -> Option<&PopulationScore> {
        self.populations.iter().find(|p| p.population == id)
    }
}

impl PopulationScore {
    pub fn dimension(&self, id: &str) -> Option<&DimensionScore> {
        self.dimensions.iter().find(|d| d.dimension == id)
    }
}

/// Checks that `form` and `rules` are the content `interview` ran on and was scored
/// with: the form's id, version and (when recorded) hash, and, once the interview is
/// scored, the rule set's id, version and (when recorded) hash. Re-scoring with anything
/// else would give a result the worker never saw: [`Error::ContentMismatch`].
pub fn verify_versions(interview: &Interview, form: &Form, rules: &RuleSet) -> Result<()> {
    crate::forms::runner::check_form(interview, form)?;
    if let Some(a) = &interview.assessment
        && (a.rule_set_id != rules.id
            || a.rule_set_version != rules.version
            || (!a.rule_set_hash.is_empty() && a.rule_set_hash != rules.hash))
    {
        return Err(Error::ContentMismatch {
            what: "rule set",
            id: a.rule_set_id.clone(),
            version: a.rule_set_version.clone(),
        });
    }
    Ok(())
}

/// Finishes an interview: scores its answers with `rules` in the interview language,
/// stores the assessment summary with the interview and marks it completed. Every
/// visible required question must have an answer (declined counts), and the form must
/// fit the rule set; otherwise nothing changes.
pub fn finish<S: RecordStore + ?Sized>(
    store: &S,
    session: &mut InterviewSession,
    rules: &RuleSet,
) -> Result<Assessment, S::Error> {
    if let Some(q) = session.missing_required().first() {
        return Err(Error::Interview(format!("required question '{q}' has no answer yet")).into());
    }
    let assessment = assess(
        session.form(),
        rules,
        &session.interview().answers,
        session.language(),
    )?;
    session.complete(store, assessment.summary(Utc::now()))?;
    Ok(assessment)
}

/// Scores `answers` under `form` with `rules`, and explains the result in `language`
/// (following the fallback chains of the form and the rule set).
///
/// Answers to questions the form hides, or does not have, are ignored. The form must
/// use only dimensions, populations and forced-labour ids the rule set defines
/// ([`RuleSet::check_form`]).
pub fn assess(
    form: &Form,
    rules: &RuleSet,
    answers: &AnswerMap,
    language: &str,
) -> Result<Assessment> {
    rules.check_form(form)?;
    let mut answers = answers.clone();
    form.clear_hidden(&mut answers, false);

    let raised: Vec<RaisedIndicator> = form
        .raised(&answers)
        .into_iter()
        .filter_map(|r| {
            let ind = form.indicators.get(&r.indicator)?;
            Some(RaisedIndicator {
                id: ind.id.clone(),
                dimension: ind.dimension.clone(),
                strength: ind.strength,
                // Only the populations the form says apply to these answers.
                populations: ind
                    .populations
                    .iter()
                    .filter(|p| form.population_in_scope(p, &answers))
                    .cloned()
                    .collect(),
                questions: r.questions,
                forced_labour: ind.forced_labour.iter().cloned().collect(),
                explanation: form.localize(&ind.explanation, language),
                needs_review: ind.needs_review,
            })
        })
        .collect();
    let danger = form.danger(&answers);
    let needs = form.needs(&answers);
    let minor = answers.values().any(|a| match a {
        Answer::Choice(c) => c == MINOR_OPTION,
        Answer::Choices(cs) => cs.iter().any(|c| c == MINOR_OPTION),
        _ => false,
    });

    let forced_labour = forced_labour(rules, &raised);
    let populations: Vec<PopulationScore> = rules
        .populations
        .iter()
        .map(|p| score_population(rules, &p.id, &raised, forced_labour.flag))
        .collect();
    let level = populations
        .iter()
        .map(|p| p.level)
        .max()
        .unwrap_or(Level::None);
    let reached_by = if level == Level::None {
        Vec::new()
    } else {
        populations
            .iter()
            .filter(|p| p.level == level)
            .map(|p| p.population.clone())
            .collect()
    };
    let likely_combination = populations.iter().any(|p| p.likely_combination);

    let mut assessment = Assessment {
        form: ContentRef {
            id: form.id.clone(),
            version: form.version.clone(),
            hash: form.hash.clone(),
        },
        rule_set: ContentRef {
            id: rules.id.clone(),
            version: rules.version.clone(),
            hash: rules.hash.clone(),
        },
        language: language.to_string(),
        level,
        reached_by,
        urgent_safety: !danger.is_empty(),
        emergency: (!danger.is_empty()).then(|| form.localize(&form.emergency, language)),
        danger,
        minor,
        populations,
        likely_combination,
        raised,
        forced_labour,
        needs,
        headline: literal("", language),
        explanation: Vec::new(),
        disclaimer: rules.localize(&rules.templates.disclaimer, language),
    };
    let words = Words {
        form,
        rules,
        language,
    };
    assessment.headline = words.headline(&assessment);
    assessment.explanation = words.explanation(&assessment);
    Ok(assessment)
}

fn forced_labour(rules: &RuleSet, raised: &[RaisedIndicator]) -> ForcedLabourResult {
    let ids: BTreeSet<&str> = raised
        .iter()
        .flat_map(|r| r.forced_labour.iter().map(String::as_str))
        .collect();
    let of = |category| -> Vec<String> {
        ids.iter()
            .filter(|id| {
                rules
                    .forced_labour_indicator(id)
                    .is_some_and(|f| f.category == category)
            })
            .map(|id| id.to_string())
            .collect()
    };
    let involuntariness = of(ForcedLabourCategory::Involuntariness);
    let coercion = of(ForcedLabourCategory::Coercion);
    ForcedLabourResult {
        indicators: ids.iter().map(|id| id.to_string()).collect(),
        flag: !involuntariness.is_empty() && !coercion.is_empty(),
        involuntariness,
        coercion,
        needs_review: rules.forced_labour.needs_review,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn int(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Scores the indicators that count for one population.
pub(crate) fn score_population(
    rules: &RuleSet,
    population: &str,
    raised: &[RaisedIndicator],
    forced_labour_flag: bool,
) -> PopulationScore {
    let mut dimensions: Vec<DimensionScore> = rules
        .dimensions
        .iter()
        .map(|d| DimensionScore {
            dimension: d.id.clone(),
            group: d.group.clone(),
            strong: Vec::new(),
            medium: Vec::new(),
            weak: Vec::new(),
            positive: false,
        })
        .collect();
    let mut indicators = 0;
    for r in raised
        .iter()
        .filter(|r| r.populations.iter().any(|p| p == population))
    {
        indicators += 1;
        if let Some(d) = dimensions.iter_mut().find(|d| d.dimension == r.dimension) {
            match r.strength {
                Strength::Strong => d.strong.push(r.id.clone()),
                Strength::Medium => d.medium.push(r.id.clone()),
                Strength::Weak => d.weak.push(r.id.clone()),
            }
        }
    }
    for d in &mut dimensions {
        d.positive = rules.positive.met(
            count(d.strong.len()),
            count(d.medium.len()),
            count(d.weak.len()),
        );
    }

    let mut context = Context::new();
    for (score, dim) in dimensions.iter().zip(&rules.dimensions) {
        context.insert(dim.variable(), Value::Bool(score.positive));
    }
    for g in &rules.groups {
        let of_group = || dimensions.iter().filter(|d| d.group == g.id);
        context.insert(g.id.clone(), Value::Bool(of_group().any(|d| d.positive)));
        let [strong, any] = group_count_variables(&g.id);
        context.insert(strong, int(of_group().map(|d| d.strong.len()).sum()));
        context.insert(any, int(of_group().map(DimensionScore::count).sum()));
    }
    let positive_dimensions: Vec<String> = dimensions
        .iter()
        .filter(|d| d.positive)
        .map(|d| d.dimension.clone())
        .collect();
    let sum = |f: fn(&DimensionScore) -> usize| dimensions.iter().map(f).sum::<usize>();
    context.insert("indicators".into(), int(indicators));
    context.insert("strong".into(), int(sum(|d| d.strong.len())));
    context.insert("medium".into(), int(sum(|d| d.medium.len())));
    context.insert("weak".into(), int(sum(|d| d.weak.len())));
    context.insert("positive_dimensions".into(), int(positive_dimensions.len()));
    context.insert("forced_labour".into(), Value::Bool(forced_labour_flag));

    let mut level = Level::None;
    let mut held = Vec::new();
    for rules_of in rules.levels.iter().rev() {
        let ids: Vec<String> = rules_of
            .rules
            .iter()
            .filter(|r| r.applies_to(population) && r.holds(&context))
            .map(|r| r.id.clone())
            .collect();
        if !ids.is_empty() {
            level = rules_of.level;
            held = ids;
            break;
        }
    }
    let likely_combination = rules
        .level(Level::Likely)
        .rules
        .iter()
        .any(|r| r.applies_to(population) && r.holds(&context));
    PopulationScore {
        population: population.to_string(),
        level,
        rules: held,
        indicators,
        dimensions,
        positive_dimensions,
        likely_combination,
    }
}

/// The words of an assessment in one language.
struct Words<'a> {
    form: &'a Form,
    rules: &'a RuleSet,
    language: &'a str,
}

impl Words<'_> {
    fn r(&self, text: &crate::forms::Text) -> Localized {
        self.rules.localize(text, self.language)
    }

    fn lit(&self, text: impl Into<String>) -> Localized {
        literal(text, self.language)
    }

    /// Level and advice. When every rule that reached the level gives the same result
    /// name of its own (e.g. "Likely forced labour"), that name stands for the level's.
    fn headline(&self, a: &Assessment) -> Localized {
        let l = self.rules.level(a.level);
        let held: BTreeSet<&str> = a
            .populations
            .iter()
            .filter(|p| p.level == a.level)
            .flat_map(|p| p.rules.iter().map(String::as_str))
            .collect();
        let mut names = l
            .rules
            .iter()
            .filter(|r| held.contains(r.id.as_str()))
            .map(|r| r.name.as_ref());
        let name = match names.next() {
            Some(Some(first)) if names.all(|n| n == Some(first)) => first,
            _ => &l.name,
        };
        fill(
            &self.r(&self.rules.templates.headline),
            &[("level", &self.r(name)), ("advice", &self.r(&l.advice))],
        )
    }

    fn dimension_name(&self, id: &str) -> Localized {
        self.rules
            .dimension(id)
            .map(|d| self.r(&d.name))
            .unwrap_or_else(|| self.lit(id))
    }

    fn population_name(&self, id: &str) -> Localized {
        self.rules
            .population(id)
            .map(|p| self.r(&p.name))
            .unwrap_or_else(|| self.lit(id))
    }

    fn explanation(&self, a: &Assessment) -> Vec<Localized> {
        let t = &self.rules.templates;
        let mut lines = Vec::new();
        if a.urgent_safety {
            lines.push(self.r(&t.urgent_safety));
        }
        if a.minor {
            lines.push(self.r(&t.minor));
        }
        if a.raised.is_empty() {
            lines.push(self.r(&t.no_indicators));
        }

        // Each answer → indicator → dimension.
        for r in &a.raised {
            let labels: Vec<Localized> = r
                .questions
                .iter()
                .map(|q| match self.form.question(q) {
                    Some(q) => self.form.localize(&q.label, self.language),
                    None => self.lit(q.as_str()),
                })
                .collect();
            lines.push(fill(
                &self.r(&t.answer),
                &[
                    ("questions", &join(&labels, " / ", self.language)),
                    ("indicator", &self.lit(r.id.as_str())),
                    ("explanation", &r.explanation),
                    ("strength", &self.r(self.rules.strengths.get(r.strength))),
                    ("dimension_id", &self.lit(r.dimension.as_str())),
                    ("dimension", &self.dimension_name(&r.dimension)),
                ],
            ));
        }

        // Each dimension with indicators → positive or not. Populations with the same
        // result for a dimension share one line.
        let mut any_dimension = false;
        for (i, dim) in self.rules.dimensions.iter().enumerate() {
            let mut groups: Vec<(&DimensionScore, Vec<Localized>)> = Vec::new();
            for p in &a.populations {
                let Some(d) = p.dimensions.get(i).filter(|d| d.count() > 0) else {
                    continue;
                };
                let name = self.population_name(&p.population);
                let same = |(g, _): &&mut (&DimensionScore, Vec<Localized>)| {
                    g.positive == d.positive
                        && (g.strong.len(), g.medium.len(), g.weak.len())
                            == (d.strong.len(), d.medium.len(), d.weak.len())
                };
                match groups.iter_mut().find(same) {
                    Some((_, names)) => names.push(name),
                    None => groups.push((d, vec![name])),
                }
            }
            for (d, names) in groups {
                any_dimension = true;
                let counts: Vec<Localized> = [
                    (Strength::Strong, d.strong.len()),
                    (Strength::Medium, d.medium.len()),
                    (Strength::Weak, d.weak.len()),
                ]
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| {
                    let name = self.r(self.rules.strengths.get(s));
                    Localized {
                        text: format!("{}: {n}", name.text),
                        language: name.language,
                        needs_review: name.needs_review,
                    }
                })
                .collect();
                let template = if d.positive {
                    &t.dimension_positive
                } else {
                    &t.dimension_not_positive
                };
                lines.push(fill(
                    &self.r(template),
                    &[
                        ("population", &join(&names, ", ", self.language)),
                        ("dimension_id", &self.lit(dim.id.as_str())),
                        ("dimension", &self.r(&dim.name)),
                        ("counts", &join(&counts, ", ", self.language)),
                    ],
                ));
            }
        }
        if any_dimension {
            lines.push(self.r(&self.rules.positive.description));
        }

        // Why the level was reached: each combination that holds, with the populations
        // it holds in.
        if a.level != Level::None {
            let level = self.rules.level(a.level);
            let level_name = self.r(&level.name);
            for rule in &level.rules {
                let names: Vec<Localized> = a
                    .populations
                    .iter()
                    .filter(|p| p.level == a.level && p.rules.contains(&rule.id))
                    .map(|p| self.population_name(&p.population))
                    .collect();
                if names.is_empty() {
                    continue;
                }
                lines.push(fill(
                    &self.r(&t.level_reason),
                    &[
                        ("level", &level_name),
                        ("population", &join(&names, ", ", self.language)),
                        ("rule", &self.r(&rule.explanation)),
                    ],
                ));
            }
        }

        // The ILO forced-labour indicators and the secondary flag.
        if !a.forced_labour.indicators.is_empty() {
            let parts: Vec<Localized> = a
                .forced_labour
                .indicators
                .iter()
                .filter_map(|id| self.rules.forced_labour_indicator(id))
                .map(|f| {
                    let name = self.r(&f.name);
                    let category = self.r(self.rules.forced_labour.categories.get(f.category));
                    Localized {
                        text: format!("{} {} [{}]", f.id, name.text, category.text),
                        language: name.language,
                        needs_review: name.needs_review || category.needs_review,
                    }
                })
                .collect();
            lines.push(fill(
                &self.r(&t.forced_labour),
                &[("indicators", &join(&parts, "; ", self.language))],
            ));
            if a.forced_labour.flag {
                lines.push(self.r(&t.forced_labour_flag));
            }
        }

        lines.push(a.disclaimer.clone());
        lines
    }
}

/// The level of a list of raised indicators, for tests that score without a form.
#[cfg(test)]
pub(crate) fn level_of(rules: &RuleSet, raised: &[RaisedIndicator]) -> Level {
    let flag = forced_labour(rules, raised).flag;
    rules
        .populations
        .iter()
        .map(|p| score_population(rules, &p.id, raised, flag).level)
        .max()
        .unwrap_or(Level::None)
}
