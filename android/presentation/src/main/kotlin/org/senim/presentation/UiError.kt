package org.senim.presentation

import kotlin.coroutines.cancellation.CancellationException
import org.senim.core.ErrorKind
import org.senim.core.SenimException

/**
 * A failure as a screen shows it: the API's kind (to choose the message and what to
 * offer: unlock again, sync again, correct the field) and its reason (the core's text,
 * which never holds personal data).
 */
data class UiError(val kind: ErrorKind, val reason: String) {
    /** The vault locked underneath the screen: go to the unlock screen. */
    val needsUnlock: Boolean get() = kind == ErrorKind.LOCKED

    /** Trying again later may work (no connection, a busy hub, a pause after wrong passcodes). */
    val retryable: Boolean
        get() = kind == ErrorKind.UNREACHABLE || kind == ErrorKind.HUB_REFUSED || kind == ErrorKind.TOO_MANY_ATTEMPTS

    companion object {
        /**
         * The API's failures keep their kind; anything else (a bug in the app) is
         * INTERNAL. Cancellation is never a failure: it is rethrown.
         */
        fun of(e: Throwable): UiError = when (e) {
            is CancellationException -> throw e
            is SenimException.Failed -> UiError(e.kind, e.reason)
            else -> UiError(ErrorKind.INTERNAL, e.javaClass.simpleName)
        }
    }
}
