//! The decoy's writes on a thread of their own (ADR 0050).
//!
//! While the vault is unlocked with the real passcode, the decoy's connection and keys
//! are handed to a follower thread: each committed real write sends its [`Shape`] (the
//! lengths the real file shows, never content) and returns, and the thread writes the
//! like generated write to the decoy, in the order the real writes came. A worker's
//! save waits for its own write only; the same work is done beside it.
//!
//! Everything that needs the decoy's connection or keys takes them back first:
//! [`Vault::settle_decoy`] waits for the writes sent so far (a lock, an unlock, setting
//! the duress passcode, a passcode change), [`Vault::halt_decoy`] drops those not begun
//! and interrupts the one running (a wipe, which then shreds the decoy as before).
//! Every unlocked vault but a demo runs a follower: in a duress session, or without a
//! decoy to follow, one that is handed nothing and writes nothing, so that the process
//! runs the same threads whichever passcode opened it. A decoy whose records wait for
//! their index rows or facts is indexed by the follower first, in the background.
//! At most [`QUEUE`] writes wait: a burst (a sync applying many envelopes) waits for
//! the decoy to catch up rather than running far ahead of it. A process killed with
//! writes waiting loses those generated writes, as ADR 0049 already allows of a power
//! cut: the decoy is a few writes behind, never damaged (each is a transaction).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

use crate::mirror::Shape;
use crate::{Keys, Vault};

/// How many of the real vault's writes may wait for the decoy's.
pub(crate) const QUEUE: usize = 16;

/// What the follower thread is handed and gives back when it stops: the vault value it
/// writes as, whose connection is the decoy's, and the decoy's keys.
type Handed = (Vault, Box<Keys>);

/// What the follower thread is sent.
enum Job {
    /// The decoy's write following one real write.
    Write(Shape),
    /// Answered once every write sent before it is done.
    Barrier(SyncSender<()>),
}

/// The follower thread and the way to reach it.
pub(crate) struct Follower {
    jobs: Option<SyncSender<Job>>,
    halted: Arc<AtomicBool>,
    interrupt: Option<rusqlite::InterruptHandle>,
    thread: Option<JoinHandle<Option<Handed>>>,
}

thread_local! {
    /// The follower thread's halt flag, for the busy handler of its connection (a plain
    /// function, which SQLite calls on the thread running the statement).
    static HALTED: std::cell::RefCell<Option<Arc<AtomicBool>>> =
        const { std::cell::RefCell::new(None) };
}

/// Whether this thread is the follower and has been halted: long work it runs (the
/// upgrade of a decoy from before) stops between two of its transactions.
pub(crate) fn halted() -> bool {
    HALTED.with(|h| {
        h.borrow()
            .as_ref()
            .is_some_and(|f| f.load(Ordering::SeqCst))
    })
}

/// Makes `flag` this thread's halt flag, as the follower's is: a test halts long work
/// run on its own thread.
#[cfg(test)]
pub(crate) fn halt_here_with(flag: Option<Arc<AtomicBool>>) {
    HALTED.with(|h| *h.borrow_mut() = flag);
}

/// How long the follower waits for the decoy's write lock (another process holding it)
/// before it drops that write: as long as the vault's connections wait.
const PATIENCE: Duration = crate::files::BUSY_TIMEOUT;
/// Its busy handler's step: a halt is seen within this.
const STEP: Duration = Duration::from_millis(10);

/// The follower's busy handler: waits `STEP` at a time for `PATIENCE` in all, and gives
/// up at once when the follower is halted (SQLite's interrupt does not end its own
/// busy wait, so a wipe would have waited it out).
fn busy(tries: i32) -> bool {
    let halted = HALTED.with(|h| h.borrow().as_ref().is_none_or(|f| f.load(Ordering::SeqCst)));
    if halted || STEP * u32::try_from(tries).unwrap_or(u32::MAX) >= PATIENCE {
        return false;
    }
    std::thread::sleep(STEP);
    true
}

impl Follower {
    /// Starts a thread that owns what `handed` holds, the decoy's connection and keys
    /// and the vault value it writes as (with the real vault's header and no keys or
    /// files of its own: the decoy's records carry the same ids the real one's do);
    /// with `None`, a thread that writes nothing (a duress session's, or a vault's
    /// without a decoy to follow: every unlocked vault has the same threads). When
    /// the thread cannot start, `handed` is given back.
    fn start(mut handed: Option<Handed>) -> Result<Follower, Box<Option<Handed>>> {
        let (jobs, received) = mpsc::sync_channel::<Job>(QUEUE);
        let (hand, take) = mpsc::sync_channel::<Option<Handed>>(1);
        let halted = Arc::new(AtomicBool::new(false));
        let stop = halted.clone();
        // A test watching freed memory for keys watches this thread's frees too.
        #[cfg(test)]
        let watched = senim_test_alloc::is_watching();
        let spawned = std::thread::Builder::new().spawn(move || {
            #[cfg(test)]
            senim_test_alloc::watch_here(watched);
            let handed = take.recv().ok().flatten();
            HALTED.with(|h| *h.borrow_mut() = Some(stop.clone()));
            // A decoy from before the search index or the facts (migrations 0007,
            // 0008, 0010, 0011) gets them now, in the background, rather than at its
            // first duress unlock, where the "indexing" it showed was a tell: the
            // real vault had shown its own at an unlock before.
            if let Some((writer, keys)) = handed.as_ref().filter(|_| !stop.load(Ordering::SeqCst)) {
                // The stack this thread was given may be an earlier thread's, cached
                // by the system with what that thread left on it.
                crate::mirror::scrub_stack();
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    writer.settle_index(keys, &mut |_| {})
                }));
            }
            for job in received {
                match (job, &handed) {
                    (Job::Write(shape), Some((writer, keys))) if !stop.load(Ordering::SeqCst) => {
                        // The last write's key schedules are left on this stack, as
                        // the real write's are on the caller's (`Vault::mirror`).
                        crate::mirror::scrub_stack();
                        // A write that panics is dropped as one that fails; the
                        // connection and keys stay (its transaction rolled back as
                        // the panic left it).
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            writer.write_decoy(&writer.conn, keys, shape)
                        }));
                        // And what this write left, before the thread waits.
                        crate::mirror::scrub_stack();
                    }
                    (Job::Write(_), _) => {}
                    (Job::Barrier(done), _) => {
                        let _ = done.send(());
                    }
                }
            }
            HALTED.with(|h| *h.borrow_mut() = None);
            crate::mirror::scrub_stack();
            handed
        });
        let thread = match spawned {
            Ok(thread) => thread,
            Err(_) => return Err(Box::new(handed)),
        };
        let interrupt = handed
            .as_ref()
            .map(|(writer, _)| writer.conn.get_interrupt_handle());
        if let Some((writer, _)) = &mut handed {
            let _ = writer.conn.busy_handler(Some(busy));
        }
        // The thread waits for this one message: it cannot be gone yet.
        let _ = hand.send(handed);
        Ok(Follower {
            jobs: Some(jobs),
            halted,
            interrupt,
            thread: Some(thread),
        })
    }

    /// Sends one job; false when the thread is gone.
    fn send(&self, job: Job) -> bool {
        self.jobs.as_ref().is_some_and(|j| j.send(job).is_ok())
    }

    /// Waits until every write sent so far is done.
    fn barrier(&self) {
        let (done, wait) = mpsc::sync_channel(1);
        if self.send(Job::Barrier(done)) {
            let _ = wait.recv();
        }
    }

    /// Waits for the writes sent so far and takes back what the thread was handed;
    /// `None` for a thread that was handed nothing or is gone (what it held was
    /// dropped with it, keys zeroized).
    fn settle(mut self) -> Option<Handed> {
        self.jobs = None;
        self.thread.take()?.join().ok().flatten()
    }

    /// Drops the writes not begun, stops the one running (its statement interrupted,
    /// its wait for the lock ended; its transaction rolls back), and takes back what
    /// the thread was handed.
    fn halt(self) -> Option<Handed> {
        self.halted.store(true, Ordering::SeqCst);
        if let Some(i) = &self.interrupt {
            i.interrupt();
        }
        self.settle()
    }
}

impl Drop for Follower {
    /// A vault dropped unlocked: the writes sent are finished, then the thread's
    /// connection closes and its keys are zeroized, as the vault's own are.
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Vault {
    /// Starts the follower thread of an unlocked vault (not a demo's) when it has none:
    /// handed the decoy's connection and keys when the vault follows its decoy
    /// (unlocked with the real passcode, a decoy whose key it holds), else one that
    /// writes nothing, so that a duress session runs the same threads as a real one.
    /// Should the thread not start, the decoy is written inline as before.
    pub(crate) fn follow_decoy(&mut self) {
        if self.follower.is_some() || self.keys.is_none() || self.is_demo() {
            return;
        }
        let follows = !self.in_decoy && self.decoy_keys.is_some() && self.spare.is_some();
        if follows {
            // Deriving the decoy's keys left their schedules on this thread's stack;
            // the scrub each inline decoy write began with cleared them before the
            // next call (starting the thread, the next real write) could carry them
            // into heap blocks.
            crate::mirror::scrub_stack();
        }
        let handed = match follows {
            true => match (self.spare.take(), self.decoy_keys.take()) {
                (Some(conn), Some(keys)) => Some((self.decoy_writer(conn), keys)),
                (conn, keys) => {
                    self.spare = conn;
                    self.decoy_keys = keys;
                    None
                }
            },
            false => None,
        };
        let handing = handed.is_some();
        match Follower::start(handed) {
            Ok(f) => self.follower = Some(f),
            Err(back) => return self.take_back(*back),
        }
        if handing {
            // The decoy's interrupt handle is the follower's from here on.
            self.register_connections();
        }
    }

    /// Waits for the decoy's writes sent so far and takes its connection and keys back
    /// from the follower thread (nothing to do when there is none).
    pub(crate) fn settle_decoy(&mut self) {
        if let Some(f) = self.follower.take() {
            let back = f.settle();
            self.take_back(back);
        }
    }

    /// Stops the follower thread without its waiting writes (a wipe), taking the
    /// decoy's connection and keys back.
    pub(crate) fn halt_decoy(&mut self) {
        if let Some(f) = self.follower.take() {
            let back = f.halt();
            self.take_back(back);
        }
    }

    fn take_back(&mut self, handed: Option<Handed>) {
        if let Some((writer, keys)) = handed {
            let Vault {
                conn, decoy_edited, ..
            } = writer;
            // Where the decoy's last edit went, for the next follower to go on from.
            self.decoy_edited.set(decoy_edited.get());
            // The vault's own wait for the lock, in place of the follower's handler.
            let _ = conn.busy_timeout(crate::files::BUSY_TIMEOUT);
            self.spare = Some(conn);
            self.decoy_keys = Some(keys);
            self.register_connections();
        }
    }

    /// Sends `shape` to the follower thread; false when there is none (or it is gone),
    /// and the caller writes inline.
    pub(crate) fn send_to_follower(&self, shape: Shape) -> Result<(), Shape> {
        match &self.follower {
            Some(f) => {
                // A thread handed nothing writes nothing; one that is gone took the
                // connection with it.
                let _ = f.send(Job::Write(shape));
                Ok(())
            }
            None => Err(shape),
        }
    }

    /// Waits until the work every write so far left running beside it is done (the
    /// decoy's writes that follow it, ADR 0050). A lock waits for it anyway; this is
    /// for whoever measures a session of writes whole (`bench/peer`), or wants the
    /// files as they will stand (a test of the decoy's files).
    pub fn wait_for_background_writes(&self) {
        if let Some(f) = &self.follower {
            f.barrier();
        }
    }

    /// The decoy's master key, the follower settled for it and following again after.
    #[cfg(test)]
    pub(crate) fn decoy_master(&mut self) -> Option<senim_crypto::SecretKey> {
        self.settle_decoy();
        let key = self.decoy_keys.as_ref().map(|k| {
            senim_crypto::SecretKey::from_slice(k.master.expose()).expect("a key's length")
        });
        self.follow_decoy();
        key
    }

    /// Whether every write is followed by one to the decoy (by the thread or inline).
    #[cfg(test)]
    pub(crate) fn follows_decoy(&self) -> bool {
        self.follower.is_some() || self.decoy_keys.is_some()
    }

    /// The vault value the follower writes as: the decoy's connection `conn`, the real
    /// vault's header (its ids are in every sealed record's binding, the decoy's as the
    /// real one's) with its key slot and salt left out, no keys, no other database.
    fn decoy_writer(&self, conn: Connection) -> Vault {
        let mut header = self.header.clone();
        header.wrapped_master.clear();
        zeroize::Zeroize::zeroize(&mut header.salt);
        Vault {
            dir: self.dir.clone(),
            conn,
            header,
            keystore: None,
            keys: None,
            wiped: false,
            spare: None,
            decoy_keys: None,
            follower: None,
            applied: Default::default(),
            decoy_edited: std::cell::Cell::new(self.decoy_edited.get()),
            in_decoy: false,
            interrupts: Default::default(),
        }
    }
}
