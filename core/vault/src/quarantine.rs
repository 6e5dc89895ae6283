//! Quarantine (ADR 0019): envelopes that are authentic (a member's, validly signed, the
//! next of their device's log) but whose content cannot be applied. They are kept in
//! the log, so it stays contiguous and later envelopes of the same device apply; their
//! changes are never applied; their places are listed for a lead, who purges them with
//! the team's purge orders.
//!
//! Owns which failures are content failures (what an envelope carries) rather than this
//! device's own (storage, a locked or interrupted vault), and the fixed reasons a
//! quarantined place is listed with. It must never keep or report an envelope's
//! content, a record id or a change: a place is a device and a sequence, a reason one
//! of a few set phrases.

use rusqlite::params;
use serde::Serialize;

use crate::{Error, Result, Vault};
use senim_protocol::sync::Header;
use senim_protocol::team::{DeviceId, Place};

/// One quarantined envelope: where it is, and why its content was not applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quarantined {
    pub place: Place,
    /// A fixed phrase (one of [`QuarantineReason`]'s), never content.
    pub reason: String,
}

impl std::fmt::Display for Quarantined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "device {} seq {}: {}",
            self.place.device, self.place.seq, self.reason
        )
    }
}

/// The reason of an envelope whose change did not apply to the record as this device
/// held it. Builds before changes waiting for a dependency were kept out of stored
/// documents gave it to envelopes that were sound (ADR 0031), so
/// [`Vault::apply_waiting`] tries these again: each is released once it applies, or
/// once its changes wait for others rather than fail.
pub(crate) const UNAPPLIED: &str = QuarantineReason::ChangeCannotApply.phrase();

/// The fixed reason for quarantining an authentic envelope that failed with `e` while
/// it was opened or applied, or `None` when `e` is this device's own failure (storage,
/// a locked or interrupted vault, its file system), which must end the work instead.
pub(crate) fn content_failure(e: &Error) -> Option<&'static str> {
    let reason = match e {
        Error::MalformedRecord { reason, .. } if reason.contains("another device") => {
            QuarantineReason::ChangeOfAnotherDevice
        }
        Error::MalformedRecord { .. } => QuarantineReason::ChangeCannotApply,
        Error::Protocol(senim_protocol::Error::Envelope { reason })
            if reason.contains("cannot be decrypted") =>
        {
            QuarantineReason::PayloadDoesNotOpen
        }
        Error::Protocol(senim_protocol::Error::Envelope { .. }) => QuarantineReason::Malformed,
        Error::InvalidInput { .. } | Error::Content(_) => QuarantineReason::RefusedShape,
        _ => return None,
    };
    Some(reason.phrase())
}

/// Why an authentic envelope was quarantined: one of a closed set. The vault stores its
/// English phrase, as vaults always have; the apps and the `senim` command say it in the
/// worker's language by its catalog key ([`QuarantineReason::key`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuarantineReason {
    /// A record's change carries another device's actor.
    ChangeOfAnotherDevice,
    /// A record's change does not apply.
    ChangeCannotApply,
    /// The payload does not open with the key of its epoch.
    PayloadDoesNotOpen,
    /// The payload or a record's changes do not parse.
    Malformed,
    /// The change would leave a record in a shape the vault refuses.
    RefusedShape,
}

impl QuarantineReason {
    /// Every reason.
    pub const ALL: [QuarantineReason; 5] = [
        QuarantineReason::ChangeOfAnotherDevice,
        QuarantineReason::ChangeCannotApply,
        QuarantineReason::PayloadDoesNotOpen,
        QuarantineReason::Malformed,
        QuarantineReason::RefusedShape,
    ];

    /// The English phrase the vault stores.
    pub const fn phrase(self) -> &'static str {
        match self {
            QuarantineReason::ChangeOfAnotherDevice => "it carries a change made by another device",
            QuarantineReason::ChangeCannotApply => "it carries a change that cannot be applied",
            QuarantineReason::PayloadDoesNotOpen => {
                "its payload does not open with its epoch's key"
            }
            QuarantineReason::Malformed => "its payload or a record's changes are malformed",
            QuarantineReason::RefusedShape => "it leaves a record in a shape the vault refuses",
        }
    }

    /// Its words in the catalog (`senim-l10n`, common.ftl).
    pub fn key(self) -> &'static str {
        match self {
            QuarantineReason::ChangeOfAnotherDevice => "common-quarantine-change-of-another-device",
            QuarantineReason::ChangeCannotApply => "common-quarantine-change-cannot-apply",
            QuarantineReason::PayloadDoesNotOpen => "common-quarantine-payload-does-not-open",
            QuarantineReason::Malformed => "common-quarantine-malformed",
            QuarantineReason::RefusedShape => "common-quarantine-refused-shape",
        }
    }

    /// The reason a stored phrase names; `None` for one this build does not know (a
    /// vault written by a later build), which is then shown as stored.
    pub fn from_phrase(phrase: &str) -> Option<QuarantineReason> {
        Self::ALL.into_iter().find(|r| r.phrase() == phrase)
    }
}

impl Quarantined {
    /// Its reason as one of the closed set (see [`QuarantineReason::from_phrase`]).
    pub fn reason_kind(&self) -> Option<QuarantineReason> {
        QuarantineReason::from_phrase(&self.reason)
    }
}

impl Vault {
    /// The quarantined envelopes this device holds, by device and sequence.
    pub fn quarantined(&self) -> Result<Vec<Quarantined>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device, seq, reason FROM quarantine ORDER BY device, seq")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, Vec<u8>>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (device, seq, reason) = row?;
            let device = DeviceId(device.as_slice().try_into().map_err(|_| {
                Error::CorruptDatabase("a quarantined place's device id is damaged".into())
            })?);
            out.push(Quarantined {
                place: Place {
                    device,
                    seq: seq as u64,
                },
                reason,
            });
        }
        Ok(out)
    }

    /// Notes the envelope of `header` as quarantined for `reason` (in the caller's
    /// transaction, with the envelope's own row).
    pub(crate) fn quarantine(
        &self,
        conn: &rusqlite::Connection,
        header: &Header,
        reason: &'static str,
    ) -> Result<()> {
        conn.execute(
            "INSERT OR REPLACE INTO quarantine (device, seq, reason) VALUES (?1, ?2, ?3)",
            params![header.device.0.to_vec(), header.seq as i64, reason],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_phrase_names_its_reason_and_no_other() {
        for reason in QuarantineReason::ALL {
            assert_eq!(QuarantineReason::from_phrase(reason.phrase()), Some(reason));
        }
        let keys: std::collections::BTreeSet<_> =
            QuarantineReason::ALL.iter().map(|r| r.key()).collect();
        assert_eq!(keys.len(), QuarantineReason::ALL.len());
        assert_eq!(
            QuarantineReason::from_phrase("a reason of a later build"),
            None
        );
    }

    #[test]
    fn every_content_failure_is_stored_as_a_known_reason() {
        let failures = [
            Error::MalformedRecord {
                id: "r".into(),
                reason: "a change made by another device".into(),
            },
            Error::MalformedRecord {
                id: "r".into(),
                reason: "missing dependency".into(),
            },
            Error::Protocol(senim_protocol::Error::Envelope {
                reason: "payload cannot be decrypted".into(),
            }),
            Error::Protocol(senim_protocol::Error::Envelope {
                reason: "truncated".into(),
            }),
            Error::InvalidInput {
                field: "text",
                reason: "too long".into(),
            },
        ];
        let reasons: Vec<_> = failures
            .iter()
            .map(|e| content_failure(e).and_then(QuarantineReason::from_phrase))
            .collect();
        assert_eq!(
            reasons,
            QuarantineReason::ALL.map(Some).to_vec(),
            "each failure has its own reason"
        );
    }
}
