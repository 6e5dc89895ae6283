//! The sync protocol state machine: two parties, each with a store of envelopes, tell
//! each other what they hold and send each other the envelopes the other lacks.
//!
//! Owns the order of messages, paging and termination. It moves bytes and counts; it
//! never decides whether an envelope is authentic or belongs in a log (the store does,
//! in [`EnvelopeStore::accept`]), never reads a payload, and never does I/O.
//!
//! Both sides run the same machine, strictly alternating (every message is answered by
//! exactly one message, except the last):
//!
//! ```text
//! A: start        → Hello(A's vector)
//! B: receive      → Hello(B's vector)            B now knows what A lacks
//! A: receive      → page of what B lacks | Done  A now knows what B lacks
//! B: receive      → page of what A lacks | Done
//! ...             each answers with its next page, or Done when it has nothing more
//! X: receive      → Step::Last(message)  X has signalled "done" and has the other's
//! Y: receive      → Step::Done           both sides have signalled; nothing to send
//! ```

use std::collections::VecDeque;

use super::envelope::Envelope;
use super::vector::VersionVector;
use super::wire::{
    self, MAX_DEVICES, MAX_PAGE_BYTES, Message, PAGE_OVERHEAD, PROTOCOL_FORMAT, Refusal, code,
};
use crate::team::{DeviceId, Place, TeamId};
use crate::{Error, Result};

/// Most rejection reasons kept in [`Stats::rejections`].
pub const MAX_REPORTED_REJECTIONS: usize = 16;

/// What a store did with an envelope it was offered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Accept {
    /// Appended to its device's log: it was the next sequence.
    New,
    /// Already held (same envelope, same sequence): nothing changed.
    Duplicate,
    /// Not the next sequence of its device: refused, nothing changed. The envelopes in
    /// between come first in a later sync.
    Gap,
    /// Refused for what it is (forged, wrong team, unknown device, a different envelope
    /// at a held sequence): nothing changed, and the session goes on. The reason names
    /// the envelope by device and sequence, never its content.
    Rejected(String),
    /// Authentic and in sequence, but its content cannot be applied (change bytes that
    /// do not decode, a change another device made, a payload its own key does not
    /// open): appended to its device's log so the log stays contiguous, its changes
    /// not applied, the place held apart for a lead (ADR 0019). The session goes on.
    /// The reason names the envelope by device and sequence, never its content.
    Quarantined(String),
}

/// A set of envelope logs, one per device, that a session reads from and writes to.
/// The vault (on a device) and the hub implement it; [`super::MemoryStore`] is the
/// reference.
pub trait EnvelopeStore {
    /// The store's own failures (storage, a locked vault). The session's protocol
    /// errors convert into it, so a session over this store returns this type.
    type Error: From<Error>;

    /// The team whose envelopes this store holds.
    fn team(&self) -> TeamId;

    /// The highest contiguous sequence held per device.
    fn vector(&self) -> Result<VersionVector, Self::Error>;

    /// Envelopes of `device` with sequences `after + 1, after + 2, ...` (in order,
    /// contiguous but for places a purge left as stubs, which are skipped: ADR 0015),
    /// as many as fit in `max_bytes` of [`Envelope::encoded_len`], but at least one
    /// when there is any: an envelope larger than a page travels alone.
    fn envelopes_after(
        &self,
        device: DeviceId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<Envelope>, Self::Error>;

    /// Offers one envelope. The store checks everything about it: its team, that its
    /// device may write (membership), its signature, and its sequence (the next one is
    /// `New`, one already held is `Duplicate`, a later one is `Gap`). An envelope it
    /// refuses for what it is (forged, wrong team, unknown device, a different envelope
    /// at a held sequence) is [`Accept::Rejected`]; an authentic one whose content
    /// cannot be applied is [`Accept::Quarantined`]; an error ends the session, so a
    /// store must never return one for what an envelope carries.
    fn accept(&mut self, envelope: Envelope) -> Result<Accept, Self::Error>;
}

/// What a session did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    /// Envelopes sent to the other side.
    pub sent: u64,
    /// Envelopes received and appended to a log.
    pub received: u64,
    /// Envelopes received that were already held.
    pub duplicates: u64,
    /// Envelopes received out of sequence and refused (see [`Accept::Gap`]).
    pub gaps: u64,
    /// Envelopes the store refused ([`Accept::Rejected`]).
    pub rejected: u64,
    /// The first [`MAX_REPORTED_REJECTIONS`] rejection reasons (device and sequence,
    /// never content).
    pub rejections: Vec<String>,
    /// Where the first [`MAX_REPORTED_REJECTIONS`] rejected envelopes sit (their device
    /// and sequence as their headers say): places this side did not take, which it
    /// lacks until an intact copy arrives.
    pub rejected_places: Vec<Place>,
    /// Envelopes received and appended to a log, but quarantined
    /// ([`Accept::Quarantined`]): their changes are not applied.
    pub quarantined: u64,
}

/// What to do after [`SyncSession::receive`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Send these bytes to the other side and pass its answer to `receive`.
    Reply(Vec<u8>),
    /// Send these bytes, the last message of the session; no answer will come.
    Last(Vec<u8>, Stats),
    /// The session is complete; there is nothing to send.
    Done(Stats),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum State {
    /// Neither started nor received anything.
    Idle,
    /// Sent our Hello, waiting for the other's.
    AwaitingHello,
    /// Hellos exchanged: pages and Done messages.
    Exchanging,
    Finished,
    Failed,
}

/// The envelopes of one device still to send: `after + 1 ..= end`.
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
struct Cursor {
    device: DeviceId,
    after: u64,
    end: u64,
}

/// One sync between two parties, from either side. The party that opens the connection
/// calls [`start`](Self::start); the other passes the first message it receives to
/// [`receive`](Self::receive). A session that fails or is cut is dropped; the next one
/// starts over from the stores and loses nothing.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct SyncSession {
    max_page_bytes: usize,
    state: State,
    /// The vector we announced in our Hello.
    announced: VersionVector,
    plan: VecDeque<Cursor>,
    sent_done: bool,
    peer_done: bool,
    received_messages: u64,
    max_received_messages: u64,
    stats: Stats,
    /// What to tell the other side when it broke the protocol.
    refusal: Option<Refusal>,
    /// The other side sent `Error`: it is gone.
    peer_ended: bool,
}

impl SyncSession {
    /// The session's state between two messages, as bytes, for a party that keeps it
    /// outside its memory (hub instances that share a database). Holds vectors,
    /// sequences and counts, never an envelope.
    pub fn to_state_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// A session back from [`to_state_bytes`](Self::to_state_bytes); `None` when the
    /// bytes are not a session's state (damaged, or from another version).
    pub fn from_state_bytes(bytes: &[u8]) -> Option<SyncSession> {
        postcard::from_bytes(bytes).ok()
    }

    /// A session whose pages hold at most `max_page_bytes` bytes (clamped to
    /// `1..=MAX_PAGE_BYTES`), except a page of one envelope larger than that.
    pub fn new(max_page_bytes: usize) -> Self {
        SyncSession {
            max_page_bytes: max_page_bytes.clamp(1, MAX_PAGE_BYTES),
            state: State::Idle,
            announced: VersionVector::new(),
            plan: VecDeque::new(),
            sent_done: false,
            peer_done: false,
            received_messages: 0,
            max_received_messages: 0,
            stats: Stats::default(),
            refusal: None,
            peer_ended: false,
        }
    }

    /// Opens the session: the Hello to send first.
    pub fn start<S: EnvelopeStore + ?Sized>(&mut self, store: &S) -> Result<Vec<u8>, S::Error> {
        if self.state != State::Idle {
            return Err(Error::Protocol("the session has already started".into()).into());
        }
        match self.hello(store) {
            Ok(hello) => {
                self.state = State::AwaitingHello;
                Ok(wire::encode(&hello))
            }
            Err(e) => {
                self.state = State::Failed;
                Err(e)
            }
        }
    }

    /// Handles one message from the other side and says what to do next. On an error
    /// the session is over; [`abort`](Self::abort) gives the message that tells the
    /// other side why.
    pub fn receive<S: EnvelopeStore + ?Sized>(
        &mut self,
        store: &mut S,
        bytes: &[u8],
    ) -> Result<Step, S::Error> {
        if matches!(self.state, State::Finished | State::Failed) {
            return Err(Error::Protocol("the session is over".into()).into());
        }
        let step = self.handle(store, bytes);
        if step.is_err() {
            self.state = State::Failed;
        }
        step
    }

    /// Ends the session after an error (from `start` or `receive`, or the transport's
    /// own) and returns the `Error` message to send the other side, best effort. `None`
    /// when the other side is already gone or the session had finished. `error` is the
    /// protocol's error when the failure was one (a membership refusal is told to the
    /// other side); any other failure (storage, file system) stays local: its text is
    /// for this party's log, not the other side.
    pub fn abort(&mut self, error: Option<&Error>) -> Option<Vec<u8>> {
        let finished = self.state == State::Finished;
        self.state = State::Failed;
        if finished || self.peer_ended {
            return None;
        }
        let refusal = self.refusal.take().unwrap_or_else(|| match error {
            Some(e @ Error::Membership(_)) => Refusal::new(code::REFUSED, e.to_string()),
            _ => Refusal::new(code::INTERNAL, "the other side failed; try again later"),
        });
        Some(wire::encode(&wire::error_message(
            refusal.code,
            &refusal.reason,
        )))
    }

    /// Both sides have sent everything and said so.
    pub fn is_finished(&self) -> bool {
        self.state == State::Finished
    }

    /// What the session has done so far.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    fn hello<S: EnvelopeStore + ?Sized>(&mut self, store: &S) -> Result<Message, S::Error> {
        let vector = store.vector()?;
        if vector.len() > MAX_DEVICES {
            return Err(Error::invalid(
                "version vector",
                format!("more than {MAX_DEVICES} devices"),
            )
            .into());
        }
        self.announced = vector.clone();
        Ok(Message::Hello {
            format: PROTOCOL_FORMAT,
            team: store.team(),
            vector,
        })
    }

    fn handle<S: EnvelopeStore + ?Sized>(
        &mut self,
        store: &mut S,
        bytes: &[u8],
    ) -> Result<Step, S::Error> {
        let message = wire::decode_message(bytes).map_err(|r| self.refuse(r))?;
        match message {
            Message::Error { code, reason } => {
                self.peer_ended = true;
                let reason: String = reason
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                Err(Error::Protocol(format!(
                    "the other side ended the session (code {code}): {reason}"
                ))
                .into())
            }
            Message::Hello { team, vector, .. } => {
                if team != store.team() {
                    return Err(self
                        .refuse(Refusal::new(
                            code::WRONG_TEAM,
                            "the other side syncs another team",
                        ))
                        .into());
                }
                match self.state {
                    State::Idle => {
                        let hello = self.hello(store)?;
                        let mine = self.announced.clone();
                        self.begin_exchange(&mine, &vector);
                        Ok(Step::Reply(wire::encode(&hello)))
                    }
                    State::AwaitingHello => {
                        // What we hold now: the store may have grown since our Hello.
                        let mine = store.vector()?;
                        self.begin_exchange(&mine, &vector);
                        self.respond(store)
                    }
                    _ => Err(self
                        .refuse(Refusal::new(code::PROTOCOL, "a second Hello"))
                        .into()),
                }
            }
            Message::Envelopes { envelopes, done } => {
                self.count_received_message()?;
                for envelope in envelopes {
                    let place = Place {
                        device: envelope.device(),
                        seq: envelope.seq(),
                    };
                    match store.accept(envelope) {
                        Ok(Accept::New) => self.stats.received += 1,
                        Ok(Accept::Duplicate) => self.stats.duplicates += 1,
                        Ok(Accept::Gap) => self.stats.gaps += 1,
                        Ok(Accept::Quarantined(_)) => self.stats.quarantined += 1,
                        Ok(Accept::Rejected(reason)) => {
                            self.stats.rejected += 1;
                            if self.stats.rejections.len() < MAX_REPORTED_REJECTIONS {
                                self.stats.rejections.push(reason);
                                self.stats.rejected_places.push(place);
                            }
                        }
                        Err(e) => return Err(e),
                    }
                }
                self.peer_done |= done;
                self.respond(store)
            }
            Message::Done => {
                self.count_received_message()?;
                self.peer_done = true;
                self.respond(store)
            }
        }
    }

    /// Plans what the other side lacks and bounds how long it may keep talking.
    fn begin_exchange(&mut self, mine: &VersionVector, theirs: &VersionVector) {
        self.plan = mine
            .missing_from(theirs)
            .into_iter()
            .map(|(device, after)| Cursor {
                device,
                after,
                end: mine.get(device),
            })
            .collect();
        // Each side sends at most one page per envelope, then Done messages, one per
        // page of the other side: anything beyond that is a peer going round in circles.
        let to_send = mine.count_missing_from(theirs);
        let to_receive = theirs.count_missing_from(&self.announced);
        self.max_received_messages = to_send
            .saturating_add(to_receive)
            .saturating_mul(2)
            .saturating_add(4);
        self.state = State::Exchanging;
    }

    fn count_received_message(&mut self) -> Result<()> {
        if self.state != State::Exchanging {
            return Err(self.refuse(Refusal::new(
                code::PROTOCOL,
                "a page or Done before the Hellos were exchanged",
            )));
        }
        self.received_messages += 1;
        if self.received_messages > self.max_received_messages {
            return Err(self.refuse(Refusal::new(
                code::PROTOCOL,
                "the other side keeps sending past what it announced",
            )));
        }
        Ok(())
    }

    /// The answer to a page or Done: our next page, or Done; or the end.
    fn respond<S: EnvelopeStore + ?Sized>(&mut self, store: &S) -> Result<Step, S::Error> {
        if self.sent_done && self.peer_done {
            // The other side knew we were done when it said it was: its message was
            // the last one.
            self.state = State::Finished;
            return Ok(Step::Done(self.stats.clone()));
        }
        let message = self.next_message(store)?;
        let bytes = wire::encode(&message);
        if self.sent_done && self.peer_done {
            self.state = State::Finished;
            Ok(Step::Last(bytes, self.stats.clone()))
        } else {
            Ok(Step::Reply(bytes))
        }
    }

    /// Fills the next page from the plan, device by device in sequence order.
    fn next_message<S: EnvelopeStore + ?Sized>(&mut self, store: &S) -> Result<Message, S::Error> {
        let budget = self.max_page_bytes.saturating_sub(PAGE_OVERHEAD);
        let mut page: Vec<Envelope> = Vec::new();
        let mut bytes = 0usize;
        'fill: while let Some(cursor) = self.plan.front_mut() {
            if cursor.after >= cursor.end {
                self.plan.pop_front();
                continue;
            }
            let room = budget.saturating_sub(bytes);
            if !page.is_empty() && room == 0 {
                break;
            }
            let batch = store.envelopes_after(cursor.device, cursor.after, room)?;
            if batch.is_empty() {
                // The store no longer has what it held at the Hello: nothing to send.
                self.plan.pop_front();
                continue;
            }
            for envelope in batch {
                // Sequences rise; they may jump over places a purge left as stubs
                // (ADR 0015), which a store never returns.
                if envelope.device() != cursor.device || envelope.seq() <= cursor.after {
                    return Err(Error::invalid(
                        "envelope store",
                        "returned envelopes out of sequence",
                    )
                    .into());
                }
                if envelope.seq() > cursor.end {
                    cursor.after = cursor.end;
                    continue 'fill;
                }
                let len = envelope.encoded_len();
                if !page.is_empty() && bytes + len > budget {
                    break 'fill;
                }
                bytes += len;
                cursor.after = envelope.seq();
                page.push(envelope);
            }
        }
        while self.plan.front().is_some_and(|c| c.after >= c.end) {
            self.plan.pop_front();
        }
        if page.is_empty() {
            self.sent_done = true;
            return Ok(Message::Done);
        }
        let done = self.plan.is_empty();
        self.sent_done |= done;
        self.stats.sent += page.len() as u64;
        Ok(Message::Envelopes {
            envelopes: page,
            done,
        })
    }

    /// Remembers what to tell the other side and returns the local error.
    fn refuse(&mut self, refusal: Refusal) -> Error {
        let error = Error::Protocol(refusal.reason.clone());
        self.refusal = Some(refusal);
        error
    }
}
