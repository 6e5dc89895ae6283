//! The decoy's writes on a thread of their own (ADR 0050).
//!
//! While the vault is unlocked with the real passcode, the decoy's connection and keys
//! are handed to a follower thread: each committed real write sends its [`Shape`] (the
//! lengths the real file shows, never content) and returns, and the thread writes the
//! like generated write to the decoy, in the order the real writes came. A worker's
//! save waits for its own write only; the same work is done beside it.
//!
//! Everything that needs the decoy's connection or keys takes them back first:
//! [`Vault::settle_decoy`] waits for the writes sent so far (a lock, setting the
//! duress passcode, a passcode change), [`Vault::halt_decoy`] drops those not begun
//! and interrupts the one running (a wipe, which then shreds the decoy as before).
//! At most [`QUEUE`] writes wait: a burst (a sync applying many envelopes) waits for
//! the decoy to catch up rather than running far ahead of it. A process killed with
//! writes waiting loses those generated writes, as ADR 0049 already allows of a power
//! cut: the decoy is a few writes behind, never damaged (each is a transaction).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::thread::JoinHandle;

use rusqlite::Connection;

use crate::mirror::Shape;
use crate::{Keys, Vault};

/// How many of the real vault's writes may wait for the decoy's.
pub(crate) const QUEUE: usize = 16;

/// What the follower thread gives back when it stops: the decoy's connection and keys.
type Handed = (Connection, Box<Keys>);

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
    interrupt: rusqlite::InterruptHandle,
    thread: Option<JoinHandle<Handed>>,
}

impl Follower {
    /// Starts a thread that owns `conn` and `keys` and writes to the decoy as
    /// `writer` (a vault value with the real vault's header and no keys or files of
    /// its own: the decoy's records carry the same ids the real one's do) would.
    fn start(writer: Vault, conn: Connection, keys: Box<Keys>) -> std::io::Result<Follower> {
        let (jobs, received) = mpsc::sync_channel::<Job>(QUEUE);
        let halted = Arc::new(AtomicBool::new(false));
        let interrupt = conn.get_interrupt_handle();
        let stop = halted.clone();
        // A test watching freed memory for keys watches this thread's frees too.
        #[cfg(test)]
        let watched = senim_test_alloc::is_watching();
        let thread = std::thread::Builder::new().spawn(move || {
            #[cfg(test)]
            senim_test_alloc::watch_here(watched);
            for job in received {
                match job {
                    Job::Write(shape) if !stop.load(Ordering::SeqCst) => {
                        // The last write's key schedules are left on this stack, as
                        // the real write's are on the caller's (`Vault::mirror`).
                        crate::mirror::scrub_stack();
                        let _ = writer.write_decoy(&conn, &keys, shape);
                    }
                    Job::Write(_) => {}
                    Job::Barrier(done) => {
                        let _ = done.send(());
                    }
                }
            }
            drop(writer);
            crate::mirror::scrub_stack();
            (conn, keys)
        })?;
        Ok(Follower {
            jobs: Some(jobs),
            halted,
            interrupt,
            thread: Some(thread),
        })
    }

    /// Sends one write; false when the thread is gone (it panicked).
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

    /// Waits for the writes sent so far and takes the connection and keys back;
    /// `None` when the thread panicked (they were dropped with it, keys zeroized).
    fn settle(mut self) -> Option<Handed> {
        self.jobs = None;
        self.thread.take()?.join().ok()
    }

    /// Drops the writes not begun, interrupts the one running (its transaction rolls
    /// back), and takes the connection and keys back.
    fn halt(self) -> Option<Handed> {
        self.halted.store(true, Ordering::SeqCst);
        self.interrupt.interrupt();
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
    /// Hands the decoy's connection and keys to a follower thread, when the vault
    /// follows its decoy (unlocked with the real passcode, a decoy whose key it holds)
    /// and no thread has them yet. Should the thread not start, the decoy is written
    /// inline as before.
    pub(crate) fn follow_decoy(&mut self) {
        if self.in_decoy || self.follower.is_some() || self.decoy_keys.is_none() {
            return;
        }
        let Some(conn) = self.spare.take() else {
            return;
        };
        let writer = match self.decoy_writer() {
            Ok(w) => w,
            Err(_) => {
                self.spare = Some(conn);
                return;
            }
        };
        let Some(keys) = self.decoy_keys.take() else {
            self.spare = Some(conn);
            return;
        };
        // The decoy's interrupt handle is the follower's from here on.
        self.register_connections();
        // Deriving the decoy's keys left their schedules on this thread's stack; the
        // scrub each inline decoy write began with cleared them before the next real
        // write could carry them into heap blocks. Done once, here, for the thread.
        crate::mirror::scrub_stack();
        // `start` consumes what it is given even when the thread does not start; the
        // decoy then stays closed until the next unlock, as one that cannot be opened.
        if let Ok(f) = Follower::start(writer, conn, keys) {
            self.follower = Some(f);
        }
    }

    /// Waits for the decoy's writes sent so far and takes its connection and keys back
    /// from the follower thread (nothing to do when there is none).
    pub(crate) fn settle_decoy(&mut self) {
        if let Some(f) = self.follower.take() {
            self.take_back(f.settle());
        }
    }

    /// Stops the follower thread without its waiting writes (a wipe), taking the
    /// decoy's connection and keys back.
    pub(crate) fn halt_decoy(&mut self) {
        if let Some(f) = self.follower.take() {
            self.take_back(f.halt());
        }
    }

    fn take_back(&mut self, handed: Option<Handed>) {
        if let Some((conn, keys)) = handed {
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
                // A thread that panicked took the connection with it: nothing to write.
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

    /// The vault value the follower writes as: the real vault's header (its ids are in
    /// every sealed record's binding, the decoy's as the real one's) with its key
    /// slot and salt left out, no keys, no files.
    fn decoy_writer(&self) -> crate::Result<Vault> {
        let mut header = self.header.clone();
        header.wrapped_master.clear();
        zeroize::Zeroize::zeroize(&mut header.salt);
        Ok(Vault {
            dir: self.dir.clone(),
            conn: Connection::open_in_memory()?,
            header,
            keystore: None,
            keys: None,
            wiped: false,
            spare: None,
            decoy_keys: None,
            follower: None,
            applied: Default::default(),
            in_decoy: false,
            interrupts: Default::default(),
        })
    }
}
