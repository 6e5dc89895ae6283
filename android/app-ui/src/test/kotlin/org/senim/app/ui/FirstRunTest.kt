package org.senim.app.ui

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import org.senim.app.Destination
import org.senim.app.Phase
import org.senim.core.RecordKind
import org.senim.core.SenimException

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
        waitFor("Create vault")
        shot("first-run")

        type("New passcode", code)
        type("Passcode again", code.reversed())
        click("Create vault")
        waitFor("The two passcodes differ")
        shot("first-run-mismatch")
        type("New passcode", code)
        type("Passcode again", code)
        click("Create vault")
        waitForPhase("the vault created and open") { it is Phase.Unlocked }
        waitFor("No records yet.")
        shot("records-empty")

        // A note, with a place and a tag.
        click("New note")
        type("What happened", "Three workers at the brick kiln, no contracts")
        type("Place (a label, not an address)", "Kiln road")
        type("Tag", "kiln")
        click("Add")
        shot("note-editor")
        click("Save")
        waitFor("Saved")
        shot("note-saved")
        click("Close")
        waitFor("Three workers at the brick kiln")
        shot("records")
        val notes = vaults.vault!!.records(RecordKind.NOTE, false, 10u, null).records
        assertEquals(listOf("Three workers at the brick kiln, no contracts"), notes.mapNotNull { it.note?.text })

        type("Search notes", "kiln")
        ui.waitUntil("the search's answer", 10_000) { session.records.state.value.searching }
        waitFor("Three workers at the brick kiln")
        shot("search")

        // The settings, and a duress passcode that hides the records.
        click("⋮")
        click("Settings")
        waitFor("Emergency wipe")
        shot("settings")
        click("Set the duress passcode…")
        type("Your passcode", code)
        type("Duress passcode", "lake-mountain-1357")
        type("Duress passcode again", "lake-mountain-1357")
        // No mode is chosen for the worker.
        click("Hide the real records")
        shot("duress")
        click("Set the duress passcode")
        waitFor("The duress passcode is set.", timeoutMs = 60_000)
        shot("duress-set")
        assertTrue(pressBack(), "back leaves the duress screen")
        ui.waitUntil("the settings", 5_000) { session.destination.value == Destination.Settings }
        assertTrue(pressBack(), "back leaves the settings")
        ui.waitUntil("the records", 5_000) { session.destination.value == Destination.Records }

        // Locked in the background; wrong passcodes, then the core's pause with its countdown.
        app.onBackground()
        waitForPhase("locked") { it is Phase.Locked }
        waitFor("Unlock")
        shot("unlock")
        val unlock = (app.phase.value as Phase.Locked).unlock
        repeat(3) { n ->
            type("Passcode", "steppe-river-000$n")
            click("Unlock")
            ui.waitUntil("the wrong passcode refused", 30_000) {
                unlock.state.value.error?.failure is SenimException.WrongPasscode && !unlock.state.value.working
            }
            // The error's sentence counts the failures itself.
            waitFor("${n + 1} failed attempt")
            if (n == 0) shot("unlock-wrong")
        }
        type("Passcode", code)
        click("Unlock")
        waitFor("Try again in 0:0")
        shot("unlock-countdown")
        assertFalse(unlock.state.value.unlocked, "the pause refuses even the right passcode")
        ui.waitUntil("the countdown's end", 15_000) { unlock.state.value.message == null }
        type("Passcode", code)
        click("Unlock")
        waitForPhase("unlocked after the pause") { it is Phase.Unlocked }
        waitFor("Three workers at the brick kiln")

        // The panic wipe from the unlock screen: no passcode, the typed word, then nothing.
        app.onBackground()
        waitForPhase("locked again") { it is Phase.Locked }
        click("Emergency wipe…")
        waitFor("Wipe this phone's vault")
        shot("panic-wipe")
        type("WIPE", "WIPE")
        click("Wipe now")
        waitForPhase("the first-run screen after the wipe") { it is Phase.Create }
        waitFor("Welcome to Senim")
        shot("after-wipe")
        assertTrue(vaults.keyStore.let { it is org.senim.core.MemoryKeyStore && it.labels.isEmpty() }, "the key store's secret is gone")
    }
}
