//! The synthetic cases of a demo vault: a seeded, deterministic generator of clearly
//! fictional outreach contacts in Kazakhstan and its neighbours — pseudonymous subjects,
//! outreach notes in Russian, Kazakh and English, and screening interviews answered
//! under the bundled form, scored with the bundled rule set and referred to services of
//! the bundled directory — and the writing of those cases into a demo vault.
//!
//! Owns what a demo case looks like and how it is stored. It must never produce anything
//! that could point at a real person: aliases describe (clothes, a stall number) and
//! never name, and every alias starts with [`DEMO_ALIAS_PREFIX`]. It never reads the
//! clock or the system's randomness: the same [`GeneratorConfig`] gives the same cases on
//! any machine, on any day. It writes only to a vault marked as a demo.
//!
//! Interviews are real: every answer passes the form's own check
//! ([`Form::check_answer`]), only questions that skip logic shows are answered, every
//! visible required question is answered, and the stored [`AssessmentSummary`] is what
//! [`assess`] gives for the stored answers. Referrals go to services of the bundled
//! directory that [`recommend`] offers for the assessment, only under a consent that
//! allows them, and are stored through [`create_referral`], which checks that consent
//! again.
//!
//! [`AssessmentSummary`]: senim_records::AssessmentSummary

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};
use senim_content::Error as ContentError;
use senim_content::forms::{AnswerMap, Form, Question, QuestionType};
use senim_content::screening::{
    Assessment, Directory, Level, RuleSet, ServiceKind, assess, create_referral, recommend,
};
use senim_content::{DEFAULT_DIRECTORY, DEFAULT_RULE_SET, Library};
use senim_records::{
    AgeBand, Answer, CoarseLocation, Consent, ConsentScope, ConsentState, ContactPreference,
    Gender, Interview, InterviewStatus, OutreachNote, RecordBody, RecordId, Referral,
    ReferralStatus, Subject, YesNo,
};
use senim_vault::Vault;

#[cfg(test)]
#[path = "generator_tests.rs"]
pub(crate) mod tests;

/// The form every demo interview runs on (bundled).
pub const FORM: &str = "central_asia_screening";

/// Every demo alias starts with this: nobody can mistake a demo subject for a real one.
pub const DEMO_ALIAS_PREFIX: &str = "Demo: ";

/// Nationalities of the people met, by weight (per hundred), as in migrant outreach in
/// Kazakhstan: Uzbekistan first, then Kyrgyzstan and Tajikistan, some Kazakhstani
/// citizens (internal migrants, returnees), a few from elsewhere. A few subjects have
/// no recorded nationality.
pub const NATIONALITIES: &[(&str, u32)] = &[
    ("UZ", 44),
    ("KG", 22),
    ("TJ", 15),
    ("KZ", 10),
    ("RU", 4),
    ("TM", 3),
    ("AF", 2),
];

/// The mix of screening results, per twenty interviews: every block of twenty
/// consecutive interviews holds exactly this many of each level (40 / 25 / 20 / 15 %).
pub const LEVEL_MIX: [(Level, usize); 4] = [
    (Level::None, 8),
    (Level::Monitor, 5),
    (Level::Possible, 4),
    (Level::Likely, 3),
];

/// The languages the workers write their notes in, by weight.
pub const NOTE_LANGUAGES: &[(&str, u32)] = &[("ru", 55), ("kk", 25), ("en", 20)];

/// The last day of the default period.
pub const DEFAULT_END: NaiveDate = match NaiveDate::from_ymd_opt(2026, 10, 31) {
    Some(d) => d,
    None => panic!("the default end date is a valid date"),
};

/// The default period, in days (the twelve months ending on [`DEFAULT_END`]).
pub const DEFAULT_DAYS: u32 = 365;

/// The default call sign the generated consents are recorded by.
pub const DEFAULT_WORKER: &str = "Demo worker";

/// The most records one run generates.
pub const MAX_RECORDS: usize = 100_000;

/// The longest period one run spreads its cases over (about ten years).
pub const MAX_DAYS: u32 = 3660;

/// The earliest and latest end dates accepted.
const EARLIEST_END: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};
const LATEST_END: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// Cases written per chunk (a chunk is three transactions, plus the referrals).
const CHUNK: usize = 64;

/// Kazakhstan keeps one time zone, UTC+5: contacts happen in local working hours.
const LOCAL_OFFSET_HOURS: i64 = 5;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratorConfig {
    pub seed: u64,
    /// About how many records to create, all kinds together (the generator gives
    /// exactly this many unless a planned referral finds no allowed service).
    pub records: usize,
    /// The last day of the period the contacts are spread over.
    pub end: NaiveDate,
    /// The length of the period, in days, ending on `end`.
    pub days: u32,
    /// Who recorded the consents (a call sign).
    pub worker: String,
}

impl GeneratorConfig {
    /// `records` records from `seed`, spread over the twelve months ending on
    /// [`DEFAULT_END`], recorded by [`DEFAULT_WORKER`].
    pub fn new(seed: u64, records: usize) -> Self {
        GeneratorConfig {
            seed,
            records,
            end: DEFAULT_END,
            days: DEFAULT_DAYS,
            worker: DEFAULT_WORKER.to_string(),
        }
    }

    fn check(&self) -> Result<()> {
        if self.records > MAX_RECORDS {
            return Err(Error::invalid(
                "records",
                format!("at most {MAX_RECORDS} records per run"),
            ));
        }
        if !(EARLIEST_END..=LATEST_END).contains(&self.end) {
            return Err(Error::invalid(
                "end",
                "the period must end between 2000 and 2199",
            ));
        }
        if !(1..=MAX_DAYS).contains(&self.days) {
            return Err(Error::invalid(
                "days",
                format!("the period must be 1 to {MAX_DAYS} days"),
            ));
        }
        Ok(())
    }
}

/// One contact: who (if anyone is recorded), what the worker wrote, and the screening,
/// if there was one. References between records are structural: the bodies leave their
/// `subject` and `consent` fields empty, and [`fill`] sets them to the ids it creates
/// (the case's subject, the screening's consent).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Case {
    pub subject: CaseSubject,
    /// Oldest first.
    pub notes: Vec<CaseNote>,
    pub screening: Option<Screening>,
}

/// Who a case is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum CaseSubject {
    /// Nobody is recorded: the notes (and the interview, if any) are anonymous.
    Anonymous,
    /// A new pseudonymous subject, created with this case.
    New(Subject),
    /// A follow-up with the subject created by an earlier case (its index in the list
    /// of cases, always a case with [`CaseSubject::New`]).
    Earlier(usize),
}

/// An outreach note and the language the worker wrote it in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseNote {
    /// `ru`, `kk` or `en`.
    pub language: String,
    pub note: OutreachNote,
}

/// A screening interview with its consent, its result and the referrals made.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Screening {
    pub consent: Consent,
    /// Completed and scored.
    pub interview: Interview,
    /// The level of the stored assessment.
    pub level: Level,
    /// Each allowed by `consent` (the referral scope, and the service named where the
    /// directory asks for a named consent).
    pub referrals: Vec<Referral>,
}

impl Case {
    /// How many records the case creates.
    pub fn records(&self) -> usize {
        let subject = usize::from(matches!(self.subject, CaseSubject::New(_)));
        let screening = self.screening.as_ref().map_or(0, |s| 2 + s.referrals.len());
        subject + self.notes.len() + screening
    }
}

/// What [`fill`] created.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FillReport {
    pub subjects: usize,
    pub notes: usize,
    pub consents: usize,
    pub interviews: usize,
    pub referrals: usize,
    /// Interviews by assessment level; every level is listed, with zero if none.
    pub by_level: BTreeMap<Level, usize>,
}

impl FillReport {
    /// Records created, all kinds together.
    pub fn records(&self) -> usize {
        self.subjects + self.notes + self.consents + self.interviews + self.referrals
    }
}

/// The cases for `config`, from the bundled form [`FORM`], the rule set
/// [`DEFAULT_RULE_SET`] and the services directory [`DEFAULT_DIRECTORY`] in `library`.
/// Pure and deterministic: the same config and content give the same cases.
pub fn cases(library: &Library, config: &GeneratorConfig) -> Result<Vec<Case>> {
    let mut g = Generator::new(library, config)?;
    let mut cases: Vec<Case> = Vec::new();
    let mut used = 0;
    while used < config.records {
        let case = g.case(cases.len(), used)?;
        used += case.records();
        cases.push(case);
    }
    Ok(cases)
}

/// Writes the cases for `config` into `vault`, which must be a demo vault. Cases go in
/// oldest first, a chunk at a time, each chunk in a few transactions (subjects, then
/// consents, then interviews and notes), so a listing (newest first) shows the latest
/// contacts first. Referrals go through [`create_referral`], which checks the
/// interview's consent again, and then get their status.
///
/// Not atomic: an error (a full disk) leaves the chunks written so far.
pub fn fill(vault: &Vault, library: &Library, config: &GeneratorConfig) -> Result<FillReport> {
    if !vault.is_demo() {
        return Err(Error::NotDemo(
            "synthetic cases are written only to a demo vault",
        ));
    }
    let cases = cases(library, config)?;
    let directory = library.directory(DEFAULT_DIRECTORY, None)?;
    let mut report = FillReport {
        by_level: Level::ALL.into_iter().map(|l| (l, 0)).collect(),
        ..FillReport::default()
    };
    // The subject of each case, by case index, as it is created.
    let mut subject_ids: Vec<Option<RecordId>> = Vec::with_capacity(cases.len());
    for chunk in cases.chunks(CHUNK) {
        // Subjects first: everything else may point at them.
        let new_subjects: Vec<RecordBody> = chunk
            .iter()
            .filter_map(|c| match &c.subject {
                CaseSubject::New(s) => Some(RecordBody::Subject(s.clone())),
                _ => None,
            })
            .collect();
        let mut created = add(vault, new_subjects)?.into_iter();
        report.subjects += created.len();
        let first = subject_ids.len();
        for case in chunk {
            let id = match case.subject {
                CaseSubject::Anonymous => None,
                CaseSubject::New(_) => created.next(),
                CaseSubject::Earlier(i) => subject_ids.get(i).copied().flatten(),
            };
            subject_ids.push(id);
        }
        let subjects = &subject_ids[first..];

        // Then the consents, which the interviews point at.
        let consents: Vec<RecordBody> = chunk
            .iter()
            .zip(subjects)
            .filter_map(|(c, &subject)| {
                c.screening.as_ref().map(|s| {
                    RecordBody::Consent(Consent {
                        subject,
                        ..s.consent.clone()
                    })
                })
            })
            .collect();
        let mut consent_ids = add(vault, consents)?.into_iter();

        // Then interviews and notes, in the order they happened.
        let mut bodies = Vec::new();
        let mut screened = Vec::new();
        for (case, &subject) in chunk.iter().zip(subjects) {
            if let Some(s) = &case.screening {
                let consent = consent_ids.next();
                screened.push((s, subject, consent, bodies.len()));
                bodies.push(RecordBody::Interview(Interview {
                    subject,
                    consent,
                    ..s.interview.clone()
                }));
                report.consents += 1;
                report.interviews += 1;
                *report.by_level.entry(s.level).or_default() += 1;
            }
            for n in &case.notes {
                bodies.push(RecordBody::OutreachNote(OutreachNote {
                    subject,
                    ..n.note.clone()
                }));
                report.notes += 1;
            }
        }
        let ids = add(vault, bodies)?;

        // Referrals, through the consent-checked path.
        for (s, subject, consent, index) in screened {
            let Some(&interview) = ids.get(index) else {
                continue;
            };
            for r in &s.referrals {
                let service = directory
                    .service(&r.service)
                    .ok_or_else(|| Error::invalid("service", "not in the services directory"))?;
                let id = create_referral(vault, interview, service, &r.reason)?;
                if r.status != ReferralStatus::Proposed {
                    vault.update(
                        id,
                        RecordBody::Referral(Referral {
                            subject,
                            consent,
                            ..r.clone()
                        }),
                    )?;
                }
                report.referrals += 1;
            }
        }
    }
    Ok(report)
}

/// Adds `bodies` in one transaction (none for an empty list).
fn add(vault: &Vault, bodies: Vec<RecordBody>) -> Result<Vec<RecordId>> {
    if bodies.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vault.add_many(bodies)?)
}

// ---------------------------------------------------------------------------------------
// Content.

struct DemoContent {
    form: Arc<Form>,
    rules: Arc<RuleSet>,
    directory: Arc<Directory>,
}

impl DemoContent {
    fn load(library: &Library) -> Result<Self> {
        Ok(DemoContent {
            form: library.form(FORM, None)?,
            rules: library.rule_set(DEFAULT_RULE_SET, None)?,
            directory: library.directory(DEFAULT_DIRECTORY, None)?,
        })
    }
}

/// The language a note is written in: index into the three-language text tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    En = 0,
    Ru = 1,
    Kk = 2,
}

impl Lang {
    fn from_code(code: &str) -> Lang {
        match code {
            "ru" => Lang::Ru,
            "kk" => Lang::Kk,
            _ => Lang::En,
        }
    }
    fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }
    fn of(self, texts: &[&'static str; 3]) -> &'static str {
        texts[self as usize]
    }
}

/// The kind of place an outreach worker visits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Setting {
    Market,
    BusStation,
    Border,
    Construction,
    Farm,
    Park,
    MigrationOffice,
    Workshop,
    Airport,
}

impl Setting {
    fn tag(self) -> &'static str {
        match self {
            Setting::Market => "market",
            Setting::BusStation => "bus-station",
            Setting::Border => "border",
            Setting::Construction => "construction",
            Setting::Farm => "agriculture",
            Setting::Park => "domestic-work",
            Setting::MigrationOffice => "migration-office",
            Setting::Workshop => "workshop",
            Setting::Airport => "airport",
        }
    }

    /// A spot within the place, `{n}` for a number (en, ru, kk).
    fn spots(self) -> &'static [[&'static str; 3]] {
        match self {
            Setting::Market => &[
                ["stall {n}", "место {n}", "{n}-орын"],
                ["row {n}", "ряд {n}", "{n}-қатар"],
            ],
            Setting::BusStation => &[["platform {n}", "платформа {n}", "{n}-платформа"]],
            Setting::Border => &[["queue, lane {n}", "очередь, полоса {n}", "кезек, {n}-жолақ"]],
            Setting::Construction => &[["block {n}", "корпус {n}", "{n}-блок"]],
            Setting::Farm => &[
                ["greenhouse {n}", "теплица {n}", "{n}-жылыжай"],
                ["field {n}", "участок {n}", "{n}-учаске"],
            ],
            Setting::Park => &[["near gate {n}", "у ворот {n}", "{n}-қақпа жанында"]],
            Setting::MigrationOffice => &[[
                "queue number {n}",
                "номер в очереди {n}",
                "кезектегі нөмір {n}",
            ]],
            Setting::Workshop => &[["box {n}", "бокс {n}", "{n}-бокс"]],
            Setting::Airport => &[[
                "arrivals, exit {n}",
                "прилёт, выход {n}",
                "келу залы, {n}-шығу",
            ]],
        }
    }
}

/// A public place where outreach happens. Positions are the landmark's, to two decimal
/// places (about a kilometre), as the app stores them.
struct Place {
    name: [&'static str; 3],
    setting: Setting,
    lat: f64,
    lon: f64,
    /// The city whose local services (as the directory names it) serve people met
    /// here; `None` leaves out no service.
    region: Option<&'static str>,
    /// The form's `sector` options of the people met here.
    sectors: &'static [&'static str],
    weight: u32,
}

const PLACES: &[Place] = &[
    Place {
        name: ["Barakholka market", "Барахолка", "Барахолка базары"],
        setting: Setting::Market,
        lat: 43.27,
        lon: 76.84,
        region: Some("Almaty"),
        sectors: &["bazaar_trade", "services", "factory"],
        weight: 14,
    },
    Place {
        name: ["Alatau market", "рынок Алатау", "Алатау базары"],
        setting: Setting::Market,
        lat: 43.30,
        lon: 76.86,
        region: Some("Almaty"),
        sectors: &["bazaar_trade", "agriculture", "services"],
        weight: 7,
    },
    Place {
        name: ["Zelyony Bazaar", "Зелёный базар", "Көк базар"],
        setting: Setting::Market,
        lat: 43.26,
        lon: 76.95,
        region: Some("Almaty"),
        sectors: &["bazaar_trade", "services"],
        weight: 8,
    },
    Place {
        name: [
            "Artem market (Astana)",
            "рынок «Артём» (Астана)",
            "«Артём» базары (Астана)",
        ],
        setting: Setting::Market,
        lat: 51.18,
        lon: 71.43,
        region: Some("Astana"),
        sectors: &["bazaar_trade", "services"],
        weight: 4,
    },
    Place {
        name: [
            "Osh bazaar (Bishkek)",
            "Ошский базар (Бишкек)",
            "Ош базары (Бішкек)",
        ],
        setting: Setting::Market,
        lat: 42.88,
        lon: 74.57,
        region: Some("Almaty"),
        sectors: &["bazaar_trade"],
        weight: 2,
    },
    Place {
        name: [
            "Sayran bus station",
            "автовокзал Сайран",
            "Сайран автовокзалы",
        ],
        setting: Setting::BusStation,
        lat: 43.24,
        lon: 76.87,
        region: Some("Almaty"),
        sectors: &[
            "construction",
            "agriculture",
            "domestic_work",
            "services",
            "online_work_abroad",
            "other",
        ],
        weight: 10,
    },
    Place {
        name: [
            "central bus station, Shymkent",
            "центральный автовокзал, Шымкент",
            "орталық автовокзал, Шымкент",
        ],
        setting: Setting::BusStation,
        lat: 42.32,
        lon: 69.60,
        region: Some("Shymkent"),
        sectors: &["construction", "agriculture", "services", "other"],
        weight: 6,
    },
    Place {
        name: [
            "Zhibek Zholy border post",
            "КПП «Жибек жолы»",
            "«Жібек жолы» өткізу пункті",
        ],
        setting: Setting::Border,
        lat: 41.37,
        lon: 69.17,
        region: Some("Shymkent"),
        sectors: &["construction", "agriculture", "bazaar_trade", "other"],
        weight: 6,
    },
    Place {
        name: [
            "Kordai border post",
            "КПП «Кордай»",
            "«Қордай» өткізу пункті",
        ],
        setting: Setting::Border,
        lat: 42.86,
        lon: 74.70,
        region: Some("Almaty"),
        sectors: &["construction", "agriculture", "bazaar_trade", "other"],
        weight: 4,
    },
    Place {
        name: [
            "Dostyk border post",
            "КПП «Достык»",
            "«Достық» өткізу пункті",
        ],
        setting: Setting::Border,
        lat: 45.25,
        lon: 82.49,
        region: Some("Almaty"),
        sectors: &["factory", "other"],
        weight: 2,
    },
    Place {
        name: [
            "construction site, Nauryzbay district (Almaty)",
            "стройка, Наурызбайский район (Алматы)",
            "құрылыс алаңы, Наурызбай ауданы (Алматы)",
        ],
        setting: Setting::Construction,
        lat: 43.20,
        lon: 76.80,
        region: Some("Almaty"),
        sectors: &["construction"],
        weight: 8,
    },
    Place {
        name: [
            "construction site, Esil district (Astana)",
            "стройка, район Есиль (Астана)",
            "құрылыс алаңы, Есіл ауданы (Астана)",
        ],
        setting: Setting::Construction,
        lat: 51.10,
        lon: 71.42,
        region: Some("Astana"),
        sectors: &["construction"],
        weight: 6,
    },
    Place {
        name: [
            "greenhouses near Talgar",
            "теплицы под Талгаром",
            "Талғар маңындағы жылыжайлар",
        ],
        setting: Setting::Farm,
        lat: 43.30,
        lon: 77.24,
        region: Some("Almaty"),
        sectors: &["agriculture"],
        weight: 4,
    },
    Place {
        name: [
            "cotton fields, Maktaaral district",
            "хлопковые поля, Мактааральский район",
            "мақта алқаптары, Мақтаарал ауданы",
        ],
        setting: Setting::Farm,
        lat: 40.80,
        lon: 68.40,
        region: Some("Shymkent"),
        sectors: &["agriculture"],
        weight: 3,
    },
    Place {
        name: [
            "onion fields, Merke district",
            "луковые поля, Меркенский район",
            "пияз алқаптары, Мерке ауданы",
        ],
        setting: Setting::Farm,
        lat: 42.87,
        lon: 73.18,
        region: Some("Shymkent"),
        sectors: &["agriculture"],
        weight: 3,
    },
    Place {
        name: [
            "Sunday meeting point, Gorky Park (Almaty)",
            "место встреч по воскресеньям, парк Горького (Алматы)",
            "жексенбілік кездесу орны, Горький саябағы (Алматы)",
        ],
        setting: Setting::Park,
        lat: 43.26,
        lon: 76.97,
        region: Some("Almaty"),
        sectors: &["domestic_work", "services"],
        weight: 5,
    },
    Place {
        name: [
            "queue at the migration service (Almaty)",
            "очередь в миграционной службе (Алматы)",
            "көші-қон қызметіндегі кезек (Алматы)",
        ],
        setting: Setting::MigrationOffice,
        lat: 43.24,
        lon: 76.91,
        region: Some("Almaty"),
        sectors: &[
            "construction",
            "agriculture",
            "bazaar_trade",
            "domestic_work",
            "factory",
            "services",
            "other",
        ],
        weight: 5,
    },
    Place {
        name: [
            "car wash on the edge of Shymkent",
            "автомойка на окраине Шымкента",
            "Шымкент шетіндегі көлік жуу орны",
        ],
        setting: Setting::Workshop,
        lat: 42.36,
        lon: 69.55,
        region: Some("Shymkent"),
        sectors: &["services"],
        weight: 2,
    },
    Place {
        name: [
            "garment workshops near Barakholka",
            "швейные цеха возле Барахолки",
            "Барахолка маңындағы тігін цехтары",
        ],
        setting: Setting::Workshop,
        lat: 43.28,
        lon: 76.83,
        region: Some("Almaty"),
        sectors: &["factory"],
        weight: 3,
    },
    Place {
        name: [
            "arrivals hall, Almaty airport",
            "зал прилёта, аэропорт Алматы",
            "Алматы әуежайының келу залы",
        ],
        setting: Setting::Airport,
        lat: 43.35,
        lon: 77.04,
        region: Some("Almaty"),
        sectors: &["online_work_abroad"],
        weight: 1,
    },
];

/// A kind of situation behind an interview: the questions answered "yes" and what the
/// worker writes about it.
struct Story {
    level: Level,
    /// The form's `sector` option.
    sector: &'static str,
    /// The person answered an online job offer abroad.
    online: bool,
    /// Answered "yes" every time. On their own they score at `level` (a test holds the
    /// bundled content to it).
    core: &'static [&'static str],
    /// Each answered "yes" now and then, as long as the result stays at `level`.
    extra: &'static [&'static str],
    /// Options of `help_wanted` the person may pick.
    help: &'static [&'static str],
    tags: &'static [&'static str],
    /// The worker's summary (en, ru, kk).
    line: [&'static str; 3],
    /// The person's gender, where the summary says it.
    gender: Option<Gender>,
    weight: u32,
}

const STORIES: &[Story] = &[
    // No indicator.
    Story {
        level: Level::None,
        sector: "bazaar_trade",
        online: false,
        core: &[],
        extra: &[],
        help: &["documents"],
        tags: &["patent"],
        line: [
            "Sells at a relative's stall, has a work patent, hours and pay as agreed.",
            "Торгует на точке родственника, патент есть, график и оплата как договаривались.",
            "Туысының орнында сауда жасайды, патенті бар, жұмыс уақыты мен ақысы келісілгендей.",
        ],
        gender: None,
        weight: 4,
    },
    Story {
        level: Level::None,
        sector: "construction",
        online: false,
        core: &[],
        extra: &[],
        help: &["legal"],
        tags: &["contract"],
        line: [
            "Works on a site with a written contract; pay comes on time.",
            "Работает на объекте по письменному договору, зарплату платят вовремя.",
            "Объектіде жазбаша шартпен жұмыс істейді, жалақы уақытында төленеді.",
        ],
        gender: None,
        weight: 4,
    },
    Story {
        level: Level::None,
        sector: "agriculture",
        online: false,
        core: &[],
        extra: &[],
        help: &["medical"],
        tags: &["seasonal-work"],
        line: [
            "Seasonal work with a group from the same village; says conditions are as promised.",
            "Сезонная работа с земляками из одного села, говорит, что условия как обещали.",
            "Бір ауылдан келген топпен маусымдық жұмыс, шарттар уәде етілгендей дейді.",
        ],
        gender: None,
        weight: 3,
    },
    Story {
        level: Level::None,
        sector: "other",
        online: false,
        core: &[],
        extra: &[],
        help: &["return_home"],
        tags: &["transit"],
        line: [
            "On the way home after the season; no problems with work reported.",
            "Едет домой после сезона, проблем с работой не называет.",
            "Маусымнан кейін үйіне қайтып барады, жұмыста қиындық болмаған дейді.",
        ],
        gender: None,
        weight: 2,
    },
    Story {
        level: Level::None,
        sector: "domestic_work",
        online: false,
        core: &[],
        extra: &[],
        help: &["documents"],
        tags: &["registration"],
        line: [
            "Works as a nanny, lives separately, free on Sundays; asked about registration.",
            "Работает няней, живёт отдельно, по воскресеньям выходной; спрашивает про регистрацию.",
            "Бала күтуші болып жұмыс істейді, бөлек тұрады, жексенбі демалыс; тіркеу туралы сұрады.",
        ],
        gender: None,
        weight: 2,
    },
    Story {
        level: Level::None,
        sector: "services",
        online: false,
        core: &[],
        extra: &[],
        help: &["legal"],
        tags: &["daily-pay"],
        line: [
            "Works for daily pay in the service trade; asked about labour rights.",
            "Работает в сфере услуг с ежедневной оплатой; спрашивает о трудовых правах.",
            "Қызмет көрсету саласында күнделікті ақыға жұмыс істейді; еңбек құқықтары туралы сұрады.",
        ],
        gender: None,
        weight: 2,
    },
    // Some indicators: monitor.
    Story {
        level: Level::Monitor,
        sector: "bazaar_trade",
        online: false,
        core: &["underpaid"],
        extra: &["long_hours", "bad_living"],
        help: &["labour_dispute", "legal"],
        tags: &["wages"],
        line: [
            "Paid less than agreed at the stall; long days in the season.",
            "На точке платят меньше, чем договаривались; в сезон длинные дни.",
            "Орында келіскеннен аз төлейді; маусымда жұмыс күні ұзақ.",
        ],
        gender: None,
        weight: 3,
    },
    Story {
        level: Level::Monitor,
        sector: "construction",
        online: false,
        core: &["wages_deceived", "underpaid"],
        extra: &["bad_living", "pay_withheld"],
        help: &["labour_dispute", "legal"],
        tags: &["wages"],
        line: [
            "The recruiter promised more than the foreman pays; part of the pay is late.",
            "Вербовщик обещал больше, чем платит бригадир; часть денег задерживают.",
            "Жалдаушы бригадир төлейтіннен көп уәде еткен; ақының бір бөлігі кешіктіріледі.",
        ],
        gender: None,
        weight: 3,
    },
    Story {
        level: Level::Monitor,
        sector: "agriculture",
        online: false,
        core: &["recruit_no_papers", "afraid_of_authorities"],
        extra: &["unknown_area", "recruit_money_pressure"],
        help: &["documents", "legal"],
        tags: &["documents", "registration"],
        line: [
            "Came without a patent and is afraid to go to the migration service.",
            "Патента нет, боится обращаться в миграционную службу.",
            "Патентсіз келген, көші-қон қызметіне баруға қорқады.",
        ],
        gender: None,
        weight: 2,
    },
    Story {
        level: Level::Monitor,
        sector: "agriculture",
        online: false,
        core: &["long_hours", "hazardous_work"],
        extra: &["bad_living", "underpaid"],
        help: &["medical", "labour_dispute"],
        tags: &["working-hours", "health"],
        line: [
            "Twelve-hour days spraying chemicals without protection.",
            "Рабочий день по двенадцать часов, опрыскивают химикатами без защиты.",
            "Күніне он екі сағат жұмыс, химикаттарды қорғаныссыз шашады.",
        ],
        gender: None,
        weight: 2,
    },
    Story {
        level: Level::Monitor,
        sector: "factory",
        online: false,
        core: &["pay_withheld"],
        extra: &["underpaid", "depends_on_employer"],
        help: &["labour_dispute"],
        tags: &["wages"],
        line: [
            "Last month's pay is held back \"until the order is finished\".",
            "Зарплату за прошлый месяц держат «до сдачи заказа».",
            "Өткен айдың жалақысын «тапсырыс біткенше» ұстап отыр.",
        ],
        gender: None,
        weight: 2,
    },
    Story {
        level: Level::Monitor,
        sector: "online_work_abroad",
        online: true,
        core: &["recruit_no_information"],
        extra: &["scam_ticket_debt"],
        help: &["legal"],
        tags: &["online-recruitment"],
        line: [
            "Has an online offer for call-centre work abroad; knows little about the employer.",
            "Есть онлайн-предложение работы в колл-центре за границей, о работодателе почти ничего не знает.",
            "Шетелдегі колл-орталыққа онлайн жұмыс ұсынысы бар, жұмыс беруші туралы аз біледі.",
        ],
        gender: None,
        weight: 1,
    },
    // Possible trafficking: refer for full identification.
    Story {
        level: Level::Possible,
        sector: "construction",
        online: false,
        core: &["job_different", "wages_deceived", "long_hours", "underpaid"],
        extra: &["bad_living", "pay_withheld", "unknown_area"],
        help: &["labour_dispute", "legal"],
        tags: &["wages", "deception"],
        line: [
            "Promised a warehouse job; in fact a construction site from dawn to night for half the pay.",
            "Обещали работу на складе, а на деле стройка с утра до ночи за половину обещанного.",
            "Қоймадағы жұмысты уәде еткен, құрылыста таңнан түнге дейін уәденің жартысына істейді.",
        ],
        gender: None,
        weight: 3,
    },
    Story {
        level: Level::Possible,
        sector: "bazaar_trade",
        online: false,
        core: &["documents_taken", "pay_withheld"],
        extra: &["underpaid", "depends_on_employer", "afraid_of_authorities"],
        help: &["documents", "legal"],
        tags: &["documents", "wages"],
        line: [
            "The stall owner keeps the passport \"as a guarantee\" and holds back the pay.",
            "Хозяин точки держит паспорт «как гарантию» и задерживает оплату.",
            "Орын иесі төлқұжатты «кепіл ретінде» ұстап, ақысын кешіктіреді.",
        ],
        gender: None,
        weight: 3,
    },
    Story {
        level: Level::Possible,
        sector: "agriculture",
        online: false,
        core: &["debt_to_employer", "threat_police"],
        extra: &[
            "recruit_money_pressure",
            "bad_living",
            "afraid_of_authorities",
        ],
        help: &["legal", "return_home"],
        tags: &["debt"],
        line: [
            "A debt to the farmer for the journey and food; threatened with the police if they leave.",
            "Долг фермеру за дорогу и еду; грозят сдать в полицию, если уйдёт.",
            "Жол мен тамақ үшін фермерге қарыз; кетсе полицияға береміз дейді.",
        ],
        gender: None,
        weight: 2,
    },
    Story {
        level: Level::Possible,
        sector: "other",
        online: false,
        core: &["recruit_violence", "recruit_threats"],
        extra: &["recruit_money_pressure", "unknown_area"],
        help: &["psychological", "legal"],
        tags: &["violence", "recruitment"],
        line: [
            "The recruiter's people used violence when the person tried to turn the job down.",
            "При попытке отказаться от работы люди вербовщика применили силу.",
            "Жұмыстан бас тартпақ болғанда жалдаушының адамдары күш қолданған.",
        ],
        gender: None,
        weight: 2,
    },
    Story {
        level: Level::Possible,
        sector: "domestic_work",
        online: false,
        core: &[
            "recruit_money_pressure",
            "recruit_no_papers",
            "recruit_no_information",
            "depends_on_employer",
            "unknown_area",
            "afraid_of_authorities",
        ],
        extra: &["underpaid"],
        help: &["documents", "shelter"],
        tags: &["documents", "housing"],
        line: [
            "Lives in the employer's house, no papers, does not know the city and depends on the family for everything.",
            "Живёт в доме работодателя, без документов, города не знает и во всём зависит от семьи.",
            "Жұмыс берушінің үйінде тұрады, құжаты жоқ, қаланы білмейді, бәрінде отбасыға тәуелді.",
        ],
        gender: None,
        weight: 2,
    },
    Story {
        level: Level::Possible,
        sector: "online_work_abroad",
        online: true,
        core: &[
            "job_different",
            "wages_deceived",
            "scam_passport",
            "scam_quotas",
        ],
        extra: &["scam_ticket_debt"],
        help: &["documents", "legal", "psychological"],
        tags: &["online-recruitment", "documents"],
        line: [
            "Went abroad for an \"IT job\"; the passport was taken on arrival and there were daily quotas.",
            "Поездка за границу на «работу в IT»: паспорт забрали по приезде, были ежедневные нормы.",
            "Шетелге «IT жұмысына» барған, келгенде төлқұжатын алып қойған, күнделікті норма болған.",
        ],
        gender: None,
        weight: 1,
    },
    // Likely trafficking: refer urgently.
    Story {
        level: Level::Likely,
        sector: "construction",
        online: false,
        core: &[
            "job_different",
            "wages_deceived",
            "long_hours",
            "underpaid",
            "documents_taken",
            "debt_to_employer",
        ],
        extra: &[
            "bad_living",
            "cannot_leave",
            "threat_police",
            "hazardous_work",
            "violence",
            "watched_now",
        ],
        help: &["documents", "legal", "shelter", "labour_dispute"],
        tags: &["documents", "debt", "deception"],
        line: [
            "The foreman took the passports of the whole brigade; a \"debt\" for the trip grows every month; work seven days a week.",
            "Бригадир забрал паспорта у всей бригады, «долг» за дорогу растёт каждый месяц, работают без выходных.",
            "Бригадир бүкіл бригаданың төлқұжатын алған, жол үшін «қарыз» ай сайын өседі, демалыссыз жұмыс істейді.",
        ],
        gender: None,
        weight: 3,
    },
    Story {
        level: Level::Likely,
        sector: "agriculture",
        online: false,
        core: &[
            "recruit_money_pressure",
            "recruit_no_papers",
            "recruit_no_information",
            "long_hours",
            "bad_living",
            "pay_withheld",
            "documents_taken",
        ],
        extra: &[
            "hazardous_work",
            "threat_police",
            "cannot_leave",
            "debt_to_employer",
            "afraid_of_authorities",
        ],
        help: &["documents", "legal", "return_home", "shelter"],
        tags: &["documents", "wages", "housing"],
        line: [
            "Brought to the fields without papers; sleeps in a shed; the farmer keeps the documents and pays \"at the end of the season\".",
            "Привезли на поля без документов, спит в сарае, фермер держит документы и платит «в конце сезона».",
            "Егістікке құжатсыз әкелген, қорада түнейді, фермер құжаттарды ұстап, «маусым соңында» төлейміз дейді.",
        ],
        gender: None,
        weight: 3,
    },
    Story {
        level: Level::Likely,
        sector: "domestic_work",
        online: false,
        core: &[
            "conditions_deceived",
            "job_different",
            "long_hours",
            "underpaid",
            "documents_taken",
            "cannot_leave",
        ],
        extra: &[
            "depends_on_employer",
            "unknown_area",
            "forced_to_lie",
            "watched_now",
            "threat_family",
        ],
        help: &["shelter", "documents", "legal", "psychological"],
        tags: &["documents", "housing", "working-hours"],
        line: [
            "Came to care for an elderly woman, cleans three houses instead; the passport is with the employer and she is let out only on Sundays.",
            "Приехала ухаживать за пожилой женщиной, убирает три дома; паспорт у работодателя, выпускают только по воскресеньям.",
            "Қарт әйелді күтуге келген, үш үй жинайды; төлқұжаты жұмыс берушіде, тек жексенбіде шығарады.",
        ],
        gender: Some(Gender::Female),
        weight: 2,
    },
    Story {
        level: Level::Likely,
        sector: "online_work_abroad",
        online: true,
        core: &[
            "job_different",
            "wages_deceived",
            "long_hours",
            "bad_living",
            "scam_passport",
            "scam_cannot_leave",
            "scam_quotas",
        ],
        extra: &[
            "scam_defraud",
            "scam_ticket_debt",
            "violence",
            "forced_to_lie",
        ],
        help: &["documents", "psychological", "legal", "medical"],
        tags: &["online-recruitment", "documents"],
        line: [
            "Recruited online for customer-service work abroad; held in a compound, passport taken, punished for missing scam quotas.",
            "Вербовка онлайн на работу в службе поддержки за границей; держали на закрытой территории, паспорт забрали, наказывали за невыполнение норм.",
            "Шетелдегі қолдау қызметіне онлайн жалданған; жабық аумақта ұстаған, төлқұжатын алған, норма орындамағаны үшін жазалаған.",
        ],
        gender: None,
        weight: 1,
    },
    Story {
        level: Level::Likely,
        sector: "services",
        online: false,
        core: &[
            "job_different",
            "conditions_deceived",
            "long_hours",
            "underpaid",
            "sexual_pressure",
            "forced_sex_clients",
            "documents_taken",
        ],
        extra: &["cannot_leave", "debt_to_employer", "threat_police"],
        help: &["shelter", "medical", "psychological", "legal"],
        tags: &["sexual-exploitation", "documents"],
        line: [
            "Came for a job as a waitress; the owner keeps her passport and pressures her to \"meet clients\".",
            "Приехала работать официанткой; хозяин держит паспорт и принуждает «встречаться с клиентами».",
            "Даяшы болып жұмыс істеуге келген; иесі төлқұжатын ұстап, «клиенттермен кездесуге» мәжбүрлейді.",
        ],
        gender: Some(Gender::Female),
        weight: 1,
    },
    Story {
        level: Level::Likely,
        sector: "bazaar_trade",
        online: false,
        core: &[
            "job_different",
            "papers_deceived",
            "long_hours",
            "bad_living",
            "debt_to_employer",
            "threat_police",
            "cannot_leave",
        ],
        extra: &["underpaid", "watched_now", "depends_on_employer"],
        help: &["documents", "legal", "shelter"],
        tags: &["debt", "deception"],
        line: [
            "Told the papers would be arranged; now carries goods from night to night, sleeps in the container and \"owes\" the owner for registration.",
            "Обещали оформить документы; теперь таскает товар с ночи до ночи, спит в контейнере, «долг» хозяину за «регистрацию».",
            "Құжатты рәсімдейміз деген; түннен түнге дейін тауар тасиды, контейнерде түнейді, иесіне «тіркеу» үшін қарыз.",
        ],
        gender: None,
        weight: 2,
    },
];

/// First sentences of a contact note, by the settings they fit (any when empty) and the
/// gender of the person met, when they describe one (en, ru, kk).
const OPENERS: &[(&[Setting], Option<Gender>, [&str; 3])] = &[
    (
        &[],
        None,
        [
            "Handed out leaflets in Russian and Uzbek; a few people stopped to ask questions.",
            "Раздали листовки на русском и узбекском, несколько человек остановились с вопросами.",
            "Орыс және өзбек тілдеріндегі парақшаларды таратып бердік, бірнеше адам тоқтап сұрақ қойды.",
        ],
    ),
    (
        &[],
        None,
        [
            "Someone came up to us after seeing the hotline poster.",
            "Человек сам подошёл к нам, увидев плакат горячей линии.",
            "Сенім телефонының плакатын көрген адам өзі келді.",
        ],
    ),
    (
        &[Setting::Market],
        Some(Gender::Male),
        [
            "Short conversation with a man unloading goods; he was in a hurry.",
            "Короткий разговор с мужчиной, который разгружал товар, он торопился.",
            "Тауар түсіріп жатқан ер адаммен қысқа сөйлестік, ол асығып жүрді.",
        ],
    ),
    (
        &[Setting::Market],
        Some(Gender::Female),
        [
            "Met a woman selling vegetables who asked about work patents.",
            "Встретили женщину, продающую овощи, спрашивала про патент на работу.",
            "Көкөніс сататын әйелмен кездестік, жұмысқа патент туралы сұрады.",
        ],
    ),
    (
        &[Setting::BusStation, Setting::Airport],
        Some(Gender::Male),
        [
            "Spoke with two young men who arrived this morning looking for work.",
            "Поговорили с двумя молодыми людьми, утром приехали искать работу.",
            "Таңертең жұмыс іздеп келген екі жігітпен сөйлестік.",
        ],
    ),
    (
        &[Setting::BusStation, Setting::Farm],
        None,
        [
            "A group of {n} seasonal workers was waiting for a minibus to the fields.",
            "Группа из {n} сезонных рабочих ждала маршрутку на поля.",
            "Егістікке баратын шағын автобусты {n} маусымдық жұмысшы күтіп тұрды.",
        ],
    ),
    (
        &[Setting::Border],
        None,
        [
            "Long queue at the checkpoint; talked with people waiting to cross.",
            "Длинная очередь на КПП, поговорили с людьми, ожидающими перехода.",
            "Өткізу пунктінде ұзын кезек, өтуді күтіп тұрған адамдармен сөйлестік.",
        ],
    ),
    (
        &[Setting::Construction, Setting::Farm, Setting::Workshop],
        None,
        [
            "Talked with a group of {n} workers during the lunch break.",
            "Поговорили с группой из {n} рабочих в обеденный перерыв.",
            "Түскі үзілісте {n} жұмысшыдан тұратын топпен сөйлестік.",
        ],
    ),
    (
        &[Setting::Construction],
        Some(Gender::Male),
        [
            "Met a man who sleeps at the site; he asked where to get free medical help.",
            "Встретили мужчину, который ночует на объекте, спрашивал, где получить бесплатную медицинскую помощь.",
            "Объектіде түнейтін ер адамды кездестірдік, тегін медициналық көмекті қайдан алуға болатынын сұрады.",
        ],
    ),
    (
        &[Setting::Park],
        Some(Gender::Female),
        [
            "Talked with a woman who cleans houses in the area; she had questions about registration.",
            "Поговорили с женщиной, которая убирает дома в этом районе, были вопросы про регистрацию.",
            "Осы маңда үй жинайтын әйелмен сөйлестік, тіркеу туралы сұрақтары болды.",
        ],
    ),
    (
        &[Setting::MigrationOffice],
        None,
        [
            "Talked with people in the queue for work patents.",
            "Поговорили с людьми в очереди за патентом.",
            "Патент алу кезегіндегі адамдармен сөйлестік.",
        ],
    ),
];

/// A visit with little to report (en, ru, kk).
const QUIET: [&str; 3] = [
    "Quiet day, only a few conversations.",
    "Спокойный день, всего несколько разговоров.",
    "Тыныш күн, бірнеше ғана әңгіме болды.",
];

/// What the person said, in a contact note without a screening (en, ru, kk).
const DETAILS: &[[&str; 3]] = &[
    [
        "Asked how to renew a work patent.",
        "Спрашивает, как продлить патент на работу.",
        "Жұмысқа патентті қалай ұзартуға болатынын сұрады.",
    ],
    [
        "Says the employer pays on time but there is no written contract.",
        "Говорит, что работодатель платит вовремя, но письменного договора нет.",
        "Жұмыс беруші жалақыны уақытында төлейді, бірақ жазбаша шарт жоқ дейді.",
    ],
    [
        "Worried about the cost of the patent and the medical insurance.",
        "Беспокоится о стоимости патента и медицинской страховки.",
        "Патент пен медициналық сақтандырудың құнына алаңдайды.",
    ],
    [
        "Has been in Kazakhstan for {n} months and sends money home every month.",
        "В Казахстане уже {n} месяцев, каждый месяц отправляет деньги домой.",
        "Қазақстанда {n} ай болды, үйіне ай сайын ақша жібереді.",
    ],
    [
        "Wanted to know where to learn Russian for free.",
        "Хочет знать, где можно бесплатно учить русский язык.",
        "Орыс тілін тегін қайдан үйренуге болатынын білгісі келеді.",
    ],
    [
        "Shares a rented room with {n} other people.",
        "Снимает комнату вместе с ещё {n} людьми.",
        "Жалға алынған бөлмеде тағы {n} адаммен тұрады.",
    ],
    [
        "Did not want to talk much; took a leaflet.",
        "Долго говорить не стали, взяли листовку.",
        "Көп сөйлескісі келмеді, парақша алды.",
    ],
    [
        "Asked what happens when the registration runs out.",
        "Спрашивает, что будет, когда закончится регистрация.",
        "Тіркеу мерзімі біткенде не болатынын сұрады.",
    ],
];

/// What the worker did (en, ru, kk).
const ACTIONS: &[[&str; 3]] = &[
    [
        "Gave the 111 hotline number and a leaflet in their language.",
        "Дали номер горячей линии 111 и листовку на родном языке.",
        "111 сенім телефонының нөмірін және ана тіліндегі парақшаны бердік.",
    ],
    [
        "Explained workers' rights and where to get free legal advice.",
        "Рассказали о правах работников и о бесплатной юридической консультации.",
        "Жұмысшылардың құқықтары және тегін заң кеңесі туралы айттық.",
    ],
    [
        "Agreed to meet again next week at the same place.",
        "Договорились встретиться снова через неделю на том же месте.",
        "Келесі аптада осы жерде қайта кездесуге келістік.",
    ],
    [
        "Left our contact card.",
        "Оставили нашу визитку.",
        "Байланыс карточкамызды қалдырдық.",
    ],
    [
        "Explained how to check that an employer is registered.",
        "Объяснили, как проверить, зарегистрирован ли работодатель.",
        "Жұмыс берушінің тіркелгенін қалай тексеруге болатынын түсіндірдік.",
    ],
];

/// A later contact with the same person (en, ru, kk).
const FOLLOW_UPS: &[[&str; 3]] = &[
    [
        "Follow-up: met again; says things are the same.",
        "Повторная встреча: говорит, что всё по-прежнему.",
        "Қайта кездесу: бәрі бұрынғыдай дейді.",
    ],
    [
        "Follow-up: the patent is renewed; thanked us.",
        "Повторная встреча: патент продлён, благодарит.",
        "Қайта кездесу: патенті ұзартылды, алғысын айтты.",
    ],
    [
        "Follow-up: could not find them at the usual place.",
        "Повторный визит: на обычном месте не нашли.",
        "Қайта бару: әдеттегі орнынан таба алмадық.",
    ],
    [
        "Follow-up: now on another site, in touch by messenger.",
        "Повторная встреча: сейчас на другом объекте, на связи через мессенджер.",
        "Қайта кездесу: қазір басқа объектіде, мессенджер арқылы байланыста.",
    ],
];

const FOLLOW_UP_REFERRAL: [&str; 3] = [
    "Follow-up call: the appointment with the service is set.",
    "Повторный звонок: встреча в службе назначена.",
    "Қайта қоңырау: қызметтегі кездесу белгіленді.",
];

const BEFORE_SCREENING: [&str; 3] = [
    "Agreed to a short screening interview.",
    "Согласие на короткое интервью получено.",
    "Қысқа сұхбатқа келісім берді.",
];

/// `{language}` is the interview language, named in the note's language.
const SCREENED: [&str; 3] = [
    "Screening interview in {language}.",
    "Провели скрининг-интервью на {language} языке.",
    "Скрининг сұхбаты {language} тілінде өтті.",
];

const LANGUAGE_NAMES: &[(&str, [&str; 3])] = &[
    ("uz", ["Uzbek", "узбекском", "өзбек"]),
    ("ky", ["Kyrgyz", "кыргызском", "қырғыз"]),
    ("tg", ["Tajik", "таджикском", "тәжік"]),
    ("ru", ["Russian", "русском", "орыс"]),
    ("kk", ["Kazakh", "казахском", "қазақ"]),
    ("en", ["English", "английском", "ағылшын"]),
];

/// The worker's reading of the result: advice, never a finding (en, ru, kk).
fn result_line(level: Level) -> [&'static str; 3] {
    match level {
        Level::None => [
            "No indicators raised; gave information on rights and the 111 number.",
            "Индикаторов нет; рассказали о правах и дали номер 111.",
            "Индикаторлар жоқ; құқықтар туралы айтып, 111 нөмірін бердік.",
        ],
        Level::Monitor => [
            "Some indicators: keep in touch and check again.",
            "Есть отдельные индикаторы: поддерживать связь и проверить снова.",
            "Кейбір индикаторлар бар: байланысты үзбей, қайта тексеру керек.",
        ],
        Level::Possible => [
            "Possible indicators of trafficking: refer for full identification.",
            "Возможные признаки торговли людьми: направить на полную идентификацию.",
            "Адам саудасының ықтимал белгілері: толық сәйкестендіруге жолдау керек.",
        ],
        Level::Likely => [
            "Likely indicators of trafficking: refer urgently for full identification.",
            "Вероятные признаки торговли людьми: срочно направить на полную идентификацию.",
            "Адам саудасының айқын белгілері: шұғыл түрде толық сәйкестендіруге жолдау керек.",
        ],
    }
}

/// An answer signalled immediate danger (en, ru, kk).
const DANGER: [&str; 3] = [
    "Said they are in danger now: we went through the emergency steps together.",
    "Сообщает о непосредственной опасности: вместе прошли экстренные шаги.",
    "Қазір қауіп төніп тұрғанын айтты: шұғыл қадамдарды бірге өттік.",
];

const REFERRAL_PROPOSED: [&str; 3] = [
    "Referral proposed.",
    "Предложено направление.",
    "Жолдама ұсынылды.",
];

/// Descriptions of a person, never a name (en, ru, kk).
const MEN: &[[&str; 3]] = &[
    [
        "man in a blue cap",
        "мужчина в синей кепке",
        "көк кепкалы ер адам",
    ],
    [
        "man in a grey jacket",
        "мужчина в серой куртке",
        "сұр күртешелі ер адам",
    ],
    [
        "young man with a red backpack",
        "парень с красным рюкзаком",
        "қызыл рюкзакты жігіт",
    ],
    [
        "man in an orange work vest",
        "мужчина в оранжевом жилете",
        "қызғылт сары жилетті ер адам",
    ],
    [
        "young man in a black tracksuit",
        "парень в чёрном спортивном костюме",
        "қара спорттық киімді жігіт",
    ],
    [
        "man with a green bag",
        "мужчина с зелёной сумкой",
        "жасыл сөмкелі ер адам",
    ],
    [
        "man in a striped scarf",
        "мужчина в полосатом шарфе",
        "жолақ шарфты ер адам",
    ],
];

const WOMEN: &[[&str; 3]] = &[
    [
        "woman in a green headscarf",
        "женщина в зелёном платке",
        "жасыл орамалды әйел",
    ],
    [
        "woman in a red coat",
        "женщина в красном пальто",
        "қызыл пальтолы әйел",
    ],
    [
        "young woman with a blue bag",
        "девушка с синей сумкой",
        "көк сөмкелі қыз",
    ],
    [
        "woman in a yellow apron",
        "женщина в жёлтом фартуке",
        "сары алжапқышты әйел",
    ],
    [
        "older woman with a striped bag",
        "пожилая женщина с полосатой сумкой",
        "жолақ сөмкелі егде әйел",
    ],
    [
        "woman in a purple jacket",
        "женщина в фиолетовой куртке",
        "күлгін күртешелі әйел",
    ],
];

const PEOPLE: &[[&str; 3]] = &[
    [
        "person in a grey hoodie",
        "человек в серой толстовке",
        "сұр капюшонды адам",
    ],
    [
        "person with a black umbrella",
        "человек с чёрным зонтом",
        "қара қолшатырлы адам",
    ],
];

// ---------------------------------------------------------------------------------------
// Generation.

struct Generator<'a> {
    rng: ChaCha8Rng,
    content: DemoContent,
    config: &'a GeneratorConfig,
    /// The first day of the period.
    start: NaiveDate,
    /// The last moment of the period.
    last: DateTime<Utc>,
    /// The levels still to give in the current block of twenty interviews.
    levels: Vec<Level>,
    /// Cases that created a subject, with the day of their last note and their place:
    /// candidates for follow-ups.
    subjects: Vec<(usize, u32, &'static Place)>,
}

/// The person met in a case (recorded or not).
struct Person {
    nationality: Option<&'static str>,
    gender: Gender,
    age: AgeBand,
    /// The interview language (one the form runs in).
    language: &'static str,
}

/// Where a contact happened and the language the worker writes about it in.
#[derive(Clone, Copy)]
struct Visit {
    place: &'static Place,
    lang: Lang,
    /// A spot within the place (en, ru, kk), `{n}` for `number`.
    spot: &'static [&'static str; 3],
    number: u32,
}

impl Visit {
    fn spot(&self) -> String {
        fill_n(self.lang.of(self.spot), self.number)
    }
}

/// The midnight-relative minute `minute` of local day `day`, in UTC.
fn local(day: NaiveDate, minute: u32) -> Result<DateTime<Utc>> {
    let time = NaiveTime::from_num_seconds_from_midnight_opt(minute.min(24 * 60 - 1) * 60, 0)
        .ok_or_else(|| Error::invalid("time", "out of range"))?;
    let utc = day
        .and_time(time)
        .checked_sub_signed(TimeDelta::hours(LOCAL_OFFSET_HOURS))
        .ok_or_else(|| Error::invalid("end", "out of the supported date range"))?;
    Ok(Utc.from_utc_datetime(&utc))
}

fn minutes(n: u32) -> TimeDelta {
    TimeDelta::minutes(i64::from(n))
}

fn fill_n(template: &str, n: u32) -> String {
    template.replace("{n}", &n.to_string())
}

/// Content of the wrong shape for the generator: say which, without any value.
fn unfit(problem: &str) -> Error {
    Error::Content(ContentError::InvalidContent {
        what: "form",
        problems: vec![format!("the demo generator cannot use it: {problem}")],
    })
}

impl<'a> Generator<'a> {
    fn new(library: &Library, config: &'a GeneratorConfig) -> Result<Self> {
        config.check()?;
        let start = config
            .end
            .checked_sub_days(Days::new(u64::from(config.days) - 1))
            .ok_or_else(|| Error::invalid("end", "the period starts before the calendar does"))?;
        Ok(Generator {
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            content: DemoContent::load(library)?,
            config,
            start,
            last: local(config.end, 23 * 60 + 59)?,
            levels: Vec::new(),
            subjects: Vec::new(),
        })
    }

    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            0
        } else {
            self.rng.random_range(0..n)
        }
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u32) -> bool {
        self.rng.random_range(0..100u32) < percent
    }

    fn between(&mut self, low: u32, high: u32) -> u32 {
        if high <= low {
            low
        } else {
            self.rng.random_range(low..=high)
        }
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> Option<&'t T> {
        if items.is_empty() {
            return None;
        }
        let i = self.below(items.len());
        items.get(i)
    }

    fn weighted<'t, T>(&mut self, items: &'t [T], weight: impl Fn(&T) -> u32) -> Option<&'t T> {
        let total: u64 = items.iter().map(|i| u64::from(weight(i))).sum();
        if total == 0 {
            return None;
        }
        let mut x = self.rng.random_range(0..total);
        for item in items {
            let w = u64::from(weight(item));
            if x < w {
                return Some(item);
            }
            x -= w;
        }
        None
    }

    fn weighted_code(&mut self, items: &[(&'static str, u32)]) -> &'static str {
        self.weighted(items, |i| i.1).map_or("", |i| i.0)
    }

    /// The next level of the current block of twenty interviews.
    fn next_level(&mut self) -> Level {
        if self.levels.is_empty() {
            for (level, n) in LEVEL_MIX {
                self.levels.extend(std::iter::repeat_n(level, n));
            }
            self.levels.shuffle(&mut self.rng);
        }
        self.levels.pop().unwrap_or(Level::None)
    }

    /// Case number `index`, when `used` records of the budget are already taken.
    fn case(&mut self, index: usize, used: usize) -> Result<Case> {
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

        let story = if screening {
            let level = self.next_level();
            let candidates: Vec<&'static Story> =
                STORIES.iter().filter(|s| s.level == level).collect();
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
                let fits: Vec<&'static Place> = PLACES
                    .iter()
                    .filter(|p| p.sectors.contains(&s.sector))
                    .collect();
                *self
                    .weighted(&fits, |p| p.weight)
                    .ok_or_else(|| unfit("no place for a sector"))?
            }
            None => self
                .weighted(PLACES, |p| p.weight)
                .ok_or_else(|| unfit("no place"))?,
        };
        let sector = match story {
            Some(s) => s.sector,
            None => self.pick(place.sectors).copied().unwrap_or("other"),
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
                        lang.of(&BEFORE_SCREENING)
                    );
                    case_notes.push(self.note(visit, text, t, &["first-contact"])?);
                    t = (t + minutes(self.between(10, 40))).min(self.last);
                }
                let s = self.screening(story, &person, with_subject, visit, t, referral_budget)?;
                let finished = s.interview.finished_at.unwrap_or(t);
                let after = (finished + minutes(self.between(5, 25))).min(self.last);
                let mut text = format!(
                    "{} {} {}",
                    screened_line(lang, person.language),
                    lang.of(&story.line),
                    lang.of(&result_line(s.level))
                );
                let mut tags: Vec<&str> = vec!["screening"];
                if !prior {
                    tags.push("first-contact");
                }
                tags.extend(story.tags);
                if s.interview
                    .assessment
                    .as_ref()
                    .is_some_and(|a| a.urgent_safety)
                {
                    text.push(' ');
                    text.push_str(lang.of(&DANGER));
                    tags.push("urgent");
                }
                if !s.referrals.is_empty() {
                    text.push(' ');
                    text.push_str(lang.of(&REFERRAL_PROPOSED));
                    tags.push("referral");
                }
                case_notes.push(self.note(visit, text, after, &tags)?);
                if notes >= 3 {
                    let later = self.later(after)?;
                    let line = if s.referrals.is_empty() {
                        self.pick(FOLLOW_UPS).unwrap_or(&FOLLOW_UP_REFERRAL)
                    } else {
                        &FOLLOW_UP_REFERRAL
                    };
                    let text = lang.of(line).to_string();
                    case_notes.push(self.note(visit, text, later, &["follow-up"])?);
                }
                Some(s)
            }
            None if !with_subject && self.chance(8) => {
                let action = self.pick(ACTIONS).map_or("", |a| lang.of(a));
                let text = format!("{} {action}", lang.of(&QUIET));
                case_notes.push(self.note(visit, text, base, &[])?);
                None
            }
            None => {
                let mut text = self.opener(visit, person.gender);
                if self.chance(60) {
                    text.push(' ');
                    text.push_str(&self.detail(lang));
                }
                let action = self.below(ACTIONS.len());
                text.push(' ');
                text.push_str(ACTIONS.get(action).map_or("", |a| lang.of(a)));
                let mut tags = vec!["first-contact"];
                if action == 0 {
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
                    let text = lang.of(self.pick(FOLLOW_UPS).unwrap_or(&FOLLOW_UP_REFERRAL));
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
        let text = lang.of(self.pick(FOLLOW_UPS).unwrap_or(&FOLLOW_UP_REFERRAL));
        let mut notes = vec![self.note(visit, text.to_string(), t, &["follow-up"])?];
        if remaining >= 2 && self.chance(30) {
            let later = (t + minutes(self.between(15, 60))).min(self.last);
            let action = self.pick(ACTIONS).map_or("", |a| lang.of(a));
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
        let spot = self.pick(place.setting.spots()).unwrap_or(&["", "", ""]);
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
        let languages: &[(&str, u32)] = match nationality {
            Some("UZ") => &[("uz", 65), ("ru", 35)],
            Some("KG") => &[("ky", 55), ("ru", 45)],
            Some("TJ") => &[("tg", 65), ("ru", 35)],
            Some("KZ") => &[("kk", 55), ("ru", 45)],
            Some("TM") => &[("ru", 85), ("en", 15)],
            // Dari speakers often follow Tajik.
            Some("AF") => &[("tg", 55), ("en", 45)],
            _ => &[("ru", 100)],
        };
        let mut language = self.weighted_code(languages);
        if !self.content.form.supports(language) {
            language = fallback_language(&self.content.form);
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
        let looks = match person.gender {
            Gender::Male => MEN,
            Gender::Female => WOMEN,
            Gender::Other | Gender::NotStated => PEOPLE,
        };
        let looks = self.pick(looks).map_or("", |l| visit.lang.of(l));
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
        let setting = visit.place.setting;
        let fits: Vec<&[&str; 3]> = OPENERS
            .iter()
            .filter(|(s, g, _)| {
                (s.is_empty() || s.contains(&setting)) && g.is_none_or(|g| g == gender)
            })
            .map(|(_, _, t)| t)
            .collect();
        let n = self.between(3, 12);
        let text = self.pick(&fits).map_or("", |t| visit.lang.of(t));
        fill_n(text, n)
    }

    fn detail(&mut self, lang: Lang) -> String {
        let n = self.between(2, 9);
        let text = self.pick(DETAILS).map_or("", |t| lang.of(t));
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
            format!("{}, {}", lang.of(&place.name), visit.spot())
        } else {
            lang.of(&place.name).to_string()
        };
        let location = if self.chance(75) {
            Some(CoarseLocation::new(place.lat, place.lon)?)
        } else {
            None
        };
        let mut all: Vec<String> = vec![place.setting.tag().to_string()];
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

    /// Consent, a completed and scored interview, and the referrals it leads to.
    fn screening(
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
    fn answers(
        &mut self,
        form: &Form,
        story: &Story,
        person: &Person,
        anonymous: bool,
        extras: bool,
    ) -> Result<(AnswerMap, Vec<String>)> {
        let mut yes: BTreeSet<&str> = story.core.iter().copied().collect();
        if extras {
            for q in story.extra {
                if self.chance(35) {
                    yes.insert(q);
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
                let proposed = self.answer(q, story, person, &yes, in_danger, is_injured);
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
        let mut options = story.help.to_vec();
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
        let region = visit.place.region;
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

fn screened_line(lang: Lang, interview_language: &str) -> String {
    let name = LANGUAGE_NAMES
        .iter()
        .find(|(code, _)| *code == interview_language)
        .map_or(interview_language, |(_, names)| lang.of(names));
    lang.of(&SCREENED).replace("{language}", name)
}

/// A form language the generator has a name for, for people whose own language the
/// form does not run in.
fn fallback_language(form: &Form) -> &'static str {
    LANGUAGE_NAMES
        .iter()
        .map(|(code, _)| *code)
        .find(|code| form.supports(code))
        .unwrap_or("en")
}
