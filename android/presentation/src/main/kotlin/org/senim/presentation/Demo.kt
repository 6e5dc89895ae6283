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
import org.senim.core.DemoContents

/**
 * The permanent demo banner: shown above every screen (the unlock screen included)
 * while the open vault is a demo vault. It has no close action and nothing in the
 * state dismisses it: only a vault that is not a demo has none. From
 * [UnlockState.banner], whose view model lives as long as the open vault.
 */
data class DemoBanner(val text: String) {
    companion object {
        /** Over a demo vault (the core's `isDemo`). */
        val DEMO_VAULT = DemoBanner("DEMO — synthetic training data")
    }
}

/**
 * Resetting a demo vault to its seeded state, from the session's menu. Offered only for
 * a demo vault, and only after a confirmation: everything added since (notes,
 * interviews, a team joined) is erased.
 */
data class DemoResetState(
    /** The vault is a demo: show the action. Never for a real vault. */
    val offered: Boolean = false,
    /** The confirmation is showing. */
    val confirming: Boolean = false,
    val working: Boolean = false,
    /** What the last reset put back (counts by kind and level), to say so. */
    val done: DemoContents? = null,
    /** Locked (the vault locked underneath), Demo (not a demo vault), Storage ... */
    val error: UiError? = null,
)

class DemoResetViewModel(
    private val demo: DemoReset,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
) {
    private val _state = MutableStateFlow(DemoResetState())
    val state: StateFlow<DemoResetState> = _state.asStateFlow()

    /** Reads whether the vault is a demo (the action is offered only then). */
    fun refresh(): Job = scope.launch {
        try {
            val isDemo = withContext(io) { demo.isDemo() }
            _state.update { it.copy(offered = isDemo, confirming = it.confirming && isDemo) }
        } catch (e: Exception) {
            val error = UiError.of(e)
            _state.update { it.copy(error = error) }
        }
    }

    /** The worker chose "Reset the demo": ask first. Nothing for a real vault. */
    fun ask(): Boolean {
        val s = _state.value
        if (!s.offered || s.working) return false
        _state.update { it.copy(confirming = true, done = null, error = null) }
        return true
    }

    fun cancel() = _state.update { it.copy(confirming = false) }

    /** The worker read the outcome (what was put back, or why not). */
    fun dismiss() = _state.update { it.copy(done = null, error = null) }

    /** Confirmed: back to the seeded state. Only after [ask]. */
    fun confirm(): Job? {
        val s = _state.value
        if (!s.offered || !s.confirming || s.working) return null
        _state.update { it.copy(confirming = false, working = true, error = null) }
        return scope.launch {
            try {
                val contents = demo.resetDemo()
                _state.update { it.copy(working = false, done = contents) }
            } catch (e: Exception) {
                val error = UiError.of(e)
                _state.update { it.copy(working = false, error = error) }
            }
        }
    }
}
