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
        let base = Self::OWASP_MINIMUM;
        let took = time_one(base)?;
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
        let took = time_one(first)?;
        let corrected = (f64::from(t_cost) * target.as_secs_f64() / took.as_secs_f64().max(1e-4))
            .round() as u32;
        Ok(KdfParams {
            t_cost: corrected.clamp(2, 32),
            ..first
        })
    }

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

fn time_one(params: KdfParams) -> Result<Duration> {
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
