package org.senim.app.ui

import androidx.compose.ui.test.onAllNodesWithText
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import org.senim.app.Phase
import org.senim.core.QuestionKind
import org.senim.core.RecordKind
import org.senim.core.RiskLevel
import org.senim.presentation.WizardScreen

/**
 * Training on a demo vault, clicked through on the real library: the demo banner on
 * every screen, a whole interview in the run's language from consent through skip logic
 * to the result and a referral, the demo reset, and the demo vault's unlock.
 */
class DemoInterviewTest {

    @ParameterizedTest
    @ValueSource(strings = ["en", "ru", "kk"])
    fun `demo vault, banner, interview through consent and skip logic to a referral, demo reset`(lang: String) = clickThrough("demo", lang) {
        waitForPhase("the first-run screen") { it is Phase.Create }
        click(words.text("app-create-demo-button"))
        waitForPhase("the demo vault open") { it is Phase.Unlocked }
        waitFor(words.text("app-demo-vault-banner"))
        ui.waitUntil("the demo's records", 30_000) { session.records.state.value.records.isNotEmpty() }
        shot("demo-records")

        // The interview, in the run's language.
        click(words.text("app-records-interview"))
        val interview = ui.let {
            it.waitUntil("the interview", 30_000) { session.interview.value?.state?.value?.screen is WizardScreen.Language }
            session.interview.value!!
        }
        shot("interview-language")
        // Uzbek is offered in both scripts, each by its own name.
        waitFor("Oʻzbekcha (lotin)")
        waitFor("Ўзбекча (кирилл)")
        click(languageName(lang))
        click(words.text("app-interview-begin"))
        // The worker's words in the app's language, beside the person's in the interview's.
        when (lang) {
            "ru" -> waitFor("Прочитайте это человеку")
            "kk" -> waitFor("Мұны адамға оқып беріңіз")
        }
        ui.waitUntil("the consent script", 30_000) { interview.state.value.screen is WizardScreen.Consent }
        waitFor(words.text("app-interview-record-consent"))
        shot("interview-consent")
        // Without consent to the screening the interview cannot start.
        click(words.text("app-interview-scope-screening"))
        waitFor(words.text("app-interview-consent-needed"))
        click(words.text("app-interview-scope-screening"))
        click(words.text("app-interview-scope-referral"))
        click(words.text("app-interview-record-consent"))
        fun asking() = interview.state.value.screen as? WizardScreen.Asking
        ui.waitUntil("the first question", 30_000) { asking() != null }
        assertEquals(lang, asking()!!.question.label.language, "the questions are in the chosen language")
        shot("interview-question")

        // The form opens with the safety questions: safe to talk here, no danger now (and
        // the worker's own observation of someone watching).
        val safety = setOf("safe_to_talk", "in_danger_now", "injured_now", "watched_now")
        assertEquals("safe_to_talk", asking()!!.question.id, "the interview opens by asking whether it is safe to talk")
        while (asking()?.question?.id in safety) {
            val q = asking()!!.question
            click(words.text(if (q.id == "safe_to_talk") "app-interview-yes" else "app-interview-no"))
            ui.waitUntil("past ${q.id}", 10_000) { asking()?.question?.id != q.id }
        }

        // Skip logic: a job abroad found online brings in the online-scam questions.
        click(words.text("app-interview-skip"))
        ui.waitUntil("the age question", 10_000) { asking()?.question?.id == "age_group" }
        click(words.text("app-interview-declines"))
        ui.waitUntil("the origin question", 10_000) { asking()?.question?.id == "origin_country" }
        click(words.text("app-interview-declines"))
        ui.waitUntil("the online-job question", 10_000) { asking()?.question?.id == "online_job_abroad" }
        val before = asking()!!.question.total
        assertEquals(QuestionKind.YES_NO, asking()!!.question.kind)
        click(words.text("app-interview-yes"))
        ui.waitUntil("the online-scam questions", 10_000) { (asking()?.question?.total ?: 0u) == before + 5u }
        shot("interview-skip-logic")

        // Every other question: "yes" to the online-scam ones, "no" or declined otherwise.
        var shown = false
        while (interview.state.value.screen is WizardScreen.Asking) {
            val q = asking()!!.question
            when {
                q.kind == QuestionKind.YES_NO && q.id.startsWith("scam_") -> click(words.text("app-interview-yes"))
                q.kind == QuestionKind.YES_NO -> click(words.text("app-interview-no"))
                else -> {
                    if (!shown) {
                        shot("interview-${q.kind.name.lowercase()}")
                        shown = true
                    }
                    click(words.text("app-interview-declines"))
                }
            }
            ui.waitUntil("past ${q.id}", 10_000) { (interview.state.value.screen as? WizardScreen.Asking)?.question?.id != q.id }
        }
        ui.waitUntil("the review", 10_000) { interview.state.value.screen is WizardScreen.Review }
        waitFor(words.text("app-interview-see-result"))
        shot("interview-review")
        click(words.text("app-interview-see-result"))
        ui.waitUntil("the result", 30_000) { interview.state.value.screen is WizardScreen.Result }
        val result = interview.state.value.screen as WizardScreen.Result
        assertTrue(result.assessment.level == RiskLevel.POSSIBLE || result.assessment.level == RiskLevel.LIKELY, "${result.assessment.level}")
        assertEquals(lang, result.assessment.headline.language)
        shot("interview-result")

        click(words.text("app-result-refer"))
        type(words.text("app-result-reason"), "the person agreed")
        shot("interview-refer")
        clickLast(words.text("app-result-refer"))
        waitFor(words.text("app-result-referred"))
        shot("interview-referred")
        val referral = (interview.state.value.screen as WizardScreen.Result).referred.values.single()
        assertEquals(RecordKind.REFERRAL, vaults.vault!!.record(referral).kind)
        click(words.text("app-done"))
        waitFor(words.text("app-records-title"))

        // The quick exit: a second interview, one answer, then the back gesture held
        // leaves at once for a blank note; the answer stays stored, nothing after.
        val vault = vaults.vault!!
        fun interviews() = vault.records(RecordKind.INTERVIEW, false, 1000u, null).records.map { it.id }.toSet()
        val interviewsBefore = interviews()
        // (The list now holds the first interview's row, under the same words as the
        // button that starts one: the second starts as the button does.)
        ui.runOnIdle { session.go(org.senim.app.Destination.Interview) }
        ui.waitUntil("a second interview", 30_000) {
            session.interview.value.let { it != null && it !== interview && it.state.value.screen is WizardScreen.Language }
        }
        val second = session.interview.value!!
        click(languageName(lang))
        click(words.text("app-interview-begin"))
        ui.waitUntil("the consent script", 30_000) { second.state.value.screen is WizardScreen.Consent }
        // The exit is on screen from the consent on.
        waitFor(words.text("app-interview-quick-exit"))
        click(words.text("app-interview-record-consent"))
        ui.waitUntil("the first question", 30_000) { second.state.value.screen is WizardScreen.Asking }
        shot("interview-quick-exit-button")
        click(words.text("app-interview-yes"))
        ui.waitUntil("past the first question", 10_000) {
            (second.state.value.screen as? WizardScreen.Asking)?.question?.id != "safe_to_talk"
        }
        ui.runOnIdle { assertTrue(back.hold(), "the interview takes the held back") }
        ui.waitUntil("the neutral screen", 10_000) { session.destination.value == org.senim.app.Destination.Note(null) }
        assertEquals(WizardScreen.Exited, second.state.value.screen)
        ui.waitForIdle()
        // Nothing of the interview on screen: no question, no exit button.
        assertTrue(ui.onAllNodesWithText(words.text("app-interview-quick-exit")).fetchSemanticsNodes().isEmpty())
        shot("interview-quick-exit-neutral")
        val stored = (interviews() - interviewsBefore).single()
        val body = org.json.JSONObject(vault.record(stored).bodyJson)
        // The record's body as JSON: {"kind": "interview", "body": {…}}.
        val fields = body.getJSONObject("body")
        assertEquals(setOf("safe_to_talk"), fields.getJSONObject("answers").keySet(), "the one answer given is kept, nothing after")
        session.home()
        waitFor(words.text("app-records-title"))

        // The demo reset, from the records screen's menu, confirmed first.
        click("⋮")
        click(words.text("app-menu-reset-demo"))
        waitFor(words.text("app-demo-reset-title"))
        shot("demo-reset-confirm")
        click(words.text("app-demo-reset-confirm"))
        waitFor(words.text("app-demo-reset-done"), timeoutMs = 60_000)
        shot("demo-reset-done")
        click(words.text("app-ok"))

        // Locked: the banner stays, and the public passcode opens it.
        app.onBackground()
        waitForPhase("locked") { it is Phase.Locked }
        waitFor(words.text("app-unlock-open-demo"))
        shot("demo-unlock")
        click(words.text("app-unlock-open-demo"))
        waitForPhase("the demo vault open again") { it is Phase.Unlocked }
    }
}
