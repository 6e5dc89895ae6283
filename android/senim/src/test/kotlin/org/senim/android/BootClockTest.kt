package org.senim.android

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.senim.core.MemoryKeyStore
import org.senim.core.Native
import org.senim.core.SenimException
import org.senim.core.SenimVault
import org.senim.core.failureOf
import org.senim.core.passcode

/**
 * The boot clock [AndroidKeyStore] gives the core ([BootClock]): its readings from the
 * platform's sources, and the core's unlock throttle running on it through the real
 * library (the key store callback across JNA), wall clock untouched.
 */
class BootClockTest {

    @Test
    fun `a reading is the time since boot under the boot count`() {
        val clock = BootClock(sinceBootMillis = { 86_400_123L }, bootCount = { 17 }, kernelBootId = { "not used" })
        val t = clock.read()
        assertEquals("android-boot-count:17", t.boot)
        assertEquals(86_400_123uL, t.sinceBootMs)
    }

    @Test
    fun `without a boot count the kernel's boot id names the boot`() {
        val clock = BootClock(
            sinceBootMillis = { 5_000L },
            bootCount = { throw IllegalStateException("setting not found") },
            kernelBootId = { "3f1c2a9e-5b7d-4c1e-9a0f-2d8e6b4c1a7f\n" },
        )
        assertEquals("linux-boot-id:3f1c2a9e-5b7d-4c1e-9a0f-2d8e6b4c1a7f", clock.read().boot)
    }

    @Test
    fun `with no source the boot has a fixed name and the reading still comes`() {
        val clock = BootClock(
            sinceBootMillis = { 42L },
            bootCount = { null },
            kernelBootId = { throw SecurityException("denied by SELinux") },
        )
        val t = clock.read()
        assertEquals(BootClock.UNKNOWN_BOOT, t.boot)
        assertEquals(42uL, t.sinceBootMs)
    }

    @Test
    fun `a reboot gives another name`() {
        val boots = AtomicInteger(3)
        val clock = BootClock(sinceBootMillis = { 1_000L }, bootCount = { boots.get() })
        val before = clock.read()
        boots.incrementAndGet()
        assertNotEquals(before.boot, clock.read().boot)
    }

    private lateinit var root: Path

    @BeforeEach
    fun setUp() {
        Native.ensureLoaded()
        root = Files.createTempDirectory("senim-boot-clock")
    }

    @AfterEach
    fun clean() {
        root.toFile().deleteRecursively()
    }

    @Test
    fun `the core's unlock wait runs on this clock, and a reboot starts it again`() = runBlocking {
        val elapsed = AtomicLong(3_600_000L)
        val boots = AtomicInteger(9)
        val clock = BootClock(sinceBootMillis = elapsed::get, bootCount = boots::get)
        val keystore = MemoryKeyStore(clock = clock::read)
        val path = root.resolve("vault").toString()
        val right = passcode("4711-kingfisher")
        SenimVault.create(path, right.copyOf(), keystore).close()

        SenimVault.open(path, keystore).use { vault ->
            for (n in 1..3) {
                failureOf<SenimException.WrongPasscode> { vault.unlock(passcode("4711-wren-$n")) }
            }
            // Three failures: 5 s on the boot clock before the next attempt.
            assertEquals(5uL, failureOf<SenimException.TooManyAttempts> { vault.unlock(right.copyOf()) }.retryAfterSeconds)
            elapsed.addAndGet(3_000L)
            assertEquals(2uL, failureOf<SenimException.TooManyAttempts> { vault.unlock(right.copyOf()) }.retryAfterSeconds)

            // A reboot: the wait starts again from zero on the new boot.
            boots.incrementAndGet()
            elapsed.set(20_000L)
            assertEquals(5uL, failureOf<SenimException.TooManyAttempts> { vault.unlock(right.copyOf()) }.retryAfterSeconds)

            // Five seconds on this clock (a moment of real time): the passcode opens it.
            elapsed.addAndGet(5_000L)
            vault.unlock(right.copyOf())
            assertTrue(vault.isUnlocked())
        }
    }
}
