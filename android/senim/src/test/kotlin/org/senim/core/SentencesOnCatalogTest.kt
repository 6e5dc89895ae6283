package org.senim.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.senim.presentation.Sentence
import org.senim.presentation.UiError
import org.senim.presentation.UnlockState
import org.senim.presentation.everyFailure

/**
 * The presentation layer's sentences ([UiError.sentence], the unlock's lines) said by the
 * core's catalog: in English exactly the presentation layer's own English, so the two
 * never drift; in Russian and Kazakh a sentence of their own, every variable filled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentencesOnCatalogTest {
    private lateinit var en: Localizer
    private lateinit var others: List<Localizer>

    @BeforeAll
    fun setUp() {
        Native.ensureLoaded()
        en = Localizer("en")
        others = listOf(Localizer("ru"), Localizer("kk"))
    }

    /** What the screens do (`Words.say` in android/app-ui): inner sentences first. */
    private fun say(words: Localizer, sentence: Sentence): String = words.format(
        sentence.key,
        sentence.args.mapValues { (_, value) ->
            when (value) {
                is Sentence -> L10nArg.Text(say(words, value))
                is Number -> L10nArg.Number(value.toDouble())
                else -> L10nArg.Text(value.toString())
            }
        },
    )

    /** Each kind of answer problem the core names (`AnswerProblem::examples` in core/content). */
    private val answerProblems: List<Pair<String, Map<String, String>>> =
        listOf("yes_no", "single_choice", "multiple_choice", "integer", "date", "country", "text").map {
            "common-answer-wrong-type" to mapOf("expected" to it)
        } + listOf(
            "common-answer-not-yes-no", "common-answer-not-whole-number", "common-answer-not-date",
            "common-answer-not-country-code", "common-answer-unknown-option", "common-answer-no-option",
            "common-answer-empty", "common-answer-date-out-of-range",
        ).map { it to emptyMap<String, String>() } + listOf(
            "common-answer-length" to mapOf("min" to "1", "max" to "60"),
            "common-answer-length-at-least" to mapOf("min" to "2"),
            "common-answer-out-of-range" to mapOf("min" to "14", "max" to "99"),
            "common-answer-at-most" to mapOf("max" to "99"),
            "common-answer-at-least" to mapOf("min" to "14"),
        )

    /** Every variant, and every branch inside one: hub codes, passcode problems, content, scopes, fields. */
    private val failures: List<SenimException> = everyFailure +
        listOf(
            "unauthenticated", "forbidden", "demo_mismatch", "not_found", "conflict", "too_large",
            "rate_limited", "busy", "envelope_rejected", "membership_rejected", "order_rejected", "teapot",
        ).flatMap { code -> listOf(SenimException.HubRefused(400u, code, "r"), SenimException.HubRefused(503u, code, "r")) } +
        PasscodeProblem.entries.map { SenimException.WeakPasscode(it) } +
        listOf("form", "rule set", "services directory", "bundle").flatMap { what ->
            ContentProblem.entries.map { SenimException.Content(what, it, "r") }
        } +
        ConsentScope.entries.map { SenimException.ConsentRequired(it) } +
        listOf(
            "text", "place", "tags", "location", "subject", "passcode", "duress passcode", "search", "answer",
            "language", "welcome code", "join request", "call sign", "team name", "hub address", "scopes", "device id",
            "from", "to", "worker",
        ).map { SenimException.InvalidInput(it, "r") } +
        listOf(1u, 2u, 5u, 21u).map { SenimException.WrongPasscode(it) } +
        answerProblems.map { (key, values) -> SenimException.InvalidAnswer(key, values, "r") } +
        listOf(SenimException.WipeIncomplete(false, "r"), SenimException.TooManyAttempts(3600uL))

    @Test
    fun `the English catalog says every failure exactly as the presentation layer does`() {
        for (failure in failures) {
            val error = UiError(failure)
            assertEquals(error.message, say(en, error.sentence), "$failure")
        }
    }

    @Test
    fun `Russian and Kazakh say every failure in their own words, every variable filled`() {
        for (words in others) {
            for (failure in failures) {
                val error = UiError(failure)
                val said = say(words, error.sentence)
                assertNotEquals(error.message, said, "${words.locale().tag}: $failure")
                assertFalse(said.contains('{') || said.contains("app-"), "${words.locale().tag}: $said")
            }
        }
    }

    @Test
    fun `the unlock's countdown and attempts read the same in English`() {
        val paused = UnlockState(retryIn = 42, failedAttempts = 3)
        assertEquals(paused.message, say(en, paused.messageSentence!!))
        assertEquals(paused.attemptsNote, say(en, paused.attemptsSentence!!))
        assertEquals("Слишком много неверных кодов. Повторите через 0:42.", say(others[0], paused.messageSentence!!))
    }
}
