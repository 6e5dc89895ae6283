package org.senim.app.ui

import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performClick
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import org.senim.app.Destination
import org.senim.app.Phase
import org.senim.core.FindingKind
import org.senim.core.QuestionKind
import org.senim.core.trainingScenario
import org.senim.presentation.WizardScreen

/**
 * A trainer on a demo vault, clicked through in en, ru and kk on the real library: the
 * scenarios with the level each key scores, one scenario's persona and script with its
 * key hidden and then shown, a practice interview run through the app's interview
 * (every yes/no answered "no", the rest declined), and the practice compared with the
 * key: the score, and each difference with its points and explanation.
 */
class TrainingTest {

    @ParameterizedTest
    @ValueSource(strings = ["en", "ru", "kk"])
    fun `scenarios, a key shown on demand, a practice interview compared with the key`(lang: String) = clickThrough("training", lang) {
        // The screen's words are in the catalog (a missing one would show as its key).
        for (key in listOf("app-menu-training", "app-training-title", "app-training-show-key", "app-training-result-title")) {
            assertTrue(words.text(key) != key, "$lang: $key")
        }
        waitForPhase("the first-run screen") { it is Phase.Create }
        click(words.text("app-create-demo-button"))
        waitForPhase("the demo vault open") { it is Phase.Unlocked }
        ui.waitUntil("the demo's records", 30_000) { session.records.state.value.records.isNotEmpty() }

        ui.onNode(hasContentDescription(words.text("app-menu")) and hasClickAction()).performClick()
        click(words.text("app-menu-training"))
        val training = session.training
        ui.waitUntil("the scenarios", 30_000) { training.state.value.scenarios.isNotEmpty() }
        val scenarios = training.state.value.scenarios
        assertEquals(7, scenarios.size)
        // Their titles in the app's language, each with its key's level.
        val first = scenarios.first()
        waitFor(first.title)
        waitFor(words.format("app-training-key-level", "level" to levelName(words, first.level), "count" to first.indicators))
        shot("training-scenarios")

        val id = "construction_passport_debt"
        val chosen = scenarios.single { it.id == id }
        click(chosen.title)
        ui.waitUntil("the scenario", 30_000) { training.state.value.open?.summary?.id == id }
        val view = trainingScenario(id, lang)
        if (lang == "kk") {
            // Kazakh, not the Russian fallback: the persona and what they say.
            val ru = trainingScenario(id, "ru")
            assertNotEquals(ru.situation, view.situation)
            assertNotEquals(ru.script.first { it.onKeyPath }.says, view.script.first { it.onKeyPath }.says)
            assertTrue(view.situation.any { it in KAZAKH_LETTERS }, view.situation)
        }
        val keyLine = view.script.first { it.onKeyPath }
        waitFor(words.format("app-training-says", "text" to keyLine.says))
        val expected = words.format("app-training-expected", "answer" to keyLine.expected!!)
        assertTrue(ui.onAllNodes(hasText(expected)).fetchSemanticsNodes().isEmpty(), "the key is hidden at first")
        shot("training-scenario")
        click(words.text("app-training-show-key"))
        waitFor(expected)
        waitFor(words.text("app-training-hide-key"))
        shot("training-key")

        // The practice: the app's own interview, on the scenario's form.
        click(words.text("app-training-practise"))
        ui.waitUntil("the practice interview", 30_000) { training.state.value.practice?.state?.value?.screen is WizardScreen.Language }
        val practice = training.state.value.practice!!
        click(words.text("app-interview-begin"))
        ui.waitUntil("the consent script", 30_000) { practice.state.value.screen is WizardScreen.Consent }
        click(words.text("app-interview-record-consent"))
        fun asking() = practice.state.value.screen as? WizardScreen.Asking
        ui.waitUntil("the first question", 30_000) { asking() != null }
        while (practice.state.value.screen is WizardScreen.Asking) {
            val q = asking()!!.question
            click(words.text(if (q.kind == QuestionKind.YES_NO) "app-interview-no" else "app-interview-declines"))
            ui.waitUntil("past ${q.id}", 10_000) { (practice.state.value.screen as? WizardScreen.Asking)?.question?.id != q.id }
        }
        click(words.text("app-interview-see-result"))
        ui.waitUntil("the result", 30_000) { practice.state.value.screen is WizardScreen.Result }
        click(words.text("app-done"))

        // Compared with the key: the score and every difference, explained.
        ui.waitUntil("the comparison", 30_000) { training.state.value.result != null }
        val result = training.state.value.result!!
        assertTrue(result.score < 100u && !result.perfect, "${result.score}")
        assertTrue(result.findings.any { it.kind == FindingKind.ANSWER_DIFFERS || it.kind == FindingKind.INDICATOR_MISSED })
        assertEquals(Destination.Training, session.destination.value)
        waitFor(words.format("app-training-score", "score" to result.score))
        waitFor(result.findings.first().explanation)
        if (lang == "kk") {
            assertTrue(result.findings.all { f -> f.explanation.any { it in KAZAKH_LETTERS } }, "${result.findings}")
        }
        shot("training-result")
        // Back: the scenario, then the list, then home.
        assertTrue(pressBack())
        ui.waitUntil("the scenario again", 10_000) { training.state.value.result == null && training.state.value.open != null }
        assertTrue(pressBack())
        ui.waitUntil("the list again", 10_000) { training.state.value.open == null }
        assertTrue(pressBack())
        ui.waitUntil("home", 10_000) { session.destination.value == Destination.Records }
        assertFalse(session.training.state.value.practice != null)
    }
}

/** Letters of Kazakh Cyrillic that Russian does not have. */
private const val KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
