package org.senim.app.ui

import androidx.compose.ui.test.SemanticsNodeInteraction
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import org.senim.app.Phase
import org.senim.app.Session

/** Brings a node of a scrolling screen into view first; one that does not scroll is left alone. */
private fun SemanticsNodeInteraction.inView(): SemanticsNodeInteraction {
    try {
        performScrollTo()
    } catch (_: AssertionError) {
        // Not in a scrolling container: already where it is drawn.
    }
    return this
}

/** Clicks the (first) clickable element showing exactly [text]. */
fun AppUnderTest.click(text: String) {
    waitFor(text, substring = false)
    ui.onAllNodes(hasText(text) and hasClickAction())[0].inView().performClick()
    ui.waitForIdle()
}

/** Types [value] into the (first) text field labelled [label]. */
fun AppUnderTest.type(label: String, value: String) {
    waitFor(label, substring = false)
    ui.onAllNodes(hasSetTextAction() and hasText(label))[0].inView().performTextInput(value)
    ui.waitForIdle()
}

/** The unlocked session (fails when the app is not unlocked). */
val AppUnderTest.session: Session
    get() = (app.phase.value as? Phase.Unlocked)?.session ?: error("not unlocked: ${app.phase.value}")

fun AppUnderTest.waitForPhase(what: String, timeoutMs: Long = 60_000, test: (Phase) -> Boolean) {
    ui.waitUntil(what, timeoutMs) { test(app.phase.value) }
    ui.waitForIdle()
}

/** Clicks the last clickable element showing exactly [text] (a dialog's, over the screen's). */
fun AppUnderTest.clickLast(text: String) {
    waitFor(text, substring = false)
    val all = ui.onAllNodes(hasText(text) and hasClickAction())
    all[all.fetchSemanticsNodes().size - 1].performClick()
    ui.waitForIdle()
}

/** Presses the system back once the screen shown has taken its handlers; false when none takes it. */
fun AppUnderTest.pressBack(): Boolean {
    ui.waitForIdle()
    val taken = back.press()
    ui.waitForIdle()
    return taken
}
