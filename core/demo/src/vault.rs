//! Demo vaults: created marked, opened with the documented demo passcode, filled by the
//! seeded generator, and reset to that seeded state.
//!
//! Owns the demo settings kept (sealed) in a demo vault and the reset. It never resets,
//! fills or otherwise touches a vault that is not marked as a demo.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::DEMO_PASSCODE;
use super::generator::{self, FillReport, GeneratorConfig};
use crate::{Error, Result};
use senim_content::Library;
use senim_vault::KdfParams;
use senim_vault::{CreateOptions, KdfChoice, Vault};

/// Name of the sealed demo settings in the vault's secrets.
const SETTINGS: &str = "demo";

/// What a demo vault was filled with, kept so that a reset gives the same cases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoSettings {
    pub seed: u64,
    pub records: usize,
    /// The call sign the generated consents are recorded by.
    pub worker: String,
}

impl DemoSettings {
    pub fn new(seed: u64, records: usize) -> Self {
        DemoSettings {
            seed,
            records,
            worker: generator::DEFAULT_WORKER.to_string(),
        }
    }

    fn generator(&self) -> GeneratorConfig {
        let mut config = GeneratorConfig::new(self.seed, self.records);
        config.worker = self.worker.clone();
        config
    }
}

/// Creates a demo vault in `dir` (which must hold no vault), unlocked with
/// [`DEMO_PASSCODE`], and fills it with the generator's cases for `settings`. The KDF
/// uses the minimum parameters: the passcode is public, so a slow KDF would protect
/// nothing.
pub fn create(
    dir: &Path,
    library: &Library,
    settings: &DemoSettings,
) -> Result<(Vault, FillReport)> {
    let options = CreateOptions {
        kdf: KdfChoice::Fixed(KdfParams::OWASP_MINIMUM),
        keystore: None,
        demo: true,
    };
    let vault = Vault::create(dir, DEMO_PASSCODE.as_bytes(), options)?;
    vault.put_setting(
        SETTINGS,
        &serde_json::to_vec(settings)
            .map_err(|_| Error::DamagedSettings("they could not be encoded"))?,
    )?;
    let report = generator::fill(&vault, library, &settings.generator())?;
    Ok((vault, report))
}

/// The settings a demo vault was created with. The vault must be unlocked.
pub fn settings(vault: &Vault) -> Result<DemoSettings> {
    if !vault.is_demo() {
        return Err(Error::NotDemo("it has no demo settings"));
    }
    let bytes = vault
        .get_setting(SETTINGS)?
        .ok_or(Error::DamagedSettings("they are missing"))?;
    serde_json::from_slice(&bytes).map_err(|_| Error::DamagedSettings("they are unreadable"))
}

/// Returns a demo vault to its seeded state: everything recorded since (and any team
/// it joined) is gone, and the generator's cases for its settings are back. The vault
/// must be unlocked, and is unlocked afterwards. A real vault is refused before
/// anything is touched.
pub fn reset(vault: &mut Vault, library: &Library) -> Result<FillReport> {
    if !vault.is_demo() {
        return Err(Error::NotDemo("only a demo vault can be reset"));
    }
    let settings = settings(vault)?;
    let dir = vault.dir().to_path_buf();
    vault.destroy_in_place()?;
    let (fresh, report) = create(&dir, library, &settings)?;
    vault.replace(fresh);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use senim_protocol::team::Role;
    use senim_records::{PageRequest, RecordFilter};

    fn library() -> Library {
        Library::bundled().unwrap()
    }

    fn count(vault: &Vault) -> usize {
        vault
            .list(
                &RecordFilter::default(),
                &PageRequest::first(PageRequest::MAX_LIMIT),
            )
            .unwrap()
            .records
            .len()
    }

    #[test]
    fn a_demo_vault_is_marked_filled_and_opens_with_the_demo_passcode() {
        let dir = tempfile::tempdir().unwrap();
        let (vault, report) = create(dir.path(), &library(), &DemoSettings::new(7, 60)).unwrap();
        assert!(vault.is_demo());
        assert!(vault.info().unwrap().demo);
        assert_eq!(count(&vault), report.records());
        drop(vault);
        let mut vault = Vault::open(dir.path(), None).unwrap();
        assert!(vault.is_demo());
        vault.unlock(DEMO_PASSCODE.as_bytes()).unwrap();
        assert_eq!(settings(&vault).unwrap(), DemoSettings::new(7, 60));
    }

    #[test]
    fn removing_the_demo_mark_from_the_header_makes_the_vault_unopenable() {
        let dir = tempfile::tempdir().unwrap();
        drop(create(dir.path(), &library(), &DemoSettings::new(1, 10)).unwrap());
        // The ids are read before unlock, from the header file (ADR 0033).
        use senim_vault::testing::{Db, HeaderFile, edit_header, read_header};
        let fields: [fn(&mut HeaderFile) -> &mut [u8; 16]; 2] =
            [|h| &mut h.vault_id, |h| &mut h.device_id];
        for (column, field) in ["vault_id", "device_id"].into_iter().zip(fields) {
            let id = *field(&mut read_header(dir.path(), Db::Real).unwrap());
            edit_header(dir.path(), Db::Real, |h| {
                field(h)[..4].copy_from_slice(b"REAL")
            })
            .unwrap();
            let mut vault = Vault::open(dir.path(), None).unwrap();
            assert!(vault.unlock(DEMO_PASSCODE.as_bytes()).is_err(), "{column}");
            drop(vault);
            edit_header(dir.path(), Db::Real, |h| *field(h) = id).unwrap();
        }
        let mut vault = Vault::open(dir.path(), None).unwrap();
        vault.unlock(DEMO_PASSCODE.as_bytes()).unwrap();
        assert!(vault.is_demo());
    }

    #[test]
    fn reset_returns_a_demo_vault_to_its_seeded_state() {
        let dir = tempfile::tempdir().unwrap();
        let lib = library();
        let (vault, first) = create(dir.path(), &lib, &DemoSettings::new(3, 40)).unwrap();
        let bodies = crate::generator::tests::comparable_bodies;
        let seeded = bodies(&vault);
        vault
            .add(senim_records::RecordBody::OutreachNote(
                senim_records::OutreachNote {
                    text: "added during the workshop".into(),
                    place: None,
                    location: None,
                    tags: Vec::new(),
                    at: chrono::Utc::now(),
                    subject: None,
                },
            ))
            .unwrap();
        vault
            .team_create("Workshop", "Trainer", "http://127.0.0.1:1")
            .unwrap();
        let mut vault = vault;
        let again = reset(&mut vault, &lib).unwrap();
        assert_eq!(again, first);
        assert_eq!(bodies(&vault), seeded);
        assert!(vault.team().unwrap().is_none());
        assert!(vault.is_demo());
    }

    #[test]
    fn a_real_vault_cannot_be_reset_and_has_no_demo_settings() {
        let dir = tempfile::tempdir().unwrap();
        let mut vault = Vault::create(
            dir.path(),
            b"real passcode",
            CreateOptions::insecure_fast_for_tests(),
        )
        .unwrap();
        assert!(!vault.is_demo());
        assert!(matches!(settings(&vault), Err(Error::NotDemo(_))));
        assert!(matches!(
            reset(&mut vault, &library()),
            Err(Error::NotDemo(_))
        ));
        vault
            .add(senim_records::RecordBody::OutreachNote(
                senim_records::OutreachNote {
                    text: "still here".into(),
                    place: None,
                    location: None,
                    tags: Vec::new(),
                    at: chrono::Utc::now(),
                    subject: None,
                },
            ))
            .unwrap();
        assert!(dir.path().join(senim_vault::DB_FILE).exists());
    }

    #[test]
    fn demo_and_real_vaults_cannot_join_each_others_teams() {
        let lib = library();
        let (demo_dir, real_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (demo, _) = create(demo_dir.path(), &lib, &DemoSettings::new(1, 5)).unwrap();
        let real = Vault::create(
            real_dir.path(),
            b"real passcode",
            CreateOptions::insecure_fast_for_tests(),
        )
        .unwrap();
        let (demo2_dir, real2_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (demo2, _) = create(demo2_dir.path(), &lib, &DemoSettings::new(2, 5)).unwrap();
        let real2 = Vault::create(
            real2_dir.path(),
            b"real passcode",
            CreateOptions::insecure_fast_for_tests(),
        )
        .unwrap();

        let demo_team = demo
            .team_create("Demo", "Trainer", "http://127.0.0.1:1")
            .unwrap();
        assert!(demo_team.team.is_demo());
        let real_team = real
            .team_create("Office", "Lead", "http://127.0.0.1:1")
            .unwrap();
        assert!(!real_team.team.is_demo());

        // A demo lead refuses a real device's request, and the other way round.
        let real_request = real2.team_request("Worker").unwrap();
        assert!(matches!(
            demo.team_approve(&real_request, Role::Worker),
            Err(senim_vault::Error::Protocol(
                senim_protocol::Error::DemoMismatch(_)
            ))
        ));
        let demo_request = demo2.team_request("Worker").unwrap();
        assert!(matches!(
            real.team_approve(&demo_request, Role::Worker),
            Err(senim_vault::Error::Protocol(
                senim_protocol::Error::DemoMismatch(_)
            ))
        ));

        // A welcome into a team of the other kind is refused by the joining vault.
        let demo_welcome = demo.team_approve(&demo_request, Role::Worker).unwrap();
        let real_welcome = real.team_approve(&real_request, Role::Worker).unwrap();
        assert!(matches!(
            real2.team_join(&demo_welcome),
            Err(senim_vault::Error::Protocol(
                senim_protocol::Error::DemoMismatch(_)
            ))
        ));
        assert!(matches!(
            demo2.team_join(&real_welcome),
            Err(senim_vault::Error::Protocol(
                senim_protocol::Error::DemoMismatch(_)
            ))
        ));
        // Each joins its own kind.
        demo2.team_join(&demo_welcome).unwrap();
        real2.team_join(&real_welcome).unwrap();
    }
}
