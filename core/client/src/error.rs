//! The hub client's error: the hub could not be reached or refused, or the vault or the
//! protocol below refused a step. Hub error bodies are fixed codes and reasons, never
//! record content, and so is every error here.

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong talking to the hub.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The hub could not be reached, or the connection broke before its answer was
    /// read. Nothing is lost: sync again.
    #[error("cannot reach the hub: {0}")]
    Unreachable(String),

    /// The hub answered with an error: its HTTP status, stable code and reason (see
    /// `docs/hub.md`). The reason is the hub's fixed text, never record content.
    #[error("the hub refused the request (HTTP {status}, {code}: {reason})")]
    HubRefused {
        status: u16,
        code: String,
        reason: String,
    },

    /// The hub or this device broke the protocol, or the team's rules refused a step
    /// (membership, an order, demo and real data meeting).
    #[error(transparent)]
    Protocol(#[from] senim_protocol::Error),

    /// The vault refused or failed a step (locked, damaged, storage).
    #[error(transparent)]
    Vault(#[from] senim_vault::Error),

    /// A device was asked to follow its team to a hub that does not show the lead's
    /// move there; nothing changed.
    #[error("this device does not move to that hub: {0}")]
    HubMoveRefused(HubMoveRefusal),
}

/// Why a device does not follow its team to the hub it was given (`senim team set-hub`
/// on a device that is not a lead).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HubMoveRefusal {
    /// The hub does not know the team: the lead has not moved the team there (yet).
    #[error(
        "the hub does not know this team: the team's lead moves it there first (`senim team set-hub`)"
    )]
    TeamUnknown,
    /// The hub's lists do not continue the ones this device holds: another team's
    /// chain, or a hub that lacks this device's newest list.
    #[error(
        "the hub's membership lists do not continue the ones this device holds: it is not this team's hub"
    )]
    NotChained,
    /// The newest list a lead signed does not name this hub with this certificate pin.
    #[error(
        "no list signed by a lead names this hub address with this certificate pin: check both with your lead"
    )]
    NamesAnotherHub,
}

impl Error {
    /// The protocol's error, whether this client or the vault below it raised it.
    pub fn protocol(&self) -> Option<&senim_protocol::Error> {
        match self {
            Error::Protocol(e) => Some(e),
            Error::Vault(e) => e.protocol(),
            _ => None,
        }
    }
}

impl Error {
    /// Whether the work was interrupted through the vault's
    /// [`senim_vault::InterruptHandle`] (nothing is half-done: run it again).
    pub fn is_interrupted(&self) -> bool {
        matches!(self, Error::Vault(senim_vault::Error::Interrupted))
    }
}

impl From<senim_crypto::Error> for Error {
    fn from(e: senim_crypto::Error) -> Self {
        Error::Protocol(e.into())
    }
}
