package org.senim.desktop

import androidx.compose.ui.InternalComposeUiApi
import androidx.compose.ui.input.key.Key
import androidx.compose.ui.input.key.KeyEvent
import androidx.compose.ui.input.key.KeyEventType
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class ShortcutsTest {
    /** A key event as Compose hands it to the window's handlers (its factory is marked internal). */
    @OptIn(InternalComposeUiApi::class)
    private fun key(key: Key, ctrl: Boolean = false, meta: Boolean = false, shift: Boolean = false, type: KeyEventType = KeyEventType.KeyDown) =
        KeyEvent(key, type, isCtrlPressed = ctrl, isMetaPressed = meta, isShiftPressed = shift)

    @Test
    fun `ctrl+shift+P toggles presenter mode (command on a mac), and ctrl+L locks`() {
        val kept = mutableListOf<Boolean>()
        val presenter = Presenter(on = false) { kept += it }
        var locks = 0
        val lock: () -> Unit = { locks++ }

        assertTrue(desktopShortcut(key(Key.P, ctrl = true, shift = true), presenter, lock))
        assertTrue(presenter.on.value)
        // The key's release does nothing more.
        assertFalse(desktopShortcut(key(Key.P, ctrl = true, shift = true, type = KeyEventType.KeyUp), presenter, lock))
        assertTrue(desktopShortcut(key(Key.P, meta = true, shift = true), presenter, lock))
        assertFalse(presenter.on.value)
        assertEquals(listOf(true, false), kept)

        assertTrue(desktopShortcut(key(Key.L, ctrl = true), presenter, lock))
        assertEquals(1, locks)

        // Typing goes to the screens: P, shift+P, ctrl+P, ctrl+shift+L are not shortcuts.
        for (typed in listOf(key(Key.P), key(Key.P, shift = true), key(Key.P, ctrl = true), key(Key.L, ctrl = true, shift = true), key(Key.L))) {
            assertFalse(desktopShortcut(typed, presenter, lock))
        }
        assertEquals(1, locks)
        assertFalse(presenter.on.value)
    }

    @Test
    fun `escape is the back only when a screen takes it`() {
        val back = EscapeBack()
        assertFalse(desktopBack(key(Key.Escape), back), "no screen takes back: the key is left alone")
        assertFalse(desktopBack(key(Key.A), back))
    }

    @Test
    fun `presenter mode scales the density, not only the type`() {
        val base = androidx.compose.ui.unit.Density(1.25f, fontScale = 1.1f)
        assertEquals(base, Presenter.density(base, on = false))
        val large = Presenter.density(base, on = true)
        assertEquals(1.25f * Presenter.SCALE, large.density, 0.0001f)
        assertEquals(1.1f, large.fontScale, 0.0001f)
    }
}
