//! How big each measurement of the sync bench is: the full run and the quick smoke
//! run (`-- --quick`, a tenth of the sizes and a 10 s load phase).

/// How big each measurement is.
pub(crate) struct Sizes {
    /// Devices that write the notes: a lead and workers.
    pub(crate) writers: usize,
    pub(crate) notes_per_writer: usize,
    /// Notes sealed into one envelope: a writer seals after every this many, as a
    /// device that syncs once a day after a day's notes.
    pub(crate) notes_per_envelope: usize,
    pub(crate) one_record_reps: usize,
    pub(crate) batch: usize,
    pub(crate) batch_reps: usize,
    pub(crate) load_devices: usize,
    pub(crate) load_secs: u64,
}

pub(crate) const FULL: Sizes = Sizes {
    writers: 5,
    notes_per_writer: 2_000,
    notes_per_envelope: 20,
    one_record_reps: 30,
    batch: 100,
    batch_reps: 10,
    load_devices: 100,
    load_secs: 60,
};

pub(crate) const QUICK: Sizes = Sizes {
    writers: 5,
    notes_per_writer: 200,
    notes_per_envelope: 20,
    one_record_reps: 10,
    batch: 10,
    batch_reps: 3,
    load_devices: 10,
    load_secs: 10,
};
