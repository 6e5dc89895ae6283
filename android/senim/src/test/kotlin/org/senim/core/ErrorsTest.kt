package org.senim.core

import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.senim.presentation.UiError

/**
 * Failures cross the boundary as subclasses of the sealed [SenimException], each with
 * the fields the app needs, including failures of the app's own callbacks. One vault (one
 * calibrated KDF) for the whole class; the throttling test makes its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsTest {
    private lateinit var root: Path
    private lateinit var path: String
    private val keystore = MemoryKeyStore()
    private val code = passcode("4711-kestrel")

    @BeforeAll
    fun setUp() = runBlocking {
        Native.ensureLoaded()
        root = Files.createTempDirectory("senim-errors")
        path = root.resolve("vault").toString()
        SenimVault.create(path, code.copyOf(), keystore).close()
    }

    @AfterAll
    fun clean() {
        root.toFile().deleteRecursively()
    }

    @Test
    fun `a weak passcode is refused through the library with its problem and the screen's sentence`() = runBlocking {
        val dir = root.resolve("weak").toString()
        val e = failureOf<SenimException.WeakPasscode> { SenimVault.create(dir, passcode("пароль"), MemoryKeyStore()) }
        assertEquals(PasscodeProblem.COMMON, e.problem)
        assertEquals(
            "This passcode is one of the most common ones: choose one nobody would guess.",
            UiError(e).message,
        )
        val weak = failureOf<SenimException.WeakPasscode> { SenimVault.create(dir, passcode("summer2019"), MemoryKeyStore()) }
        assertEquals(PasscodeProblem.TOO_WEAK, weak.problem)
    }

    @Test
    fun `the strength estimate crosses the boundary with its keys`() {
        val strong = passcodeStrength(passcode("correct horse battery"))
        assertEquals(4, strong.score.toInt())
        assertEquals(null, strong.problem)
        val common = passcodeStrength(passcode("пароль"))
        assertEquals(0, common.score.toInt())
        assertEquals(PasscodeProblem.COMMON, common.problem)
        assertEquals(StrengthWarning.TOP_HUNDRED_PASSCODE, common.warning)
    }

    @Test
    fun `a wrong passcode is WrongPasscode with the count of failures, until the right one`() = runBlocking {
        SenimVault.open(path, keystore).use { vault ->
            val e = failureOf<SenimException.WrongPasscode> { vault.unlock(passcode("4711-falcon")) }
            assertEquals(1u, e.failedAttempts)
            assertFalse(e.message.orEmpty().contains("falcon"), "the error never repeats the passcode")
            assertFalse(vault.isUnlocked())
            assertEquals(1u, vault.summary().failedAttempts)

            vault.unlock(code.copyOf())
            assertTrue(vault.isUnlocked())
            assertEquals(0u, vault.summary().failedAttempts)
        }
    }

    @Test
    fun `wrong passcodes until the vault pauses unlocking end in TooManyAttempts with the seconds of the core's schedule`() = runBlocking {
        val dir = root.resolve("throttled").toString()
        val right = passcode("4711-osprey")
        val store = MemoryKeyStore()
        SenimVault.create(dir, right.copyOf(), store).close()
        SenimVault.open(dir, store).use { vault ->
            // Real attempts, each through the KDF: the core pauses after the third.
            for (n in 1u..3u) {
                val wrong = failureOf<SenimException.WrongPasscode> { vault.unlock(passcode("4711-heron-$n")) }
                assertEquals(n, wrong.failedAttempts)
            }
            val started = System.nanoTime()
            val paused = failureOf<SenimException.TooManyAttempts> { vault.unlock(right.copyOf()) }
            // After 3 failures the next attempt waits 5 s (ADR 0002, `unlock_delay`),
            // counted from the last failure in whole seconds, rounded up: never 0.
            assertTrue(paused.retryAfterSeconds in 1uL..5uL, "retry after ${paused.retryAfterSeconds} s")
            assertFalse(vault.isUnlocked())
            assertEquals(3u, vault.summary().failedAttempts, "a refused attempt during the pause is not counted")
            val shown = UiError(paused).message
            assertTrue(shown.matches(Regex("""Too many wrong passcodes\. Try again in 0:0[1-5]\.""")), shown)

            // Once the seconds it named have passed, the right passcode opens the vault.
            val waited = (System.nanoTime() - started) / 1_000_000
            Thread.sleep((paused.retryAfterSeconds.toLong() * 1000 - waited).coerceAtLeast(0))
            vault.unlock(right.copyOf())
            assertTrue(vault.isUnlocked())
            assertEquals(0u, vault.summary().failedAttempts)
        }
    }

    @Test
    fun `invalid input is InvalidInput naming the field, an unknown record NotFound`(): Unit = runBlocking {
        SenimVault.open(path, keystore).use { vault ->
            vault.unlock(code.copyOf())
            val empty = failureOf<SenimException.InvalidInput> { vault.addNote(Note("   ", null, emptyList(), Instant.now(), null)) }
            assertEquals("text", empty.field)
            assertEquals("Please check the note's text.", UiError(empty).message)

            assertEquals("record id", failureOf<SenimException.InvalidInput> { vault.record("not-an-id") }.field)
            assertEquals("search", failureOf<SenimException.InvalidInput> { vault.search("  ", 10u, null) }.field)
            val id = vault.addNote(Note("Checked in at the shelter", null, emptyList(), Instant.now(), null))
            val missing = id.map { if (it == '0') '1' else '0' }.joinToString("")
            failureOf<SenimException.NotFound> { vault.record(missing) }
            // A subject that is not a record id.
            failureOf<SenimException.InvalidInput> { vault.addNote(Note("x", null, emptyList(), Instant.now(), "nobody")) }
        }
    }

    @Test
    fun `no vault, an existing vault and a missing team are typed`(): Unit = runBlocking {
        failureOf<SenimException.NoVault> { SenimVault.open(root.resolve("nowhere").toString(), null) }
        failureOf<SenimException.VaultExists> { SenimVault.create(path, passcode("another one"), MemoryKeyStore()) }
        SenimVault.open(path, keystore).use { vault ->
            vault.unlock(code.copyOf())
            assertEquals(null, vault.team())
            failureOf<SenimException.Membership> { vault.sync(JavaHttpTransport()) }
        }
    }

    @Test
    fun `what the worker reads of the library's real failures never holds the core's reason`() = runBlocking {
        val failures = mutableListOf<SenimException>()
        SenimVault.open(path, keystore).use { vault ->
            failures += failure { vault.unlock(passcode("4711-wrong")) }
            failures += failure { vault.records(null, false, 10u, null) }
            vault.unlock(code.copyOf())
            failures += failure { vault.addNote(Note("   ", null, emptyList(), Instant.now(), null)) }
            failures += failure { vault.record("0".repeat(32)) }
            failures += failure { vault.sync(JavaHttpTransport()) }
            failures += failure { vault.startInterview("no_such_form", "en", null) }
            val interview = vault.startInterview(vault.forms().first().id, "en", null)
            failures += failure { interview.answer(AnswerValue.Yes) }
        }
        failures += failure { SenimVault.open(root.resolve("nowhere").toString(), null) }
        assertEquals(
            listOf("WrongPasscode", "Locked", "InvalidInput", "NotFound", "Membership", "Content", "ConsentRequired", "NoVault"),
            failures.map { it.javaClass.simpleName },
        )
        for (e in failures) {
            val shown = UiError(e).message
            val reason = e.javaClass.methods.firstOrNull { it.name == "getReason" }?.invoke(e) as String?
            if (reason != null) assertFalse(shown.contains(reason, ignoreCase = true), "$shown shows $reason")
            val sentences = shown.split(Regex("""(?<=\.)\s+"""))
            assertEquals(sentences.size, sentences.toSet().size, "a sentence repeats in: $shown")
        }
    }

    @Test
    fun `a key store that throws is a KeyStore error naming the callback, not a crash`() = runBlocking {
        val throwing = object : KeyStore {
            override fun createSecret(label: String): ByteArray = throw IllegalStateException("keystore hardware unavailable")
            override fun secret(label: String): ByteArray? = throw IllegalStateException("keystore hardware unavailable")
            override fun deleteSecret(label: String): Unit = throw IllegalStateException("keystore hardware unavailable")
            override fun bootTime(): BootTime = throw IllegalStateException("keystore hardware unavailable")
        }

        // Creating: the secret cannot be made, so no vault is made.
        val fresh = root.resolve("throwing").toString()
        val created = failureOf<SenimException.KeyStore> { SenimVault.create(fresh, passcode("a passcode"), throwing) }
        assertTrue(created.reason.contains("callback failed"), created.reason)
        assertTrue(created.reason.contains("keystore hardware unavailable"), created.reason)
        failureOf<SenimException.NoVault> { SenimVault.open(fresh, throwing) }

        // Unlocking: the secret cannot be read.
        SenimVault.open(path, throwing).use { vault ->
            val e = failureOf<SenimException.KeyStore> { vault.unlock(code.copyOf()) }
            assertTrue(e.reason.contains("callback failed"), e.reason)
            assertFalse(vault.isUnlocked())
        }

        // A key store that throws the API's own error keeps its reason, once.
        val refusing = object : KeyStore {
            override fun createSecret(label: String): ByteArray = throw SenimException.KeyStore("user cancelled authentication")
            override fun secret(label: String): ByteArray? = throw SenimException.KeyStore("user cancelled authentication")
            override fun deleteSecret(label: String): Unit = throw SenimException.KeyStore("user cancelled authentication")
            override fun bootTime(): BootTime = jvmBootTime()
        }
        SenimVault.open(path, refusing).use { vault ->
            val e = failureOf<SenimException.KeyStore> { vault.unlock(code.copyOf()) }
            assertEquals(1, Regex("user cancelled authentication").findAll(e.reason).count(), e.reason)
        }

        // A key store without this vault's secret: the vault cannot be opened on this phone.
        SenimVault.open(path, MemoryKeyStore()).use { vault ->
            failureOf<SenimException.DeviceSecretMissing> { vault.unlock(code.copyOf()) }
        }
        // And the vault still opens with the right one afterwards.
        SenimVault.open(path, keystore).use { vault ->
            vault.unlock(code.copyOf())
            assertTrue(vault.isUnlocked())
        }
    }
}
