//! Harness of the end-to-end scenarios in `tests/tests/`: the real `senim` binary
//! serving a hub in its own process, an HTTP transport for the core's hub client that
//! records every body it carries and can alter them, a TCP proxy that cuts connections
//! at a chosen byte, nginx in front of hub instances, and teams of test vaults enrolled
//! through the hub.
//!
//! Nothing here is a stand-in for the code under test: the hub is the `senim hub serve`
//! process, the client is `senim_client::HubClient`, and the vaults are real vaults
//! (with the fast test KDF).

pub mod cli;
pub mod hub;
pub mod nginx;
pub mod proxy;
pub mod rng;
pub mod team;
pub mod transport;

pub use hub::{HubProcess, backup_hub, restore_hub, senim_binary};
pub use nginx::Nginx;
pub use proxy::{CutProxy, Direction};
pub use rng::Rng;
pub use team::{Device, Team};
pub use transport::{Capture, Fault, HttpTransport, map_envelopes, resign};
