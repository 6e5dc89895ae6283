//! The clock the unlock throttle runs on: time since the device booted, with an id of
//! the boot. Whoever holds the phone can set its wall clock; they cannot move this one
//! forward. A reboot starts it again from zero (a new boot id), and the throttle then
//! starts a pending wait again from zero too (ADR 0020).
//!
//! Owns [`BootTime`] and the operating system's clock ([`os_boot_time`]): on Linux and
//! Android `CLOCK_BOOTTIME` (which counts suspended time) and
//! `/proc/sys/kernel/random/boot_id`. The apps supply their platform's through the key
//! store ([`KeyStore::boot_time`](crate::KeyStore::boot_time)): Android's
//! `elapsedRealtime` with its boot count, iOS's continuous clock with its boot session.
//! Elsewhere, where no boot clock is known, it falls back to the wall clock under a
//! fixed id, and the throttle is only as good as it was before. It never reads the
//! wall clock where a boot clock exists.

use std::fmt;

/// A reading of the boot clock.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct BootTime {
    /// Identifies one boot of the device: a different value means it restarted since.
    pub boot: [u8; 16],
    /// Milliseconds since that boot, suspended time included.
    pub since_boot_ms: u64,
}

impl fmt::Debug for BootTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "BootTime({}…, {} ms)",
            senim_records::hex(&self.boot[..4]),
            self.since_boot_ms
        )
    }
}

impl BootTime {
    /// A reading for `boot` (any text that names the boot, hashed to 16 bytes) at
    /// `since_boot_ms`: what a platform's key store returns.
    pub fn new(boot: &str, since_boot_ms: u64) -> BootTime {
        let digest = senim_crypto::sha256(boot.as_bytes());
        let mut id = [0u8; 16];
        id.copy_from_slice(&digest[..16]);
        BootTime {
            boot: id,
            since_boot_ms,
        }
    }

    /// Milliseconds from `earlier` to `self` when both are readings of the same boot
    /// and the clock did not go back; `None` otherwise (a reboot, or a reading that
    /// makes no sense, which the throttle treats as a reboot).
    pub fn since(&self, earlier: &BootTime) -> Option<u64> {
        if self.boot != earlier.boot {
            return None;
        }
        self.since_boot_ms.checked_sub(earlier.since_boot_ms)
    }
}

/// The operating system's boot clock. Errors name the source that failed, no value.
pub fn os_boot_time() -> std::io::Result<BootTime> {
    imp::boot_time()
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod imp {
    use super::BootTime;

    pub(super) fn boot_time() -> std::io::Result<BootTime> {
        let now = rustix::time::clock_gettime_dynamic(rustix::time::DynamicClockId::Boottime)
            .map_err(|e| std::io::Error::other(format!("the boot clock cannot be read ({e})")))?;
        let ms = u64::try_from(now.tv_sec)
            .unwrap_or(0)
            .saturating_mul(1000)
            .saturating_add(u64::try_from(now.tv_nsec).unwrap_or(0) / 1_000_000);
        // Without a boot id (a sandbox that hides /proc), a reboot is still seen when
        // the clock reads less than before.
        let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap_or_default();
        Ok(BootTime::new(boot.trim(), ms))
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod imp {
    use super::BootTime;

    pub(super) fn boot_time() -> std::io::Result<BootTime> {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0);
        Ok(BootTime::new("wall clock", ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_os_clock_moves_forward_within_one_boot() {
        let a = os_boot_time().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let b = os_boot_time().unwrap();
        assert!(b.since(&a).unwrap() >= 20);
    }

    #[test]
    fn readings_of_another_boot_or_earlier_are_not_comparable() {
        let a = BootTime::new("boot-1", 10_000);
        assert_eq!(BootTime::new("boot-1", 12_500).since(&a), Some(2_500));
        assert_eq!(BootTime::new("boot-2", 12_500).since(&a), None);
        assert_eq!(BootTime::new("boot-1", 9_000).since(&a), None);
    }
}
