package org.senim.desktop

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.SenimException
import org.senim.core.SenimVault

class FileKeyStoreTest {
    private val root: Path = Files.createTempDirectory("senim-keystore")

    @AfterEach
    fun cleanUp() {
        root.toFile().deleteRecursively()
    }

    @Test
    fun `a secret is made once, kept owner-only, read back, and deleted for good`() {
        val dir = root.resolve("ks")
        val store = FileKeyStore(dir)
        val secret = store.createSecret("vault-1")
        assertEquals(32, secret.size)
        assertArrayEquals(secret, store.secret("vault-1"))
        assertArrayEquals(secret, FileKeyStore(dir).secret("vault-1"), "another run reads the same file")
        assertThrows(SenimException.KeyStore::class.java) { store.createSecret("vault-1") }
        assertArrayEquals(secret, store.secret("vault-1"), "a refused creation keeps the secret")
        if (Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView::class.java) != null) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("vault-1.key"))))
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        }
        store.deleteSecret("vault-1")
        assertNull(store.secret("vault-1"))
        assertFalse(Files.exists(dir.resolve("vault-1.key")))
        store.deleteSecret("vault-1")
    }

    @Test
    fun `a label that could name another file is refused, and a damaged secret is an error`() {
        val store = FileKeyStore(root)
        for (label in listOf("", "../x", "a/b", "a.key", "x".repeat(129))) {
            assertThrows(SenimException.KeyStore::class.java, { store.secret(label) }, label)
        }
        Files.write(root.resolve("short.key"), ByteArray(5))
        assertThrows(SenimException.KeyStore::class.java) { store.secret("short") }
    }

    @Test
    fun `the boot clock moves forward within one boot`() {
        val a = desktopBootTime()
        val b = desktopBootTime()
        assertEquals(a.boot, b.boot)
        assertTrue(b.sinceBootMs >= a.sinceBootMs)
        if (Os.current() == Os.LINUX) assertTrue(a.boot.startsWith("linux-boot-id:"))
    }

    @Test
    fun `a vault bound to it does not open without it`() {
        val store = FileKeyStore(root.resolve("ks"))
        val path = root.resolve("vault").toString()
        runBlocking { SenimVault.create(path, "violet tractor harbour midnight".toByteArray(), store) }.lock()
        val elsewhere = SenimVault.open(path, FileKeyStore(root.resolve("other")))
        assertThrows(SenimException.DeviceSecretMissing::class.java) {
            runBlocking { elsewhere.unlock("violet tractor harbour midnight".toByteArray()) }
        }
    }

    @Test
    fun `a vault the desktop made opens with the senim command and the same key store directory`() {
        val bin = java.io.File(System.getProperty("senim.bin") ?: error("senim.bin is not set: run scripts/jvm-test"))
        check(bin.canExecute()) { "no senim binary at $bin: run scripts/jvm-test (it builds it)" }
        val keys = root.resolve("ks")
        val path = root.resolve("vault").toString()
        val passcode = "violet tractor harbour midnight"
        val vault = runBlocking { SenimVault.create(path, passcode.toByteArray(), FileKeyStore(keys)) }
        vault.addNote(org.senim.core.Note("Met two drivers at the depot", "Depot", emptyList(), java.time.Instant.now(), null))
        vault.lock()
        vault.close()

        fun senim(keyStore: Path): Pair<Int, String> {
            val process = ProcessBuilder(bin.path, "--lang", "en", "--vault", path, "--keystore", keyStore.toString(), "records", "search", "drivers")
                .redirectErrorStream(true)
                .apply { environment()["SENIM_PASSCODE"] = passcode }
                .start()
            val out = process.inputStream.bufferedReader().readText()
            return process.waitFor() to out
        }
        val (code, out) = senim(keys)
        assertEquals(0, code, out)
        assertTrue("Met two drivers" in out, out)
        // Another key store directory: the secret is missing, nothing opens.
        val (refused, _) = senim(root.resolve("other-keys"))
        assertTrue(refused != 0)
    }
}
