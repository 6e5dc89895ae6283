package org.senim.app

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.senim.core.KeyStore
import org.senim.core.SenimVault
import org.senim.core.SyncTransport
import org.senim.core.passcodeStrength
import org.senim.presentation.Clock
import org.senim.presentation.CreateVaultViewModel
import org.senim.presentation.DemoBanner
import org.senim.presentation.PanicWipe
import org.senim.presentation.PanicWipeState
import org.senim.presentation.PanicWipeViewModel
import org.senim.presentation.UiError
import org.senim.presentation.UnlockViewModel
import org.senim.presentation.VaultCreation
import org.senim.presentation.VaultPorts

/** What the root screen ([org.senim.app.ui.SenimApp]) shows and sends. */
interface AppState {
    /** No vault yet, locked, unlocked with a session, or a vault that does not open. */
    val phase: StateFlow<Phase>

    /** A demo build: every screen shows its permanent banner (`app-demo-build-banner`). */
    val demoBuild: Boolean

    /** The worker's words in the app's language (the interview's language is its own). */
    val words: StateFlow<Words>

    /** The app's language the worker chose in the settings; none: as on the phone. */
    val appLanguage: StateFlow<String?>

    /** Shows the app in `tag` from now on, and keeps it; none goes back to the phone's languages. */
    fun chooseLanguage(tag: String?)

    /** The open vault's permanent demo banner, locked or not, while it is a demo vault. */
    val vaultBanner: StateFlow<DemoBanner?>

    /** The panic wipe of the vault on the phone; while not idle it covers every screen. */
    val panic: StateFlow<PanicWipeViewModel?>

    /** The worker read the one-time notice of the first-run screen. */
    fun dismissNotice()
}

/**
 * The phone's one vault and its platform services, as the app needs them: on Android
 * the no-backup directory, the Android Keystore and OkHttp (`Vaults` in :app).
 */
interface VaultHome {
    /** The vault's directory. */
    val path: String
    val keyStore: KeyStore
    val transport: SyncTransport

    /** Creating a team: a transport pinned to the certificate fingerprint the lead typed. */
    fun pinnedTransport(hubPin: String?): SyncTransport

    /** The vault, opened locked; none when this device has none yet. Blocking. */
    fun open(): SenimVault?

    /** Creates the vault; returned unlocked. */
    suspend fun create(passcode: ByteArray): SenimVault

    /** Creates a demo vault for training instead, in the same place; returned unlocked. */
    suspend fun createDemo(seed: ULong, records: UInt): SenimVault

    /** The panic wipe, without the passcode, of the open vault or of its directory. */
    val panicWipe: PanicWipe

    /** After a wipe: the vault object is inert; close it, so the next open starts afresh. */
    fun forget()

    /** Locks the open vault, off the caller's thread. */
    fun lockInBackground()
}

/**
 * The app's state: opens (or creates) the vault, unlocks it through the presentation
 * layer's [UnlockViewModel], and holds the [Session] while it is unlocked. The platform
 * owns it (`AppViewModel` on Android) and calls [onBackground] when the app leaves the
 * foreground and [close] at the end.
 *
 * `bootClock`: the time since boot in milliseconds, deep sleep included, for the
 * unlock's countdown (the worker cannot shorten it by setting the clock).
 * `language`: the app's language the worker chose, kept outside the vault;
 * `phoneLanguages`: the phone's languages, most wanted first, for when none was chosen.
 */
class AppController(
    private val vaults: VaultHome,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
    private val bootClock: Clock,
    override val demoBuild: Boolean,
    private val language: LanguagePreference,
    private val phoneLanguages: () -> List<String>,
) : AppState {

    private val _appLanguage = MutableStateFlow(language.load()?.takeIf(::known))
    override val appLanguage: StateFlow<String?> = _appLanguage.asStateFlow()

    private val _words = MutableStateFlow(wordsFor(_appLanguage.value))
    override val words: StateFlow<Words> = _words.asStateFlow()

    override fun chooseLanguage(tag: String?) {
        val chosen = tag?.takeIf(::known)
        language.save(chosen)
        _appLanguage.value = chosen
        _words.value = wordsFor(chosen)
    }

    private fun wordsFor(tag: String?): Words = if (tag != null) Words.of(tag) else Words.negotiated(phoneLanguages())

    /** A kept tag Senim no longer knows (or a damaged preference) counts as none chosen. */
    private fun known(tag: String): Boolean = Words.languages().any { it.tag == tag }

    private val _phase = MutableStateFlow<Phase>(Phase.Starting)
    override val phase: StateFlow<Phase> = _phase.asStateFlow()

    private val _vaultBanner = MutableStateFlow<DemoBanner?>(null)

    /**
     * From the vault's [UnlockViewModel], which lives as long as the open vault.
     */
    override val vaultBanner: StateFlow<DemoBanner?> = _vaultBanner.asStateFlow()

    private val _panic = MutableStateFlow<PanicWipeViewModel?>(null)

    /**
     * Offered from the unlock screen without the passcode and from the settings; none
     * before a vault exists.
     */
    override val panic: StateFlow<PanicWipeViewModel?> = _panic.asStateFlow()

    private var unlock: UnlockViewModel? = null
    private var session: Session? = null
    private var watching: Job? = null
    private var watchingPanic: Job? = null

    /** First run: the vault is made here, then opened as on every start. */
    private val creation = object : VaultCreation {
        override suspend fun create(passcode: ByteArray) = attach(vaults.create(passcode))
        override suspend fun createDemo(seed: ULong, records: UInt) = attach(vaults.createDemo(seed, records))
        override fun strength(passcode: ByteArray) = passcodeStrength(passcode)
    }

    init {
        scope.launch {
            try {
                val vault = withContext(io) { vaults.open() }
                if (vault == null) {
                    _phase.value = Phase.Create(CreateVaultViewModel(creation, scope))
                } else {
                    attach(vault)
                }
            } catch (e: Exception) {
                _phase.value = Phase.Failed(UiError.of(e))
                // A vault that does not open can still be wiped, by its directory.
                offerPanicWipe()
            }
        }
    }

    override fun dismissNotice() {
        val p = _phase.value
        if (p is Phase.Create && p.notice != null) _phase.value = p.copy(notice = null)
    }

    /** A fresh panic wipe for the vault now on the phone; once done, the first-run screen. */
    private fun offerPanicWipe() {
        val panic = PanicWipeViewModel(vaults.panicWipe, scope)
        _panic.value = panic
        watchingPanic?.cancel()
        watchingPanic = scope.launch {
            panic.state.filterIsInstance<PanicWipeState.Done>().first()
            afterWipe(notice = null)
        }
    }

    /**
     * The vault is gone (a panic wipe, or the team's policy at an unlock): drop the
     * session and everything of the old vault, and show the first-run screen, with the
     * policy's one-time notice, or nothing at all after a panic wipe.
     */
    private fun afterWipe(notice: UiError?) {
        session?.close()
        session = null
        unlock = null
        _vaultBanner.value = null
        vaults.forget()
        _panic.value = null
        _phase.value = Phase.Create(CreateVaultViewModel(creation, scope), notice)
        // Last: one of these may be the coroutine running this.
        watching?.cancel()
        watchingPanic?.cancel()
    }

    /** The app went to the background: wipe what was typed, lock, drop the session. */
    fun onBackground() {
        // A wipe not yet confirmed is dropped; one running goes on.
        _panic.value?.cancel()
        when (val p = _phase.value) {
            is Phase.Create -> p.form.clear()
            else -> unlock?.onBackground()
        }
    }

    private fun attach(vault: SenimVault) {
        val ports = VaultPorts(
            vault,
            vaults.transport,
            vaults.path,
            vaults.keyStore,
            // Creating a team: pinned to the fingerprint the lead typed.
            creationTransport = vaults::pinnedTransport,
        )
        val unlock = UnlockViewModel(ports, scope, io, bootClock).also { this.unlock = it }
        _phase.value = Phase.Locked(unlock)
        offerPanicWipe()
        watching?.cancel()
        watching = scope.launch {
            launch {
                unlock.state.map { it.banner }.distinctUntilChanged().collect { _vaultBanner.value = it }
            }
            launch {
                // The team's policy wiped the vault at this unlock: it is gone.
                val wiped = unlock.state.mapNotNull { it.wiped }.first()
                afterWipe(notice = wiped)
            }
            unlock.state.map { it.unlocked }.distinctUntilChanged().collect { unlocked ->
                session?.close()
                session = null
                if (unlocked) {
                    val device = try {
                        withContext(io) { vault.summary().deviceId }
                    } catch (e: Exception) {
                        "this device"
                    }
                    val s = Session(ports, scope, io, recordedBy = device, upgraded = unlock.state.value.upgraded)
                    session = s
                    _phase.value = Phase.Unlocked(s)
                } else {
                    _phase.value = Phase.Locked(unlock)
                }
            }
        }
        unlock.refresh()
    }

    /** The owner is gone: drop the session and lock the vault. */
    fun close() {
        session?.close()
        vaults.lockInBackground()
    }
}
