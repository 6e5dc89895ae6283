//! A small seeded generator (SplitMix64) for fault schedules: the same seed gives the
//! same cuts, so a failure can be replayed with `SENIM_FAULT_SEED`.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The seed from `SENIM_FAULT_SEED`, or `default`; printed so a failing run can be
    /// repeated.
    pub fn from_env(default: u64) -> Rng {
        let seed = std::env::var("SENIM_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default);
        eprintln!("fault schedule seed: {seed} (set SENIM_FAULT_SEED to repeat it)");
        Rng::new(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn coin(&mut self) -> bool {
        self.next_u64() & 1 == 1
    }
}
