//! One contact of a run: when and where it happened, who was met (a pseudonymous
//! subject or nobody recorded), what the worker wrote in the note language, and, for a
//! screening, the notes around the interview; and follow-ups with people met before.
//!
//! Owns the shape of a case. Every sentence, description and place comes from the
//! phrase tables; every choice from the run's seeded draws. An alias describes and never
//! names, and always starts with [`DEMO_ALIAS_PREFIX`].

use chrono::{DateTime, Days, TimeDelta, Utc};
use rand::RngExt;

use super::case::{Case, CaseNote, CaseSubject};
use super::config::{
    DEMO_ALIAS_PREFIX, LOCAL_OFFSET_HOURS, NATIONALITIES, NOTE_LANGUAGES, local, minutes,
};
use super::state::{Generator, Person, Visit, fill_n, unfit};
use crate::phrases::{Lang, Phrases, Place, Said, Story};
use crate::{Error, Result};
use senim_content::forms::Form;
use senim_records::{
    AgeBand, CoarseLocation, ContactPreference, Gender, OutreachNote, RecordBody, Subject,
};

/// The languages a person of this nationality is interviewed in, by weight (before the
/// form's own languages are checked).
pub(super) fn spoken(nationality: Option<&str>) -> &'static [(&'static str, u32)] {
    match nationality {
        Some("UZ") => &[("uz", 65), ("ru", 35)],
        Some("KG") => &[("ky", 55), ("ru", 45)],
        Some("TJ") => &[("tg", 65), ("ru", 35)],
        Some("KZ") => &[("kk", 55), ("ru", 45)],
        Some("TM") => &[("ru", 85), ("en", 15)],
        // Dari speakers often follow Tajik.
        Some("AF") => &[("tg", 55), ("en", 45)],
        _ => &[("ru", 100)],
    }
}

impl Generator<'_> {
    /// Case number `index`, when `used` records of the budget are already taken.
    pub(super) fn case(&mut self, index: usize, used: usize) -> Result<Case> {
        let total = self.config.records.max(1) as u64;
        let remaining = self.config.records.saturating_sub(used).max(1);
        let days = u64::from(self.config.days);
        // Spread evenly over the period by position in the record budget.
        let jitter = self.rng.random_range(0..days);
        let day = ((used as u64 * days + jitter) / total).min(days - 1) as u32;

        // Now and then, a follow-up with someone met in the last few months.
        let recent: Vec<(usize, &'static Place)> = self
            .subjects
            .iter()
            .filter(|(_, d, _)| *d + 3 <= day && day <= *d + 120)
            .map(|(i, _, p)| (*i, *p))
            .collect();
        if !recent.is_empty()
            && self.chance(12)
            && let Some(&(earlier, place)) = self.pick(&recent)
        {
            return self.follow_up(earlier, place, day, remaining);
        }

        let mut screening = self.chance(32);
        let mut with_subject = self.chance(if screening { 50 } else { 40 });
        let mut notes = match self.rng.random_range(0..100u32) {
            0..55 => 1,
            55..85 => 2,
            _ => 3,
        };
        // Fit the budget: fewer notes, then no subject, then no screening.
        let size = |s: bool, sub: bool, n: usize| usize::from(sub) + n + if s { 2 } else { 0 };
        while size(screening, with_subject, notes) > remaining {
            if notes > 1 {
                notes -= 1;
            } else if with_subject {
                with_subject = false;
            } else {
                screening = false;
            }
        }
        let referral_budget = remaining - size(screening, with_subject, notes);

        let phrases = self.phrases;
        let story = if screening {
            let level = self.next_level();
            let candidates: Vec<&'static Story> = phrases
                .stories
                .iter()
                .filter(|s| s.level == level)
                .collect();
            Some(
                *self
                    .weighted(&candidates, |s| s.weight)
                    .ok_or_else(|| unfit("no story for a level"))?,
            )
        } else {
            None
        };
        let place: &'static Place = match story {
            Some(s) => {
                let fits: Vec<&'static Place> = phrases
                    .places
                    .iter()
                    .filter(|p| p.sectors.contains(&s.sector))
                    .collect();
                *self
                    .weighted(&fits, |p| p.weight)
                    .ok_or_else(|| unfit("no place for a sector"))?
            }
            None => self
                .weighted(&phrases.places, |p| p.weight)
                .ok_or_else(|| unfit("no place"))?,
        };
        let sector = match story {
            Some(s) => s.sector.as_str(),
            None => self.pick(&place.sectors).map_or("other", String::as_str),
        };
        let person = self.person(sector, story)?;
        let visit = self.visit(place);

        let subject = if with_subject {
            CaseSubject::New(self.subject(&person, visit)?)
        } else {
            CaseSubject::Anonymous
        };

        let base = self.moment(day)?;
        let lang = visit.lang;
        let mut case_notes = Vec::new();
        let screening = match story {
            Some(story) => {
                let prior = notes >= 2;
                let mut t = base;
                if prior {
                    let text = format!(
                        "{} {}",
                        self.opener(visit, person.gender),
                        phrases.notes.before_screening.of(lang)
                    );
                    case_notes.push(self.note(visit, text, t, &["first-contact"])?);
                    t = (t + minutes(self.between(10, 40))).min(self.last);
                }
                let s = self.screening(story, &person, with_subject, visit, t, referral_budget)?;
                let finished = s.interview.finished_at.unwrap_or(t);
                let after = (finished + minutes(self.between(5, 25))).min(self.last);
                let mut text = format!(
                    "{} {} {}",
                    screened_line(phrases, lang, person.language),
                    story.summary.of(lang),
                    phrases.notes.result(s.level).of(lang)
                );
                let mut tags: Vec<&str> = vec!["screening"];
                if !prior {
                    tags.push("first-contact");
                }
                tags.extend(story.tags.iter().map(String::as_str));
                if s.interview
                    .assessment
                    .as_ref()
                    .is_some_and(|a| a.urgent_safety)
                {
                    text.push(' ');
                    text.push_str(phrases.notes.danger.of(lang));
                    tags.push("urgent");
                }
                if !s.referrals.is_empty() {
                    text.push(' ');
                    text.push_str(phrases.notes.referral_proposed.of(lang));
                    tags.push("referral");
                }
                case_notes.push(self.note(visit, text, after, &tags)?);
                if notes >= 3 {
                    let later = self.later(after)?;
                    let line = if s.referrals.is_empty() {
                        self.follow_up_line()
                    } else {
                        &phrases.notes.follow_up_referral
                    };
                    let text = line.of(lang).to_string();
                    case_notes.push(self.note(visit, text, later, &["follow-up"])?);
                }
                Some(s)
            }
            None if !with_subject && self.chance(8) => {
                let action = self
                    .pick(&phrases.notes.actions)
                    .map_or("", |a| a.text.of(lang));
                let text = format!("{} {action}", phrases.notes.quiet.of(lang));
                case_notes.push(self.note(visit, text, base, &[])?);
                None
            }
            None => {
                let mut text = self.opener(visit, person.gender);
                if self.chance(60) {
                    text.push(' ');
                    text.push_str(&self.detail(lang));
                }
                let actions = &phrases.notes.actions;
                let action = actions.get(self.below(actions.len()));
                text.push(' ');
                text.push_str(action.map_or("", |a| a.text.of(lang)));
                let mut tags = vec!["first-contact"];
                if action.is_some_and(|a| a.leaflet) {
                    tags.push("leaflet");
                }
                case_notes.push(self.note(visit, text, base, &tags)?);
                if notes >= 2 {
                    let t = (base + minutes(self.between(20, 90))).min(self.last);
                    let text = self.detail(lang);
                    case_notes.push(self.note(visit, text, t, &[])?);
                }
                if notes >= 3 {
                    let t = self.later(base)?;
                    let text = self.follow_up_line().of(lang);
                    case_notes.push(self.note(visit, text.to_string(), t, &["follow-up"])?);
                }
                None
            }
        };
        if with_subject {
            let last = case_notes.iter().map(|n| n.note.at).max().unwrap_or(base);
            self.subjects.push((index, self.day_of(last), place));
        }
        Ok(Case {
            subject,
            notes: case_notes,
            screening,
        })
    }

    /// The day of the period `t` falls on (local time).
    fn day_of(&self, t: DateTime<Utc>) -> u32 {
        let date = (t + TimeDelta::hours(LOCAL_OFFSET_HOURS)).date_naive();
        u32::try_from((date - self.start).num_days()).unwrap_or(0)
    }

    /// A follow-up contact with the subject of case `earlier`, where they met: notes
    /// only.
    fn follow_up(
        &mut self,
        earlier: usize,
        place: &'static Place,
        day: u32,
        remaining: usize,
    ) -> Result<Case> {
        let visit = self.visit(place);
        let lang = visit.lang;
        let t = self.moment(day)?;
        let text = self.follow_up_line().of(lang);
        let mut notes = vec![self.note(visit, text.to_string(), t, &["follow-up"])?];
        if remaining >= 2 && self.chance(30) {
            let later = (t + minutes(self.between(15, 60))).min(self.last);
            let action = self
                .pick(&self.phrases.notes.actions)
                .map_or("", |a| a.text.of(lang));
            notes.push(self.note(visit, action.to_string(), later, &["follow-up"])?);
        }
        Ok(Case {
            subject: CaseSubject::Earlier(earlier),
            notes,
            screening: None,
        })
    }

    /// Where and in which language the worker writes about this contact.
    fn visit(&mut self, place: &'static Place) -> Visit {
        let lang = Lang::from_code(self.weighted_code(NOTE_LANGUAGES));
        let spot = self.pick(&place.setting.spots);
        Visit {
            place,
            lang,
            spot,
            number: self.between(1, 60),
        }
    }

    /// A moment in working hours on day `day` of the period.
    fn moment(&mut self, day: u32) -> Result<DateTime<Utc>> {
        let date = self
            .start
            .checked_add_days(Days::new(u64::from(day)))
            .ok_or_else(|| Error::invalid("end", "out of the supported date range"))?;
        local(date, self.between(9 * 60, 18 * 60 - 1))
    }

    /// A moment 2 to 21 days after `t`, in working hours, or later the same day when
    /// that would fall after the period.
    fn later(&mut self, t: DateTime<Utc>) -> Result<DateTime<Utc>> {
        let local_date = (t + TimeDelta::hours(LOCAL_OFFSET_HOURS)).date_naive();
        let days = self.between(2, 21);
        let minute = self.between(9 * 60, 18 * 60);
        let candidate = local_date
            .checked_add_days(Days::new(u64::from(days)))
            .map(|d| local(d, minute))
            .transpose()?;
        Ok(match candidate {
            Some(c) if c <= self.last => c,
            _ => (t + minutes(self.between(60, 180))).min(self.last),
        })
    }

    fn person(&mut self, sector: &str, story: Option<&Story>) -> Result<Person> {
        let online = story.is_some_and(|s| s.online);
        let nationality = if online {
            // People recruited online into scam compounds are mostly Kazakhstani.
            Some(self.weighted_code(&[("KZ", 70), ("KG", 15), ("UZ", 15)]))
        } else if self.chance(4) {
            None
        } else {
            Some(self.weighted_code(NATIONALITIES))
        };
        let female_percent = match sector {
            "domestic_work" => 85,
            "construction" => 4,
            "agriculture" => 35,
            "bazaar_trade" => 45,
            "factory" => 55,
            "services" => 40,
            _ => 35,
        };
        let roll = self.rng.random_range(0..100u32);
        let gender = if let Some(g) = story.and_then(|s| s.gender) {
            g
        } else if roll < female_percent {
            Gender::Female
        } else if roll < 98 {
            Gender::Male
        } else {
            Gender::NotStated
        };
        let age = *self
            .weighted(
                &[
                    (AgeBand::Under18, 3),
                    (AgeBand::From18To24, 24),
                    (AgeBand::From25To34, 36),
                    (AgeBand::From35To44, 22),
                    (AgeBand::From45To54, 10),
                    (AgeBand::From55, 3),
                    (AgeBand::Unknown, 2),
                ],
                |a| a.1,
            )
            .map(|a| &a.0)
            .unwrap_or(&AgeBand::Unknown);
        let mut language = self.weighted_code(spoken(nationality));
        if !self.content.form.supports(language) {
            language = fallback_language(self.phrases, &self.content.form);
        }
        Ok(Person {
            nationality,
            gender,
            age,
            language,
        })
    }

    /// A pseudonymous subject: a description and a spot, never a name.
    fn subject(&mut self, person: &Person, visit: Visit) -> Result<Subject> {
        let looks = self
            .pick(self.phrases.people.of(person.gender))
            .map_or("", |l| l.of(visit.lang));
        let alias = format!("{DEMO_ALIAS_PREFIX}{looks}, {}", visit.spot());
        let native = match person.nationality {
            Some("UZ") => "uz",
            Some("KG") => "ky",
            Some("TJ") => "tg",
            Some("KZ") => "kk",
            Some("TM") => "tk",
            Some("AF") => "fa",
            _ => "ru",
        };
        let mut languages = vec![native.to_string(), person.language.to_string()];
        if native != "ru" && self.chance(60) {
            languages.push("ru".into());
        }
        let contact = *self
            .weighted(
                &[
                    (ContactPreference::InPerson, 40),
                    (ContactPreference::Messenger, 30),
                    (ContactPreference::Phone, 10),
                    (ContactPreference::Through3rdParty, 5),
                    (ContactPreference::NoContact, 15),
                ],
                |c| c.1,
            )
            .map(|c| &c.0)
            .unwrap_or(&ContactPreference::InPerson);
        let body = RecordBody::Subject(Subject {
            alias,
            age_band: Some(person.age),
            gender: Some(person.gender),
            nationality: person.nationality.map(str::to_string),
            languages,
            contact_preference: Some(contact),
        })
        .validate()?;
        match body {
            RecordBody::Subject(s) => Ok(s),
            _ => Err(unfit("a subject did not stay a subject")),
        }
    }

    /// The first sentence of a contact note: fits the place, and the person met.
    fn opener(&mut self, visit: Visit, gender: Gender) -> String {
        let setting = &visit.place.setting.id;
        let fits: Vec<&Said> = self
            .phrases
            .notes
            .openers
            .iter()
            .filter(|o| {
                (o.settings.is_empty() || o.settings.contains(setting))
                    && o.gender.is_none_or(|g| g == gender)
            })
            .map(|o| &o.text)
            .collect();
        let n = self.between(3, 12);
        let text = self.pick(&fits).map_or("", |t| t.of(visit.lang));
        fill_n(text, n)
    }

    fn detail(&mut self, lang: Lang) -> String {
        let n = self.between(2, 9);
        let text = self
            .pick(&self.phrases.notes.details)
            .map_or("", |t| t.of(lang));
        fill_n(text, n)
    }

    fn note(
        &mut self,
        visit: Visit,
        text: String,
        at: DateTime<Utc>,
        tags: &[&str],
    ) -> Result<CaseNote> {
        let (place, lang) = (visit.place, visit.lang);
        let label = if self.chance(50) {
            format!("{}, {}", place.name.of(lang), visit.spot())
        } else {
            place.name.of(lang).to_string()
        };
        let location = if self.chance(75) {
            Some(CoarseLocation::new(place.lat, place.lon)?)
        } else {
            None
        };
        let mut all: Vec<String> = vec![place.setting.tag.clone()];
        all.extend(tags.iter().map(|t| t.to_string()));
        let body = RecordBody::OutreachNote(OutreachNote {
            text,
            place: Some(label),
            location,
            tags: all,
            at: at.min(self.last),
            subject: None,
        })
        .validate()?;
        match body {
            RecordBody::OutreachNote(note) => Ok(CaseNote {
                language: lang.code().to_string(),
                note,
            }),
            _ => Err(unfit("a note did not stay a note")),
        }
    }

    /// A later contact's sentence: one of the follow-ups (the one after a referral if
    /// there were none).
    fn follow_up_line(&mut self) -> &'static Said {
        let phrases: &'static Phrases = self.phrases;
        let notes = &phrases.notes;
        self.pick(&notes.follow_ups)
            .unwrap_or(&notes.follow_up_referral)
    }
}

/// The note's sentence about the screening, naming the interview language in the note
/// language.
fn screened_line(phrases: &Phrases, lang: Lang, interview_language: &str) -> String {
    let name = phrases
        .notes
        .language_names
        .iter()
        .find(|(code, _)| code == interview_language)
        .map_or(interview_language, |(_, names)| names.of(lang));
    phrases.notes.screened.of(lang).replace("{language}", name)
}

/// A form language the generator has a name for, for people whose own language the
/// form does not run in.
fn fallback_language(phrases: &'static Phrases, form: &Form) -> &'static str {
    phrases
        .notes
        .language_names
        .iter()
        .map(|(code, _)| code.as_str())
        .find(|code| form.supports(code))
        .unwrap_or("en")
}
