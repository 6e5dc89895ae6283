//! Who may register a team on this hub: anyone (`open`, the default) or only a lead
//! holding a registration token from the hub's operator (`token`).
//!
//! Owns the token file in the data directory ([`TOKENS_FILE`], owner-only): one line per
//! token not yet used, holding the token's SHA-256, never the token itself; or, for hub
//! instances sharing a PostgreSQL database, that database ([`issue_shared_token`]). The
//! operator issues a token with [`issue_token`] (`senim hub registration-token`) and
//! hands it to a lead; a registration that carries it in the
//! `x-senim-registration-token` header uses it up, and a registration that fails after
//! taking it gives it back. It never logs a token or its hash.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::storage::SharedLimits;
use crate::{HubError, Result};

/// The token file inside the data directory.
pub const TOKENS_FILE: &str = "registration-tokens";

/// Who may register teams.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Registration {
    /// Anyone who signs a valid first list (rate-limited per address).
    #[default]
    Open,
    /// Only a registration carrying an unused token of the token file.
    Token,
}

/// Makes a new registration token for the hub whose data directory is `data`, records
/// its hash in the token file (created 0600, the directory 0700 when missing), and
/// returns it: 64 hexadecimal digits, shown once.
pub fn issue_token(data: &Path) -> Result<String> {
    create_private_dir(data)?;
    let bytes: [u8; 32] = random_token_bytes()?;
    let token = hex(&bytes);
    let mut file = open_private(&data.join(TOKENS_FILE), true)?;
    writeln!(file, "{}", senim_crypto::sha256_hex(token.as_bytes()))?;
    file.sync_all()?;
    Ok(token)
}

fn random_token_bytes() -> Result<[u8; 32]> {
    senim_crypto::random_array()
        .map_err(|_| HubError::Storage("the system random source failed".into()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes a new registration token for the hub instances sharing the database of
/// `store`, records its hash there, and returns it (as [`issue_token`]).
pub fn issue_shared_token(store: &dyn SharedLimits) -> Result<String> {
    let bytes: [u8; 32] = random_token_bytes()?;
    let token = hex(&bytes);
    store.add_registration_token(&senim_crypto::sha256_hex(token.as_bytes()))?;
    Ok(token)
}

/// The registration tokens of a hub in `token` mode: the token file, read and rewritten
/// under one lock, or the database that several instances share.
pub(crate) enum Tokens {
    File { file: PathBuf, lock: Mutex<()> },
    Shared(Arc<dyn SharedLimits>),
}

impl Tokens {
    pub(crate) fn new(data: &Path) -> Tokens {
        Tokens::File {
            file: data.join(TOKENS_FILE),
            lock: Mutex::new(()),
        }
    }

    pub(crate) fn shared(store: Arc<dyn SharedLimits>) -> Tokens {
        Tokens::Shared(store)
    }

    /// Uses up `token` if it is held: `Ok(false)` when it is not (never issued, or
    /// used already). Blocking.
    pub(crate) fn take(&self, token: &str) -> Result<bool> {
        let (file, lock) = match self {
            Tokens::File { file, lock } => (file, lock),
            Tokens::Shared(store) => {
                return store
                    .take_registration_token(&senim_crypto::sha256_hex(token.trim().as_bytes()));
            }
        };
        let _held = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let wanted = senim_crypto::sha256_hex(token.trim().as_bytes());
        let held = match fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        let lines: Vec<&str> = held
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let Some(at) = lines
            .iter()
            .position(|l| senim_crypto::ct_eq(l.as_bytes(), wanted.as_bytes()))
        else {
            return Ok(false);
        };
        let rest: String = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        let temp = file.with_extension("new");
        let mut written = open_private(&temp, false)?;
        written.write_all(rest.as_bytes())?;
        written.sync_all()?;
        fs::rename(&temp, file)?;
        Ok(true)
    }

    /// Gives back a token [`take`](Tokens::take) used up, for a registration that failed
    /// after taking it. Blocking.
    pub(crate) fn give_back(&self, token: &str) -> Result<()> {
        let hash = senim_crypto::sha256_hex(token.trim().as_bytes());
        let (path, lock) = match self {
            Tokens::File { file, lock } => (file, lock),
            Tokens::Shared(store) => return store.add_registration_token(&hash),
        };
        let _held = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut file = open_private(path, true)?;
        writeln!(file, "{hash}")?;
        file.sync_all()?;
        Ok(())
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    Ok(())
}

/// Opens `path` for writing, owner-only: appending, or truncated.
fn open_private(path: &Path, append: bool) -> Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.create(true).write(true);
    if append {
        options.append(true);
    } else {
        options.truncate(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    Ok(options.open(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_registers_once_and_an_unknown_one_never() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("hub");
        let token = issue_token(&data).unwrap();
        assert_eq!(token.len(), 64);
        let tokens = Tokens::new(&data);
        assert!(!tokens.take(&"0".repeat(64)).unwrap());
        assert!(tokens.take(&token).unwrap());
        assert!(!tokens.take(&token).unwrap(), "a token is used once");
        tokens.give_back(&token).unwrap();
        assert!(
            tokens.take(&token).unwrap(),
            "a token given back works again"
        );
    }

    #[test]
    fn the_file_holds_hashes_only_and_is_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("hub");
        let token = issue_token(&data).unwrap();
        let text = fs::read_to_string(data.join(TOKENS_FILE)).unwrap();
        assert!(!text.contains(&token));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(data.join(TOKENS_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
    }

    #[test]
    fn a_hub_without_a_token_file_registers_nobody() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!Tokens::new(dir.path()).take("abc").unwrap());
    }
}
