package org.senim.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import org.senim.core.PasscodeStrength

/**
 * First run on this phone: a passcode typed twice (held as chars and wiped after use,
 * never in the state), or a demo vault for training, which needs none.
 */
data class CreateVaultState(
    /** Characters of the passcode entered so far. */
    val entered: Int = 0,
    /** Characters of the confirmation entered so far. */
    val confirmed: Int = 0,
    val working: Boolean = false,
    /** What is being made while [working]: a demo vault. */
    val creatingDemo: Boolean = false,
    /** The vault exists (the app opens it). */
    val created: Boolean = false,
    /** The passcode is shorter than the core's minimum ([CreateVaultViewModel.MIN_PASSCODE_CHARS]). */
    val tooShort: Boolean = false,
    /** The passcodes differ. */
    val mismatch: Boolean = false,
    /**
     * The core's estimate of the passcode typed so far (the strength bar, its mark at
     * `minimumScore`, one line of advice as `adviceKey`); null while nothing is typed. Holds no part
     * of the passcode.
     */
    val strength: PasscodeStrength? = null,
    /** InvalidInput, KeyStore (the Keystore failed), VaultExists ... */
    val error: UiError? = null,
) {
    val canSubmit: Boolean get() = entered > 0 && confirmed > 0 && !working && !created
    val canCreateDemo: Boolean get() = !working && !created
}

class CreateVaultViewModel(
    private val creation: VaultCreation,
    private val scope: CoroutineScope,
    /** The demo vault's generator seed: the same seed gives every trainee the same cases. */
    private val demoSeed: ULong = DEMO_SEED,
    /** About how many synthetic records the demo vault holds. */
    private val demoRecords: UInt = DEMO_RECORDS,
) {
    companion object {
        /** The core's minimum passcode length, in characters (Unicode scalar values). */
        const val MIN_PASSCODE_CHARS = 6

        /** As `senim vault init --demo`'s defaults. */
        const val DEMO_SEED: ULong = 1u
        const val DEMO_RECORDS: UInt = 200u
    }

    private val _state = MutableStateFlow(CreateVaultState())
    val state: StateFlow<CreateVaultState> = _state.asStateFlow()

    private val passcode = PasscodeChars()
    private val confirmation = PasscodeChars()

    fun type(c: Char) = change { passcode.add(c); estimate() }
    fun erase() = change { passcode.remove(); estimate() }
    fun typeConfirmation(c: Char) = change { confirmation.add(c) }
    fun eraseConfirmation() = change { confirmation.remove() }

    /** Forgets what was typed (the app went to the background). */
    fun clear() {
        passcode.wipe()
        confirmation.wipe()
        _state.update { it.copy(entered = 0, confirmed = 0, strength = null) }
    }

    /** The estimate of what is typed now, into the state; the bytes are wiped after. */
    private fun estimate() {
        var bytes: ByteArray? = null
        val strength = if (passcode.length == 0) {
            null
        } else {
            try {
                bytes = passcode.utf8()
                creation.strength(bytes)
            } catch (e: Exception) {
                // A half-typed surrogate pair is not text yet: no estimate until it is.
                null
            } finally {
                bytes?.fill(0)
            }
        }
        _state.update { it.copy(strength = strength) }
    }

    /**
     * Creates a real vault (the KDF is calibrated on this phone: a second or two). A
     * passcode too short or typed differently twice is refused here, before any KDF,
     * and both fields are emptied.
     */
    fun submit(): Job? {
        if (!_state.value.canSubmit) return null
        if (passcode.codePoints() < MIN_PASSCODE_CHARS) {
            clear()
            _state.update { it.copy(tooShort = true, mismatch = false, error = null) }
            return null
        }
        if (!passcode.sameAs(confirmation)) {
            clear()
            _state.update { it.copy(mismatch = true, tooShort = false, error = null) }
            return null
        }
        val bytes = passcode.utf8()
        clear()
        return make(demo = false, cleanup = { bytes.fill(0) }) { creation.create(bytes) }
    }

    /**
     * Creates a demo vault for training instead: synthetic cases, no passcode to choose
     * (its passcode is the public demo one). Anything typed is wiped.
     */
    fun createDemo(): Job? {
        if (!_state.value.canCreateDemo) return null
        clear()
        return make(demo = true, cleanup = {}) { creation.createDemo(demoSeed, demoRecords) }
    }

    private fun make(demo: Boolean, cleanup: () -> Unit, create: suspend () -> Unit): Job {
        _state.update { it.copy(working = true, creatingDemo = demo, error = null, mismatch = false, tooShort = false) }
        return scope.launch {
            try {
                create()
                _state.update { it.copy(working = false, created = true) }
            } catch (e: Exception) {
                val error = UiError.of(e)
                _state.update { it.copy(working = false, creatingDemo = false, error = error) }
            } finally {
                cleanup()
            }
        }
    }

    private fun change(edit: () -> Unit) {
        if (_state.value.working || _state.value.created) return
        edit()
        _state.update {
            it.copy(entered = passcode.length, confirmed = confirmation.length, mismatch = false, tooShort = false, error = null)
        }
    }
}
