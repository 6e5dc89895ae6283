package org.senim.presentation

import kotlin.coroutines.cancellation.CancellationException
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.ConsentScope
import org.senim.core.ContentProblem
import org.senim.core.PasscodeProblem
import org.senim.core.SenimException

/** One failure of every variant, with the fields and the kind of reason the core gives it. */
val everyFailure: List<SenimException> = listOf(
    SenimException.WrongPasscode(1u),
    SenimException.TooManyAttempts(42uL),
    SenimException.Locked(),
    SenimException.NoVault(),
    SenimException.VaultExists(),
    SenimException.Wiped("the vault was wiped by the team's policy: too many failed unlocks"),
    SenimException.Damaged("record 3f2a cannot be decrypted: it was altered, moved or damaged"),
    SenimException.UnsupportedFormat(9u, 4u),
    SenimException.NotFound("record 3f2a not found"),
    SenimException.InvalidInput("text", "must not be empty"),
    SenimException.InvalidAnswer(
        "common-answer-out-of-range",
        mapOf("min" to "14", "max" to "99"),
        "invalid answer: must be between 14 and 99",
    ),
    SenimException.WeakPasscode(PasscodeProblem.COMMON),
    SenimException.Content("form", ContentProblem.MISSING, "form 'x' is not available: load it from a content directory"),
    SenimException.ConsentRequired(ConsentScope.REFERRAL),
    SenimException.ConsentWithdrawn(),
    SenimException.Interview("interview: the interview is closed"),
    SenimException.Membership("membership: this vault has not joined a team"),
    SenimException.Envelope("envelope rejected: device 9c1e seq 4: signature does not verify"),
    SenimException.ProtocolViolation("sync protocol: a page the session did not ask for"),
    SenimException.Unreachable("the hub could not be reached (ConnectException)"),
    SenimException.HubRefused(401u, "unauthenticated", "the signature does not verify"),
    SenimException.KeyStore("device key store: the Android Keystore could not be loaded (IOException)"),
    SenimException.DeviceSecretMissing(),
    SenimException.Demo("demo and real data never mix: this is a demo vault and the hub serves real teams"),
    SenimException.Storage("storage error: disk I/O error"),
    SenimException.WipeIncomplete(true, "senim.db could not be removed (PermissionDenied)"),
    SenimException.Interrupted(),
    SenimException.Internal("cryptographic failure: random source unavailable"),
)

/** The developer-facing text a failure carries besides its fields, if any. */
fun reasonOf(e: SenimException): String? = e.javaClass.methods
    .firstOrNull { it.name == "getReason" && it.parameterCount == 0 }
    ?.invoke(e) as String?

class UiErrorTest {
    private fun message(e: SenimException) = UiError(e).message

    @Test
    fun `every variant of the API has a sample here`() {
        val variants = SenimException::class.java.declaredClasses
            .filter { SenimException::class.java.isAssignableFrom(it) && it != SenimException::class.java }
            .map { it.simpleName }
            .toSet()
        assertEquals(variants, everyFailure.map { it.javaClass.simpleName }.toSet())
    }

    @Test
    fun `every variant reads as its own sentence`() {
        val messages = everyFailure.map(::message)
        assertTrue(messages.all { it.isNotBlank() && it.endsWith(".") }, "$messages")
        assertEquals(messages.size, messages.toSet().size, "no two variants read the same: $messages")
    }

    @Test
    fun `no message shows the core's reason`() {
        for (e in everyFailure) {
            val reason = reasonOf(e) ?: continue
            val shown = message(e)
            assertFalse(shown.contains(reason, ignoreCase = true), "$shown shows the reason $reason")
            // Not even its first words: the old "Wrong passcode. (wrong passcode (...))".
            val opening = reason.split(' ').take(3).joinToString(" ")
            assertFalse(shown.contains("($opening", ignoreCase = true), "$shown appends the reason")
        }
    }

    @Test
    fun `no message says the same thing twice`() {
        for (e in everyFailure) {
            val shown = message(e)
            val sentences = shown.split(Regex("""(?<=[.:])\s+""")).map { it.trim().lowercase().trimEnd('.', ':') }
            assertEquals(sentences.size, sentences.toSet().size, "a sentence repeats in: $shown")
            for (phrase in listOf("wrong passcode", "too many", "the hub", "demo and real")) {
                assertTrue(Regex(Regex.escape(phrase)).findAll(shown.lowercase()).count() <= 1, "\"$phrase\" twice in: $shown")
            }
        }
    }

    @Test
    fun `a wrong passcode says how many attempts failed, in one sentence each`() {
        assertEquals("Wrong passcode. 1 failed attempt since the last unlock.", message(SenimException.WrongPasscode(1u)))
        assertEquals("Wrong passcode. 2 failed attempts since the last unlock.", message(SenimException.WrongPasscode(2u)))
    }

    @Test
    fun `the pause after wrong passcodes says how long, and is worth waiting for`() {
        val e = UiError(SenimException.TooManyAttempts(42uL))
        assertEquals("Too many wrong passcodes. Try again in 0:42.", e.message)
        assertTrue(e.retryable)
    }

    @Test
    fun `the hub's refusal reads by its stable code, and only a passing trouble is worth retrying`() {
        val busy = UiError(SenimException.HubRefused(503u, "busy", "too many sync sessions"))
        assertEquals("The hub is busy. Wait a minute, then sync again.", busy.message)
        assertTrue(busy.retryable)
        val unknownServerFailure = UiError(SenimException.HubRefused(502u, "error", "no details"))
        assertEquals("The hub failed (HTTP 502). Nothing is lost: sync again later.", unknownServerFailure.message)
        assertTrue(unknownServerFailure.retryable)
        val revoked = UiError(SenimException.HubRefused(403u, "forbidden", "device 9c1e is revoked"))
        assertFalse(revoked.retryable)
        assertTrue(revoked.teamProblem)
        assertFalse(revoked.message.contains("9c1e"))
        val mixed = UiError(SenimException.HubRefused(403u, "demo_mismatch", "a demo team on a real hub"))
        assertTrue(mixed.demoMismatch)
        assertEquals(UiError(SenimException.Demo("x")).message, mixed.message)
    }

    @Test
    fun `Demo says demo and real never mix, and is not worth retrying`() {
        val e = UiError.of(SenimException.Demo("demo and real data never mix: this is a demo vault and the hub serves real teams"))
        assertInstanceOf(SenimException.Demo::class.java, e.failure)
        assertTrue(e.demoMismatch)
        assertFalse(e.retryable)
        assertFalse(e.needsUnlock)
        assertTrue(e.message.startsWith("Demo and real data never mix: "), e.message)
        assertFalse(e.message.contains("hub serves real teams"), e.message)
    }

    @Test
    fun `a missing consent names its scope`() {
        assertEquals(
            "This needs the person's consent to referral, and none is recorded.",
            message(SenimException.ConsentRequired(ConsentScope.REFERRAL)),
        )
        assertEquals(
            "This needs the person's consent to screening, and none is recorded.",
            message(SenimException.ConsentRequired(ConsentScope.SCREENING)),
        )
    }

    @Test
    fun `invalid input names the field the worker typed, and nothing the worker never saw`() {
        assertEquals("Please check the welcome code.", message(SenimException.InvalidInput("welcome code", "checksum does not match")))
        assertEquals("Please check the passcode.", message(SenimException.InvalidInput("passcode", "must be at least 6 characters")))
        assertEquals("Please check what you entered.", message(SenimException.InvalidInput("page cursor", "not a cursor")))
    }

    @Test
    fun `a refused passcode says what is wrong with it, one sentence per problem`() {
        val said = PasscodeProblem.entries.associateWith { message(SenimException.WeakPasscode(it)) }
        assertEquals(
            "The passcode is too short: use at least 6 characters.",
            said[PasscodeProblem.TOO_SHORT],
        )
        assertEquals(
            "This passcode is one of the most common ones: choose one nobody would guess.",
            said[PasscodeProblem.COMMON],
        )
        assertEquals(
            "The passcode is too easy to guess: make it longer, for example with another word.",
            said[PasscodeProblem.TOO_WEAK],
        )
        assertTrue(said.values.all { it.endsWith(".") }, "$said")
        assertEquals(said.size, said.values.toSet().size, "each problem reads as its own sentence: $said")
        assertFalse(said.values.any { it == "Please check the passcode." }, "$said")
    }

    @Test
    fun `content problems say which content and what is wrong with it`() {
        assertEquals("The form is not in this version of the app.", message(SenimException.Content("form", ContentProblem.MISSING, "x")))
        assertEquals(
            "The rule set differs from the one this interview was run with.",
            message(SenimException.Content("rule set", ContentProblem.CHANGED, "x")),
        )
    }

    @Test
    fun `a failed wipe says whether the keys are gone from its field`() {
        assertTrue(message(SenimException.WipeIncomplete(true, "x")).contains("keys are destroyed"))
        assertTrue(message(SenimException.WipeIncomplete(false, "x")).contains("may still be readable"))
    }

    @Test
    fun `anything but the API's error is Internal, named by its class, and cancellation is not a failure`() {
        val e = UiError.of(IllegalStateException("secret detail"))
        val internal = assertInstanceOf(SenimException.Internal::class.java, e.failure)
        assertEquals("IllegalStateException", internal.reason)
        assertEquals("Something went wrong.", e.message)
        assertThrows(CancellationException::class.java) { UiError.of(CancellationException("left the screen")) }
    }
}
