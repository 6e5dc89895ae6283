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

/**
 * Failures cross the boundary as [SenimException.Failed] with a kind the app can branch
 * on, including failures of the app's own callbacks. One vault (one calibrated KDF) for
 * the whole class.
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
    fun `a wrong passcode is WRONG_PASSCODE and counted until the right one`() = runBlocking {
        SenimVault.open(path, keystore).use { vault ->
            val e = failure { vault.unlock(passcode("4711-falcon")) }
            assertEquals(ErrorKind.WRONG_PASSCODE, e.kind)
            assertFalse(e.reason.contains("falcon"), "the reason never repeats the passcode")
            assertFalse(vault.isUnlocked())
            assertEquals(1u, vault.summary().failedAttempts)

            vault.unlock(code.copyOf())
            assertTrue(vault.isUnlocked())
            assertEquals(0u, vault.summary().failedAttempts)
        }
    }

    @Test
    fun `invalid input is INVALID_INPUT naming the field, an unknown record NOT_FOUND`() = runBlocking {
        SenimVault.open(path, keystore).use { vault ->
            vault.unlock(code.copyOf())
            val empty = failure { vault.addNote(Note("   ", null, emptyList(), Instant.now(), null)) }
            assertEquals(ErrorKind.INVALID_INPUT, empty.kind)
            assertTrue(empty.reason.contains("text"), empty.reason)

            assertEquals(ErrorKind.INVALID_INPUT, failure { vault.record("not-an-id") }.kind)
            assertEquals(ErrorKind.INVALID_INPUT, failure { vault.search("  ", 10u, null) }.kind)
            val id = vault.addNote(Note("Checked in at the shelter", null, emptyList(), Instant.now(), null))
            val missing = id.map { if (it == '0') '1' else '0' }.joinToString("")
            assertEquals(ErrorKind.NOT_FOUND, failure { vault.record(missing) }.kind)
            // A subject that is not a record id.
            assertEquals(ErrorKind.INVALID_INPUT, failure { vault.addNote(Note("x", null, emptyList(), Instant.now(), "nobody")) }.kind)
        }
    }

    @Test
    fun `no vault, an existing vault and a missing team are typed`() = runBlocking {
        assertEquals(ErrorKind.NO_VAULT, failure { SenimVault.open(root.resolve("nowhere").toString(), null) }.kind)
        assertEquals(ErrorKind.VAULT_EXISTS, failure { SenimVault.create(path, passcode("another one"), MemoryKeyStore()) }.kind)
        SenimVault.open(path, keystore).use { vault ->
            vault.unlock(code.copyOf())
            assertEquals(null, vault.team())
            val e = failure { vault.sync(JavaHttpTransport()) }
            assertEquals(ErrorKind.MEMBERSHIP, e.kind)
        }
    }

    @Test
    fun `a key store that throws is a KEY_STORE error naming the callback, not a crash`() = runBlocking {
        val throwing = object : KeyStore {
            override fun createSecret(label: String): ByteArray = throw IllegalStateException("keystore hardware unavailable")
            override fun secret(label: String): ByteArray? = throw IllegalStateException("keystore hardware unavailable")
            override fun deleteSecret(label: String): Unit = throw IllegalStateException("keystore hardware unavailable")
        }

        // Creating: the secret cannot be made, so no vault is made.
        val fresh = root.resolve("throwing").toString()
        val created = failure { SenimVault.create(fresh, passcode("a passcode"), throwing) }
        assertEquals(ErrorKind.KEY_STORE, created.kind)
        assertTrue(created.reason.contains("callback failed"), created.reason)
        assertTrue(created.reason.contains("keystore hardware unavailable"), created.reason)
        assertEquals(ErrorKind.NO_VAULT, failure { SenimVault.open(fresh, throwing) }.kind)

        // Unlocking: the secret cannot be read.
        SenimVault.open(path, throwing).use { vault ->
            val e = failure { vault.unlock(code.copyOf()) }
            assertEquals(ErrorKind.KEY_STORE, e.kind)
            assertTrue(e.reason.contains("callback failed"), e.reason)
            assertFalse(vault.isUnlocked())
        }

        // A key store that throws the API's own error keeps its kind and reason.
        val refusing = object : KeyStore {
            override fun createSecret(label: String): ByteArray = throw SenimException.Failed(ErrorKind.KEY_STORE, "user cancelled authentication")
            override fun secret(label: String): ByteArray? = throw SenimException.Failed(ErrorKind.KEY_STORE, "user cancelled authentication")
            override fun deleteSecret(label: String): Unit = throw SenimException.Failed(ErrorKind.KEY_STORE, "user cancelled authentication")
        }
        SenimVault.open(path, refusing).use { vault ->
            val e = failure { vault.unlock(code.copyOf()) }
            assertEquals(ErrorKind.KEY_STORE, e.kind)
            assertTrue(e.reason.contains("user cancelled authentication"), e.reason)
        }

        // A key store without this vault's secret.
        SenimVault.open(path, MemoryKeyStore()).use { vault ->
            assertEquals(ErrorKind.KEY_STORE, failure { vault.unlock(code.copyOf()) }.kind)
        }
        // And the vault still opens with the right one afterwards.
        SenimVault.open(path, keystore).use { vault ->
            vault.unlock(code.copyOf())
            assertTrue(vault.isUnlocked())
        }
    }
}
