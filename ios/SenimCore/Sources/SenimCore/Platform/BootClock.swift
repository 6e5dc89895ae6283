import Darwin

/// The boot clock the core's unlock throttle runs on (ADR 0020), as
/// ``KeychainKeyStore`` supplies it through `KeyStore.bootTime()`: time since the device
/// booted, sleep included (`mach_continuous_time`, the continuous clock; not
/// `mach_absolute_time` or `CLOCK_UPTIME_RAW`, which stop while the device sleeps), which
/// whoever holds the phone cannot set, with the boot named by `kern.bootsessionuuid`,
/// which changes at every boot.
///
/// Where the boot session cannot be read, the boot has a fixed name and a reboot is
/// still seen, as the clock reading less than before. A name that changes only makes a
/// pending wait start again: nothing here can shorten one. It never reads the wall
/// clock.
public struct BootClock: Sendable {
    /// This boot's name when the system does not give one.
    public static let unknownBoot = "ios-boot-unknown"

    public init() {}

    /// Reads the clock now.
    public func read() -> BootTime {
        BootTime(boot: Self.bootName(), sinceBootMs: Self.sinceBootMillis())
    }

    /// Milliseconds on the continuous clock, which counts from boot and runs on while
    /// the device sleeps.
    static func sinceBootMillis() -> UInt64 {
        var timebase = mach_timebase_info_data_t()
        let ticks = mach_continuous_time()
        guard mach_timebase_info(&timebase) == KERN_SUCCESS, timebase.denom != 0 else {
            // Ticks are nanoseconds where the timebase is 1/1 (Intel); without one, the
            // best reading left.
            return ticks / 1_000_000
        }
        let numer = UInt64(timebase.numer)
        let denom = UInt64(timebase.denom)
        // ticks × numer / denom without overflowing: whole quotient, then the remainder.
        let nanos = (ticks / denom) &* numer &+ (ticks % denom) &* numer / denom
        return nanos / 1_000_000
    }

    static func bootName() -> String {
        if let session = sysctlString("kern.bootsessionuuid") {
            return "ios-boot-session:\(session)"
        }
        return unknownBoot
    }

    /// A short string sysctl, or nil when it cannot be read.
    private static func sysctlString(_ name: String) -> String? {
        var size = 0
        guard sysctlbyname(name, nil, &size, nil, 0) == 0, size > 1, size <= 256 else {
            return nil
        }
        var buffer = [CChar](repeating: 0, count: size)
        guard sysctlbyname(name, &buffer, &size, nil, 0) == 0 else {
            return nil
        }
        let value = String(cString: buffer)
        return value.isEmpty ? nil : value
    }
}
