package org.senim.app

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch
import org.senim.presentation.CreateVaultViewModel
import org.senim.presentation.DemoResetViewModel
import org.senim.presentation.DuressViewModel
import org.senim.presentation.InterviewViewModel
import org.senim.presentation.LeadViewModel
import org.senim.presentation.NoteEditorViewModel
import org.senim.presentation.RecordsViewModel
import org.senim.presentation.SyncStatus
import org.senim.presentation.SyncViewModel
import org.senim.presentation.TeamViewModel
import org.senim.presentation.TrainingViewModel
import org.senim.presentation.UiError
import org.senim.presentation.UnlockViewModel
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

    /** Training scenarios, their keys, and practice interviews against them. */
    data object Training : Destination

    /** One of a lead's screens, reached from the team screen. */
    data class Lead(val page: LeadPage) : Destination
}

/** A lead's screens: members, the team's records, quarantine, policy, erasure, report. */
enum class LeadPage { Members, Records, Quarantine, Policy, Erase, Report }

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
    /** The unlock that opened this session upgraded the vault ([org.senim.presentation.UnlockState.upgraded]). */
    upgraded: Boolean = false,
) {
    private val scope = CoroutineScope(parent.coroutineContext + SupervisorJob(parent.coroutineContext[Job]))

    private val _upgradeAdvice = MutableStateFlow(upgraded)

    /**
     * After an upgrade from an earlier version, until dismissed: the advice to set the
     * duress passcode again, shown to every upgraded vault alike (see [org.senim.presentation.UnlockState.upgraded]).
     */
    val upgradeAdvice: StateFlow<Boolean> = _upgradeAdvice.asStateFlow()

    fun dismissUpgradeAdvice() {
        _upgradeAdvice.value = false
    }

    val records = RecordsViewModel(ports, scope, io)
    val editor = NoteEditorViewModel(ports, scope, io)
    val sync = SyncViewModel(ports, scope, io)
    val team = TeamViewModel(ports, scope, io)

    /** A lead's members, quarantine, policy, erasure and report (the team screen offers them to a lead). */
    val lead = LeadViewModel(ports, scope, io)

    /** Reset to the seeded cases: offered in the menu for a demo vault only. */
    val demo = DemoResetViewModel(ports, scope, io)

    /** Training scenarios and practice (practice in a demo vault only). */
    val training = TrainingViewModel(ports, ports, scope, io, recordedBy)

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
            is Destination.Lead, Destination.Training -> Unit
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
