//! A damaged stored envelope at the hub (finding 8 of issue 14): one byte flipped in the
//! hub's database. A device that joins later meets it, names its device and sequence,
//! and `senim sync` exits non-zero instead of reporting "1 rejected" with exit 0; the
//! author's next sync re-uploads an identical copy, which the hub takes in place of the
//! damaged one (it kept the envelope's hash at upload); the joiner then holds every
//! record. Against a real hub process and the `senim` binary.

use std::path::Path;

use senim_client::HubClient;
use senim_protocol::team::{DeviceId, Role};
use senim_tests::cli::CliDevice;
use senim_tests::hub::HubProcess;
use senim_tests::team::Team;
use senim_tests::transport::HttpTransport;
use serde_json::Value;

/// Flips one byte in the middle of the stored envelope `device`/`seq` (the hub is
/// stopped): what a bad disk sector or a stray write does to a blob.
fn flip_stored_byte(data: &Path, device: DeviceId, seq: u64) {
    let conn = rusqlite::Connection::open(data.join("hub.sqlite3")).expect("open the hub db");
    let mut bytes: Vec<u8> = conn
        .query_row(
            "SELECT bytes FROM envelopes WHERE device = ?1 AND seq = ?2",
            rusqlite::params![device.as_bytes().to_vec(), seq as i64],
            |r| r.get(0),
        )
        .expect("the envelope is stored");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    conn.execute(
        "UPDATE envelopes SET bytes = ?1 WHERE device = ?2 AND seq = ?3",
        rusqlite::params![bytes, device.as_bytes().to_vec(), seq as i64],
    )
    .expect("write the damaged copy");
}

fn note_count(device: &CliDevice) -> usize {
    let page: Value = device.json(&["records", "list", "--kind", "note", "--limit", "500"]);
    page["records"].as_array().expect("records").len()
}

#[test]
fn a_damaged_envelope_is_reported_by_device_and_sequence_and_repaired_by_its_author() {
    let root = tempfile::tempdir().expect("tempdir");
    let data = root.path().join("hub");
    let mut hub = HubProcess::start(&data, &root.path().join("hub.log"));
    let url = hub.url();
    let team = Team::enrol(root.path(), &url, 1);
    let author = &team.devices[1];
    let author_id: DeviceId = author.vault.device_id().parse().expect("id");
    for i in 0..6 {
        author.add_note(&format!("note {i} of the author"));
        author.vault.seal_outbox().expect("one envelope per note");
    }
    author.sync(&url).expect("upload");
    team.lead().sync(&url).expect("the lead takes them");

    hub.kill();
    flip_stored_byte(&data, author_id, 3);
    hub.restart();
    let url = hub.url();

    let joiner = CliDevice::with_vault();
    let request = joiner.ok(&["team", "request", "--as", "late"]);
    let welcome = HubClient::new(&team.lead().vault, &mut HttpTransport::new(&url))
        .approve(request.trim(), Role::Worker)
        .expect("approve");
    joiner.join(&welcome);

    let out = joiner.run(&["sync"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.status.success(),
        "exit 0 with an envelope missing: {text}"
    );
    assert!(
        text.contains(&format!("device {author_id} seq 3")),
        "the damaged place is named: {text}"
    );
    assert!(note_count(&joiner) < 6);

    // The author's next sync re-uploads the damaged envelope; the hub takes it back.
    author.sync(&url).expect("the author syncs");
    let again = joiner.run(&["sync"]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    joiner.ok(&["sync"]);
    assert_eq!(note_count(&joiner), 6, "the joiner holds every record");
}
