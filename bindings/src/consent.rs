//! What a person's consent covers, as the apps and the errors name it (a consent a step
//! needs and does not find is `SenimError::ConsentRequired { scope }`).

/// What the consent covers. Screening is required to start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ConsentScope {
    Screening,
    Referral,
    Sharing,
}

impl From<ConsentScope> for senim_records::ConsentScope {
    fn from(s: ConsentScope) -> Self {
        match s {
            ConsentScope::Screening => senim_records::ConsentScope::Screening,
            ConsentScope::Referral => senim_records::ConsentScope::Referral,
            ConsentScope::Sharing => senim_records::ConsentScope::Sharing,
        }
    }
}

impl From<senim_records::ConsentScope> for ConsentScope {
    fn from(s: senim_records::ConsentScope) -> Self {
        match s {
            senim_records::ConsentScope::Screening => ConsentScope::Screening,
            senim_records::ConsentScope::Referral => ConsentScope::Referral,
            senim_records::ConsentScope::Sharing => ConsentScope::Sharing,
        }
    }
}
