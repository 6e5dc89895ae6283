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

    /**
     * Demo and real met: a demo vault and a real team or hub, or the other way round (or
     * a demo-only step on a real vault). Trying again never helps: nothing was mixed.
     */
    val demoMismatch: Boolean get() = kind == ErrorKind.DEMO

    /** What the failure means for the worker, then the core's reason (never personal data). */
    val message: String get() = "${meaning(kind)} ($reason)"

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

        /** One sentence per kind; exhaustive, so a new kind in the API fails the build here. */
        fun meaning(kind: ErrorKind): String = when (kind) {
            ErrorKind.WRONG_PASSCODE -> "Wrong passcode."
            ErrorKind.TOO_MANY_ATTEMPTS -> "Too many wrong passcodes: wait before trying again."
            ErrorKind.LOCKED -> "The vault is locked."
            ErrorKind.NO_VAULT -> "There is no vault on this phone."
            ErrorKind.VAULT_EXISTS -> "A vault already exists on this phone."
            ErrorKind.DAMAGED -> "Some data was altered or damaged."
            ErrorKind.NOT_FOUND -> "Not found."
            ErrorKind.INVALID_INPUT -> "Please check what you entered."
            ErrorKind.CONTENT -> "The screening content is missing or invalid."
            ErrorKind.CONSENT -> "The person's consent does not cover this."
            ErrorKind.INTERVIEW -> "The interview cannot do this now."
            ErrorKind.MEMBERSHIP -> "Team membership problem."
            ErrorKind.ENVELOPE -> "The hub sent data that was refused (altered or forged)."
            ErrorKind.PROTOCOL -> "The hub answered something unexpected."
            ErrorKind.UNREACHABLE -> "The hub could not be reached. Nothing is lost: sync again later."
            ErrorKind.HUB_REFUSED -> "The hub refused the request."
            ErrorKind.KEY_STORE -> "This phone's key store failed."
            ErrorKind.STORAGE -> "The phone's storage failed."
            ErrorKind.WIPED ->
                "This phone's vault was wiped, as the team's policy requires (too many wrong passcodes, " +
                    "or too long without a sync). Set the phone up again with your team lead."
            ErrorKind.DEMO ->
                "Demo and real data never mix: a demo vault works only with demo teams and a demo hub, " +
                    "a real vault only with real ones. Nothing was mixed or changed."
            ErrorKind.INTERNAL -> "Something went wrong."
        }
    }
}
