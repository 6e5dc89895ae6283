//! The one error that crosses the boundary, as a sealed hierarchy: Kotlin gets
//! `sealed class SenimException` (`SenimException.WrongPasscode(failedAttempts)`), Swift
//! an `enum SenimError` with associated values. Each variant is one thing the app tells
//! apart, and carries the fields the app needs to say it and to act on it: the failed
//! attempts, the seconds to wait, the hub's status and stable code, the field to
//! correct, the consent scope, whether a failed wipe destroyed the keys.
//!
//! The conversions fill those fields from the core crates' typed errors, never by
//! reading their text. Where a variant has a `reason`, it is the core's short
//! developer-facing line for a log; the apps build the worker's sentence from the
//! variant and its other fields and never need to show it.
//!
//! Must never carry personal data, a passcode or a key: only counts, codes, field names
//! and the core's fixed texts, which name shapes and rules, never values.

use std::collections::HashMap;
use std::time::Duration;

use senim_content::Error as ContentError;
use senim_protocol::Error as ProtocolError;
use senim_vault::Error as VaultError;

use crate::consent::ConsentScope;

/// What is wrong with the screening content a step needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ContentProblem {
    /// Not in this build, at the version asked for.
    Missing,
    /// It failed validation.
    Invalid,
    /// Its id and version match, its content differs from the one an interview was run
    /// or scored with.
    Changed,
}

/// Every failure of the API.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum SenimError {
    /// The passcode (or this device's key store secret) does not open the vault.
    /// `failed_attempts`: failed unlocks since the last success, this one included.
    #[error("wrong passcode ({failed_attempts} failed attempts since the last unlock)")]
    WrongPasscode { failed_attempts: u32 },

    /// Unlocking is paused after repeated wrong passcodes: the next attempt is accepted
    /// after `retry_after_seconds` (at least 1, rounded up), and none before counts.
    #[error("too many failed unlock attempts: try again in {retry_after_seconds} s")]
    TooManyAttempts { retry_after_seconds: u64 },

    /// A new passcode (creating a vault, changing the passcode, a duress passcode) that
    /// is too easy to guess: `problem` names the rule, for the app's own sentence.
    #[error("passcode refused: {problem:?}")]
    WeakPasscode { problem: PasscodeProblem },

    /// The step needs the vault unlocked.
    #[error("the vault is locked")]
    Locked,

    /// No vault at this place (never created, or wiped).
    #[error("no vault found at the given location")]
    NoVault,

    /// A vault already exists where one was to be created.
    #[error("a vault already exists at the given location")]
    VaultExists,

    /// The vault wiped itself as the team's policy requires (too many failed unlocks, or
    /// too long without a sync): nothing of it remains; set the phone up again.
    #[error("{reason}")]
    Wiped { reason: String },

    /// The vault or a record was altered or damaged.
    #[error("{reason}")]
    Damaged { reason: String },

    /// The vault was written by a newer version of Senim: update the app.
    #[error("unsupported vault format {found} (this build reads up to {supported})")]
    UnsupportedFormat { found: u32, supported: u32 },

    /// No such record (or service, or form question).
    #[error("{reason}")]
    NotFound { reason: String },

    /// Input the core refuses: `field` names it (`text`, `passcode`, `welcome code` …),
    /// `reason` states the rule, never the value.
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: String, reason: String },

    /// An interview's answer that does not fit its question (its type, its options or
    /// its range). `key` and `values` are the problem's message in the worker's catalog
    /// (`common-answer-…`, its variables: the bounds as digits, the type expected),
    /// which the apps say in their language; `reason` is the core's English, for logs
    /// ("invalid answer: must be between 14 and 99"). Never the answer given.
    #[error("{reason}")]
    InvalidAnswer {
        key: String,
        values: HashMap<String, String>,
        reason: String,
    },

    /// A form, rule set or services directory (`what`) is missing, invalid or changed.
    #[error("{reason}")]
    Content {
        what: String,
        problem: ContentProblem,
        reason: String,
    },

    /// The step needs a consent with this scope, and none is recorded.
    #[error("no consent with the {scope:?} scope is recorded")]
    ConsentRequired { scope: ConsentScope },

    /// The person withdrew the consent this step runs under.
    #[error("the person withdrew their consent")]
    ConsentWithdrawn,

    /// The interview is not in a state that allows this step (closed, a required
    /// question skipped, no assessment yet).
    #[error("{reason}")]
    Interview { reason: String },

    /// The team's rules refuse this: not in a team, a revoked or unknown device, a role
    /// that may not do it, a membership list or team order that does not hold.
    #[error("{reason}")]
    Membership { reason: String },

    /// A sync envelope was refused (altered, forged, out of place).
    #[error("{reason}")]
    Envelope { reason: String },

    /// The other side of a sync broke the protocol. (Not `Protocol`: Swift reserves
    /// that name for a type's member.)
    #[error("{reason}")]
    ProtocolViolation { reason: String },

    /// The hub could not be reached, or the connection broke: nothing is lost, sync
    /// again.
    #[error("{reason}")]
    Unreachable { reason: String },

    /// The hub answered with an error: its HTTP `status` and stable `code` (see
    /// docs/hub.md), and its fixed `reason`.
    #[error("the hub refused the request (HTTP {status}, {code}: {reason})")]
    HubRefused {
        status: u16,
        code: String,
        reason: String,
    },

    /// The platform key store failed, or the vault needs one and none was given.
    #[error("{reason}")]
    KeyStore { reason: String },

    /// This device's key store holds no secret for this vault (the app's data was
    /// cleared, the key was removed, or the vault came from another phone): it cannot be
    /// opened here.
    #[error("this device's key store holds no secret for this vault")]
    DeviceSecretMissing,

    /// Demo and real data met (a demo vault and a real team or hub, or the other way
    /// round), or a demo-only step on a real vault. Nothing was mixed.
    #[error("{reason}")]
    Demo { reason: String },

    /// The phone's storage failed.
    #[error("{reason}")]
    Storage { reason: String },

    /// A panic wipe did not finish. `keys_destroyed`: the key material is gone, so
    /// nothing left can be decrypted (files remain to remove); otherwise the data may
    /// still be readable: wipe again. `reason` names what remains (file names, never a
    /// path).
    #[error("the wipe did not finish: {reason}")]
    WipeIncomplete {
        keys_destroyed: bool,
        reason: String,
    },

    /// Long work (a sync, a retention scan) stopped at its next step because
    /// `SenimVault.interrupt()` was called (by the app, or by the panic wipe). Nothing is
    /// half-done: run it again.
    #[error("interrupted before it finished")]
    Interrupted,

    /// A bug, in the core or in the app's callback.
    #[error("{reason}")]
    Internal { reason: String },
}

impl SenimError {
    /// An [`SenimError::InvalidInput`] raised by the facade itself.
    pub(crate) fn invalid(field: &str, reason: impl Into<String>) -> Self {
        SenimError::InvalidInput {
            field: field.to_string(),
            reason: reason.into(),
        }
    }

    /// An [`SenimError::Internal`] raised by the facade itself.
    pub(crate) fn internal(reason: impl Into<String>) -> Self {
        SenimError::Internal {
            reason: reason.into(),
        }
    }

    /// The developer-facing line to hand on when this error from the app's own callback
    /// becomes another layer's error (a key store failure, a transport failure): the
    /// reason alone where there is one, so that no layer prefixes it twice.
    pub(crate) fn into_reason(self) -> String {
        match self {
            SenimError::Wiped { reason }
            | SenimError::Damaged { reason }
            | SenimError::NotFound { reason }
            | SenimError::Content { reason, .. }
            | SenimError::Interview { reason }
            | SenimError::Membership { reason }
            | SenimError::Envelope { reason }
            | SenimError::ProtocolViolation { reason }
            | SenimError::Unreachable { reason }
            | SenimError::KeyStore { reason }
            | SenimError::Demo { reason }
            | SenimError::Storage { reason }
            | SenimError::Internal { reason } => reason,
            other => other.to_string(),
        }
    }
}

pub type Result<T> = std::result::Result<T, SenimError>;

/// Whole seconds to wait, rounded up and never 0: a lockout that has a fraction of a
/// second left is still a lockout, and an app that counts down from 0 would let the
/// worker try at once and be refused.
fn wait_seconds(retry_after: Duration) -> u64 {
    let whole = retry_after.as_secs();
    let up = if retry_after.subsec_nanos() > 0 {
        whole.saturating_add(1)
    } else {
        whole
    };
    up.max(1)
}

/// The facade's scope for the core's consent scope name (`"screening"`, `"referral"`,
/// `"sharing"`: the records' own serde names).
fn consent_scope(scope: &str) -> Option<ConsentScope> {
    serde_json::from_value::<senim_records::ConsentScope>(serde_json::Value::String(scope.into()))
        .ok()
        .map(ConsentScope::from)
}

impl From<VaultError> for SenimError {
    fn from(error: VaultError) -> Self {
        use SenimError as S;
        match error {
            VaultError::WrongPasscode { failures } => S::WrongPasscode {
                failed_attempts: failures,
            },
            VaultError::TooManyAttempts { retry_after } => S::TooManyAttempts {
                retry_after_seconds: wait_seconds(retry_after),
            },
            VaultError::Locked => S::Locked,
            VaultError::NoVault => S::NoVault,
            VaultError::VaultExists => S::VaultExists,
            VaultError::UnsupportedFormat { found, supported } => {
                S::UnsupportedFormat { found, supported }
            }
            // Parameters outside the accepted range can only come from the header at
            // unlock (the facade always calibrates its own): an altered header.
            e @ (VaultError::CorruptHeader(_)
            | VaultError::CorruptDatabase(_)
            | VaultError::RecordTampered { .. }
            | VaultError::MalformedRecord { .. }
            | VaultError::AuditBroken { .. }
            | VaultError::KdfParams(_)) => S::Damaged {
                reason: e.to_string(),
            },
            e @ VaultError::RecordNotFound(_) => S::NotFound {
                reason: e.to_string(),
            },
            VaultError::InvalidInput { field, reason } => S::InvalidInput {
                field: field.to_string(),
                reason,
            },
            VaultError::WeakPasscode(weakness) => S::WeakPasscode {
                problem: weakness.into(),
            },
            VaultError::WipeIncomplete {
                keys_destroyed,
                reason,
            } => S::WipeIncomplete {
                keys_destroyed,
                reason,
            },
            e @ VaultError::WipedByPolicy(_) => S::Wiped {
                reason: e.to_string(),
            },
            VaultError::DeviceSecretMissing => S::DeviceSecretMissing,
            e @ (VaultError::KeyStoreRequired | VaultError::KeyStore(_)) => S::KeyStore {
                reason: e.to_string(),
            },
            e @ (VaultError::Storage(_) | VaultError::Io(_)) => S::Storage {
                reason: e.to_string(),
            },
            VaultError::Interrupted => S::Interrupted,
            VaultError::Protocol(e) => e.into(),
            VaultError::Content(e) => e.into(),
            // Crypto failures (the random source, key setup), and whatever the vault's
            // non-exhaustive error adds until it gets its own variant here.
            e => S::Internal {
                reason: e.to_string(),
            },
        }
    }
}

impl From<ProtocolError> for SenimError {
    fn from(error: ProtocolError) -> Self {
        use SenimError as S;
        match error {
            ProtocolError::InvalidInput { field, reason } => S::InvalidInput {
                field: field.to_string(),
                reason,
            },
            ProtocolError::InvalidCode { what, reason } => S::InvalidInput {
                field: what.to_string(),
                reason: reason.to_string(),
            },
            e @ ProtocolError::CodeMismatch { .. } => S::InvalidInput {
                field: "verification code".to_string(),
                reason: e.to_string(),
            },
            e @ (ProtocolError::Membership(_) | ProtocolError::Order(_)) => S::Membership {
                reason: e.to_string(),
            },
            e @ ProtocolError::Envelope { .. } => S::Envelope {
                reason: e.to_string(),
            },
            e @ ProtocolError::Protocol(_) => S::ProtocolViolation {
                reason: e.to_string(),
            },
            e @ ProtocolError::DemoMismatch(_) => S::Demo {
                reason: e.to_string(),
            },
            e => S::Internal {
                reason: e.to_string(),
            },
        }
    }
}

impl From<ContentError> for SenimError {
    fn from(error: ContentError) -> Self {
        use SenimError as S;
        let content = |what: &str, problem, e: &ContentError| S::Content {
            what: what.to_string(),
            problem,
            reason: e.to_string(),
        };
        match error {
            ContentError::InvalidInput { field, reason } => S::InvalidInput {
                field: field.to_string(),
                reason,
            },
            ref e @ ContentError::InvalidAnswer(ref problem) => S::InvalidAnswer {
                key: problem.key().to_string(),
                values: problem
                    .values()
                    .into_iter()
                    .map(|(name, value)| (name.to_string(), value))
                    .collect(),
                reason: e.to_string(),
            },
            ref e @ ContentError::InvalidContent { what, .. } => {
                content(what, ContentProblem::Invalid, e)
            }
            ref e @ ContentError::UnsourcedNumber { .. } => {
                content("services directory", ContentProblem::Invalid, e)
            }
            ref e @ ContentError::ContentNotFound { what, .. } => {
                content(what, ContentProblem::Missing, e)
            }
            ref e @ ContentError::ContentMismatch { what, .. } => {
                content(what, ContentProblem::Changed, e)
            }
            ContentError::ConsentRequired { scope } => match consent_scope(scope) {
                Some(scope) => S::ConsentRequired { scope },
                None => S::Internal {
                    reason: format!("a consent scope this build does not know: {scope}"),
                },
            },
            ContentError::ConsentWithdrawn => S::ConsentWithdrawn,
            e @ ContentError::Interview(_) => S::Interview {
                reason: e.to_string(),
            },
            e @ ContentError::RecordNotFound(_) => S::NotFound {
                reason: e.to_string(),
            },
            e @ ContentError::Io(_) => S::Storage {
                reason: e.to_string(),
            },
            e => S::Internal {
                reason: e.to_string(),
            },
        }
    }
}

impl From<senim_records::Error> for SenimError {
    fn from(error: senim_records::Error) -> Self {
        match error {
            senim_records::Error::InvalidInput { field, reason } => SenimError::InvalidInput {
                field: field.to_string(),
                reason,
            },
        }
    }
}

impl From<senim_client::Error> for SenimError {
    fn from(error: senim_client::Error) -> Self {
        use senim_client::Error as E;
        match error {
            E::Unreachable(reason) => SenimError::Unreachable { reason },
            E::HubRefused {
                status,
                code,
                reason,
            } => SenimError::HubRefused {
                status,
                code,
                reason,
            },
            E::Protocol(e) => e.into(),
            E::Vault(e) => e.into(),
            e => SenimError::Internal {
                reason: e.to_string(),
            },
        }
    }
}

impl From<senim_demo::Error> for SenimError {
    fn from(error: senim_demo::Error) -> Self {
        use senim_demo::Error as E;
        match error {
            e @ E::NotDemo(_) => SenimError::Demo {
                reason: e.to_string(),
            },
            e @ E::DamagedSettings(_) => SenimError::Damaged {
                reason: e.to_string(),
            },
            E::Vault(e) => e.into(),
            E::Content(e) => e.into(),
            e => SenimError::Internal {
                reason: e.to_string(),
            },
        }
    }
}

impl From<senim_report::Error> for SenimError {
    fn from(error: senim_report::Error) -> Self {
        match error {
            senim_report::Error::InvalidInput { field, reason } => SenimError::InvalidInput {
                field: field.to_string(),
                reason,
            },
            senim_report::Error::Vault(e) => e.into(),
            e => SenimError::Internal {
                reason: e.to_string(),
            },
        }
    }
}

/// A foreign implementation (a `KeyStore` or `SyncTransport` in Kotlin or Swift) threw
/// something other than a `SenimError`. Only the first line of what it threw is kept
/// (Kotlin sends the whole stack trace), at most 200 characters: the reason is for a
/// log line, not for app internals. The layer that called the callback then makes it
/// its own error (a key store failure, an unreachable hub).
impl From<uniffi::UnexpectedUniFFICallbackError> for SenimError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        let first = error.reason.lines().next().unwrap_or("").trim();
        let first: String = first.chars().take(200).collect();
        SenimError::internal(format!("the app's callback failed: {first}"))
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
        let SenimError::Internal { reason } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(reason.lines().count(), 1);
        assert!(
            reason.ends_with("java.lang.RuntimeException: keystore gone"),
            "{reason}"
        );
        let long = SenimError::from(uniffi::UnexpectedUniFFICallbackError::new("y".repeat(900)));
        assert!(long.to_string().chars().count() < 260);
    }

    #[test]
    fn a_lockout_is_whole_seconds_rounded_up() {
        let wait = |d| match SenimError::from(VaultError::TooManyAttempts { retry_after: d }) {
            SenimError::TooManyAttempts {
                retry_after_seconds,
            } => retry_after_seconds,
            other => panic!("{other:?}"),
        };
        assert_eq!(wait(Duration::from_secs(5)), 5);
        assert_eq!(wait(Duration::from_millis(4_001)), 5);
        assert_eq!(wait(Duration::from_secs(3600)), 3600);
    }

    #[test]
    fn a_lockout_with_less_than_a_second_left_still_waits_one() {
        for d in [
            Duration::ZERO,
            Duration::from_nanos(1),
            Duration::from_millis(999),
        ] {
            assert!(matches!(
                SenimError::from(VaultError::TooManyAttempts { retry_after: d }),
                SenimError::TooManyAttempts {
                    retry_after_seconds: 1
                }
            ));
        }
    }

    #[test]
    fn a_wrong_passcode_carries_the_count_of_failures() {
        assert!(matches!(
            SenimError::from(VaultError::WrongPasscode { failures: 2 }),
            SenimError::WrongPasscode { failed_attempts: 2 }
        ));
    }

    #[test]
    fn a_hub_refusal_carries_the_status_and_the_stable_code() {
        let e = SenimError::from(senim_client::Error::HubRefused {
            status: 403,
            code: "not_a_member".into(),
            reason: "this device is not a member".into(),
        });
        let SenimError::HubRefused {
            status,
            code,
            reason,
        } = e
        else {
            panic!("{e:?}")
        };
        assert_eq!((status, code.as_str()), (403, "not_a_member"));
        assert_eq!(reason, "this device is not a member");
    }

    #[test]
    fn a_transport_failure_is_unreachable_with_the_transport_reason_alone() {
        let e = SenimError::from(senim_client::Error::Unreachable("connection reset".into()));
        assert!(
            matches!(&e, SenimError::Unreachable { reason } if reason == "connection reset"),
            "{e:?}"
        );
    }

    #[test]
    fn an_answer_that_does_not_fit_is_its_catalog_message_in_every_complete_language() {
        use senim_l10n::{Args, Catalog, Locale};
        let catalog = Catalog::builtin().unwrap();
        for problem in senim_content::forms::AnswerProblem::examples() {
            let (key, values, reason) = match SenimError::from(VaultError::Content(
                ContentError::InvalidAnswer(problem.clone()),
            )) {
                SenimError::InvalidAnswer {
                    key,
                    values,
                    reason,
                } => (key, values, reason),
                other => panic!("{other:?}"),
            };
            assert_eq!(reason, format!("invalid answer: {problem}"));
            let values: std::collections::BTreeMap<String, String> = values.into_iter().collect();
            let mut args = Args::new();
            for (name, value) in &values {
                args.set(name, value.as_str());
            }
            let en = catalog.format(Locale::En, &key, Some(&args)).unwrap();
            assert_eq!(en, problem.to_string(), "{problem:?}");
            for locale in [Locale::Ru, Locale::Kk] {
                let said = catalog.format(locale, &key, Some(&args)).unwrap();
                assert_ne!(said, en, "{locale}: {problem:?}");
                for value in values.values() {
                    assert!(
                        said.contains(value.as_str()) || key == "common-answer-wrong-type",
                        "{said}"
                    );
                }
            }
        }
    }

    #[test]
    fn invalid_input_names_the_field_whichever_layer_refused_it() {
        let field = |e: SenimError| match e {
            SenimError::InvalidInput { field, .. } => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(senim_records::Error::invalid("text", "must not be empty").into()),
            "text"
        );
        assert_eq!(
            field(
                ProtocolError::InvalidCode {
                    what: "welcome code",
                    reason: "checksum does not match"
                }
                .into()
            ),
            "welcome code"
        );
        assert_eq!(
            field(VaultError::invalid("passcode", "too short").into()),
            "passcode"
        );
        assert_eq!(
            field(ContentError::invalid("language", "not offered").into()),
            "language"
        );
    }

    #[test]
    fn a_missing_consent_names_its_scope() {
        assert!(matches!(
            SenimError::from(ContentError::ConsentRequired { scope: "referral" }),
            SenimError::ConsentRequired {
                scope: ConsentScope::Referral
            }
        ));
        assert!(matches!(
            SenimError::from(VaultError::Content(ContentError::ConsentRequired {
                scope: "screening"
            })),
            SenimError::ConsentRequired {
                scope: ConsentScope::Screening
            }
        ));
        assert!(matches!(
            SenimError::from(ContentError::ConsentWithdrawn),
            SenimError::ConsentWithdrawn
        ));
    }

    #[test]
    fn content_problems_say_which_content_and_what_is_wrong() {
        let e = SenimError::from(ContentError::ContentNotFound {
            what: "form",
            id: "f".into(),
            version: None,
        });
        assert!(
            matches!(&e, SenimError::Content { what, problem: ContentProblem::Missing, .. } if what == "form"),
            "{e:?}"
        );
        let e = SenimError::from(ContentError::ContentMismatch {
            what: "rule set",
            id: "r".into(),
            version: "1".into(),
        });
        assert!(
            matches!(&e, SenimError::Content { what, problem: ContentProblem::Changed, .. } if what == "rule set"),
            "{e:?}"
        );
    }

    #[test]
    fn a_failed_wipe_says_whether_the_keys_are_gone_as_a_field() {
        for keys_destroyed in [true, false] {
            let e = SenimError::from(VaultError::WipeIncomplete {
                keys_destroyed,
                reason: "senim.db could not be removed".into(),
            });
            assert!(
                matches!(&e, SenimError::WipeIncomplete { keys_destroyed: k, reason } if *k == keys_destroyed && reason == "senim.db could not be removed"),
                "{e:?}"
            );
        }
    }

    #[test]
    fn the_key_store_missing_the_secret_is_its_own_variant() {
        assert!(matches!(
            SenimError::from(VaultError::DeviceSecretMissing),
            SenimError::DeviceSecretMissing
        ));
        assert!(matches!(
            SenimError::from(VaultError::KeyStoreRequired),
            SenimError::KeyStore { .. }
        ));
    }

    #[test]
    fn a_newer_vault_format_is_not_damage() {
        assert!(matches!(
            SenimError::from(VaultError::UnsupportedFormat {
                found: 9,
                supported: 4
            }),
            SenimError::UnsupportedFormat {
                found: 9,
                supported: 4
            }
        ));
    }

    #[test]
    fn errors_of_the_demo_layer_keep_their_meaning() {
        assert!(matches!(
            SenimError::from(senim_demo::Error::NotDemo("only a demo vault can be reset")),
            SenimError::Demo { .. }
        ));
        assert!(matches!(
            SenimError::from(senim_demo::Error::Vault(VaultError::Locked)),
            SenimError::Locked
        ));
    }

    #[test]
    fn a_callback_error_handed_on_keeps_its_reason_once() {
        let from_app = SenimError::KeyStore {
            reason: "user cancelled authentication".into(),
        };
        assert_eq!(from_app.into_reason(), "user cancelled authentication");
        let e = SenimError::from(VaultError::KeyStore(senim_vault::KeyStoreError(
            "user cancelled authentication".into(),
        )));
        let SenimError::KeyStore { reason } = e else {
            panic!("{e:?}")
        };
        assert_eq!(
            reason.matches("user cancelled authentication").count(),
            1,
            "{reason}"
        );
    }
}

/// Why a new passcode is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum PasscodeProblem {
    /// Fewer than 6 characters.
    TooShort,
    /// One of the most common passcodes (also when typed in Cyrillic on its keys).
    Common,
    /// One character repeated (`111111`).
    RepeatedCharacter,
    /// Consecutive digits or letters (`123456`, `abcdef`).
    Sequence,
    /// A short group repeated (`121212`).
    RepeatedGroup,
    /// None of the above, but the estimate finds it too easy to guess.
    TooWeak,
}

impl From<senim_vault::PasscodeWeakness> for PasscodeProblem {
    fn from(w: senim_vault::PasscodeWeakness) -> Self {
        use senim_vault::PasscodeWeakness as W;
        match w {
            W::TooShort => PasscodeProblem::TooShort,
            W::Common => PasscodeProblem::Common,
            W::RepeatedCharacter => PasscodeProblem::RepeatedCharacter,
            W::Sequence => PasscodeProblem::Sequence,
            W::RepeatedGroup => PasscodeProblem::RepeatedGroup,
            W::TooGuessable => PasscodeProblem::TooWeak,
        }
    }
}
