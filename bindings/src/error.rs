//! The one error type that crosses the boundary: a kind the app can branch on and a
//! reason it can show or log. Reasons are the core's texts, which never carry personal
//! data, passcodes or keys.

use senim_content::Error as ContentError;
use senim_protocol::Error as ProtocolError;
use senim_vault::Error as VaultError;

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

fn vault_kind(error: &VaultError) -> ErrorKind {
    use ErrorKind as K;
    match error {
        VaultError::WrongPasscode { .. } => K::WrongPasscode,
        VaultError::TooManyAttempts { .. } => K::TooManyAttempts,
        VaultError::Locked => K::Locked,
        VaultError::NoVault => K::NoVault,
        VaultError::VaultExists => K::VaultExists,
        VaultError::CorruptHeader(_)
        | VaultError::CorruptDatabase(_)
        | VaultError::UnsupportedFormat { .. }
        | VaultError::RecordTampered { .. }
        | VaultError::MalformedRecord { .. }
        | VaultError::AuditBroken { .. } => K::Damaged,
        VaultError::RecordNotFound(_) => K::NotFound,
        VaultError::InvalidInput { .. } | VaultError::KdfParams(_) => K::InvalidInput,
        VaultError::WipeIncomplete { .. } => K::Storage,
        VaultError::WipedByPolicy(_) => K::Wiped,
        VaultError::KeyStoreRequired
        | VaultError::DeviceSecretMissing
        | VaultError::KeyStore(_) => K::KeyStore,
        VaultError::Storage(_) | VaultError::Io(_) => K::Storage,
        VaultError::Crypto(_) => K::Internal,
        VaultError::Protocol(e) => protocol_kind(e),
        VaultError::Content(e) => content_kind(e),
        // The vault's error is non-exhaustive: a kind added there is internal here
        // until it gets its own.
        _ => K::Internal,
    }
}

fn protocol_kind(error: &ProtocolError) -> ErrorKind {
    use ErrorKind as K;
    match error {
        ProtocolError::InvalidInput { .. } | ProtocolError::InvalidCode { .. } => K::InvalidInput,
        ProtocolError::Membership(_) | ProtocolError::Order(_) => K::Membership,
        ProtocolError::Envelope { .. } => K::Envelope,
        ProtocolError::Protocol(_) => K::Protocol,
        ProtocolError::DemoMismatch(_) => K::Demo,
        _ => K::Internal,
    }
}

fn content_kind(error: &ContentError) -> ErrorKind {
    use ErrorKind as K;
    match error {
        ContentError::InvalidInput { .. } => K::InvalidInput,
        ContentError::InvalidContent { .. }
        | ContentError::ContentNotFound { .. }
        | ContentError::ContentMismatch { .. } => K::Content,
        ContentError::ConsentRequired { .. } | ContentError::ConsentWithdrawn => K::Consent,
        ContentError::Interview(_) => K::Interview,
        ContentError::RecordNotFound(_) => K::NotFound,
        ContentError::Io(_) => K::Storage,
        _ => K::Internal,
    }
}

impl From<VaultError> for SenimError {
    fn from(error: VaultError) -> Self {
        SenimError::new(vault_kind(&error), error.to_string())
    }
}

impl From<ProtocolError> for SenimError {
    fn from(error: ProtocolError) -> Self {
        SenimError::new(protocol_kind(&error), error.to_string())
    }
}

impl From<ContentError> for SenimError {
    fn from(error: ContentError) -> Self {
        SenimError::new(content_kind(&error), error.to_string())
    }
}

impl From<senim_records::Error> for SenimError {
    fn from(error: senim_records::Error) -> Self {
        SenimError::new(ErrorKind::InvalidInput, error.to_string())
    }
}

impl From<senim_client::Error> for SenimError {
    fn from(error: senim_client::Error) -> Self {
        use senim_client::Error as E;
        let kind = match &error {
            E::Unreachable(_) => ErrorKind::Unreachable,
            E::HubRefused { .. } => ErrorKind::HubRefused,
            E::Protocol(e) => protocol_kind(e),
            E::Vault(e) => vault_kind(e),
            _ => ErrorKind::Internal,
        };
        SenimError::new(kind, error.to_string())
    }
}

impl From<senim_demo::Error> for SenimError {
    fn from(error: senim_demo::Error) -> Self {
        use senim_demo::Error as E;
        let kind = match &error {
            E::NotDemo(_) => ErrorKind::Demo,
            E::DamagedSettings(_) => ErrorKind::Damaged,
            E::Vault(e) => vault_kind(e),
            E::Content(e) => content_kind(e),
            _ => ErrorKind::Internal,
        };
        SenimError::new(kind, error.to_string())
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
