//! The assessment of a finished interview: the level, the indicators raised and the
//! explanation in the interview language, ending with the disclaimer. Scoring is the
//! core's (`senim_content::screening`), with the bundled rule set.

use senim_content::DEFAULT_RULE_SET;
use senim_content::screening::{self, Assessment, Level};

use crate::error::Result;
use crate::interview::{Interview, LocalText, library};
use crate::work::lock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum RiskLevel {
    /// No indicator raised.
    None,
    /// Some indicators: monitor.
    Monitor,
    /// Possible trafficking: refer for full identification.
    Possible,
    /// Likely trafficking: refer urgently for full identification.
    Likely,
}

impl From<Level> for RiskLevel {
    fn from(l: Level) -> Self {
        match l {
            Level::None => RiskLevel::None,
            Level::Monitor => RiskLevel::Monitor,
            Level::Possible => RiskLevel::Possible,
            Level::Likely => RiskLevel::Likely,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct IndicatorView {
    pub id: String,
    pub dimension: String,
    /// `strong` or `medium`.
    pub strength: String,
    pub explanation: LocalText,
    pub needs_review: bool,
}

/// The explained result of an interview. Advice to refer for full identification,
/// never a finding.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AssessmentView {
    pub level: RiskLevel,
    pub headline: LocalText,
    /// Answer → indicator → dimension → level, ending with the disclaimer.
    pub explanation: Vec<LocalText>,
    pub disclaimer: LocalText,
    pub urgent_safety: bool,
    pub emergency: Option<LocalText>,
    pub minor: bool,
    pub indicators: Vec<IndicatorView>,
    /// Needs the answers record (`shelter`, `medical`, ...).
    pub needs: Vec<String>,
}

/// The name serde gives a unit variant (`strong`, `crisis_centre`, ...).
pub(crate) fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub(crate) fn assessment_view(a: &Assessment) -> AssessmentView {
    AssessmentView {
        level: a.level.into(),
        headline: a.headline.clone().into(),
        explanation: a.explanation.iter().cloned().map(Into::into).collect(),
        disclaimer: a.disclaimer.clone().into(),
        urgent_safety: a.urgent_safety,
        emergency: a.emergency.clone().map(Into::into),
        minor: a.minor,
        indicators: a
            .raised
            .iter()
            .map(|r| IndicatorView {
                id: r.id.clone(),
                dimension: r.dimension.clone(),
                strength: serde_name(&r.strength),
                explanation: r.explanation.clone().into(),
                needs_review: r.needs_review,
            })
            .collect(),
        needs: a.needs.iter().map(|n| n.as_str().to_string()).collect(),
    }
}

#[uniffi::export]
impl Interview {
    /// Scores the interview with the bundled rule set, stores the summary with it and
    /// marks it completed.
    pub fn finish(&self) -> Result<AssessmentView> {
        let rules = library()?.rule_set(DEFAULT_RULE_SET, None)?;
        let vault = lock(&self.vault);
        let assessment = screening::finish(&*vault, &mut self.session(), &rules)?;
        let view = assessment_view(&assessment);
        *self
            .assessment
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(assessment);
        Ok(view)
    }
}
