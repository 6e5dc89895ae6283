//! Automerge's own sync protocol, run unencrypted over the same documents, for
//! comparison with the bytes our sync puts on the wire.

use automerge::Automerge;
use automerge::sync::{Message as AmMessage, State as AmState, SyncDoc};

use crate::measure::BenchResult;

/// What automerge's sync protocol sends to bring `to` (absent: an empty document) up to
/// `from`, with fresh sync states on both sides: the encoded bytes of every message in
/// both directions, and the number of messages. The side that lacks changes opens, as
/// our device does when it pulls. Checks that both end with the same heads.
pub(crate) fn automerge_sync(from: &[u8], to: Option<&[u8]>) -> BenchResult<(usize, usize)> {
    let (mut a, mut b) = (
        Automerge::load(from)?,
        match to {
            Some(bytes) => Automerge::load(bytes)?,
            None => Automerge::new(),
        },
    );
    let (mut sa, mut sb) = (AmState::new(), AmState::new());
    sync_docs(&mut b, &mut sb, &mut a, &mut sa)
}

/// The same, with the sync states both sides kept from a previous sync in which they
/// had converged on `to` (encoded and decoded, as an app would store them).
pub(crate) fn automerge_sync_saved_state(from: &[u8], to: &[u8]) -> BenchResult<(usize, usize)> {
    let (mut a, mut b) = (Automerge::load(to)?, Automerge::load(to)?);
    let (mut sa, mut sb) = (AmState::new(), AmState::new());
    sync_docs(&mut b, &mut sb, &mut a, &mut sa)?;
    let mut sa = AmState::decode(&sa.encode())?;
    let mut sb = AmState::decode(&sb.encode())?;
    let mut a = Automerge::load(from)?;
    sync_docs(&mut b, &mut sb, &mut a, &mut sa)
}

/// The changes `from` holds beyond `since` (all of them when `None`): their raw bytes
/// (what an envelope carries, `Change::raw_bytes`) and automerge's compressed form
/// (`Change::bytes`, what its sync messages carry).
pub(crate) fn change_bytes(from: &[u8], since: Option<&[u8]>) -> BenchResult<(usize, usize)> {
    let doc = Automerge::load(from)?;
    let heads = match since {
        Some(bytes) => Automerge::load(bytes)?.get_heads(),
        None => Vec::new(),
    };
    let (mut raw, mut compressed) = (0, 0);
    for change in doc.get_changes(&heads) {
        raw += change.raw_bytes().len();
        compressed += change.clone().bytes().len();
    }
    Ok((raw, compressed))
}

/// Runs the protocol until neither side has anything to send; `first` opens.
fn sync_docs(
    first: &mut Automerge,
    first_state: &mut AmState,
    second: &mut Automerge,
    second_state: &mut AmState,
) -> BenchResult<(usize, usize)> {
    let (mut bytes, mut messages) = (0, 0);
    for _ in 0..100 {
        let one = first.generate_sync_message(first_state);
        if let Some(m) = one.clone() {
            let encoded = m.encode();
            bytes += encoded.len();
            messages += 1;
            second.receive_sync_message(second_state, AmMessage::decode(&encoded)?)?;
        }
        let two = second.generate_sync_message(second_state);
        if let Some(m) = two.clone() {
            let encoded = m.encode();
            bytes += encoded.len();
            messages += 1;
            first.receive_sync_message(first_state, AmMessage::decode(&encoded)?)?;
        }
        if one.is_none() && two.is_none() {
            if first.get_heads() != second.get_heads() {
                return Err("automerge's sync ended with different heads".into());
            }
            return Ok((bytes, messages));
        }
    }
    Err("automerge's sync did not finish".into())
}
