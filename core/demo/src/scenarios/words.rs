//! The explanations of a comparison, in English, Russian and Kazakh: what the persona said,
//! what the key records, what the trainee recorded, and what to do about it; and
//! answers in words.
//!
//! Owns the wording only. It never scores: every finding it explains comes from the
//! comparison.

use std::collections::{BTreeMap, BTreeSet};

use super::report::{Explanation, MissReason, explanation_language};
use super::scenario::Scenario;
use senim_content::forms::Form;
use senim_content::forms::answers::yes_no_str;
use senim_content::screening::{Level, RuleSet};
use senim_records::{Answer, Gender, YesNo};

impl Scenario {
    /// An answer to `question` in words: yes/no in English, Russian or Kazakh (see
    /// [`explanation_language`]), an option by its label in that language.
    pub fn answer_text(&self, question: &str, answer: &Answer, language: &str) -> String {
        let none = BTreeMap::new();
        let words = Words {
            scenario: self,
            given: &none,
            anonymous: true,
        };
        words.answer(question, answer, explanation_language(language))
    }
}

/// The explanations of a comparison, in English, Russian and Kazakh.
pub(super) struct Words<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) given: &'a BTreeMap<String, Answer>,
    pub(super) anonymous: bool,
}

impl Words<'_> {
    fn form(&self) -> &Form {
        self.scenario.form_definition()
    }

    fn rules(&self) -> &RuleSet {
        self.scenario.rule_set_definition()
    }

    /// The three languages of a text built by `f`.
    fn all(&self, f: impl Fn(&str) -> String) -> Explanation {
        Explanation {
            en: f("en"),
            ru: f("ru"),
            kk: f("kk"),
        }
    }

    fn label(&self, question: &str, lang: &str) -> String {
        self.form()
            .question(question)
            .map(|q| self.form().localize(&q.label, lang).text)
            .unwrap_or_else(|| question.to_string())
    }

    /// The persona's line, quoted inside a sentence: without its own final full stop.
    fn says(&self, question: &str, lang: &str) -> Option<String> {
        self.scenario
            .says(question, lang)
            .map(|l| l.text.trim_end().trim_end_matches('.').to_string())
    }

    fn indicator(&self, id: &str, lang: &str) -> (String, String) {
        match self.form().indicators.get(id) {
            Some(ind) => (
                self.form().localize(&ind.explanation, lang).text,
                format!(
                    "{}, {}",
                    self.rules()
                        .localize(self.rules().strengths.get(ind.strength), lang)
                        .text,
                    ind.dimension
                ),
            ),
            None => (id.to_string(), String::new()),
        }
    }

    /// "said" in the persona's grammatical gender.
    fn said(&self, lang: &str) -> &'static str {
        match (lang, self.scenario.persona.gender) {
            ("ru", Gender::Female) => "ответила",
            ("ru", Gender::Male) => "ответил",
            ("ru", _) => "ответил(а)",
            _ => "said",
        }
    }

    fn answer(&self, question: &str, answer: &Answer, lang: &str) -> String {
        let option = |id: &str| {
            self.form()
                .question(question)
                .and_then(|q| q.options.iter().find(|o| o.id == id))
                .map_or(id.to_string(), |o| {
                    self.form().localize(&o.label, lang).text
                })
        };
        match (answer, lang) {
            (Answer::Declined, "ru") => "отказ от ответа".into(),
            (Answer::Declined, "kk") => "жауап беруден бас тарту".into(),
            (Answer::Declined, _) => "declined".into(),
            (Answer::YesNo(y), "ru") => match y {
                YesNo::Yes => "да",
                YesNo::No => "нет",
                YesNo::Unknown => "не знает",
                YesNo::Declined => "отказ от ответа",
            }
            .into(),
            (Answer::YesNo(y), "kk") => match y {
                YesNo::Yes => "иә",
                YesNo::No => "жоқ",
                YesNo::Unknown => "білмейді",
                YesNo::Declined => "жауап беруден бас тарту",
            }
            .into(),
            (Answer::YesNo(y), _) => yes_no_str(*y).into(),
            (Answer::Choice(c), _) => option(c),
            (Answer::Choices(cs), _) => cs.iter().map(|c| option(c)).collect::<Vec<_>>().join(", "),
            (Answer::Text(t), _) => t.clone(),
            (Answer::Integer(i), _) => i.to_string(),
            (Answer::Date(d), _) => d.to_string(),
            (Answer::Country(c), _) => c.clone(),
        }
    }

    /// The questions whose answers hid `question` in the trainee's run: those its
    /// conditions (and its section's) read that the trainee answered otherwise.
    fn gates(&self, question: &str) -> String {
        let form = self.form();
        let Some(q) = form.question(question) else {
            return String::new();
        };
        let mut refs: BTreeSet<&str> = BTreeSet::new();
        for e in [
            form.sections[q.section].show_if.as_ref(),
            q.show_if.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            refs.extend(e.questions());
        }
        let differing: Vec<&str> = refs
            .iter()
            .copied()
            .filter(|r| self.given.get(*r) != self.scenario.key.answers.get(*r))
            .collect();
        let list = if differing.is_empty() {
            refs.into_iter().collect()
        } else {
            differing
        };
        list.join(", ")
    }

    pub(super) fn missed_indicator(&self, indicator: &str, questions: &[String]) -> Explanation {
        self.all(|lang| {
            let (name, detail) = self.indicator(indicator, lang);
            let mut parts = Vec::new();
            for q in questions {
                let label = self.label(q, lang);
                let says = self.says(q, lang).unwrap_or_default();
                let heard = match lang {
                    "ru" => format!(
                        "На вопрос «{label}» персонаж {}: «{says}». Это индикатор «{name}» ({detail}).",
                        self.said(lang)
                    ),
                    "kk" => format!(
                        "«{label}» деген сұраққа кейіпкер: «{says}» деп жауап берді. Бұл — «{name}» белгісі ({detail})."
                    ),
                    _ => format!(
                        "Asked “{label}”, the persona said: “{says}”. That raises '{name}' ({detail})."
                    ),
                };
                let action = match self.given.get(q) {
                    Some(g) => {
                        let g = self.answer(q, g, lang);
                        match lang {
                            "ru" => format!(
                                "Вы записали «{g}»: задайте вопрос {q} ещё раз и запишите, что ответит человек."
                            ),
                            "kk" => format!(
                                "Сіз «{g}» деп жаздыңыз: {q} сұрағын қайта қойып, адамның жауабын жазыңыз."
                            ),
                            _ => format!(
                                "You recorded “{g}”: ask question {q} again and record what the person says."
                            ),
                        }
                    }
                    None if !self.is_visible(q) => {
                        let gates = self.gates(q);
                        match lang {
                            "ru" => format!(
                                "До вопроса {q} вы не дошли: его скрыл ваш ответ на {gates}."
                            ),
                            "kk" => format!(
                                "{q} сұрағына жетпедіңіз: оны {gates} сұрағына берген жауабыңыз жасырды."
                            ),
                            _ => format!(
                                "You never reached question {q}: your answer to {gates} hid it."
                            ),
                        }
                    }
                    None => match lang {
                        "ru" => format!("Вопрос {q} остался без ответа: задайте его."),
                        "kk" => format!("{q} сұрағы жауапсыз қалды: оны қойыңыз."),
                        _ => format!("You left question {q} without an answer: ask it."),
                    },
                };
                parts.push(format!("{heard} {action}"));
            }
            if parts.is_empty() {
                parts.push(match lang {
                    "ru" => format!("Пропущен индикатор «{name}» ({detail})."),
                    "kk" => format!("«{name}» белгісі өткізіп алынды ({detail})."),
                    _ => format!("Missed '{name}' ({detail})."),
                });
            }
            parts.join(" ")
        })
    }

    /// Whether the trainee's answers show `question`.
    fn is_visible(&self, question: &str) -> bool {
        self.form()
            .position(question)
            .is_some_and(|i| self.form().is_visible(i, self.given, self.anonymous))
    }

    pub(super) fn extra_indicator(&self, indicator: &str, questions: &[String]) -> Explanation {
        self.all(|lang| {
            let (name, detail) = self.indicator(indicator, lang);
            let mut parts = Vec::new();
            for q in questions {
                let label = self.label(q, lang);
                let given = self
                    .given
                    .get(q)
                    .map(|a| self.answer(q, a, lang))
                    .unwrap_or_default();
                let story = match (self.says(q, lang), lang) {
                    (Some(s), "ru") => format!("Персонаж {}: «{s}».", self.said(lang)),
                    (Some(s), "kk") => format!("Кейіпкердің жауабы: «{s}»."),
                    (Some(s), _) => format!("The persona said: “{s}”."),
                    (None, "ru") => "История персонажа не ведёт к этому вопросу.".to_string(),
                    (None, "kk") => "Кейіпкердің оқиғасы бұл сұраққа апармайды.".to_string(),
                    (None, _) => "The persona's story does not lead to this question.".to_string(),
                };
                parts.push(match lang {
                    "ru" => format!(
                        "Ваш ответ «{given}» на вопрос «{label}» ({q}) даёт индикатор «{name}» ({detail}), которого нет в истории персонажа. {story}"
                    ),
                    "kk" => format!(
                        "«{label}» ({q}) сұрағына берген «{given}» жауабыңыз кейіпкердің оқиғасында жоқ «{name}» белгісін ({detail}) береді. {story}"
                    ),
                    _ => format!(
                        "Your answer “{given}” to “{label}” ({q}) raises '{name}' ({detail}), which the persona's story does not support. {story}"
                    ),
                });
            }
            parts.join(" ")
        })
    }

    pub(super) fn difference(
        &self,
        question: &str,
        expected: &Answer,
        given: &Answer,
    ) -> Explanation {
        self.all(|lang| {
            let label = self.label(question, lang);
            let says = self.says(question, lang).unwrap_or_default();
            let expected = self.answer(question, expected, lang);
            let given = self.answer(question, given, lang);
            match lang {
                "ru" => format!(
                    "«{label}» ({question}): персонаж {} «{says}», в ключе это «{expected}»; вы записали «{given}».",
                    self.said(lang)
                ),
                "kk" => format!(
                    "«{label}» ({question}): кейіпкер «{says}» деп жауап берді, кілтте бұл — «{expected}»; сіз «{given}» деп жаздыңыз."
                ),
                _ => format!(
                    "“{label}” ({question}): the persona said “{says}”, which the key records as “{expected}”; you recorded “{given}”."
                ),
            }
        })
    }

    pub(super) fn miss(
        &self,
        question: &str,
        expected: &Answer,
        reason: MissReason,
    ) -> Explanation {
        self.all(|lang| {
            let label = self.label(question, lang);
            let says = self.says(question, lang).unwrap_or_default();
            let expected = self.answer(question, expected, lang);
            let why = match (reason, lang) {
                (MissReason::Skipped, "ru") => {
                    format!("Вы пропустили вопрос «{label}» ({question}).")
                }
                (MissReason::Skipped, "kk") => {
                    format!("Сіз «{label}» ({question}) сұрағын өткізіп жібердіңіз.")
                }
                (MissReason::Skipped, _) => format!("You skipped “{label}” ({question})."),
                (MissReason::NotAsked, "ru") => format!(
                    "До вопроса «{label}» ({question}) вы не дошли: его скрыл ваш ответ на {}.",
                    self.gates(question)
                ),
                (MissReason::NotAsked, "kk") => format!(
                    "«{label}» ({question}) сұрағына жетпедіңіз: оны {} сұрағына берген жауабыңыз жасырды.",
                    self.gates(question)
                ),
                (MissReason::NotAsked, _) => format!(
                    "You never reached “{label}” ({question}): your answer to {} hid it.",
                    self.gates(question)
                ),
                (MissReason::Unanswered, "ru") => format!(
                    "На вопрос «{label}» ({question}) нет ответа: интервью закончилось раньше."
                ),
                (MissReason::Unanswered, "kk") => format!(
                    "«{label}» ({question}) сұрағына жауап жоқ: сұхбат одан бұрын аяқталды."
                ),
                (MissReason::Unanswered, _) => {
                    format!("“{label}” ({question}) has no answer: the interview ended before it.")
                }
            };
            match lang {
                "ru" => format!(
                    "{why} Персонаж {} бы: «{says}» («{expected}»).",
                    self.said(lang)
                ),
                "kk" => format!("{why} Кейіпкер былай деп жауап берер еді: «{says}» («{expected}»)."),
                _ => format!("{why} The persona would have said: “{says}” (“{expected}”)."),
            }
        })
    }

    pub(super) fn danger(&self, question: &str) -> Explanation {
        self.all(|lang| {
            let label = self.label(question, lang);
            let says = self.says(question, lang).unwrap_or_default();
            let expected = self
                .scenario
                .key
                .answers
                .get(question)
                .map(|a| self.answer(question, a, lang))
                .unwrap_or_default();
            match lang {
                "ru" => format!(
                    "На вопрос «{label}» ({question}) персонаж {}: «{says}» — это признак непосредственной опасности. Остановитесь, выполните порядок действий в экстренной ситуации и запишите «{expected}».",
                    self.said(lang)
                ),
                "kk" => format!(
                    "«{label}» ({question}) сұрағына кейіпкер: «{says}» деп жауап берді — бұл тікелей қауіптің белгісі. Тоқтаңыз, төтенше жағдайдағы іс-қимыл тәртібін орындаңыз және «{expected}» деп жазыңыз."
                ),
                _ => format!(
                    "Asked “{label}” ({question}), the persona said: “{says}”. That signals immediate danger: stop, follow the emergency steps, and record “{expected}”."
                ),
            }
        })
    }

    pub(super) fn level(&self, level: Level) -> Explanation {
        let expected = self.scenario.key.level;
        self.all(|lang| {
            let name = |l: Level| self.rules().localize(&self.rules().level(l).name, lang).text;
            let (got, want) = (name(level), name(expected));
            match (lang, level < expected) {
                ("ru", true) => format!(
                    "Ваши ответы дают уровень «{got}» ({level}); по ключу — «{want}» ({expected}). Заниженная оценка риска может оставить человека без нужного направления."
                ),
                ("ru", false) => format!(
                    "Ваши ответы дают уровень «{got}» ({level}); по ключу — «{want}» ({expected}). Завышенная оценка безопаснее, но проверьте ответы, перечисленные выше."
                ),
                ("kk", true) => format!(
                    "Жауаптарыңыз «{got}» ({level}) деңгейін береді; кілт бойынша — «{want}» ({expected}). Тәуекелді төмен бағалау адамды қажетті жолдамасыз қалдыруы мүмкін."
                ),
                ("kk", false) => format!(
                    "Жауаптарыңыз «{got}» ({level}) деңгейін береді; кілт бойынша — «{want}» ({expected}). Артық бағалау — қауіпсіздеу қателік, бірақ жоғарыда аталған жауаптарды тексеріңіз."
                ),
                (_, true) => format!(
                    "Your answers score '{got}' ({level}); the key expects '{want}' ({expected}). Under-rating the risk can leave the person without the referral they need."
                ),
                (_, false) => format!(
                    "Your answers score '{got}' ({level}); the key expects '{want}' ({expected}). Over-rating is the safer mistake, but check the answers listed above."
                ),
            }
        })
    }
}
