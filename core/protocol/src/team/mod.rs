//! Teams: device identities (Ed25519 for signing, X25519 for receiving keys), the
//! lead-signed membership list, enrolment (join request and welcome codes) and the team's
//! epoch keys sealed to each device.
//!
//! Owns every key a device uses to sign or to receive team keys, and the rules of who
//! belongs to a team. It never stores anything (the vault keeps the secrets, sealed) and
//! never talks to the network.
//!
//! Enrolment, in order: the new device makes [`DeviceKeys`] and shows a
//! [`JoinRequest`]; the lead checks it, calls [`Membership::admit`] and
//! [`Welcome::issue`]; the device calls [`Welcome::open`] and keeps the list and keys.
//! Both sides compare each code's [`VerificationCode`] before trusting it (the lead the
//! request's, the device the welcome's).
//! Revocation: [`Membership::revoke`] gives the next list and a new [`EpochKey`], which
//! [`SealedKey::seal_to_members`] seals to every remaining device; a device accepts the
//! list with [`Membership::verify_successor`] and the key with
//! [`Membership::open_epoch_key`]. See `docs/adr/0008-team-membership-and-epoch-keys.md`.

mod codes;
mod identity;
mod ids;
mod keys;
mod membership;
mod orders;
mod pin;
#[cfg(test)]
mod tests;
mod verification;

pub use codes::{
    JOIN_PREFIX, JoinRequest, MAX_JOIN_CHARS, MAX_WELCOME_CHARS, MAX_WELCOME_KEYS, WELCOME_PREFIX,
    Welcome,
};
pub use identity::{DeviceKeys, DevicePublic, SIGNATURE_LEN, Signature, signing_input};
pub use ids::random_id;
pub use ids::{DEMO_MARK, DeviceId, TeamId, is_demo_id};
pub use keys::{EpochKey, SealedKey};
pub use membership::{
    MAX_HUB_URL_LEN, MAX_MEMBERS, MAX_MEMBERSHIP_BYTES, MAX_NAME_CHARS, MAX_REVOKED, Member,
    Membership, Revoked, Role, TeamHub,
};
pub use orders::{
    MAX_ORDER_BYTES, MAX_POLICY_DAYS, MAX_POLICY_FAILURES, MAX_PURGE_PLACES, MAX_PURGE_RECORDS,
    OrderBody, Place, PurgeOrder, PurgeReason, Retention, SealedIds, TeamOrder, TeamPolicy,
    seal_purged_ids,
};
pub use pin::HubPin;
pub use verification::{CODE_WORDS, ITERATIONS, VerificationCode};

/// The postcard encoding of a team type. Encoding into a growable buffer cannot fail for
/// these types (every sequence has a known length).
fn postcard_bytes<T: serde::Serialize + ?Sized>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).expect("team types always encode to postcard")
}
