package org.senim.app.ui

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import org.senim.app.Destination
import org.senim.app.Phase
import org.senim.app.Words
import org.senim.core.RecordKind
import org.senim.core.SenimException
import org.senim.presentation.UiError

/**
 * A worker's first day, clicked through on the real library: the first-run screen, a
 * note written and found again, the settings and a duress passcode, a lock, wrong
 * passcodes until the countdown, the right one after it, and the panic wipe back to the
 * first-run screen.
 */
class FirstRunTest {
    private val code = "steppe-river-2580"

    @ParameterizedTest
    @ValueSource(strings = ["en", "ru", "kk"])
    fun `first run, a note, search, duress setup, unlock with the countdown, panic wipe`(lang: String) = clickThrough("first-run", lang) {
        waitForPhase("the first-run screen") { it is Phase.Create }
        waitFor(words.text("app-create-button"))
        // The phone's language, word for word as a Russian- or Kazakh-speaking worker reads it.
        when (lang) {
            "ru" -> waitFor("Добро пожаловать в Senim")
            "kk" -> waitFor("Senim-ге қош келдіңіз")
            else -> waitFor("Welcome to Senim")
        }
        shot("first-run")

        type(words.text("app-create-new-passcode"), code)
        type(words.text("app-create-passcode-again"), code.reversed())
        click(words.text("app-create-button"))
        waitFor(words.text("app-create-mismatch"))
        shot("first-run-mismatch")
        type(words.text("app-create-new-passcode"), code)
        type(words.text("app-create-passcode-again"), code)
        click(words.text("app-create-button"))
        waitForPhase("the vault created and open") { it is Phase.Unlocked }
        waitFor(words.text("app-records-empty"))
        shot("records-empty")

        // A note, with a place and a tag.
        click(words.text("app-records-new-note"))
        type(words.text("app-note-text"), "Three workers at the brick kiln, no contracts")
        type(words.text("app-note-place"), "Kiln road")
        type(words.text("app-note-tag"), "kiln")
        click(words.text("app-note-add-tag"))
        shot("note-editor")
        click(words.text("app-note-save"))
        waitFor(words.text("app-note-saved"))
        shot("note-saved")
        click(words.text("app-close"))
        waitFor("Three workers at the brick kiln")
        shot("records")
        val notes = vaults.vault!!.records(RecordKind.NOTE, false, 10u, null).records
        assertEquals(listOf("Three workers at the brick kiln, no contracts"), notes.mapNotNull { it.note?.text })

        type(words.text("app-records-search"), "kiln")
        ui.waitUntil("the search's answer", 10_000) { session.records.state.value.searching }
        waitFor("Three workers at the brick kiln")
        shot("search")

        // The settings, and a duress passcode that hides the records.
        click("⋮")
        click(words.text("app-settings-title"))
        waitFor(words.text("app-settings-wipe-title"))
        shot("settings")

        // The app's language, picked in the settings: the screens change at once, and the
        // choice is kept for the next start; "as on this phone" goes back to the system's.
        val other = if (lang == "kk") "ru" else "kk"
        click(Words.nativeName(other))
        waitFor(if (other == "kk") "Баптаулар" else "Настройки", substring = false)
        assertEquals(other, language.load(), "the choice is kept")
        assertEquals(other, app.words.value.tag)
        shot("settings-in-$other")
        click(Words.of(other).text("app-settings-language-system"))
        waitFor(words.text("app-settings-title"), substring = false)
        assertNull(language.load(), "as on this phone: nothing kept")
        click(words.text("app-settings-duress-button"))
        type(words.text("app-duress-current"), code)
        type(words.text("app-duress-passcode"), "lake-mountain-1357")
        type(words.text("app-duress-again"), "lake-mountain-1357")
        // No mode is chosen for the worker.
        click(words.text("app-duress-hide"))
        shot("duress")
        click(words.text("app-duress-submit"))
        waitFor(words.text("app-duress-done"), timeoutMs = 60_000)
        shot("duress-set")
        assertTrue(pressBack(), "back leaves the duress screen")
        ui.waitUntil("the settings", 5_000) { session.destination.value == Destination.Settings }
        assertTrue(pressBack(), "back leaves the settings")
        ui.waitUntil("the records", 5_000) { session.destination.value == Destination.Records }

        // Locked in the background; wrong passcodes, then the core's pause with its countdown.
        app.onBackground()
        waitForPhase("locked") { it is Phase.Locked }
        waitFor(words.text("app-unlock-button"))
        shot("unlock")
        val unlock = (app.phase.value as Phase.Locked).unlock
        repeat(3) { n ->
            type(words.text("app-unlock-passcode"), "steppe-river-000$n")
            click(words.text("app-unlock-button"))
            ui.waitUntil("the wrong passcode refused", 30_000) {
                unlock.state.value.error?.failure is SenimException.WrongPasscode && !unlock.state.value.working
            }
            // The error's sentence counts the failures itself.
            waitFor(words.format("app-error-wrong-passcode", "count" to n + 1))
            if (n == 0) shot("unlock-wrong")
        }
        type(words.text("app-unlock-passcode"), code)
        click(words.text("app-unlock-button"))
        // "Try again in 0:0…", in the run's language: the sentence for no wait, less its last "0.".
        waitFor(words.say(UiError.waitSentence(0)).dropLast(2))
        shot("unlock-countdown")
        assertFalse(unlock.state.value.unlocked, "the pause refuses even the right passcode")
        ui.waitUntil("the countdown's end", 15_000) { unlock.state.value.message == null }
        type(words.text("app-unlock-passcode"), code)
        click(words.text("app-unlock-button"))
        waitForPhase("unlocked after the pause") { it is Phase.Unlocked }
        waitFor("Three workers at the brick kiln")

        // The panic wipe from the unlock screen: no passcode, the typed word, then nothing.
        app.onBackground()
        waitForPhase("locked again") { it is Phase.Locked }
        click(words.text("app-emergency-wipe"))
        waitFor(words.text("app-wipe-title"))
        shot("panic-wipe")
        type("WIPE", "WIPE")
        click(words.text("app-wipe-now"))
        waitForPhase("the first-run screen after the wipe") { it is Phase.Create }
        waitFor(words.text("app-create-welcome"))
        shot("after-wipe")
        assertTrue(vaults.keyStore.let { it is org.senim.core.MemoryKeyStore && it.labels.isEmpty() }, "the key store's secret is gone")
    }
}
