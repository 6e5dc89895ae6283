//! Team orders: the lead-signed, numbered documents that carry the team's policy
//! (retention, automatic wipe) and its purge orders to every device and the hub.
//!
//! Orders form one chain per team, numbered from 1 without gaps, each signed by a lead
//! of the membership list in force when it was issued, whose version it names (so an
//! order stays valid after its lead is revoked, for devices that join later too). The
//! hub checks the signature and the number before it stores one, against the team's
//! current list (and, for a purge, removes the envelopes it names); a device checks the
//! same, against the list the order names, before it applies one. Orders from before
//! versions were named (format 1) are still read; see [`TeamOrder::membership_version`]. A purge order names envelope places
//! `(device, seq)`, which the hub already knows, and carries the purged record ids
//! sealed under the team's epoch key, which the hub cannot open. See
//! `docs/adr/0015-purge-and-erasure.md`.

use serde::{Deserialize, Serialize};

use super::identity::{Signature, signing_input};
use super::{DeviceId, DeviceKeys, Membership, TeamId, postcard_bytes};
use crate::records::{RecordId, RecordKind};
use crate::{Error, Result};
use senim_crypto::{self as crypto, SecretKey};

/// Domain label in front of the signed body of an order of format 1 (no membership
/// version named).
const ORDER_LABEL: &[u8] = b"senim team order v1";
/// Domain label in front of the signed body of an order of format 2 (the membership
/// version it was issued under is signed with it).
const ORDER_LABEL_V2: &[u8] = b"senim team order v2";
/// Largest encoded order [`TeamOrder::from_bytes`] reads.
pub const MAX_ORDER_BYTES: usize = 512 * 1024;
/// Most envelope places one purge order may name.
pub const MAX_PURGE_PLACES: usize = 10_000;
/// Most records one purge order may purge.
pub const MAX_PURGE_RECORDS: usize = 10_000;
/// Most retention rules a policy may hold (one per record kind).
pub const MAX_RETENTION_RULES: usize = RecordKind::ALL.len();
/// Longest retention period, automatic-wipe idle period, in days (about 30 years).
pub const MAX_POLICY_DAYS: u32 = 11_000;
/// Most failed unlocks a policy may allow before the automatic wipe.
pub const MAX_POLICY_FAILURES: u32 = 1_000;

/// How long records of one kind are kept.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Retention {
    #[serde(with = "kind_name")]
    pub kind: RecordKind,
    /// Records of the kind whose last change is older than this are purged. For
    /// referrals only closed ones (declined, completed, cancelled); for a subject, the
    /// subject and every record linked to it, once none of them changed within the
    /// period.
    pub days: u32,
}

/// The team's policy: retention per record kind and the automatic wipes.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct TeamPolicy {
    pub retention: Vec<Retention>,
    /// Wipe a device's vault after this many failed unlocks in a row.
    pub wipe_after_failed_unlocks: Option<u32>,
    /// Wipe a device's vault when it is opened this many days after its last
    /// successful sync (a lost device that never comes back).
    pub wipe_after_days_without_sync: Option<u32>,
}

impl TeamPolicy {
    /// The retention period of `kind`, if the policy sets one.
    pub fn retention_days(&self, kind: RecordKind) -> Option<u32> {
        self.retention
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| r.days)
    }

    /// The shape every policy must have.
    pub fn validate(&self) -> Result<()> {
        if self.retention.len() > MAX_RETENTION_RULES {
            return Err(invalid(
                "a policy holds at most one retention rule per kind",
            ));
        }
        for (i, r) in self.retention.iter().enumerate() {
            if self.retention[..i].iter().any(|o| o.kind == r.kind) {
                return Err(invalid("a policy names a record kind twice"));
            }
            if r.days == 0 || r.days > MAX_POLICY_DAYS {
                return Err(invalid("a retention period must be 1 to 11000 days"));
            }
        }
        if let Some(n) = self.wipe_after_failed_unlocks
            && !(3..=MAX_POLICY_FAILURES).contains(&n)
        {
            return Err(invalid(
                "the automatic wipe needs 3 to 1000 failed unlocks (fewer would wipe on typos)",
            ));
        }
        if let Some(d) = self.wipe_after_days_without_sync
            && !(1..=MAX_POLICY_DAYS).contains(&d)
        {
            return Err(invalid(
                "the automatic wipe needs 1 to 11000 days without sync",
            ));
        }
        Ok(())
    }
}

/// Why records were purged. The only detail the audit log keeps.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PurgeReason {
    /// The subject asked for their data to be erased (or withdrew consent).
    Erasure,
    /// The team's retention policy expired the records.
    Retention,
}

impl PurgeReason {
    pub fn as_str(self) -> &'static str {
        match self {
            PurgeReason::Erasure => "erasure",
            PurgeReason::Retention => "retention",
        }
    }
}

/// One entry of a device's envelope log: the device and its sequence number.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub struct Place {
    pub device: DeviceId,
    pub seq: u64,
}

/// The purged record ids, sealed under a key derived from one epoch's team key and
/// bound to the team and the order's number.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct SealedIds {
    pub epoch: u32,
    #[serde(with = "crate::sync::envelope::bytes")]
    pub sealed: Vec<u8>,
}

/// Remove the envelopes at `places` everywhere, and the records whose ids are sealed in
/// `records` from every device.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct PurgeOrder {
    pub reason: PurgeReason,
    /// Sorted, without repeats.
    pub places: Vec<Place>,
    pub records: SealedIds,
}

/// What an order says.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum OrderBody {
    /// The team's policy from now on (it replaces the previous one whole).
    Policy(TeamPolicy),
    Purge(PurgeOrder),
}

/// One signed order of a team.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TeamOrder {
    team: TeamId,
    number: u64,
    /// Seconds since the Unix epoch, by the lead's clock.
    issued_at: i64,
    body: OrderBody,
    pub(super) signer: DeviceId,
    pub(super) signature: Signature,
    /// The version of the membership list the order was issued (and is checked) under;
    /// `None` for an order of format 1, written before versions were named.
    membership_version: Option<u64>,
}

/// Format 1 on the wire (postcard), as orders were written before they named their
/// membership version: still read.
#[derive(Serialize, Deserialize)]
struct WireV1 {
    team: TeamId,
    number: u64,
    issued_at: i64,
    body: OrderBody,
    signer: DeviceId,
    signature: Signature,
}

/// Format 2: format 1's fields and then the membership version. A format-1 order lacks
/// the last field and a format-2 one has bytes more than format 1 reads, so each reads
/// as exactly one of the two. The formats sign under different labels, so an order
/// moved from one to the other (its version stripped or added) never verifies.
#[derive(Serialize, Deserialize)]
struct WireV2 {
    team: TeamId,
    number: u64,
    issued_at: i64,
    body: OrderBody,
    signer: DeviceId,
    signature: Signature,
    membership_version: u64,
}

#[derive(Serialize)]
struct SignedBody<'a> {
    team: &'a TeamId,
    number: u64,
    issued_at: i64,
    body: &'a OrderBody,
    signer: &'a DeviceId,
}

#[derive(Serialize)]
struct SignedBodyV2<'a> {
    team: &'a TeamId,
    number: u64,
    issued_at: i64,
    body: &'a OrderBody,
    signer: &'a DeviceId,
    membership_version: u64,
}

impl TeamOrder {
    /// A new order, number `number`, signed by `lead`, who must be a lead of
    /// `membership`; it names `membership`'s version as the list it is issued under.
    pub fn issue(
        membership: &Membership,
        lead: &DeviceKeys,
        number: u64,
        issued_at: i64,
        body: OrderBody,
    ) -> Result<TeamOrder> {
        match membership.member(lead.device()) {
            Some(m) if membership.is_lead(lead.device()) && m.public == lead.public() => {}
            _ => return Err(refused("only a lead of the team may issue its orders")),
        }
        if number == 0 {
            return Err(refused("orders are numbered from 1"));
        }
        let mut order = TeamOrder {
            team: membership.team(),
            number,
            issued_at,
            body,
            signer: lead.device(),
            signature: Signature([0; 64]),
            membership_version: Some(membership.version()),
        };
        order.validate()?;
        order.signature = Signature(lead.sign(&order.signing_input()));
        Ok(order)
    }

    /// Checks that the order belongs to `membership`'s team and is signed by one of its
    /// leads. `membership` must be the list the order names
    /// ([`TeamOrder::membership_version`]): the list in force when it was issued, so a
    /// lead revoked since does not void it. An order of format 1 names none and is
    /// checked against whichever list the caller passes.
    pub fn verify(&self, membership: &Membership) -> Result<()> {
        self.validate()?;
        if self.team != membership.team() {
            return Err(refused("the order belongs to another team"));
        }
        let signer = membership
            .member(self.signer)
            .filter(|_| membership.is_lead(self.signer))
            .ok_or_else(|| refused("the order is not signed by a lead of the team"))?;
        signer
            .public
            .verify(&self.signing_input(), &self.signature.0)
            .map_err(|_| refused("the order's signature does not verify"))?;
        match self.membership_version {
            Some(v) if v != membership.version() => Err(Error::Order(format!(
                "the order was issued under membership version {v}, not {}",
                membership.version()
            ))),
            _ => Ok(()),
        }
    }

    /// The binary form (postcard) the hub stores and devices fetch: format 2, or
    /// format 1 for an order read in that format (its signature covers that form).
    pub fn to_bytes(&self) -> Vec<u8> {
        let (team, number, issued_at, body, signer, signature) = (
            self.team,
            self.number,
            self.issued_at,
            self.body.clone(),
            self.signer,
            self.signature,
        );
        match self.membership_version {
            Some(membership_version) => postcard_bytes(&WireV2 {
                team,
                number,
                issued_at,
                body,
                signer,
                signature,
                membership_version,
            }),
            None => postcard_bytes(&WireV1 {
                team,
                number,
                issued_at,
                body,
                signer,
                signature,
            }),
        }
    }

    /// Reads the binary form and checks its shape. Does not check the signature:
    /// follow with [`TeamOrder::verify`].
    pub fn from_bytes(bytes: &[u8]) -> Result<TeamOrder> {
        if bytes.len() > MAX_ORDER_BYTES {
            return Err(refused("the order is too large"));
        }
        let order = match postcard::take_from_bytes::<WireV2>(bytes) {
            Ok((w, [])) => TeamOrder {
                team: w.team,
                number: w.number,
                issued_at: w.issued_at,
                body: w.body,
                signer: w.signer,
                signature: w.signature,
                membership_version: Some(w.membership_version),
            },
            _ => match postcard::take_from_bytes::<WireV1>(bytes) {
                Ok((w, [])) => TeamOrder {
                    team: w.team,
                    number: w.number,
                    issued_at: w.issued_at,
                    body: w.body,
                    signer: w.signer,
                    signature: w.signature,
                    membership_version: None,
                },
                _ => return Err(refused("the order is malformed")),
            },
        };
        order.validate()?;
        Ok(order)
    }

    pub fn team(&self) -> TeamId {
        self.team
    }
    pub fn number(&self) -> u64 {
        self.number
    }
    pub fn issued_at(&self) -> i64 {
        self.issued_at
    }
    pub fn body(&self) -> &OrderBody {
        &self.body
    }
    pub fn signer(&self) -> DeviceId {
        self.signer
    }
    /// The version of the membership list the order was issued under, which it is
    /// checked against; `None` for an order of format 1 (from before versions were
    /// named), which a device checks against its current list and, failing that,
    /// against the earlier lists of the team's verified chain.
    pub fn membership_version(&self) -> Option<u64> {
        self.membership_version
    }

    pub(super) fn signing_input(&self) -> Vec<u8> {
        match self.membership_version {
            Some(membership_version) => {
                let body = SignedBodyV2 {
                    team: &self.team,
                    number: self.number,
                    issued_at: self.issued_at,
                    body: &self.body,
                    signer: &self.signer,
                    membership_version,
                };
                signing_input(ORDER_LABEL_V2, &postcard_bytes(&body))
            }
            None => {
                let body = SignedBody {
                    team: &self.team,
                    number: self.number,
                    issued_at: self.issued_at,
                    body: &self.body,
                    signer: &self.signer,
                };
                signing_input(ORDER_LABEL, &postcard_bytes(&body))
            }
        }
    }

    fn validate(&self) -> Result<()> {
        if self.number == 0 {
            return Err(refused("orders are numbered from 1"));
        }
        match &self.body {
            OrderBody::Policy(p) => p.validate(),
            OrderBody::Purge(p) => {
                if p.places.len() > MAX_PURGE_PLACES {
                    return Err(refused("the purge order names too many envelopes"));
                }
                if p.places.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(refused("the purge order's places are not sorted"));
                }
                if p.places.iter().any(|pl| pl.seq == 0) {
                    return Err(refused("sequence numbers start at 1"));
                }
                Ok(())
            }
        }
    }
}

/// Seals the ids of the purged records for order `number` of `team`.
pub fn seal_purged_ids(
    team: TeamId,
    number: u64,
    epoch: u32,
    epoch_key: &SecretKey,
    ids: &[RecordId],
) -> Result<SealedIds> {
    if ids.len() > MAX_PURGE_RECORDS {
        return Err(refused("a purge order purges at most 10000 records"));
    }
    let plain: Vec<[u8; 16]> = ids.iter().map(|id| *id.as_bytes()).collect();
    let sealed = crypto::seal(
        &ids_key(epoch_key),
        &ids_aad(team, number, epoch),
        &postcard_bytes(&plain),
    )?;
    Ok(SealedIds { epoch, sealed })
}

impl PurgeOrder {
    /// The purged record ids, opened with the team key of the order's epoch.
    pub fn open_ids(&self, order: &TeamOrder, epoch_key: &SecretKey) -> Result<Vec<RecordId>> {
        let plain = crypto::open(
            &ids_key(epoch_key),
            &ids_aad(order.team, order.number, self.records.epoch),
            &self.records.sealed,
        )
        .map_err(|_| refused("the purged record ids cannot be opened with the team key"))?;
        let ids: Vec<[u8; 16]> = match postcard::take_from_bytes(&plain) {
            Ok((ids, [])) => ids,
            _ => return Err(refused("the purged record ids are malformed")),
        };
        if ids.len() > MAX_PURGE_RECORDS {
            return Err(refused("the purge order purges too many records"));
        }
        Ok(ids.into_iter().map(RecordId).collect())
    }
}

fn ids_key(epoch_key: &SecretKey) -> SecretKey {
    epoch_key.derive(b"senim/v1/purged-ids")
}

fn ids_aad(team: TeamId, number: u64, epoch: u32) -> Vec<u8> {
    crypto::aad(&[
        b"senim/v1/purged-ids",
        team.as_bytes(),
        &number.to_be_bytes(),
        &epoch.to_be_bytes(),
    ])
}

fn refused(reason: &str) -> Error {
    Error::Order(reason.into())
}

fn invalid(reason: &str) -> Error {
    Error::invalid("team policy", reason)
}

/// A record kind as its stable name.
mod kind_name {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::records::RecordKind;

    pub fn serialize<S: Serializer>(kind: &RecordKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RecordKind, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        name.parse()
            .map_err(|_| serde::de::Error::custom("unknown record kind"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::{DeviceKeys, Membership, TeamId};

    /// An order as format 1 wrote it (no membership version), signed by `lead`.
    fn format_1(list: &Membership, lead: &DeviceKeys, number: u64) -> Vec<u8> {
        let body = OrderBody::Policy(TeamPolicy::default());
        let signed = SignedBody {
            team: &list.team(),
            number,
            issued_at: 0,
            body: &body,
            signer: &lead.device(),
        };
        let signature = Signature(lead.sign(&signing_input(ORDER_LABEL, &postcard_bytes(&signed))));
        postcard_bytes(&WireV1 {
            team: list.team(),
            number,
            issued_at: 0,
            body,
            signer: lead.device(),
            signature,
        })
    }

    #[test]
    fn an_order_of_format_1_is_still_read_verified_and_written_back_unchanged() {
        let lead = DeviceKeys::generate(DeviceId::random().unwrap()).unwrap();
        let (list, _) = Membership::create(
            TeamId::random().unwrap(),
            "Almaty outreach",
            &lead,
            "Lead A",
        )
        .unwrap();
        let bytes = format_1(&list, &lead, 1);
        let order = TeamOrder::from_bytes(&bytes).unwrap();
        assert_eq!(order.membership_version(), None);
        order.verify(&list).unwrap();
        assert_eq!(order.to_bytes(), bytes, "its signature covers format 1");
        // Its signature does not carry over to format 2, nor the other way.
        let mut as_v2 = order.clone();
        as_v2.membership_version = Some(list.version());
        assert!(as_v2.verify(&list).is_err());
        let v2 =
            TeamOrder::issue(&list, &lead, 1, 0, OrderBody::Policy(TeamPolicy::default())).unwrap();
        let mut as_v1 = v2.clone();
        as_v1.membership_version = None;
        assert!(as_v1.verify(&list).is_err());
    }
}
