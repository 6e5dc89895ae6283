//! The vault as the store that interview and referral steps write through
//! ([`senim_content::RecordStore`]).

use senim_content::RecordStore;
use senim_records::{Record, RecordBody, RecordId};

use crate::{Error, Result, Vault};

impl RecordStore for Vault {
    type Error = Error;

    fn get(&self, id: RecordId) -> Result<Option<Record>> {
        match Vault::get(self, id) {
            Err(Error::RecordNotFound(_)) => Ok(None),
            other => other.map(Some),
        }
    }

    fn get_unlogged(&self, id: RecordId) -> Result<Option<Record>> {
        match self.read_for_check(id) {
            Err(Error::RecordNotFound(_)) => Ok(None),
            other => other.map(Some),
        }
    }

    fn add(&self, body: RecordBody) -> Result<RecordId> {
        Vault::add(self, body)
    }

    fn update(&self, id: RecordId, body: RecordBody) -> Result<()> {
        Vault::update(self, id, body).map(drop)
    }
}
