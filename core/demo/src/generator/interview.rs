//! The screening of a case: the consent, an interview answered question by question
//! under the bundled form's skip logic and scored with the bundled rules at the story's
//! level, and the referrals the assessment leads to.
//!
//! Owns how a demo interview is answered. Every answer passes the form's own check
//! ([`Form::check_answer`]), only questions that skip logic shows are answered, every
//! visible required question is answered, and the stored assessment is what [`assess`]
//! gives for the stored answers. Referrals go only to services [`recommend`] offers,
//! only under a consent with the referral scope, and a service that asks for a named
//! consent only when the person names it.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rand::RngExt;
use rand::seq::SliceRandom;

use super::case::Screening;
use super::config::minutes;
use super::state::{Generator, Person, Visit, unfit};
use crate::Result;
use crate::phrases::Story;
use senim_content::forms::{AnswerMap, Form, Question, QuestionType};
use senim_content::screening::{Assessment, Level, ServiceKind, assess, recommend};
use senim_records::{
    AgeBand, Answer, Consent, ConsentScope, ConsentState, Interview, InterviewStatus, RecordBody,
    Referral, ReferralStatus, YesNo,
};

impl Generator<'_> {
    /// Consent, a completed and scored interview, and the referrals it leads to.
    pub(super) fn screening(
        &mut self,
        story: &Story,
        person: &Person,
        with_subject: bool,
        visit: Visit,
        at: DateTime<Utc>,
        referral_budget: usize,
    ) -> Result<Screening> {
        let form = Arc::clone(&self.content.form);
        let rules = Arc::clone(&self.content.rules);
        // Extras vary the answers; the last attempt uses the story's core alone.
        const ATTEMPTS: usize = 8;
        let mut result = None;
        for attempt in 0..ATTEMPTS {
            let extras = attempt + 1 < ATTEMPTS;
            let (answers, skipped) = self.answers(&form, story, person, !with_subject, extras)?;
            let assessment = assess(&form, &rules, &answers, person.language)?;
            let hit = assessment.level == story.level;
            result = Some((answers, skipped, assessment));
            if hit {
                break;
            }
        }
        let (answers, skipped, assessment) =
            result.ok_or_else(|| unfit("no interview could be answered"))?;

        let referral_percent = match assessment.level {
            Level::None => 30,
            Level::Monitor => 55,
            Level::Possible => 85,
            Level::Likely => 90,
        };
        let mut scopes = vec![ConsentScope::Screening];
        if self.chance(referral_percent) {
            scopes.push(ConsentScope::Referral);
            if self.chance(8) {
                scopes.push(ConsentScope::Sharing);
            }
        }
        let consent_at = at.min(self.last);
        let started = (consent_at + minutes(self.between(1, 3))).min(self.last);
        let finished = (started + minutes(self.between(8, 35))).min(self.last);

        let mut services = Vec::new();
        let referrals = if scopes.contains(&ConsentScope::Referral) {
            self.referrals(&assessment, visit, finished, referral_budget, &mut services)
        } else {
            Vec::new()
        };

        let consent = RecordBody::Consent(Consent {
            subject: None,
            scopes,
            services,
            state: ConsentState::Given,
            recorded_by: self.config.worker.clone(),
            at: consent_at,
        })
        .validate()?;
        let interview = RecordBody::Interview(Interview {
            form_id: form.id.clone(),
            form_version: form.version.clone(),
            form_hash: form.hash.clone(),
            language: person.language.to_string(),
            subject: None,
            status: InterviewStatus::Completed,
            answers,
            skipped,
            consent: None,
            started_at: started,
            finished_at: Some(finished),
            assessment: Some(assessment.summary(finished)),
        })
        .validate()?;
        let referrals = referrals
            .into_iter()
            .map(|r| match RecordBody::Referral(r).validate()? {
                RecordBody::Referral(r) => Ok(r),
                _ => Err(unfit("a referral did not stay a referral")),
            })
            .collect::<Result<Vec<_>>>()?;
        match (consent, interview) {
            (RecordBody::Consent(consent), RecordBody::Interview(interview)) => Ok(Screening {
                consent,
                interview,
                level: assessment.level,
                referrals,
            }),
            _ => Err(unfit("a screening did not stay a screening")),
        }
    }

    /// The answers of one interview: every visible question in form order, re-checked
    /// for visibility as answers come in, each passing the form's check.
    pub(super) fn answers(
        &mut self,
        form: &Form,
        story: &Story,
        person: &Person,
        anonymous: bool,
        extras: bool,
    ) -> Result<(AnswerMap, Vec<String>)> {
        let mut yes: BTreeSet<&str> = story.core.iter().map(String::as_str).collect();
        if extras {
            for q in &story.extra {
                if self.chance(35) {
                    yes.insert(q.as_str());
                }
            }
        }
        let (danger, injured) = match story.level {
            Level::Likely => (30, 10),
            Level::Possible => (8, 4),
            _ => (0, 0),
        };
        let in_danger = self.chance(danger);
        let is_injured = self.chance(injured);
        // The worker confirms privacy before the private block whenever the story needs
        // one of its questions, and in most other interviews; otherwise the block stays
        // closed and none of its questions is asked.
        let needs_private = form.questions.iter().any(|q| {
            yes.contains(q.id.as_str())
                && form
                    .sections
                    .get(q.section)
                    .is_some_and(|s| s.confirmation.is_some())
        });
        let private = needs_private || self.chance(80);
        let mut answers = AnswerMap::new();
        let mut skipped: Vec<String> = Vec::new();
        // Until nothing new becomes visible (conditions may look at any answer).
        loop {
            let open: Vec<usize> = form
                .visible(&answers, anonymous)
                .into_iter()
                .filter(|&i| {
                    form.questions
                        .get(i)
                        .is_some_and(|q| !answers.contains_key(&q.id) && !skipped.contains(&q.id))
                })
                .collect();
            if open.is_empty() {
                break;
            }
            let mut changed = false;
            for i in open {
                let Some(q) = form.questions.get(i) else {
                    continue;
                };
                if !form.is_visible(i, &answers, anonymous) {
                    continue;
                }
                let confirms = form
                    .sections
                    .get(q.section)
                    .is_some_and(|s| s.confirmation == Some(i));
                let proposed = if confirms {
                    Some(Answer::YesNo(if private { YesNo::Yes } else { YesNo::No }))
                } else {
                    self.answer(q, story, person, &yes, in_danger, is_injured)
                };
                let checked = proposed.and_then(|a| form.check_answer(&q.id, a).ok());
                match checked {
                    Some(a) => {
                        answers.insert(q.id.clone(), a);
                    }
                    None if q.required => {
                        answers.insert(q.id.clone(), form.check_answer(&q.id, Answer::Declined)?);
                    }
                    None => skipped.push(q.id.clone()),
                }
                changed = true;
            }
            if !changed {
                break;
            }
        }
        form.clear_hidden(&mut answers, anonymous);
        skipped.retain(|id| {
            form.position(id)
                .is_some_and(|i| form.is_visible(i, &answers, anonymous))
        });
        let missing = form
            .visible(&answers, anonymous)
            .into_iter()
            .filter_map(|i| form.questions.get(i))
            .any(|q| q.required && !answers.contains_key(&q.id));
        if missing {
            return Err(unfit("a required question stayed unanswered"));
        }
        Ok((answers, skipped))
    }

    /// The answer to one question; `None` skips it (it is not required).
    fn answer(
        &mut self,
        q: &Question,
        story: &Story,
        person: &Person,
        yes: &BTreeSet<&str>,
        in_danger: bool,
        injured: bool,
    ) -> Option<Answer> {
        let yes_no = |b: bool| Answer::YesNo(if b { YesNo::Yes } else { YesNo::No });
        match q.id.as_str() {
            "sector" => Some(Answer::Choice(story.sector.to_string())),
            "age_group" => Some(match person.age {
                AgeBand::Under18 => Answer::Choice("under_18".into()),
                AgeBand::From18To24 => Answer::Choice("age_18_24".into()),
                AgeBand::From25To34 => Answer::Choice("age_25_34".into()),
                AgeBand::From35To44 => Answer::Choice("age_35_44".into()),
                AgeBand::From45To54 | AgeBand::From55 => Answer::Choice("age_45_plus".into()),
                AgeBand::Unknown => Answer::Declined,
            }),
            "origin_country" => match (person.nationality, self.rng.random_range(0..100u32)) {
                (Some(n), 0..85) => Some(Answer::Country(n.to_string())),
                (_, 85..95) => None,
                _ => Some(Answer::Declined),
            },
            "online_job_abroad" if story.online => Some(yes_no(true)),
            // Somewhere the person can talk: the interview goes on here.
            "safe_to_talk" => Some(yes_no(true)),
            "in_danger_now" => Some(yes_no(in_danger)),
            "injured_now" => Some(yes_no(injured)),
            "help_wanted" => self.help(story),
            id if yes.contains(id) => Some(yes_no(true)),
            _ if q.kind == QuestionType::YesNo => match self.rng.random_range(0..100u32) {
                0..88 => Some(yes_no(false)),
                88..95 => Some(Answer::YesNo(YesNo::Unknown)),
                95..98 => Some(Answer::Declined),
                _ => None,
            },
            _ => None,
        }
    }

    fn help(&mut self, story: &Story) -> Option<Answer> {
        let roll = self.rng.random_range(0..100u32);
        let (nothing, skip) = if story.level == Level::None {
            (65, 15)
        } else {
            (10, 5)
        };
        if roll < nothing || story.help.is_empty() {
            return Some(Answer::Choices(vec!["no_help_now".into()]));
        }
        if roll < nothing + skip {
            return None;
        }
        let mut options: Vec<&str> = story.help.iter().map(String::as_str).collect();
        options.shuffle(&mut self.rng);
        options.truncate(if self.chance(40) { 2 } else { 1 });
        Some(Answer::Choices(
            options.into_iter().map(str::to_string).collect(),
        ))
    }

    /// Referrals to services [`recommend`] offers for `assessment`, under a consent with
    /// the referral scope; a service that needs a named consent is referred to only when
    /// the person names it (added to `named`).
    fn referrals(
        &mut self,
        assessment: &Assessment,
        visit: Visit,
        finished: DateTime<Utc>,
        budget: usize,
        named: &mut Vec<String>,
    ) -> Vec<Referral> {
        let wanted = match assessment.level {
            Level::Likely if self.chance(85) => self.between(1, 2) as usize,
            Level::Possible if self.chance(80) => 1 + usize::from(self.chance(30)),
            Level::Monitor if !assessment.needs.is_empty() && self.chance(25) => 1,
            _ => 0,
        }
        .min(budget);
        if wanted == 0 {
            return Vec::new();
        }
        let dir = Arc::clone(&self.content.directory);
        let region = visit.place.region.as_deref();
        let offered = recommend(&dir, assessment, &assessment.needs, region);
        // The worker's wording of the reasons, in the note language.
        let mut in_note_language = assessment.clone();
        in_note_language.language = visit.lang.code().to_string();
        let worded = recommend(&dir, &in_note_language, &assessment.needs, region);

        let mut candidates: Vec<&str> = Vec::new();
        for r in &offered {
            let Some(service) = dir.service(&r.service) else {
                continue;
            };
            // Emergency numbers are called, not referred to.
            if service.kind == ServiceKind::Emergency {
                continue;
            }
            candidates.push(service.id.as_str());
        }
        let age_days = (self.last - finished).num_days();
        let mut out: Vec<Referral> = Vec::new();
        while out.len() < wanted && !candidates.is_empty() {
            // The first referral favours the top of the list (urgent help,
            // identification); a further one answers a need the person named.
            let covers_need = |id: &str| {
                dir.service(id)
                    .is_some_and(|s| s.needs.iter().any(|n| assessment.needs.contains(n)))
            };
            let weights: Vec<(usize, u32)> = candidates
                .iter()
                .enumerate()
                .map(|(i, id)| match out.len() {
                    0 => (i, 6 - i.min(5) as u32),
                    _ => (i, u32::from(covers_need(id))),
                })
                .collect();
            let i = self
                .weighted(&weights, |w| w.1)
                .or_else(|| weights.first())
                .map_or(0, |w| w.0);
            let id = candidates.remove(i.min(candidates.len() - 1));
            if dir.service(id).is_some_and(|s| s.named_consent) {
                // Only when the person agrees to this service by name (some must
                // avoid their own consulate).
                if !self.chance(70) {
                    continue;
                }
                named.push(id.to_string());
            }
            let reason = worded
                .iter()
                .find(|w| w.service == id)
                .map(|w| {
                    w.reasons
                        .iter()
                        .map(|r| r.text.text.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            let status = self.status(age_days);
            out.push(Referral {
                subject: None,
                service: id.to_string(),
                reason,
                status,
                consent: None,
            });
        }
        out
    }

    /// Recent referrals are mostly still open; older ones mostly settled.
    fn status(&mut self, age_days: i64) -> ReferralStatus {
        use ReferralStatus::*;
        let table: &[(ReferralStatus, u32)] = if age_days < 14 {
            &[(Proposed, 55), (Accepted, 35), (Declined, 10)]
        } else if age_days < 60 {
            &[
                (Proposed, 15),
                (Accepted, 35),
                (Completed, 35),
                (Declined, 15),
            ]
        } else {
            &[
                (Proposed, 5),
                (Accepted, 15),
                (Completed, 60),
                (Declined, 20),
            ]
        };
        self.weighted(table, |t| t.1).map_or(Proposed, |t| t.0)
    }
}
