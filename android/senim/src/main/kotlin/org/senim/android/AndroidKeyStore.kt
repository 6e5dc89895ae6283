package org.senim.android

import android.content.Context
import android.os.Build
import android.os.SystemClock
import android.provider.Settings
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.StrongBoxUnavailableException
import java.io.File
import java.io.IOException
import java.io.RandomAccessFile
import java.security.GeneralSecurityException
import java.security.ProviderException
import java.security.KeyStore as JavaKeyStore
import java.security.SecureRandom
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import org.senim.core.BootTime
import org.senim.core.KeyStore
import org.senim.core.SenimException

/**
 * The device-bound secret of a vault, kept by the Android Keystore.
 *
 * For each label the core asks for, a random 32-byte secret is made here and stored in
 * the app's no-backup directory (`noBackupFilesDir/senim-keystore/<label>.secret`),
 * encrypted with AES-256-GCM under a key that lives in the Android Keystore (alias
 * `senim.<label>`): in StrongBox when the device has one, else in the TEE. That key
 * never leaves the secure hardware, so a copy of the app's files (a backup, a forensic
 * image of the storage) does not open the vault anywhere else, even with the passcode.
 * From Android 9 the key is usable only while the phone is unlocked
 * (`setUnlockedDeviceRequired`): a phone taken while locked cannot have it used.
 *
 * The label is bound to the ciphertext as GCM's associated data: a file moved to
 * another label fails to decrypt. An existing label is refused by [createSecret]: the
 * core never replaces a vault's secret, and neither may a caller. [deleteSecret] (a
 * panic wipe) deletes the Keystore key and overwrites and removes the file.
 *
 * It also supplies the boot clock the unlock throttle runs on ([bootTime], ADR 0020):
 * `SystemClock.elapsedRealtime()` with the boot named by `Settings.Global.BOOT_COUNT`
 * ([BootClock]), so setting the phone's clock changes no wait and a reboot starts one
 * again.
 *
 * Errors are [SenimException.KeyStore] (or [SenimException.InvalidInput] for a label
 * that is not one) with a reason that names no secret. Thread-safe.
 */
class AndroidKeyStore(
    context: Context,
    private val random: SecureRandom = SecureRandom(),
) : KeyStore {

    private val resolver = context.applicationContext.contentResolver
    private val clock = BootClock(
        sinceBootMillis = SystemClock::elapsedRealtime,
        bootCount = { Settings.Global.getInt(resolver, Settings.Global.BOOT_COUNT) },
    )

    private val dir = File(context.noBackupFilesDir, DIRECTORY)
    private val lock = Any()

    override fun createSecret(label: String): ByteArray {
        checkLabel(label)
        synchronized(lock) { return create(label) }
    }

    override fun secret(label: String): ByteArray? {
        checkLabel(label)
        synchronized(lock) { return read(label) }
    }

    override fun deleteSecret(label: String) {
        checkLabel(label)
        synchronized(lock) { delete(label) }
    }

    /** Time since boot, deep sleep included, and this boot's name: never the wall clock. */
    override fun bootTime(): BootTime = clock.read()

    private fun create(label: String): ByteArray {
        val file = fileOf(label)
        if (file.exists()) {
            throw failure("a secret already exists for this label")
        }
        ensureDirectory()
        val secret = ByteArray(SECRET_BYTES).also(random::nextBytes)
        try {
            // A key left under this alias by a creation that never wrote its file
            // protects nothing: generating replaces it.
            val key = generateKey(aliasOf(label))
            val sealed = seal(key, label, secret)
            writeAtomically(file, sealed)
            return secret.copyOf()
        } catch (e: GeneralSecurityException) {
            throw failure("the Android Keystore could not protect a new secret (${e.javaClass.simpleName})")
        } catch (e: ProviderException) {
            throw failure("the Android Keystore could not protect a new secret (${e.javaClass.simpleName})")
        } catch (e: IOException) {
            throw failure("the protected secret could not be written (${e.javaClass.simpleName})")
        } finally {
            secret.fill(0)
        }
    }

    private fun read(label: String): ByteArray? {
        val file = fileOf(label)
        if (!file.exists()) {
            return null
        }
        val sealed = try {
            file.readBytes()
        } catch (e: IOException) {
            throw failure("the protected secret could not be read (${e.javaClass.simpleName})")
        }
        val key = try {
            keyStore().getKey(aliasOf(label), null) as SecretKey?
        } catch (e: GeneralSecurityException) {
            throw failure("the Android Keystore could not be read (${e.javaClass.simpleName})")
        } ?: throw failure(
            "the Android Keystore no longer holds the key of this device's secret " +
                "(removed, or the app's data came from another device)",
        )
        try {
            return open(key, label, sealed)
        } catch (e: KeyPermanentlyInvalidatedException) {
            throw failure("the Android Keystore invalidated the key of this device's secret")
        } catch (e: AEADBadTagException) {
            throw failure("the protected secret was altered or belongs to another label")
        } catch (e: GeneralSecurityException) {
            throw failure("the protected secret could not be decrypted (${e.javaClass.simpleName})")
        } catch (e: ProviderException) {
            throw failure("the Android Keystore could not decrypt the secret (${e.javaClass.simpleName})")
        }
    }

    /**
     * The Keystore key first (without it the stored secret cannot be decrypted, and the
     * secure hardware forgets it), then the file, overwritten with random bytes, synced
     * and removed, with a `.tmp` a crash may have left. Every step is tried even when
     * one fails; the first failure is thrown afterwards. A label with nothing stored is
     * not an error.
     */
    private fun delete(label: String) {
        var failed: SenimException.KeyStore? = null
        val alias = aliasOf(label)
        try {
            val store = keyStore()
            if (store.containsAlias(alias)) {
                store.deleteEntry(alias)
            }
            if (store.containsAlias(alias)) {
                failed = failure("the Android Keystore kept the key of this device's secret")
            }
        } catch (e: GeneralSecurityException) {
            failed = failure("the Android Keystore could not delete a key (${e.javaClass.simpleName})")
        } catch (e: ProviderException) {
            failed = failure("the Android Keystore could not delete a key (${e.javaClass.simpleName})")
        } catch (e: IOException) {
            failed = failure("the Android Keystore could not be loaded (${e.javaClass.simpleName})")
        }
        val file = fileOf(label)
        for (f in listOf(file, File(dir, "${file.name}.tmp"))) {
            try {
                shred(f)
            } catch (e: IOException) {
                failed = failed ?: failure("the protected secret could not be removed (${e.javaClass.simpleName})")
            }
        }
        failed?.let { throw it }
    }

    private fun shred(file: File) {
        if (!file.exists()) {
            return
        }
        val length = file.length().coerceIn(0L, MAX_SHRED.toLong()).toInt()
        RandomAccessFile(file, "rw").use { out ->
            out.write(ByteArray(length).also(random::nextBytes))
            out.fd.sync()
        }
        if (!file.delete() && file.exists()) {
            throw IOException("delete failed")
        }
    }

    private fun generateKey(alias: String): SecretKey {
        fun spec(strongBox: Boolean): KeyGenParameterSpec =
            KeyGenParameterSpec.Builder(
                alias,
                KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT,
            )
                .setKeySize(256)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                // The Keystore picks every IV: a caller cannot reuse one.
                .setRandomizedEncryptionRequired(true)
                .apply {
                    if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
                        // Usable only while the phone itself is unlocked: a phone taken
                        // locked cannot have the key used, even by code running on it.
                        setUnlockedDeviceRequired(true)
                        if (strongBox) {
                            setIsStrongBoxBacked(true)
                        }
                    }
                }
                .build()

        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, PROVIDER)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
            try {
                generator.init(spec(strongBox = true))
                return generator.generateKey()
            } catch (e: StrongBoxUnavailableException) {
                // No StrongBox on this device: the TEE below.
            } catch (e: ProviderException) {
                // A StrongBox that refused this key: the TEE below.
            }
        }
        generator.init(spec(strongBox = false))
        return generator.generateKey()
    }

    /** `version (1) ‖ iv (12) ‖ ciphertext and tag`, the label as associated data. */
    private fun seal(key: SecretKey, label: String, secret: ByteArray): ByteArray {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, key)
        cipher.updateAAD(aad(label))
        val iv = cipher.iv
        check(iv.size == IV_BYTES) { "unexpected GCM nonce size" }
        val body = cipher.doFinal(secret)
        return byteArrayOf(FORMAT_VERSION) + iv + body
    }

    private fun open(key: SecretKey, label: String, sealed: ByteArray): ByteArray {
        if (sealed.size != 1 + IV_BYTES + SECRET_BYTES + TAG_BYTES || sealed[0] != FORMAT_VERSION) {
            throw failure("the protected secret is damaged")
        }
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(
            Cipher.DECRYPT_MODE,
            key,
            GCMParameterSpec(TAG_BYTES * 8, sealed, 1, IV_BYTES),
        )
        cipher.updateAAD(aad(label))
        return cipher.doFinal(sealed, 1 + IV_BYTES, sealed.size - 1 - IV_BYTES)
    }

    private fun ensureDirectory() {
        if (!dir.isDirectory && !dir.mkdirs()) {
            throw failure("the key store directory could not be created")
        }
    }

    /** Write beside, sync, rename: a crash leaves the old state or the new one. */
    private fun writeAtomically(file: File, bytes: ByteArray) {
        val temporary = File(dir, "${file.name}.tmp")
        temporary.outputStream().use { out ->
            out.write(bytes)
            out.fd.sync()
        }
        if (!temporary.renameTo(file)) {
            temporary.delete()
            throw IOException("rename failed")
        }
    }

    private fun fileOf(label: String) = File(dir, "$label.secret")

    private fun aliasOf(label: String) = "$ALIAS_PREFIX$label"

    private fun aad(label: String) = "senim-keystore:v1:$label".toByteArray(Charsets.US_ASCII)

    private fun keyStore(): JavaKeyStore = JavaKeyStore.getInstance(PROVIDER).apply { load(null) }

    private companion object {
        const val PROVIDER = "AndroidKeyStore"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val DIRECTORY = "senim-keystore"
        const val ALIAS_PREFIX = "senim."
        const val SECRET_BYTES = 32
        const val IV_BYTES = 12
        const val TAG_BYTES = 16
        const val FORMAT_VERSION: Byte = 1
        const val MAX_LABEL = 128

        /** A stored secret is 61 bytes; a larger file is overwritten this far only. */
        const val MAX_SHRED = 4096

        /** What the core promises: ASCII letters, digits, `-` and `_` (a file name). */
        fun checkLabel(label: String) {
            val valid = label.isNotEmpty() && label.length <= MAX_LABEL && label.all {
                it in 'a'..'z' || it in 'A'..'Z' || it in '0'..'9' || it == '-' || it == '_'
            }
            if (!valid) {
                throw SenimException.InvalidInput("key store label", "ASCII letters, digits, - and _ only")
            }
        }

        fun failure(reason: String) = SenimException.KeyStore(reason)
    }
}
