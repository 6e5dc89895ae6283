//! Demo and training mode: synthetic, clearly fictional cases for trainers, and training
//! scenarios with an answer key.
//!
//! Owns nothing real: everything here is generated or bundled, and only ever written to
//! a vault marked as a demo. It must never read from or write to a real vault's records.

pub mod generator;
pub mod phrases;
pub mod scenarios;
pub mod vault;

/// The passcode of every demo vault. It is public by design: a demo vault holds only
/// synthetic cases, and trainers hand it out with the phones.
pub const DEMO_PASSCODE: &str = "senim-demo";

mod error;

pub use error::{Error, Result};
