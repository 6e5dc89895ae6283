package org.senim.presentation

import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.AnswerValue
import org.senim.core.ConsentScope
import org.senim.core.RiskLevel
import org.senim.core.SenimException

@OptIn(ExperimentalCoroutinesApi::class)
class InterviewViewModelTest {
    private fun TestScope.wizard(screening: FakeScreening = FakeScreening()) =
        InterviewViewModel(screening, this, UnconfinedTestDispatcher(testScheduler), recordedBy = "worker 1")

    private val InterviewViewModel.screen get() = state.value.screen
    private val InterviewViewModel.asking get() = screen as WizardScreen.Asking

    /** Loads, starts in `language` and gives consent to `scopes`. */
    private suspend fun InterviewViewModel.through(language: String = "en", vararg scopes: ConsentScope) {
        load()!!.join()
        chooseLanguage(language)
        begin()!!.join()
        for (s in scopes) toggleScope(s)
        giveConsent()!!.join()
    }

    @Test
    fun `language picker, the form's languages, its default, and the choice starts the interview`() = runTest {
        val screening = FakeScreening()
        val vm = wizard(screening)
        assertEquals(WizardScreen.Loading, vm.screen)
        vm.load()!!.join()
        val picker = vm.screen as WizardScreen.Language
        assertEquals("en", picker.selected)
        assertEquals(listOf("en", "ru", "kk"), vm.state.value.languages)

        assertNull(vm.chooseLanguage("fr"))
        assertEquals("en", (vm.screen as WizardScreen.Language).selected, "a language the form lacks is not offered")
        vm.chooseLanguage("ru")
        vm.begin()!!.join()
        assertEquals("central_asia_screening" to "ru", screening.startedWith)
        assertEquals("ru", vm.state.value.language)
        val consent = vm.screen as WizardScreen.Consent
        assertEquals("Цель", consent.script.purpose.text)
    }

    @Test
    fun `consent gate, no question before screening consent, and none is asked without it`() = runTest {
        val screening = FakeScreening()
        val vm = wizard(screening)
        vm.load()!!.join()
        vm.begin()!!.join()
        val consent = vm.screen as WizardScreen.Consent
        assertEquals(setOf(ConsentScope.SCREENING), consent.scopes, "screening is offered ticked")
        assertTrue(consent.canContinue)

        // Events of the question screens do nothing here.
        assertNull(vm.answer(AnswerValue.Yes))
        assertNull(vm.skip())
        assertNull(vm.back())
        assertNull(vm.finish())
        assertTrue(screening.started!!.answers.isEmpty())

        vm.toggleScope(ConsentScope.SCREENING)
        vm.toggleScope(ConsentScope.REFERRAL)
        val without = vm.screen as WizardScreen.Consent
        assertFalse(without.canContinue)
        // Given anyway, the core refuses it and the wizard stays on the consent screen.
        vm.giveConsent()!!.join()
        assertInstanceOf(SenimException.ConsentRequired::class.java, vm.state.value.error?.failure)
        assertTrue(vm.screen is WizardScreen.Consent)
        assertFalse(screening.started!!.hasConsent())

        vm.toggleScope(ConsentScope.SCREENING)
        assertNull(vm.state.value.error)
        vm.giveConsent()!!.join()
        assertEquals("online", vm.asking.question.id)
        assertEquals(1u, vm.asking.question.number)
        assertFalse(vm.asking.canGoBack)
    }

    @Test
    fun `one question per screen with progress, back shows the answer given, skip logic changes the count`() = runTest {
        val vm = wizard()
        vm.through("en")
        assertEquals(3u, vm.asking.progress.visible, "scam is hidden until online is yes")

        vm.answer(AnswerValue.Yes)!!.join()
        assertEquals("scam", vm.asking.question.id, "the conditional question appears")
        assertEquals(4u, vm.asking.question.total)
        assertEquals(2u, vm.asking.question.number)
        assertEquals(1u, vm.asking.progress.answered)

        vm.back()!!.join()
        assertEquals("online", vm.asking.question.id)
        assertEquals(AnswerValue.Yes, vm.asking.question.answer, "the answer given is shown again")
        vm.answer(AnswerValue.No)!!.join()
        assertEquals("age", vm.asking.question.id, "the conditional question is gone")
        assertEquals(3u, vm.asking.question.total)
        assertEquals(2u, vm.asking.question.number)
    }

    @Test
    fun `skip moves on for optional questions only`() = runTest {
        val screening = FakeScreening()
        val vm = wizard(screening)
        vm.through("en")
        assertTrue(vm.asking.canSkip)
        vm.skip()!!.join()
        assertEquals("age", vm.asking.question.id)
        assertEquals(1u, vm.asking.progress.skipped)
        assertFalse(vm.asking.canSkip, "age is required")
        assertNull(vm.skip())
        assertEquals("age", vm.asking.question.id)

        // A required question can still be declined.
        vm.answer(AnswerValue.Declined)!!.join()
        assertEquals("danger", vm.asking.question.id)
        vm.back()!!.join()
        vm.back()!!.join()
        assertTrue(vm.asking.question.skipped, "the skipped question shows as skipped")
    }

    @Test
    fun `switching language keeps the answers and shows the question in the new language`() = runTest {
        val screening = FakeScreening()
        val vm = wizard(screening)
        vm.through("en")
        vm.answer(AnswerValue.Yes)!!.join()
        assertEquals("Were you forced to defraud people online?", vm.asking.question.label.text)

        vm.chooseLanguage("ru")!!.join()
        assertEquals("ru", vm.state.value.language)
        assertEquals("scam", vm.asking.question.id, "still on the same question")
        assertEquals("Вас заставляли обманывать людей в интернете?", vm.asking.question.label.text)
        assertEquals(AnswerValue.Yes, screening.started!!.answers["online"])

        vm.chooseLanguage("xx")!!.join()
        assertInstanceOf(SenimException.InvalidInput::class.java, vm.state.value.error?.failure)
        assertEquals("ru", vm.state.value.language)
    }

    @Test
    fun `danger shows the emergency steps at once`() = runTest {
        val vm = wizard()
        vm.through("en")
        vm.skip()!!.join()
        vm.answer(AnswerValue.Choice("adult"))!!.join()
        assertNull(vm.state.value.emergency)
        vm.answer(AnswerValue.Yes)!!.join()
        assertEquals("Call 102 now", vm.state.value.emergency?.text)
        vm.dismissEmergency()
        assertNull(vm.state.value.emergency)
    }

    @Test
    fun `review after the last question, back from it, then the result with its explanation and services`() = runTest {
        val screening = FakeScreening()
        val vm = wizard(screening)
        vm.through("en", ConsentScope.REFERRAL)
        vm.answer(AnswerValue.Yes)!!.join()          // online
        vm.answer(AnswerValue.Yes)!!.join()          // scam
        vm.answer(AnswerValue.Choice("adult"))!!.join()
        vm.back()!!.join()
        vm.back()!!.join()
        vm.back()!!.join()
        vm.answer(AnswerValue.No)!!.join()           // online: no, scam is hidden and cleared
        vm.answer(AnswerValue.Choice("adult"))!!.join()
        assertEquals("danger", vm.asking.question.id)
        vm.answer(AnswerValue.No)!!.join()

        val review = vm.screen as WizardScreen.Review
        assertTrue(review.canFinish)
        assertNull(review.progress.position)
        vm.back()!!.join()
        assertEquals("danger", vm.asking.question.id, "back from the review is the last question")
        vm.answer(AnswerValue.No)!!.join()

        vm.finish()!!.join()
        val result = vm.screen as WizardScreen.Result
        assertEquals(RiskLevel.NONE, result.assessment.level, "the cleared answer raised nothing")
        assertTrue(result.assessment.explanation.isNotEmpty())
        assertEquals("This is not a finding.", result.assessment.disclaimer.text)
        assertEquals(listOf("hotline", "shelter_almaty"), result.services.map { it.service })
        assertTrue(result.services[1].placeholder)

        vm.refer("hotline", "wants advice")!!.join()
        assertEquals(mapOf("hotline" to "ref-hotline"), (vm.screen as WizardScreen.Result).referred)
        assertNull(vm.refer("hotline", "again"), "one referral per service from this screen")
        assertNull(vm.back(), "the result is final")
        assertNull(vm.chooseLanguage("ru"))
    }

    @Test
    fun `a referral without referral consent is a CONSENT error, the result stays`() = runTest {
        val vm = wizard()
        vm.through("en")
        vm.skip()!!.join()
        vm.answer(AnswerValue.Choice("under_18"))!!.join()
        vm.answer(AnswerValue.Yes)!!.join()
        vm.finish()!!.join()
        val result = vm.screen as WizardScreen.Result
        assertEquals(RiskLevel.LIKELY, result.assessment.level)
        assertTrue(result.assessment.minor)
        assertTrue(result.assessment.urgentSafety)
        vm.refer("hotline", "urgent")!!.join()
        assertInstanceOf(SenimException.ConsentRequired::class.java, vm.state.value.error?.failure)
        assertTrue((vm.screen as WizardScreen.Result).referred.isEmpty())
    }

    @Test
    fun `stop keeps what was answered and ends the wizard`() = runTest {
        val screening = FakeScreening()
        val vm = wizard(screening)
        vm.through("en")
        vm.answer(AnswerValue.Yes)!!.join()
        vm.stop()!!.join()
        assertEquals(WizardScreen.Stopped, vm.screen)
        assertTrue(screening.started!!.stopped)
        assertEquals(AnswerValue.Yes, screening.started!!.answers["online"])
        assertNull(vm.answer(AnswerValue.No))

        // Stopping before consent stores nothing and needs no call.
        val early = wizard()
        early.load()!!.join()
        early.begin()!!.join()
        assertNull(early.stop())
        assertEquals(WizardScreen.Stopped, early.screen)
    }

    @Test
    fun `quick exit leaves at once, keeps what was answered and accepts nothing after`() = runTest {
        val screening = FakeScreening()
        val vm = wizard(screening)
        vm.through("en")
        vm.answer(AnswerValue.Yes)!!.join()
        vm.quickExit()!!.join()
        assertEquals(WizardScreen.Exited, vm.screen)
        assertEquals(WizardState(screen = WizardScreen.Exited), vm.state.value, "nothing of the interview is left on screen")
        val interview = screening.started!!
        assertTrue(interview.exited)
        assertEquals(mapOf("online" to AnswerValue.Yes), interview.answers.toMap())
        // Nothing after: the wizard takes no more answers, and a second exit does nothing.
        assertNull(vm.answer(AnswerValue.No))
        assertNull(vm.stop()?.join())
        assertNull(vm.quickExit())
        assertEquals(mapOf("online" to AnswerValue.Yes), interview.answers.toMap())
        assertEquals(WizardScreen.Exited, vm.screen)
    }

    @Test
    fun `quick exit before any interview call still leaves`() = runTest {
        val vm = wizard()
        vm.load()!!.join()
        assertNull(vm.quickExit(), "no interview was started: nothing to close")
        assertEquals(WizardScreen.Exited, vm.screen)
    }

    @Test
    fun `an unknown form is a CONTENT error on load`() = runTest {
        val vm = InterviewViewModel(FakeScreening(), this, UnconfinedTestDispatcher(testScheduler), "w", formId = "no_such_form")
        vm.load()!!.join()
        assertInstanceOf(SenimException.Content::class.java, vm.state.value.error?.failure)
        assertNotNull(vm.state.value)
        assertEquals(WizardScreen.Loading, vm.screen)
    }
}
