//! What a generator run is asked for and the fixed shape of every run: the form it
//! interviews on, the mix of nationalities, levels and note languages, the default and
//! largest period and size, and the local time contacts happen in.
//!
//! Owns [`GeneratorConfig`] and its limits. It never draws a random number or reads
//! the clock: a run's period comes from its config alone.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};
use senim_content::screening::Level;

/// The form every demo interview runs on (bundled).
pub const FORM: &str = "central_asia_screening";

/// The version of [`FORM`] the demo stories' answers are written for: version 2, which
/// opens on whether it is safe to talk, records "someone watching now" as the worker's
/// observation and asks the sexual-violence and status questions only behind the
/// private block's confirmation (the generator confirms it whenever a story needs one
/// of those questions, and in most other interviews).
pub const FORM_VERSION: &str = "2.0.0";

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

/// Kazakhstan keeps one time zone, UTC+5: contacts happen in local working hours.
pub(crate) const LOCAL_OFFSET_HOURS: i64 = 5;

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

    pub(crate) fn check(&self) -> Result<()> {
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

/// The midnight-relative minute `minute` of local day `day`, in UTC.
pub(crate) fn local(day: NaiveDate, minute: u32) -> Result<DateTime<Utc>> {
    let time = NaiveTime::from_num_seconds_from_midnight_opt(minute.min(24 * 60 - 1) * 60, 0)
        .ok_or_else(|| Error::invalid("time", "out of range"))?;
    let utc = day
        .and_time(time)
        .checked_sub_signed(TimeDelta::hours(LOCAL_OFFSET_HOURS))
        .ok_or_else(|| Error::invalid("end", "out of the supported date range"))?;
    Ok(Utc.from_utc_datetime(&utc))
}

/// `n` minutes.
pub(crate) fn minutes(n: u32) -> TimeDelta {
    TimeDelta::minutes(i64::from(n))
}
