//! The rule set: scoring as data. A versioned, multilingual JSON file says which
//! dimensions exist, when a dimension is positive, which populations are scored, what
//! each level requires, which ILO forced-labour indicators exist, and the words of the
//! explanation (see `docs/screening.md`).
//!
//! Owns the rule-set format and every check made when one loads, including the check
//! that every level condition is monotone: raising one more indicator can never lower
//! a level. It never reads answers or scores an interview (that is
//! [`crate::screening::assess`]), and it never panics on any input: bad content yields
//! [`crate::Error::InvalidContent`] with one problem per place.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::Level;
use super::content::{self, Confidence, Languages, Problems};
use crate::Result;
use crate::forms::Form;
use crate::forms::expr::{self, CmpOp, Expr, Operand, Value};
use crate::forms::{Strength, Text};

/// The version of the rule-set format this build reads.
pub const RULE_SET_FORMAT: u32 = 1;

/// Largest accepted rule set, in bytes.
pub const MAX_RULE_SET_BYTES: usize = 1024 * 1024;

/// The bundled rule set (ILO/EC 2009 operational indicators), version 1: kept so that
/// interviews scored with it keep scoring with it.
pub const BUNDLED_RULE_SET: &[u8] = include_bytes!("../../rules/ilo-ec-2009.json");

/// Version 2 of the bundled rule set, the default for new assessments: a child rule,
/// forced labour at destination, and a `possible` level that abuse of vulnerability
/// alone never reaches (see `docs/screening.md`).
pub const BUNDLED_RULE_SET_V2: &[u8] = include_bytes!("../../rules/ilo-ec-2009-v2.json");

/// Integer variables of every scoring context (beside one boolean per dimension and
/// one per group).
pub const COUNT_VARIABLES: [&str; 5] = [
    "indicators",
    "strong",
    "medium",
    "weak",
    "positive_dimensions",
];

/// Per group, the count variables `<group>_<suffix>`: how many strong indicators, and
/// how many indicators of any strength, the group's dimensions hold (for rules such as
/// "one strong recruitment indicator", which no dimension's positivity expresses).
pub const GROUP_COUNT_SUFFIXES: [&str; 2] = ["strong", "indicators"];

/// Boolean variables of every scoring context beside dimensions and groups.
pub const FLAG_VARIABLES: [&str; 1] = ["forced_labour"];

/// The largest count an alternative of the positivity rule may ask for.
const MAX_COUNT: u32 = 100;

// ---------------------------------------------------------------------------------------
// The JSON format, as written.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSetSource {
    /// Checked before the shape (see `content::parse`).
    #[serde(rename = "format")]
    _format: u32,
    id: String,
    version: String,
    title: Text,
    #[serde(default)]
    description: Option<Text>,
    /// Where the rules come from (a citation, in English; not shown to the person).
    #[serde(default)]
    source: Option<String>,
    default_language: String,
    languages: Vec<String>,
    #[serde(default)]
    fallback: BTreeMap<String, Vec<String>>,
    groups: Vec<Group>,
    dimensions: Vec<Dimension>,
    strengths: StrengthNames,
    positive: Positivity,
    populations: Vec<Population>,
    levels: Vec<LevelSource>,
    forced_labour: ForcedLabourSource,
    templates: Templates,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelSource {
    level: Level,
    name: Text,
    advice: Text,
    #[serde(default)]
    rules: Vec<RuleSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSource {
    id: String,
    #[serde(rename = "if")]
    condition: String,
    explanation: Text,
    /// The populations the rule is scored in; empty: every population.
    #[serde(default)]
    populations: Vec<String>,
    /// The rule's own result name (e.g. "Likely forced labour"), shown instead of the
    /// level's name when only rules with this name reach the level.
    #[serde(default)]
    name: Option<Text>,
    #[serde(default)]
    needs_review: bool,
    #[serde(default)]
    confidence: Option<Confidence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForcedLabourSource {
    #[serde(default)]
    needs_review: bool,
    categories: CategoryNames,
    indicators: Vec<ForcedLabourIndicator>,
}

// ---------------------------------------------------------------------------------------
// The validated rule set.

/// A group of dimensions (`recruitment`, `exploitation`, `coercion`); each is also a
/// scoring variable, true when any of its dimensions is positive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub name: Text,
}

/// A dimension of the indicator lists (`DR`, `CR`, `VR`, `EX`, `CD`, `VD`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub group: String,
    pub name: Text,
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

impl Dimension {
    /// The scoring variable of this dimension: its id in lower case.
    pub fn variable(&self) -> String {
        self.id.to_ascii_lowercase()
    }
}

/// The names of the three strengths.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrengthNames {
    pub strong: Text,
    pub medium: Text,
    pub weak: Text,
}

impl StrengthNames {
    pub fn get(&self, s: Strength) -> &Text {
        match s {
            Strength::Strong => &self.strong,
            Strength::Medium => &self.medium,
            Strength::Weak => &self.weak,
        }
    }
}

/// One alternative of the positivity rule: at least this many indicators *at least as
/// strong as* each strength, every indicator filling one place. `{"medium": 2,
/// "weak": 1}` is met by two medium and one weak, and equally by two medium and one
/// strong, or by three strong: a stronger indicator always stands in for a weaker one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinimumCounts {
    #[serde(default)]
    pub strong: u32,
    #[serde(default)]
    pub medium: u32,
    #[serde(default)]
    pub weak: u32,
}

impl MinimumCounts {
    /// Whether indicators of these strengths fill every place. Places for strong take
    /// only strong indicators, places for medium take medium or strong, places for weak
    /// take any; because the places nest, filling the strongest first is optimal.
    pub fn met(&self, strong: u32, medium: u32, weak: u32) -> bool {
        let at_least_medium = strong.saturating_add(medium);
        let any = at_least_medium.saturating_add(weak);
        strong >= self.strong
            && at_least_medium >= self.strong.saturating_add(self.medium)
            && any
                >= self
                    .strong
                    .saturating_add(self.medium)
                    .saturating_add(self.weak)
    }
}

/// When a dimension is positive: any one of the alternatives is met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Positivity {
    pub any_of: Vec<MinimumCounts>,
    /// The rule in words, shown in the explanation.
    pub description: Text,
    #[serde(default)]
    pub needs_review: bool,
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

impl Positivity {
    pub fn met(&self, strong: u32, medium: u32, weak: u32) -> bool {
        self.any_of.iter().any(|a| a.met(strong, medium, weak))
    }
}

/// An indicator list scored on its own (`adult_labour`, `adult_sexual`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub needs_review: bool,
}

/// A level, its words, and the rules that reach it (none for [`Level::None`]).
#[derive(Clone, Debug, PartialEq)]
pub struct LevelRules {
    pub level: Level,
    pub name: Text,
    pub advice: Text,
    pub rules: Vec<LevelRule>,
}

/// One named combination that reaches a level.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelRule {
    pub id: String,
    pub condition: Expr,
    /// The condition as written in the rule set.
    pub source: String,
    pub explanation: Text,
    /// The populations the rule is scored in; empty: every population.
    pub populations: Vec<String>,
    /// The rule's own result name, shown instead of the level's name when only rules
    /// with this name reach the level (see [`crate::screening::assess`]).
    pub name: Option<Text>,
    pub needs_review: bool,
    pub confidence: Option<Confidence>,
}

/// The count variables of a group: `<group>_strong`, `<group>_indicators`.
pub fn group_count_variables(group: &str) -> [String; 2] {
    GROUP_COUNT_SUFFIXES.map(|suffix| format!("{group}_{suffix}"))
}

/// Which side of the ILO definition of forced labour an indicator evidences.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForcedLabourCategory {
    /// Work the person did not freely agree to.
    Involuntariness,
    /// Coercion or the menace of a penalty.
    Coercion,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryNames {
    pub involuntariness: Text,
    pub coercion: Text,
}

impl CategoryNames {
    pub fn get(&self, c: ForcedLabourCategory) -> &Text {
        match c {
            ForcedLabourCategory::Involuntariness => &self.involuntariness,
            ForcedLabourCategory::Coercion => &self.coercion,
        }
    }
}

/// One of the ILO indicators of forced labour (`FL-01` ... `FL-11`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForcedLabourIndicator {
    pub id: String,
    pub category: ForcedLabourCategory,
    pub name: Text,
    #[serde(default)]
    pub needs_review: bool,
}

/// The forced-labour indicators and how they are classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForcedLabour {
    /// The classification into involuntariness and coercion is not yet checked.
    pub needs_review: bool,
    pub categories: CategoryNames,
    pub indicators: Vec<ForcedLabourIndicator>,
}

/// The words of the result. Each is a template whose `{placeholders}` are listed in
/// [`Templates::PLACEHOLDERS`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    pub headline: Text,
    pub answer: Text,
    pub dimension_positive: Text,
    pub dimension_not_positive: Text,
    pub level_reason: Text,
    pub no_indicators: Text,
    pub forced_labour: Text,
    pub forced_labour_flag: Text,
    pub urgent_safety: Text,
    pub minor: Text,
    pub disclaimer: Text,
}

impl Templates {
    /// Each template and the placeholders it may use.
    pub const PLACEHOLDERS: [(&'static str, &'static [&'static str]); 11] = [
        ("headline", &["level", "advice"]),
        (
            "answer",
            &[
                "questions",
                "indicator",
                "explanation",
                "strength",
                "dimension_id",
                "dimension",
            ],
        ),
        (
            "dimension_positive",
            &["population", "dimension_id", "dimension", "counts"],
        ),
        (
            "dimension_not_positive",
            &["population", "dimension_id", "dimension", "counts"],
        ),
        ("level_reason", &["level", "population", "rule"]),
        ("no_indicators", &[]),
        ("forced_labour", &["indicators"]),
        ("forced_labour_flag", &[]),
        ("urgent_safety", &[]),
        ("minor", &[]),
        ("disclaimer", &[]),
    ];

    fn by_name(&self, name: &str) -> Option<&Text> {
        Some(match name {
            "headline" => &self.headline,
            "answer" => &self.answer,
            "dimension_positive" => &self.dimension_positive,
            "dimension_not_positive" => &self.dimension_not_positive,
            "level_reason" => &self.level_reason,
            "no_indicators" => &self.no_indicators,
            "forced_labour" => &self.forced_labour,
            "forced_labour_flag" => &self.forced_labour_flag,
            "urgent_safety" => &self.urgent_safety,
            "minor" => &self.minor,
            "disclaimer" => &self.disclaimer,
            _ => return None,
        })
    }
}

/// A validated rule set, ready to score.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSet {
    pub id: String,
    pub version: String,
    /// SHA-256 of the canonical JSON of the rule set (same as forms).
    pub hash: String,
    pub title: Text,
    pub description: Option<Text>,
    pub source: Option<String>,
    pub groups: Vec<Group>,
    pub dimensions: Vec<Dimension>,
    pub strengths: StrengthNames,
    pub positive: Positivity,
    pub populations: Vec<Population>,
    /// Every level once, from [`Level::None`] up to [`Level::Likely`].
    pub levels: Vec<LevelRules>,
    pub forced_labour: ForcedLabour,
    pub templates: Templates,
    languages: Languages,
}

impl RuleSet {
    /// Parses and validates a rule set. Never panics: any input either loads or yields
    /// [`Error::InvalidContent`] listing every problem, each naming its place.
    pub fn from_json(bytes: &[u8]) -> Result<RuleSet> {
        let (src, value): (RuleSetSource, _) =
            content::parse(bytes, "rule set", MAX_RULE_SET_BYTES, RULE_SET_FORMAT)?;
        let hash = crate::forms::definition::content_hash(&value);
        build(src, hash)
    }

    /// The bundled ILO/EC 2009 rule set, version 1.
    pub fn bundled() -> Result<RuleSet> {
        RuleSet::from_json(BUNDLED_RULE_SET)
    }

    /// The bundled ILO/EC 2009 rule set, version 2 (the library's default).
    pub fn bundled_v2() -> Result<RuleSet> {
        RuleSet::from_json(BUNDLED_RULE_SET_V2)
    }

    pub fn default_language(&self) -> &str {
        &self.languages.default
    }

    pub fn languages(&self) -> &[String] {
        &self.languages.list
    }

    /// Per language, the lookup chain (the language first, the default last).
    pub fn chains(&self) -> &BTreeMap<String, Vec<String>> {
        &self.languages.chains
    }

    pub fn supports(&self, language: &str) -> bool {
        self.languages.supports(language)
    }

    /// The string for `language`, following its fallback chain (by default kk, uz, ky
    /// and tg fall back to ru, then en). An unsupported language uses the default.
    pub fn localize(&self, text: &Text, language: &str) -> crate::forms::Localized {
        self.languages.localize(text, language)
    }

    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn population(&self, id: &str) -> Option<&Population> {
        self.populations.iter().find(|p| p.id == id)
    }

    /// The rules and words of a level.
    pub fn level(&self, level: Level) -> &LevelRules {
        // Validation puts every level at its index.
        &self.levels[level as usize]
    }

    pub fn forced_labour_indicator(&self, id: &str) -> Option<&ForcedLabourIndicator> {
        self.forced_labour.indicators.iter().find(|f| f.id == id)
    }

    /// Checks that the rule set can score `form`: every indicator's dimension,
    /// populations and forced-labour ids are defined here. Each problem names the
    /// indicator.
    pub fn check_form(&self, form: &Form) -> Result<()> {
        let mut problems = Problems::default();
        for ind in form.indicators.values() {
            let place = format!("indicator '{}'", ind.id);
            if self.dimension(&ind.dimension).is_none() {
                problems.push(
                    &place,
                    format!(
                        "dimension '{}' is not defined in rule set '{}'",
                        ind.dimension, self.id
                    ),
                );
            }
            for p in &ind.populations {
                if self.population(p).is_none() {
                    problems.push(
                        &place,
                        format!("population '{p}' is not defined in rule set '{}'", self.id),
                    );
                }
            }
            for fl in &ind.forced_labour {
                if self.forced_labour_indicator(fl).is_none() {
                    problems.push(
                        &place,
                        format!(
                            "forced-labour indicator '{fl}' is not defined in rule set '{}'",
                            self.id
                        ),
                    );
                }
            }
        }
        problems.finish("form", || ())
    }
}

/// The values of the scoring variables for one population.
pub(crate) type Context = BTreeMap<String, Value>;

impl LevelRule {
    /// Whether the rule is scored in `population`.
    pub fn applies_to(&self, population: &str) -> bool {
        self.populations.is_empty() || self.populations.iter().any(|p| p == population)
    }

    pub(crate) fn holds(&self, context: &Context) -> bool {
        self.condition.eval(context)
    }
}

// ---------------------------------------------------------------------------------------
// Validation.

fn build(src: RuleSetSource, hash: String) -> Result<RuleSet> {
    let mut p = Problems::default();
    let top = "rule set";
    if let Err(reason) = content::check_lower_id(&src.id) {
        p.push(top, format!("id: {reason}"));
    }
    if src.version.trim().is_empty() || src.version.len() > 40 {
        p.push(top, "version must be 1 to 40 characters");
    }
    let langs = Languages::check(
        &src.default_language,
        &src.languages,
        &src.fallback,
        top,
        &mut p,
    );
    langs.check_text(top, "title", &src.title, &mut p);
    if let Some(d) = &src.description {
        langs.check_text(top, "description", d, &mut p);
    }

    // Groups and dimensions, and the variables they make.
    let mut variables: BTreeMap<String, String> = BTreeMap::new();
    for v in COUNT_VARIABLES.iter().chain(FLAG_VARIABLES.iter()) {
        variables.insert(v.to_string(), "a built-in variable".into());
    }
    if src.groups.is_empty() {
        p.push(top, "groups: at least one group is required");
    }
    let mut group_ids = BTreeSet::new();
    for g in &src.groups {
        let place = format!("group '{}'", g.id);
        if let Err(reason) = content::check_lower_id(&g.id) {
            p.push(&place, format!("id: {reason}"));
        } else if ["and", "or", "not", "true", "false"].contains(&g.id.as_str()) {
            p.push(&place, "id is a keyword of the expression language");
        }
        if !group_ids.insert(g.id.as_str()) {
            p.push(&place, "defined more than once");
            continue;
        }
        let mut own = vec![g.id.clone()];
        own.extend(group_count_variables(&g.id));
        for var in own {
            if let Some(other) = variables.insert(var.clone(), place.clone()) {
                p.push(&place, format!("its variable '{var}' clashes with {other}"));
            }
        }
        langs.check_text(&place, "name", &g.name, &mut p);
    }
    if src.dimensions.is_empty() {
        p.push(top, "dimensions: at least one dimension is required");
    }
    let mut dimension_ids = BTreeSet::new();
    for d in &src.dimensions {
        let place = format!("dimension '{}'", d.id);
        if let Err(reason) = content::check_dimension_id(&d.id) {
            p.push(&place, format!("id: {reason}"));
        }
        if !dimension_ids.insert(d.id.as_str()) {
            p.push(&place, "defined more than once");
            continue;
        }
        let var = d.variable();
        if ["and", "or", "not", "true", "false"].contains(&var.as_str()) {
            p.push(
                &place,
                "its variable is a keyword of the expression language",
            );
        }
        if let Some(other) = variables.insert(var.clone(), place.clone()) {
            p.push(&place, format!("its variable '{var}' clashes with {other}"));
        }
        if !group_ids.contains(d.group.as_str()) {
            p.push(&place, format!("group '{}' is not defined", d.group));
        }
        langs.check_text(&place, "name", &d.name, &mut p);
    }

    // Strengths and the positivity rule.
    for (field, t) in [
        ("strengths.strong", &src.strengths.strong),
        ("strengths.medium", &src.strengths.medium),
        ("strengths.weak", &src.strengths.weak),
    ] {
        langs.check_text(top, field, t, &mut p);
    }
    if src.positive.any_of.is_empty() {
        p.push("positive", "any_of needs at least one alternative");
    }
    for (i, a) in src.positive.any_of.iter().enumerate() {
        let place = format!("positive.any_of[{i}]");
        if a.strong == 0 && a.medium == 0 && a.weak == 0 {
            p.push(
                &place,
                "asks for no indicator at all; every dimension would be positive",
            );
        }
        if a.strong > MAX_COUNT || a.medium > MAX_COUNT || a.weak > MAX_COUNT {
            p.push(&place, format!("counts are at most {MAX_COUNT}"));
        }
    }
    langs.check_text("positive", "description", &src.positive.description, &mut p);

    // Populations.
    if src.populations.is_empty() {
        p.push(top, "populations: at least one population is required");
    }
    let mut population_ids = BTreeSet::new();
    for pop in &src.populations {
        let place = format!("population '{}'", pop.id);
        if let Err(reason) = content::check_lower_id(&pop.id) {
            p.push(&place, format!("id: {reason}"));
        }
        if !population_ids.insert(pop.id.as_str()) {
            p.push(&place, "defined more than once");
        }
        langs.check_text(&place, "name", &pop.name, &mut p);
    }

    // Forced labour: needed before levels, whose variables include its flag.
    let mut fl_ids = BTreeSet::new();
    let mut categories = BTreeSet::new();
    let fl = &src.forced_labour;
    langs.check_text(
        "forced_labour",
        "categories.involuntariness",
        &fl.categories.involuntariness,
        &mut p,
    );
    langs.check_text(
        "forced_labour",
        "categories.coercion",
        &fl.categories.coercion,
        &mut p,
    );
    for f in &fl.indicators {
        let place = format!("forced-labour indicator '{}'", f.id);
        if let Err(reason) = content::check_loose_id(&f.id) {
            p.push(&place, format!("id: {reason}"));
        }
        if !fl_ids.insert(f.id.as_str()) {
            p.push(&place, "defined more than once");
        }
        categories.insert(f.category);
        langs.check_text(&place, "name", &f.name, &mut p);
    }
    if categories.len() < 2 {
        p.push(
            "forced_labour",
            "needs at least one involuntariness and one coercion indicator, or its flag can never be raised",
        );
    }

    // Levels: each once; conditions parsed, typed and monotone.
    let types = variable_types(&src.dimensions, &src.groups);
    let mut levels: Vec<Option<LevelRules>> = vec![None; Level::ALL.len()];
    let mut rule_ids = BTreeSet::new();
    for l in src.levels {
        let place = format!("level '{}'", l.level.as_str());
        if levels[l.level as usize].is_some() {
            p.push(&place, "defined more than once");
            continue;
        }
        langs.check_text(&place, "name", &l.name, &mut p);
        langs.check_text(&place, "advice", &l.advice, &mut p);
        if l.level == Level::None && !l.rules.is_empty() {
            p.push(
                &place,
                "takes no rules: it is the level when no other level's rule holds",
            );
        }
        if l.level != Level::None && l.rules.is_empty() {
            p.push(&place, "needs at least one rule");
        }
        let mut rules = Vec::new();
        for r in l.rules {
            let rplace = format!("rule '{}' of level '{}'", r.id, l.level.as_str());
            if let Err(reason) = content::check_lower_id(&r.id) {
                p.push(&rplace, format!("id: {reason}"));
            }
            if !rule_ids.insert(r.id.clone()) {
                p.push(&rplace, "a rule with this id is already defined");
            }
            langs.check_text(&rplace, "explanation", &r.explanation, &mut p);
            if let Some(name) = &r.name {
                langs.check_text(&rplace, "name", name, &mut p);
            }
            let mut seen = BTreeSet::new();
            for pop in &r.populations {
                if !population_ids.contains(pop.as_str()) {
                    p.push(&rplace, format!("population '{pop}' is not defined"));
                } else if !seen.insert(pop.as_str()) {
                    p.push(&rplace, format!("population '{pop}' is listed twice"));
                }
            }
            let condition = match expr::parse(&r.condition) {
                Ok(e) => e,
                Err(e) => {
                    p.push(&rplace, format!("condition cannot be parsed: {e}"));
                    continue;
                }
            };
            let before = p.len();
            check_condition(&condition, &types, &rplace, &mut p);
            // With nothing raised every flag is false and every count 0; a condition
            // that holds then would make level "none" unreachable.
            let nothing: Context = types
                .iter()
                .map(|(name, &boolean)| {
                    let v = if boolean {
                        Value::Bool(false)
                    } else {
                        Value::Int(0)
                    };
                    (name.clone(), v)
                })
                .collect();
            if p.len() == before && condition.eval(&nothing) {
                p.push(
                    &rplace,
                    "condition holds with no indicator raised, so no interview could score 'none'",
                );
            }
            if p.len() == before {
                rules.push(LevelRule {
                    id: r.id,
                    condition,
                    source: r.condition,
                    explanation: r.explanation,
                    populations: r.populations,
                    name: r.name,
                    needs_review: r.needs_review,
                    confidence: r.confidence,
                });
            }
        }
        levels[l.level as usize] = Some(LevelRules {
            level: l.level,
            name: l.name,
            advice: l.advice,
            rules,
        });
    }
    for level in Level::ALL {
        if levels[level as usize].is_none() {
            p.push(
                &format!("level '{}'", level.as_str()),
                "is missing: every level (none, monitor, possible, likely) must be defined",
            );
        }
    }

    for (name, allowed) in Templates::PLACEHOLDERS {
        if let Some(t) = src.templates.by_name(name) {
            langs.check_template(&format!("template '{name}'"), "text", t, allowed, &mut p);
        }
    }

    p.finish("rule set", || RuleSet {
        id: src.id,
        version: src.version,
        hash,
        title: src.title,
        description: src.description,
        source: src.source,
        groups: src.groups,
        dimensions: src.dimensions,
        strengths: src.strengths,
        positive: src.positive,
        populations: src.populations,
        levels: levels.into_iter().flatten().collect(),
        forced_labour: ForcedLabour {
            needs_review: src.forced_labour.needs_review,
            categories: src.forced_labour.categories,
            indicators: src.forced_labour.indicators,
        },
        templates: src.templates,
        languages: langs,
    })
}

/// The scoring variables and their types: `true` for booleans, `false` for counts.
fn variable_types(dimensions: &[Dimension], groups: &[Group]) -> BTreeMap<String, bool> {
    let mut types = BTreeMap::new();
    for d in dimensions {
        types.insert(d.variable(), true);
    }
    for g in groups {
        types.insert(g.id.clone(), true);
        for var in group_count_variables(&g.id) {
            types.insert(var, false);
        }
    }
    for v in COUNT_VARIABLES {
        types.insert(v.to_string(), false);
    }
    for v in FLAG_VARIABLES {
        types.insert(v.to_string(), true);
    }
    types
}

/// Checks that a level condition uses only known variables, with their types, and only
/// in monotone ways: `and`, `or`, `true`, `false`, `flag == true`, `count >= n` and
/// `count > n`. Everything that could turn true into false when one more indicator is
/// raised (`not`, `!=`, `<`, `<=`, `== false`, `count == n`, a constant on the left of
/// `>`) is rejected.
fn check_condition(e: &Expr, types: &BTreeMap<String, bool>, place: &str, p: &mut Problems) {
    let not_monotone = |p: &mut Problems, what: &str| {
        p.push(
            place,
            format!(
                "condition is not monotone: {what} (raising one more indicator must never lower a level)"
            ),
        )
    };
    match e {
        Expr::Const(_) => {}
        Expr::Not(_) => not_monotone(p, "'not' is not allowed"),
        Expr::Answered(_) | Expr::Selected { .. } => p.push(
            place,
            "answered() and selected() refer to form questions; a rule condition uses the scoring variables",
        ),
        Expr::And(terms) | Expr::Or(terms) => {
            for t in terms {
                check_condition(t, types, place, p);
            }
        }
        Expr::Compare { op, left, right } => {
            let Operand::Question(var) = left else {
                if matches!(right, Operand::Question(_)) {
                    not_monotone(
                        p,
                        "put the variable on the left, as in 'strong >= 2' or 'dr == true'",
                    );
                } else {
                    p.push(place, "condition compares two constants");
                }
                return;
            };
            let Some(&boolean) = types.get(var) else {
                let known: Vec<&str> = types.keys().map(String::as_str).collect();
                p.push(
                    place,
                    format!(
                        "condition uses unknown variable '{var}' (known: {})",
                        known.join(", ")
                    ),
                );
                return;
            };
            match (op, right, boolean) {
                (CmpOp::Eq, Operand::Bool(true), true) => {}
                (CmpOp::Eq, Operand::Bool(false), true) => {
                    not_monotone(p, &format!("'{var} == false'"))
                }
                (CmpOp::Ge | CmpOp::Gt, Operand::Int(_), false) => {}
                (CmpOp::Ne, _, _) => not_monotone(p, "'!=' is not allowed"),
                (CmpOp::Lt | CmpOp::Le, _, _) => {
                    not_monotone(p, "'<' and '<=' are not allowed")
                }
                (CmpOp::Eq, Operand::Int(_), false) => {
                    not_monotone(p, &format!("'{var} == n'; use '{var} >= n'"))
                }
                (_, Operand::Question(_), _) => {
                    p.push(place, "condition compares two variables; compare with a constant")
                }
                (_, _, true) => p.push(
                    place,
                    format!("'{var}' is true or false; write '{var} == true'"),
                ),
                (_, _, false) => p.push(
                    place,
                    format!("'{var}' is a count; compare it with '>=' or '>' and a number"),
                ),
            }
        }
    }
}
