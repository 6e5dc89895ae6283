package org.senim.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import org.senim.core.SenimException
import org.senim.core.WipeDeviceSecret
import org.senim.core.WipeSummary

/**
 * The panic wipe, from the unlock screen (no passcode needed: whoever holds the phone
 * can destroy its vault, never read it) and from the settings. One quick gate that
 * cannot fire by accident: the worker types [PanicWipeViewModel.CONFIRMATION_WORD].
 *
 * Idle → [Confirming] → [Wiping] → [Done] (the app then shows the first-run screen,
 * with nothing that says a wipe happened) or [Failed] (try again, by the directory).
 */
sealed interface PanicWipeState {
    /** Nothing asked: the screen it was started from shows. */
    data object Idle : PanicWipeState

    /** The confirmation: `typed` is what the worker typed so far (never a secret). */
    data class Confirming(val typed: String = "") : PanicWipeState {
        /** The word is typed (any case, spaces around it ignored): the wipe may start. */
        val canConfirm: Boolean get() = PanicWipeViewModel.matches(typed)
    }

    /** Running: it waits for a call holding the vault (the app cuts a sync short first). */
    data object Wiping : PanicWipeState

    /** The vault is gone. */
    data class Done(val facts: WipeFacts) : PanicWipeState

    /**
     * The wipe did not finish. [keysDestroyed]: the core says the key material was
     * destroyed, so nothing left can be decrypted (files remain to remove); otherwise
     * the data may still be readable: try again at once.
     */
    data class Failed(val error: UiError, val keysDestroyed: Boolean) : PanicWipeState {
        /**
         * What the worker reads: for the core's `WipeIncomplete`, its own sentence (keys
         * gone or maybe readable); for any other failure, that the data may still be
         * readable, then what failed.
         */
        val summary: String
            get() = when {
                error.failure is SenimException.WipeIncomplete -> error.message
                else -> "The wipe did not finish, and the data may still be readable. Try again now. ${error.message}"
            }
    }
}

/** What a finished wipe did, from the core's `WipeSummary`. */
data class WipeFacts(
    /** Nothing left can be decrypted (always true for a wipe that returned). */
    val keysDestroyed: Boolean,
    /** Vault files removed (the database, its log, the decoy ...). */
    val filesRemoved: Int,
    /** What happened to the device-bound secret in the key store. */
    val deviceSecret: WipeDeviceSecret,
    /** No vault file was found any more (wiped already): nothing to remove. */
    val nothingFound: Boolean = false,
) {
    /**
     * The key store failed to delete the secret, or still holds it: harmless without
     * the vault's files (the key material is destroyed too), but not gone.
     */
    val secretLeft: Boolean
        get() = deviceSecret is WipeDeviceSecret.Failed || deviceSecret == WipeDeviceSecret.StillPresent

    companion object {
        fun of(summary: WipeSummary) = WipeFacts(summary.keysDestroyed, summary.removed.size, summary.deviceSecret)

        /** The directory held no vault any more. */
        val NOTHING_FOUND = WipeFacts(keysDestroyed = true, filesRemoved = 0, deviceSecret = WipeDeviceSecret.Unknown, nothingFound = true)
    }
}

class PanicWipeViewModel(
    private val port: PanicWipe,
    private val scope: CoroutineScope,
) {
    companion object {
        /** Typed to confirm; any case. */
        const val CONFIRMATION_WORD = "WIPE"

        fun matches(typed: String): Boolean = typed.trim().equals(CONFIRMATION_WORD, ignoreCase = true)

        /**
         * Whether a failed wipe still left nothing decryptable: only the core's
         * `WipeIncomplete` with `keysDestroyed` says so; no other failure ever does.
         */
        fun keysDestroyed(error: UiError): Boolean =
            (error.failure as? SenimException.WipeIncomplete)?.keysDestroyed == true
    }

    private val _state = MutableStateFlow<PanicWipeState>(PanicWipeState.Idle)
    val state: StateFlow<PanicWipeState> = _state.asStateFlow()

    /** The worker chose the panic wipe: ask for the word. Nothing once a wipe ran. */
    fun start(): Boolean {
        if (_state.value != PanicWipeState.Idle) return false
        _state.value = PanicWipeState.Confirming()
        return true
    }

    /** What is in the confirmation field. */
    fun type(text: String) {
        if (_state.value !is PanicWipeState.Confirming) return
        _state.value = PanicWipeState.Confirming(text)
    }

    /** Back to where it was started from; only before the wipe starts. */
    fun cancel() {
        if (_state.value is PanicWipeState.Confirming) _state.value = PanicWipeState.Idle
    }

    /** Wipes, once the word is typed; anything else does nothing. */
    fun confirm(): Job? {
        val s = _state.value
        if (s !is PanicWipeState.Confirming || !s.canConfirm) return null
        return run(first = true)
    }

    /** After a wipe that did not finish: again, by the vault's directory. */
    fun retry(): Job? {
        if (_state.value !is PanicWipeState.Failed) return null
        return run(first = false)
    }

    private fun run(first: Boolean): Job {
        _state.value = PanicWipeState.Wiping
        return scope.launch {
            _state.value = try {
                PanicWipeState.Done(wipe(first))
            } catch (e: Exception) {
                val error = UiError.of(e)
                PanicWipeState.Failed(error, keysDestroyed(error))
            }
        }
    }

    /**
     * The open vault first; NoVault there means this object was wiped already (an
     * earlier attempt): then by the directory, where NoVault means no vault file is left.
     */
    private suspend fun wipe(first: Boolean): WipeFacts {
        if (first) {
            try {
                return WipeFacts.of(port.wipe())
            } catch (_: SenimException.NoVault) {
                // Wiped already: by the directory below.
            }
        }
        return try {
            WipeFacts.of(port.wipeAgain())
        } catch (_: SenimException.NoVault) {
            WipeFacts.NOTHING_FOUND
        }
    }
}
