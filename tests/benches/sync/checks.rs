//! Correctness checks of the sync bench: version vectors, what the hub holds, rows per
//! kind, and how a failed sync is named. These fail the run; timings never do.

use std::collections::BTreeMap;

use crate::measure::BenchResult;
use senim_client::Error;
use senim_protocol::sync::EnvelopeStore;
use senim_protocol::team::DeviceId;
use senim_tests::{Device, HubProcess};

/// The device's version vector (what its envelope logs hold), by device id.
pub(crate) fn vector(device: &Device) -> BenchResult<BTreeMap<DeviceId, u64>> {
    Ok(device.vault.sync_store()?.vector()?.iter().collect())
}

pub(crate) fn own_id(device: &Device) -> BenchResult<DeviceId> {
    Ok(device.vault.device_id().parse()?)
}

/// Per device of `team`: (highest sequence, envelopes held) in the hub's database.
pub(crate) fn hub_logs(
    hub: &HubProcess,
    team: &Device,
) -> BenchResult<BTreeMap<DeviceId, (u64, u64)>> {
    let team_id = team.vault.team()?.ok_or("not in a team")?.team;
    let conn = rusqlite::Connection::open_with_flags(
        hub.data_dir().join("hub.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let mut stmt = conn.prepare(
        "SELECT device, MAX(seq), COUNT(*) FROM envelopes WHERE team = ?1 GROUP BY device",
    )?;
    let rows = stmt.query_map([team_id.as_bytes().to_vec()], |r| {
        Ok((
            r.get::<_, Vec<u8>>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (device, max, count) = row?;
        let id = DeviceId(device.as_slice().try_into()?);
        out.insert(id, (max as u64, count as u64));
    }
    Ok(out)
}

/// Rows per kind, without decrypting anything.
pub(crate) fn note_rows(device: &Device) -> BenchResult<u64> {
    let records = device
        .vault
        .info()?
        .records
        .ok_or("the counts need an unlocked vault")?;
    Ok(records.get("note").copied().unwrap_or(0))
}

pub(crate) fn error_kind(e: &Error) -> String {
    match e {
        Error::HubRefused { status, code, .. } => format!("http_{status}_{code}"),
        Error::Unreachable(_) => "unreachable".into(),
        other => {
            let text = other.to_string();
            format!(
                "error: {}",
                text.split(':').next().unwrap_or("unknown").trim()
            )
        }
    }
}

pub(crate) fn is_rate_limited(e: &Error) -> bool {
    matches!(e, Error::HubRefused { status: 429, .. })
}
