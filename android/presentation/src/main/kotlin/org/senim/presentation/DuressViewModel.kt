package org.senim.presentation

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.senim.core.DuressChoice

/** Why the form refused a duress passcode before asking the core. */
enum class DuressProblem(val message: String) {
    TOO_SHORT("The duress passcode needs at least ${CreateVaultViewModel.MIN_PASSCODE_CHARS} characters: enter it again."),
    MISMATCH("The two duress passcodes differ: enter them again."),
    SAME_AS_PASSCODE("The duress passcode must differ from your passcode: choose another one."),
}

/**
 * Setting the duress passcode, from the settings of an unlocked real vault: the current
 * passcode, the duress passcode twice, and what a duress unlock does to the real vault
 * (destroy or hide). The three are held as chars and wiped after use, never in the state
 * (only their lengths). Not offered for a demo vault (its passcode is public).
 */
data class DuressState(
    /** A real vault: the form is offered. Never for a demo vault. */
    val offered: Boolean = false,
    /** Characters of the current passcode entered so far. */
    val current: Int = 0,
    /** Characters of the duress passcode entered so far. */
    val duress: Int = 0,
    /** Characters of its confirmation entered so far. */
    val confirmed: Int = 0,
    /** What a duress unlock does; the worker chooses, there is no default. */
    val mode: DuressChoice? = null,
    val working: Boolean = false,
    /** The duress passcode is set, with this mode (the fields are empty again). */
    val done: DuressChoice? = null,
    /** Refused by the form, before any KDF. */
    val problem: DuressProblem? = null,
    /** WrongPasscode (the current passcode), TooManyAttempts, Locked, InvalidInput ... */
    val error: UiError? = null,
) {
    val canSubmit: Boolean
        get() = offered && current > 0 && duress > 0 && confirmed > 0 && mode != null && !working
}

class DuressViewModel(
    private val setup: DuressSetup,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
) {
    companion object {
        /** One line per choice, for the screen. */
        fun explanation(mode: DuressChoice): String = when (mode) {
            DuressChoice.DESTROY ->
                "Destroy: the duress passcode opens a harmless decoy and destroys your records' keys on this " +
                    "phone for good. Not even your passcode brings them back; what was synced stays with the team."
            DuressChoice.HIDE ->
                "Hide: the duress passcode opens a harmless decoy and leaves your records hidden; your " +
                    "passcode opens them again later."
        }

        fun title(mode: DuressChoice): String = when (mode) {
            DuressChoice.DESTROY -> "Destroy the real records"
            DuressChoice.HIDE -> "Hide the real records"
        }
    }

    private val _state = MutableStateFlow(DuressState())
    val state: StateFlow<DuressState> = _state.asStateFlow()

    private val current = PasscodeChars()
    private val duress = PasscodeChars()
    private val confirmation = PasscodeChars()

    /** Reads whether the vault is a demo (the form is offered only for a real one). */
    fun refresh(): Job = scope.launch {
        try {
            val demo = withContext(io) { setup.isDemo() }
            _state.update { it.copy(offered = !demo) }
        } catch (e: Exception) {
            val error = UiError.of(e)
            _state.update { it.copy(error = error) }
        }
    }

    fun typeCurrent(c: Char) = change { current.add(c) }
    fun eraseCurrent() = change { current.remove() }
    fun typeDuress(c: Char) = change { duress.add(c) }
    fun eraseDuress() = change { duress.remove() }
    fun typeConfirmation(c: Char) = change { confirmation.add(c) }
    fun eraseConfirmation() = change { confirmation.remove() }

    fun choose(mode: DuressChoice) {
        if (_state.value.working) return
        _state.update { it.copy(mode = mode, done = null, error = null) }
    }

    /** Forgets what was typed (the app went to the background, or the screen closed). */
    fun clear() {
        current.wipe()
        duress.wipe()
        confirmation.wipe()
        _state.update { it.copy(current = 0, duress = 0, confirmed = 0) }
    }

    /**
     * Sets the duress passcode (a KDF run). A duress passcode too short, typed
     * differently twice, or equal to the current passcode is refused here, before any
     * KDF, and its two fields are emptied. Every field is wiped once the core has them.
     */
    fun submit(): Job? {
        val s = _state.value
        if (!s.canSubmit) return null
        val mode = s.mode ?: return null
        val problem = when {
            duress.codePoints() < CreateVaultViewModel.MIN_PASSCODE_CHARS -> DuressProblem.TOO_SHORT
            !duress.sameAs(confirmation) -> DuressProblem.MISMATCH
            duress.sameAs(current) -> DuressProblem.SAME_AS_PASSCODE
            else -> null
        }
        if (problem != null) {
            duress.wipe()
            confirmation.wipe()
            _state.update { it.copy(duress = 0, confirmed = 0, problem = problem, error = null) }
            return null
        }
        val currentBytes = current.utf8()
        val duressBytes = duress.utf8()
        clear()
        _state.update { it.copy(working = true, problem = null, error = null, done = null) }
        return scope.launch {
            try {
                setup.setDuressPasscode(currentBytes, duressBytes, mode)
                _state.update { it.copy(working = false, done = mode) }
            } catch (e: Exception) {
                val error = UiError.of(e)
                _state.update { it.copy(working = false, error = error) }
            } finally {
                currentBytes.fill(0)
                duressBytes.fill(0)
            }
        }
    }

    private fun change(edit: () -> Unit) {
        if (_state.value.working) return
        edit()
        _state.update {
            it.copy(
                current = current.length, duress = duress.length, confirmed = confirmation.length,
                problem = null, error = null, done = null,
            )
        }
    }
}
