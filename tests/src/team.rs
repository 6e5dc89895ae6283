//! A team of test vaults enrolled through a hub: the lead creates the team and registers
//! it, each worker produces a join request, the lead approves it (posting the new list
//! to the hub), the worker joins with the welcome. The same steps as the CLI's, through
//! the core's hub client.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Utc;
use senim_client::{HubClient, HubTransport, SyncReport};
use senim_protocol::team::Role;
use senim_records::{OutreachNote, PageRequest, Record, RecordBody, RecordFilter, RecordId};
use senim_vault::{CreateOptions, Vault};

use crate::transport::HttpTransport;

/// The passcode of every test vault.
pub const PASSCODE: &[u8] = b"correct horse 1";

/// One device: a vault (fast test KDF) in its own directory.
pub struct Device {
    pub name: String,
    pub dir: PathBuf,
    pub vault: Vault,
}

impl Device {
    /// A new device with an empty, unlocked vault in `dir`.
    pub fn new(dir: &Path, name: &str) -> Device {
        let vault = Vault::create(dir, PASSCODE, CreateOptions::insecure_fast_for_tests())
            .expect("create a test vault");
        Device {
            name: name.to_string(),
            dir: dir.to_path_buf(),
            vault,
        }
    }

    /// A new device with an empty, unlocked demo vault in `dir`.
    pub fn new_demo(dir: &Path, name: &str) -> Device {
        let options = CreateOptions {
            demo: true,
            ..CreateOptions::insecure_fast_for_tests()
        };
        let vault = Vault::create(dir, PASSCODE, options).expect("create a demo test vault");
        Device {
            name: name.to_string(),
            dir: dir.to_path_buf(),
            vault,
        }
    }

    /// One `senim sync` through `transport`.
    pub fn sync_with(&self, transport: &mut dyn HubTransport) -> senim_client::Result<SyncReport> {
        HubClient::new(&self.vault, transport).sync()
    }

    /// One `senim sync` with the hub at `url`, on a fresh connection.
    pub fn sync(&self, url: &str) -> senim_client::Result<SyncReport> {
        self.sync_with(&mut HttpTransport::new(url))
    }

    /// Adds a note with `text`.
    pub fn add_note(&self, text: &str) -> RecordId {
        self.vault.add(note(text)).expect("add a note")
    }

    /// Every record the vault holds, deleted ones included, by id.
    pub fn records(&self) -> BTreeMap<RecordId, Record> {
        all_records(&self.vault)
    }

    /// The texts of every note the vault holds.
    pub fn note_texts(&self) -> std::collections::BTreeSet<String> {
        self.records()
            .values()
            .filter_map(|r| match &r.body {
                RecordBody::OutreachNote(n) => Some(n.text.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Every record of `vault`, deleted ones included, by id.
pub fn all_records(vault: &Vault) -> BTreeMap<RecordId, Record> {
    let filter = RecordFilter {
        include_deleted: true,
        ..RecordFilter::default()
    };
    let mut page = PageRequest {
        limit: PageRequest::MAX_LIMIT,
        after: None,
    };
    let mut out = BTreeMap::new();
    loop {
        let got = vault.list(&filter, &page).expect("list records");
        assert!(got.damaged.is_empty(), "damaged records: {:?}", got.damaged);
        for r in got.records {
            out.insert(r.id, r);
        }
        match got.next {
            Some(next) => page.after = Some(next),
            None => return out,
        }
    }
}

/// An outreach note with `text` and nothing else.
pub fn note(text: &str) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.to_string(),
        place: None,
        location: None,
        tags: vec![],
        at: Utc::now(),
        subject: None,
    })
}

/// A lead and workers, enrolled through the hub at `hub_url`.
pub struct Team {
    pub hub_url: String,
    /// The lead first, then the workers.
    pub devices: Vec<Device>,
    /// A demo team of demo vaults.
    pub demo: bool,
}

impl Team {
    /// Creates a team of one lead and `workers` workers with vaults under `root`.
    pub fn enrol(root: &Path, hub_url: &str, workers: usize) -> Team {
        Self::enrol_kind(root, hub_url, workers, false)
    }

    /// The same with demo vaults (for a demo hub).
    pub fn enrol_demo(root: &Path, hub_url: &str, workers: usize) -> Team {
        Self::enrol_kind(root, hub_url, workers, true)
    }

    /// [`Team::enrol`] on a hub serving `--registration token`, with `token`.
    pub fn enrol_with_token(root: &Path, hub_url: &str, workers: usize, token: &str) -> Team {
        Self::enrol_full(root, hub_url, workers, false, Some(token))
    }

    fn enrol_kind(root: &Path, hub_url: &str, workers: usize, demo: bool) -> Team {
        Self::enrol_full(root, hub_url, workers, demo, None)
    }

    fn enrol_full(
        root: &Path,
        hub_url: &str,
        workers: usize,
        demo: bool,
        token: Option<&str>,
    ) -> Team {
        let lead = Self::device(root, "lead", demo);
        HubClient::new(&lead.vault, &mut HttpTransport::new(hub_url))
            .with_registration_token(token.map(str::to_owned))
            .create_team("Almaty outreach", "lead", hub_url)
            .expect("create and register the team");
        let mut team = Team {
            hub_url: hub_url.to_string(),
            devices: vec![lead],
            demo,
        };
        for n in 1..=workers {
            team.admit(root, &format!("worker{n}"), Role::Worker);
        }
        team
    }

    fn device(root: &Path, name: &str, demo: bool) -> Device {
        if demo {
            Device::new_demo(&root.join(name), name)
        } else {
            Device::new(&root.join(name), name)
        }
    }

    /// Enrols one more device named `name` with `role`; returns its index. Its
    /// welcome carries the current epoch's key only.
    pub fn admit(&mut self, root: &Path, name: &str, role: Role) -> usize {
        self.admit_keys(root, name, role, false)
    }

    /// [`Team::admit`] with a welcome that carries every earlier epoch's key too.
    pub fn admit_with_history(&mut self, root: &Path, name: &str, role: Role) -> usize {
        self.admit_keys(root, name, role, true)
    }

    fn admit_keys(&mut self, root: &Path, name: &str, role: Role, history: bool) -> usize {
        let device = Self::device(root, name, self.demo);
        let request = device.vault.team_request(name).expect("join request");
        let mut transport = HttpTransport::new(&self.hub_url);
        let mut lead = HubClient::new(&self.devices[0].vault, &mut transport);
        let welcome = if history {
            lead.approve_with_history(&request, role)
        } else {
            lead.approve(&request, role)
        }
        .expect("approve the join request");
        device.vault.team_join(&welcome).expect("join the team");
        self.devices.push(device);
        self.devices.len() - 1
    }

    pub fn lead(&self) -> &Device {
        &self.devices[0]
    }

    /// Every device syncs once, in order; panics on a failed sync.
    pub fn sync_round(&self) {
        for d in &self.devices {
            d.sync(&self.hub_url)
                .unwrap_or_else(|e| panic!("{} cannot sync: {e}", d.name));
        }
    }

    /// Two rounds: after them every device holds every envelope.
    pub fn sync_all(&self) {
        self.sync_round();
        self.sync_round();
    }
}
