package org.senim.core

import java.io.File
import java.nio.file.Path
import java.time.Instant
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.senim.presentation.VaultPorts

/** The panic wipe through the generated Kotlin, with a Kotlin key store. */
class PanicWipeTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun native() = Native.ensureLoaded()
    }

    @TempDir
    lateinit var dir: Path

    private fun vaultFiles(path: String): List<String> =
        File(path).listFiles().orEmpty().map { it.name }.filter { it.startsWith("senim") }

    @Test
    fun `a wipe deletes the Kotlin key store's secret and leaves no vault to open`(): Unit = runBlocking {
        val keystore = MemoryKeyStore()
        val path = dir.resolve("vault").toString()
        val vault = SenimVault.create(path, passcode("correct horse battery"), keystore)
        vault.use {
            vault.addNote(Note("Two men from Osh, passports held by the foreman", "Site 4", emptyList(), Instant.now(), null))
            assertEquals(1, keystore.labels.size)
            assertTrue(vaultFiles(path).contains("senim.db"))

            val summary = vault.wipe()
            assertTrue(summary.keysDestroyed)
            assertEquals(WipeKeyMaterial.OVERWRITTEN, summary.keyMaterial)
            assertEquals(WipeDeviceSecret.Deleted, summary.deviceSecret)
            assertTrue(summary.removed.contains("senim.db"), summary.removed.toString())

            assertTrue(keystore.labels.isEmpty(), "the key store no longer holds the secret")
            assertEquals(emptyList<String>(), vaultFiles(path), "no vault file is left")
            assertTrue(File(path).isDirectory, "the directory itself stays")

            // The object is inert.
            assertFalse(vault.isUnlocked())
            assertInstanceOf(SenimException.NoVault::class.java, failure { vault.summary() })
            assertInstanceOf(SenimException.NoVault::class.java, failure { vault.unlock(passcode("correct horse battery")) })
            assertInstanceOf(SenimException.NoVault::class.java, failure { vault.wipe() })
        }
        assertInstanceOf(SenimException.NoVault::class.java, failure { SenimVault.open(path, keystore) })
        assertInstanceOf(SenimException.NoVault::class.java, failure { wipeVaultAt(path, keystore) })
    }

    @Test
    fun `a vault opened locked is wiped without its passcode, and one that is not open by its directory`(): Unit = runBlocking {
        val keystore = MemoryKeyStore()
        val locked = dir.resolve("locked").toString()
        SenimVault.create(locked, passcode("locked passcode"), keystore).use { it.lock() }
        SenimVault.open(locked, keystore).use { vault ->
            assertFalse(vault.isUnlocked())
            // Through the presentation layer's port, as the app will call it.
            assertEquals(WipeDeviceSecret.Deleted, VaultPorts(vault, JavaHttpTransport()).wipe().deviceSecret)
        }
        assertTrue(keystore.labels.isEmpty())
        assertInstanceOf(SenimException.NoVault::class.java, failure { SenimVault.open(locked, keystore) })

        val closed = dir.resolve("closed").toString()
        SenimVault.create(closed, passcode("closed passcode"), keystore).close()
        val summary = wipeVaultAt(closed, keystore)
        assertEquals(WipeDeviceSecret.Deleted, summary.deviceSecret)
        assertTrue(keystore.labels.isEmpty())
        assertEquals(emptyList<String>(), vaultFiles(closed))
        assertInstanceOf(SenimException.NoVault::class.java, failure { SenimVault.open(closed, keystore) })
    }

    @Test
    fun `a key store that throws on delete does not stop the wipe, and the summary says so`(): Unit = runBlocking {
        val keystore = MemoryKeyStore()
        val path = dir.resolve("vault").toString()
        SenimVault.create(path, passcode("a passcode here"), keystore).close()
        val throwing = object : KeyStore {
            override fun createSecret(label: String): ByteArray = keystore.createSecret(label)
            override fun secret(label: String): ByteArray? = keystore.secret(label)
            override fun deleteSecret(label: String): Unit = throw IllegalStateException("keystore hardware unavailable")
            override fun bootTime(): BootTime = keystore.bootTime()
        }
        val summary = SenimVault.open(path, throwing).use { it.wipe() }
        // The key material in the files is destroyed before the key store is asked.
        assertTrue(summary.keysDestroyed)
        assertEquals(WipeKeyMaterial.OVERWRITTEN, summary.keyMaterial)
        val failed = summary.deviceSecret as WipeDeviceSecret.Failed
        assertTrue(failed.reason.contains("keystore hardware unavailable"), failed.reason)
        assertEquals(1, keystore.labels.size, "the secret is still there: the app must say so")
        assertInstanceOf(SenimException.NoVault::class.java, failure { SenimVault.open(path, keystore) })
    }
}
