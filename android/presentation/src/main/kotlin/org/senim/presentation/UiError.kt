package org.senim.presentation

import kotlin.coroutines.cancellation.CancellationException
import org.senim.core.ConsentScope
import org.senim.core.ContentProblem
import org.senim.core.PasscodeProblem
import org.senim.core.SenimException

/**
 * A failure as a screen shows it: the API's typed error, whose variant decides what to
 * say and what to offer (unlock again, sync again, correct a field, wait), and whose
 * fields fill the sentence (failed attempts, seconds to wait, the hub's status and code,
 * the field, the consent scope).
 *
 * [message] is one worker-facing sentence per variant, built from its fields only. The
 * core's `reason` (a developer's line for logs, which never holds personal data) is
 * never shown: a screen that showed it after the meaning would say the same thing twice.
 */
data class UiError(val failure: SenimException) {
    /** The vault locked underneath the screen: go to the unlock screen. */
    val needsUnlock: Boolean get() = failure is SenimException.Locked

    /**
     * Trying again later may work: no connection, a hub that is busy, failing or took
     * another change first, a pause after wrong passcodes.
     */
    val retryable: Boolean
        get() = when (val f = failure) {
            is SenimException.Unreachable, is SenimException.TooManyAttempts,
            is SenimException.Interrupted -> true
            is SenimException.HubRefused -> f.status.toInt() >= 500 || f.code in RETRY_CODES
            else -> false
        }

    /**
     * Demo and real met: a demo vault and a real team or hub, or the other way round (or
     * a demo-only step on a real vault). Trying again never helps: nothing was mixed.
     */
    val demoMismatch: Boolean
        get() = failure is SenimException.Demo ||
            (failure is SenimException.HubRefused && failure.code == HubCode.DEMO_MISMATCH)

    /** This phone is not (or no longer) a member who may do this: the team screen helps. */
    val teamProblem: Boolean
        get() = failure is SenimException.Membership ||
            (failure is SenimException.HubRefused && failure.code == HubCode.FORBIDDEN)

    /** The one sentence the worker reads, in English (logs-free tests, the iOS twin). */
    val message: String get() = messageOf(failure)

    /**
     * The same sentence as the catalog's key and variables, which the screens say in the
     * app's language; the English catalog reads exactly [message] (a test checks every variant).
     */
    val sentence: Sentence get() = sentenceOf(failure)

    /** The hub's stable error codes the apps treat apart (docs/hub.md). */
    object HubCode {
        const val UNAUTHENTICATED = "unauthenticated"
        const val FORBIDDEN = "forbidden"
        const val DEMO_MISMATCH = "demo_mismatch"
        const val NOT_FOUND = "not_found"
        const val CONFLICT = "conflict"
        const val TOO_LARGE = "too_large"
        const val RATE_LIMITED = "rate_limited"
        const val ENVELOPE_REJECTED = "envelope_rejected"
        const val MEMBERSHIP_REJECTED = "membership_rejected"
        const val ORDER_REJECTED = "order_rejected"
        const val BUSY = "busy"
    }

    companion object {
        /**
         * The API's failures keep their variant; anything else (a bug in the app) is
         * [SenimException.Internal] named by its class. Cancellation is never a failure:
         * it is rethrown.
         */
        fun of(e: Throwable): UiError = when (e) {
            is CancellationException -> throw e
            is SenimException -> UiError(e)
            else -> UiError(SenimException.Internal(e.javaClass.simpleName))
        }

        private val RETRY_CODES = setOf(HubCode.CONFLICT, HubCode.RATE_LIMITED, HubCode.BUSY)

        private const val DEMO_MIX =
            "Demo and real data never mix: a demo vault works only with demo teams and a demo hub, " +
                "a real vault only with real ones. Nothing was mixed or changed."

        /** "0:42", "5:00", "1:00:00": a wait as the unlock screen counts it down. */
        fun clockText(seconds: Long): String {
            val s = seconds.coerceAtLeast(0)
            val h = s / 3600
            val m = (s % 3600) / 60
            val sec = s % 60
            return if (h > 0) "%d:%02d:%02d".format(h, m, sec) else "%d:%02d".format(m, sec)
        }

        /** The pause after wrong passcodes, with [seconds] still to wait. */
        fun waitMessage(seconds: Long): String = "Too many wrong passcodes. Try again in ${clockText(seconds)}."

        /** What the worker is asked to check, by the core's field name; none for a field the worker never types. */
        fun fieldLabel(field: String): String? = when (field) {
            "text" -> "the note's text"
            "place" -> "the place"
            "tags" -> "the tags"
            "location" -> "the location"
            "subject" -> "the person the note is about"
            "passcode" -> "the passcode"
            "duress passcode" -> "the duress passcode"
            "search" -> "the search words"
            "answer" -> "the answer"
            "language" -> "the language"
            "welcome code" -> "the welcome code"
            "join request" -> "the join request"
            "call sign" -> "the name"
            "team name" -> "the team name"
            "hub address" -> "the hub address"
            "scopes" -> "the consent"
            "from" -> "the first day"
            "to" -> "the last day"
            "worker" -> "the worker"
            else -> null
        }

        private fun scopeName(scope: ConsentScope): String = when (scope) {
            ConsentScope.SCREENING -> "screening"
            ConsentScope.REFERRAL -> "referral"
            ConsentScope.SHARING -> "sharing"
        }

        private fun contentName(what: String): String = when (what) {
            "form", "rule set", "services directory" -> "The $what"
            else -> "The screening content"
        }

        /** What is wrong with a refused new passcode, and what to do instead. */
        fun passcodeProblemText(problem: PasscodeProblem): String = when (problem) {
            PasscodeProblem.TOO_SHORT -> "The passcode is too short: use at least 6 characters."
            PasscodeProblem.COMMON -> "This passcode is one of the most common ones: choose one nobody would guess."
            PasscodeProblem.REPEATED_CHARACTER ->
                "The passcode repeats one character: choose one that is harder to guess."
            PasscodeProblem.SEQUENCE ->
                "The passcode is a run like 123456 or abcdef: choose one that is harder to guess."
            PasscodeProblem.REPEATED_GROUP ->
                "The passcode repeats a short group like 1212: choose one that is harder to guess."
            PasscodeProblem.TOO_WEAK ->
                "The passcode is too easy to guess: make it longer, for example with another word."
        }

        /**
         * Why an answer does not fit its question, in English, from the core's catalog key
         * (`common-answer-…`) and values: the English twin of what the screens say from the
         * catalog (a test holds the two equal).
         */
        fun answerProblemText(key: String, values: Map<String, String>): String {
            val min = values["min"]
            val max = values["max"]
            return when (key) {
                "common-answer-wrong-type" -> "the question expects " + when (values["expected"]) {
                    "yes_no" -> "yes, no, unknown or declined"
                    "single_choice" -> "one of its options"
                    "multiple_choice" -> "some of its options"
                    "integer" -> "a whole number"
                    "date" -> "a date"
                    "country" -> "a country code"
                    else -> "a text"
                }
                "common-answer-not-yes-no" -> "expected yes, no, unknown or declined"
                "common-answer-not-whole-number" -> "expected a whole number"
                "common-answer-not-date" -> "expected a date as YYYY-MM-DD"
                "common-answer-not-country-code" -> "expected an ISO 3166-1 alpha-2 code such as KZ"
                "common-answer-unknown-option" -> "not one of the question's options"
                "common-answer-no-option" -> "pick at least one option"
                "common-answer-empty" -> "must not be empty"
                "common-answer-length" -> "length must be between $min and $max characters"
                "common-answer-length-at-least" -> "length must be at least $min characters"
                "common-answer-out-of-range" -> "must be between $min and $max"
                "common-answer-at-most" -> "must be at most $max"
                "common-answer-at-least" -> "must be at least $min"
                "common-answer-date-out-of-range" -> "date is outside the allowed range"
                else -> "it is not what the question takes"
            }
        }

        /** The pause after wrong passcodes as a sentence of the catalog. */
        fun waitSentence(seconds: Long): Sentence = Sentence("app-error-wait", "time" to clockText(seconds))

        /** The catalog's word for a field the worker types, by the core's field name. */
        private fun fieldKey(field: String): String? = fieldLabel(field)?.let { "app-error-field-" + field.replace(' ', '-') }

        private fun contentKind(what: String): String = when (what) {
            "form" -> "form"
            "rule set" -> "rules"
            "services directory" -> "services"
            else -> "other"
        }

        private fun passcodeProblemKey(problem: PasscodeProblem): String = when (problem) {
            PasscodeProblem.TOO_SHORT -> "app-error-passcode-too-short"
            PasscodeProblem.COMMON -> "app-error-passcode-common"
            PasscodeProblem.REPEATED_CHARACTER -> "app-error-passcode-repeated-character"
            PasscodeProblem.SEQUENCE -> "app-error-passcode-sequence"
            PasscodeProblem.REPEATED_GROUP -> "app-error-passcode-repeated-group"
            PasscodeProblem.TOO_WEAK -> "app-error-passcode-too-weak"
        }

        private fun hubSentence(f: SenimException.HubRefused): Sentence = when (f.code) {
            HubCode.UNAUTHENTICATED -> Sentence("app-error-hub-unauthenticated")
            HubCode.FORBIDDEN -> Sentence("app-error-hub-forbidden")
            HubCode.DEMO_MISMATCH -> Sentence("app-error-demo")
            HubCode.NOT_FOUND -> Sentence("app-error-hub-not-found")
            HubCode.CONFLICT -> Sentence("app-error-hub-conflict")
            HubCode.TOO_LARGE -> Sentence("app-error-hub-too-large")
            HubCode.RATE_LIMITED, HubCode.BUSY -> Sentence("app-error-hub-busy")
            HubCode.ENVELOPE_REJECTED -> Sentence("app-error-hub-envelope-rejected")
            HubCode.MEMBERSHIP_REJECTED -> Sentence("app-error-hub-membership-rejected")
            HubCode.ORDER_REJECTED -> Sentence("app-error-hub-order-rejected")
            else -> Sentence(
                if (f.status.toInt() >= 500) "app-error-hub-failed" else "app-error-hub-refused",
                "status" to f.status.toInt(),
            )
        }

        /** What to check, for a field the core refused (`InvalidInput.field`). */
        fun fieldSentence(field: String): Sentence =
            fieldKey(field)?.let { Sentence("app-error-check-field", "field" to Sentence(it)) }
                ?: Sentence("app-error-check-input")

        /** [messageOf] as the catalog's key and variables; exhaustive like it. */
        fun sentenceOf(failure: SenimException): Sentence = when (val f = failure) {
            is SenimException.WrongPasscode -> Sentence("app-error-wrong-passcode", "count" to f.failedAttempts.toLong())
            is SenimException.TooManyAttempts -> waitSentence(f.retryAfterSeconds.toLong())
            is SenimException.Locked -> Sentence("app-error-locked")
            is SenimException.NoVault -> Sentence("app-error-no-vault")
            is SenimException.VaultExists -> Sentence("app-error-vault-exists")
            is SenimException.Wiped -> Sentence("app-error-wiped")
            is SenimException.Damaged -> Sentence("app-error-damaged")
            is SenimException.UnsupportedFormat -> Sentence("app-error-unsupported-format")
            is SenimException.NotFound -> Sentence("app-error-not-found")
            is SenimException.InvalidInput -> fieldSentence(f.field)
            // The core names the problem's own message (`common-answer-…`) and its values.
            is SenimException.InvalidAnswer ->
                Sentence("app-error-invalid-answer", "reason" to Sentence(f.key, f.values))
            is SenimException.WeakPasscode -> Sentence(passcodeProblemKey(f.problem))
            is SenimException.Content -> Sentence(
                when (f.problem) {
                    ContentProblem.MISSING -> "app-error-content-missing"
                    ContentProblem.INVALID -> "app-error-content-invalid"
                    ContentProblem.CHANGED -> "app-error-content-changed"
                },
                "what" to contentKind(f.what),
            )
            is SenimException.ConsentRequired -> Sentence("app-error-consent-required", "scope" to scopeName(f.scope))
            is SenimException.ConsentWithdrawn -> Sentence("app-error-consent-withdrawn")
            is SenimException.Interview -> Sentence("app-error-interview")
            is SenimException.Membership -> Sentence("app-error-membership")
            is SenimException.Envelope -> Sentence("app-error-envelope")
            is SenimException.ProtocolViolation -> Sentence("app-error-protocol")
            is SenimException.Unreachable -> Sentence("app-error-unreachable")
            is SenimException.HubRefused -> hubSentence(f)
            is SenimException.KeyStore -> Sentence("app-error-key-store")
            is SenimException.DeviceSecretMissing -> Sentence("app-error-device-secret")
            is SenimException.Demo -> Sentence("app-error-demo")
            is SenimException.Storage -> Sentence("app-error-storage")
            is SenimException.WipeIncomplete ->
                Sentence(if (f.keysDestroyed) "app-error-wipe-keys-gone" else "app-error-wipe-incomplete")
            is SenimException.Interrupted -> Sentence("app-error-interrupted")
            is SenimException.Internal -> Sentence("app-error-internal")
        }

        private fun attempts(n: Long): String = if (n == 1L) "1 failed attempt" else "$n failed attempts"

        private fun hubMessage(f: SenimException.HubRefused): String = when (f.code) {
            HubCode.UNAUTHENTICATED ->
                "The hub did not recognise this phone. Check the phone's date and time, then sync again."
            HubCode.FORBIDDEN -> "The hub refused: this phone is no longer in the team, or only a lead may do this."
            HubCode.DEMO_MISMATCH -> DEMO_MIX
            HubCode.NOT_FOUND -> "The hub does not know this team. Ask your team lead."
            HubCode.CONFLICT -> "Another change reached the hub first. Sync again."
            HubCode.TOO_LARGE -> "The hub refused something too large to send."
            HubCode.RATE_LIMITED, HubCode.BUSY -> "The hub is busy. Wait a minute, then sync again."
            HubCode.ENVELOPE_REJECTED ->
                "The hub refused some of this phone's changes as altered or out of place. Ask your team lead."
            HubCode.MEMBERSHIP_REJECTED -> "The hub refused the change to the team's members."
            HubCode.ORDER_REJECTED -> "The hub refused the team order."
            else -> if (f.status.toInt() >= 500) {
                "The hub failed (HTTP ${f.status}). Nothing is lost: sync again later."
            } else {
                "The hub refused the request (HTTP ${f.status})."
            }
        }

        /**
         * One sentence per variant, from its fields; exhaustive, so a new variant in the
         * API fails the build here until it has one.
         */
        fun messageOf(failure: SenimException): String = when (val f = failure) {
            is SenimException.WrongPasscode ->
                "Wrong passcode. ${attempts(f.failedAttempts.toLong())} since the last unlock."
            is SenimException.TooManyAttempts -> waitMessage(f.retryAfterSeconds.toLong())
            is SenimException.Locked -> "The vault is locked."
            is SenimException.NoVault -> "There is no vault on this phone."
            is SenimException.VaultExists -> "A vault already exists on this phone."
            is SenimException.Wiped ->
                "This phone's vault was wiped, as the team's policy requires (too many wrong passcodes, " +
                    "or too long without a sync). Set the phone up again with your team lead."
            is SenimException.Damaged -> "Some data on this phone was altered or damaged."
            is SenimException.UnsupportedFormat ->
                "This vault was made by a newer version of Senim. Update the app to open it."
            is SenimException.NotFound -> "Not found: it may have been removed."
            is SenimException.InvalidInput ->
                fieldLabel(f.field)?.let { "Please check $it." } ?: "Please check what you entered."
            is SenimException.InvalidAnswer ->
                "This answer does not fit the question: ${answerProblemText(f.key, f.values)}."
            is SenimException.WeakPasscode -> passcodeProblemText(f.problem)
            is SenimException.Content -> when (f.problem) {
                ContentProblem.MISSING -> "${contentName(f.what)} is not in this version of the app."
                ContentProblem.INVALID -> "${contentName(f.what)} in this app is invalid."
                ContentProblem.CHANGED ->
                    "${contentName(f.what)} differs from the one this interview was run with."
            }
            is SenimException.ConsentRequired ->
                "This needs the person's consent to ${scopeName(f.scope)}, and none is recorded."
            is SenimException.ConsentWithdrawn -> "The person withdrew their consent: nothing more is recorded under it."
            is SenimException.Interview -> "The interview cannot do this now."
            is SenimException.Membership ->
                "This phone's place in the team does not allow this: it has not joined a team yet, or was removed from it."
            is SenimException.Envelope -> "The hub sent data that was refused (altered or forged)."
            is SenimException.ProtocolViolation -> "The hub answered something unexpected."
            is SenimException.Unreachable -> "The hub could not be reached. Nothing is lost: sync again later."
            is SenimException.HubRefused -> hubMessage(f)
            is SenimException.KeyStore -> "This phone's key store failed."
            is SenimException.DeviceSecretMissing ->
                "This phone's key store no longer holds the vault's key, so the vault cannot be opened here. " +
                    "Set the phone up again with your team lead."
            is SenimException.Demo -> DEMO_MIX
            is SenimException.Storage -> "The phone's storage failed."
            is SenimException.WipeIncomplete -> if (f.keysDestroyed) {
                "The wipe did not finish, but the vault's keys are destroyed: nothing left on this phone " +
                    "can be read, even with the passcode. Try again to remove the remaining files."
            } else {
                "The wipe did not finish, and the data may still be readable. Try again now."
            }
            is SenimException.Interrupted -> "Stopped before it finished. Nothing is lost: try again."
            is SenimException.Internal -> "Something went wrong."
        }
    }
}
