//! Screening: turning the indicators an interview's answers raise into an explained
//! result, and from the result to the services a worker can refer the person to.
//!
//! Owns the rule-set format ([`RuleSet`], scoring as data), the assessment
//! ([`assess`], [`Assessment`]: per population and dimension, the level, its reasons in
//! the interview language, the ILO forced-labour flag), the services directory
//! ([`Directory`], [`recommend`]) and creating a referral under the person's consent
//! ([`create_referral`]). See `docs/screening.md`.
//!
//! It must never present a result as a finding that someone is a victim: every level
//! is advice, at most "refer (urgently) for full identification", and every
//! explanation ends with the disclaimer. Scoring is a pure, deterministic function of
//! the form, the rule set and the answers; raising one more indicator never lowers the
//! level (rule sets whose conditions could do that are rejected when they load). It
//! never stores anything except the referral [`create_referral`] is asked for, and
//! never invents a contact: a service without a confirmed one is a placeholder.

mod assessment;
mod content;
pub mod rules;
pub mod services;

#[cfg(test)]
mod rules_v2_tests;
#[cfg(test)]
mod services_tests;
#[cfg(test)]
mod sources_tests;
#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use assessment::{
    Assessment, ContentRef, DimensionScore, ForcedLabourResult, MINOR_OPTION, PopulationScore,
    RaisedIndicator, assess, finish, verify_versions,
};
pub use content::Confidence;
pub use rules::{
    CategoryNames, Dimension, ForcedLabour, ForcedLabourCategory, ForcedLabourIndicator, Group,
    LevelRule, LevelRules, MinimumCounts, Population, Positivity, RuleSet, StrengthNames,
    Templates,
};
pub use services::{
    Contact, ContactView, Directory, DirectoryTexts, NeedNames, Reason, ReasonKind, ReasonTexts,
    Recommendation, Service, ServiceKind, create_referral, recommend, record_referral_consent,
};

/// The screening result, from no indicators to likely trafficking. Ordered: a higher
/// level always asks for more. None of them is a finding that someone is a victim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// No indicator was raised.
    None,
    /// Some indicators: monitor.
    Monitor,
    /// Possible trafficking: refer for full identification.
    Possible,
    /// Likely trafficking: refer urgently for full identification.
    Likely,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 4] = [Level::None, Level::Monitor, Level::Possible, Level::Likely];

    /// The stable name used in records, the CLI and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Monitor => "monitor",
            Level::Possible => "possible",
            Level::Likely => "likely",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| {
                crate::Error::invalid("level", "expected none, monitor, possible or likely")
            })
    }
}
