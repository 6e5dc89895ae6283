package org.senim.app

import android.app.Application
import android.os.SystemClock
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.DefaultLifecycleObserver
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.ProcessLifecycleOwner
import androidx.lifecycle.viewModelScope
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
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
import org.senim.core.SenimVault
import org.senim.core.passcodeStrength
import org.senim.presentation.Clock
import org.senim.presentation.CreateVaultViewModel
import org.senim.presentation.DemoBanner
import org.senim.presentation.DemoResetViewModel
import org.senim.presentation.DuressViewModel
import org.senim.presentation.InterviewViewModel
import org.senim.presentation.NoteEditorViewModel
import org.senim.presentation.PanicWipeState
import org.senim.presentation.PanicWipeViewModel
import org.senim.presentation.RecordsViewModel
import org.senim.presentation.SyncStatus
import org.senim.presentation.SyncViewModel
import org.senim.presentation.TeamViewModel
import org.senim.presentation.UiError
import org.senim.presentation.UnlockViewModel
import org.senim.presentation.VaultCreation
import org.senim.presentation.VaultPorts

/** Where the app is: no vault yet, locked, or unlocked with a session. */
sealed interface Phase {
    data object Starting : Phase

    /**
     * First run on this phone: choose a passcode, or make a demo vault for training.
     * `notice`: said once, when the team's policy wiped the vault at an unlock (Wiped);
     * never after a panic wipe, which leaves nothing that says it happened.
     */
    data class Create(val form: CreateVaultViewModel, val notice: UiError? = null) : Phase

    data class Locked(val unlock: UnlockViewModel) : Phase

    data class Unlocked(val session: Session) : Phase

    /** The vault cannot be opened (damaged, the Keystore lost its key ...). */
    data class Failed(val error: UiError) : Phase
}

/** The screens of an unlocked session. */
sealed interface Destination {
    data object Records : Destination

    /** The note editor: a new note (`id` none) or an existing one. */
    data class Note(val id: String?) : Destination

    data object Interview : Destination
    data object Sync : Destination
    data object Team : Destination

    /** The duress passcode and the panic wipe. */
    data object Settings : Destination

    /** Setting the duress passcode (a real vault only). */
    data object Duress : Destination
}

/**
 * Everything that shows decrypted data lives here, for one unlock: the presentation
 * layer's view models and where the worker is. Locking cancels it and drops it, so no
 * record, note or answer outlives the lock in a screen's state.
 */
class Session(
    private val ports: VaultPorts,
    parent: CoroutineScope,
    private val io: CoroutineDispatcher,
    /** Who records an interview's consent: this device. */
    private val recordedBy: String,
) {
    private val scope = CoroutineScope(parent.coroutineContext + SupervisorJob(parent.coroutineContext[Job]))

    val records = RecordsViewModel(ports, scope, io)
    val editor = NoteEditorViewModel(ports, scope, io)
    val sync = SyncViewModel(ports, scope, io)
    val team = TeamViewModel(ports, scope, io)

    /** Reset to the seeded cases: offered in the menu for a demo vault only. */
    val demo = DemoResetViewModel(ports, scope, io)

    /** The duress passcode, in the settings: offered for a real vault only. */
    val duress = DuressViewModel(ports, scope, io)

    private val _interview = MutableStateFlow<InterviewViewModel?>(null)
    val interview: StateFlow<InterviewViewModel?> = _interview.asStateFlow()

    private val _destination = MutableStateFlow<Destination>(Destination.Records)
    val destination: StateFlow<Destination> = _destination.asStateFlow()

    init {
        records.refresh()
        team.refresh()
        demo.refresh()
        duress.refresh()
        // The days left before the team's wipe for want of a sync, warned of from the start.
        sync.refresh()
        // What a sync brought in shows in the list at once.
        scope.launch {
            sync.state.map { it.status }.filterIsInstance<SyncStatus.Done>().collect { records.refresh() }
        }
    }

    fun go(to: Destination) {
        // Leaving the duress form forgets what was typed in it.
        if (_destination.value == Destination.Duress && to != Destination.Duress) duress.clear()
        when (to) {
            is Destination.Note -> if (to.id == null) editor.new() else editor.edit(to.id)
            Destination.Interview -> _interview.value = InterviewViewModel(ports, scope, io, recordedBy).also { it.load() }
            Destination.Team -> team.refresh()
            Destination.Records -> records.refresh()
            Destination.Sync -> sync.refresh()
            Destination.Settings, Destination.Duress -> duress.refresh()
        }
        _destination.value = to
    }

    /** Back to the records list (which shows what changed meanwhile). */
    fun home() {
        _interview.value = null
        go(Destination.Records)
    }

    /** The reset was confirmed: once done, the list and the team show the seeded state. */
    fun resetDemo() {
        val job = demo.confirm() ?: return
        scope.launch {
            job.join()
            records.refresh()
            team.refresh()
        }
    }

    fun close() {
        duress.clear()
        scope.cancel()
    }
}

/**
 * The app's state across configuration changes: opens (or creates) the vault, unlocks
 * it through the presentation layer's [UnlockViewModel], and holds the [Session] while
 * it is unlocked. Leaving the foreground locks (see also [SenimApplication]).
 */
class AppViewModel(application: Application) : AndroidViewModel(application) {

    private val vaults = (application as SenimApplication).vaults
    private val io: CoroutineDispatcher = Dispatchers.IO

    private val _phase = MutableStateFlow<Phase>(Phase.Starting)
    val phase: StateFlow<Phase> = _phase.asStateFlow()

    /**
     * The demo build's permanent banner (the screening content is not validated yet);
     * none in a build for the field.
     */
    val buildBanner: String? = if (BuildConfig.DEMO) DEMO_BUILD_BANNER else null

    private val _vaultBanner = MutableStateFlow<DemoBanner?>(null)

    /**
     * The permanent demo banner of the open vault, whatever the build: shown above every
     * screen, locked or not, while the vault is a demo vault. From the vault's
     * [UnlockViewModel], which lives as long as the open vault.
     */
    val vaultBanner: StateFlow<DemoBanner?> = _vaultBanner.asStateFlow()

    private val _panic = MutableStateFlow<PanicWipeViewModel?>(null)

    /**
     * The panic wipe of the open vault (or of a vault that does not open), offered from
     * the unlock screen without the passcode and from the settings; none before a vault
     * exists. While it is not idle, the root shows it over every screen.
     */
    val panic: StateFlow<PanicWipeViewModel?> = _panic.asStateFlow()

    private var unlock: UnlockViewModel? = null
    private var session: Session? = null
    private var watching: Job? = null
    private var watchingPanic: Job? = null

    private val background = object : DefaultLifecycleObserver {
        override fun onStop(owner: LifecycleOwner) = onBackground()
    }

    /** First run: the vault is made here, then opened as on every start. */
    private val creation = object : VaultCreation {
        override suspend fun create(passcode: ByteArray) = attach(vaults.create(passcode))
        override suspend fun createDemo(seed: ULong, records: UInt) = attach(vaults.createDemo(seed, records))
        override fun strength(passcode: ByteArray) = passcodeStrength(passcode)
    }

    init {
        ProcessLifecycleOwner.get().lifecycle.addObserver(background)
        viewModelScope.launch {
            try {
                val vault = withContext(io) { vaults.open() }
                if (vault == null) {
                    _phase.value = Phase.Create(CreateVaultViewModel(creation, viewModelScope))
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

    /** The worker read the one-time notice of the first-run screen. */
    fun dismissNotice() {
        val p = _phase.value
        if (p is Phase.Create && p.notice != null) _phase.value = p.copy(notice = null)
    }

    /** A fresh panic wipe for the vault now on the phone; once done, the first-run screen. */
    private fun offerPanicWipe() {
        val panic = PanicWipeViewModel(vaults.panicWipe, viewModelScope)
        _panic.value = panic
        watchingPanic?.cancel()
        watchingPanic = viewModelScope.launch {
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
        _phase.value = Phase.Create(CreateVaultViewModel(creation, viewModelScope), notice)
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
            vaults.directory.path,
            vaults.keyStore,
            // Creating a team: pinned to the fingerprint the lead typed.
            creationTransport = vaults.transport::pinnedTo,
        )
        // The unlock's countdown runs on the time since boot, deep sleep included: the
        // worker cannot shorten it by setting the clock, and it ends on time after sleep.
        val unlock = UnlockViewModel(ports, viewModelScope, io, Clock(SystemClock::elapsedRealtime)).also { this.unlock = it }
        _phase.value = Phase.Locked(unlock)
        offerPanicWipe()
        watching?.cancel()
        watching = viewModelScope.launch {
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
                    val s = Session(ports, viewModelScope, io, recordedBy = device)
                    session = s
                    _phase.value = Phase.Unlocked(s)
                } else {
                    _phase.value = Phase.Locked(unlock)
                }
            }
        }
        unlock.refresh()
    }

    override fun onCleared() {
        ProcessLifecycleOwner.get().lifecycle.removeObserver(background)
        session?.close()
        vaults.lockInBackground()
    }

    private companion object {
        const val DEMO_BUILD_BANNER =
            "Demo build — the screening form and its translations are not validated for field use. " +
                "Practise only; do not record real people."
    }
}
