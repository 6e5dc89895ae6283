//! The checks made when the phrase files load, and the files' shape as written.
//!
//! Owns every rule a phrase file must meet: every table is there, no string is empty
//! or holds a control character, every phrase is in every note language and no other,
//! placeholders are known for their table and the same in every language, ids and tags
//! are well formed, weights are positive, and there is enough to choose from for every
//! choice the generator makes (a story at every level, a place for every story's
//! sector, an opener for every setting and gender, descriptions for every gender, a
//! name for every interview language, a result line for every level). It reports every
//! problem found, never only the first, and never panics.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::error::{PhraseError, PhraseErrors, Problem};
use super::tables::{Action, Lang, Notes, Opener, People, Phrases, Place, Said, Setting, Story};
use senim_content::screening::Level;
use senim_records::{Gender, normalize_tag};

/// The longest description, spot or place name, in characters: an alias ("Demo: ", a
/// description, a spot) or a place label (a name, a spot) must stay well within a
/// record's 200-character short field.
pub const MAX_SHORT_PHRASE: usize = 80;

/// The languages the generator runs interviews in (the people's own languages, Russian
/// and English). A screening note names the interview language, so each needs a name in
/// `notes.json`.
pub const INTERVIEW_LANGUAGES: [&str; 6] = ["uz", "ky", "tg", "ru", "kk", "en"];

/// Every gender a person met can have: each needs an opener and descriptions.
const GENDERS: [Gender; 4] = [
    Gender::Female,
    Gender::Male,
    Gender::Other,
    Gender::NotStated,
];

/// The number placeholder of spots, openers and details (a stall number, a group size).
const N: &[&str] = &["n"];
/// The placeholder of the screening sentence: the interview language, named.
const LANGUAGE: &[&str] = &["language"];
/// No placeholder.
const NONE: &[&str] = &[];

const PLACES_FILE: &str = "phrases/places.json";
const STORIES_FILE: &str = "phrases/stories.json";
const NOTES_FILE: &str = "phrases/notes.json";
const PEOPLE_FILE: &str = "phrases/people.json";

// ---------------------------------------------------------------------------------------
// The files, as written.

/// A phrase by language code: `{"en": "...", "ru": "...", "kk": "..."}`.
type TextSource = BTreeMap<String, String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacesFile {
    settings: Vec<SettingSource>,
    places: Vec<PlaceSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingSource {
    id: String,
    tag: String,
    spots: Vec<TextSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceSource {
    name: TextSource,
    setting: String,
    lat: f64,
    lon: f64,
    #[serde(default)]
    region: Option<String>,
    sectors: Vec<String>,
    weight: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoriesFile {
    stories: Vec<StorySource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StorySource {
    level: Level,
    sector: String,
    #[serde(default)]
    online: bool,
    #[serde(default)]
    core: Vec<String>,
    #[serde(default)]
    extra: Vec<String>,
    #[serde(default)]
    help: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    summary: TextSource,
    #[serde(default)]
    gender: Option<Gender>,
    weight: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotesFile {
    openers: Vec<OpenerSource>,
    details: Vec<TextSource>,
    actions: Vec<ActionSource>,
    quiet: TextSource,
    follow_ups: Vec<TextSource>,
    follow_up_referral: TextSource,
    before_screening: TextSource,
    screened: TextSource,
    language_names: Vec<LanguageNameSource>,
    results: BTreeMap<String, TextSource>,
    danger: TextSource,
    referral_proposed: TextSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenerSource {
    #[serde(default)]
    settings: Vec<String>,
    #[serde(default)]
    gender: Option<Gender>,
    text: TextSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionSource {
    #[serde(default)]
    leaflet: bool,
    text: TextSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageNameSource {
    code: String,
    name: TextSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    men: Vec<TextSource>,
    women: Vec<TextSource>,
    people: Vec<TextSource>,
}

// ---------------------------------------------------------------------------------------
// The checks.

/// Parses and validates the four phrase files (their bytes). Never panics: they either
/// load or yield every problem found, each naming its file and place.
pub(super) fn check(
    places: &[u8],
    stories: &[u8],
    notes: &[u8],
    people: &[u8],
) -> Result<Phrases, PhraseErrors> {
    let mut c = Checker::default();
    let places = c.parse::<PlacesFile>(PLACES_FILE, places);
    let stories = c.parse::<StoriesFile>(STORIES_FILE, stories);
    let notes = c.parse::<NotesFile>(NOTES_FILE, notes);
    let people = c.parse::<PeopleFile>(PEOPLE_FILE, people);
    let (Some(places), Some(stories), Some(notes), Some(people)) = (places, stories, notes, people)
    else {
        return Err(PhraseErrors(c.errors));
    };
    let places = c.places(places);
    let stories = c.stories(stories, &places);
    let notes = c.notes(notes, &places);
    let people = c.people(people);
    if c.errors.is_empty() {
        Ok(Phrases {
            places,
            stories,
            notes,
            people,
        })
    } else {
        Err(PhraseErrors(c.errors))
    }
}

#[derive(Default)]
struct Checker {
    errors: Vec<PhraseError>,
}

impl Checker {
    fn push(&mut self, file: &'static str, path: impl Into<String>, problem: Problem) {
        self.errors.push(PhraseError {
            file,
            path: path.into(),
            problem,
        });
    }

    fn parse<T: serde::de::DeserializeOwned>(
        &mut self,
        file: &'static str,
        bytes: &[u8],
    ) -> Option<T> {
        match serde_json::from_slice(bytes) {
            Ok(t) => Some(t),
            Err(e) => {
                // serde_json names the field or the expected shape; phrase files hold
                // no personal data, so that is safe to show.
                let message = e.to_string();
                let message = match message.rfind(" at line ") {
                    Some(i) => message[..i].to_string(),
                    None => message,
                };
                self.push(
                    file,
                    "(file)",
                    Problem::Syntax {
                        line: e.line(),
                        column: e.column(),
                        message,
                    },
                );
                None
            }
        }
    }

    /// Checks a phrase in every note language; `allowed` are the placeholders it may
    /// use, `required` those it must.
    fn said(
        &mut self,
        file: &'static str,
        path: &str,
        text: &TextSource,
        allowed: &'static [&'static str],
        required: &'static [&'static str],
        max: Option<usize>,
    ) -> Said {
        for language in text.keys() {
            if !Lang::ALL.iter().any(|l| l.code() == language) {
                self.push(
                    file,
                    path,
                    Problem::UnknownLanguage {
                        language: language.clone(),
                    },
                );
            }
        }
        let mut english: Option<Vec<String>> = None;
        let out = Lang::ALL.map(|lang| {
            let at = format!("{path}.{}", lang.code());
            let Some(t) = text.get(lang.code()) else {
                self.push(
                    file,
                    path,
                    Problem::MissingLanguage {
                        language: lang.code(),
                    },
                );
                return String::new();
            };
            self.string(file, &at, t, max);
            if t.trim().is_empty() {
                // Said once: an empty phrase has no placeholders to compare.
                return t.clone();
            }
            match placeholders(t) {
                Ok(found) => {
                    for name in &found {
                        if !allowed.contains(&name.as_str()) {
                            self.push(
                                file,
                                &at,
                                Problem::UnknownPlaceholder {
                                    name: name.clone(),
                                    allowed,
                                },
                            );
                        }
                    }
                    for name in required {
                        if !found.iter().any(|f| f == name) {
                            self.push(file, &at, Problem::MissingPlaceholder { name });
                        }
                    }
                    match &english {
                        None => english = Some(found),
                        Some(expected) if *expected != found => self.push(
                            file,
                            &at,
                            Problem::PlaceholdersDiffer {
                                expected: expected.clone(),
                                found,
                            },
                        ),
                        Some(_) => {}
                    }
                }
                Err(problem) => self.push(file, &at, problem),
            }
            t.clone()
        });
        Said::new(out)
    }

    /// A list of phrases that the generator picks from: at least one.
    fn list(
        &mut self,
        file: &'static str,
        path: &str,
        texts: &[TextSource],
        allowed: &'static [&'static str],
        max: Option<usize>,
    ) -> Vec<Said> {
        if texts.is_empty() {
            self.push(file, path, Problem::NoEntries);
        }
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| self.said(file, &format!("{path}[{i}]"), t, allowed, NONE, max))
            .collect()
    }

    /// A string: not empty, no control character, at most `max` characters.
    fn string(&mut self, file: &'static str, path: &str, s: &str, max: Option<usize>) {
        if s.trim().is_empty() {
            self.push(file, path, Problem::Empty);
        } else if s.chars().any(char::is_control) {
            self.push(file, path, Problem::ControlCharacter);
        } else if let Some(max) = max
            && s.chars().count() > max
        {
            self.push(file, path, Problem::TooLong { max });
        }
    }

    /// An id of the form (a sector, a question, an option): `[a-z0-9_]`, not empty.
    fn id(&mut self, file: &'static str, path: &str, id: &str) {
        if id.is_empty() {
            self.push(file, path, Problem::Empty);
        } else if !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            self.push(file, path, Problem::InvalidId);
        }
    }

    fn tag(&mut self, file: &'static str, path: &str, tag: &str) {
        if tag.is_empty() {
            self.push(file, path, Problem::Empty);
        } else if normalize_tag(tag).ok().as_deref() != Some(tag) {
            self.push(file, path, Problem::InvalidTag);
        }
    }

    fn weight(&mut self, file: &'static str, path: &str, weight: u32) {
        if weight == 0 {
            self.push(file, format!("{path}.weight"), Problem::ZeroWeight);
        }
    }

    fn places(&mut self, src: PlacesFile) -> Vec<Place> {
        let file = PLACES_FILE;
        let mut settings: BTreeMap<String, Setting> = BTreeMap::new();
        if src.settings.is_empty() {
            self.push(file, "settings", Problem::NoEntries);
        }
        for (i, s) in src.settings.iter().enumerate() {
            let path = format!("settings[{i}]");
            self.id(file, &format!("{path}.id"), &s.id);
            self.tag(file, &format!("{path}.tag"), &s.tag);
            let spots = self.list(
                file,
                &format!("{path}.spots"),
                &s.spots,
                N,
                Some(MAX_SHORT_PHRASE),
            );
            if settings.contains_key(&s.id) {
                self.push(
                    file,
                    format!("{path}.id"),
                    Problem::Duplicate { id: s.id.clone() },
                );
                continue;
            }
            settings.insert(
                s.id.clone(),
                Setting {
                    id: s.id.clone(),
                    tag: s.tag.clone(),
                    spots,
                },
            );
        }
        if src.places.is_empty() {
            self.push(file, "places", Problem::NoEntries);
        }
        let mut places = Vec::new();
        let mut used = BTreeSet::new();
        for (i, p) in src.places.iter().enumerate() {
            let path = format!("places[{i}]");
            let name = self.said(
                file,
                &format!("{path}.name"),
                &p.name,
                NONE,
                NONE,
                Some(MAX_SHORT_PHRASE),
            );
            if !p.lat.is_finite() || !(-90.0..=90.0).contains(&p.lat) {
                self.push(
                    file,
                    format!("{path}.lat"),
                    Problem::OutOfRange {
                        reason: "a latitude is between -90 and 90",
                    },
                );
            }
            if !p.lon.is_finite() || !(-180.0..=180.0).contains(&p.lon) {
                self.push(
                    file,
                    format!("{path}.lon"),
                    Problem::OutOfRange {
                        reason: "a longitude is between -180 and 180",
                    },
                );
            }
            if let Some(region) = &p.region {
                self.string(file, &format!("{path}.region"), region, None);
            }
            if p.sectors.is_empty() {
                self.push(file, format!("{path}.sectors"), Problem::NoEntries);
            }
            for (j, s) in p.sectors.iter().enumerate() {
                self.id(file, &format!("{path}.sectors[{j}]"), s);
            }
            self.weight(file, &path, p.weight);
            let Some(setting) = settings.get(&p.setting) else {
                self.push(
                    file,
                    format!("{path}.setting"),
                    Problem::UnknownSetting {
                        id: p.setting.clone(),
                    },
                );
                continue;
            };
            used.insert(p.setting.clone());
            places.push(Place {
                name,
                setting: setting.clone(),
                lat: p.lat,
                lon: p.lon,
                region: p.region.clone(),
                sectors: p.sectors.clone(),
                weight: p.weight,
            });
        }
        for (i, s) in src.settings.iter().enumerate() {
            if !used.contains(&s.id) {
                self.push(
                    file,
                    format!("settings[{i}].id"),
                    Problem::UnusedSetting { id: s.id.clone() },
                );
            }
        }
        places
    }

    fn stories(&mut self, src: StoriesFile, places: &[Place]) -> Vec<Story> {
        let file = STORIES_FILE;
        let mut stories = Vec::new();
        for (i, s) in src.stories.iter().enumerate() {
            let path = format!("stories[{i}]");
            self.id(file, &format!("{path}.sector"), &s.sector);
            for (field, ids) in [("core", &s.core), ("extra", &s.extra), ("help", &s.help)] {
                let mut seen = BTreeSet::new();
                for (j, id) in ids.iter().enumerate() {
                    let at = format!("{path}.{field}[{j}]");
                    self.id(file, &at, id);
                    if !seen.insert(id) {
                        self.push(file, at, Problem::Duplicate { id: id.clone() });
                    }
                }
            }
            for (j, id) in s.extra.iter().enumerate() {
                if s.core.contains(id) {
                    self.push(
                        file,
                        format!("{path}.extra[{j}]"),
                        Problem::CoreAndExtra { id: id.clone() },
                    );
                }
            }
            for (j, tag) in s.tags.iter().enumerate() {
                self.tag(file, &format!("{path}.tags[{j}]"), tag);
            }
            let summary = self.said(
                file,
                &format!("{path}.summary"),
                &s.summary,
                NONE,
                NONE,
                None,
            );
            self.weight(file, &path, s.weight);
            if !s.sector.is_empty()
                && !places
                    .iter()
                    .any(|p| p.weight > 0 && p.sectors.contains(&s.sector))
            {
                self.push(
                    file,
                    format!("{path}.sector"),
                    Problem::Missing {
                        what: format!(
                            "no place in phrases/places.json is a place of sector '{}'",
                            s.sector
                        ),
                    },
                );
            }
            stories.push(Story {
                level: s.level,
                sector: s.sector.clone(),
                online: s.online,
                core: s.core.clone(),
                extra: s.extra.clone(),
                help: s.help.clone(),
                tags: s.tags.clone(),
                summary,
                gender: s.gender,
                weight: s.weight,
            });
        }
        for level in Level::ALL {
            if !stories.iter().any(|s| s.level == level && s.weight > 0) {
                self.push(
                    file,
                    "stories",
                    Problem::Missing {
                        what: format!("no story at level '{level}'"),
                    },
                );
            }
        }
        stories
    }

    fn notes(&mut self, src: NotesFile, places: &[Place]) -> Notes {
        let file = NOTES_FILE;
        let setting_ids: BTreeSet<&str> = places.iter().map(|p| p.setting.id.as_str()).collect();
        let mut openers = Vec::new();
        if src.openers.is_empty() {
            self.push(file, "openers", Problem::NoEntries);
        }
        for (i, o) in src.openers.iter().enumerate() {
            let path = format!("openers[{i}]");
            let mut seen = BTreeSet::new();
            for (j, s) in o.settings.iter().enumerate() {
                let at = format!("{path}.settings[{j}]");
                if !setting_ids.contains(s.as_str()) {
                    self.push(file, &at, Problem::UnknownSetting { id: s.clone() });
                }
                if !seen.insert(s) {
                    self.push(file, at, Problem::Duplicate { id: s.clone() });
                }
            }
            let text = self.said(file, &format!("{path}.text"), &o.text, N, NONE, None);
            openers.push(Opener {
                settings: o.settings.clone(),
                gender: o.gender,
                text,
            });
        }
        // Every contact opens with a sentence that fits its place and its person.
        for setting in &setting_ids {
            for gender in GENDERS {
                let fits = openers.iter().any(|o| {
                    (o.settings.is_empty() || o.settings.iter().any(|s| s == setting))
                        && o.gender.is_none_or(|g| g == gender)
                });
                if !fits {
                    self.push(
                        file,
                        "openers",
                        Problem::Missing {
                            what: format!(
                                "no opener fits setting '{setting}' and a person of gender '{}'",
                                gender_name(gender)
                            ),
                        },
                    );
                }
            }
        }

        let details = self.list(file, "details", &src.details, N, None);
        if src.actions.is_empty() {
            self.push(file, "actions", Problem::NoEntries);
        }
        let actions = src
            .actions
            .iter()
            .enumerate()
            .map(|(i, a)| Action {
                leaflet: a.leaflet,
                text: self.said(
                    file,
                    &format!("actions[{i}].text"),
                    &a.text,
                    NONE,
                    NONE,
                    None,
                ),
            })
            .collect();
        let one =
            |c: &mut Self, field: &str, t: &TextSource| c.said(file, field, t, NONE, NONE, None);
        let quiet = one(self, "quiet", &src.quiet);
        let follow_ups = self.list(file, "follow_ups", &src.follow_ups, NONE, None);
        let follow_up_referral = one(self, "follow_up_referral", &src.follow_up_referral);
        let before_screening = one(self, "before_screening", &src.before_screening);
        let screened = self.said(file, "screened", &src.screened, LANGUAGE, LANGUAGE, None);
        let danger = one(self, "danger", &src.danger);
        let referral_proposed = one(self, "referral_proposed", &src.referral_proposed);

        let mut language_names: Vec<(String, Said)> = Vec::new();
        for (i, l) in src.language_names.iter().enumerate() {
            let path = format!("language_names[{i}]");
            if !(2..=3).contains(&l.code.len()) || !l.code.chars().all(|c| c.is_ascii_lowercase()) {
                self.push(file, format!("{path}.code"), Problem::InvalidLanguageCode);
            }
            let name = self.said(
                file,
                &format!("{path}.name"),
                &l.name,
                NONE,
                NONE,
                Some(MAX_SHORT_PHRASE),
            );
            if language_names.iter().any(|(code, _)| *code == l.code) {
                self.push(
                    file,
                    format!("{path}.code"),
                    Problem::Duplicate { id: l.code.clone() },
                );
                continue;
            }
            language_names.push((l.code.clone(), name));
        }
        for code in INTERVIEW_LANGUAGES {
            if !language_names.iter().any(|(c, _)| c == code) {
                self.push(
                    file,
                    "language_names",
                    Problem::Missing {
                        what: format!("no name for the interview language '{code}'"),
                    },
                );
            }
        }

        for found in src.results.keys() {
            if !Level::ALL.iter().any(|l| l.as_str() == found) {
                self.push(
                    file,
                    format!("results.{found}"),
                    Problem::UnknownLevel {
                        found: found.clone(),
                    },
                );
            }
        }
        let results = Level::ALL.map(|level| match src.results.get(level.as_str()) {
            Some(t) => self.said(file, &format!("results.{level}"), t, NONE, NONE, None),
            None => {
                self.push(
                    file,
                    "results",
                    Problem::Missing {
                        what: format!("no result line for level '{level}'"),
                    },
                );
                Said::new(Default::default())
            }
        });

        Notes {
            openers,
            details,
            actions,
            quiet,
            follow_ups,
            follow_up_referral,
            before_screening,
            screened,
            language_names,
            results,
            danger,
            referral_proposed,
        }
    }

    fn people(&mut self, src: PeopleFile) -> People {
        let file = PEOPLE_FILE;
        let max = Some(MAX_SHORT_PHRASE);
        People {
            men: self.list(file, "men", &src.men, NONE, max),
            women: self.list(file, "women", &src.women, NONE, max),
            people: self.list(file, "people", &src.people, NONE, max),
        }
    }
}

fn gender_name(gender: Gender) -> &'static str {
    match gender {
        Gender::Female => "female",
        Gender::Male => "male",
        Gender::Other => "other",
        Gender::NotStated => "not_stated",
    }
}

/// The placeholders in `text`, in order, each once: the names between `{` and `}`.
fn placeholders(text: &str) -> Result<Vec<String>, Problem> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(Problem::UnclosedPlaceholder)?;
        let name = &after[..close];
        if name.contains('{') {
            return Err(Problem::UnclosedPlaceholder);
        }
        if !found.iter().any(|f| f == name) {
            found.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    found.sort();
    Ok(found)
}
