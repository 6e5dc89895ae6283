//! Services for a finished interview (the bundled Kazakhstan directory, most relevant
//! first, with reasons) and referrals, which need the person's consent.

use std::collections::BTreeSet;

use senim_content::DEFAULT_DIRECTORY;
use senim_content::screening;

use crate::assessment::serde_name;
use crate::error::{Result, SenimError};
use crate::interview::{Interview, LocalText, library};
use crate::work::lock;

/// A recommended service, and why.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ServiceView {
    pub service: String,
    pub kind: String,
    pub name: LocalText,
    pub description: LocalText,
    pub urgent: bool,
    /// A confirmed phone number; none for a placeholder entry.
    pub phone: Option<String>,
    /// No confirmed contact yet: show `placeholder_text`.
    pub placeholder: bool,
    pub placeholder_text: Option<LocalText>,
    pub reasons: Vec<LocalText>,
    pub needs_review: bool,
}

#[uniffi::export]
impl Interview {
    /// Services for the finished interview, most relevant first; `region` narrows
    /// local services (e.g. `almaty`).
    pub fn recommend(&self, region: Option<String>) -> Result<Vec<ServiceView>> {
        let assessment = self.finished()?;
        let dir = library()?.directory(DEFAULT_DIRECTORY, None)?;
        let needs: BTreeSet<_> = assessment.needs.clone();
        Ok(
            screening::recommend(&dir, &assessment, &needs, region.as_deref())
                .into_iter()
                .map(|r| ServiceView {
                    service: r.service,
                    kind: serde_name(&r.kind),
                    name: r.name.into(),
                    description: r.description.into(),
                    urgent: r.urgent,
                    phone: r.contact.and_then(|c| c.phone),
                    placeholder: r.placeholder,
                    placeholder_text: r.placeholder_text.map(Into::into),
                    reasons: r.reasons.into_iter().map(|x| x.text.into()).collect(),
                    needs_review: r.needs_review,
                })
                .collect(),
        )
    }

    /// Refers the person to `service` (needs their consent to referral, or to that
    /// service by name); returns the referral's id.
    pub fn refer(&self, service: String, reason: String) -> Result<String> {
        let id = self.session().id().ok_or_else(|| {
            SenimError::from(senim_content::Error::ConsentRequired { scope: "screening" })
        })?;
        let dir = library()?.directory(DEFAULT_DIRECTORY, None)?;
        let entry = dir.service(&service).ok_or_else(|| SenimError::NotFound {
            reason: "no such service in the directory".into(),
        })?;
        let vault = lock(&self.vault);
        Ok(screening::create_referral(&*vault, id, entry, &reason)?.to_string())
    }
}

/// The name of `service` in the bundled referral directory, in `language` (following
/// the directory's fallback chain, with its draft mark): what a referral's service id
/// reads as on a screen. `None` when the directory has no such service (a referral
/// written against another directory keeps its id).
#[uniffi::export]
pub fn directory_service_name(service: String, language: String) -> Result<Option<LocalText>> {
    let dir = library()?.directory(DEFAULT_DIRECTORY, None)?;
    Ok(dir
        .service(&service)
        .map(|s| dir.localize(&s.name, &language).into()))
}
