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
    /// A fixed phrase (see [`content_failure`]), never content.
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

/// The fixed reason for quarantining an authentic envelope that failed with `e` while
/// it was opened or applied, or `None` when `e` is this device's own failure (storage,
/// a locked or interrupted vault, its file system), which must end the work instead.
pub(crate) fn content_failure(e: &Error) -> Option<&'static str> {
    match e {
        Error::MalformedRecord { reason, .. } if reason.contains("another device") => {
            Some("it carries a change made by another device")
        }
        Error::MalformedRecord { .. } => Some("it carries a change that cannot be applied"),
        Error::Protocol(senim_protocol::Error::Envelope { reason })
            if reason.contains("cannot be decrypted") =>
        {
            Some("its payload does not open with its epoch's key")
        }
        Error::Protocol(senim_protocol::Error::Envelope { .. }) => {
            Some("its payload or a record's changes are malformed")
        }
        Error::InvalidInput { .. } | Error::Content(_) => {
            Some("it leaves a record in a shape the vault refuses")
        }
        _ => None,
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
