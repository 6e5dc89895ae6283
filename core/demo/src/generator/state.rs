//! The state of one generator run: the seeded random source and the choices drawn from
//! it, the content and phrases the run works from, the block of levels still to give,
//! and the subjects met so far; and the person and place of the contact being made.
//!
//! Owns every draw of a run. Its only source of randomness is the ChaCha8 stream seeded
//! from the config, never the system's or the clock: the same config draws the same
//! numbers in the same order.

use std::sync::Arc;

use chrono::{DateTime, Days, NaiveDate, Utc};
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::config::{FORM, FORM_VERSION, GeneratorConfig, LEVEL_MIX, local};
use crate::phrases::{self, Lang, Phrases, Place, Said};
use crate::{Error, Result};
use senim_content::Error as ContentError;
use senim_content::forms::Form;
use senim_content::screening::{Directory, Level, RuleSet};
use senim_content::{DEFAULT_DIRECTORY, DEFAULT_RULE_SET, Library};
use senim_records::{AgeBand, Gender};

/// The bundled content a run interviews, scores and refers with.
pub(super) struct DemoContent {
    pub(super) form: Arc<Form>,
    pub(super) rules: Arc<RuleSet>,
    pub(super) directory: Arc<Directory>,
}

impl DemoContent {
    fn load(library: &Library) -> Result<Self> {
        Ok(DemoContent {
            form: library.form(FORM, Some(FORM_VERSION))?,
            rules: library.rule_set(DEFAULT_RULE_SET, None)?,
            directory: library.directory(DEFAULT_DIRECTORY, None)?,
        })
    }
}

/// One run.
pub(super) struct Generator<'a> {
    pub(super) rng: ChaCha8Rng,
    pub(super) content: DemoContent,
    /// The phrase tables notes, aliases and stories come from.
    pub(super) phrases: &'static Phrases,
    pub(super) config: &'a GeneratorConfig,
    /// The first day of the period.
    pub(super) start: NaiveDate,
    /// The last moment of the period.
    pub(super) last: DateTime<Utc>,
    /// The levels still to give in the current block of twenty interviews.
    levels: Vec<Level>,
    /// Cases that created a subject, with the day of their last note and their place:
    /// candidates for follow-ups.
    pub(super) subjects: Vec<(usize, u32, &'static Place)>,
}

/// The person met in a case (recorded or not).
pub(super) struct Person {
    pub(super) nationality: Option<&'static str>,
    pub(super) gender: Gender,
    pub(super) age: AgeBand,
    /// The interview language (one the form runs in).
    pub(super) language: &'static str,
}

/// Where a contact happened and the language the worker writes about it in.
#[derive(Clone, Copy)]
pub(super) struct Visit {
    pub(super) place: &'static Place,
    pub(super) lang: Lang,
    /// A spot within the place, `{n}` for `number`; none when the place's setting has
    /// no spot (the phrase files always give one).
    pub(super) spot: Option<&'static Said>,
    pub(super) number: u32,
}

impl Visit {
    /// The spot, in the note language, with its number.
    pub(super) fn spot(&self) -> String {
        fill_n(self.spot.map_or("", |s| s.of(self.lang)), self.number)
    }
}

/// `template` with its `{n}` placeholder set to `n`.
pub(super) fn fill_n(template: &str, n: u32) -> String {
    template.replace("{n}", &n.to_string())
}

/// Content of the wrong shape for the generator: say which, without any value.
pub(super) fn unfit(problem: &str) -> Error {
    Error::Content(ContentError::InvalidContent {
        what: "form",
        problems: vec![format!("the demo generator cannot use it: {problem}")],
    })
}

impl<'a> Generator<'a> {
    pub(super) fn new(library: &Library, config: &'a GeneratorConfig) -> Result<Self> {
        config.check()?;
        let phrases = phrases::bundled()?;
        let start = config
            .end
            .checked_sub_days(Days::new(u64::from(config.days) - 1))
            .ok_or_else(|| Error::invalid("end", "the period starts before the calendar does"))?;
        Ok(Generator {
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            content: DemoContent::load(library)?,
            phrases,
            config,
            start,
            last: local(config.end, 23 * 60 + 59)?,
            levels: Vec::new(),
            subjects: Vec::new(),
        })
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            0
        } else {
            self.rng.random_range(0..n)
        }
    }

    /// True `percent` times in a hundred.
    pub(super) fn chance(&mut self, percent: u32) -> bool {
        self.rng.random_range(0..100u32) < percent
    }

    pub(super) fn between(&mut self, low: u32, high: u32) -> u32 {
        if high <= low {
            low
        } else {
            self.rng.random_range(low..=high)
        }
    }

    pub(super) fn pick<'t, T>(&mut self, items: &'t [T]) -> Option<&'t T> {
        if items.is_empty() {
            return None;
        }
        let i = self.below(items.len());
        items.get(i)
    }

    pub(super) fn weighted<'t, T>(
        &mut self,
        items: &'t [T],
        weight: impl Fn(&T) -> u32,
    ) -> Option<&'t T> {
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

    pub(super) fn weighted_code(&mut self, items: &[(&'static str, u32)]) -> &'static str {
        self.weighted(items, |i| i.1).map_or("", |i| i.0)
    }

    /// The next level of the current block of twenty interviews.
    pub(super) fn next_level(&mut self) -> Level {
        if self.levels.is_empty() {
            for (level, n) in LEVEL_MIX {
                self.levels.extend(std::iter::repeat_n(level, n));
            }
            self.levels.shuffle(&mut self.rng);
        }
        self.levels.pop().unwrap_or(Level::None)
    }
}
