//! What this device knows of the other members' activity, for a lead's screens: for
//! each device of the team, the last envelope of its log this vault holds and when this
//! device's sync first brought it; for each quarantined place, when this device's sync
//! first found it quarantined.
//!
//! Owns the one sealed secret that keeps those times ([`SEEN`]). Nothing else is known:
//! a member's envelopes reach this device only through its own syncs, so a time is "at
//! or before this device's sync then", never the member's own clock, and a member whose
//! syncs carried nothing new is not seen at all. Only device ids, sequence numbers and
//! times are kept, never content. Times start with the first sync after this build: a
//! log held before it has no time (`None`), rather than a made-up one.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Error, Result, Vault};
use senim_protocol::team::{DeviceId, Place};

/// Secret: the devices' logs and quarantined places as seen at this device's syncs
/// (postcard of [`Seen`]).
pub(crate) const SEEN: &str = "team-seen";

/// One device of the team as this vault knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeviceSeen {
    pub device: DeviceId,
    /// The last sequence of its log this vault holds (0: none).
    pub last_seq: u64,
    /// When this device's sync first held that envelope (this device's clock); for
    /// this device itself, its last successful sync. `None`: held before times were
    /// kept, or never.
    pub at: Option<DateTime<Utc>>,
}

#[derive(Default, Serialize, Deserialize)]
struct Seen {
    /// Set by the first sync that kept times: the logs held until then have none.
    started: bool,
    /// Device id → (last sequence held, Unix seconds it was first held).
    logs: BTreeMap<[u8; 16], (u64, Option<i64>)>,
    /// Quarantined place (device, sequence) → Unix seconds it was first found.
    quarantined: BTreeMap<([u8; 16], u64), Option<i64>>,
    /// This device's last successful sync (Unix seconds).
    own_sync: Option<i64>,
}

fn time(seconds: Option<i64>) -> Option<DateTime<Utc>> {
    seconds.and_then(|s| DateTime::from_timestamp(s, 0))
}

impl Vault {
    fn seen(&self) -> Result<Seen> {
        match self.get_secret(SEEN)? {
            None => Ok(Seen::default()),
            Some(bytes) => postcard::from_bytes(&bytes)
                .map_err(|_| Error::CorruptDatabase("the members' activity is damaged".into())),
        }
    }

    /// The last sequence of each device's log this vault holds (stubs of purged places
    /// included: the place was held).
    fn logs_held(&self) -> Result<Vec<([u8; 16], u64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device, MAX(seq) FROM envelopes GROUP BY device ORDER BY device")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (device, seq) = row?;
            let device: [u8; 16] = device
                .as_slice()
                .try_into()
                .map_err(|_| Error::CorruptDatabase("an envelope's device id is damaged".into()))?;
            out.push((device, seq as u64));
        }
        Ok(out)
    }

    fn store_seen(&self, seen: &Seen) -> Result<()> {
        let bytes =
            zeroize::Zeroizing::new(postcard::to_allocvec(seen).map_err(|_| {
                Error::CorruptDatabase("the members' activity does not encode".into())
            })?);
        self.put_secret(SEEN, &bytes)
    }

    /// Before a sync exchanges envelopes: the first time, takes in the logs and
    /// quarantined places held until then without a time (held before times were
    /// kept), so that only what later syncs bring is timed.
    pub fn note_sync_start(&self) -> Result<()> {
        if self.get_secret(SEEN)?.is_some() {
            return Ok(());
        }
        let mut seen = Seen {
            started: true,
            ..Seen::default()
        };
        for (device, seq) in self.logs_held()? {
            seen.logs.insert(device, (seq, None));
        }
        for q in self.quarantined()? {
            seen.quarantined
                .insert((q.place.device.0, q.place.seq), None);
        }
        self.store_seen(&seen)
    }

    /// Notes, after a successful sync at `now`, which devices' logs grew and which
    /// places are newly quarantined (called by the client at the end of a sync).
    pub fn note_seen(&self, now: DateTime<Utc>) -> Result<()> {
        let mut seen = self.seen()?;
        let at = now.timestamp();
        for (device, seq) in self.logs_held()? {
            if seen.logs.get(&device).is_none_or(|(held, _)| seq > *held) {
                seen.logs.insert(device, (seq, Some(at)));
            }
        }
        let mut quarantined = BTreeMap::new();
        for q in self.quarantined()? {
            let key = (q.place.device.0, q.place.seq);
            let when = seen.quarantined.get(&key).copied().unwrap_or(Some(at));
            quarantined.insert(key, when);
        }
        seen.quarantined = quarantined;
        seen.started = true;
        seen.own_sync = Some(at);
        self.store_seen(&seen)
    }

    /// Every device whose log this vault holds, and this device itself, with the last
    /// envelope held and when it came (see [`DeviceSeen`]); by device id.
    pub fn devices_seen(&self) -> Result<Vec<DeviceSeen>> {
        let seen = self.seen()?;
        let own = self.header.device_id;
        let mut out: BTreeMap<[u8; 16], DeviceSeen> = BTreeMap::new();
        for (device, seq) in self.logs_held()? {
            let at = match seen.logs.get(&device) {
                Some((known, at)) if *known == seq => time(*at),
                // Grown since the last sync noted it (not yet noted): no time yet.
                _ => None,
            };
            out.insert(
                device,
                DeviceSeen {
                    device: DeviceId(device),
                    last_seq: seq,
                    at,
                },
            );
        }
        let mine = out.entry(own).or_insert(DeviceSeen {
            device: DeviceId(own),
            last_seq: 0,
            at: None,
        });
        mine.at = time(seen.own_sync);
        Ok(out.into_values().collect())
    }

    /// When this device's sync first found `place` quarantined (`None`: before times
    /// were kept, or not noted yet).
    pub fn quarantined_at(&self, place: &Place) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .seen()?
            .quarantined
            .get(&(place.device.0, place.seq))
            .copied()
            .and_then(time))
    }
}
