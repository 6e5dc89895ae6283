//! What a report covers (a period) and how it protects small counts (the threshold),
//! and the check of both.
//!
//! Owns the limits of the threshold; a threshold below 2 would show a count of 1, so it
//! is refused.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::error::{Error, Result};

/// The smallest count a report shows by default: counts from 1 to 4 are suppressed.
pub const DEFAULT_THRESHOLD: u32 = 5;
/// The lowest threshold accepted: 2, so a count of 1 is never shown.
pub const MIN_THRESHOLD: u32 = 2;
/// The highest threshold accepted.
pub const MAX_THRESHOLD: u32 = 1000;

/// What a report covers and how it protects small counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// First day counted (UTC), inclusive; `None` from the first record.
    pub from: Option<NaiveDate>,
    /// Last day counted (UTC), inclusive; `None` up to the last record.
    pub to: Option<NaiveDate>,
    /// The smallest count shown: counts from 1 to `threshold - 1` are suppressed.
    pub threshold: u32,
    /// Language of names taken from the content (indicators, dimensions, services).
    pub language: String,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            from: None,
            to: None,
            threshold: DEFAULT_THRESHOLD,
            language: "en".to_string(),
        }
    }
}

/// A period as instants: the start (inclusive) and the end (exclusive), each optional.
pub(crate) type TimeRange = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

impl ReportOptions {
    /// Checks the options and returns the period as a [`RecordFilter`](senim_records::RecordFilter) time range
    /// (`from` inclusive, `to` exclusive).
    pub(crate) fn check(&self) -> Result<TimeRange> {
        if !(MIN_THRESHOLD..=MAX_THRESHOLD).contains(&self.threshold) {
            return Err(Error::invalid(
                "threshold",
                format!("must be between {MIN_THRESHOLD} and {MAX_THRESHOLD}"),
            ));
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(Error::invalid(
                "period",
                "the first day is after the last day",
            ));
        }
        let start = self.from.map(|d| d.and_time(Default::default()).and_utc());
        let end = match self.to {
            None => None,
            Some(d) => Some(
                d.checked_add_signed(TimeDelta::days(1))
                    .ok_or_else(|| Error::invalid("period", "the last day is out of range"))?
                    .and_time(Default::default())
                    .and_utc(),
            ),
        };
        Ok((start, end))
    }
}
