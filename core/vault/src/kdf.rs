//! The passcode KDF: Argon2id with parameters calibrated on the running device and
//! recorded in the vault header, so a vault keeps opening after the defaults change.
//!
//! Production code can only choose parameters at or above OWASP's minimum
//! (m = 19 MiB, t = 2, p = 1). A weak set for fast tests exists only when the crate is
//! built with the `test-support` feature, which only test crates enable.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Error, Result};
use senim_crypto::{KEY_LEN, SecretKey};

/// Argon2id cost parameters as stored in the vault header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_cost_kib: u32,
    /// Passes over memory.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
}

/// Salt length stored in the header.
pub const SALT_LEN: usize = 16;

impl KdfParams {
    /// OWASP's minimum recommendation for Argon2id (2024): 19 MiB, 2 passes, 1 lane.
    pub const OWASP_MINIMUM: KdfParams = KdfParams {
        m_cost_kib: 19 * 1024,
        t_cost: 2,
        p_cost: 1,
    };
    /// Calibration never asks for more memory than a low-end phone can spare.
    pub const MAX_CALIBRATED_MEMORY_KIB: u32 = 64 * 1024;
    /// Upper bounds accepted from a header, so a damaged one cannot demand the impossible.
    const MAX_MEMORY_KIB: u32 = 1024 * 1024;
    const MAX_PASSES: u32 = 64;
    const MAX_LANES: u32 = 8;
    /// The unlock time calibration aims for.
    pub const TARGET: Duration = Duration::from_millis(500);

    /// Chooses parameters that take about `target` on this machine, never below
    /// [`Self::OWASP_MINIMUM`]. Memory grows first (up to
    /// [`Self::MAX_CALIBRATED_MEMORY_KIB`]), then passes.
    pub fn calibrate(target: Duration) -> Result<KdfParams> {
        Self::calibrate_with(target, &mut time_one)
    }

    /// [`Self::calibrate`] with the time one derivation takes given by `measure` (the
    /// device's Argon2, or a test's figures).
    pub fn calibrate_with(
        target: Duration,
        measure: &mut dyn FnMut(KdfParams) -> Result<Duration>,
    ) -> Result<KdfParams> {
        let base = Self::OWASP_MINIMUM;
        let took = measure(base)?;
        let scale = target.as_secs_f64() / took.as_secs_f64().max(1e-4);
        if scale <= 1.0 {
            return Ok(base);
        }
        let wanted_mem = f64::from(base.m_cost_kib) * scale;
        let m_cost_kib = wanted_mem.min(f64::from(Self::MAX_CALIBRATED_MEMORY_KIB)) as u32;
        let m_cost_kib = m_cost_kib.max(base.m_cost_kib);
        let leftover = wanted_mem / f64::from(m_cost_kib);
        let t_cost = ((f64::from(base.t_cost) * leftover).round() as u32).clamp(2, 32);
        let first = KdfParams {
            m_cost_kib,
            t_cost,
            p_cost: 1,
        };
        if t_cost <= 2 {
            return Ok(first);
        }
        // Time grows a little faster than memory × passes (caches), so check the guess
        // once and correct the passes.
        let took = measure(first)?;
        let corrected = (f64::from(t_cost) * target.as_secs_f64() / took.as_secs_f64().max(1e-4))
            .round() as u32;
        Ok(KdfParams {
            t_cost: corrected.clamp(2, 32),
            ..first
        })
    }

    /// The parameters a passcode change moves to (ADR 0002): calibrated again with
    /// `measure`, and adopted only when this device now allows at least
    /// [`Self::RAISE_MARGIN`] times the current cost (memory × passes), so the noise of
    /// one measurement never changes them. A raised set never has less memory than
    /// [`Self::RECALIBRATED_MIN_MEMORY_KIB`] and never less memory, passes or lanes
    /// than `self`. Otherwise `self`, unchanged.
    pub fn recalibrated(
        &self,
        target: Duration,
        measure: &mut dyn FnMut(KdfParams) -> Result<Duration>,
    ) -> Result<KdfParams> {
        let fresh = Self::calibrate_with(target, measure)?;
        let cost = |p: &KdfParams| f64::from(p.m_cost_kib) * f64::from(p.t_cost);
        if cost(&fresh) < cost(self) * Self::RAISE_MARGIN {
            return Ok(*self);
        }
        let raised = KdfParams {
            m_cost_kib: fresh
                .m_cost_kib
                .max(self.m_cost_kib)
                .max(Self::RECALIBRATED_MIN_MEMORY_KIB),
            t_cost: fresh.t_cost.max(self.t_cost),
            p_cost: fresh.p_cost.max(self.p_cost),
        };
        raised.check()?;
        Ok(raised)
    }

    /// The least memory a re-calibration raises to: OWASP's first Argon2id
    /// recommendation (46 MiB).
    pub const RECALIBRATED_MIN_MEMORY_KIB: u32 = 46 * 1024;
    /// How much more a device must allow before a re-calibration raises the cost.
    pub const RAISE_MARGIN: f64 = 1.5;

    /// Parameters for tests only: fast and deliberately weak.
    #[cfg(any(test, feature = "test-support"))]
    pub const INSECURE_FAST_FOR_TESTS: KdfParams = KdfParams {
        m_cost_kib: 64,
        t_cost: 1,
        p_cost: 1,
    };

    /// Checks parameters read from a header or chosen by a caller.
    pub fn check(&self) -> Result<()> {
        #[cfg(any(test, feature = "test-support"))]
        if *self == Self::INSECURE_FAST_FOR_TESTS {
            return Ok(());
        }
        let min = Self::OWASP_MINIMUM;
        if self.m_cost_kib < min.m_cost_kib || self.t_cost < min.t_cost || self.p_cost < 1 {
            return Err(Error::KdfParams(
                "below the OWASP minimum (m=19 MiB, t=2, p=1)",
            ));
        }
        if self.m_cost_kib > Self::MAX_MEMORY_KIB
            || self.t_cost > Self::MAX_PASSES
            || self.p_cost > Self::MAX_LANES
        {
            return Err(Error::KdfParams("above the supported maximum"));
        }
        Ok(())
    }

    fn argon2(&self) -> Result<Argon2<'static>> {
        let params = Params::new(self.m_cost_kib, self.t_cost, self.p_cost, Some(KEY_LEN))
            .map_err(|_| Error::KdfParams("rejected by Argon2"))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// Derives the key-encryption key from a passcode.
pub(crate) fn derive_kek(passcode: &[u8], salt: &[u8], params: &KdfParams) -> Result<SecretKey> {
    params.check()?;
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    params
        .argon2()?
        .hash_password_into(passcode, salt, out.as_mut())
        .map_err(|_| Error::Crypto("Argon2 failed"))?;
    Ok(SecretKey::from_bytes(*out))
}

/// How long one derivation with `params` takes on this device.
pub(crate) fn time_one(params: KdfParams) -> Result<Duration> {
    let salt = [0x5a; SALT_LEN];
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    let start = Instant::now();
    params
        .argon2()?
        .hash_password_into(b"calibration", &salt, out.as_mut())
        .map_err(|_| Error::Crypto("Argon2 failed"))?;
    Ok(start.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibration_never_goes_below_the_owasp_minimum() {
        // A target of zero would pick the cheapest possible set: it must still be the minimum.
        let p = KdfParams::calibrate(Duration::ZERO).unwrap();
        assert_eq!(p, KdfParams::OWASP_MINIMUM);
        let p = KdfParams::calibrate(Duration::from_millis(200)).unwrap();
        assert!(p.m_cost_kib >= KdfParams::OWASP_MINIMUM.m_cost_kib);
        assert!(p.m_cost_kib <= KdfParams::MAX_CALIBRATED_MEMORY_KIB);
        assert!(p.t_cost >= 2);
        p.check().unwrap();
    }

    /// A device that derives `kib_passes_per_ms` KiB × passes per millisecond.
    fn device(kib_passes_per_ms: u64) -> impl FnMut(KdfParams) -> Result<Duration> {
        move |p| {
            let work = u64::from(p.m_cost_kib) * u64::from(p.t_cost);
            Ok(Duration::from_millis(work / kib_passes_per_ms))
        }
    }

    const CREATED: KdfParams = KdfParams {
        m_cost_kib: 19 * 1024,
        t_cost: 2,
        p_cost: 1,
    };

    #[test]
    fn a_device_that_became_faster_gets_a_higher_cost() {
        // 500 ms at 400 KiB·passes/ms: 200,000 KiB·passes, five times the 19 MiB × 2.
        let raised = CREATED
            .recalibrated(KdfParams::TARGET, &mut device(400))
            .unwrap();
        assert!(raised.m_cost_kib >= KdfParams::RECALIBRATED_MIN_MEMORY_KIB);
        assert!(raised.m_cost_kib >= CREATED.m_cost_kib && raised.t_cost >= CREATED.t_cost);
        assert!(
            u64::from(raised.m_cost_kib) * u64::from(raised.t_cost)
                > u64::from(CREATED.m_cost_kib) * u64::from(CREATED.t_cost)
        );
        raised.check().unwrap();
    }

    #[test]
    fn a_raise_that_calibration_puts_below_46_mib_is_raised_to_46_mib() {
        // About twice as fast as at creation: calibration alone would pick 40 MiB × 2.
        let raised = CREATED
            .recalibrated(KdfParams::TARGET, &mut device(164))
            .unwrap();
        assert_eq!(
            raised,
            KdfParams {
                m_cost_kib: KdfParams::RECALIBRATED_MIN_MEMORY_KIB,
                t_cost: 2,
                p_cost: 1
            }
        );
    }

    #[test]
    fn a_device_no_faster_keeps_its_parameters() {
        // The speed the vault was calibrated at: 19 MiB × 2 in about 500 ms.
        assert_eq!(
            CREATED
                .recalibrated(KdfParams::TARGET, &mut device(80))
                .unwrap(),
            CREATED
        );
        // Slower since (a loaded phone): never lowered.
        assert_eq!(
            CREATED
                .recalibrated(KdfParams::TARGET, &mut device(10))
                .unwrap(),
            CREATED
        );
    }

    #[test]
    fn a_slightly_faster_measurement_is_noise_and_changes_nothing() {
        // Calibrated at 64 MiB × 4; measured 20% faster now.
        let current = KdfParams {
            m_cost_kib: 64 * 1024,
            t_cost: 4,
            p_cost: 1,
        };
        let per_ms = 64 * 1024 * 4 / 500;
        assert_eq!(
            current
                .recalibrated(KdfParams::TARGET, &mut device(per_ms * 6 / 5))
                .unwrap(),
            current
        );
    }

    #[test]
    fn a_recalibration_never_lowers_memory_or_passes_set_higher_before() {
        // Parameters given at creation with more passes than calibration would choose.
        let current = KdfParams {
            m_cost_kib: 19 * 1024,
            t_cost: 3,
            p_cost: 1,
        };
        let raised = current
            .recalibrated(KdfParams::TARGET, &mut device(2000))
            .unwrap();
        assert!(raised.t_cost >= 3);
        assert_eq!(raised.m_cost_kib, KdfParams::MAX_CALIBRATED_MEMORY_KIB);
    }

    #[test]
    fn weak_or_absurd_parameters_are_rejected() {
        let weak = KdfParams {
            m_cost_kib: 8 * 1024,
            t_cost: 2,
            p_cost: 1,
        };
        assert!(matches!(weak.check(), Err(Error::KdfParams(_))));
        let huge = KdfParams {
            m_cost_kib: u32::MAX,
            t_cost: 2,
            p_cost: 1,
        };
        assert!(matches!(huge.check(), Err(Error::KdfParams(_))));
    }

    #[test]
    fn same_passcode_and_salt_give_same_key() {
        let p = KdfParams::INSECURE_FAST_FOR_TESTS;
        let a = derive_kek(b"1234", &[1; SALT_LEN], &p).unwrap();
        let b = derive_kek(b"1234", &[1; SALT_LEN], &p).unwrap();
        let c = derive_kek(b"1235", &[1; SALT_LEN], &p).unwrap();
        assert_eq!(a.expose(), b.expose());
        assert_ne!(a.expose(), c.expose());
    }
}
