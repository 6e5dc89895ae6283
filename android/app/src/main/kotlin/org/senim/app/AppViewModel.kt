package org.senim.app

import android.app.Application
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
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.senim.core.SenimVault
import org.senim.presentation.InterviewViewModel
import org.senim.presentation.NoteEditorViewModel
import org.senim.presentation.RecordsViewModel
import org.senim.presentation.SyncStatus
import org.senim.presentation.SyncViewModel
import org.senim.presentation.TeamViewModel
import org.senim.presentation.UiError
import org.senim.presentation.UnlockViewModel
import org.senim.presentation.VaultPorts

/** Where the app is: no vault yet, locked, or unlocked with a session. */
sealed interface Phase {
    data object Starting : Phase

    /** First run on this phone: choose a passcode. */
    data class Create(val form: CreateVaultForm) : Phase

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
    val sync = SyncViewModel(ports, scope)
    val team = TeamViewModel(ports, scope, io)

    private val _interview = MutableStateFlow<InterviewViewModel?>(null)
    val interview: StateFlow<InterviewViewModel?> = _interview.asStateFlow()

    private val _destination = MutableStateFlow<Destination>(Destination.Records)
    val destination: StateFlow<Destination> = _destination.asStateFlow()

    init {
        records.refresh()
        team.refresh()
        // What a sync brought in shows in the list at once.
        scope.launch {
            sync.state.map { it.status }.filterIsInstance<SyncStatus.Done>().collect { records.refresh() }
        }
    }

    fun go(to: Destination) {
        when (to) {
            is Destination.Note -> if (to.id == null) editor.new() else editor.edit(to.id)
            Destination.Interview -> _interview.value = InterviewViewModel(ports, scope, io, recordedBy).also { it.load() }
            Destination.Team -> team.refresh()
            Destination.Records -> records.refresh()
            Destination.Sync -> Unit
        }
        _destination.value = to
    }

    /** Back to the records list (which shows what changed meanwhile). */
    fun home() {
        _interview.value = null
        go(Destination.Records)
    }

    fun close() = scope.cancel()
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

    /** The permanent demo banner's text; none in a build for the field. */
    val demoBanner: String? = if (BuildConfig.DEMO) DEMO_BANNER else null

    private var unlock: UnlockViewModel? = null
    private var session: Session? = null
    private var watching: Job? = null

    private val background = object : DefaultLifecycleObserver {
        override fun onStop(owner: LifecycleOwner) = onBackground()
    }

    init {
        ProcessLifecycleOwner.get().lifecycle.addObserver(background)
        viewModelScope.launch {
            try {
                val vault = withContext(io) { vaults.open() }
                if (vault == null) {
                    _phase.value = Phase.Create(CreateVaultForm(viewModelScope, ::create))
                } else {
                    attach(vault)
                }
            } catch (e: Exception) {
                _phase.value = Phase.Failed(UiError.of(e))
            }
        }
    }

    /** The app went to the background: wipe what was typed, lock, drop the session. */
    fun onBackground() {
        when (val p = _phase.value) {
            is Phase.Create -> p.form.clear()
            else -> unlock?.onBackground()
        }
    }

    private suspend fun create(passcode: ByteArray) {
        val vault = vaults.create(passcode)
        attach(vault)
    }

    private fun attach(vault: SenimVault) {
        val ports = VaultPorts(vault, vaults.transport)
        val unlock = UnlockViewModel(ports, viewModelScope, io).also { this.unlock = it }
        _phase.value = Phase.Locked(unlock)
        watching?.cancel()
        watching = viewModelScope.launch {
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
        const val DEMO_BANNER =
            "Demo build — the screening form and its translations are not validated for field use. " +
                "Practise only; do not record real people."
    }
}

/** The first-run form: a passcode typed twice, held as chars and wiped after use. */
class CreateVaultForm(
    private val scope: CoroutineScope,
    private val create: suspend (ByteArray) -> Unit,
) {

    data class State(
        val entered: Int = 0,
        val confirmed: Int = 0,
        val working: Boolean = false,
        /** The passcodes differ. */
        val mismatch: Boolean = false,
        /** INVALID_INPUT (too short ...), KEY_STORE (the Keystore failed) ... */
        val error: UiError? = null,
    ) {
        val canSubmit: Boolean get() = entered > 0 && confirmed > 0 && !working
    }

    private val _state = MutableStateFlow(State())
    val state: StateFlow<State> = _state.asStateFlow()

    private val passcode = Chars()
    private val confirmation = Chars()

    fun type(c: Char) = change { passcode.add(c) }
    fun erase() = change { passcode.remove() }
    fun typeConfirmation(c: Char) = change { confirmation.add(c) }
    fun eraseConfirmation() = change { confirmation.remove() }

    fun clear() {
        passcode.wipe()
        confirmation.wipe()
        _state.update { it.copy(entered = 0, confirmed = 0) }
    }

    /** Creates the vault (the KDF is calibrated on this phone: a second or two). */
    fun submit(): Job? {
        if (!_state.value.canSubmit) return null
        if (!passcode.sameAs(confirmation)) {
            clear()
            _state.update { it.copy(mismatch = true) }
            return null
        }
        val bytes = passcode.utf8()
        clear()
        _state.update { it.copy(working = true, error = null, mismatch = false) }
        return scope.launch {
            try {
                create(bytes)
            } catch (e: Exception) {
                _state.update { it.copy(working = false, error = UiError.of(e)) }
            } finally {
                bytes.fill(0)
            }
        }
    }

    private fun change(edit: () -> Unit) {
        if (_state.value.working) return
        edit()
        _state.update { it.copy(entered = passcode.length, confirmed = confirmation.length, mismatch = false, error = null) }
    }

    /** A growable char buffer that zeroes what it drops. */
    private class Chars {
        private var buffer = CharArray(64)
        var length = 0
            private set

        fun add(c: Char) {
            if (length == buffer.size) {
                val bigger = buffer.copyOf(buffer.size * 2)
                buffer.fill('\u0000')
                buffer = bigger
            }
            buffer[length++] = c
        }

        fun remove() {
            if (length > 0) buffer[--length] = '\u0000'
        }

        fun wipe() {
            buffer.fill('\u0000')
            length = 0
        }

        fun sameAs(other: Chars): Boolean {
            if (length != other.length) return false
            var diff = 0
            for (i in 0 until length) diff = diff or (buffer[i].code xor other.buffer[i].code)
            return diff == 0
        }

        fun utf8(): ByteArray {
            val encoded = Charsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(buffer, 0, length))
            val bytes = ByteArray(encoded.remaining())
            encoded.get(bytes)
            if (encoded.hasArray()) encoded.array().fill(0)
            return bytes
        }
    }
}
