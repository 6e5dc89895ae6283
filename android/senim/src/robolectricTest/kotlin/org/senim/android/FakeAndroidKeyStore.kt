package org.senim.android

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.StrongBoxUnavailableException
import java.io.InputStream
import java.io.OutputStream
import java.security.Key
import java.security.KeyStoreSpi
import java.security.Provider
import java.security.SecureRandom
import java.security.cert.Certificate
import java.security.spec.AlgorithmParameterSpec
import java.util.Collections
import java.util.Date
import java.util.Enumeration
import javax.crypto.KeyGenerator
import javax.crypto.KeyGeneratorSpi
import javax.crypto.SecretKey

/**
 * A stand-in for the Android Keystore's secure hardware, which Robolectric does not have:
 * a JCA provider named "AndroidKeyStore" with the two services AndroidKeyStore.kt uses,
 * `KeyGenerator.AES` (taking a real [KeyGenParameterSpec]) and `KeyStore.AndroidKeyStore`
 * (load, getKey, containsAlias, deleteEntry). Keys are plain AES keys held in [held], so
 * the JDK's own AES/GCM encrypts with them; the app's code runs unchanged.
 *
 * Like a device, it throws [StrongBoxUnavailableException] from `generateKey()` for a
 * StrongBox key when [strongBox] is false. [specs] records every spec a key was asked
 * with; [keepOnDelete] makes it ignore deletions (a key store that fails to forget).
 */
class FakeAndroidKeyStore(var strongBox: Boolean) : Provider("AndroidKeyStore", "1.0", "test stand-in") {
    /** A key "in the hardware": the key and whether StrongBox holds it. */
    data class HeldKey(val key: SecretKey, val inStrongBox: Boolean)

    val held = Collections.synchronizedMap(LinkedHashMap<String, HeldKey>())
    val specs = Collections.synchronizedList(ArrayList<KeyGenParameterSpec>())

    @Volatile
    var keepOnDelete = false

    init {
        val provider = this
        putService(object : Service(provider, "KeyGenerator", "AES", Generator::class.java.name, null, null) {
            override fun newInstance(constructorParameter: Any?): Any = Generator()
        })
        putService(object : Service(provider, "KeyStore", "AndroidKeyStore", Store::class.java.name, null, null) {
            override fun newInstance(constructorParameter: Any?): Any = Store()
        })
    }

    inner class Generator : KeyGeneratorSpi() {
        private var spec: KeyGenParameterSpec? = null

        override fun engineInit(random: SecureRandom?) =
            throw IllegalStateException("the Android Keystore needs a KeyGenParameterSpec")

        override fun engineInit(params: AlgorithmParameterSpec?, random: SecureRandom?) {
            spec = params as? KeyGenParameterSpec
                ?: throw java.security.InvalidAlgorithmParameterException("not a KeyGenParameterSpec")
        }

        override fun engineInit(keysize: Int, random: SecureRandom?) =
            throw IllegalStateException("the Android Keystore needs a KeyGenParameterSpec")

        override fun engineGenerateKey(): SecretKey {
            val spec = checkNotNull(spec) { "not initialised" }
            specs += spec
            if (spec.isStrongBoxBacked && !strongBox) {
                throw StrongBoxUnavailableException()
            }
            val key = KeyGenerator.getInstance("AES", "SunJCE").apply { init(spec.keySize) }.generateKey()
            held[spec.keystoreAlias] = HeldKey(key, spec.isStrongBoxBacked)
            return key
        }
    }

    inner class Store : KeyStoreSpi() {
        override fun engineLoad(stream: InputStream?, password: CharArray?) = Unit
        override fun engineGetKey(alias: String, password: CharArray?): Key? = held[alias]?.key
        override fun engineContainsAlias(alias: String) = held.containsKey(alias)
        override fun engineIsKeyEntry(alias: String) = held.containsKey(alias)
        override fun engineDeleteEntry(alias: String) {
            if (!keepOnDelete) held.remove(alias)
        }

        override fun engineAliases(): Enumeration<String> = Collections.enumeration(held.keys.toList())
        override fun engineSize() = held.size
        override fun engineGetCertificateChain(alias: String): Array<Certificate>? = null
        override fun engineGetCertificate(alias: String): Certificate? = null
        override fun engineGetCreationDate(alias: String): Date? = null
        override fun engineIsCertificateEntry(alias: String) = false
        override fun engineGetCertificateAlias(cert: Certificate?): String? = null
        override fun engineSetKeyEntry(alias: String, key: Key?, password: CharArray?, chain: Array<out Certificate>?) =
            throw UnsupportedOperationException("keys are generated inside the key store")
        override fun engineSetKeyEntry(alias: String, key: ByteArray?, chain: Array<out Certificate>?) =
            throw UnsupportedOperationException("keys are generated inside the key store")
        override fun engineSetCertificateEntry(alias: String, cert: Certificate?) =
            throw UnsupportedOperationException("no certificates")
        override fun engineStore(stream: OutputStream?, password: CharArray?) =
            throw UnsupportedOperationException("the hardware keeps its keys")
    }
}
