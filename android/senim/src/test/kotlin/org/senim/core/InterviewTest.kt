package org.senim.core

import java.nio.file.Files
import java.nio.file.Path
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * A screening interview through the generated Kotlin, on the bundled Central Asia form:
 * consent first, answers to an assessment, recommended services, a referral. One vault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterviewTest {
    private lateinit var root: Path
    private lateinit var vault: SenimVault

    @BeforeAll
    fun setUp() = runBlocking {
        Native.ensureLoaded()
        root = Files.createTempDirectory("senim-interview")
        vault = SenimVault.create(root.resolve("vault").toString(), passcode("interview passcode"), MemoryKeyStore())
    }

    @AfterAll
    fun clean() {
        if (::vault.isInitialized) vault.close()
        root.toFile().deleteRecursively()
    }

    private fun form() = vault.forms().first { it.id == "central_asia_screening" }

    @Test
    fun `an interview runs from consent to an assessment, services and a referral`() {
        val form = form()
        assertTrue(form.languages.containsAll(listOf("en", "ru")))
        val interview = vault.startInterview(form.id, "en", null)
        assertTrue(interview.isAnonymous())
        assertNull(interview.id(), "nothing is stored before consent")
        assertInstanceOf(SenimException.ConsentRequired::class.java, failure { interview.answer(AnswerValue.Yes) })
        assertInstanceOf(SenimException.ConsentRequired::class.java, failure { interview.recordConsent(listOf(ConsentScope.REFERRAL), "worker 1") })
        assertTrue(interview.consentScript().purpose.text.isNotBlank())

        interview.recordConsent(listOf(ConsentScope.SCREENING, ConsentScope.REFERRAL), "worker 1")
        val id = checkNotNull(interview.id()) { "consent stores the interview" }
        assertEquals(RecordKind.INTERVIEW, vault.record(id).kind)

        // Everything "yes", the first option of each choice: the likely combination.
        var steps = 0
        var danger = false
        while (true) {
            val q = interview.current() ?: break
            val answer = when (q.kind) {
                QuestionKind.YES_NO -> AnswerValue.Yes
                QuestionKind.SINGLE_CHOICE -> AnswerValue.Choice(q.options.first().id)
                QuestionKind.MULTIPLE_CHOICE -> AnswerValue.Choices(listOf(q.options.first().id))
                QuestionKind.COUNTRY -> AnswerValue.Country("UZ")
                else -> AnswerValue.Declined
            }
            val outcome = interview.answer(answer)
            if (outcome.danger) {
                danger = true
                assertNotNull(outcome.emergency)
            }
            assertTrue(++steps < 200)
        }
        assertTrue(danger, "a yes to the safety questions raises danger")
        assertTrue(interview.missingRequired().isEmpty())
        val progress = interview.progress()
        assertNull(progress.position)
        assertEquals(progress.visible, progress.answered)

        val result = interview.finish()
        assertEquals(RiskLevel.LIKELY, result.level)
        assertTrue(result.urgentSafety)
        assertTrue(result.indicators.isNotEmpty())
        assertTrue(result.explanation.size >= 2)
        assertTrue(result.disclaimer.text.isNotBlank())
        assertTrue(result.needs.isNotEmpty())

        val services = interview.recommend("almaty")
        assertTrue(services.isNotEmpty())
        assertTrue(services.all { it.placeholder || it.phone != null }, "only confirmed numbers are shown")
        assertTrue(services.all { it.reasons.isNotEmpty() })
        val referral = interview.refer(services.first().service, "urgent help")
        assertEquals(RecordKind.REFERRAL, vault.record(referral).kind)
        assertInstanceOf(SenimException.NotFound::class.java, failure { interview.refer("no-such-service", "x") })

        // A completed interview is closed.
        assertInstanceOf(SenimException.Interview::class.java, failure { vault.resumeInterview(id) })
    }

    @Test
    fun `skip logic, back, skip and the language switch on the bundled form`() {
        val interview = vault.startInterview(form().id, "en", null)
        interview.recordConsent(listOf(ConsentScope.SCREENING), "worker 1")

        // Form version 2 opens with the safe-to-talk question, then the safety questions
        // (the last a worker observation).
        assertEquals("safe_to_talk", interview.current()!!.id)
        interview.answer(AnswerValue.Yes)
        assertEquals("in_danger_now", interview.current()!!.id)
        interview.answer(AnswerValue.No)
        interview.answer(AnswerValue.No)
        assertEquals("watched_now", interview.current()!!.id)
        interview.answer(AnswerValue.No)

        // Context: sector (optional), age (required), origin, online job abroad.
        val sector = interview.current()!!
        assertEquals("sector", sector.id)
        assertFalse(sector.required)
        val before = sector.total
        interview.skip()
        assertEquals("age_group", interview.current()!!.id)
        assertInstanceOf(SenimException.Interview::class.java, failure { interview.skip() }, "a required question cannot be skipped")
        interview.answer(AnswerValue.Choice("age_25_34"))
        interview.answer(AnswerValue.Country("KG"))
        assertEquals("online_job_abroad", interview.current()!!.id)
        interview.answer(AnswerValue.Yes)
        assertEquals(before + 5u, interview.current()!!.total, "the online-scam section became visible")

        assertTrue(interview.back())
        assertEquals(AnswerValue.Yes, interview.current()!!.answer)
        interview.answer(AnswerValue.No)
        assertEquals(before, interview.current()!!.total, "and hidden again")

        // Back to the sector question: it shows as skipped; back to the first, no further.
        while (interview.current()!!.id != "sector") assertTrue(interview.back())
        assertTrue(interview.current()!!.skipped)
        while (interview.current()!!.number > 1u) assertTrue(interview.back())
        assertEquals("safe_to_talk", interview.current()!!.id)
        assertFalse(interview.back())

        interview.setLanguage("ru")
        assertEquals("ru", interview.language())
        val ru = interview.current()!!
        assertEquals("ru", ru.label.language)
        assertFalse(ru.label.text.contains("safe and comfortable"))
        assertInstanceOf(SenimException.InvalidInput::class.java, failure { interview.setLanguage("xx") })
        assertEquals("ru", interview.language())

        interview.stop()
        assertInstanceOf(SenimException.Interview::class.java, failure { interview.answer(AnswerValue.Yes) })
    }

    @Test
    fun `a form this build does not carry is Content, a language it lacks or a bad subject InvalidInput`() {
        assertInstanceOf(SenimException.Content::class.java, failure { vault.startInterview("no_such_form", "en", null) })
        assertInstanceOf(SenimException.InvalidInput::class.java, failure { vault.startInterview(form().id, "xx", null) })
        assertInstanceOf(SenimException.InvalidInput::class.java, failure { vault.startInterview(form().id, "en", "nobody") })
    }
}
