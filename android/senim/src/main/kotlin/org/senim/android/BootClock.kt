package org.senim.android

import java.io.File
import org.senim.core.BootTime

/**
 * The boot clock the core's unlock throttle runs on (ADR 0020), as [AndroidKeyStore]
 * supplies it through `KeyStore.bootTime`: time since the phone booted, deep sleep
 * included (`SystemClock.elapsedRealtime()`), which whoever holds the phone cannot set,
 * with a name for this boot that changes at every reboot.
 *
 * The boot is named by `Settings.Global.BOOT_COUNT`; where that cannot be read, by the
 * kernel's boot id (`/proc/sys/kernel/random/boot_id`, which SELinux hides from apps on
 * recent Android); where neither can, by a fixed name, and a reboot is still seen, as
 * the clock reading less than before. A name that changes only makes a pending wait
 * start again: nothing here can shorten one. It never reads the wall clock.
 *
 * Plain Kotlin over the three readings, so the JVM tests run it; [AndroidKeyStore]
 * gives it the platform's.
 */
class BootClock(
    /** Milliseconds since boot, deep sleep included: `SystemClock::elapsedRealtime`. */
    private val sinceBootMillis: () -> Long,
    /** The number of boots so far (`Settings.Global.BOOT_COUNT`), or null. May throw. */
    private val bootCount: () -> Int?,
    /** The kernel's id of this boot, or null. May throw. */
    private val kernelBootId: () -> String? = ::readKernelBootId,
) {
    /** Reads the clock now. */
    fun read(): BootTime {
        val since = sinceBootMillis().coerceAtLeast(0L).toULong()
        return BootTime(boot = bootName(), sinceBootMs = since)
    }

    private fun bootName(): String {
        val count = attempt(bootCount)
        if (count != null) return "$BOOT_COUNT_PREFIX$count"
        val id = attempt(kernelBootId)?.trim()?.takeIf { it.isNotEmpty() }
        if (id != null) return "$KERNEL_BOOT_ID_PREFIX$id"
        return UNKNOWN_BOOT
    }

    private fun <T> attempt(read: () -> T?): T? =
        try {
            read()
        } catch (e: Exception) {
            // A setting missing, a file SELinux denies: the next source, or the fixed name.
            null
        }

    companion object {
        const val BOOT_COUNT_PREFIX = "android-boot-count:"
        const val KERNEL_BOOT_ID_PREFIX = "linux-boot-id:"

        /** This boot's name when no source names it. */
        const val UNKNOWN_BOOT = "android-boot-unknown"

        private const val KERNEL_BOOT_ID = "/proc/sys/kernel/random/boot_id"

        /** The kernel's boot id (one line, a UUID), when the sandbox lets the app read it. */
        fun readKernelBootId(): String? {
            val file = File(KERNEL_BOOT_ID)
            if (!file.canRead()) return null
            return file.bufferedReader(Charsets.US_ASCII).use { it.readLine() }
        }
    }
}
