//! The validated phrase tables, as the generator reads them: every phrase in every
//! note language, places with their setting, stories, note sentences and descriptions.
//!
//! Plain data, built only by the checks of `phrases::check`: holding a [`Phrases`]
//! means every table passed them. It never reads a file.

use senim_content::screening::Level;
use senim_records::Gender;

/// A language notes are written in; the index of its text in a [`Said`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En = 0,
    Ru = 1,
    Kk = 2,
}

impl Lang {
    /// Every note language, in the order of a [`Said`].
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Kk];

    /// The language with this ISO 639 code; English for any other.
    pub fn from_code(code: &str) -> Lang {
        match code {
            "ru" => Lang::Ru,
            "kk" => Lang::Kk,
            _ => Lang::En,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }
}

/// One phrase in every note language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said([String; 3]);

impl Said {
    /// A phrase from its texts, English, Russian and Kazakh.
    pub(super) fn new(texts: [String; 3]) -> Said {
        Said(texts)
    }

    /// The phrase in `lang`.
    pub fn of(&self, lang: Lang) -> &str {
        &self.0[lang as usize]
    }

    /// The phrase in every language, English first.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

/// A kind of place an outreach worker visits.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    pub id: String,
    /// The tag every note written there carries.
    pub tag: String,
    /// Spots within such a place, `{n}` for a number.
    pub spots: Vec<Said>,
}

/// A public place where outreach happens. Positions are the landmark's, to two decimal
/// places (about a kilometre), as the app stores them.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub name: Said,
    pub setting: Setting,
    pub lat: f64,
    pub lon: f64,
    /// The city whose local services (as the directory names it) serve people met
    /// here; `None` leaves out no service.
    pub region: Option<String>,
    /// The form's `sector` options of the people met here.
    pub sectors: Vec<String>,
    pub weight: u32,
}

/// A kind of situation behind an interview: the questions answered "yes" and what the
/// worker writes about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    pub level: Level,
    /// The form's `sector` option.
    pub sector: String,
    /// The person answered an online job offer abroad.
    pub online: bool,
    /// Answered "yes" every time. On their own they score at `level` (a test holds the
    /// bundled content to it).
    pub core: Vec<String>,
    /// Each answered "yes" now and then, as long as the result stays at `level`.
    pub extra: Vec<String>,
    /// Options of `help_wanted` the person may pick.
    pub help: Vec<String>,
    pub tags: Vec<String>,
    /// The worker's summary.
    pub summary: Said,
    /// The person's gender, where the summary says it.
    pub gender: Option<Gender>,
    pub weight: u32,
}

/// The first sentence of a contact note.
#[derive(Clone, Debug, PartialEq)]
pub struct Opener {
    /// The settings it fits (ids); any when empty.
    pub settings: Vec<String>,
    /// The gender of the person met, when it describes one.
    pub gender: Option<Gender>,
    /// `{n}` for a number of people.
    pub text: Said,
}

/// What the worker did.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// The worker handed out a leaflet: a first contact's note says so in a tag.
    pub leaflet: bool,
    pub text: Said,
}

/// The sentences of outreach notes.
#[derive(Clone, Debug, PartialEq)]
pub struct Notes {
    pub openers: Vec<Opener>,
    /// What the person said, in a contact note without a screening; `{n}` for a number.
    pub details: Vec<Said>,
    pub actions: Vec<Action>,
    /// A visit with little to report.
    pub quiet: Said,
    /// A later contact with the same person.
    pub follow_ups: Vec<Said>,
    /// A later contact after a referral.
    pub follow_up_referral: Said,
    pub before_screening: Said,
    /// `{language}` is the interview language, named in the note's language.
    pub screened: Said,
    /// The name of each interview language, in each note language, in the order the
    /// generator falls back on them.
    pub language_names: Vec<(String, Said)>,
    /// The worker's reading of a result, by [`Level::ALL`]: advice, never a finding.
    pub(super) results: [Said; 4],
    /// An answer signalled immediate danger.
    pub danger: Said,
    pub referral_proposed: Said,
}

impl Notes {
    /// The worker's reading of a result at `level`.
    pub fn result(&self, level: Level) -> &Said {
        let i = Level::ALL.iter().position(|l| *l == level).unwrap_or(0);
        &self.results[i]
    }
}

/// Descriptions of the people met, never a name.
#[derive(Clone, Debug, PartialEq)]
pub struct People {
    pub men: Vec<Said>,
    pub women: Vec<Said>,
    /// For anyone whose gender is other or not stated.
    pub people: Vec<Said>,
}

impl People {
    /// The descriptions that fit a person of `gender`.
    pub fn of(&self, gender: Gender) -> &[Said] {
        match gender {
            Gender::Male => &self.men,
            Gender::Female => &self.women,
            Gender::Other | Gender::NotStated => &self.people,
        }
    }
}

/// Every phrase table the generator uses, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Phrases {
    pub places: Vec<Place>,
    pub stories: Vec<Story>,
    pub notes: Notes,
    pub people: People,
}
