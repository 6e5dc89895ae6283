package org.senim.presentation

import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.advanceUntilIdle
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.RiskLevel
import org.senim.core.ScenarioSummary
import org.senim.core.ScenarioView
import org.senim.core.SenimException
import org.senim.core.TrainingResult

/** Training as the core answers it: what was asked, and when. */
class FakeTraining(private val screening: FakeScreening = FakeScreening()) : Training {
    val calls = mutableListOf<String>()
    var demo = true

    private fun summary(id: String) = ScenarioSummary(id, "2.0.0", "Title $id", "Summary", RiskLevel.LIKELY, 9u, "Rustam", "TJ", "35_44", "male", "central_asia_screening", "1.0.0")

    override fun scenarios(language: String): List<ScenarioSummary> {
        calls += "scenarios $language"
        return listOf(summary("a"), summary("b"))
    }

    override fun scenario(id: String, language: String): ScenarioView {
        calls += "scenario $id $language"
        return ScenarioView(summary(id), language, listOf("ru"), "market", "situation", "background", emptyList(), "Likely", emptyList(), emptyList())
    }

    override fun startPractice(scenario: String, language: String): InterviewPort {
        calls += "practice $scenario $language"
        if (!demo) throw SenimException.Demo("training runs only in a demo vault")
        return screening.start("central_asia_screening", language, null)
    }

    override fun check(scenario: String, interview: String, language: String): TrainingResult {
        calls += "check $scenario $interview $language"
        return TrainingResult(scenario, 80u, RiskLevel.POSSIBLE, RiskLevel.LIKELY, 15u, "under-rated", emptyList(), emptyList(), false)
    }
}

@OptIn(ExperimentalCoroutinesApi::class)
class TrainingViewModelTest {
    private fun TestScope.model(port: FakeTraining = FakeTraining()) =
        TrainingViewModel(port, FakeScreening(), this, UnconfinedTestDispatcher(testScheduler), recordedBy = "trainee")

    @Test
    fun `a scenario opens with its key hidden, and the key toggles`() = runTest {
        val port = FakeTraining()
        val vm = model(port)
        vm.load("ru").join()
        assertEquals(2, vm.state.value.scenarios.size)
        vm.open("b", "ru").join()
        assertEquals("b", vm.state.value.open?.summary?.id)
        assertFalse(vm.state.value.showKey)
        vm.toggleKey()
        assertTrue(vm.state.value.showKey)
        // The same scenario again in another language keeps the key as it was.
        vm.open("b", "kk").join()
        assertTrue(vm.state.value.showKey)
        assertEquals(listOf("scenarios ru", "scenario b ru", "scenario b kk"), port.calls)
    }

    @Test
    fun `a practice closed after consent is compared with the key, one closed before is not`() = runTest {
        val port = FakeTraining()
        val vm = model(port)
        vm.open("a", "en").join()

        // Closed on the language picker: nothing stored, nothing compared.
        assertNotNull(vm.practise())
        assertNull(vm.closePractice("en"))
        assertNull(vm.state.value.practice)
        assertNull(vm.state.value.result)

        val wizard = vm.practise()!!
        advanceUntilIdle() // the wizard loads its form
        wizard.chooseLanguage("ru")
        wizard.begin()!!.join()
        wizard.giveConsent()!!.join()
        assertEquals("practice a ru", port.calls.last())
        vm.closePractice("ru")!!.join()
        assertEquals("check a interview-1 ru", port.calls.last())
        assertEquals(80u, vm.state.value.result?.score)
        assertNull(vm.state.value.practice)

        // Back: the scenario, then the list, then nothing left to go back to.
        assertTrue(vm.back())
        assertNull(vm.state.value.result)
        assertTrue(vm.back())
        assertNull(vm.state.value.open)
        assertFalse(vm.back())
    }

    @Test
    fun `a practice left by the quick exit is dropped, not compared`() = runTest {
        val port = FakeTraining()
        val vm = model(port)
        vm.open("a", "en").join()
        val wizard = vm.practise()!!
        advanceUntilIdle()
        wizard.begin()!!.join()
        wizard.giveConsent()!!.join()
        wizard.quickExit()?.join()
        vm.dropPractice()
        assertNull(vm.state.value.practice)
        assertNull(vm.closePractice("en"), "nothing left to compare")
        assertTrue(port.calls.none { it.startsWith("check") })
    }

    @Test
    fun `a real vault's refusal of a practice is shown by the wizard`() = runTest {
        val port = FakeTraining().apply { demo = false }
        val vm = model(port)
        vm.open("a", "en").join()
        val wizard = vm.practise()!!
        advanceUntilIdle()
        wizard.begin()!!.join()
        assertTrue(wizard.state.value.error != null, "the Demo refusal is said")
        assertNull(vm.closePractice("en"), "nothing was stored")
    }
}
