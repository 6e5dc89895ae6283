//! Teams: device identities (Ed25519 for signing, X25519 for receiving keys), the
//! lead-signed membership list, enrolment (join request and welcome codes) and the team's
//! epoch keys sealed to each device.
//!
//! Owns every key a device uses to sign or to receive team keys, and the rules of who
//! belongs to a team. It never stores anything (the vault keeps the secrets, sealed) and
//! never talks to the network.

mod ids;

pub use ids::{DeviceId, TeamId};
