//! The one error type that crosses the boundary: a kind the app can branch on and a
//! reason it can show or log. Reasons are the core's texts, which never carry personal
//! data, passcodes or keys.

use senim_core::Error as CoreError;

/// What kind of failure, for the app to decide what to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ErrorKind {
    WrongPasscode,
    TooManyAttempts,
    Locked,
    NoVault,
    VaultExists,
    /// The vault or a record was altered or damaged.
    Damaged,
    NotFound,
    InvalidInput,
    /// A form, rule set or services directory is missing or invalid.
    Content,
    /// A consent that an action needs is missing or withdrawn.
    Consent,
    Interview,
    Membership,
    /// A sync envelope was refused (altered, forged, out of place).
    Envelope,
    Protocol,
    /// The hub could not be reached, or the connection broke: sync again.
    Unreachable,
    /// The hub answered with an error.
    HubRefused,
    /// The platform key store failed or holds no secret for this vault.
    KeyStore,
    /// Demo and real data met (a demo vault and a real team or hub, or the other way
    /// round), or a demo-only step on a real vault.
    Demo,
    Storage,
    /// The vault wiped itself as the team's policy requires (too many failed unlocks,
    /// or too long without a sync): nothing of it remains; set the phone up again.
    Wiped,
    Internal,
}

/// Every failure of the API.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum SenimError {
    #[error("{reason}")]
    Failed { kind: ErrorKind, reason: String },
}

impl SenimError {
    pub fn new(kind: ErrorKind, reason: impl Into<String>) -> Self {
        SenimError::Failed {
            kind,
            reason: reason.into(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            SenimError::Failed { kind, .. } => *kind,
        }
    }
}

pub type Result<T> = std::result::Result<T, SenimError>;

fn kind_of(error: &CoreError) -> ErrorKind {
    use ErrorKind as K;
    match error {
        CoreError::WrongPasscode { .. } => K::WrongPasscode,
        CoreError::TooManyAttempts { .. } => K::TooManyAttempts,
        CoreError::Locked => K::Locked,
        CoreError::NoVault => K::NoVault,
        CoreError::VaultExists => K::VaultExists,
        CoreError::CorruptHeader(_)
        | CoreError::CorruptDatabase(_)
        | CoreError::UnsupportedFormat { .. }
        | CoreError::RecordTampered { .. }
        | CoreError::MalformedRecord { .. }
        | CoreError::AuditBroken { .. } => K::Damaged,
        CoreError::RecordNotFound(_) => K::NotFound,
        CoreError::InvalidInput { .. }
        | CoreError::InvalidCode { .. }
        | CoreError::KdfParams(_) => K::InvalidInput,
        CoreError::InvalidContent { .. }
        | CoreError::ContentNotFound { .. }
        | CoreError::ContentMismatch { .. } => K::Content,
        CoreError::ConsentRequired { .. } | CoreError::ConsentWithdrawn => K::Consent,
        CoreError::HandoffSecret => K::WrongPasscode,
        CoreError::HandoffDamaged(_) => K::Damaged,
        CoreError::WipeIncomplete { .. } => K::Storage,
        CoreError::Interview(_) => K::Interview,
        CoreError::Membership(_) | CoreError::Order(_) => K::Membership,
        CoreError::WipedByPolicy(_) => K::Wiped,
        CoreError::Envelope { .. } => K::Envelope,
        CoreError::Protocol(_) => K::Protocol,
        CoreError::Unreachable(_) => K::Unreachable,
        CoreError::HubRefused { .. } => K::HubRefused,
        CoreError::KeyStoreRequired | CoreError::DeviceSecretMissing | CoreError::KeyStore(_) => {
            K::KeyStore
        }
        CoreError::DemoMismatch(_) | CoreError::NotDemo(_) => K::Demo,
        CoreError::Storage(_) | CoreError::Io(_) => K::Storage,
        CoreError::Crypto(_) => K::Internal,
        // The core's error is non-exhaustive: a kind added there is internal here
        // until it gets its own.
        _ => K::Internal,
    }
}

impl From<CoreError> for SenimError {
    fn from(error: CoreError) -> Self {
        SenimError::new(kind_of(&error), error.to_string())
    }
}

/// A foreign implementation (a `KeyStore` or `SyncTransport` in Kotlin or Swift) threw
/// something other than a `SenimError`.
/// Only the first line of what it threw is kept (Kotlin sends the whole stack trace),
/// at most 200 characters: the reason is for a log line, not for app internals.
impl From<uniffi::UnexpectedUniFFICallbackError> for SenimError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        let first = error.reason.lines().next().unwrap_or("").trim();
        let first: String = first.chars().take(200).collect();
        SenimError::new(
            ErrorKind::Internal,
            format!("the app's callback failed: {first}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_callback_failure_keeps_one_short_line() {
        let trace = format!(
            "java.lang.RuntimeException: keystore gone\n\tat org.example.Secret.get({})\n",
            "x".repeat(500)
        );
        let e = SenimError::from(uniffi::UnexpectedUniFFICallbackError::new(trace));
        let reason = e.to_string();
        assert_eq!(reason.lines().count(), 1);
        assert!(
            reason.ends_with("java.lang.RuntimeException: keystore gone"),
            "{reason}"
        );
        let long = SenimError::from(uniffi::UnexpectedUniFFICallbackError::new("y".repeat(900)));
        assert!(long.to_string().chars().count() < 260);
    }
}
