//! Demo mode for trainers: demo vaults filled with synthetic cases, their permanent
//! mark (the app shows a banner whenever `is_demo` is true), and reset to the seeded
//! state.

use std::sync::Arc;

use senim_content::Library;
use senim_demo::{DEMO_PASSCODE, generator::FillReport, vault as demo_vault};

use crate::error::Result;
use crate::vault::SenimVault;
use crate::work::{lock, share, with_vault};

/// What the generator put in a demo vault, by kind and by assessment level.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct DemoContents {
    pub records: u32,
    pub subjects: u32,
    pub notes: u32,
    pub consents: u32,
    pub interviews: u32,
    pub referrals: u32,
    pub level_none: u32,
    pub level_monitor: u32,
    pub level_possible: u32,
    pub level_likely: u32,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<&FillReport> for DemoContents {
    fn from(r: &FillReport) -> Self {
        use senim_content::screening::Level;
        let level = |l: Level| count(r.by_level.get(&l).copied().unwrap_or(0));
        DemoContents {
            records: count(r.records()),
            subjects: count(r.subjects),
            notes: count(r.notes),
            consents: count(r.consents),
            interviews: count(r.interviews),
            referrals: count(r.referrals),
            level_none: level(Level::None),
            level_monitor: level(Level::Monitor),
            level_possible: level(Level::Possible),
            level_likely: level(Level::Likely),
        }
    }
}

/// The passcode of every demo vault (public by design: demo vaults hold only synthetic
/// cases). The app may fill it in for the trainer.
#[uniffi::export]
pub fn demo_passcode() -> String {
    DEMO_PASSCODE.to_string()
}

#[uniffi::export]
impl SenimVault {
    /// Creates a demo vault in `dir` (which must not hold one), filled with about
    /// `records` synthetic records from the generator seeded with `seed`, and returns
    /// it unlocked. It is marked for good: `is_demo` stays true, and it can never join
    /// a real team or sync with a real hub.
    #[uniffi::constructor]
    pub async fn create_demo(dir: String, seed: u64, records: u32) -> Result<Arc<SenimVault>> {
        let vault = blocking::unblock(move || -> Result<_> {
            let library = Library::bundled()?;
            let settings = demo_vault::DemoSettings::new(seed, records as usize);
            Ok(demo_vault::create(dir.as_ref(), &library, &settings)?.0)
        })
        .await?;
        Ok(Arc::new(SenimVault {
            vault: share(vault),
        }))
    }

    /// Whether this is a demo vault. Known without the passcode; the app shows its
    /// demo banner on every screen while it is true.
    pub fn is_demo(&self) -> bool {
        lock(&self.vault).is_demo()
    }

    /// Demo vault only: back to the seeded state (everything added since, and any
    /// team, is gone). The vault must be unlocked and stays unlocked.
    pub async fn reset_demo(&self) -> Result<DemoContents> {
        with_vault(&self.vault, |v| {
            let library = Library::bundled()?;
            Ok(DemoContents::from(&demo_vault::reset(v, &library)?))
        })
        .await
    }
}
