package org.senim.desktop

import java.nio.file.Files
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import org.senim.android.OkHttpSyncTransport
import org.senim.app.VaultHome
import org.senim.core.KeyStore
import org.senim.core.SenimException
import org.senim.core.SenimVault
import org.senim.core.SyncTransport
import org.senim.core.WipeSummary
import org.senim.core.wipeVaultAt
import org.senim.presentation.PanicWipe

/**
 * The desktop's one vault: in [Places.vault], bound to the software [FileKeyStore] in
 * [Places.keyStore] (a desktop has no hardware key store), and synced over OkHttp with
 * the team's hub certificate pinned, as on Android (`OkHttpSyncTransport`: an
 * `https://` hub only with its pin, plain `http://` only to this computer or for a demo
 * vault).
 */
class DesktopVaults(
    private val places: Places,
    override val keyStore: KeyStore = FileKeyStore(places.keyStore),
) : VaultHome {
    override val path: String = places.vault.toString()

    @Volatile
    private var vault: SenimVault? = null

    override val transport = OkHttpSyncTransport(hubPolicy = {
        vault?.let { v ->
            runCatching { OkHttpSyncTransport.HubPolicy(v.team()?.hubPin, v.summary().demo) }.getOrNull()
        }
    })

    // Locks run here, off the event thread: a lock waits for the call holding the vault.
    private val locker: ExecutorService = Executors.newSingleThreadExecutor { r ->
        Thread(r, "senim-lock").apply { isDaemon = true }
    }

    init {
        // The core makes the vault's own directory (owner-only); its parent must exist.
        places.vault.parent?.let { Files.createDirectories(it) }
    }

    override fun pinnedTransport(hubPin: String?): SyncTransport = transport.pinnedTo(hubPin)

    override fun open(): SenimVault? {
        vault?.let { return it }
        return try {
            SenimVault.open(path, keyStore).also { vault = it }
        } catch (_: SenimException.NoVault) {
            null
        }
    }

    override suspend fun create(passcode: ByteArray): SenimVault = SenimVault.create(path, passcode, keyStore).also { vault = it }

    override suspend fun createDemo(seed: ULong, records: UInt): SenimVault =
        SenimVault.createDemo(path, seed, records).also { vault = it }

    override val panicWipe: PanicWipe = object : PanicWipe {
        override suspend fun wipe(): WipeSummary {
            transport.cancelAll()
            return vault?.wipe() ?: wipeVaultAt(path, keyStore)
        }

        override suspend fun wipeAgain(): WipeSummary {
            transport.cancelAll()
            return wipeVaultAt(path, keyStore)
        }
    }

    override fun forget() {
        val v = vault ?: return
        vault = null
        locker.execute { runCatching { v.close() } }
    }

    override fun lockInBackground() {
        val v = vault ?: return
        locker.execute { runCatching { v.lock() } }
    }

    /** At exit: locks the vault now, on the caller's thread. */
    fun lockNow() {
        vault?.let { runCatching { it.lock() } }
    }
}
