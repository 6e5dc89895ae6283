package org.senim.app

import android.app.Application
import androidx.lifecycle.DefaultLifecycleObserver
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.ProcessLifecycleOwner
import java.io.File
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import org.senim.android.AndroidKeyStore
import org.senim.android.OkHttpSyncTransport
import org.senim.core.SenimException
import org.senim.core.SenimVault
import org.senim.core.WipeSummary
import org.senim.core.wipeVaultAt
import org.senim.core.SyncTransport
import org.senim.presentation.PanicWipe

/**
 * The process: one vault, its platform services, and the auto-lock.
 *
 * When the app leaves the foreground (its last activity stops: home button, another
 * app, the screen turned off) the vault is locked, whatever screen was open and even if
 * no activity is left: the core wipes its keys, and a passcode is needed again.
 */
class SenimApplication : Application() {

    lateinit var vaults: Vaults
        private set

    override fun onCreate() {
        super.onCreate()
        vaults = Vaults(this)
        ProcessLifecycleOwner.get().lifecycle.addObserver(object : DefaultLifecycleObserver {
            override fun onStop(owner: LifecycleOwner) = vaults.lockInBackground()
        })
    }
}

/**
 * The app's one vault, in the no-backup directory, opened with the Android Keystore
 * and synced over OkHttp.
 */
class Vaults(application: Application) : VaultHome {

    /** `noBackupFilesDir`: never in a backup or a device transfer, whatever the rules. */
    private val directory: File = File(application.noBackupFilesDir, "vault")

    override val path: String get() = directory.path

    override val keyStore = AndroidKeyStore(application)
    @Volatile
    private var vault: SenimVault? = null

    /** Pins the team's hub certificate; plain HTTP only on loopback or for a demo. */
    override val transport = OkHttpSyncTransport(hubPolicy = {
        vault?.let { v ->
            runCatching { OkHttpSyncTransport.HubPolicy(v.team()?.hubPin, v.summary().demo) }.getOrNull()
        }
    })

    // Locks run here, off the main thread: a lock waits for the call holding the vault
    // (a sync may take a while) and must not block the UI.
    private val locker: ExecutorService = Executors.newSingleThreadExecutor { r ->
        Thread(r, "senim-lock").apply { isDaemon = true }
    }

    override fun pinnedTransport(hubPin: String?): SyncTransport = transport.pinnedTo(hubPin)

    /** The vault, opened locked; none when this device has none yet. Blocking. */
    override fun open(): SenimVault? {
        vault?.let { return it }
        return try {
            SenimVault.open(directory.path, keyStore).also { vault = it }
        } catch (_: SenimException.NoVault) {
            null
        }
    }

    /** Creates the vault (device-bound: passcode and this phone's Keystore); returned unlocked. */
    override suspend fun create(passcode: ByteArray): SenimVault {
        // The core makes the directory itself, private to the app (mode 0700).
        return SenimVault.create(directory.path, passcode, keyStore).also { vault = it }
    }

    /**
     * Creates a demo vault for training instead, in the same place: synthetic cases from
     * the seeded generator, the public demo passcode, no Keystore secret (nothing in it
     * is worth binding to the phone). Returned unlocked; [open] opens it like any vault.
     */
    override suspend fun createDemo(seed: ULong, records: UInt): SenimVault =
        SenimVault.createDemo(directory.path, seed, records).also { vault = it }

    /**
     * Panic wipe of this phone's vault, without the passcode: any sync in flight is cut
     * short first (the wipe waits for the call holding the vault), then the open vault
     * is wiped, or, when none is open (it does not open, or a wipe did not finish), its
     * directory. Through the presentation layer's [PanicWipe] port.
     */
    override val panicWipe: PanicWipe = object : PanicWipe {
        override suspend fun wipe(): WipeSummary {
            transport.cancelAll()
            return vault?.wipe() ?: wipeVaultAt(directory.path, keyStore)
        }

        override suspend fun wipeAgain(): WipeSummary {
            transport.cancelAll()
            return wipeVaultAt(directory.path, keyStore)
        }
    }

    /**
     * After a wipe (the panic wipe, or the team's policy at an unlock): the vault object
     * is inert; close it, so that [open] and [create] start afresh.
     */
    override fun forget() {
        val v = vault ?: return
        vault = null
        locker.execute { runCatching { v.close() } }
    }

    override fun lockInBackground() {
        val v = vault ?: return
        locker.execute {
            // Idempotent; a failure to log the lock still wipes the keys.
            runCatching { v.lock() }
        }
    }
}
