package org.senim.android

import android.content.Context
import android.provider.Settings
import android.security.keystore.KeyProperties
import java.io.File
import java.security.Security
import org.junit.After
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.annotation.Config
import org.senim.core.SenimException

/**
 * AndroidKeyStore.kt, unchanged, on the Android framework of API 36 (Robolectric), with
 * [FakeAndroidKeyStore] in place of the secure hardware: the device secret's round trip
 * and its file, the key's spec (AES-256-GCM, StrongBox asked for first, usable only while
 * the phone is unlocked), the refusal to replace a secret, deletion, and every failure a
 * typed `KeyStore` error that names no secret.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [36])
class AndroidKeyStoreTest {
    private lateinit var context: Context
    private lateinit var hardware: FakeAndroidKeyStore

    @Before
    fun setUp() {
        context = RuntimeEnvironment.getApplication()
        hardware = FakeAndroidKeyStore(strongBox = true)
        Security.insertProviderAt(hardware, 1)
    }

    @After
    fun tearDown() {
        Security.removeProvider(hardware.name)
    }

    private fun secretFile(label: String) = File(File(context.noBackupFilesDir, "senim-keystore"), "$label.secret")

    @Test
    fun roundTripKeepsTheSecretSealedInTheNoBackupDirectory() {
        val store = AndroidKeyStore(context)
        val secret = store.createSecret("vault-1")

        assertEquals(32, secret.size)
        assertArrayEquals(secret, store.secret("vault-1"))
        // A second instance (the app restarted) reads the same secret.
        assertArrayEquals(secret, AndroidKeyStore(context).secret("vault-1"))

        val sealed = secretFile("vault-1").readBytes()
        assertEquals(1 + 12 + 32 + 16, sealed.size)
        assertEquals(1.toByte(), sealed[0])
        assertFalse("the secret is stored in the clear", sealed.asList().windowed(32).any { it == secret.asList() })
        assertTrue(hardware.held.containsKey("senim.vault-1"))
        assertNull(store.secret("another-vault"))
    }

    @Test
    fun theKeyIsAes256GcmUsableOnlyWhileThePhoneIsUnlocked() {
        AndroidKeyStore(context).createSecret("vault-1")
        val spec = hardware.specs.single()
        assertEquals("senim.vault-1", spec.keystoreAlias)
        assertEquals(256, spec.keySize)
        assertEquals(KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT, spec.purposes)
        assertArrayEquals(arrayOf(KeyProperties.BLOCK_MODE_GCM), spec.blockModes)
        assertArrayEquals(arrayOf(KeyProperties.ENCRYPTION_PADDING_NONE), spec.encryptionPaddings)
        assertTrue(spec.isRandomizedEncryptionRequired)
        assertTrue(spec.isUnlockedDeviceRequired)
    }

    @Test
    fun strongBoxIsAskedForAndUsedWhenThePhoneHasOne() {
        AndroidKeyStore(context).createSecret("vault-1")
        assertTrue(hardware.specs.single().isStrongBoxBacked)
        assertTrue(hardware.held.getValue("senim.vault-1").inStrongBox)
    }

    @Test
    fun withoutStrongBoxTheKeyFallsBackToTheTee() {
        hardware.strongBox = false
        val store = AndroidKeyStore(context)
        val secret = store.createSecret("vault-1")

        assertEquals(listOf(true, false), hardware.specs.map { it.isStrongBoxBacked })
        assertFalse(hardware.held.getValue("senim.vault-1").inStrongBox)
        // The fallback keeps every other property of the key.
        assertTrue(hardware.specs.last().isUnlockedDeviceRequired)
        assertArrayEquals(secret, store.secret("vault-1"))
    }

    @Test
    fun anExistingSecretIsNeverReplaced() {
        val store = AndroidKeyStore(context)
        val first = store.createSecret("vault-1")
        val sealed = secretFile("vault-1").readBytes()

        val refused = assertThrows(SenimException.KeyStore::class.java) { store.createSecret("vault-1") }
        assertTrue(refused.reason, refused.reason.contains("already exists"))
        assertArrayEquals(sealed, secretFile("vault-1").readBytes())
        assertEquals("no new key was generated", 1, hardware.specs.size)
        assertArrayEquals(first, store.secret("vault-1"))
    }

    @Test
    fun deleteForgetsTheKeyAndShredsTheFile() {
        val store = AndroidKeyStore(context)
        val first = store.createSecret("vault-1")
        store.createSecret("vault-2")

        store.deleteSecret("vault-1")
        assertFalse(hardware.held.containsKey("senim.vault-1"))
        assertFalse(secretFile("vault-1").exists())
        assertNull(store.secret("vault-1"))
        // Nothing else is touched, deleting again is no error, and the label is free again.
        assertNotNull(store.secret("vault-2"))
        store.deleteSecret("vault-1")
        store.deleteSecret("never-made")
        val second = store.createSecret("vault-1")
        assertFalse(first.contentEquals(second))
    }

    @Test
    fun aKeyStoreThatKeepsTheKeyIsReportedButTheFileStillGoes() {
        val store = AndroidKeyStore(context)
        store.createSecret("vault-1")
        hardware.keepOnDelete = true

        val failed = assertThrows(SenimException.KeyStore::class.java) { store.deleteSecret("vault-1") }
        assertTrue(failed.reason, failed.reason.contains("kept the key"))
        assertFalse(secretFile("vault-1").exists())
    }

    @Test
    fun aSecretWhoseKeyIsGoneDoesNotOpen() {
        // The app's files restored on another phone: the file is there, the key is not.
        val store = AndroidKeyStore(context)
        store.createSecret("vault-1")
        hardware.held.clear()

        val failed = assertThrows(SenimException.KeyStore::class.java) { store.secret("vault-1") }
        assertTrue(failed.reason, failed.reason.contains("no longer holds the key"))
    }

    @Test
    fun anAlteredOrMovedSecretIsRefused() {
        val store = AndroidKeyStore(context)
        store.createSecret("vault-1")
        val sealed = secretFile("vault-1").readBytes()

        secretFile("vault-1").writeBytes(sealed.copyOf().also { it[20] = (it[20].toInt() xor 1).toByte() })
        val altered = assertThrows(SenimException.KeyStore::class.java) { store.secret("vault-1") }
        assertTrue(altered.reason, altered.reason.contains("altered"))

        // The label is bound to the ciphertext: vault-1's file under vault-2's name and key.
        store.createSecret("vault-2")
        secretFile("vault-2").writeBytes(sealed)
        hardware.held["senim.vault-2"] = hardware.held.getValue("senim.vault-1")
        val moved = assertThrows(SenimException.KeyStore::class.java) { store.secret("vault-2") }
        assertTrue(moved.reason, moved.reason.contains("another label"))

        secretFile("vault-1").writeBytes(sealed.copyOf(20))
        val damaged = assertThrows(SenimException.KeyStore::class.java) { store.secret("vault-1") }
        assertTrue(damaged.reason, damaged.reason.contains("damaged"))
    }

    @Test
    fun aLabelThatIsNoFileNameIsInvalidInput() {
        val store = AndroidKeyStore(context)
        for (label in listOf("", "../vault", "a/b", "vault 1", "x".repeat(129), "ключ")) {
            val refused = assertThrows(SenimException.InvalidInput::class.java) { store.createSecret(label) }
            assertEquals("key store label", refused.field)
        }
        assertTrue(hardware.specs.isEmpty())
    }

    @Test
    fun bootTimeNamesTheBootByItsCount() {
        Settings.Global.putInt(context.contentResolver, Settings.Global.BOOT_COUNT, 7)
        val time = AndroidKeyStore(context).bootTime()
        assertEquals("${BootClock.BOOT_COUNT_PREFIX}7", time.boot)
    }
}
