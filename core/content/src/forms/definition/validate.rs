//! Building a [`Form`] from its JSON: the format version, the shape, then every check
//! of its parts (ids, texts, languages and fallback chains, indicators, sections,
//! questions, options, validation limits), its skip logic (`logic`), and the order of
//! the problems found.
//!
//! Owns [`Form::from_json`], the only way a [`Form`] is made. Never panics: any input
//! either loads or yields every problem found, each naming its place.

use std::collections::{BTreeMap, BTreeSet};

use super::checker::{Validator, check_id, check_language_code};
use super::error::{FormError, FormErrors, Place, Problem};
use super::form::{ChoiceOption, Form, Indicator, Question, Raise, Section};
use super::hash::content_hash;
use super::logic::mentions_declined;
use super::parts::{DECLINED, FORM_FORMAT, MAX_FORM_BYTES, QuestionType};
use super::source::{FormSource, QuestionSource, Validation};

impl Form {
    /// Parses and validates a form definition. Never panics: any input either loads or
    /// yields every problem found, each naming its place.
    pub fn from_json(bytes: &[u8]) -> Result<Form, FormErrors> {
        let form_error = |problem| {
            FormErrors(vec![FormError {
                place: Place::Form,
                problem,
            }])
        };
        if bytes.len() > MAX_FORM_BYTES {
            return Err(form_error(Problem::TooLarge { len: bytes.len() }));
        }
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| form_error(syntax(&e)))?;
        // Check the format before the shape so that a future format gets a clear error.
        if let Some(found) = value.get("format").and_then(|f| f.as_u64())
            && found != u64::from(FORM_FORMAT)
        {
            return Err(form_error(Problem::UnsupportedFormat {
                found: u32::try_from(found).unwrap_or(u32::MAX),
            }));
        }
        // Read the shape from the bytes, not from `value`, so that errors carry the line
        // and column where the problem is.
        let source: FormSource =
            serde_json::from_slice(bytes).map_err(|e| form_error(syntax(&e)))?;
        let hash = content_hash(&value);
        Validator::default().build(source, hash)
    }
}

fn syntax(e: &serde_json::Error) -> Problem {
    // serde_json's messages name the field or the expected shape; for form definitions
    // (no personal data) that is what the author needs.
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    Problem::Syntax {
        line: e.line(),
        column: e.column(),
        message,
    }
}

impl Validator {
    fn build(mut self, src: FormSource, hash: String) -> Result<Form, FormErrors> {
        let form_place = Place::Form;
        self.id(&form_place, "form", &src.id, false);
        if src.version.trim().is_empty() || src.version.len() > 40 {
            self.invalid(&form_place, "version", "must be 1 to 40 characters");
        }

        // Languages and fallback chains.
        let mut seen = BTreeSet::new();
        for lang in &src.languages {
            if !check_language_code(lang) {
                self.invalid(
                    &form_place,
                    "languages",
                    "codes are 2 or 3 lower-case letters (ISO 639), optionally with a script (uz-Cyrl)",
                );
            }
            if !seen.insert(lang.clone()) {
                self.push(
                    &form_place,
                    Problem::Duplicate {
                        what: "language",
                        id: lang.clone(),
                    },
                );
            }
        }
        if !src.languages.contains(&src.default_language) {
            self.invalid(
                &form_place,
                "default_language",
                "must be one of the form's languages",
            );
        }
        let mut chains = BTreeMap::new();
        for lang in &src.languages {
            let mut chain = vec![lang.clone()];
            for next in src.fallback.get(lang).into_iter().flatten() {
                if !chain.contains(next) {
                    chain.push(next.clone());
                }
            }
            if !chain.contains(&src.default_language) {
                chain.push(src.default_language.clone());
            }
            chains.insert(lang.clone(), chain);
        }
        for (lang, next) in &src.fallback {
            for l in std::iter::once(lang).chain(next) {
                if !src.languages.contains(l) {
                    self.push(
                        &form_place,
                        Problem::UnknownLanguage {
                            field: "fallback".into(),
                            language: l.clone(),
                        },
                    );
                }
            }
        }

        self.text(&form_place, "title", &src.title, &src);
        if let Some(d) = &src.description {
            self.text(&form_place, "description", d, &src);
        }
        self.text(&form_place, "consent.purpose", &src.consent.purpose, &src);
        self.text(
            &form_place,
            "consent.use_of_information",
            &src.consent.use_of_information,
            &src,
        );
        self.text(
            &form_place,
            "consent.right_to_refuse",
            &src.consent.right_to_refuse,
            &src,
        );
        self.text(
            &form_place,
            "consent.right_to_stop",
            &src.consent.right_to_stop,
            &src,
        );
        self.text(&form_place, "emergency", &src.emergency, &src);

        // Indicators.
        let mut indicators = BTreeMap::new();
        for ind in &src.indicators {
            let place = Place::Indicator(ind.id.clone());
            self.id(&place, "indicator", &ind.id, true);
            if indicators.contains_key(&ind.id) {
                self.push(
                    &place,
                    Problem::Duplicate {
                        what: "indicator",
                        id: ind.id.clone(),
                    },
                );
                continue;
            }
            if check_id(&ind.dimension, true).is_err() {
                self.invalid(
                    &place,
                    "dimension",
                    "must be a dimension id such as DR or EX",
                );
            }
            if ind.populations.is_empty() {
                self.invalid(&place, "populations", "at least one population is required");
            }
            for p in &ind.populations {
                if check_id(p, false).is_err() {
                    self.invalid(
                        &place,
                        "populations",
                        "ids use lower-case letters, digits and '_'",
                    );
                }
            }
            for fl in &ind.forced_labour {
                if check_id(fl, true).is_err() {
                    self.invalid(&place, "forced_labour", "ids look like FL-01");
                }
            }
            self.text(&place, "explanation", &ind.explanation, &src);
            indicators.insert(
                ind.id.clone(),
                Indicator {
                    id: ind.id.clone(),
                    dimension: ind.dimension.clone(),
                    strength: ind.strength,
                    populations: ind.populations.iter().cloned().collect(),
                    forced_labour: ind.forced_labour.iter().cloned().collect(),
                    needs_review: ind.needs_review,
                    explanation: ind.explanation.clone(),
                },
            );
        }

        // Questions: ids, texts, options, validation. Expressions come after, once
        // every question is known.
        let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
        let mut section_ids = BTreeSet::new();
        let mut questions = Vec::new();
        let mut sections = Vec::new();
        if src.sections.is_empty() {
            self.invalid(&form_place, "sections", "a form needs at least one section");
        }
        for (s_index, section) in src.sections.iter().enumerate() {
            let place = Place::Section(section.id.clone());
            self.id(&place, "section", &section.id, false);
            if !section_ids.insert(section.id.clone()) {
                self.push(
                    &place,
                    Problem::Duplicate {
                        what: "section",
                        id: section.id.clone(),
                    },
                );
            }
            self.text(&place, "title", &section.title, &src);
            if section.questions.is_empty() {
                self.invalid(&place, "questions", "a section needs at least one question");
            }
            let mut indices = Vec::new();
            let mut confirmation = None;
            if let Some(private) = &section.private {
                self.text(&place, "private.confirm", &private.confirm, &src);
                let id = format!("{}_confirmed", section.id);
                if by_id.contains_key(&id) {
                    self.push(
                        &Place::Question(id.clone()),
                        Problem::Duplicate {
                            what: "question",
                            id: id.clone(),
                        },
                    );
                }
                by_id.insert(id.clone(), questions.len());
                confirmation = Some(questions.len());
                indices.push(questions.len());
                questions.push(Question {
                    id,
                    section: s_index,
                    kind: QuestionType::YesNo,
                    label: private.confirm.clone(),
                    help: None,
                    permission: None,
                    observation: true,
                    options: Vec::new(),
                    required: false,
                    identifying: false,
                    validation: Validation::default(),
                    show_if: None,
                    raises: Vec::new(),
                    danger: None,
                });
            }
            for q in &section.questions {
                let place = Place::Question(q.id.clone());
                self.id(&place, "question", &q.id, false);
                if by_id.contains_key(&q.id) {
                    self.push(
                        &place,
                        Problem::Duplicate {
                            what: "question",
                            id: q.id.clone(),
                        },
                    );
                    continue;
                }
                self.text(&place, "label", &q.label, &src);
                if let Some(h) = &q.help {
                    self.text(&place, "help", h, &src);
                }
                match &q.permission {
                    Some(p) => self.text(&place, "permission", p, &src),
                    None if section.private.is_some() => self.invalid(
                        &place,
                        "permission",
                        "a question of a private block needs a permission line, read before it",
                    ),
                    None => {}
                }
                if q.observation && q.permission.is_some() {
                    self.invalid(
                        &place,
                        "permission",
                        "a worker observation is never asked aloud, so it takes no permission line",
                    );
                }
                self.options(&place, q, &src);
                self.validation(&place, q);
                if q.required && q.identifying {
                    self.invalid(
                        &place,
                        "required",
                        "an identifying question cannot be required: anonymous interviews never ask it",
                    );
                }
                by_id.insert(q.id.clone(), questions.len());
                indices.push(questions.len());
                questions.push(Question {
                    id: q.id.clone(),
                    section: s_index,
                    kind: q.kind,
                    label: q.label.clone(),
                    help: q.help.clone(),
                    permission: q.permission.clone(),
                    observation: q.observation,
                    options: q
                        .options
                        .iter()
                        .map(|o| ChoiceOption {
                            id: o.id.clone(),
                            label: o.label.clone(),
                        })
                        .collect(),
                    required: q.required,
                    identifying: q.identifying,
                    validation: q.validation.clone().unwrap_or_default(),
                    show_if: None,
                    raises: Vec::new(),
                    danger: None,
                });
            }
            sections.push(Section {
                id: section.id.clone(),
                title: section.title.clone(),
                show_if: None,
                confirmation,
                questions: indices,
            });
        }

        // Expressions and triggers, now that every question is known.
        let kinds: BTreeMap<String, (QuestionType, BTreeSet<String>)> = questions
            .iter()
            .map(|q| {
                (
                    q.id.clone(),
                    (q.kind, q.options.iter().map(|o| o.id.clone()).collect()),
                )
            })
            .collect();
        let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut forward = false;
        for (s_index, section) in src.sections.iter().enumerate() {
            let place = Place::Section(section.id.clone());
            if let Some(cond) = &section.show_if {
                let parsed = self.expr(&place, "show_if", cond, &kinds);
                // A section's condition is a dependency of each of its questions, and
                // may only use answers given before the section starts.
                if let Some(e) = &parsed {
                    if let Some(&first) = sections[s_index].questions.first() {
                        self.forward_refs(&place, e, first, &by_id, &mut forward);
                    }
                    for &qi in &sections[s_index].questions {
                        let q: &Question = &questions[qi];
                        deps.entry(q.id.clone())
                            .or_default()
                            .extend(e.questions().into_iter().map(str::to_string));
                    }
                }
                sections[s_index].show_if = parsed;
            }
            for q in &section.questions {
                let Some(&qi) = by_id.get(&q.id) else {
                    continue;
                };
                if questions[qi].section != s_index {
                    continue; // a duplicate id, already reported
                }
                let place = Place::Question(q.id.clone());
                if let Some(cond) = &q.show_if {
                    let parsed = self.expr(&place, "show_if", cond, &kinds);
                    if let Some(e) = &parsed {
                        self.forward_refs(&place, e, qi, &by_id, &mut forward);
                        deps.entry(q.id.clone())
                            .or_default()
                            .extend(e.questions().into_iter().map(str::to_string));
                    }
                    questions[qi].show_if = parsed;
                }
                for (i, raise) in q.raises.iter().enumerate() {
                    let field = format!("raises[{i}]");
                    if !indicators.contains_key(&raise.indicator) {
                        self.push(
                            &place,
                            Problem::UnknownIndicator {
                                indicator: raise.indicator.clone(),
                            },
                        );
                    }
                    if let Some(when) = self.trigger(&place, &field, q, &raise.when, &kinds) {
                        questions[qi].raises.push(Raise {
                            indicator: raise.indicator.clone(),
                            when,
                        });
                    }
                }
                if let Some(d) = &q.danger {
                    questions[qi].danger = self.trigger(&place, "danger", q, d, &kinds);
                }
            }
        }
        let mut needs = Vec::new();
        for need in &src.needs {
            let place = Place::Need(need.need.as_str().to_string());
            if let Some(e) = self.expr(&place, "if", &need.condition, &kinds) {
                if mentions_declined(&e) {
                    self.invalid(
                        &place,
                        "if",
                        "declining to answer must never be read as a need",
                    );
                    continue;
                }
                needs.push((need.need, e));
            }
        }
        let mut population_scopes = BTreeMap::new();
        let used: BTreeSet<&str> = indicators
            .values()
            .flat_map(|i| i.populations.iter().map(String::as_str))
            .collect();
        for pop in &src.populations {
            let place = Place::Population(pop.id.clone());
            if !used.contains(pop.id.as_str()) {
                self.invalid(
                    &place,
                    "id",
                    "no indicator of the form belongs to this population",
                );
            }
            if population_scopes.contains_key(&pop.id) {
                self.push(
                    &place,
                    Problem::Duplicate {
                        what: "population",
                        id: pop.id.clone(),
                    },
                );
                continue;
            }
            if let Some(e) = self.expr(&place, "if", &pop.condition, &kinds) {
                if mentions_declined(&e) {
                    self.invalid(
                        &place,
                        "if",
                        "declining to answer must never change how answers are scored",
                    );
                    continue;
                }
                population_scopes.insert(pop.id.clone(), e);
            }
        }

        // Every cycle goes through a forward reference (or a question referring to
        // itself); report cycles only when there is no forward reference to blame.
        if !forward {
            self.cycles(&deps, &questions);
        }

        if !self.errors.is_empty() {
            self.sort_in_form_order(&src);
            return Err(FormErrors(self.errors));
        }
        Ok(Form {
            id: src.id,
            version: src.version,
            hash,
            title: src.title,
            description: src.description,
            default_language: src.default_language,
            languages: src.languages,
            chains,
            consent: src.consent,
            emergency: src.emergency,
            indicators,
            sections,
            questions,
            needs,
            population_scopes,
            by_id,
        })
    }

    /// Puts the problems in the order of the form: the form's own fields, then the
    /// indicators, then each section followed by its questions, then the needs, then the
    /// populations. The
    /// checks run in several passes; problems at one place keep the order they were
    /// found in, which follows the order of the fields.
    fn sort_in_form_order(&mut self, src: &FormSource) {
        let mut order: BTreeMap<(u8, &str), usize> = BTreeMap::new();
        let mut add = |key| {
            let next = order.len() + 1;
            order.entry(key).or_insert(next);
        };
        for ind in &src.indicators {
            add((0, ind.id.as_str()));
        }
        for section in &src.sections {
            add((1, section.id.as_str()));
            for q in &section.questions {
                add((2, q.id.as_str()));
            }
        }
        for need in &src.needs {
            add((3, need.need.as_str()));
        }
        for pop in &src.populations {
            add((4, pop.id.as_str()));
        }
        self.errors.sort_by_key(|e| {
            let key = match &e.place {
                Place::Form => return 0,
                Place::Indicator(id) => (0, id.as_str()),
                Place::Section(id) => (1, id.as_str()),
                Place::Question(id) | Place::Option { question: id, .. } => (2, id.as_str()),
                Place::Need(need) => (3, need.as_str()),
                Place::Population(id) => (4, id.as_str()),
            };
            order.get(&key).copied().unwrap_or(usize::MAX)
        });
    }

    fn options(&mut self, place: &Place, q: &QuestionSource, form: &FormSource) {
        if q.kind.has_options() {
            if q.options.len() < 2 {
                self.invalid(
                    place,
                    "options",
                    "a choice question needs at least two options",
                );
            }
            let mut seen = BTreeSet::new();
            for o in &q.options {
                let oplace = Place::Option {
                    question: q.id.clone(),
                    option: o.id.clone(),
                };
                self.id(&oplace, "option", &o.id, false);
                if o.id == DECLINED {
                    self.invalid(
                        &oplace,
                        "id",
                        "'declined' is reserved: every question can be declined",
                    );
                }
                if !seen.insert(o.id.clone()) {
                    self.push(
                        &oplace,
                        Problem::Duplicate {
                            what: "option",
                            id: o.id.clone(),
                        },
                    );
                }
                self.text(&oplace, "label", &o.label, form);
            }
        } else if !q.options.is_empty() {
            self.invalid(
                place,
                "options",
                format!("{} questions have no options", q.kind.as_str()),
            );
        }
    }

    fn validation(&mut self, place: &Place, q: &QuestionSource) {
        let Some(v) = &q.validation else { return };
        let numeric = v.min.is_some() || v.max.is_some();
        let length = v.min_length.is_some() || v.max_length.is_some();
        let dates = v.earliest.is_some() || v.latest.is_some();
        let allowed = match q.kind {
            QuestionType::Integer => !length && !dates,
            QuestionType::Text => !numeric && !dates,
            QuestionType::Date => !numeric && !length,
            _ => !numeric && !length && !dates,
        };
        if !allowed {
            self.invalid(
                place,
                "validation",
                format!(
                    "{} questions accept {}",
                    q.kind.as_str(),
                    match q.kind {
                        QuestionType::Integer => "only min and max",
                        QuestionType::Text => "only min_length and max_length",
                        QuestionType::Date => "only earliest and latest",
                        _ => "no validation",
                    }
                ),
            );
        }
        if let (Some(a), Some(b)) = (v.min, v.max)
            && a > b
        {
            self.invalid(place, "validation", "min is greater than max");
        }
        if let (Some(a), Some(b)) = (v.min_length, v.max_length)
            && a > b
        {
            self.invalid(place, "validation", "min_length is greater than max_length");
        }
        if let (Some(a), Some(b)) = (v.earliest, v.latest)
            && a > b
        {
            self.invalid(place, "validation", "earliest is after latest");
        }
    }
}
